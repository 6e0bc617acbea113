"""ghirbal.ray against the command line on the same input, same run (bench/ray.sh runs it).

Cuts SaudiNewsNet into PARTS zstd JSONL files (one record-stage task each), then, alternating
in each round: `ghirbal run --threads 1` and `--threads 2`, and ghirbal.ray.run on a fresh
local Ray with 1 and 2 CPUs (each in its own process, started here). CPU seconds: the CLI's
from its rusage; Ray's as the CPU its processes (driver, raylet, GCS, workers) spent from the
end of ray.init to the end of the run, read from /proc, with Ray's start-up reported apart.
Checks that every Ray output is byte-identical to the CLI's, and reports the bytes each step
moves per record.
"""

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RAY_RUN = r'''
import json, os, sys, time
from pathlib import Path

def tree_cpu(root):
    """CPU seconds (user+system, with reaped children) of root and every descendant."""
    tick = os.sysconf("SC_CLK_TCK")
    kids, stat = {}, {}
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            s = open(f"/proc/{p}/stat").read()
        except OSError:
            continue
        f = s[s.rindex(")") + 2:].split()
        kids.setdefault(int(f[1]), []).append(int(p))
        stat[int(p)] = sum(int(x) for x in f[11:15]) / tick
    total, todo = {}, [root]
    while todo:
        p = todo.pop()
        total[p] = stat.get(p, 0.0)
        todo.extend(kids.get(p, []))
    return total

def machine_cpu():
    """CPU seconds the whole machine spent (user, nice, system; /proc/stat)."""
    return sum(map(int, open("/proc/stat").readline().split()[1:4])) / os.sysconf("SC_CLK_TCK")

cpus, out = int(sys.argv[1]), sys.argv[2]
inputs = sys.argv[3:]
os.environ["RAY_AUTH_MODE"] = "disabled"
t0 = time.monotonic()
import ray, ghirbal.ray
ray.init(num_cpus=cpus, include_dashboard=False, _node_ip_address="127.0.0.1",
         object_store_memory=80 * 1024 * 1024, log_to_driver=False)
start_cpu = tree_cpu(os.getpid())
machine0 = machine_cpu()
t1 = time.monotonic()
stats = ghirbal.ray.run(inputs, out, progress=False)
t2 = time.monotonic()
end_cpu = tree_cpu(os.getpid())
machine = machine_cpu() - machine0
run_cpu = sum(end_cpu[p] - start_cpu.get(p, 0.0) for p in end_cpu)
print(json.dumps({"wall": t2 - t1, "cpu": run_cpu, "init_wall": t1 - t0,
                  "init_cpu": sum(start_cpu.values()), "machine_cpu": machine,
                  "stats": stats}))
ray.shutdown()
'''


def machine_cpu() -> float:
    """CPU seconds the whole machine spent (user, nice, system; /proc/stat)."""
    with open("/proc/stat") as f:
        return sum(map(int, f.readline().split()[1:4])) / os.sysconf("SC_CLK_TCK")


def cut(snn: Path, parts: int, limit: int, folder: Path) -> list:
    import zstandard

    lines = []
    with open(snn, "rb") as f:
        reader = zstandard.ZstdDecompressor().stream_reader(f)
        data = reader.read().decode("utf-8")
    lines = data.splitlines(keepends=True)
    if limit:
        lines = lines[:limit]
    per = -(-len(lines) // parts)
    paths = []
    for i in range(parts):
        p = folder / f"snn-{i:02}.jsonl.zst"
        p.write_bytes(zstandard.ZstdCompressor(level=3).compress(
            "".join(lines[i * per:(i + 1) * per]).encode()))
        paths.append(p)
    return paths, len(lines)


def outputs(out: Path) -> dict:
    return {f"{d}/{f.name}": f.read_bytes() for d in ("kept", "rejects")
            for f in sorted((out / d).iterdir())}


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--bin", required=True)
    a.add_argument("--snn", required=True)
    a.add_argument("--rounds", type=int, default=2)
    a.add_argument("--parts", type=int, default=8)
    a.add_argument("--limit", type=int, default=0)
    a.add_argument("--profile", default="release")
    args = a.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ghirbal-bench-ray-"))
    try:
        inputs, n = cut(Path(args.snn), args.parts, args.limit, work)
        results = {k: [] for k in ("cli-1", "cli-2", "ray-1", "ray-2")}
        reference = None
        last = {}
        for r in range(args.rounds):
            for threads in (1, 2):
                out = work / f"cli-{threads}"
                shutil.rmtree(out, ignore_errors=True)
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                machine0 = machine_cpu()
                t = time.monotonic()
                subprocess.run([args.bin, "run", *map(str, inputs), "-o", str(out), "--quiet",
                                "--threads", str(threads)], check=True)
                wall = time.monotonic() - t
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
                results[f"cli-{threads}"].append({"wall": wall, "cpu": cpu,
                                                  "machine_cpu": machine_cpu() - machine0})
                if reference is None:
                    reference = outputs(out)
                    last["cli"] = json.loads((out / "stats.json").read_text())
            for cpus in (1, 2):
                out = work / f"ray-{cpus}"
                shutil.rmtree(out, ignore_errors=True)
                done = subprocess.run([sys.executable, "-c", RAY_RUN, str(cpus), str(out),
                                       *map(str, inputs)], check=True, capture_output=True,
                                      text=True)
                m = json.loads(done.stdout.strip().splitlines()[-1])
                assert outputs(out) == reference, f"ray-{cpus}: output differs from the CLI's"
                results[f"ray-{cpus}"].append(m)
                last[f"ray-{cpus}"] = m["stats"]
        med = {k: {f: statistics.median(x[f] for x in v) for f in ("wall", "cpu", "machine_cpu")}
               for k, v in results.items()}
        init = {k: statistics.median(x["init_cpu"] for x in results[k]) for k in ("ray-1", "ray-2")}
        print(f"# bench/ray.sh: SaudiNewsNet, {n} records in {args.parts} parts, profile "
              f"{args.profile}, {args.rounds} rounds alternating, medians; load "
              f"{os.getloadavg()[0]:.1f}")
        # "CPU s" is the process tree's (the CLI's rusage; Ray's driver and descendants from
        # /proc), which misses Ray worker processes that leave the tree; "machine CPU s" is the
        # whole machine's from /proc/stat, which is the run's own only on an otherwise idle
        # machine (the load printed above says whether it was).
        print("| run | wall s | CPU s (process tree) | machine CPU s | records/CPU-s (machine) |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for k in ("cli-1", "cli-2", "ray-1", "ray-2"):
            print(f"| {k} | {med[k]['wall']:.2f} | {med[k]['cpu']:.2f} | {med[k]['machine_cpu']:.2f} | "
                  f"{n / med[k]['machine_cpu']:,.0f} |")
        print()
        for c in (1, 2):
            r, l = med[f"ray-{c}"], med[f"cli-{c}"]
            print(f"Ray {c} CPU / CLI {c} thread(s): CPU {r['cpu'] / l['cpu']:.2f}x by process tree, "
                  f"{r['machine_cpu'] / l['machine_cpu']:.2f}x by machine; "
                  f"wall {r['wall'] / l['wall']:.2f}x (ray.init apart: {init[f'ray-{c}']:.2f} CPU-s)")
        print(f"scaling 1 -> 2 CPUs (wall): Ray {med['ray-1']['wall'] / med['ray-2']['wall']:.2f}x, "
              f"CLI {med['cli-1']['wall'] / med['cli-2']['wall']:.2f}x")
        s = last["ray-2"]
        ray = s["ray"]
        print(f"outputs byte-identical to the CLI's: yes ({len(reference)} files)")
        print(f"record stages -> corpus task (spools): {ray['spool_bytes']:,} B for "
              f"{ray['spool_records']:,} records = {ray['spool_bytes'] / ray['spool_records']:.0f} B/record")
        records = ray["spool_records"]
        for step, v in ray.get("steps", {}).items():
            print(f"{step}: {v['tasks']} tasks, wrote {v['bytes_written']:,} B = "
                  f"{v['bytes_written'] / records:.1f} B/record, {v['seconds']:.2f} task-s "
                  f"({ray['partitions']} partitions)")
        for stage in ("clean.site", "dedup"):
            ix = s["stages"].get(stage, {}).get("index", {})
            print(f"{stage} index: {json.dumps(ix)}")
        print(f"input: {sum(p.stat().st_size for p in inputs):,} B = "
              f"{sum(p.stat().st_size for p in inputs) / n:.0f} B/record compressed")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
