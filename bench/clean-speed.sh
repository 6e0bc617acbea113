#!/usr/bin/env bash
# The speed of `clean` on SaudiNewsNet, today's code against a base commit, in the same run
# (issue 17: "clean's speed on SaudiNewsNet within 10 % of today's").
#
#   bench/clean-speed.sh [BASE]      BASE: a commit (default: $GHIRBAL_CLEAN_BASE, else ea6ee9f,
#                                    main at the start of the 2026-12-07 session)
#
# 1. The base commit's tree (`git archive`) goes to ~/.cache/ghirbal/bench-clean/base-<commit>;
#    it and the working tree build `ghirbal-clean`'s `eval_site` example in release, each in its
#    own target dir under ~/.cache/ghirbal/bench-clean/ (one shared dir would let cargo take
#    the archived sources, older than the last build, for the ones already built), and each
#    binary is copied out beside them.
# 2. `eval_site` reads SaudiNewsNet (31,030 records, decompressed on the fly) and times only
#    `Clean::apply` on one thread (titles given, `--explain` on, as in bench/clean/RESULTS.md
#    section 4); it prints "throughput on one thread: clean N records/s".
# 3. Base and head run alternately, `RUNS` times each (default 3), pinned to one core when
#    `taskset` exists; the script prints every run with its head / base, the medians and
#    the median of the runs' ratios (the steadier figure on a shared machine: each pair runs
#    back to back, under the same load).
# Nothing is asserted: the machine is shared, so read the ratio with the spread of the runs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=${GHIRBAL_DATA:-$root/../shared/data}
snn=$data/arabic/saudinewsnet/saudinewsnet.jsonl.zst
base=${1:-${GHIRBAL_CLEAN_BASE:-ea6ee9f}}
runs=${RUNS:-3}
cache=${XDG_CACHE_HOME:-$HOME/.cache}/ghirbal/bench-clean
if [ ! -f "$snn" ]; then
  echo "clean-speed: no SaudiNewsNet at $snn; skipping" >&2
  exit 0
fi
base=$(git -C "$root" rev-parse --short "$base")
mkdir -p "$cache/bin"
src=$cache/base-$base
if [ ! -d "$src" ]; then
  mkdir -p "$src.tmp"
  git -C "$root" archive "$base" | tar -x -C "$src.tmp"
  mv "$src.tmp" "$src"
fi
(cd "$src" && CARGO_TARGET_DIR=$cache/target-base \
  cargo build --release -q -p ghirbal-clean --example eval_site)
cp "$cache/target-base/release/examples/eval_site" "$cache/bin/eval_site-base"
(cd "$root" && CARGO_TARGET_DIR=$cache/target cargo build --release -q -p ghirbal-clean --example eval_site)
cp "$cache/target/release/examples/eval_site" "$cache/bin/eval_site-head"

pin=()
if command -v taskset > /dev/null; then pin=(taskset -c 0); fi
head_rev=$(git -C "$root" rev-parse --short HEAD)
dirty=$(git -C "$root" status --porcelain -- crates | head -1)
echo "machine: $(nproc) cores, $(uname -m); $(date -u +%Y-%m-%dT%H:%MZ)"
echo "base $base, head $head_rev${dirty:+ (with uncommitted changes)}; $runs runs each, alternating"
speed() {
  zstd -dc "$snn" | "${pin[@]}" "$cache/bin/eval_site-$1" --sample 0 |
    sed -n 's/.*throughput on one thread: clean \([0-9]*\) records\/s.*/\1/p'
}
b=() h=() q=()
for r in $(seq "$runs"); do
  b+=("$(speed base)")
  h+=("$(speed head)")
  q+=("$(awk -v h="${h[-1]}" -v b="${b[-1]}" 'BEGIN {printf "%.3f", h / b}')")
  echo "run $r: base ${b[-1]} records/s, head ${h[-1]} records/s, head / base ${q[-1]}"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mb=$(median "${b[@]}")
mh=$(median "${h[@]}")
echo "clean on SaudiNewsNet, one thread, median of $runs: base $mb records/s, head $mh records/s," \
  "head / base $(awk -v h="$mh" -v b="$mb" 'BEGIN {printf "%.3f", h / b}');" \
  "median of the runs' head / base (each pair run back to back): $(median "${q[@]}")"
