#!/usr/bin/env bash
# The clean and pii stages on real Arabic news (issue 3).
#
#   bench/clean-eval.sh
#
# 1. ANT multi-source (../shared/data/arabic/ant-multisource/): each article's page is rebuilt
#    as a naive extractor gives it (title, blank line, abstract, text) and cleaned; prints the
#    rate of exact title and exact paragraph recovery per source (SkyNews, Alarabiya, France24,
#    BBC, CNN), strict and with the lines a fixed furniture list of the evaluation's own takes
#    left out of the expected text (the list, and the lines it took per source, are printed),
#    what the misses are, and the clean stage's records/s. What counts as correct is defined in
#    crates/ghirbal-clean/examples/eval_ant.rs.
# 2. SaudiNewsNet (../shared/data/arabic/saudinewsnet/), grouped by source: what the record
#    stage removed, then what the site-boilerplate corpus stage removed (top lines per source,
#    a sample and the longest removed lines, to check by eye that no prose goes; the lines
#    removed by a template key only, digits as one slot or head or tail words, per source,
#    all of them with EVAL_TEMPLATE_ALL=1), the site index's bytes per record, a second run
#    through a 256 KiB budget in four parts that must spill and give the same records, PII
#    counts with samples, and records/s per core of clean, site boilerplate and pii.
# 3. The peer: datatrove's PIIFormatter (e-mail + IP) timed on the same SaudiNewsNet texts,
#    against ghirbal's pii with e-mail + IP only. There is no peer for the clean rules
#    themselves: datatrove, trafilatura and resiliparse do not clean already-extracted text.
#
# Output: bench/out/clean-ant.txt, bench/out/clean-site.txt, and a summary on stdout.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
data="${GHIRBAL_DATA:-$root/../shared/data}/arabic"
out="$root/bench/out"
mkdir -p "$out"
"$here/setup-venv.sh"

ant="$data/ant-multisource/ant.jsonl.zst"
snn="$data/saudinewsnet/saudinewsnet.jsonl.zst"
for f in "$ant" "$snn"; do
  if [ ! -f "$f" ]; then
    echo "skipped: $f not found" >&2
    exit 0
  fi
done

cd "$root"
cargo build --release --quiet -p ghirbal-clean --example eval_ant --example eval_site
bin="${CARGO_TARGET_DIR:-$root/target}/release/examples"

echo "machine: $(nproc) cores, $(uname -m); $(date -u +%Y-%m-%dT%H:%MZ)"
zstd -dc "$ant" | "$bin/eval_ant" --examples 5 > "$out/clean-ant.txt"
sed -n '1,/^left out/p' "$out/clean-ant.txt"
sed -n '/^lines of ANT/,/^$/p' "$out/clean-ant.txt"
grep '^clean stage' "$out/clean-ant.txt"

zstd -dc "$snn" | "$bin/eval_site" > "$out/clean-site.txt"
sed -n '/^the corpus stage:/,/^top removed/p' "$out/clean-site.txt" | sed '$d'
sed -n '/^lines removed by a template key/,/^$/p' "$out/clean-site.txt" | grep -E '^(lines|  [^ ])'
grep -E '^(site index|site stage time|pii on|pii throughput|throughput)' "$out/clean-site.txt"

ours=$(grep '^pii throughput' "$out/clean-site.txt" | sed -E 's/.*email\+ip only ([0-9]+) records.*/\1/')
peer_line=$(zstd -dc "$snn" | "$root/bench/.venv/bin/python" "$here/clean/pii_peer.py")
echo "$peer_line"
peer=$(echo "$peer_line" | sed -E 's/.*= ([0-9]+) records\/s.*/\1/')
awk -v a="$ours" -v b="$peer" 'BEGIN { if (b > 0) printf "pii e-mail+IP speed ratio ghirbal/datatrove: %.1fx\n", a / b }'
echo "full outputs: $out/clean-ant.txt $out/clean-site.txt"
