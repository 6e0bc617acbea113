#!/usr/bin/env python3
"""Gold English and French articles for the layouts evaluation (bench/clean-naive.sh), as
JSON lines {"lang", "source", "id", "title", "paragraphs"}; Python's standard library only.

- English: the Scrapinghub ground truth (human-annotated `articleBody`, one paragraph per
  line), with the page's own `og:title` as title; pages without an `og:title`, or whose body
  is not English (fewer than 5 of " the ", " and ", " of " per 100 words), are left out.
- French: mozilla/readability's test pages whose expected metadata says `"lang": "fr"`; the
  expected article's <p> elements are the paragraphs, the expected metadata's title the title.

Usage: gold.py DATA_DIR > gold.jsonl
"""

import gzip
import json
import os
import sys
from html.parser import HTMLParser

sys.path.insert(0, os.path.dirname(__file__))
from naive import naive  # noqa: E402  (the bench's own extractor, for og:title)


class Paragraphs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.cur, self.depth = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag == "p":
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "p" and self.depth:
            self.depth -= 1
            text = " ".join("".join(self.cur).split())
            if text:
                self.out.append(text)
            self.cur = []

    def handle_data(self, data):
        if self.depth:
            self.cur.append(data)


def english(data):
    root = os.path.join(data, "html", "scrapinghub")
    truth = json.load(open(os.path.join(root, "ground-truth.json"), encoding="utf-8"))
    for page_id in sorted(truth):
        body = truth[page_id]["articleBody"]
        words = body.split()
        common = sum(body.count(w) for w in (" the ", " and ", " of "))
        if not words or common * 100 < 5 * len(words):
            continue
        with gzip.open(os.path.join(root, "html", page_id + ".html.gz")) as f:
            _, title = naive(f.read())
        paragraphs = [" ".join(p.split()) for p in body.split("\n") if p.strip()]
        if title and paragraphs:
            yield {"lang": "en", "source": "scrapinghub", "id": page_id, "title": title,
                   "paragraphs": paragraphs}


def french(data):
    root = os.path.join(data, "html", "readability", "pages")
    for name in sorted(os.listdir(root)):
        meta_path = os.path.join(root, name, "expected-metadata.json")
        if not os.path.exists(meta_path):
            continue
        meta = json.load(open(meta_path, encoding="utf-8"))
        if not (meta.get("lang") or "").startswith("fr") or not meta.get("title"):
            continue
        with gzip.open(os.path.join(root, name, "expected.html.gz")) as f:
            p = Paragraphs()
            p.feed(f.read().decode("utf-8", "replace"))
        if p.out:
            yield {"lang": "fr", "source": "readability", "id": name,
                   "title": " ".join(meta["title"].split()), "paragraphs": p.out}


def main():
    for article in list(english(sys.argv[1])) + list(french(sys.argv[1])):
        sys.stdout.write(json.dumps(article, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
