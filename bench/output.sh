#!/usr/bin/env bash
# Output size: bytes per kept record of text, signals and metadata in JSONL.zst and Parquet for
# SaudiNewsNet through the default pipeline, with every column and with `--fields id,text`,
# against datatrove's JsonlWriter and ParquetWriter given the same records in the same run.
#
#   bench/output.sh            # needs ../shared/data/arabic/saudinewsnet and bench/setup-venv.sh
#
# Sizes do not depend on the build: PROFILE=dev skips the release build (default release);
# GHIRBAL_BIN picks a built binary; WORK is where the run goes (default a fresh temp folder).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
corpus="$root/../shared/data/arabic/saudinewsnet/saudinewsnet.jsonl.zst"
[ -f "$corpus" ] || { echo "skipped: $corpus is absent" >&2; exit 0; }
bash "$here/setup-venv.sh"
py="$here/.venv/bin/python"
if [ -n "${WORK:-}" ]; then
  work=$WORK
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
cd "$root"
profile=${PROFILE:-release}
dir=$([ "$profile" = dev ] && echo debug || echo "$profile")
if [ -z "${GHIRBAL_BIN:-}" ]; then
  cargo build --profile "$profile" -q -p ghirbal-cli
  GHIRBAL_BIN="${CARGO_TARGET_DIR:-$root/target}/$dir/ghirbal"
fi
rm -rf "$work/snn"
"$GHIRBAL_BIN" run "$corpus" -o "$work/snn" --quiet --overwrite
cargo run --profile "$profile" -q -p ghirbal-io --features parquet --example output_bytes -- "$work/snn" > "$work/ghirbal.tsv"
"$py" "$here/output/datatrove_sizes.py" "$work/snn" "$work/ghirbal.tsv"
