"""The bytes each step of a partitioned ghirbal.ray run writes per record, on SaudiNewsNet cut
into PARTS zstd JSONL files, on a local Ray with 2 CPUs; and the output checked byte for byte
against `ghirbal run` (BIN) on the same files.

usage: python bench/ray/steps.py --bin BIN --snn SNN [--parts 8] [--partitions 3]
(run with a venv holding the ghirbal wheel and Ray, e.g. scripts/test.sh's)
"""

import argparse
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

# The cutting of SaudiNewsNet into parts and the byte-for-byte comparison are measure.py's.
from measure import cut, outputs


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--bin", required=True)
    a.add_argument("--snn", required=True)
    a.add_argument("--parts", type=int, default=8)
    a.add_argument("--partitions", type=int, default=3)
    args = a.parse_args()
    os.environ["RAY_AUTH_MODE"] = "disabled"
    work = Path(tempfile.mkdtemp(prefix="ghirbal-ray-steps-"))
    try:
        inputs, _ = cut(Path(args.snn), args.parts, 0, work)
        import ray

        import ghirbal.ray

        ray.init(num_cpus=2, include_dashboard=False, _node_ip_address="127.0.0.1",
                 object_store_memory=80 * 1024 * 1024, log_to_driver=False)
        t = time.monotonic()
        stats = ghirbal.ray.run(inputs, work / "ray", partitions=args.partitions,
                                progress=False)
        wall = time.monotonic() - t
        ray.shutdown()
        r = stats["ray"]
        n = r["spool_records"]
        print(f"{n} records in {args.parts} parts, {r['partitions']} partitions, wall "
              f"{wall:.1f} s, spools {r['spool_bytes'] / n:.0f} B/record")
        for step, v in r["steps"].items():
            print(f"{step}: {v['tasks']} tasks, wrote {v['bytes_written']:,} B = "
                  f"{v['bytes_written'] / n:.1f} B/record, {v['seconds']:.2f} task-s")
        for stage in ("clean.site", "dedup"):
            print(stage, json.dumps(stats["stages"][stage]["index"]))
        subprocess.run([args.bin, "run", *map(str, inputs), "-o", str(work / "cli"), "--quiet"],
                       check=True)
        same = outputs(work / "ray") == outputs(work / "cli")
        print(f"kept/ and rejects/ byte-identical to ghirbal run: {'yes' if same else 'NO'}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
