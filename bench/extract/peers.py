"""Runs a Python peer extractor on a benchmark set, for bench/extract-eval.sh.

Usage: peers.py TOOL SET DATA_DIR OUT_FILE
  TOOL: trafilatura | resiliparse
  SET:  scrapinghub | trafilatura-eval
Pages are decompressed into memory first; only extraction is timed, on one core.
Writes predictions (scrapinghub: {id: {"articleBody": text}}; trafilatura-eval: JSON lines
{"file", "text"}) and prints one JSON line with pages, seconds and pages per second.
"""
import gzip
import json
import os
import sys
import time


def load(set_name, data):
    if set_name == "scrapinghub":
        base = os.path.join(data, "html/scrapinghub/html")
        names = sorted(os.listdir(base))
        return [(n.split(".")[0], gzip.open(os.path.join(base, n)).read()) for n in names]
    base = os.path.join(data, "html/trafilatura-eval")
    out = []
    with open(os.path.join(base, "expected.jsonl"), encoding="utf-8") as f:
        for line in f:
            name = json.loads(line)["file"]
            out.append((name, gzip.open(os.path.join(base, "pages", name)).read()))
    return out


def extractor(tool):
    if tool == "trafilatura":
        import trafilatura

        # The benchmark settings named in the data READMEs.
        def run(raw):
            return trafilatura.extract(raw, include_comments=False, include_tables=True) or ""

        return run
    if tool == "resiliparse":
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.encoding import bytes_to_str, detect_encoding

        def run(raw):
            html = bytes_to_str(raw, detect_encoding(raw))
            return extract_plain_text(html, main_content=True)

        return run
    raise SystemExit(f"unknown tool {tool}")


def main():
    tool, set_name, data, out_file = sys.argv[1:5]
    pages = load(set_name, data)
    run = extractor(tool)
    texts = []
    t0 = time.process_time()
    for _, raw in pages:
        try:
            texts.append(run(raw))
        except Exception:  # a failing page counts as empty output, as upstream scores it
            texts.append("")
    secs = time.process_time() - t0
    with open(out_file, "w", encoding="utf-8") as f:
        if set_name == "scrapinghub":
            json.dump({k: {"articleBody": t} for (k, _), t in zip(pages, texts)}, f)
        else:
            for (k, _), t in zip(pages, texts):
                f.write(json.dumps({"file": k, "text": t}) + "\n")
    import importlib.metadata as md

    version = md.version("trafilatura" if tool == "trafilatura" else "resiliparse")
    print(json.dumps({"set": set_name, "tool": tool, "version": version, "pages": len(pages),
                      "cpu_seconds": round(secs, 3), "pages_per_second": round(len(pages) / secs, 3)}))


if __name__ == "__main__":
    main()
