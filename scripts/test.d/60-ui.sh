# Headless Chromium for the web UI's browser test (crates/ghirbal-serve/tests/ui.rs runs
# tests/ui_browser.py with Playwright, pinned in scripts/requirements/ui.txt): Debian's
# chromium is the browser, Playwright's own browser download is never used; Noto for the
# Arabic in the screenshots. Exports GHIRBAL_TEST_CHROMIUM and GHIRBAL_TEST_ARTEFACTS (the
# screenshots). When chromium cannot be installed the test prints why and skips, except
# under CI, where it fails.
# Sourced by scripts/test.sh with $PY, $GHIRBAL_CACHE and need_apt set.
if need_apt chromium fonts-noto-core; then
  export GHIRBAL_TEST_CHROMIUM=/usr/bin/chromium
  export GHIRBAL_TEST_ARTEFACTS="$GHIRBAL_CACHE/ui-screenshots"
  mkdir -p "$GHIRBAL_TEST_ARTEFACTS"
  echo "== headless chromium $GHIRBAL_TEST_CHROMIUM; UI screenshots in $GHIRBAL_TEST_ARTEFACTS" >&2
else
  echo "== chromium could not be installed: the UI browser test will skip (fails under CI)" >&2
fi
