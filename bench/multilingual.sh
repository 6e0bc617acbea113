#!/usr/bin/env bash
# Every language, judged by its own rules (issue 18): language identification per language beside
# langid.py and lingua, and keep rates per language of the default preset.
#
#   LINGUA_REPO=DIR bench/multilingual.sh [SENTENCES_PER_LANGUAGE]     (default 300)
#
# - LINGUA_REPO: lingua-rs's repository (a git directory or a checkout), fetched at bench time
#   and never committed; its language-models/<code>/testdata/sentences.txt are the public test
#   set (75 languages, 1,000 sentences each, sorted alphabetically: the bench takes N of them
#   at even steps through each file, not the first N, which share openings and, in Urdu, one
#   site's repeated header; Serbian's unrendered Wikipedia markup `-{...}-` is rendered).
# - LID: the same sentences through ghirbal's identifier (examples/lang_predict.rs, the `lang`
#   stage's code), langid.py 1.1.6 (97 languages) and lingua 2.1.1 (75 languages, all loaded),
#   in this one run; accuracy per language, "(n/a)" where a tool does not know the language.
# - Filters beside datatrove: the multilingual text set through datatrove 0.10.1's FineWeb-2
#   filter chain (each language's own config from ../shared/data/fineweb2/configs and the word
#   tokenizer datatrove assigns it), keep rate and per-document agreement beside ghirbal's run;
#   a language whose tokenizer needs a model download (stanza) is "(n/a)".
# - Keep rates: `ghirbal run` with the default preset (1) on a multilingual text set assembled
#   from those sentences, every 10 consecutive sentences of a language one document, and (2) on
#   the non-English pages of the extraction sets (../shared/data/html: trafilatura-eval pages with
#   gold snippets, Scrapinghub pages with a gold article body), extracted by ghirbal itself,
#   languages as their <html lang> declares them.
# The peers live in a venv outside the repository ($GHIRBAL_CACHE, default ~/.cache/ghirbal).
# BENCH_PROFILE=dev builds faster; accuracy and keep rates do not depend on the profile.
# Output: bench/out/multilingual.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
data=${GHIRBAL_DATA:-$root/../shared/data}
out="$root/bench/out"
work="$root/bench/work/multilingual"
n=${1:-300}
profile=${BENCH_PROFILE:-release}
repo=${LINGUA_REPO:-}
if [ -z "$repo" ] || [ ! -e "$repo" ]; then
  echo "multilingual: set LINGUA_REPO to a copy of github.com/pemistahl/lingua-rs" >&2
  exit 2
fi
mkdir -p "$out" "$work"

cache=${GHIRBAL_CACHE:-$HOME/.cache/ghirbal}
venv="$cache/lang-bench-venv"
# datatrove and the word tokenizers it assigns to these languages: the filter side by side.
packages="langid==1.1.6 lingua-language-detector==2.1.1 zstandard datatrove==0.10.1 spacy==3.8.18
  regex pyyaml pythainlp==5.4.0 indic-nlp-library==0.92 sudachipy==0.7.0 sudachidict-core
  kiwipiepy==0.21.0 kiwipiepy-model==0.21.0 pyvi==0.1.1 jieba==0.42.1"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.packages" 2>/dev/null)" != "$packages" ]; then
  python3 -m venv "$venv"
  # shellcheck disable=SC2086
  "$venv/bin/pip" install --quiet --disable-pip-version-check $packages
  echo "$packages" > "$venv/.packages"
fi
py="$venv/bin/python"

cd "$root"
target=${CARGO_TARGET_DIR:-$root/target}
cargo build --quiet --profile "$profile" -p ghirbal-lang --example lang_predict
cargo build --quiet --profile "$profile" -p ghirbal-cli
dir=$([ "$profile" = dev ] && echo debug || echo "$profile")
predict="$target/$dir/examples/lang_predict"
ghirbal="$target/$dir/ghirbal"

"$py" "$here/lang/multilingual.py" sentences "$repo" "$n" "$work/sentences.jsonl"
"$py" -c 'import json,sys
for l in open(sys.argv[1], encoding="utf-8"): print(json.loads(l)["text"])' "$work/sentences.jsonl" > "$work/sentences.txt"
start=$(date +%s.%N)
/usr/bin/time -f "%U %S" -o "$work/predict.time" "$predict" < "$work/sentences.txt" > "$work/predict.tsv"
cpu=$(awk '{print $1 + $2}' "$work/predict.time")
langs=$(cargo run --quiet --profile "$profile" -p ghirbal-lang --example lang_predict -- --languages 2>/dev/null || true)

"$py" "$here/lang/multilingual.py" docs "$work/sentences.jsonl" "$work/docs.jsonl"
rm -rf "$work/docs-out"
"$ghirbal" run "$work/docs.jsonl" -o "$work/docs-out" --quiet --overwrite

pages_md="(../shared/data/html absent: no extraction pages)"
if [ -d "$data/html" ]; then
  "$py" "$here/lang/multilingual.py" pages "$data" "$work/pages.jsonl"
  rm -rf "$work/pages" "$work/pages-out"
  mkdir -p "$work/pages"
  "$py" -c 'import json,os,sys
for l in open(sys.argv[1]):
    p = json.loads(l)["file"]
    os.symlink(p, os.path.join(sys.argv[2], os.path.basename(p)))' "$work/pages.jsonl" "$work/pages"
  "$ghirbal" run "$work/pages" -o "$work/pages-out" --quiet --overwrite
  pages_md=$("$py" "$here/lang/multilingual.py" keep "$work/pages-out" lang "$work/pages.jsonl")
fi

{
  echo "# multilingual $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(uname -m); command: LINGUA_REPO=... bench/multilingual.sh $n" \
    "(profile $profile); lingua-rs $(git --git-dir "$repo" rev-parse --short HEAD 2>/dev/null || echo checkout)"
  echo
  echo "## Language identification, lingua's test sentences ($n per language)"
  echo
  GHIRBAL_CPU="$cpu" GHIRBAL_LANGS="$langs" "$py" "$here/lang/multilingual.py" lid "$work/sentences.jsonl" "$work/predict.tsv"
  echo
  echo "## Keep rates, default preset, multilingual text set (10 test sentences a document)"
  echo
  "$py" "$here/lang/multilingual.py" keep "$work/docs-out" expected_lang
  echo
  if [ -d "$data/fineweb2/configs" ]; then
    echo "## The same documents through datatrove's FineWeb-2 filters (each language's own config)"
    echo
    echo "Keep rates of datatrove 0.10.1 (GopherRepetition, FineWebQuality, GopherQuality with the"
    echo "settings FineWeb-2's pipeline fixes; no language-ID or dedup step) beside ghirbal's default"
    echo "run above; \"same verdict\" is the share of documents both keep or both drop."
    echo
    "$py" "$here/lang/multilingual.py" datatrove "$work/docs.jsonl" "$data/fineweb2/configs" "$work/docs-out" 2>/dev/null
    echo
  fi
  echo "## Keep rates, default preset, non-English gold-text pages of the extraction sets"
  echo
  echo "$pages_md"
} | tee "$out/multilingual.md"
