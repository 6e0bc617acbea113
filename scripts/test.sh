#!/usr/bin/env bash
# Runs every test of ghirbal, Rust and Python, on a fresh clone or a warm machine.
#
#   scripts/test.sh                 everything: cargo test --workspace, then pytest
#   scripts/test.sh rust            cargo test --workspace only
#   scripts/test.sh python          the wheel and pytest only
#   scripts/test.sh python -k run   arguments after the mode go to pytest (or to cargo test)
#
# What it needs is made once and cached OUTSIDE the clone, under $GHIRBAL_CACHE (default
# ~/.cache/ghirbal), keyed on what it is made from, so a second run reuses it:
# - one Python venv holding every package listed in scripts/requirements/*.txt:
#   $GHIRBAL_CACHE/venvs/test-<hash of those files and of the Python>; a venv unused for 14 days
#   is removed;
# - cargo's build outputs: $CARGO_TARGET_DIR if set, else $GHIRBAL_CACHE/target; the tests, the
#   `ghirbal` binary they compare with, and the wheel share it, so the wheel reuses the
#   dependencies the tests built;
# - the wheel itself is rebuilt from this tree by maturin on every run (cargo recompiles only
#   what changed) and installed into the venv.
#
# To add what your tests need: a Python package is a line in scripts/requirements/<area>.txt (a
# new file for a new area; pin the version). Anything else (a Debian package, a server on
# 127.0.0.1, npm packages) goes in scripts/test.d/<NN>-<area>.sh: each is sourced, in name order,
# after the venv is ready, with $PY (the venv's python), $VENV, $GHIRBAL_CACHE and $ROOT set and
# the helpers below (need_apt, on_exit); it exports what its tests read, caches under
# $GHIRBAL_CACHE/<area>/, and registers clean-up with on_exit.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

mode=all
case "${1:-}" in
  all | rust | python) mode=$1; shift ;;
  -h | --help) sed -n '2,27p' "$0"; exit 0 ;;
esac
if [ "$mode" = all ] && [ $# -gt 0 ]; then
  echo "scripts/test.sh: arguments go with a mode: scripts/test.sh rust|python ARGS..." >&2
  exit 2
fi

export GHIRBAL_CACHE="${GHIRBAL_CACHE:-$HOME/.cache/ghirbal}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$GHIRBAL_CACHE/target}"
mkdir -p "$GHIRBAL_CACHE/venvs" "$CARGO_TARGET_DIR"

# Clean-up registered by hooks runs when the script ends, whatever the outcome.
cleanups=()
on_exit() { cleanups+=("$1"); }
run_cleanups() {
  local i
  for ((i = ${#cleanups[@]} - 1; i >= 0; i--)); do eval "${cleanups[i]}" || true; done
}
trap run_cleanups EXIT

# need_apt PACKAGE...: installs the Debian packages that are missing (the machine runs as root).
need_apt() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "== apt-get install ${missing[*]}" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
}

# The venv: keyed on the requirement files and the interpreter, made under a lock so two runs
# never build it at once, and marked complete only when every package is in.
base_python="${GHIRBAL_BASE_PYTHON:-python3}"
key=$( (cat scripts/requirements/*.txt; "$base_python" -c 'import sys; print(sys.version)') |
  sha256sum | cut -c1-16)
export VENV="$GHIRBAL_CACHE/venvs/test-$key"
PY="$VENV/bin/python"
(
  flock 9
  if [ ! -f "$VENV/.complete" ]; then
    echo "== python venv $VENV (from scripts/requirements/*.txt)" >&2
    rm -rf "$VENV"
    "$base_python" -m venv "$VENV"
    "$PY" -m pip install --quiet --disable-pip-version-check --upgrade pip
    reqs=()
    for f in scripts/requirements/*.txt; do reqs+=(-r "$f"); done
    "$PY" -m pip install --quiet --disable-pip-version-check "${reqs[@]}"
    touch "$VENV/.complete"
  fi
  touch "$VENV/.complete"
  find "$GHIRBAL_CACHE/venvs" -maxdepth 2 -name .complete -mtime +14 -printf '%h\n' |
    while read -r old; do [ "$old" = "$VENV" ] || rm -rf "$old"; done
) 9> "$GHIRBAL_CACHE/venvs/.lock"
export PY
# The Rust tests that load output with pyarrow and datasets use this interpreter.
export GHIRBAL_PYTHON="$PY"

for hook in scripts/test.d/*.sh; do
  [ -e "$hook" ] || continue
  # shellcheck source=/dev/null
  source "$hook"
done

if [ "$mode" != python ]; then
  echo "== cargo test --workspace" >&2
  cargo test --workspace "$@" 2>&1
fi

if [ "$mode" != rust ]; then
  pkg=crates/ghirbal-py
  if [ -f "$pkg/pyproject.toml" ]; then
    echo "== the ghirbal wheel, built from this tree into $VENV" >&2
    # The binary the Python tests compare with (already built by cargo test above).
    cargo build -p ghirbal-cli 2>&1
    export GHIRBAL_BIN="$CARGO_TARGET_DIR/debug/ghirbal"
    wheels=$(mktemp -d)
    on_exit "rm -rf '$wheels'"
    "$VENV/bin/maturin" build --quiet -m "$pkg/Cargo.toml" -i "$PY" --out "$wheels" 2>&1
    "$PY" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps \
      "$wheels"/ghirbal-*.whl
    echo "== pytest $pkg/tests" >&2
    (cd "$pkg" && "$PY" -m pytest -q tests "$@")
  fi
fi
echo "== all tests passed" >&2
