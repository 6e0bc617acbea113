#!/usr/bin/env bash
# The speed of `clean` on SaudiNewsNet, today's code against a base commit, in the same run
# (issue 17: "clean's speed on SaudiNewsNet within 10 % of today's").
#
#   bench/clean-speed.sh [BASE]      BASE: a commit (default: $GHIRBAL_CLEAN_BASE, else ea6ee9f,
#                                    main at the start of the 2026-12-07 session)
#
# 1. The base commit's tree (`git archive`) goes to ~/.cache/ghirbal/bench-clean/base-<commit>,
#    with today's harness `crates/ghirbal-clean/examples/bench_clean_cpu.rs` copied into it
#    (the harness only: the stage it times is the base's). Both trees build it in release, each
#    in its own target dir under ~/.cache/ghirbal/bench-clean/ (one shared dir would let cargo
#    take the archived sources, older than the last build, for the ones already built), and
#    each binary is copied out beside them.
# 2. `bench_clean_cpu` reads SaudiNewsNet (31,030 records) into memory, then times
#    `Clean::apply` over them on one thread by the thread's CPU time
#    (`/proc/thread-self/schedstat`: waiting for a core on a busy machine does not count), best
#    of 3 rounds; titles given, default settings.
# 3. Base and head run alternately, `RUNS` times each (default 3), pinned to one core when
#    `taskset` exists; the script prints every run with its head / base, the medians and the
#    median of the runs' ratios.
# Nothing is asserted: read the ratio with the spread of the runs.
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
harness=crates/ghirbal-clean/examples/bench_clean_cpu.rs
cmp -s "$root/$harness" "$src/$harness" || cp "$root/$harness" "$src/$harness"
(cd "$src" && CARGO_TARGET_DIR=$cache/target-base \
  cargo build --release -q -p ghirbal-clean --example bench_clean_cpu)
cp "$cache/target-base/release/examples/bench_clean_cpu" "$cache/bin/bench_clean_cpu-base"
(cd "$root" && CARGO_TARGET_DIR=$cache/target \
  cargo build --release -q -p ghirbal-clean --example bench_clean_cpu)
cp "$cache/target/release/examples/bench_clean_cpu" "$cache/bin/bench_clean_cpu-head"

pin=()
if command -v taskset > /dev/null; then pin=(taskset -c 0); fi
head_rev=$(git -C "$root" rev-parse --short HEAD)
dirty=$(git -C "$root" status --porcelain -- crates | head -1)
echo "machine: $(nproc) cores, $(uname -m); $(date -u +%Y-%m-%dT%H:%MZ)"
echo "base $base, head $head_rev${dirty:+ (with uncommitted changes)}; $runs runs each, alternating"
speed() {
  zstd -dc "$snn" | "${pin[@]}" "$cache/bin/bench_clean_cpu-$1" |
    sed -n 's/.* = \([0-9]*\) records per CPU-s.*/\1/p'
}
b=() h=() q=()
for r in $(seq "$runs"); do
  b+=("$(speed base)")
  h+=("$(speed head)")
  q+=("$(awk -v h="${h[-1]}" -v b="${b[-1]}" 'BEGIN {printf "%.3f", h / b}')")
  echo "run $r: base ${b[-1]}, head ${h[-1]} records per CPU-s, head / base ${q[-1]}"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mb=$(median "${b[@]}")
mh=$(median "${h[@]}")
echo "clean on SaudiNewsNet, one thread, median of $runs: base $mb, head $mh records per CPU-s," \
  "head / base $(awk -v h="$mh" -v b="$mb" 'BEGIN {printf "%.3f", h / b}');" \
  "median of the runs' head / base (each pair run back to back): $(median "${q[@]}")"
