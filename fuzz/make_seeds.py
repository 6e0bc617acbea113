#!/usr/bin/env python3
"""Writes the committed seed corpus of every fuzz target into fuzz/seeds/<target>/.

Each seed is small (under 4 KiB) and valid or nearly valid for its target, so the fuzzer starts
from inputs that reach deep into the code: Arabic text, the usual fields, gzip and zstd
containers, a Parquet file (pyarrow, when it can be imported), WARC and WET records. Run it
again after changing it: `python3 fuzz/make_seeds.py` (pyarrow from the test venv for Parquet).
"""
import gzip
import itertools
import io
import json
import os
import struct
import subprocess
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "seeds")

AR = "قال وزير الخارجية إن المحادثات مستمرة حتى يوم الخميس المقبل في الرياض."
AR2 = "أعلنت الهيئة العامة للإحصاء ارتفاع الناتج المحلي بنسبة ٣٫٥٪ خلال الربع الأول."
SERIAL = itertools.count(1)
EN = "The ministry said talks would continue until Thursday in Riyadh."


def put(target, name, data):
    d = os.path.join(ROOT, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    assert len(data) <= 4096, (target, name, len(data))
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def zst(data):
    return subprocess.run(["zstd", "-q", "-c", "-3"], input=data, capture_output=True, check=True).stdout


def gz(data):
    return gzip.compress(data, mtime=0)


def zst_rle_bomb(blocks):
    """A zstd frame of `blocks` RLE blocks of 128 KiB of spaces: 4 bytes per 128 KiB decoded."""
    frame = b"\x28\xb5\x2f\xfd" + bytes([0x00, 7 << 3])
    for i in range(blocks):
        header = (128 << 10) << 3 | 1 << 1 | (i + 1 == blocks)
        frame += header.to_bytes(4, "little")[:3] + b" "
    return frame


def jsonl():
    lines = [
        {"id": "a1", "text": AR, "url": "https://news.example.sa/a1", "date": "2024-03-05"},
        {"id": "a2", "text": AR2 + "\n\n" + AR, "title": "الاقتصاد", "meta": {"lang": "ar"}},
        {"text": EN, "source": "wire"},
    ]
    body = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines).encode()
    put("read_jsonl", "plain.jsonl", body)
    put("read_jsonl", "gzip.jsonl", gz(body))
    put("read_jsonl", "zstd.jsonl", zst(body))
    put("read_jsonl", "members.jsonl", gz(body[:100]) + gz(body[100:]))
    # 8 MiB of spaces from 262 bytes between two frames: a bomb at the fuzz limits, skipped.
    cut = body.index(b"\n") + 1
    put("read_jsonl", "bomb-frames.jsonl", zst(body[:cut]) + zst_rle_bomb(64) + zst(body[cut:]))
    put("read_jsonl", "surrogate.jsonl", '{"text": "a\\ud800b \\u0000 c"}\n{"text": 5}\n{"id": "x"}\n')
    put("read_jsonl", "array.jsonl", json.dumps(lines, ensure_ascii=False, indent=1))
    put("read_jsonl", "bad.jsonl", b'{"text": "ok"}\n{"text": "\xff\xfe"}\n{"text": \n\n{"text": "end"}\n')


def text():
    body = (AR + "\n" + AR2 + "\n\n" + EN + "\n").encode()
    put("read_text", "plain.txt", body)
    put("read_text", "gzip.txt", gz(body))
    put("read_text", "zstd.txt", zst(body))
    put("read_text", "page.txt", "<!doctype html><html><body><p>" + AR + "</p></body></html>")
    put("read_text", "cp1256.txt", AR.encode("cp1256"))
    put("read_text", "nul.txt", b"abc\x00def\x01\x02" + AR.encode())


def http_response(html, ct="text/html; charset=utf-8"):
    head = f"HTTP/1.1 200 OK\r\nContent-Type: {ct}\r\nContent-Length: {len(html)}\r\n\r\n"
    return head.encode() + html


def warc_record(kind, uri, block, extra=""):
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
        f"WARC-Date: 2024-03-05T12:00:00Z\r\nWARC-Record-ID: <urn:uuid:{next(SERIAL):012d}>\r\n"
        f"{extra}Content-Length: {len(block)}\r\n\r\n"
    )
    return head.encode() + block + b"\r\n\r\n"


def warc():
    page = ("<html><head><title>خبر</title></head><body><article><p>" + AR + "</p><p>" + AR2
            + "</p></article><footer>جميع الحقوق محفوظة</footer></body></html>").encode()
    recs = [
        warc_record("warcinfo", "", b"software: seed\r\n", "Content-Type: application/warc-fields\r\n"),
        warc_record("request", "https://news.example.sa/a1", b"GET /a1 HTTP/1.1\r\nHost: news.example.sa\r\n\r\n",
                    "Content-Type: application/http; msgtype=request\r\n"),
        warc_record("response", "https://news.example.sa/a1", http_response(page),
                    "Content-Type: application/http; msgtype=response\r\n"),
        warc_record("response", "https://news.example.sa/a2",
                    http_response(AR.encode("cp1256"), "text/html; charset=ISO-8859-1"),
                    "Content-Type: application/http; msgtype=response\r\n"),
    ]
    put("read_warc", "plain.warc", b"".join(recs))
    put("read_warc", "members.warc", b"".join(gz(r) for r in recs))
    put("read_warc", "zstd.warc", zst(b"".join(recs)))
    chunked = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n"
               b"Content-Encoding: gzip\r\n\r\n")
    z = gz(page)
    chunked += b"%x\r\n" % len(z) + z + b"\r\n0\r\n\r\n"
    put("read_warc", "chunked.warc", warc_record("response", "https://x.example/c", chunked,
                                                  "Content-Type: application/http; msgtype=response\r\n"))
    short = warc_record("response", "https://x.example/s", http_response(page))
    put("read_warc", "wrong-length.warc", short.replace(b"Content-Length: ", b"Content-Length: 1", 1) + recs[2])


def wet():
    recs = [
        warc_record("warcinfo", "", b"software: seed\r\n", "Content-Type: application/warc-fields\r\n"),
        warc_record("conversion", "https://news.example.sa/a1", (AR + "\n" + AR2).encode(),
                    "Content-Type: text/plain\r\nWARC-Identified-Content-Language: ara\r\n"),
        warc_record("conversion", "https://news.example.com/e", EN.encode(), "Content-Type: text/plain\r\n"),
    ]
    put("read_wet", "plain.wet", b"".join(recs))
    put("read_wet", "members.wet", b"".join(gz(r) for r in recs))
    put("read_wet", "zstd.wet", zst(b"".join(recs)))


def parquet():
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        print("pyarrow missing: Parquet seeds left as they are", file=sys.stderr)
        return
    tables = {
        "plain.parquet": pa.table({"id": ["a1", "a2"], "text": [AR, AR2], "url": ["https://a/1", None]}),
        "wrong-type.parquet": pa.table({"id": [1, 2], "text": [3, 4]}),
        "nested.parquet": pa.table({"text": [AR, None], "meta": [{"lang": "ar", "n": 1}, None],
                                    "tags": [["a", "b"], []]}),
        "dictionary.parquet": pa.table({"text": pa.array([AR, AR, EN]).dictionary_encode()}),
    }
    for name, t in tables.items():
        buf = io.BytesIO()
        pq.write_table(t, buf, compression="zstd" if "plain" in name else "snappy")
        put("read_parquet", name, buf.getvalue())


def extract():
    page = ("<!doctype html><html lang=ar dir=rtl><head><meta charset=utf-8><title>خبر - الموقع</title>"
            "<meta property=\"article:published_time\" content=\"2024-03-05T10:00:00+03:00\"></head>"
            "<body><nav><a href=/>الرئيسية</a></nav><article><h1>خبر</h1><p>" + AR + "</p><p>" + AR2
            + "</p></article><footer>جميع الحقوق محفوظة ٢٠٢٤</footer></body></html>")
    put("extract", "utf8.html", page)
    put("extract", "cp1256.html", page.replace("charset=utf-8", "charset=windows-1256").encode("cp1256", "xmlcharrefreplace"))
    put("extract", "lying-header.html", b"Content-Type: text/html; charset=ISO-8859-1\n" + page.encode())
    put("extract", "utf16.html", b"Content-Type: text/html\n" + page.encode("utf-16"))
    put("extract", "nested.html", "<div>" * 300 + "<p>" + AR + "</p>" + "</div>" * 300)
    put("extract", "table.html", "<html><body><table><tr><td>" + AR + "</td><td>" + EN
        + "</td></tr></table><script>var x='<p>';</script><!-- c --></body></html>")


def clean():
    page = "\n".join(["الرئيسية | أخبار | رياضة", "عنوان الخبر", "", AR, AR2, "اقرأ أيضا: خبر آخر",
                      "شارك على فيسبوك", "جميع الحقوق محفوظة © 2024"])
    put("clean", "page.txt", page)
    put("clean", "site.txt", (page + "\x1e" + page.replace(AR, EN) + "\x1e" + page).encode())
    put("clean", "mixed.txt", "  " + AR + "\u200f\u200e\u0640\u0640 \ufeff\n\n\n" + EN + "\r\n\t<p>x</p>")


def pii():
    put("pii", "contacts.txt", "راسلونا على info@news.example.sa أو اتصلوا على +966 50 123 4567 أو ٠٥٠١٢٣٤٥٦٧")
    put("pii", "net.txt", "server 192.168.1.20 and 2001:db8::1 logged; IBAN SA03 8000 0000 6080 1016 7519 ok")
    put("pii", "mixed.txt", AR + " user.name+tag@sub.domain.co.uk (020) 7946 0958 FR76 3000 6000 0112 3456 7890 189")


def date():
    for i, s in enumerate([
        "2024-03-05T12:00:00Z", "نشر في ٥ مارس ٢٠٢٤ الساعة ١٠:٣٠", "Published: March 5, 2024",
        "mis à jour le 5 mars 2024 à 10h30", "منذ 3 ساعات", "الثلاثاء 23 رمضان 1445 هـ الموافق 2 أبريل 2024",
        "05/03/2024", "Tue, 05 Mar 2024 10:00:00 +0300", "آخر تحديث: 2024/3/5",
    ]):
        put("date", f"d{i}.txt", s)


def dedup_index():
    # After the 48-byte header the target adds: 4 counts, then exact, URL and band entries
    # (key, 1<<63 | record), then the ids (u32 length, bytes).
    prior = 1 << 63
    exact = sorted([(0x1234, prior | 0), (0xFFFF_0000, prior | 1)])
    url = [(0x55, prior | 1)]
    bands = sorted([(7, prior | 0), (9, prior | 1), (9, prior | 0)])
    ids = [b"old-1", "قديم-2".encode()]
    body = struct.pack("<4Q", len(ids), len(exact), len(url), len(bands))
    for k, o in exact + url:
        body += struct.pack("<QQQ", k & (2**64 - 1), k >> 64, o)
    for k, o in bands:
        body += struct.pack("<QQ", k, o)
    for i in ids:
        body += struct.pack("<I", len(i)) + i
    put("dedup_index", "two-records.bin", body)
    put("dedup_index", "empty.bin", struct.pack("<4Q", 0, 0, 0, 0))
    put("dedup_index", "short.bin", body[: len(body) - 7])


if __name__ == "__main__":
    for f in (jsonl, text, warc, wet, parquet, extract, clean, pii, date, dedup_index):
        f()
    print("seeds written under", ROOT)
