#!/usr/bin/env bash
# Search bench (issue 23): ghirbal's index and its Arabic analyser, with two baselines measured
# in the same run.
#
#   bench/search.sh               SaudiNewsNet: run, index build records/s, p50/p99 latency of 200
#                                 real queries; ANT: known-item MRR@10 per query variant for
#                                 plain tokens, a Lucene-style Arabic analyser and ghirbal's
#   SEARCH_EVERY=N bench/search.sh   every Nth ANT title is a query (default 10: ~3,150 queries)
#   SEARCH_PROFILE=dev bench/search.sh   cargo's dev profile (dependencies such as tantivy at
#                                 opt-level 2, ghirbal's crates at 1) instead of release
#
# Needs ../shared/data (SaudiNewsNet, ANT); prints a line and exits 0 when absent. Work files go
# to bench/work/search/, the printed tables to bench/out/search.txt.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
data="${GHIRBAL_DATA:-$root/../shared/data}"
work="$here/work/search"
out="$here/out"
mkdir -p "$work" "$out"
snn="$data/arabic/saudinewsnet/saudinewsnet.jsonl.zst"
ant="$data/arabic/ant-multisource/ant.jsonl.zst"
if [ ! -f "$snn" ] || [ ! -f "$ant" ]; then
  echo "search bench: shared data not found under $data; skipping"
  exit 0
fi
target="${CARGO_TARGET_DIR:-$root/target}"
profile="${SEARCH_PROFILE:-release}"
dir=$([ "$profile" = dev ] && echo debug || echo "$profile")
(cd "$root" && cargo build --profile "$profile" -p ghirbal-cli &&
  cargo build --profile "$profile" -p ghirbal-search --example search_eval)
bin="$target/$dir/ghirbal"
eval_bin="$target/$dir/examples/search_eval"

{
  echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F)"
  echo "== SaudiNewsNet through the default pipeline (not timed here)"
  "$bin" run --quiet --overwrite "$snn" -o "$work/snn-out"
  echo "== index build: ghirbal index --rejects (kept and rejected records)"
  /usr/bin/time -f "   wall %e s, CPU %U+%S s, peak RSS %M KB" "$bin" index --rejects "$work/snn-out"
  du -sh "$work/snn-out/index" | sed 's/^/   index size /'
  echo "== search latency: 200 real queries through ghirbal's search (snippets included)"
  "$eval_bin" latency "$work/snn-out" --queries 200
  echo "== known-item search on ANT, three analysers, same run"
  "$eval_bin" known-item "$ant" --every "${SEARCH_EVERY:-10}"
} 2>&1 | tee "$out/search.txt"
