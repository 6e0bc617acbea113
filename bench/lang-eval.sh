#!/usr/bin/env bash
# Language identification accuracy and speed on real labelled text (issue 4).
#
#   bench/lang-eval.sh [DOCS_PER_CORPUS]      (default 3000)
#
# Labelled material, read in place and never copied into the repository:
# - lingua's own test sets (1000 single words, 1000 word pairs, 1000 sentences per language),
#   shipped inside the lingua-<language>-language-model crates in the cargo registry;
# - ../shared/data/arabic/: SaudiNewsNet and ANT articles, all Arabic;
# - ../shared/data/html/: pages that declare <html lang>, stripped crudely (bench/lang/html_docs.py).
# Compares ghirbal's stage (letter rule + whatlang + lingua) with whatlang alone and lingua alone
# (same 11 languages), one thread each, in the same run. Output: bench/out/lang-eval.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
data="$root/../shared/data"
out="$root/bench/out"
work="$root/bench/work/lang"
n=${1:-3000}
mkdir -p "$out" "$work"
# The Python peers' venv is not needed here (html_docs.py uses the standard library only), but
# every bench prepares it so a fresh machine behaves the same.
"$here/setup-venv.sh"

cd "$root"
cargo fetch --quiet
cargo build --release --quiet -p ghirbal-lang --example lang_eval
bin="$root/target/release/examples/lang_eval"

registry=$(dirname "$(find "${CARGO_HOME:-$HOME/.cargo}/registry/src" -maxdepth 2 -type d -name 'lingua-arabic-language-model-*' | sort | tail -1)")
args=(--lingua-testdata "$registry" --limit "$n")
if [ -d "$data/arabic" ]; then
  # Spread the sample over the whole file (sources are stored one after another).
  for corpus in saudinewsnet ant-multisource; do
    f=$(ls "$data/arabic/$corpus"/*.jsonl.zst)
    total=$(zstd -dc "$f" | wc -l)
    step=$(( total / n > 0 ? total / n : 1 ))
    zstd -dc "$f" | awk -v s="$step" 'NR % s == 0' > "$work/$corpus.jsonl"
    args+=(--docs "ar=$work/$corpus.jsonl")
  done
else
  echo "lang-eval: $data/arabic absent; Arabic documents skipped" >&2
fi
if [ -d "$data/html" ]; then
  python3 "$here/lang/html_docs.py" "$data/html/trafilatura-eval/pages" "$data/html/scrapinghub/html" \
    "$data/html/readability/pages" > "$work/html-declared.jsonl"
  args+=(--docs "*=$work/html-declared.jsonl")
else
  echo "lang-eval: $data/html absent; HTML pages skipped" >&2
fi
{
  echo "# lang-eval $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(uname -m); command: bench/lang-eval.sh $n"
  echo
  "$bin" "${args[@]}"
} | tee "$out/lang-eval.md"
