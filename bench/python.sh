#!/usr/bin/env bash
# The Python package against the command line and datatrove, same machine, same run:
#  1. ghirbal.run vs the `ghirbal` binary on SaudiNewsNet (CPU and wall overhead; target <= 5 %);
#  2. Pipeline.process on Arrow batches vs the binary with the same stages (the record stages:
#     --skip dedup, clean.site off), records per CPU-second (target >= 0.9x);
#  3. GhirbalFilter vs datatrove's own FineWeb-2 arb_Arab filter steps inside a datatrove
#     pipeline on the same documents, documents per CPU-second (target >= 50x).
#
# usage: bench/python.sh [ROUNDS] [DATATROVE_DOCS]   (defaults: 3 rounds, 3000 documents)
# Output: bench/out/python.txt. The binary and the wheel are built with the same cargo profile,
# $PROFILE (default release; PROFILE=dev reuses the test build), the wheel by maturin into
# $BENCH_VENV (default bench/.venv-python, made from scripts/requirements/*.txt on first use;
# scripts/test.sh's venv under ~/.cache/ghirbal/venvs/ has the same packages).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
rounds=${1:-3}
dt_docs=${2:-3000}
data="$root/../shared/data"
snn="$data/arabic/saudinewsnet/saudinewsnet.jsonl.zst"
out="$here/out"
mkdir -p "$out"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"

profile=${PROFILE:-release}
case "$profile" in dev) profile_dir=debug ;; *) profile_dir=$profile ;; esac
venv="${BENCH_VENV:-$here/.venv-python}"
stamp="$venv/.ghirbal-requirements"
wanted=$(cat "$root"/scripts/requirements/*.txt | sha256sum | cut -c1-16)
if [ -n "${BENCH_VENV:-}" ]; then
  : # a venv made elsewhere (scripts/test.sh's) is used as it is
elif [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --upgrade pip
  reqs=()
  for f in "$root"/scripts/requirements/*.txt; do reqs+=(-r "$f"); done
  "$venv/bin/pip" install --quiet --disable-pip-version-check "${reqs[@]}"
  echo "$wanted" > "$stamp"
fi

(cd "$root" && cargo build --profile "$profile" -p ghirbal-cli)
wheels=$(mktemp -d)
trap 'rm -rf "$wheels"' EXIT
"$venv/bin/maturin" build --quiet --profile "$profile" -m "$root/crates/ghirbal-py/Cargo.toml" \
  -i "$venv/bin/python" --out "$wheels"
"$venv/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps \
  "$wheels"/ghirbal-*.whl

"$venv/bin/python" "$here/python/measure.py" --bin "$CARGO_TARGET_DIR/$profile_dir/ghirbal" \
  --snn "$snn" --arb-config "$data/fineweb2/configs/arb_Arab.yml" --rounds "$rounds" \
  --datatrove-docs "$dt_docs" --profile "$profile" | tee "$out/python.txt"
