"""Builds the labelled near-duplicate sets the dedup bench scores against.

usage: make_neardup_set.py OUTDIR [--originals 1500] [--seed 1]

ANT (../shared/data/arabic/ant-multisource): originals are real articles of 120+ words with a
unique text; each gets edited copies, written after all originals:
- word edits at rates 1, 2, 3, 5, 8, 12, 20 % (each word, with that probability, is replaced by
  a random corpus word, has a corpus word inserted after it, or is deleted: a third each);
- paragraph reordering (two paragraphs swapped) plus 1 % word edits;
- 2 boilerplate lines added at the end (news-site furniture) plus 1 % word edits.
Writes ant_neardup.jsonl ({id, text, family, kind, rate}) and ant_pairs.jsonl ({a, b, kind,
rate}: each copy with its original, for the detection-vs-Jaccard plot).

Clough-Stevenson (../shared/data/neardup): the 5 Wikipedia sources first, then the 95 answers
(decoded as UTF-8, else Windows-1252); writes cs.jsonl ({id, text, family = task, kind =
category or "orig"}).
"""
import argparse
import csv
import io
import json
import os
import random
import subprocess

ap = argparse.ArgumentParser()
ap.add_argument("outdir")
ap.add_argument("--originals", type=int, default=1500)
ap.add_argument("--seed", type=int, default=1)
args = ap.parse_args()
data = os.environ.get("GHIRBAL_DATA", os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data"))
os.makedirs(args.outdir, exist_ok=True)
rng = random.Random(args.seed)

raw = subprocess.run(["zstd", "-dc", os.path.join(data, "arabic", "ant-multisource", "ant.jsonl.zst")],
                     check=True, capture_output=True).stdout.decode("utf-8")
ant = [json.loads(l) for l in raw.split("\n") if l.strip()]
seen, pool = set(), []
for d in ant:
    key = " ".join(d["text"].split())
    if key in seen or len(key.split()) < 120:
        continue
    seen.add(key)
    pool.append(d)
originals = rng.sample(pool, args.originals)
vocab = [w for d in rng.sample(pool, 2000) for w in d["text"].split()]
BOILERPLATE = [
    "تابعونا على تويتر وفيسبوك للحصول على آخر الأخبار",
    "جميع الحقوق محفوظة للموقع 2018",
    "اقرأ أيضا: أخبار ذات صلة",
    "شارك هذا الخبر مع أصدقائك",
    "للاشتراك في النشرة البريدية اضغط هنا",
    "المصدر: وكالات",
]
RATES = [0.01, 0.02, 0.03, 0.05, 0.08, 0.12, 0.20]


def edit_words(text, rate):
    out_lines = []
    for line in text.split("\n"):
        words = []
        for w in line.split(" "):
            if w and rng.random() < rate:
                op = rng.randrange(3)
                if op == 0:
                    words.append(rng.choice(vocab))
                elif op == 1:
                    words += [w, rng.choice(vocab)]
                # op == 2: deleted
            else:
                words.append(w)
        out_lines.append(" ".join(words))
    return "\n".join(out_lines)


def reorder(text):
    paras = [p for p in text.split("\n") if p.strip()]
    if len(paras) >= 2:
        i, j = rng.sample(range(len(paras)), 2)
        paras[i], paras[j] = paras[j], paras[i]
    return "\n".join(paras)


docs, copies = [], []
for f, d in enumerate(originals):
    docs.append({"id": f"o{f}", "text": d["text"], "family": f, "kind": "original", "rate": 0})
    for r in RATES:
        copies.append({"id": f"c{f}-words-{r}", "text": edit_words(d["text"], r), "family": f, "kind": "words", "rate": r})
    copies.append({"id": f"c{f}-reorder", "text": edit_words(reorder(d["text"]), 0.01), "family": f, "kind": "reorder", "rate": 0.01})
    copies.append({"id": f"c{f}-boiler", "text": edit_words(d["text"], 0.01) + "\n" + "\n".join(rng.sample(BOILERPLATE, 2)),
                   "family": f, "kind": "boilerplate", "rate": 0.01})
rng.shuffle(copies)
with open(os.path.join(args.outdir, "ant_neardup.jsonl"), "w", encoding="utf-8") as out:
    for d in docs + copies:
        out.write(json.dumps(d, ensure_ascii=False) + "\n")
by_id = {d["id"]: d for d in docs}
with open(os.path.join(args.outdir, "ant_pairs.jsonl"), "w", encoding="utf-8") as out:
    for c in copies:
        out.write(json.dumps({"a": by_id[f"o{c['family']}"]["text"], "b": c["text"], "kind": c["kind"], "rate": c["rate"]},
                             ensure_ascii=False) + "\n")

cs_dir = os.path.join(data, "neardup", "clough-stevenson")
labels = list(csv.DictReader(open(os.path.join(data, "neardup", "clough-stevenson-labels.csv"), encoding="utf-8")))


def read_text(path):
    b = open(path, "rb").read()
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        return b.decode("cp1252")


with open(os.path.join(args.outdir, "cs.jsonl"), "w", encoding="utf-8") as out:
    for t in "abcde":
        out.write(json.dumps({"id": f"orig_task{t}", "text": read_text(os.path.join(cs_dir, f"orig_task{t}.txt")),
                              "family": t, "kind": "orig"}) + "\n")
    for row in labels:
        name = row["File"]
        out.write(json.dumps({"id": name.rsplit(".", 1)[0], "text": read_text(os.path.join(cs_dir, name)),
                              "family": row["Task"], "kind": row["Category"]}) + "\n")
print(f"ANT: {len(docs)} originals + {len(copies)} copies; Clough-Stevenson: 5 sources + {len(labels)} answers")
