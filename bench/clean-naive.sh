#!/usr/bin/env bash
# The real-page evaluation of `clean` (issue 17): pages from sites ghirbal's lexicons were not
# written from, as a naive extractor leaves them, cleaned, and scored against human truth.
#
#   bench/clean-naive.sh
#
# 1. `bench/clean/naive.py` (Python's standard library only, nothing shared with ghirbal's
#    extractor) turns each page into every visible text block in document order, one per line,
#    and reads the page's `og:title` as the title truth:
#    - Scrapinghub (../shared/data/html/scrapinghub, 181 real sites, truth `articleBody`);
#    - trafilatura-eval (../shared/data/html/trafilatura-eval, 990 pages, `with`/`without`
#      snippets).
# 2. `ghirbal-clean`'s `eval_naive` example scores, per set and per half (`dev`: the pages the
#    rules were looked at on; `held`: the others), in the same run:
#    - `naive`: the naive text as it is (before `clean`);
#    - `largest block`: only the largest block of long lines (the floor the issue names);
#    - `clean`: the `text` of the `clean` stage with default settings and no title given.
#    Scrapinghub with its own scorer (4-gram shingles of word tokens, macro P/R, F1 from them,
#    exact accuracy: html/scrapinghub/README.md); trafilatura-eval with its snippet scorer
#    (data/README.md); both from `ghirbal-extract/examples/eval/score.rs`. Title: `clean`'s
#    `title` equal to the `og:title`, whitespace folded.
#
# Output: bench/out/clean-naive/{scrapinghub,trafilatura}.jsonl (the naive pages),
# report.txt (what is printed) and pages.jsonl (per-page F1 and titles, for reading misses).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=${GHIRBAL_DATA:-$root/../shared/data}
out=$root/bench/out/clean-naive
if [ ! -d "$data/html/scrapinghub" ] || [ ! -d "$data/html/trafilatura-eval" ]; then
  echo "clean-naive: no page data at $data/html; skipping" >&2
  exit 0
fi
mkdir -p "$out"
cargo build --release -q -p ghirbal-clean --example eval_naive
bin=${CARGO_TARGET_DIR:-$root/target}/release/examples/eval_naive

echo "machine: $(nproc) cores, $(uname -m); $(date -u +%Y-%m-%dT%H:%MZ)"
for set in scrapinghub trafilatura; do
  python3 "$root/bench/clean/naive.py" "$set" "$data" > "$out/$set.jsonl"
done
cat "$out/scrapinghub.jsonl" "$out/trafilatura.jsonl" |
  "$bin" --pages "$out/pages.jsonl" | tee "$out/report.txt"
echo "full outputs: $out/report.txt $out/pages.jsonl"
