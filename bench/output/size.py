"""Bytes per kept record of an output folder's JSONL, by column group.

    python bench/output/size.py OUT

Prints the records, then bytes per record of `text`, `signals` and `metadata` (each as compact
JSON), of the whole line, and the line's bytes over the text's: the figure the default output
keeps at 1.6 or less.
"""
import glob
import io
import json
import sys

import zstandard

t = s = m = line = n = 0
for f in sorted(glob.glob(sys.argv[1] + "/kept/*.jsonl.zst")):
    with zstandard.ZstdDecompressor().stream_reader(open(f, "rb")) as r:
        for raw in io.TextIOWrapper(r, encoding="utf-8"):
            o = json.loads(raw)
            n += 1
            t += len(o["text"].encode())
            compact = lambda v: len(json.dumps(v, ensure_ascii=False, separators=(",", ":")).encode())
            s += compact(o["signals"])
            m += compact(o["metadata"])
            line += len(raw.encode())
n = max(n, 1)
print(
    f"records {n}  bytes per record: text {t / n:.0f}  signals {s / n:.0f}  "
    f"metadata {m / n:.0f}  line {line / n:.0f}  line/text {line / max(t, 1):.3f}"
)
