#!/usr/bin/env bash
# ghirbal-io's WARC reader vs warcio (the Python reference), one thread each, on a gzip-per-record
# Common Crawl WARC slice (resiliparse/warcfile.warc.gz from ../shared/data/warc, 50 records,
# concatenated 100 times: still a valid multi-member .warc.gz). Both read every record's
# payload to the end (warcio: `content_stream().read()`; ghirbal: de-chunked, decoded body).
#
#   bench/io-warc.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
src="$repo/../shared/data/warc/resiliparse/warcfile.warc.gz"
[ -f "$src" ] || { echo "skipped: $src not found"; exit 0; }
work="$repo/bench/work/io"
mkdir -p "$work"
input="$work/warcfile-x100.warc.gz"
[ -f "$input" ] || for i in $(seq 100); do cat "$src"; done > "$input"
"$repo/bench/setup-venv.sh" >/dev/null
py="$repo/bench/.venv/bin/python"
(cd "$repo" && cargo build --release -q -p ghirbal-io --example read_speed)
bin="${CARGO_TARGET_DIR:-$repo/target}/release/examples/read_speed"
run() { for i in 1 2 3; do /usr/bin/time -f "%e %U %S" "$@" 2>&1 >/dev/null | tail -1; done | sort -n | head -1; }
ours=$(run "$bin" "$input")
theirs=$(run "$py" -c '
import sys
from warcio.archiveiterator import ArchiveIterator
n = 0
with open(sys.argv[1], "rb") as f:
    for rec in ArchiveIterator(f):
        rec.content_stream().read(); n += 1
print(n)' "$input")
records=$("$bin" "$input" | python3 -c 'import json,sys; print(json.load(sys.stdin)["records"])')
python3 - "$records" "$(stat -c %s "$input")" "$ours" "$theirs" <<'PY'
import os, sys
records, size = int(sys.argv[1]), int(sys.argv[2])
print(f"input: {records} WARC records, {size/1e6:.1f} MB gzip per record; best of 3; load avg {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
rows = {}
for label, arg in [("ghirbal-io", sys.argv[3]), ("warcio", sys.argv[4])]:
    wall, user, sys_ = map(float, arg.split()); rows[label] = (wall, user + sys_)
    print(f"{label:<11} wall {wall:6.2f} s  cpu {user+sys_:6.2f} s  {records/(user+sys_):9.0f} records/cpu-s")
print(f"ghirbal-io / warcio, records per CPU-second: {rows['warcio'][1]/rows['ghirbal-io'][1]:.1f}x")
PY
