#!/usr/bin/env bash
# Reading from object storage against reading from local disk, in the same run, and memory
# while streaming a multi-GB object.
#
# 1. SaudiNewsNet (31,030 articles, `content` renamed `text`) cut in 4 zstd parts, read with
#    `ghirbal run --preset minimal --threads 2` from a local folder and from a moto S3 server on
#    127.0.0.1, alternately, 3 rounds; prints best wall time of each and remote / local.
# 2. A GIB-GiB JSONL object made on the fly by bench/remote/synth_server.py, read over HTTP:
#    prints throughput and the peak RSS the run reports (stats.json run.peak_rss_bytes).
#
#   bench/remote.sh [GIB]        (default 2)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
gib=${1:-2}
data="$repo/../shared/data/arabic/saudinewsnet/saudinewsnet.jsonl.zst"
[ -f "$data" ] || { echo "skipped: $data not found"; exit 0; }
work="$repo/bench/work/remote"
mkdir -p "$work"
command -v zstd >/dev/null || { apt-get update -qq && apt-get install -y -qq zstd >/dev/null; }

venv="$work/venv"
if [ ! -x "$venv/bin/moto_server" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$repo/scripts/requirements/remote.txt"
fi
py="$venv/bin/python"

(cd "$repo" && cargo build --release -q -p ghirbal-cli)
bin="${CARGO_TARGET_DIR:-$repo/target}/release/ghirbal"

snn="$work/snn"
if [ ! -f "$snn/part-3.jsonl.zst" ]; then
  mkdir -p "$snn"
  zstd -dc "$data" | "$py" -c '
import json, sys
lines = [json.dumps({("text" if k == "content" else k): v for k, v in json.loads(l).items()}, ensure_ascii=False) for l in sys.stdin]
n = (len(lines) + 3) // 4
for p in range(4):
    open(sys.argv[1] + f"/part-{p}.jsonl", "w").write("\n".join(lines[p * n:(p + 1) * n]) + "\n")
' "$snn"
  for f in "$snn"/part-*.jsonl; do zstd -q -3 --rm "$f"; done
fi

port=$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$venv/bin/moto_server" -H 127.0.0.1 -p "$port" > "$work/moto.log" 2>&1 &
moto=$!
synth=""
trap 'kill $moto $synth 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  "$py" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/moto-api/')" 2>/dev/null && break
  sleep 0.1
done
export AWS_ENDPOINT_URL="http://127.0.0.1:$port" AWS_REGION=us-east-1
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench-secret
"$py" "$repo/scripts/remote/moto_setup.py" "$AWS_ENDPOINT_URL" bench
"$py" - "$snn" <<'PY'
import os, sys, boto3
s3 = boto3.client("s3", endpoint_url=os.environ["AWS_ENDPOINT_URL"], region_name="us-east-1")
for f in sorted(os.listdir(sys.argv[1])):
    s3.upload_file(os.path.join(sys.argv[1], f), "bench", "snn/" + f)
PY

run() { /usr/bin/time -f "%e %U %S %M" "$bin" run --quiet --overwrite --preset minimal --threads 2 "$@" 2>&1 >/dev/null | tail -1; }
results="$work/results.txt"
: > "$results"
for round in 1 2 3; do
  echo "local $(run "$snn" -o "$work/out-local")" >> "$results"
  echo "s3 $(run s3://bench/snn/ -o "$work/out-s3")" >> "$results"
done
"$py" - "$results" "$work/out-local/stats.json" "$work/out-s3/stats.json" <<'PY'
import json, os, sys
rows = [l.split() for l in open(sys.argv[1])]
local, remote = json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
assert local["total"]["read"] == remote["total"]["read"] and local["total"]["kept"] == remote["total"]["kept"]
docs = local["total"]["read"]
best = {}
for kind, wall, user, sys_, rss in rows:
    w = float(wall)
    if kind not in best or w < best[kind][0]:
        best[kind] = (w, float(user) + float(sys_), int(rss) / 1024)
print(f"SaudiNewsNet: {docs} records in 4 zstd parts; --preset minimal --threads 2; best of 3 alternating rounds; load avg {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
print(f"{'from':<8} {'wall s':>7} {'cpu s':>6} {'rec/s':>8} {'peak MB':>8}")
for kind in ("local", "s3"):
    w, c, m = best[kind]
    print(f"{kind:<8} {w:7.2f} {c:6.2f} {docs / w:8.0f} {m:8.1f}")
print(f"s3 / local throughput: {best['local'][0] / best['s3'][0]:.2f}x   (target >= 0.8x)")
PY

sport=$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$py" "$repo/bench/remote/synth_server.py" "$sport" "$gib" &
synth=$!
sleep 1
big=$(/usr/bin/time -f "%e %U %S %M" "$bin" run --quiet --overwrite --preset minimal --threads 2 \
  "http://127.0.0.1:$sport/big.jsonl" -o "$work/out-big" 2>&1 >/dev/null | tail -1)
"$py" - "$big" "$work/out-big/stats.json" <<'PY'
import json, sys
wall, user, sys_, rss = sys.argv[1].split()
s = json.load(open(sys.argv[2]))
size = s["total"]["bytes_in"]
print(f"one {size / 2**30:.1f} GiB object over HTTP: {s['total']['read']} records in {float(wall):.1f} s "
      f"({size / 2**20 / float(wall):.0f} MiB/s); peak RSS {int(rss) / 1024:.0f} MiB "
      f"(stats.json: {s['run']['peak_rss_bytes'] / 2**20:.0f} MiB; stated bound {s['run']['memory_bound_bytes'] / 2**20:.0f} MiB)")
PY
