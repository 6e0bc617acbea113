#!/usr/bin/env bash
# ghirbal-io's JSONL reader alone (one thread), side by side with the I/O floor
# `zstd -dc | wc -l`, on the 31,030 SaudiNewsNet articles (field `content` renamed `text`).
# Prints wall seconds, records/s, MB/s of decompressed JSONL, and the ratio reader/floor.
#
#   bench/io-read.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
data="$repo/../shared/data/arabic/saudinewsnet/saudinewsnet.jsonl.zst"
[ -f "$data" ] || { echo "skipped: $data not found"; exit 0; }
work="$repo/bench/work/io"
mkdir -p "$work"
command -v zstd >/dev/null || { apt-get update -qq && apt-get install -y -qq zstd >/dev/null; }
input="$work/snn-text.jsonl.zst"
if [ ! -f "$input" ]; then
  zstd -dc "$data" | python3 -c '
import json, sys
for line in sys.stdin:
    d = json.loads(line)
    sys.stdout.write(json.dumps({("text" if k == "content" else k): v for k, v in d.items()}, ensure_ascii=False) + "\n")
' | zstd -q -3 -o "$input"
fi
(cd "$repo" && cargo build --release -q -p ghirbal-io --example read_speed)
bin="${CARGO_TARGET_DIR:-$repo/target}/release/examples/read_speed"
mb=$(zstd -dc "$input" | wc -c | awk '{printf "%.1f", $1/1e6}')
docs=$("$bin" "$input" | python3 -c 'import json,sys; print(json.load(sys.stdin)["records"])')
# Wall and CPU (user + sys) seconds of the best of 3 runs; CPU time is the fairer figure on a
# busy machine, and the floor runs two processes at once.
run() { for i in 1 2 3; do /usr/bin/time -f "%e %U %S" "$@" 2>&1 >/dev/null | tail -1; done | sort -n | head -1; }
floor=$(run sh -c "zstd -dc '$input' | wc -l")
read_t=$(run "$bin" "$input")
enc_t=$(run "$bin" --encode "$input")
python3 - "$docs" "$mb" "$floor" "$read_t" "$enc_t" <<'PY'
import os, sys
docs, mb = int(sys.argv[1]), float(sys.argv[2])
runs = {}
for label, arg in zip(["zstd -dc | wc -l", "ghirbal-io read", "read + encode"], sys.argv[3:]):
    wall, user, sys_ = map(float, arg.split())
    runs[label] = (wall, user + sys_)
print(f"input: {docs} records, {mb} MB of JSONL, zstd on disk; best of 3; load avg {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
print(f"{'run':<18} {'wall s':>7} {'cpu s':>6} {'rec/s':>9} {'MB/s':>7} {'MB/cpu-s':>9}")
for label, (wall, cpu) in runs.items():
    print(f"{label:<18} {wall:7.2f} {cpu:6.2f} {docs/wall:9.0f} {mb/wall:7.1f} {mb/max(cpu,1e-9):9.1f}")
(fw, fc), (rw, rc), (ew, ec) = runs.values()
print(f"read / floor:        wall {fw/rw:.2f}x, cpu {fc/rc:.2f}x   (target >= 0.5x)")
print(f"read+encode / floor: wall {fw/ew:.2f}x, cpu {fc/ec:.2f}x")
PY
