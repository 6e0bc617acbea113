"""Runs datatrove 0.10.1's FineWeb-2 arb_Arab filter chain on a JSONL file, one document at a
time, and writes one line per document it saw: id, keep (1/0), first failing rule (datatrove's
reason, prefixed by the filter), and the filter-only time. Documents are read with datatrove's own
JsonlReader, which silently drops empty texts: those ids never appear in the output.

usage: datatrove_chain.py INPUT.jsonl OUTPUT.tsv
"""
import sys
import time

from datatrove.pipeline.filters import FineWebQualityFilter, GopherQualityFilter, GopherRepetitionFilter
from datatrove.pipeline.readers import JsonlReader
import yaml

cfg_path = "/work/shared/data/fineweb2/configs/arb_Arab.yml"
src, out_path = sys.argv[1], sys.argv[2]
import os
cfg_path = os.environ.get("ARB_CONFIG", cfg_path)
cfg = yaml.safe_load(open(cfg_path, encoding="utf-8"))
LANG = "arb_Arab"

# Exactly the FineWeb-2 pipeline script's three filters (see fineweb2/README.md).
chain = [
    ("gopher_repetition", GopherRepetitionFilter(
        language=LANG, dup_para_frac=0, dup_line_char_frac=0, dup_para_char_frac=0,
        dup_line_frac=cfg["dup_line_frac"], top_n_grams=cfg["top_n_grams"], dup_n_grams=cfg["dup_n_grams"])),
    ("fineweb_quality", FineWebQualityFilter(
        language=LANG, short_line_thr=999, char_duplicates_ratio=0.1,
        line_punct_thr=cfg["line_punct_thr"], new_line_ratio=cfg["new_line_ratio"])),
    ("gopher_quality", GopherQualityFilter(
        language=LANG, max_avg_word_length=cfg["max_avg_word_length"],
        min_avg_word_length=cfg["min_avg_word_length"], stop_words=cfg["stopwords"],
        max_non_alpha_words_ratio=cfg["max_non_alpha_words_ratio"], min_stop_words=2)),
]

reader = JsonlReader(os.path.dirname(os.path.abspath(src)), glob_pattern=os.path.basename(src), id_key="id", text_key="text")
docs = list(reader.run())
# Warm the spaCy tokenizer so its one-off load is not counted.
chain[2][1].filter(docs[0]) if docs else None

n = 0
t0 = time.process_time()
w0 = time.perf_counter()
rows = []
for doc in docs:
    verdict = "1\t"
    for name, f in chain:
        res = f.filter(doc)
        ok, reason = (res if isinstance(res, tuple) else (res, None))
        if not ok:
            verdict = f"0\t{name}:{reason}"
            break
    rows.append(f"{doc.id}\t{verdict}")
    n += 1
cpu = time.process_time() - t0
wall = time.perf_counter() - w0
with open(out_path, "w", encoding="utf-8") as out:
    out.write("\n".join(rows) + "\n")
print(f"datatrove\tdocs={n}\tcpu_s={cpu:.3f}\twall_s={wall:.3f}\tdocs_per_cpu_s={n / cpu:.1f}")
