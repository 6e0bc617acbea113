#!/usr/bin/env bash
# Publication dates, by the source that gave them (issue 19), in one run:
# - readability's 130 pages: agreement with `expected-metadata.json`'s publishedTime (33 pages
#   have one) per source of ghirbal's date (json-ld, meta, itemprop, time, dateline, relative);
# - readability, Scrapinghub (181) and trafilatura-eval (990) pages: how many got a date from
#   each source, how many got none, and how many were dated on the capture date (every page is
#   given one that no page was published on, so any use of it shows);
# - the same pages through trafilatura's metadata (htmldate), the peer: per source of ghirbal's
#   date, how often both date a page and give the same day (neither is ground truth).
# Usage: bench/dates.sh          (data from ../shared/data; output in bench/out/dates)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=${GHIRBAL_DATA:-$root/../shared/data}
out=$root/bench/out/dates
if [ ! -d "$data/html/readability" ]; then
  echo "dates: no benchmark data at $data/html; skipping" >&2
  exit 0
fi
mkdir -p "$out"
# Only trafilatura is needed: its own small venv, outside the clone.
venv=${GHIRBAL_CACHE:-$HOME/.cache/ghirbal}/venvs/bench-dates
if ! "$venv/bin/python" -c "import trafilatura" 2>/dev/null; then
  python3 -m venv "$venv"
  # lxml 6 moved the HTML cleaner trafilatura imports into its own package.
  "$venv/bin/pip" install --quiet --disable-pip-version-check trafilatura lxml_html_clean
fi
py=$venv/bin/python
cargo build --release -q -p ghirbal-extract --example extract-eval
bin=${CARGO_TARGET_DIR:-$root/target}/release/examples/extract-eval
echo "# machine: $(nproc) cores, $(uname -m); $(date -u +%Y-%m-%dT%H:%MZ)"
"$py" - "$data" "$out/trafilatura-dates.json" <<'PY'
import gzip, json, os, sys
import trafilatura
data, out = sys.argv[1], sys.argv[2]
dates = {}
def page(name, path):
    html = gzip.open(path).read().decode("utf-8", "replace")
    meta = trafilatura.extract_metadata(html)
    if meta is not None and meta.date:
        dates[name] = meta.date
base = os.path.join(data, "html/readability/pages")
for d in sorted(os.listdir(base)):
    page(f"readability/{d}", os.path.join(base, d, "source.html.gz"))
for set_name, sub in (("scrapinghub", "html/scrapinghub/html"), ("trafilatura-eval", "html/trafilatura-eval/pages")):
    base = os.path.join(data, sub)
    for n in sorted(os.listdir(base)):
        page(f"{set_name}/{n}", os.path.join(base, n))
json.dump(dates, open(out, "w"))
print(json.dumps({"tool": "trafilatura", "version": trafilatura.__version__, "pages_dated": len(dates)}))
PY
"$bin" dates "$data" "$out/trafilatura-dates.json" | tee "$out/ghirbal-dates.json"
# The peer on the same gold: trafilatura's day against readability's publishedTime (the day as
# written; ghirbal's agreement above compares instants where both carry an offset).
"$py" - "$data" "$out/trafilatura-dates.json" <<'PY' | tee "$out/trafilatura-agreement.json"
import json, os, sys
data, peer = sys.argv[1], json.load(open(sys.argv[2]))
base = os.path.join(data, "html/readability/pages")
n = agree = missing = 0
for d in sorted(os.listdir(base)):
    want = json.load(open(os.path.join(base, d, "expected-metadata.json"))).get("publishedTime")
    if not want:
        continue
    n += 1
    got = peer.get(f"readability/{d}")
    missing += got is None
    agree += got is not None and got[:10] == want[:10]
print(json.dumps({"tool": "trafilatura", "readability_with_published_time": {"pages": n, "agree": agree, "no_date": missing}}))
PY
