"""How similar is each removed document to the one kept in its place? (SaudiNewsNet)

usage: chain_quality.py INPUT.jsonl GHIRBAL.dec.jsonl DATATROVE.dec.jsonl

For every document a tool removed, the reference word 5-gram Jaccard (reference.py, as
eval_neardup.py) to the document kept for its cluster. Union-find clusters are transitive, so a
chain of near-duplicates can join documents that are not alike; this shows how often.
"""
import collections
import json
import statistics
import sys

from reference import shingles

src, g_path, d_path = sys.argv[1:4]
text = {d["id"]: d["text"] for d in map(json.loads, open(src, encoding="utf-8"))}


def jac(a, b):
    sa, sb = shingles(text[a]), shingles(text[b])
    return len(sa & sb) / len(sa | sb) if sa | sb else 1.0


def report(name, pairs):
    js = sorted(jac(a, b) for a, b in pairs)
    if not js:
        print(f"{name}: nothing removed")
        return
    print(f"{name}: {len(js)} removed; Jaccard to the kept document: median {statistics.median(js):.2f}, "
          f"min {js[0]:.2f}, below 0.5: {sum(j < 0.5 for j in js)}, below 0.72: {sum(j < 0.72 for j in js)}")


g_pairs = [(d["id"], d["kept_id"]) for d in map(json.loads, open(g_path, encoding="utf-8")) if d["verdict"] != "keep"]
report("ghirbal", g_pairs)
clusters = collections.defaultdict(list)
for d in map(json.loads, open(d_path, encoding="utf-8")):
    if d["cluster"] != -1:
        clusters[d["cluster"]].append(d)
d_pairs = []
for members in clusters.values():
    kept = [m["id"] for m in members if not m["removed"]]
    if kept:
        d_pairs += [(m["id"], kept[0]) for m in members if m["removed"]]
report("datatrove", d_pairs)
