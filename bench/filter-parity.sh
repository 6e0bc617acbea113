#!/usr/bin/env bash
# Parity and speed of ghirbal's filter (datatrove-compat mode) against datatrove 0.10.1's
# FineWeb-2 arb_Arab chain on SaudiNewsNet, then the arabic-news mode's keep rate on
# SaudiNewsNet and ANT and its drop rate on a junk set built from real pages.
#
# usage: bench/filter-parity.sh [N_DOCS]   (default: all 31,030 SaudiNewsNet documents)
# Output: bench/out/filter/*.txt; work files in bench/work/filter/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
data="$root/../shared/data"
work="$here/work/filter"
out="$here/out/filter"
mkdir -p "$work" "$out"
"$here/setup-venv.sh"
py="$here/.venv/bin/python"
limit=${1:-0}

snn="$work/saudinewsnet.jsonl"
if [ "$limit" -gt 0 ]; then
  zstd -dc "$data/arabic/saudinewsnet/saudinewsnet.jsonl.zst" | head -n "$limit" > "$snn"
else
  zstd -dc "$data/arabic/saudinewsnet/saudinewsnet.jsonl.zst" > "$snn"
fi
ant="$work/ant.jsonl"
zstd -dc "$data/arabic/ant-multisource/ant.jsonl.zst" > "$ant"

(cd "$root" && cargo build --release -p ghirbal-filter --example filter_decisions --example datatrove_words)
bin="$root/target/release/examples/filter_decisions"

echo "== word tokenization: spaCy ar (datatrove) vs ghirbal datatrove-compat, first 3000 documents" >&2
head -n 3000 "$snn" > "$work/snn3000.jsonl"
"$root/target/release/examples/datatrove_words" "$work/snn3000.jsonl" > "$work/words3000.jsonl"
"$py" "$here/filter/tokens_parity.py" "$work/snn3000.jsonl" "$work/words3000.jsonl" 2>/dev/null | tee "$out/tokens.txt"

echo "== datatrove arb_Arab chain on $(wc -l < "$snn") SaudiNewsNet documents (one core)" >&2
dt_speed=$(taskset -c 0 "$py" "$here/filter/datatrove_chain.py" "$snn" "$work/dt.tsv" 2>/dev/null | tail -1)
echo "$dt_speed" >&2
echo "== ghirbal datatrove-compat on the same documents (one core)" >&2
gh_speed=$(taskset -c 0 "$bin" datatrove-compat "$snn" "$work/gh-compat.tsv" 3 | tail -1)
echo "$gh_speed" >&2
"$py" "$here/filter/compare.py" "$snn" "$work/dt.tsv" "$work/gh-compat.tsv" "$dt_speed" "$gh_speed" | tee "$out/parity.txt"

echo "== arabic-news mode: keep rate on SaudiNewsNet and ANT, drop rate on junk" >&2
"$py" "$here/filter/build_junk.py" "$data" "$snn" "$work/junk.jsonl" > "$out/junk-build.txt"
for name in saudinewsnet ant junk; do
  taskset -c 0 "$bin" arabic-news "$work/$name.jsonl" "$work/gh-news-$name.tsv" | tail -1 > "$work/gh-news-$name.speed"
done
"$py" "$here/filter/news_report.py" "$work" | tee "$out/arabic-news.txt"

echo "== what 99 % of SaudiNewsNet would take: the preset without the repetition rule, then keep_frontier.py" >&2
for name in saudinewsnet ant junk; do
  "$bin" arabic-news "$work/$name.jsonl" "$work/gh-news-norep-$name.tsv" 1 $'[filter]\ngopher_repetition = false' > /dev/null
done
"$py" "$here/filter/keep_frontier.py" "$work" | tee "$out/keep-frontier.txt"
