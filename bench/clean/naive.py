#!/usr/bin/env python3
"""The naive extractor of bench/clean-naive.sh: every visible text block of a page, in
document order, one per line. Python's standard library only, so that it shares nothing with
ghirbal's extractor.

What it does, and nothing more:
- decodes the bytes as UTF-8 (BOM or valid UTF-8), else with the charset a <meta> tag names in
  the first 4 KB, else as windows-1252;
- skips what a browser does not show as text: <head>, <script>, <style>, <noscript>,
  <template>, <svg>, <math>, <iframe>, <object>, <select>, and elements with a `hidden`
  attribute or an inline `display:none` / `visibility:hidden` style;
- starts a new line at every block-level element's start and end and at <br>; inline text is
  joined and its whitespace folded to one space; a <pre> keeps its own lines and indentation;
- prints no blank lines.

It also reads the page's own headline from its metadata (`og:title`, else `twitter:title`),
the title truth of the evaluation; pages without one have no title truth.

Usage: naive.py scrapinghub DATA_DIR > pages.jsonl
       naive.py trafilatura DATA_DIR > pages.jsonl
Each output line: {"set", "id", "text", "title_truth", and "truth" (Scrapinghub articleBody) or
"with"/"without" (trafilatura-eval snippets)}.
"""

import gzip
import html
import json
import os
import re
import sys
from html.parser import HTMLParser

SKIP = {
    "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object",
    "select", "title",
}
BLOCK = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend",
    "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul", "button", "label", "option", "textarea",
}
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
}
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([a-zA-Z0-9_.:-]+)""", re.I)


def decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", "replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = META_CHARSET.search(raw[:4096])
    if m:
        try:
            return raw.decode(m.group(1).decode("ascii"), "replace")
        except LookupError:
            pass
    return raw.decode("windows-1252", "replace")


class Naive(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines = []
        self.current = []
        self.stack = []  # (tag, hides)
        self.hidden = 0
        self.pre = 0
        self.meta = {}

    def flush(self):
        if self.pre:
            text = "".join(self.current)
            for line in text.split("\n"):
                line = line.rstrip()
                if line.strip():
                    self.lines.append(line)
        else:
            text = " ".join("".join(self.current).split())
            if text:
                self.lines.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta":
            key = (a.get("property") or a.get("name") or "").lower()
            if key in ("og:title", "twitter:title") and a.get("content"):
                self.meta.setdefault(key, a["content"])
            return
        if tag == "br":
            if not self.hidden:
                if self.pre:
                    self.current.append("\n")
                else:
                    self.flush()
            return
        if tag in VOID:
            return
        hides = (
            tag in SKIP
            or "hidden" in a
            or bool(HIDDEN_STYLE.search(a.get("style") or ""))
        )
        if tag in BLOCK and not self.hidden:
            self.flush()
        self.stack.append((tag, hides))
        if hides:
            self.hidden += 1
        if tag == "pre" and not self.hidden:
            self.pre += 1

    def handle_endtag(self, tag):
        # Close up to the matching open tag (HTML in the wild leaves tags open).
        if not any(t == tag for t, _ in self.stack):
            return
        while self.stack:
            t, hides = self.stack.pop()
            if t in BLOCK and not self.hidden:
                self.flush()
            if t == "pre" and not self.hidden and self.pre:
                self.pre -= 1
            if hides:
                self.hidden -= 1
            if t == tag:
                break

    def handle_data(self, data):
        if not self.hidden:
            self.current.append(data)

    def close(self):
        super().close()
        self.flush()


def naive(raw: bytes):
    p = Naive()
    try:
        p.feed(decode(raw))
        p.close()
    except Exception:  # html.parser gives up on some broken markup: keep what it read
        p.flush()
    title = p.meta.get("og:title") or p.meta.get("twitter:title")
    if title is not None:
        title = " ".join(html.unescape(title).split()) or None
    return "\n".join(p.lines), title


def scrapinghub(data):
    root = os.path.join(data, "html", "scrapinghub")
    truth = json.load(open(os.path.join(root, "ground-truth.json"), encoding="utf-8"))
    for page_id in sorted(truth):
        with gzip.open(os.path.join(root, "html", page_id + ".html.gz")) as f:
            text, title = naive(f.read())
        yield {
            "set": "scrapinghub", "id": page_id, "text": text, "title_truth": title,
            "truth": truth[page_id]["articleBody"],
        }


def trafilatura(data):
    root = os.path.join(data, "html", "trafilatura-eval")
    for line in open(os.path.join(root, "expected.jsonl"), encoding="utf-8"):
        e = json.loads(line)
        with gzip.open(os.path.join(root, "pages", e["file"])) as f:
            text, title = naive(f.read())
        yield {
            "set": "trafilatura", "id": e["file"], "text": text, "title_truth": title,
            "with": e["with"], "without": e["without"],
        }


def main():
    which, data = sys.argv[1], sys.argv[2]
    pages = {"scrapinghub": scrapinghub, "trafilatura": trafilatura}[which](data)
    out = sys.stdout
    for page in pages:
        out.write(json.dumps(page, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
