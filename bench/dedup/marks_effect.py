"""What making clause marks shingle tokens (`shingle_marks = true`) does to real duplicates.

usage: marks_effect.py INPUT.jsonl WORDS.dec.jsonl MARKS.dec.jsonl

WORDS and MARKS are `dedup_jsonl run --out` decisions on the same input, without and with
`shingle_marks`. For each record that WORDS drops as `dedup:near` and MARKS keeps, it computes
the word 5-gram Jaccard to the record WORDS kept for it, twice: on words only (`\\w+`) and on
words plus clause marks (`. , ; : ! ?` and Arabic `، ؛ ؟`, Arabic folded onto Latin), after the
folding of reference.py (as eval_neardup.py). Prints the counts, the share of those pairs whose
word-only Jaccard is >= 0.72, how many of them differ in their clause marks, and one example.
"""
import json
import re
import statistics
import sys

from reference import norm, shingles_of as shingles

src, words_dec, marks_dec = sys.argv[1:4]
texts = {}
for i, line in enumerate(open(src, encoding="utf-8")):
    if line.strip():
        d = json.loads(line)
        texts[d.get("id") or f"line{i + 1}"] = d["text"]


def jac(a, b):
    u = len(a | b)
    return len(a & b) / u if u else 0.0


words = [json.loads(l) for l in open(words_dec, encoding="utf-8")]
marks = {d["id"]: d for d in map(json.loads, open(marks_dec, encoding="utf-8"))}
count = lambda dec, v: sum(1 for d in dec if d["verdict"] == v)
print(f"dedup:near without marks {count(words, 'dedup:near')}, with marks {count(marks.values(), 'dedup:near')}")
lost = [d for d in words if d["verdict"] == "dedup:near" and marks[d["id"]]["verdict"] == "keep"]
gained = [d for d in words if d["verdict"] == "keep" and marks[d["id"]]["verdict"] == "dedup:near"]
rows = []
for d in lost:
    a, b = norm(texts[d["id"]]), norm(texts[d["kept_id"]])
    jw = jac(shingles(re.findall(r"\w+", a)), shingles(re.findall(r"\w+", b)))
    jm = jac(shingles(re.findall(r"\w+|[.,;:!?]", a)), shingles(re.findall(r"\w+|[.,;:!?]", b)))
    marks_differ = re.findall(r"[.,;:!?]", a) != re.findall(r"[.,;:!?]", b)
    rows.append((jw, jm, marks_differ, d))
print(f"dropped without marks, kept with them: {len(lost)}; the other way: {len(gained)}")
if rows:
    high = [r for r in rows if r[0] >= 0.72]
    print(f"of the {len(lost)}: word-only Jaccard to the kept record >= 0.72: {len(high)} "
          f"(median {statistics.median(r[0] for r in rows):.2f}); with marks as tokens the median is "
          f"{statistics.median(r[1] for r in rows):.2f}; clause marks differ in {sum(r[2] for r in high)} of the {len(high)}")
    jw, jm, _, d = max(high or rows, key=lambda r: r[0] - r[1])
    print(f"example: {d['id']} vs {d['kept_id']}: word-only Jaccard {jw:.2f}, with marks {jm:.2f}")
    print("  A:", texts[d["id"]].strip()[:300].replace("\n", " / "))
    print("  B:", texts[d["kept_id"]].strip()[:300].replace("\n", " / "))
