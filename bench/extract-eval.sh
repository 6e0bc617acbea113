#!/usr/bin/env bash
# Extraction benchmarks, side by side in one run:
# - quality: Scrapinghub (181 pages, shingle F1), trafilatura-eval (990 pages, snippets),
#   readability's metadata (title, byline, published day), the Arabic page (assabah);
#   ghirbal, trafilatura and resiliparse scored by the same scorer (examples/eval/score.rs);
# - speed: pages per CPU-second on one core on the Scrapinghub pages, pages decompressed
#   in memory first, extraction only; five rounds, the tools back to back in each, and the
#   ratio to each peer per round (median, min, max) as well as best against best.
# Usage: bench/extract-eval.sh            (data from ../shared/data, outputs in bench/out/extract)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=${GHIRBAL_DATA:-$root/../shared/data}
out=$root/bench/out/extract
if [ ! -d "$data/html/scrapinghub" ]; then
  echo "extract-eval: no benchmark data at $data/html; skipping" >&2
  exit 0
fi
mkdir -p "$out"
"$root/bench/setup-venv.sh"
py=$root/bench/.venv/bin/python
cargo build --release -q -p ghirbal-extract --example extract-eval
bin=${CARGO_TARGET_DIR:-$root/target}/release/examples/extract-eval

echo "# machine: $(nproc) cores, $(uname -m); $(date -u +%Y-%m-%dT%H:%MZ)"
echo "# quality (same scorer for every tool)"
"$bin" scrapinghub "$data" "$out" | tee "$out/ghirbal-scrapinghub.json"
"$bin" trafilatura "$data" "$out" | tee "$out/ghirbal-trafilatura-eval.json"
"$bin" readability "$data" | tee "$out/ghirbal-readability.json"
"$bin" arabic "$data" | tee "$out/ghirbal-arabic.json"
for tool in trafilatura resiliparse; do
  "$py" "$root/bench/extract/peers.py" "$tool" scrapinghub "$data" "$out/$tool-scrapinghub.pred.json" > "$out/$tool-scrapinghub.speed.json"
  "$bin" score-scrapinghub "$out/$tool-scrapinghub.pred.json" "$data" | sed "s/^{/{\"tool\":\"$tool\",/" | tee "$out/$tool-scrapinghub.json"
  "$py" "$root/bench/extract/peers.py" "$tool" trafilatura-eval "$data" "$out/$tool-trafilatura-eval.pred.jsonl" > /dev/null
  "$bin" score-trafilatura "$out/$tool-trafilatura-eval.pred.jsonl" "$data" | sed "s/^{/{\"tool\":\"$tool\",/" | tee "$out/$tool-trafilatura-eval.json"
done

echo "# speed (Scrapinghub pages, one core, CPU time; tools interleaved, 5 rounds)"
: > "$out/speed.jsonl"
for run in 1 2 3 4 5; do
  "$bin" speed "$data" | sed "s/^{/{\"round\":$run,/" >> "$out/speed.jsonl"
  for tool in trafilatura resiliparse; do
    "$py" "$root/bench/extract/peers.py" "$tool" scrapinghub "$data" "$out/$tool-speed.pred.json" | sed "s/^{/{\"round\": $run, /" >> "$out/speed.jsonl"
  done
done
cat "$out/speed.jsonl"
"$py" - "$out/speed.jsonl" <<'PY'
import json, statistics, sys
rounds = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    rounds.setdefault(r["round"], {})[r["tool"]] = r
best = {}
for per_tool in rounds.values():
    for tool, r in per_tool.items():
        if r["pages_per_second"] > best.get(tool, {}).get("pages_per_second", 0):
            best[tool] = r
g = best["ghirbal"]["pages_per_second"]
for tool in ("trafilatura", "resiliparse"):
    s = best[tool]
    # Each round runs the tools back to back, so a round's ratio sees the same machine load.
    ratios = sorted(r["ghirbal"]["pages_per_second"] / r[tool]["pages_per_second"]
                    for r in rounds.values() if tool in r and "ghirbal" in r)
    print(f"ghirbal / {tool} {s['version']}: best {g / s['pages_per_second']:.2f}x "
          f"({g:.0f} vs {s['pages_per_second']:.0f} pages per CPU-second); per round "
          f"median {statistics.median(ratios):.2f}x, min {ratios[0]:.2f}x, max {ratios[-1]:.2f}x "
          f"over {len(ratios)} rounds")
PY
