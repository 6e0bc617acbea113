#!/usr/bin/env bash
# Dedup bench: ghirbal's dedup stage (run directly on JSONL by the `dedup_jsonl` example) next to
# datatrove 0.10.1's four MinHash stages, in one run.
#
#   bench/dedup-eval.sh            exact, URL, near-dup quality, S-curve, speed, clause marks on
#                                  SaudiNewsNet, 1M memory + spill
#   DEDUP_10M=1 bench/dedup-eval.sh   also the 10M-record memory run (takes a while)
#   DEDUP_SKIP_SPEED=1 ...            skip the slow datatrove run on all of SaudiNewsNet
#
# Needs ../shared/data (SaudiNewsNet, ANT, Clough-Stevenson); prints a line and exits 0 when absent.
# Outputs go to bench/work/dedup/ (inputs, decisions) and bench/out/ (dedup-*.txt, the SVG).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
data="${GHIRBAL_DATA:-$root/../shared/data}"
work="$here/work/dedup"
out="$here/out"
mkdir -p "$work" "$out"
snn="$data/arabic/saudinewsnet/saudinewsnet.jsonl.zst"
if [ ! -f "$snn" ] || [ ! -d "$data/arabic/ant-multisource" ] || [ ! -d "$data/neardup" ]; then
  echo "dedup-eval: shared data not found under $data; skipping"
  exit 0
fi

"$here/setup-venv.sh"
py="$here/.venv/bin/python"
(cd "$root" && cargo build --release -p ghirbal-dedup --example dedup_jsonl)
bin="$root/target/release/examples/dedup_jsonl"
# The chosen defaults (crates/ghirbal-core/presets/arabic-news.toml) and datatrove's.
BANDS=${DEDUP_BANDS:-40}
ROWS=${DEDUP_ROWS:-11}
THRESHOLD=$(python3 -c "print(round((1/14)**(1/8), 3))")

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F)"
zstd -dcf "$snn" > "$work/snn.jsonl"

echo "== exact and URL dedup on SaudiNewsNet (near-dup off)"
"$bin" run --set 'near = false' --set 'url = false' --out "$work/snn.exact.dec" < "$work/snn.jsonl" > /dev/null
"$bin" run --set 'near = false' --out "$work/snn.exact_url.dec" < "$work/snn.jsonl" > /dev/null
"$bin" run --set 'near = false' --set 'exact = false' --out "$work/snn.url.dec" < "$work/snn.jsonl" > /dev/null
python3 "$here/dedup/exact_figures.py" "$work/snn.jsonl" "$work/snn.exact.dec" "$work/snn.exact_url.dec" "$work/snn.url.dec" | tee "$out/dedup-exact.txt"

echo "== near-dup quality: labelled sets (ANT with controlled edits; Clough-Stevenson), threshold $THRESHOLD"
python3 "$here/dedup/make_neardup_set.py" "$work/nd"
: > "$out/dedup-neardup.txt"
for set in ant_neardup cs; do
  lang=arb_Arab; [ "$set" = cs ] && lang=eng_Latn
  "$py" "$here/dedup/datatrove_minhash.py" "$work/nd/$set.jsonl" "$work/nd/dt-$set" "$work/nd/$set.dt.dec" --lang "$lang" 2> /dev/null | tail -1
  # 14x8 (datatrove's banding), the default, and the default with clause marks as tokens.
  for cfg in "14 8 false" "$BANDS $ROWS false" "$BANDS $ROWS true"; do
    set -- $cfg
    tag="g$1x$2"; [ "$3" = true ] && tag="$tag.marks"
    "$bin" run --threads 2 --set 'url = false' --set "bands = $1" --set "rows = $2" --set "shingle_marks = $3" \
      --out "$work/nd/$set.$tag.dec" < "$work/nd/$set.jsonl" > /dev/null
    echo "-- $set, ghirbal ${1}x$2 (shingle_marks = $3) vs datatrove 14x8" | tee -a "$out/dedup-neardup.txt"
    python3 "$here/dedup/eval_neardup.py" "$work/nd/$set.jsonl" "$work/nd/$set.$tag.dec" "$work/nd/$set.dt.dec" \
      --threshold "$THRESHOLD" --name "$set" | tee -a "$out/dedup-neardup.txt"
  done
done

echo "== detection probability vs true Jaccard"
"$bin" pairs --set 'bands = 14' --set 'rows = 8' < "$work/nd/ant_pairs.jsonl" > "$work/nd/pairs_14x8.jsonl"
series=("14x8=$work/nd/pairs_14x8.jsonl:14:8")
if [ "$BANDS $ROWS" != "14 8" ]; then
  "$bin" pairs --set "bands = $BANDS" --set "rows = $ROWS" < "$work/nd/ant_pairs.jsonl" > "$work/nd/pairs_chosen.jsonl"
  series+=("${BANDS}x$ROWS=$work/nd/pairs_chosen.jsonl:$BANDS:$ROWS")
fi
python3 "$here/dedup/plot_scurve.py" "$out/dedup-scurve.svg" "${series[@]}"
echo "wrote $out/dedup-scurve.svg (bench/dedup/dedup-scurve.svg is a committed copy)"

if [ -z "${DEDUP_SKIP_SPEED:-}" ]; then
  echo "== speed on all of SaudiNewsNet, one core: ghirbal (exact + URL + near) vs datatrove's four MinHash stages"
  # ghirbal three times (the machine is shared), keeping the median CPU time; datatrove once.
  runs=()
  for i in 1 2 3; do
    runs+=("$("$bin" run --threads 1 --set "bands = $BANDS" --set "rows = $ROWS" --out "$work/snn.full.dec" < "$work/snn.jsonl")")
  done
  g=$(printf '%s\n' "${runs[@]}" | python3 -c 'import json, sys; r = sorted((json.loads(l) for l in sys.stdin), key=lambda d: d["cpu_s"]); print(json.dumps(r[1]))')
  echo "ghirbal   $g (median of 3 by CPU s: $(printf '%s\n' "${runs[@]}" | python3 -c 'import json, sys; print(*(json.loads(l)["cpu_s"] for l in sys.stdin))'))"
  d=$("$py" "$here/dedup/datatrove_minhash.py" "$work/snn.jsonl" "$work/dt-snn" "$work/snn.dt.dec" 2> /dev/null | tail -1)
  echo "datatrove $d"
  python3 - "$g" "$d" <<'EOF' | tee "$out/dedup-speed.txt"
import json, sys
g, d = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"ghirbal {g['docs_per_cpu_s']:.0f} docs/CPU-s (cpu {g['cpu_s']} s, peak RSS {g['peak_rss_mib']:.0f} MiB, "
      f"removed {g['summary']['exact'] + g['summary']['url'] + g['summary']['near']})")
print(f"datatrove {d['docs_per_cpu_s']:.0f} docs/CPU-s (cpu {d['cpu_s']} s, peak RSS {d['peak_rss_mib']:.0f} MiB, stages {d['stages_cpu_s']})")
print(f"ratio ghirbal / datatrove per core: {g['docs_per_cpu_s'] / d['docs_per_cpu_s']:.1f}x")
EOF
  echo "== chaining: Jaccard of each removed SaudiNewsNet document to the one kept for it"
  python3 "$here/dedup/chain_quality.py" "$work/snn.jsonl" "$work/snn.full.dec" "$work/snn.dt.dec" | tee -a "$out/dedup-speed.txt"
  echo "== clause marks as shingle tokens on SaudiNewsNet: the near-duplicates it loses"
  "$bin" run --set "bands = $BANDS" --set "rows = $ROWS" --set 'shingle_marks = true' --out "$work/snn.marks.dec" < "$work/snn.jsonl" > /dev/null
  python3 "$here/dedup/marks_effect.py" "$work/snn.jsonl" "$work/snn.full.dec" "$work/snn.marks.dec" | tee "$out/dedup-marks.txt"
fi

echo "== memory: synthetic records (40-80 words, 10% exact copies, 10% one-word edits), 2 threads"
sizes=(1000000)
[ -n "${DEDUP_10M:-}" ] && sizes+=(10000000)
: > "$out/dedup-memory.txt"
for n in "${sizes[@]}"; do
  a=$("$bin" synthetic "$n" --threads 2)
  b=$("$bin" synthetic "$n" --threads 1 --set 'memory_budget = "16MiB"')
  echo "default budget: $a" | tee -a "$out/dedup-memory.txt"
  echo "16 MiB budget:  $b" | tee -a "$out/dedup-memory.txt"
  python3 - "$a" "$b" <<'EOF' | tee -a "$out/dedup-memory.txt"
import json, sys
a, b = json.loads(sys.argv[1]), json.loads(sys.argv[2])
n = a["records"]
for name, r in (("default budget, 2 threads", a), ("16 MiB budget, 1 thread", b)):
    print(f"{n} records, {name}: peak RSS {r['peak_rss_mib']:.0f} MiB = {r['peak_rss_mib'] * 2**20 / n:.1f} B/record; "
          f"finished index {r['index_bytes_per_record']:.1f} B/record; spilled runs {r['summary']['spilled_runs']} "
          f"({r['summary']['spilled_bytes'] / 2**20:.0f} MiB); removed {r['summary']['exact'] + r['summary']['near']}; "
          f"{r['observe_finish_s'] + r['decide_s']:.1f} s; finish peak {r['finish_peak_rss_mib']:.0f} MiB "
          f"= {r['finish_bytes_per_record']:.1f} B/record over the RSS at start")
print("identical decisions with and without spilling, 1 and 2 threads:", a["decisions_xxh3"] == b["decisions_xxh3"])
EOF
done
