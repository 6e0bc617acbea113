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
best() { sort -n | head -1; }
floor=$(for i in 1 2 3; do /usr/bin/time -f %e sh -c "zstd -dc '$input' | wc -l >/dev/null" 2>&1; done | best)
read_s=$(for i in 1 2 3; do "$bin" "$input" | python3 -c 'import json,sys; print(json.load(sys.stdin)["seconds"])'; done | best)
enc_s=$(for i in 1 2 3; do "$bin" --encode "$input" | python3 -c 'import json,sys; print(json.load(sys.stdin)["seconds"])'; done | best)
docs=$("$bin" "$input" | python3 -c 'import json,sys; print(json.load(sys.stdin)["records"])')
python3 - "$docs" "$mb" "$floor" "$read_s" "$enc_s" <<'PY'
import sys
docs, mb, floor, read_s, enc_s = int(sys.argv[1]), float(sys.argv[2]), *map(float, sys.argv[3:])
print(f"input: {docs} records, {mb} MB of JSONL, zstd on disk (best of 3)")
for label, s in [("zstd -dc | wc -l", floor), ("ghirbal-io read", read_s), ("read + encode", enc_s)]:
    print(f"{label:<18} {s:6.2f} s  {docs/s:9.0f} rec/s  {mb/s:7.1f} MB/s")
print(f"read / floor: {floor/read_s:.2f}x   read+encode / floor: {floor/enc_s:.2f}x   (target >= 0.5x)")
PY
