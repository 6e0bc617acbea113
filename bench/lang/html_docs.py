#!/usr/bin/env python3
"""Writes JSON lines {"lang", "text", "file"} for HTML pages that declare their language.

Reads every page under the given folders (.html, .htm, optionally .gz), takes the declared
language from <html lang="..."> (or xml:lang), keeps its primary subtag in lower case, and strips
the page crudely: script/style/noscript/svg/head blocks removed, tags removed, entities decoded,
whitespace folded. Crude on purpose: boilerplate stays in, as it does in real crawled text.
Standard library only. Pages without a declared language are skipped and counted on stderr.
"""
import gzip
import html
import json
import os
import re
import sys

LANG_RE = re.compile(r"<html\b[^>]*?\b(?:xml:)?lang\s*=\s*[\"']?([A-Za-z]{2,3})(?![A-Za-z])", re.I | re.S)
BLOCK_RE = re.compile(r"<(script|style|noscript|svg|head|template)\b.*?</\1\s*>", re.I | re.S)
COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
TAG_RE = re.compile(r"<[^>]+>")
SPACE_RE = re.compile(r"[ \t\r\f\v\u00a0]+")
LINES_RE = re.compile(r"\n\s*\n+")


def read(path):
    with open(path, "rb") as f:
        data = f.read()
    if path.endswith(".gz"):
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


def strip(page):
    page = COMMENT_RE.sub(" ", page)
    page = BLOCK_RE.sub(" ", page)
    page = re.sub(r"<(br|p|div|li|h[1-6]|tr|td|section|article)\b", "\n<x", page, flags=re.I)
    text = html.unescape(TAG_RE.sub(" ", page))
    text = SPACE_RE.sub(" ", text)
    lines = [l.strip() for l in text.split("\n")]
    return LINES_RE.sub("\n\n", "\n".join(l for l in lines if l)).strip()


def main():
    kept = skipped = 0
    for folder in sys.argv[1:]:
        for root, _dirs, files in os.walk(folder):
            for name in sorted(files):
                if not re.search(r"\.html?(\.gz)?$", name):
                    continue
                path = os.path.join(root, name)
                try:
                    page = read(path)
                except (OSError, EOFError, gzip.BadGzipFile):
                    skipped += 1
                    continue
                m = LANG_RE.search(page[:20000])
                text = strip(page)
                if not m or not text:
                    skipped += 1
                    continue
                lang = m.group(1).lower()
                print(json.dumps({"lang": lang, "text": text, "file": os.path.relpath(path, folder)}, ensure_ascii=False))
                kept += 1
    print(f"html_docs: {kept} pages with a declared language, {skipped} skipped", file=sys.stderr)


if __name__ == "__main__":
    main()
