"""Scores ghirbal's and datatrove's near-dup clusters on a labelled set, side by side.

usage: eval_neardup.py SET.jsonl GHIRBAL.dec.jsonl DATATROVE.dec.jsonl --threshold T [--name NAME]

SET is from make_neardup_set.py ({id, text, family, kind, rate}); the first record of each
family is its original ("original" or "orig"). Pairs scored: every (copy, original) pair, plus
every pair of records from different families that either tool put in one cluster. A pair is
predicted a duplicate when the tool put both in one cluster.

Two truths:
- "jaccard": the pair's word 5-gram Jaccard >= T, on the reference tokenisation of reference.py
  (NFKC, lower case, Arabic marks and tatweel removed, alef/yeh/teh marbuta folded, digits to
  ASCII, `\\w+` tokens).
- "labels" (by construction): ANT copies with word-edit rate <= 3 %, reordered paragraphs or added
  boilerplate are duplicates, rates >= 8 % are not, 5 % is left out; Clough-Stevenson `cut`
  answers are duplicates of their source, `heavy` and `non` are not, `light` is left out.
  Cross-family pairs use the jaccard truth.
Prints one JSON line per tool and truth, and a detection table by kind and rate.
"""
import argparse
import collections
import json

from reference import shingles

ap = argparse.ArgumentParser()
ap.add_argument("set")
ap.add_argument("ghirbal")
ap.add_argument("datatrove")
ap.add_argument("--threshold", type=float, required=True)
ap.add_argument("--name", default="set")
args = ap.parse_args()

docs = [json.loads(l) for l in open(args.set, encoding="utf-8")]
by_id = {d["id"]: d for d in docs}
orig_of = {}
for d in docs:
    if d["kind"] in ("original", "orig"):
        orig_of[d["family"]] = d["id"]

_sh = {}


def shingles_of_id(i):
    if i not in _sh:
        _sh[i] = shingles(by_id[i]["text"])
    return _sh[i]


def jac(a, b):
    sa, sb = shingles_of_id(a), shingles_of_id(b)
    u = len(sa | sb)
    return len(sa & sb) / u if u else 0.0


def clusters_ghirbal(path):
    c = {}
    for d in map(json.loads, open(path, encoding="utf-8")):
        c[d["id"]] = d["id"] if d["verdict"] == "keep" else d["kept_id"]
    return c


def clusters_datatrove(path):
    c = {}
    for d in map(json.loads, open(path, encoding="utf-8")):
        c[d["id"]] = f"dt{d['cluster']}" if d["cluster"] != -1 else d["id"]
    return c


tools = {"ghirbal": clusters_ghirbal(args.ghirbal), "datatrove": clusters_datatrove(args.datatrove)}
for name, c in tools.items():
    for d in docs:  # records a tool never saw (empty texts) are alone
        c.setdefault(d["id"], d["id"])

pairs = {(d["id"], orig_of[d["family"]]) for d in docs if d["id"] != orig_of[d["family"]]}
for c in tools.values():
    members = collections.defaultdict(list)
    for i, r in c.items():
        members[r].append(i)
    for m in members.values():
        if len(m) < 2:
            continue
        m = sorted(m)[:300]
        for x in range(len(m)):
            for y in range(x + 1, len(m)):
                if by_id[m[x]]["family"] != by_id[m[y]]["family"]:
                    pairs.add((m[x], m[y]))


def label_truth(a, b):
    da, db = by_id[a], by_id[b]
    if da["family"] != db["family"]:
        return jac(a, b) >= args.threshold
    copy = da if da["kind"] not in ("original", "orig") else db
    if copy["kind"] in ("reorder", "boilerplate"):
        return True
    if copy["kind"] == "words":
        if copy["rate"] <= 0.03:
            return True
        if copy["rate"] >= 0.08:
            return False
        return None
    return {"cut": True, "heavy": False, "non": False}.get(copy["kind"])


truths = {
    "jaccard": {p: jac(*p) >= args.threshold for p in pairs},
    "labels": {p: label_truth(*p) for p in pairs},
}
for tname, truth in truths.items():
    for name, c in tools.items():
        tp = fp = fn = 0
        for p, t in truth.items():
            if t is None:
                continue
            pred = c[p[0]] == c[p[1]]
            tp += pred and t
            fp += pred and not t
            fn += (not pred) and t
        prec = tp / (tp + fp) if tp + fp else 1.0
        rec = tp / (tp + fn) if tp + fn else 1.0
        cross = sum(1 for p in pairs if by_id[p[0]]["family"] != by_id[p[1]]["family"] and c[p[0]] == c[p[1]])
        print(json.dumps({"set": args.name, "truth": tname, "tool": name, "threshold": args.threshold,
                          "precision": round(prec, 4), "recall": round(rec, 4),
                          "f1": round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0,
                          "tp": tp, "fp": fp, "fn": fn, "cross_family_pairs_merged": cross}))

# Detection by kind/rate: share of copies in the same cluster as their original.
rows = collections.defaultdict(lambda: [0, 0, 0, 0.0])
for d in docs:
    if d["kind"] in ("original", "orig"):
        continue
    key = f"{d['kind']}" + (f" {d['rate']:.2f}" if d["kind"] == "words" else "")
    o = orig_of[d["family"]]
    r = rows[key]
    r[0] += 1
    r[1] += tools["ghirbal"][d["id"]] == tools["ghirbal"][o]
    r[2] += tools["datatrove"][d["id"]] == tools["datatrove"][o]
    r[3] += jac(d["id"], o)
print(f"| {args.name}: copies | n | mean ref. Jaccard | ghirbal found | datatrove found |")
print("|---|---:|---:|---:|---:|")
for key in sorted(rows):
    n, g, t, j = rows[key]
    print(f"| {key} | {n} | {j / n:.3f} | {g / n:.3f} | {t / n:.3f} |")
