# Builds the fuzz targets (fuzz/, cargo-fuzz, stable Rust, `-s none`) and runs each for a few
# seconds from its committed seeds, so the harness never rots and a seed that crashes fails CI.
# The instrumented build is cached outside the clone ($GHIRBAL_CACHE/fuzz/target); the working
# corpus of this short run is a temporary folder, so CI does not replay a long campaign's corpus.
# The real campaign is bench/fuzz.sh. GHIRBAL_SKIP_FUZZ=1 skips this hook.
# Sourced by scripts/test.sh with $GHIRBAL_CACHE, $mode and on_exit set.
if [ "${mode:-all}" != python ] && [ -z "${GHIRBAL_SKIP_FUZZ:-}" ]; then
  fuzz_corpus=$(mktemp -d)
  on_exit "rm -rf '$fuzz_corpus'"
  echo "== fuzz targets, ${FUZZ_SECONDS:-3} s each (scripts/fuzz.sh)" >&2
  FUZZ_CORPUS=$fuzz_corpus FUZZ_ARTIFACTS=$fuzz_corpus/artifacts FUZZ_SECONDS=${FUZZ_SECONDS:-3} \
    nice -n 10 scripts/fuzz.sh all 1000000000 >&2
fi
