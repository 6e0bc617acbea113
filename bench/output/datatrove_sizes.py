"""datatrove's JsonlWriter and ParquetWriter on the same kept records as ghirbal's output, and
the two side by side.

    python bench/output/datatrove_sizes.py OUT GHIRBAL_TSV

OUT is a ghirbal output folder; GHIRBAL_TSV the lines `examples/output_bytes.rs` printed for
it. The records are OUT's kept rows (a lede that is only the first paragraph dropped, as ghirbal
writes them now), given to datatrove as Documents: `text`, `id`, and every other column in
`metadata` (for `id,text`, an empty metadata). Both writers with compression="zstd" (datatrove
exposes no level: its JSONL goes through fsspec's zstd, level 3; its Parquet through pyarrow,
whose zstd default is level 1). Bytes per record of text, signals and metadata are measured as
for ghirbal: a column's Parquet bytes are its column chunks' compressed sizes (signals and
metadata are under datatrove's `metadata` struct), a column's JSONL.zst bytes those of its own
lines in 512-row level-3 zstd frames.
"""
import glob
import io
import json
import os
import sys
import tempfile

import pyarrow as pa
import pyarrow.parquet as pq
import zstandard
from datatrove.data import Document
from datatrove.pipeline.writers import JsonlWriter, ParquetWriter

out, tsv = sys.argv[1], sys.argv[2]

rows = []
for f in sorted(glob.glob(out + "/kept/*.jsonl.zst")):
    with zstandard.ZstdDecompressor().stream_reader(open(f, "rb")) as r:
        for line in io.TextIOWrapper(r, encoding="utf-8"):
            o = json.loads(line)
            if o.get("lede") and o["lede"].strip() == o["text"].split("\n\n")[0].strip():
                o["lede"] = None
            rows.append(o)
n = max(len(rows), 1)


def documents(default):
    for o in rows:
        meta = {k: v for k, v in o.items() if k not in ("id", "text")} if default else {}
        yield Document(text=o["text"], id=o["id"], metadata=meta)


def frames_bytes(values):
    """Bytes of JSON lines `{"k": v}` in 512-row level-3 zstd frames."""
    c = zstandard.ZstdCompressor(level=3)
    total = 0
    for i in range(0, len(values), 512):
        chunk = "".join(json.dumps(v, ensure_ascii=False) + "\n" for v in values[i : i + 512])
        total += len(c.compress(chunk.encode()))
    return total


def run(writer, docs):
    for _ in writer.run(docs, rank=0, world_size=1):
        pass
    writer.close()


results = []
for label, default in [("default", True), ("id,text", False)]:
    with tempfile.TemporaryDirectory() as d:
        run(JsonlWriter(d + "/j", output_filename="out.jsonl.zst", compression="zstd"), documents(default))
        jsonl = sum(os.path.getsize(p) for p in glob.glob(d + "/j/*"))
        text = frames_bytes([{"text": o["text"]} for o in rows])
        sig = frames_bytes([{"metadata": {"signals": o["signals"]}} for o in rows]) if default else 0
        meta = frames_bytes([{"metadata": {"metadata": o["metadata"]}} for o in rows]) if default else 0
        results.append(("datatrove", "jsonl.zst", label, jsonl / n, text / n, sig / n, meta / n, ""))
        note = ""
        try:
            run(ParquetWriter(d + "/p", output_filename="out.parquet", compression="zstd"), documents(default))
        except Exception as e:  # its schema comes from the first batch of 1,000 rows
            note = f"default schema failed ({type(e).__name__}: {str(e)[:80]}); schema from all rows given"
            for p in glob.glob(d + "/p/*"):
                os.remove(p)
            w = ParquetWriter(d + "/p", output_filename="out.parquet", compression="zstd")
            schema = pa.Table.from_pylist([w._default_adapter(doc) for doc in documents(default)]).schema
            run(ParquetWriter(d + "/p", output_filename="out.parquet", compression="zstd", schema=schema), documents(default))
        files = glob.glob(d + "/p/*")
        parquet = sum(os.path.getsize(p) for p in files)
        per = {}
        for p in files:
            md = pq.ParquetFile(p).metadata
            for g in range(md.num_row_groups):
                rg = md.row_group(g)
                for c in range(rg.num_columns):
                    col = rg.column(c)
                    path = col.path_in_schema
                    key = ("signals" if path.startswith("metadata.signals")
                           else "metadata" if path.startswith("metadata.metadata")
                           else path.split(".")[0])
                    per[key] = per.get(key, 0) + col.total_compressed_size
        results.append(("datatrove", "parquet", label, parquet / n, per.get("text", 0) / n,
                        per.get("signals", 0) / n, per.get("metadata", 0) / n, note))

ours = {}
for line in open(tsv):
    f = line.rstrip("\n").split("\t")
    if f[0] == "ghirbal":
        ours[(f[1], f[2])] = [float(x) for x in f[4:8]]

print(f"{len(rows)} kept records of {out}; bytes per record (text bytes per record uncompressed: "
      f"{sum(len(o['text'].encode()) for o in rows) / n:.0f})")
print(f"{'format':<10} {'fields':<8} {'writer':<10} {'total':>7} {'text':>7} {'signals':>8} {'metadata':>9}  ghirbal/datatrove")
for writer, fmt, label, total, text, sig, meta, note in results:
    g = ours[(fmt, label)]
    print(f"{fmt:<10} {label:<8} {'ghirbal':<10} {g[0]:>7.0f} {g[1]:>7.0f} {g[2]:>8.0f} {g[3]:>9.0f}  {g[0] / total:.3f}")
    print(f"{fmt:<10} {label:<8} {writer:<10} {total:>7.0f} {text:>7.0f} {sig:>8.0f} {meta:>9.0f}")
    if note:
        print(f"  datatrove {fmt} {label}: {note}")
