"""One large file cut into record-stage tasks: each reading only its byte range against each
reading the whole file (ghirbal.ray's test-only ``whole_read``, what ``split=`` did before byte
ranges), on a fresh local Ray per run, alternating in each round.

usage: python bench/ray/split.py FILE [--cpus 2] [--split 2] [--rounds 2] [--only STAGES]

Reports per mode: wall seconds of ghirbal.ray.run (after ray.init), the wall seconds of the
slowest record-stage task, the input bytes each task read, and checks that both outputs are
byte-identical.
"""

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

RUN = r'''
import json, os, sys, time
os.environ["RAY_AUTH_MODE"] = "disabled"
import ray, ghirbal.ray
cpus, split, whole, out, path, only = (int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "1",
                                      sys.argv[4], sys.argv[5], sys.argv[6])
ray.init(num_cpus=cpus, include_dashboard=False, _node_ip_address="127.0.0.1",
         object_store_memory=80 * 1024 * 1024, log_to_driver=False)
t = time.monotonic()
stats = ghirbal.ray.run([path], out, split=split, progress=False, only=only,
                        _test={"whole_read": True} if whole else {})
print(json.dumps({"wall": time.monotonic() - t, "split": stats["ray"]["split"]}))
ray.shutdown()
'''


def digest(out: Path) -> str:
    h = hashlib.sha256()
    for sub in ("kept", "rejects"):
        for f in sorted((out / sub).iterdir()):
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--cpus", type=int, default=2)
    ap.add_argument("--split", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--only", default="", help="stages to run (ghirbal run --only); all by default")
    args = ap.parse_args()
    size = os.path.getsize(args.file)
    results = {"byte range": [], "whole read": []}
    digests = set()
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            for mode in results:
                out = Path(tmp) / f"{mode.replace(' ', '-')}-{r}"
                text = subprocess.run(
                    [sys.executable, "-c", RUN, str(args.cpus), str(args.split),
                     "1" if mode == "whole read" else "0", str(out), args.file, args.only],
                    check=True, capture_output=True, text=True,
                ).stdout
                got = json.loads(text.strip().splitlines()[-1])
                results[mode].append(got)
                digests.add(digest(out))
                print(f"round {r} {mode}: {got['wall']:.2f} s, "
                      f"slowest task {got['split'].get('max_part_seconds', 0):.2f} s, "
                      f"bytes read {got['split']['input_bytes_read']:,} "
                      f"(at most {got['split']['max_part_bytes']:,} by one task)", flush=True)
    print(f"file: {args.file}, {size:,} bytes; split {args.split} on {args.cpus} CPUs, "
          f"stages: {args.only or 'all'}; {args.rounds} rounds (medians)")
    for mode, runs in results.items():
        wall = statistics.median(g["wall"] for g in runs)
        slow = statistics.median(g["split"].get("max_part_seconds", 0) for g in runs)
        read = runs[-1]["split"]
        print(f"{mode:10}: run {wall:.2f} s wall, slowest record task {slow:.2f} s, "
              f"read {read['input_bytes_read']:,} bytes in all, at most "
              f"{read['max_part_bytes']:,} by one task")
    print("outputs byte-identical:", len(digests) == 1)
    return 0 if len(digests) == 1 else 1


if __name__ == "__main__":
    sys.exit(main())
