"""Pipeline.process on Arrow data against the command line's output on the same records."""

import json
import subprocess
import sys
import threading
import time

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pj
import pyarrow.parquet as pq
import pytest
import zstandard

import ghirbal
from conftest import run_cli

# The record columns both sides write; metadata is compared apart (the CLI adds the input
# file and byte offset, which in-memory data does not have).
COLUMNS = ["id", "text", "title", "lede", "captions", "url", "date", "crawl_date", "source", "lang",
           "lang_score", "script", "dup_cluster_size", "signals"]
STRING_FIELDS = ["id", "source", "url", "date_extracted", "title", "author", "content", "text"]


def read_jsonl_zst(path, limit=None) -> pa.Table:
    data = zstandard.ZstdDecompressor().stream_reader(open(path, "rb")).read()
    if limit is not None:
        data = b"\n".join(data.split(b"\n", limit)[:limit]) + b"\n"
    schema = pa.schema([(f, pa.string()) for f in STRING_FIELDS])
    return pj.read_json(pa.BufferReader(data),
                        parse_options=pj.ParseOptions(explicit_schema=schema))


def read_parquet_dir(d) -> pa.Table:
    tables = [pq.read_table(f) for f in sorted(d.iterdir())]
    return pa.concat_tables(tables) if tables else None


def strip_metadata(table: pa.Table) -> list:
    out = []
    for m in table.column("metadata").to_pylist():
        # A struct (input_file, input_offset, and the input's own fields as JSON text in
        # `other`); JSON text in outputs written before the typed columns.
        m = json.loads(m) if isinstance(m, str) else json.loads(m.get("other") or "{}")
        m.pop("input_file", None)
        m.pop("input_offset", None)
        out.append(m)
    return out


@pytest.fixture(scope="module")
def cli_record_stages(tmp_path_factory, cli_bin, saudinewsnet):
    """The CLI on SaudiNewsNet with only the record stages: dedup and clean.site off."""
    work = tmp_path_factory.mktemp("cli")
    toml = work / "record-stages.toml"
    toml.write_text("[clean.site]\nenabled = false\n")
    out = work / "out"
    run_cli(cli_bin, "run", saudinewsnet, "-o", out, "--skip", "dedup", "--config", toml,
            "--format", "parquet", "--quiet")
    return read_parquet_dir(out / "kept"), read_parquet_dir(out / "rejects")


@pytest.fixture(scope="module")
def snn_table(saudinewsnet) -> pa.Table:
    return read_jsonl_zst(saudinewsnet)


def assert_same(result: ghirbal.ProcessResult, cli, ids=None):
    cli_kept, cli_rejects = cli
    if ids is not None:
        keep = pa.array(ids)
        cli_kept = cli_kept.filter(pc.is_in(cli_kept.column("id"), value_set=keep))
        cli_rejects = cli_rejects.filter(pc.is_in(cli_rejects.column("id"), value_set=keep))
    kept, rejects = result.kept, result.rejects
    assert kept.num_rows == cli_kept.num_rows
    assert rejects.num_rows == cli_rejects.num_rows
    for c in COLUMNS:
        assert kept.column(c).to_pylist() == cli_kept.column(c).to_pylist(), c
    assert strip_metadata(kept) == strip_metadata(cli_kept)
    for c in ["id", "text", "reason", "detail"]:
        assert rejects.column(c).to_pylist() == cli_rejects.column(c).to_pylist(), c
    t = result.stats["total"]
    assert t["read"] == t["kept"] + sum(t["rejected"].values()) + sum(t["errors"].values())
    assert t["kept"] == kept.num_rows


def test_process_pyarrow_table_matches_cli(snn_table, cli_record_stages):
    result = ghirbal.Pipeline().process(snn_table)
    assert result.stats["total"]["read"] == snn_table.num_rows
    assert_same(result, cli_record_stages)
    # The result exports its kept rows through the Arrow PyCapsule interface.
    assert pa.table(result).num_rows == result.kept.num_rows
    assert set(result.stats["stages"]) == {"extract", "clean", "pii", "lang", "filter"}


def test_process_polars_and_dicts_match_cli(snn_table, cli_record_stages):
    pl = pytest.importorskip("polars")
    head = snn_table.slice(0, 3000)
    ids = head.column("id").to_pylist()
    pipeline = ghirbal.Pipeline()
    assert_same(pipeline.process(pl.from_arrow(head)), cli_record_stages, ids)
    assert_same(pipeline.process(head.to_pylist()), cli_record_stages, ids)
    reader = pa.RecordBatchReader.from_batches(head.schema, head.to_batches(max_chunksize=700))
    assert_same(pipeline.process(reader), cli_record_stages, ids)
    streamed = list(pipeline.stream(head))
    kept = pa.concat_tables([r.kept for r in streamed])
    assert kept.column("id").to_pylist() == pipeline.process(head).kept.column("id").to_pylist()


def test_process_output_loads_in_polars(snn_table):
    pl = pytest.importorskip("polars")
    result = ghirbal.Pipeline().process(snn_table.slice(0, 200))
    frame = pl.DataFrame(result)
    assert frame.height == result.kept.num_rows
    assert frame.columns[:2] == ["id", "text"]


def test_bad_rows_are_rejects_and_bad_data_an_input_error():
    pipeline = ghirbal.Pipeline(preset="minimal")
    result = pipeline.process([{"text": "good"}, {"text": None, "id": "x"}, {"id": "y"}])
    assert result.kept.column("text").to_pylist() == ["good"]
    assert result.kept.column("id").to_pylist() == ["0"]
    assert result.rejects.column("reason").to_pylist() == ["error:no_text", "error:no_text"]
    assert result.stats["total"]["errors"] == {"error:no_text": 2}
    with pytest.raises(ghirbal.InputError, match="no column `text`"):
        pipeline.process([{"body": "no text column"}])
    with pytest.raises(ghirbal.InputError):
        pipeline.process(42)
    with pytest.raises(ghirbal.ConfigError):
        ghirbal.Pipeline(config={"filter": {"mode": 3}})


def test_html_column_goes_through_extract():
    page = ("<html><head><title>عنوان الخبر</title></head><body><nav>الرئيسية</nav><article>"
            "<h1>عنوان الخبر</h1><p>" + "قال المتحدث باسم الوزارة إن الاجتماع تناول عدة ملفات. " * 12
            + "</p></article></body></html>")
    result = ghirbal.Pipeline(only=["extract"]).process(
        [{"text": "", "html": page, "url": "https://example.com/a"}])
    assert result.kept.num_rows == 1
    assert "الاجتماع" in result.kept.column("text")[0].as_py()
    assert result.kept.column("title")[0].as_py() == "عنوان الخبر"


STREAM_RSS = """
import resource, sys
import pyarrow as pa
import pyarrow.compute as pc
import ghirbal

rows, text = 2000, "كلمة " * 400                       # 2000 rows of 2 kB: 4 MB a batch
batch = pa.record_batch({"text": pa.array([text] * rows)})
n_batches = int(sys.argv[1])

def batches():
    for _ in range(n_batches):
        yield batch

reader = pa.RecordBatchReader.from_batches(batch.schema, batches())
seen = 0
for result in ghirbal.Pipeline(preset="minimal").stream(reader):
    seen += result.kept.num_rows
assert seen == rows * n_batches, seen
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
"""


def test_record_batch_reader_streams_in_bounded_memory():
    def peak(n_batches):
        done = subprocess.run([sys.executable, "-c", STREAM_RSS, str(n_batches)],
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return int(done.stdout.strip())

    small = peak(5)      # 20 MB of text
    large = peak(200)    # 800 MB of text, more than the 288 MiB memory bound of a run
    # Forty times the data, the same memory give or take a few batches.
    assert large < small + 64 * 2**20, (small, large)


def test_process_releases_the_gil(snn_table):
    data = snn_table.slice(0, 4000)
    pipeline = ghirbal.Pipeline(threads=1)
    beats = []
    stop = threading.Event()

    def heartbeat():
        while not stop.is_set():
            beats.append(time.perf_counter())

    calls = []

    def call():
        t0 = time.perf_counter()
        pipeline.process(data)
        calls.append((t0, time.perf_counter()))

    workers = [threading.Thread(target=call) for _ in range(2)]
    ticker = threading.Thread(target=heartbeat)
    ticker.start()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    stop.set()
    ticker.join()
    (a0, a1), (b0, b1) = sorted(calls)
    # Both calls were running at once for most of their time, and meanwhile Python code ran:
    # the middle half of the overlap has heartbeats, which a call holding the GIL forbids.
    overlap = (max(a0, b0), min(a1, b1))
    assert overlap[1] > overlap[0], calls
    lo = overlap[0] + (overlap[1] - overlap[0]) / 4
    hi = overlap[1] - (overlap[1] - overlap[0]) / 4
    assert any(lo < t < hi for t in beats)
    assert min(a1 - a0, b1 - b0) > 0
