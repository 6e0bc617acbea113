#!/usr/bin/env bash
# ghirbal.ray against the command line, same machine, same run: SaudiNewsNet cut into PARTS
# zstd JSONL files, `ghirbal run` with 1 and 2 threads and ghirbal.ray.run on a local Ray with 1
# and 2 CPUs, alternating per round; Ray's CPU overhead (target <= 1.3x the CLI's CPU
# seconds), its scaling from 1 to 2 CPUs, byte-identical outputs, and the bytes each step moves
# per record (bench/ray/measure.py).
#
# usage: bench/ray.sh [ROUNDS] [PARTS] [LIMIT]   (defaults: 2 rounds, 8 parts, every record)
# Output: bench/out/ray.txt. The binary and the wheel are built with the same cargo profile,
# $PROFILE (default release; PROFILE=dev reuses the test build), into $BENCH_VENV (a venv with
# scripts/requirements/*.txt, such as scripts/test.sh's under ~/.cache/ghirbal/venvs/).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
rounds=${1:-2}
parts=${2:-8}
limit=${3:-0}
snn="$root/../shared/data/arabic/saudinewsnet/saudinewsnet.jsonl.zst"
[ -f "$snn" ] || { echo "bench/ray.sh: $snn is absent (third-party data)" >&2; exit 1; }
venv="${BENCH_VENV:?set BENCH_VENV to a venv with scripts/requirements/*.txt (ray included)}"
out="$here/out"
mkdir -p "$out"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
profile=${PROFILE:-release}
case "$profile" in dev) profile_dir=debug ;; *) profile_dir=$profile ;; esac

(cd "$root" && cargo build --profile "$profile" -p ghirbal-cli)
wheels=$(mktemp -d)
trap 'rm -rf "$wheels"' EXIT
"$venv/bin/maturin" build --quiet --profile "$profile" -m "$root/crates/ghirbal-py/Cargo.toml" \
  -i "$venv/bin/python" --out "$wheels"
"$venv/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps \
  "$wheels"/ghirbal-*.whl
"$venv/bin/python" "$here/ray/measure.py" --bin "$CARGO_TARGET_DIR/$profile_dir/ghirbal" \
  --snn "$snn" --rounds "$rounds" --parts "$parts" --limit "$limit" --profile "$profile" |
  tee "$out/ray.txt"
