#!/usr/bin/env bash
# The unseen-page check of `clean`'s rules (issue 17): readability's 130 test pages
# (../shared/data/html/readability/pages/*/source.html.gz), which no rule of `clean` was built
# from and no other clean evaluation reads, as a naive extractor leaves them, cleaned by
# `ghirbal run --only clean --explain`; each line `clean` removed is compared with the page's
# expected article (readability's expected.html.gz).
#
#   bench/clean-readability.sh            per rule: lines removed, and lines removed that the
#                                         expected article keeps (a real line lost)
#   bench/clean-readability.sh --lines    the same, then each such line with its page
#
# 1. `bench/clean/readability.py pages` turns each page into text with `naive.naive()`
#    (bench/clean/naive.py, as bench/clean-naive.sh does): one record per page, `id` (the
#    page's folder), `text`, and `url` when the page names its own; no title.
# 2. `ghirbal run --only clean --explain` (default settings) keeps every removed line with its
#    rule in `metadata.removed`.
# 3. `bench/clean/readability.py score` reads every record of the run and counts, per rule,
#    the lines removed and those whose text stands in the expected article (see its docs for
#    the match). Readability's expected article keeps author bios and captions, which the
#    layouts evaluation counts as furniture: read the lines (--lines) before calling one a loss.
#
# Output: bench/out/clean-readability/{pages.jsonl,run/,report.txt}.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=${GHIRBAL_DATA:-$root/../shared/data}
out=$root/bench/out/clean-readability
if [ ! -d "$data/html/readability/pages" ]; then
  echo "clean-readability: no readability pages under $data/html; skipping" >&2
  exit 0
fi
mkdir -p "$out"
cargo build --release -q -p ghirbal-cli
bin=${CARGO_TARGET_DIR:-$root/target}/release/ghirbal
echo "machine: $(nproc) cores, $(uname -m); $(date -u +%Y-%m-%dT%H:%MZ); $(git -C "$root" rev-parse --short HEAD)"
python3 "$root/bench/clean/readability.py" pages "$data" > "$out/pages.jsonl"
rm -rf "$out/run"
"$bin" run "$out/pages.jsonl" -o "$out/run" --only clean --explain --quiet
python3 "$root/bench/clean/readability.py" score "$data" "$out/run" "$@" | tee "$out/report.txt"
echo "full output: $out/report.txt"
