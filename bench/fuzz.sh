#!/usr/bin/env bash
# The fuzz campaign whose figures the README reports: every target of fuzz/ for EXECS
# executions (default 1,000,000 each, 10 targets: 10^7 in all), at low priority (nice 10: the
# machine is shared). The corpus grows under $GHIRBAL_CACHE/fuzz/corpus between campaigns; a
# crashing input is kept under $GHIRBAL_CACHE/fuzz/artifacts/TARGET/ and listed at the end.
#
#   bench/fuzz.sh [EXECS]            all targets, one after the other
#   bench/fuzz.sh EXECS TARGET...    only these
#
# Output: one line per target (executions, seconds, executions per second, corpus entries
# added, ok or the crash), also appended with the date and commit to bench/fuzz/RESULTS.log.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
execs=${1:-1000000}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(all)
log=bench/fuzz/RESULTS.log
{
  echo "# $(date -u +%FT%TZ) commit $(git rev-parse --short HEAD) bench/fuzz.sh $execs ${targets[*]}"
  echo "# $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
} >> "$log"
status=0
for t in "${targets[@]}"; do
  nice -n 10 scripts/fuzz.sh "$t" "$execs" | tee -a "$log" || status=1
done
exit $status
