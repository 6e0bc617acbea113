"""Serves one large JSONL object made on the fly, for bench/remote.sh: no disk, any size.

GET /big.jsonl (with or without `Range: bytes=N-`) and HEAD. Line i is a fixed-length JSON
record, so any byte offset can be served without making what comes before it.
Usage: synth_server.py PORT GIB
"""
import http.server
import sys

LINE = 1024
FILLER = ("نص عربي للقياس " * 80)


def line(i: int) -> bytes:
    head = f'{{"id":"big-{i:012d}","text":"{i} '.encode()
    tail = b'"}\n'
    body = FILLER.encode()
    room = LINE - len(head) - len(tail)
    cut = body[:room]
    # Keep the cut on a UTF-8 boundary and pad with spaces to the fixed length.
    while cut and (cut[-1] & 0xC0) == 0x80:
        cut = cut[:-1]
    if cut and cut[-1] >= 0xC0:
        cut = cut[:-1]
    return head + cut + b" " * (room - len(cut)) + tail


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def headers_for(self, start, total):
        self.send_header("Content-Length", str(total - start))
        self.send_header("ETag", f'"synthetic-{total}"')
        self.send_header("Accept-Ranges", "bytes")
        if start:
            self.send_header("Content-Range", f"bytes {start}-{total - 1}/{total}")
        self.end_headers()

    def do_HEAD(self):
        self.send_response(200)
        self.headers_for(0, self.server.total)

    def do_GET(self):
        total = self.server.total
        start = 0
        r = self.headers.get("Range")
        if r and r.startswith("bytes="):
            start = int(r[6:].split("-")[0])
        self.send_response(206 if start else 200)
        self.headers_for(start, total)
        i, skip = divmod(start, LINE)
        lines = total // LINE
        while i < lines:
            chunk = b"".join(line(j) for j in range(i, min(i + 1024, lines)))
            i += 1024
            try:
                self.wfile.write(chunk[skip:])
            except (BrokenPipeError, ConnectionResetError):
                return
            skip = 0

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
server.total = int(float(sys.argv[2]) * (1 << 30)) // LINE * LINE
server.serve_forever()
