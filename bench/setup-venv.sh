#!/usr/bin/env bash
# Creates bench/.venv with the Python peers the benchmarks compare against (datatrove,
# trafilatura, resiliparse) and the loaders the tests check output with (pyarrow, datasets).
# Idempotent: a venv that already has every package is left alone. Everything comes from PyPI.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
venv="$here/.venv"
stamp="$venv/.ghirbal-packages"
packages=(
  "datatrove[processing,io]==0.10.1"
  "spacy>=3.8,<3.9"
  "trafilatura"
  "resiliparse==2.0.1"
  "warcio"
  "pyarrow"
  "datasets"
  "zstandard"
  "xxhash"
)
wanted="${packages[*]}"
if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
  exit 0
fi
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check --upgrade pip
"$venv/bin/pip" install --quiet --disable-pip-version-check "${packages[@]}"
echo "$wanted" > "$stamp"
echo "bench venv ready: $venv" >&2
