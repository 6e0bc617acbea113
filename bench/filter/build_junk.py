"""Builds a junk set from real material, for the arabic-news filter's drop rate.

usage: build_junk.py DATA_DIR SAUDINEWSNET.jsonl OUT.jsonl

Kinds (each document has `kind`):
- navigation: the link texts of a page's navigation blocks (nav/header/footer/menu elements, or
  every link when a page has none), one per line, from ../shared/data/html pages.
- boilerplate: trafilatura-eval's `without` snippets of one page (text annotated as *not* main
  content: menus, footers, dates, share buttons), one per line.
- other_language: the main text (trafilatura) of non-Arabic pages; the record carries no `lang`,
  as when the filter runs without the lang stage on an Arabic corpus.
- keyword_list: SaudiNewsNet title words shuffled into tag lists, joined by "، ", " | " or lines.
- headline_list: 5-15 SaudiNewsNet titles one per line, as in "read also" blocks.
"""
import glob
import gzip
import json
import os
import random
import sys

import lxml.html
import trafilatura

data, snn_path, out_path = sys.argv[1:4]
rng = random.Random(7)
docs = []


def read_html(path):
    raw = gzip.open(path).read() if path.endswith(".gz") else open(path, "rb").read()
    return raw


pages = sorted(glob.glob(os.path.join(data, "html", "*", "pages", "*")) +
               glob.glob(os.path.join(data, "html", "scrapinghub", "html", "*")))
pages = [p for p in pages if os.path.isfile(p)]
rng.shuffle(pages)
NAV_XPATH = ("//nav//a | //header//a | //footer//a | //*[contains(@class,'menu') or contains(@id,'menu') "
             "or contains(@class,'nav') or contains(@id,'nav')]//a")
n_nav = n_other = 0
for path in pages:
    if n_nav >= 300 and n_other >= 150:
        break
    try:
        raw = read_html(path)
        tree = lxml.html.fromstring(raw)
    except Exception:
        continue
    lang = (tree.get("lang") or "").lower()
    if n_nav < 300:
        links = tree.xpath(NAV_XPATH) or tree.xpath("//a")
        items = []
        for a in links:
            t = " ".join(a.text_content().split())
            if t and t not in items:
                items.append(t)
        if len(items) >= 5:
            docs.append({"id": f"junk-navigation-{n_nav}", "kind": "navigation", "text": "\n".join(items[:80]),
                         "source": os.path.basename(path)})
            n_nav += 1
    if n_other < 150 and not lang.startswith("ar"):
        try:
            text = trafilatura.extract(raw.decode("utf-8", "replace"))
        except Exception:
            text = None
        if text and len(text.split()) >= 60:
            docs.append({"id": f"junk-other_language-{n_other}", "kind": "other_language", "text": text,
                         "source": os.path.basename(path)})
            n_other += 1

n_bp = 0
with open(os.path.join(data, "html", "trafilatura-eval", "expected.jsonl"), encoding="utf-8") as f:
    for line in f:
        e = json.loads(line)
        if len(e.get("without", [])) >= 3 and n_bp < 300:
            docs.append({"id": f"junk-boilerplate-{n_bp}", "kind": "boilerplate", "text": "\n".join(e["without"]),
                         "source": e["file"]})
            n_bp += 1

titles = []
with open(snn_path, encoding="utf-8") as f:
    for line in f:
        t = json.loads(line).get("title", "").strip()
        if t:
            titles.append(t)
words = [w for t in titles for w in t.split() if len(w) > 2]
for k in range(200):
    picked = rng.sample(words, rng.randint(15, 60))
    sep = ["، ", " | ", "\n", " - "][k % 4]
    docs.append({"id": f"junk-keyword_list-{k}", "kind": "keyword_list", "text": sep.join(picked)})
for k in range(200):
    picked = rng.sample(titles, rng.randint(5, 15))
    docs.append({"id": f"junk-headline_list-{k}", "kind": "headline_list", "text": "\n".join(picked)})

with open(out_path, "w", encoding="utf-8") as out:
    for d in docs:
        out.write(json.dumps(d, ensure_ascii=False) + "\n")
counts = {}
for d in docs:
    counts[d["kind"]] = counts.get(d["kind"], 0) + 1
print(json.dumps(counts))
