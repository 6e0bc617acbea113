#!/usr/bin/env python3
"""Regenerates the sample inputs in examples/ from the readable sources beside this script.

The sample shows every input format ghirbal reads; the sources are short news texts written
for this project. Run with the bench venv (it has pyarrow and zstandard):

    bench/setup-venv.sh && bench/.venv/bin/python examples-src/make.py
"""
import gzip
import json
import pathlib
import uuid

import pyarrow as pa
import pyarrow.parquet as pq
import zstandard

SRC = pathlib.Path(__file__).resolve().parent
HERE = SRC.parent / "examples"


def lines(name):
    return (SRC / name).read_text(encoding="utf-8")


def records(name):
    return [json.loads(l) for l in lines(name).splitlines() if l.strip()]


def warc_record(headers, block):
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
    head += f"Content-Length: {len(block)}\r\n\r\n"
    return head.encode() + block + b"\r\n\r\n"


def write_wet(path, pages):
    """One gzip member per WARC record, as Common Crawl writes WET files."""
    info = b"Software: ghirbal examples/make.py\r\nformat: WARC File Format 1.0\r\n"
    members = [warc_record([("WARC-Type", "warcinfo"), ("WARC-Date", "2024-01-17T00:00:00Z"),
                            ("WARC-Record-ID", f"<urn:uuid:{uuid.UUID(int=1)}>"),
                            ("Content-Type", "application/warc-fields")], info)]
    for i, page in enumerate(pages, start=2):
        body = page["text"].encode("utf-8")
        members.append(warc_record([
            ("WARC-Type", "conversion"),
            ("WARC-Target-URI", page["url"]),
            ("WARC-Date", page["date"]),
            ("WARC-Record-ID", f"<urn:uuid:{uuid.UUID(int=i)}>"),
            ("Content-Type", "text/plain"),
        ], body))
    with open(path, "wb") as f:
        for m in members:
            f.write(gzip.compress(m, mtime=0))


def write_warc(path, html, url):
    """A small crawl: warcinfo, then a request and its HTML response, one gzip member each."""
    http = ("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            f"Content-Length: {len(html)}\r\n\r\n").encode() + html
    req = f"GET {url} HTTP/1.1\r\nHost: news.example.sa\r\n\r\n".encode()
    date = "2024-02-15T10:00:00Z"
    records = [
        warc_record([("WARC-Type", "warcinfo"), ("WARC-Date", date),
                     ("WARC-Record-ID", f"<urn:uuid:{uuid.UUID(int=101)}>"),
                     ("Content-Type", "application/warc-fields")], b"software: ghirbal examples-src/make.py\r\n"),
        warc_record([("WARC-Type", "request"), ("WARC-Target-URI", url), ("WARC-Date", date),
                     ("WARC-Record-ID", f"<urn:uuid:{uuid.UUID(int=102)}>"),
                     ("Content-Type", "application/http; msgtype=request")], req),
        warc_record([("WARC-Type", "response"), ("WARC-Target-URI", url), ("WARC-Date", date),
                     ("WARC-Record-ID", f"<urn:uuid:{uuid.UUID(int=103)}>"),
                     ("Content-Type", "application/http; msgtype=response")], http),
    ]
    with open(path, "wb") as f:
        for r in records:
            f.write(gzip.compress(r, mtime=0))


def main():
    (HERE / "articles.jsonl").write_text(lines("articles.jsonl"), encoding="utf-8")
    with gzip.GzipFile(HERE / "wire.jsonl.gz", "wb", mtime=0) as f:
        f.write(lines("wire.jsonl").encode("utf-8"))
    (HERE / "briefs.jsonl.zst").write_bytes(
        zstandard.ZstdCompressor(level=19).compress(lines("briefs.jsonl").encode("utf-8")))
    arch = records("archive.jsonl")
    table = pa.table({k: [r[k] for r in arch] for k in ["id", "url", "title", "date", "text"]})
    pq.write_table(table, HERE / "archive.parquet", compression="zstd")
    write_wet(HERE / "crawl.warc.wet.gz", records("wet-pages.jsonl"))
    # examples/page.html is itself a source (hand-written); the WARC wraps the same page.
    html = (HERE / "page.html").read_bytes()
    write_warc(HERE / "crawl.warc.gz", html, "https://news.example.sa/local/2024/02/solar-desalination")


if __name__ == "__main__":
    main()
