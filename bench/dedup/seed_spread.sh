#!/usr/bin/env bash
# How much the near-dup figures move with the MinHash seed alone: ghirbal at its default banding
# with seeds 1-5, datatrove 14x8 with seeds 1-3, each scored against the same labelled sets.
# Run bench/dedup-eval.sh first (it builds the binary and the sets). Slow: datatrove's ANT run
# takes about 2 CPU-minutes per seed.
#
#   bench/dedup/seed_spread.sh        prints one line per tool, set, truth and seed
#   SETS=cs GHIRBAL_SEEDS="$(seq 1 30)" DATATROVE_SEEDS="$(seq 1 30)" bench/dedup/seed_spread.sh
#                                     Clough-Stevenson only, 30 seeds each (a few minutes), then
#                                     the mean of each figure over the seeds
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
nd="$root/bench/work/dedup/nd"
bin="$root/target/release/examples/dedup_jsonl"
py="$root/bench/.venv/bin/python"
work="$root/bench/work/dedup/seeds"
mkdir -p "$work"
threshold=$(python3 -c "print(round((1/14)**(1/8), 3))")
score() { # set, ghirbal decisions, datatrove decisions, label for ghirbal, label for datatrove
  python3 "$here/eval_neardup.py" "$nd/$1.jsonl" "$2" "$3" --threshold "$threshold" --name "$1" |
    python3 -c '
import json, sys
labels = {"ghirbal": sys.argv[1], "datatrove": sys.argv[2]}
for line in sys.stdin:
    if line.startswith("{"):
        d = json.loads(line)
        if labels[d["tool"]]:
            print("%-12s %-8s %-26s P %.4f R %.4f" % (d["set"], d["truth"], labels[d["tool"]], d["precision"], d["recall"]))
' "$4" "$5"
}
sets=${SETS:-ant_neardup cs}
ghirbal_seeds=${GHIRBAL_SEEDS:-1 2 3 4 5}
datatrove_seeds=${DATATROVE_SEEDS:-1 2 3}
for set in $sets; do
  lang=arb_Arab; [ "$set" = cs ] && lang=eng_Latn
  for seed in $ghirbal_seeds; do
    "$bin" run --threads 2 --set 'url = false' --set "seed = $seed" --out "$work/$set.g$seed.dec" < "$nd/$set.jsonl" > /dev/null
    score "$set" "$work/$set.g$seed.dec" "$nd/$set.dt.dec" "ghirbal default, seed $seed" ""
  done
  for seed in $datatrove_seeds; do
    "$py" "$here/datatrove_minhash.py" "$nd/$set.jsonl" "$work/dt-$set-$seed" "$work/$set.dt$seed.dec" --lang "$lang" --seed "$seed" > /dev/null 2>&1
    score "$set" "$work/$set.g1.dec" "$work/$set.dt$seed.dec" "" "datatrove 14x8, seed $seed"
  done
done | tee "$work/spread.txt"
# The mean of each figure over the seeds, per set, truth and tool.
python3 - "$work/spread.txt" <<'PY'
import collections, re, sys
acc = collections.defaultdict(list)
for line in open(sys.argv[1]):
    m = re.match(r"(\S+)\s+(\S+)\s+(ghirbal default|datatrove 14x8), seed \d+\s+P (\S+) R (\S+)", line)
    if m:
        acc[m.group(1, 2, 3)].append((float(m.group(4)), float(m.group(5))))
for (s, truth, tool), v in sorted(acc.items()):
    n = len(v)
    print("%-12s %-8s %-16s mean over %2d seeds: P %.4f R %.4f" % (s, truth, tool, n, sum(p for p, _ in v) / n, sum(r for _, r in v) / n))
PY
