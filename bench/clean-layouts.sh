#!/usr/bin/env bash
# The layouts evaluation of `clean` (issue 17): real articles laid out in site layouts this
# bench writes (bench/clean/layouts/*.toml), with furniture worded unlike any lexicon of
# ghirbal-clean, one line per block as a naive extractor leaves them, then cleaned (default
# settings, no title given).
#
#   bench/clean-layouts.sh              dev layouts only (the ones the rules were developed on)
#   bench/clean-layouts.sh --held-out   dev and held-out layouts (once, at the end of a session)
#
# Articles: 240 ANT articles (Arabic, ../shared/data/arabic/ant-multisource), the English
# Scrapinghub ground-truth bodies and readability's French pages (bench/clean/gold.py).
# Dev layouts: dev.toml (D1-D6), dev2.toml (H1-H6: the first held-out set, written in
# cd600c3 and scored once at the end of the 2026-12-06 session, so seen since) and dev3.toml
# (N1-N6: the second held-out set, scored once at the end of the 2026-12-07 morning session)
# and dev4.toml (N7-N12: the third, scored once at the end of the 2026-12-07 afternoon session)
# and dev5.toml (N13-N18: the fourth, scored once at the end of the 2026-12-07 evening session)
# and dev6.toml (N19-N24: the fifth, scored once at the end of the 2026-12-07 night session)
# and dev7.toml (N25-N30: the sixth, scored once at the end of the 2026-12-08 session).
# Held-out: held-out7.toml (N31-N36), written and committed at the end of the 2026-12-08
# session, after that session's rules; read and scored only with --held-out, once, at the end.
# Prints per layout and language, and over dev and held-out layouts: title exact, body exact,
# paragraphs kept, furniture lines removed, date parsed from the dateline; then what furniture
# was kept by kind, and a few misses.
# Two columns: `clean alone` (the `clean` stage, page by page) and `clean + site stage (as
# ghirbal run)`: each layout's pages on a host of their own (https://<layout>.example/<id>),
# then ghirbal-clean's SiteBoilerplate corpus stage with the default [clean.site] settings
# (observe every page clean kept, finish, decide each), as `ghirbal run` does after clean:
# lines recurring on >= 5 pages and >= 1 % of a layout's pages go.
# What counts as correct: crates/ghirbal-clean/examples/eval_layouts.rs.
# Then the ceiling: the articles with a headline and nothing else (bare.toml), scored apart;
# a miss there is the articles' or the gold texts', inherited by every layout.
# Output: bench/out/clean-layouts/report.txt and bare.txt.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=${GHIRBAL_DATA:-$root/../shared/data}
out=$root/bench/out/clean-layouts
ant=$data/arabic/ant-multisource/ant.jsonl.zst
if [ ! -f "$ant" ] || [ ! -d "$data/html/scrapinghub" ]; then
  echo "clean-layouts: no ANT or Scrapinghub data under $data; skipping" >&2
  exit 0
fi
mkdir -p "$out"
cargo build --release -q -p ghirbal-clean --example eval_layouts
bin=${CARGO_TARGET_DIR:-$root/target}/release/examples/eval_layouts
python3 "$root/bench/clean/gold.py" "$data" > "$out/gold.jsonl"
# The held-out file is not even read without --held-out.
held=()
for a in "$@"; do
  [ "$a" = --held-out ] && held=(--layouts "$root/bench/clean/layouts/held-out7.toml")
done
echo "machine: $(nproc) cores, $(uname -m); $(date -u +%Y-%m-%dT%H:%MZ)"
zstd -dc "$ant" |
  "$bin" --layouts "$root/bench/clean/layouts/dev.toml" \
    --layouts "$root/bench/clean/layouts/dev2.toml" \
    --layouts "$root/bench/clean/layouts/dev3.toml" \
    --layouts "$root/bench/clean/layouts/dev4.toml" \
    --layouts "$root/bench/clean/layouts/dev5.toml" \
    --layouts "$root/bench/clean/layouts/dev6.toml" \
    --layouts "$root/bench/clean/layouts/dev7.toml" \
    "${held[@]}" --gold "$out/gold.jsonl" "$@" > "$out/report.txt"
sed -n '1,/^misses/p' "$out/report.txt" | sed '$d'
echo "full output: $out/report.txt"
# The ceiling: the same articles with no furniture at all (bare.toml), apart from the figures
# above. What `clean` or the site stage gets wrong here, every layout inherits.
zstd -dc "$ant" |
  "$bin" --layouts "$root/bench/clean/layouts/bare.toml" --gold "$out/gold.jsonl" \
    > "$out/bare.txt"
echo
echo "ceiling: the articles alone, headline and body, no furniture (bare.toml)"
sed -n '/^dev layouts/,/^misses/p' "$out/bare.txt" | sed '1d;$d' | grep -v '^(held-out'
echo "full output: $out/bare.txt"
