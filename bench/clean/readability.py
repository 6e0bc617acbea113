#!/usr/bin/env python3
"""The unseen-page check of bench/clean-readability.sh: readability's 130 test pages, which no
rule of `clean` was built from, as a naive extractor leaves them; then each line `clean`
removed compared with the page's expected article (readability's `expected.html`).

Usage: readability.py pages DATA_DIR > pages.jsonl
         one record per page: {"id", "text"} and "url" when the page names its own address
         (`og:url`, else `<link rel="canonical">`); `text` is `naive.naive()`'s, as in
         bench/clean-naive.sh; no title is given (clean finds its own).
       readability.py score DATA_DIR RUN_DIR [--lines]
         reads the records `ghirbal run --only clean --explain -o RUN_DIR` wrote (every `.zst`
         file under RUN_DIR: kept and rejected) and prints, per rule, the lines it removed and
         how many of them the expected article keeps (a real line lost); with --lines, each such
         line with its page.

A removed line is "kept by the expected article" when its text, whitespace folded and case
ignored, stands in the expected article's text between word boundaries (the line's first 80
characters: a long line cut by a link is still found); a line of one word counts only when it
is a whole line of the expected article (a lone "Share" is not found in "shared"). The
expected article is readability's choice: it keeps author bios and image captions that the
layouts evaluation counts as furniture, so a line it keeps is a line to read, not always a
loss.
"""

import gzip
import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import naive  # noqa: E402

OG_URL = re.compile(
    rb"""<meta[^>]+property\s*=\s*["']og:url["'][^>]*content\s*=\s*["']([^"']+)["']""", re.I
)
CANONICAL = re.compile(
    rb"""<link[^>]+rel\s*=\s*["']canonical["'][^>]*href\s*=\s*["']([^"']+)["']""", re.I
)


def page_dirs(data):
    root = os.path.join(data, "html", "readability", "pages")
    return root, sorted(os.listdir(root))


def own_url(raw):
    for pattern in (OG_URL, CANONICAL):
        m = pattern.search(raw)
        if m:
            url = m.group(1).decode("utf-8", "replace").strip()
            if url.startswith(("http://", "https://")):
                return url
    return None


def pages(data):
    root, dirs = page_dirs(data)
    for d in dirs:
        with gzip.open(os.path.join(root, d, "source.html.gz")) as f:
            raw = f.read()
        text, _title = naive.naive(raw)
        record = {"id": d, "text": text}
        url = own_url(raw)
        if url:
            record["url"] = url
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


def fold(text):
    return " ".join(text.split()).casefold()


def expected(data, page):
    root, _ = page_dirs(data)
    with gzip.open(os.path.join(root, page, "expected.html.gz")) as f:
        p = naive.Naive()
        p.feed(naive.decode(f.read()))
        p.close()
    lines = [fold(line) for line in p.lines]
    return set(lines), " \n ".join(lines)


def kept_by(line, whole_lines, text):
    t = fold(line)
    if not t:
        return False
    if len(t.split()) < 2:
        return t in whole_lines
    head = t[:80]
    return re.search(r"(?<!\w)" + re.escape(head) + (r"(?!\w)" if head == t else ""), text) is not None


def records(run):
    for dirpath, _, files in os.walk(run):
        for name in sorted(files):
            if not name.endswith(".zst"):
                continue
            out = subprocess.run(
                ["zstd", "-dcq", os.path.join(dirpath, name)], check=True, capture_output=True
            ).stdout
            for line in out.decode("utf-8").splitlines():
                if line.strip():
                    yield json.loads(line)


def score(data, run, show_lines):
    removed = Counter()
    real = Counter()
    lost = defaultdict(list)
    cache = {}
    for r in records(run):
        meta = r.get("metadata") or {}
        gone = meta.get("removed") or []
        if not gone:
            continue
        page = r.get("id")
        if page not in cache:
            cache[page] = expected(data, page)
        whole, text = cache[page]
        for g in gone:
            rule = g.get("rule") or g.get("reason") or "?"
            removed[rule] += 1
            if kept_by(g.get("line", ""), whole, text):
                real[rule] += 1
                lost[rule].append((page, g.get("line", "")))
    print(f"{'rule':<28} {'removed':>8} {'kept by expected':>17}")
    for rule, n in sorted(removed.items(), key=lambda kv: (-real[kv[0]], -kv[1], kv[0])):
        print(f"{rule:<28} {n:>8} {real[rule]:>17}")
    print(f"{'all':<28} {sum(removed.values()):>8} {sum(real.values()):>17}")
    print(f"pages: {len(cache)} with a line removed; `title`: the line became the record's title")
    if show_lines:
        for rule in sorted(lost):
            print(f"\n{rule}: lines the expected article keeps")
            for page, line in lost[rule]:
                print(f"  {page}: {line[:120]}")


def main():
    which, data = sys.argv[1], sys.argv[2]
    if which == "pages":
        pages(data)
    elif which == "score":
        score(data, sys.argv[3], "--lines" in sys.argv[4:])
    else:
        sys.exit(f"readability.py: unknown command {which}")


if __name__ == "__main__":
    main()
