"""Runs datatrove 0.10.1's four MinHash stages (signatures, buckets, clusters, filter) on one
JSONL file, in this process, one task, and writes one line per document it saw:
{"id", "removed", "cluster"} (cluster = datatrove's cluster id, -1 when in no cluster).

The config is MinhashConfig's defaults (5-grams, 14 x 8, seed 1, 64-bit xxhash) unless
--buckets/--rows/--seed say otherwise. datatrove's JsonlReader silently drops empty texts: those ids
never appear in the output. Prints one JSON line with CPU seconds per stage.

usage: datatrove_minhash.py INPUT.jsonl WORKDIR OUTPUT.jsonl [--lang arb_Arab|eng_Latn]
       [--buckets 14] [--rows 8] [--seed 1]
"""
import argparse
import gzip
import json
import os
import resource
import shutil
import time

from datatrove.pipeline.dedup import MinhashDedupBuckets, MinhashDedupCluster, MinhashDedupFilter, MinhashDedupSignature
from datatrove.pipeline.dedup.minhash import MinhashConfig
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter
from datatrove.utils.hashing import HashConfig

ap = argparse.ArgumentParser()
ap.add_argument("input")
ap.add_argument("workdir")
ap.add_argument("output")
ap.add_argument("--lang", default="arb_Arab")
ap.add_argument("--buckets", type=int, default=14)
ap.add_argument("--rows", type=int, default=8)
ap.add_argument("--seed", type=int, default=1)
args = ap.parse_args()

shutil.rmtree(args.workdir, ignore_errors=True)
os.makedirs(args.workdir)
cfg = MinhashConfig(hash_config=HashConfig(precision=64), num_buckets=args.buckets, hashes_per_bucket=args.rows, n_grams=5, seed=args.seed)
src_dir, src_glob = os.path.dirname(os.path.abspath(args.input)), os.path.basename(args.input)


def reader():
    return JsonlReader(src_dir, glob_pattern=src_glob, id_key="id", text_key="text")


def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def drain(step, data=None):
    out = step(data, 0, 1)
    if out is not None:
        for _ in out:
            pass


sig_dir, buckets_dir, clusters_dir = (os.path.join(args.workdir, d) for d in ("sigs", "buckets", "clusters"))
kept_dir, removed_dir = os.path.join(args.workdir, "kept"), os.path.join(args.workdir, "removed")
times = {}
docs = 0

# Load spaCy etc. before timing, as the one-off cost is not per document.
sig_step = MinhashDedupSignature(output_folder=sig_dir, config=cfg, language=args.lang)
sig_step.word_tokenizer.word_tokenize("warm up")

t = cpu()
w = time.perf_counter()
drain(sig_step.run, reader().run())
times["1_signatures"] = cpu() - t

t = cpu()
buckets_step = MinhashDedupBuckets(input_folder=sig_dir, output_folder=buckets_dir, config=cfg)
# The bucket stage runs one task per bucket (its world size must be a multiple of num_buckets).
for rank in range(cfg.num_buckets):
    out = buckets_step.run(None, rank, cfg.num_buckets)
    if out is not None:
        for _ in out:
            pass
times["2_buckets"] = cpu() - t

t = cpu()
drain(MinhashDedupCluster(input_folder=buckets_dir, output_folder=clusters_dir, config=cfg, save_cluster_id=True).run, None)
times["3_clusters"] = cpu() - t

t = cpu()
filt = MinhashDedupFilter(input_folder=clusters_dir, exclusion_writer=JsonlWriter(removed_dir, compression=None), load_cluster_ids=True)
kept_writer = JsonlWriter(kept_dir, compression=None)
with kept_writer:
    for doc in filt.run(reader().run(), 0, 1):
        kept_writer.write(doc, 0)
times["4_filter"] = cpu() - t
wall = time.perf_counter() - w

with open(args.output, "w", encoding="utf-8") as out:
    for folder, removed in ((kept_dir, False), (removed_dir, True)):
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                for line in f:
                    d = json.loads(line)
                    docs += 1
                    out.write(json.dumps({"id": d["id"], "removed": removed, "cluster": d.get("metadata", {}).get("minhash_cluster_id", -1)}) + "\n")

total = sum(times.values())
print(json.dumps({"tool": "datatrove", "docs": docs, "cpu_s": round(total, 3), "wall_s": round(wall, 3),
                  "docs_per_cpu_s": round(docs / total, 1) if total else None,
                  "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                  "stages_cpu_s": {k: round(v, 3) for k, v in times.items()}}))
