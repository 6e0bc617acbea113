"""Keep rate of the arabic-news filter on SaudiNewsNet and ANT, drop rate on the junk set.

usage: news_report.py WORK_DIR   (reads gh-news-*.tsv, *.jsonl and gh-news-*.speed there)
"""
import collections
import json
import os
import sys

work = sys.argv[1]


def load(name):
    texts, kinds = {}, {}
    with open(os.path.join(work, f"{name}.jsonl"), encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            texts[d["id"]] = d.get("text") or ""
            kinds[d["id"]] = d.get("kind", "")
    rows = []
    with open(os.path.join(work, f"gh-news-{name}.tsv"), encoding="utf-8") as f:
        for line in f:
            i, keep, reason, figures = line.rstrip("\n").split("\t")
            words = json.loads(figures).get("gopher_quality.non_symbol_words", 0)
            rows.append((i, keep == "1", reason, words))
    speed = open(os.path.join(work, f"gh-news-{name}.speed")).read().strip()
    return texts, kinds, rows, speed


for name in ("saudinewsnet", "ant"):
    texts, _, rows, speed = load(name)
    blank = {i for i, t in texts.items() if not t.strip()}
    n = len(rows)
    kept = sum(r[1] for r in rows)
    nb = [r for r in rows if r[0] not in blank]
    kept_nb = sum(r[1] for r in nb)
    print(f"{name}: {n} documents, kept {kept} ({100 * kept / n:.2f}%); "
          f"non-blank {len(nb)}, kept {kept_nb} ({100 * kept_nb / len(nb):.2f}%)")
    # The preset's min_doc_words (20): shorter texts are names and captions, dropped by design.
    long = [r for r in nb if r[3] >= 20]
    kept_long = sum(r[1] for r in long)
    print(f"  texts of 20+ non-symbol words: {len(long)}, kept {kept_long} "
          f"({100 * kept_long / len(long):.2f}%); under 20 words: {len(nb) - len(long)}")
    for r, c in collections.Counter(r for i, k, r, _ in nb if not k).most_common(14):
        ex = next(i for i, k, rr, _ in nb if rr == r)
        print(f"    {c:6d}  {r}   e.g. {ex}: {texts[ex][:70]!r}")
    print(f"    speed: {speed}")

texts, kinds, rows, speed = load("junk")
by = collections.defaultdict(lambda: [0, 0])
reasons = collections.defaultdict(collections.Counter)
for i, k, r, _ in rows:
    by[kinds[i]][0] += 1
    by[kinds[i]][1] += not k
    reasons[kinds[i]][r or "keep"] += 1
total = sum(v[0] for v in by.values())
dropped = sum(v[1] for v in by.values())
print(f"\njunk: {total} documents, dropped {dropped} ({100 * dropped / total:.2f}%)")
for kind, (n, d) in sorted(by.items()):
    print(f"  {kind:15s} {n:4d} dropped {d:4d} ({100 * d / n:.1f}%)  {dict(reasons[kind].most_common(4))}")
kept_examples = [(i, texts[i]) for i, k, _, _ in rows if k][:6]
for i, t in kept_examples:
    print(f"  kept: {i}: {t[:100]!r}")
