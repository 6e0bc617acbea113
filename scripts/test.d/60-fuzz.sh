# Builds the fuzz targets (fuzz/, cargo-fuzz, stable Rust, `-s none`) and runs each for a fixed
# number of executions with a fixed seed from its committed seeds, so the harness never rots, a
# seed that crashes fails CI, and CI's verdict does not depend on the luck of one run (a new
# crash is the campaign's to find, bench/fuzz.sh). FUZZ_CI_RUNS sets the executions per target;
# 120 s per target only guards against a hang.
# The instrumented build is cached outside the clone ($GHIRBAL_CACHE/fuzz/target); the working
# corpus of this short run is a temporary folder, so CI does not replay a long campaign's corpus.
# The real campaign is bench/fuzz.sh. GHIRBAL_SKIP_FUZZ=1 skips this hook.
# Sourced by scripts/test.sh with $GHIRBAL_CACHE, $mode and on_exit set.
if [ "${mode:-all}" != python ] && [ -z "${GHIRBAL_SKIP_FUZZ:-}" ]; then
  fuzz_corpus=$(mktemp -d)
  on_exit "rm -rf '$fuzz_corpus'"
  echo "== fuzz targets, ${FUZZ_CI_RUNS:-5000} executions each, seed 20261129 (scripts/fuzz.sh)" >&2
  FUZZ_CORPUS=$fuzz_corpus FUZZ_ARTIFACTS=$fuzz_corpus/artifacts FUZZ_SECONDS=120 \
    nice -n 10 scripts/fuzz.sh all "${FUZZ_CI_RUNS:-5000}" -seed=20261129 >&2
fi
