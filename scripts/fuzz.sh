#!/usr/bin/env bash
# Runs ghirbal's fuzz targets (fuzz/, cargo-fuzz on libFuzzer) for a number of executions each.
#
#   scripts/fuzz.sh TARGET|all EXECS [libFuzzer flags...]
#   scripts/fuzz.sh list                        the targets
#
# Each target starts from its committed seeds (fuzz/seeds/TARGET, read only) and a working
# corpus that grows between runs ($FUZZ_CORPUS/TARGET). A crash, a timeout (10 s) or an input
# needing more than 2 GiB stops that target; the input is kept under $FUZZ_ARTIFACTS/TARGET/
# and the script exits 1 after the other targets ran. SIGINT to a target's libFuzzer process
# stops it early with its figures (not a failure). One line per target at the end:
# executions, seconds, executions per second, new corpus entries, crash or ok.
#
# Environment (all optional):
#   GHIRBAL_CACHE       ~/.cache/ghirbal; cargo-fuzz is installed under $GHIRBAL_CACHE/cargo-fuzz
#   FUZZ_TARGET_DIR     the fuzz build's target dir, $GHIRBAL_CACHE/fuzz/target (outside the
#                       clone: instrumented builds share nothing with the workspace's)
#   FUZZ_CORPUS         $GHIRBAL_CACHE/fuzz/corpus
#   FUZZ_ARTIFACTS      $GHIRBAL_CACHE/fuzz/artifacts
#   FUZZ_SECONDS        stop each target after this many seconds even below EXECS
#
# Stable Rust only: libFuzzer's coverage needs no sanitizer, so the build is `-s none` (the
# address sanitizer needs nightly's -Zsanitizer). Debug assertions and overflow checks are on.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

CARGO_FUZZ_VERSION=0.13.2
targets=$(sed -n 's/^name = "\(.*\)"$/\1/p' fuzz/Cargo.toml | grep -v '^ghirbal-fuzz$')
case "${1:-}" in
  list) echo "$targets"; exit 0 ;;
  "" | -h | --help) sed -n '2,24p' "$0"; exit 2 ;;
esac
which=$1
execs=${2:?scripts/fuzz.sh TARGET|all EXECS}
shift 2
if [ "$which" = all ]; then
  run_targets=$targets
elif grep -qx "$which" <<< "$targets"; then
  run_targets=$which
else
  echo "scripts/fuzz.sh: no target $which (scripts/fuzz.sh list)" >&2
  exit 2
fi

cache=${GHIRBAL_CACHE:-$HOME/.cache/ghirbal}
target_dir=${FUZZ_TARGET_DIR:-$cache/fuzz/target}
corpus=${FUZZ_CORPUS:-$cache/fuzz/corpus}
artifacts=${FUZZ_ARTIFACTS:-$cache/fuzz/artifacts}
bin=$cache/cargo-fuzz/bin/cargo-fuzz
if ! "$bin" --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
  echo "== cargo install cargo-fuzz $CARGO_FUZZ_VERSION into $cache/cargo-fuzz" >&2
  cargo install --quiet --locked cargo-fuzz --version "$CARGO_FUZZ_VERSION" --root "$cache/cargo-fuzz"
fi
# The workspace's CARGO_TARGET_DIR (set by scripts/test.sh) is not the fuzz build's.
unset CARGO_TARGET_DIR
fuzz() { "$bin" fuzz "$@"; }

echo "== cargo fuzz build -s none (target dir $target_dir)" >&2
fuzz build -s none --target-dir "$target_dir" 2>&1 | grep -v '^ *Compiling' >&2 || true
[ "${PIPESTATUS[0]}" = 0 ] || { echo "scripts/fuzz.sh: the fuzz build failed" >&2; exit 1; }

limits=(-runs="$execs" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 -print_final_stats=1)
[ -n "${FUZZ_SECONDS:-}" ] && limits+=(-max_total_time="$FUZZ_SECONDS")
summary=()
failed=0
for t in $run_targets; do
  mkdir -p "$corpus/$t" "$artifacts/$t"
  log=$(mktemp)
  start=$(date +%s.%N)
  set +e
  fuzz run -s none --target-dir "$target_dir" "$t" "$corpus/$t" "fuzz/seeds/$t" -- \
    "${limits[@]}" -artifact_prefix="$artifacts/$t/" "$@" > "$log" 2>&1
  rc=$?
  set -e
  secs=$(echo "$(date +%s.%N) - $start" | bc)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  new=$(sed -n 's/^stat::new_units_added: *//p' "$log" | tail -1)
  if [ "$rc" = 0 ]; then
    verdict=ok
  elif grep -q 'libFuzzer: run interrupted' "$log"; then
    verdict="ok, stopped by SIGINT before EXECS"
  else
    verdict="CRASH (exit $rc): $(grep -m1 -E 'panicked|ERROR: libFuzzer|==ERROR' "$log" || true)"
    tail -40 "$log" >&2
    failed=1
  fi
  rate=$(echo "${runs:-0} / $secs" | bc)
  summary+=("$(printf '%-13s %11s execs %7.1f s %8s/s  +%s corpus  %s' "$t" "${runs:-0}" "$secs" "$rate" "${new:-0}" "$verdict")")
  rm -f "$log"
done
printf '%s\n' "${summary[@]}"
exit $failed
