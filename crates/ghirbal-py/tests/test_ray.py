"""ghirbal.ray on a real local Ray (the suite's one session, 2 CPUs on 127.0.0.1): the output
is byte for byte `ghirbal run`'s on a corpus spread over several files with exact, URL and near
duplicates across files and one site's boilerplate line on pages in every file."""

import json
import random
import subprocess
import sys

import pytest

from conftest import EXAMPLES, output_files, run_cli, without_times

BOILERPLATE = "تابعوا آخر الأخبار على موقعنا وحساباتنا في مواقع التواصل الاجتماعي"
SITES = ["news-a.example.sa", "news-b.example.sa", "news-c.example.sa"]


def _vocabulary():
    words = []
    for line in (EXAMPLES / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        words.extend(json.loads(line)["text"].replace("\n", " ").split())
    return [w.strip(".،") for w in words if w.strip(".،")]


def _article(rng, vocab, n):
    sentences = []
    for _ in range(rng.randint(6, 9)):
        sentences.append(" ".join(rng.choice(vocab) for _ in range(rng.randint(12, 20))) + ".")
    return "\n".join(sentences)


def make_corpus(folder, files=4, per_file=30, seed=22):
    """Writes `files` JSONL files under `folder`; returns the paths, in order."""
    rng = random.Random(seed)
    vocab = _vocabulary()
    corpus = []
    for f in range(files):
        rows = []
        for i in range(per_file):
            site = SITES[(f * per_file + i) % len(SITES)]
            text = _article(rng, vocab, i)
            if site == SITES[0]:
                text += "\n" + BOILERPLATE
            rows.append({"id": f"f{f}-{i}", "url": f"https://{site}/{f}/{i}", "text": text})
        corpus.append(rows)
    # Across files: an exact copy, a second page at the same URL, and a near copy.
    corpus[2].append({"id": "exact-copy", "url": "https://news-b.example.sa/copy",
                      "text": corpus[0][4]["text"]})
    real = json.loads((EXAMPLES / "articles.jsonl").read_text(encoding="utf-8").splitlines()[0])
    corpus[3].insert(5, {"id": "url-copy", "url": corpus[0][4]["url"], "text": real["text"]})
    words = corpus[0][7]["text"].split(" ")
    words[3] = "وأضاف"
    corpus[3].append({"id": "near-copy", "url": "https://news-c.example.sa/near",
                      "text": " ".join(words)})
    paths = []
    folder.mkdir(parents=True, exist_ok=True)
    for f, rows in enumerate(corpus):
        path = folder / f"part-{f}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                        encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make_corpus(tmp_path_factory.mktemp("ray-corpus"))


@pytest.fixture(scope="module")
def cli_out(tmp_path_factory, cli_bin, corpus):
    out = tmp_path_factory.mktemp("ray-cli") / "out"
    run_cli(cli_bin, "run", *corpus, "-o", out, "--quiet")
    return out


def _stats(out):
    return json.loads((out / "stats.json").read_text())


def test_the_corpus_has_every_kind_of_duplicate_and_boilerplate(cli_out):
    # The comparison below means something only if the CLI did each thing on this corpus.
    rejected = _stats(cli_out)["total"]["rejected"]
    for reason in ("dedup:exact", "dedup:url", "dedup:near"):
        assert rejected.get(reason, 0) >= 1, (reason, rejected)
    kept = output_files(cli_out)
    assert kept, "the CLI wrote nothing"
    import zstandard

    text = zstandard.ZstdDecompressor().decompressobj().decompress(
        kept["kept/part-00000.jsonl.zst"]).decode()
    assert "news-a.example.sa" in text
    assert BOILERPLATE not in text  # clean.site took the line off every page of site A


def test_ray_run_is_byte_identical_to_the_cli(tmp_path, ray_session, corpus, cli_out):
    import ghirbal.ray

    out = tmp_path / "out"
    stats = ghirbal.ray.run(corpus, out, progress=False)
    assert output_files(out) == output_files(cli_out)
    cli = without_times(_stats(cli_out))
    ours = without_times(json.loads((out / "stats.json").read_text()))
    assert ours["total"] == cli["total"]
    assert ours["files"] == cli["files"]
    assert {k: (v["in"], v["out"]) for k, v in ours["stages"].items()} == {
        k: (v["in"], v["out"]) for k, v in cli["stages"].items()}
    assert stats["ray"]["record_tasks_run"] == len(corpus)
    # The corpus stages ran partitioned (one key range per CPU of the suite's Ray): a map
    # task per input and a reduce task per partition for each stage.
    assert stats["ray"]["partitions"] == 2
    assert {k: v["tasks"] for k, v in stats["ray"]["steps"].items()} == {
        "site-map": 4, "site-reduce": 2, "dedup-map": 4, "dedup-reduce": 2}
    assert ours["stages"]["dedup"]["index"]["observed"] == cli["stages"]["dedup"]["index"][
        "observed"]
    for key in ("clusters", "exact", "url", "near"):
        assert ours["stages"]["dedup"]["index"][key] == cli["stages"]["dedup"]["index"][key]
    for key in ("pages", "pairs", "sites", "lines"):
        assert ours["stages"]["clean.site"]["index"][key] == cli["stages"]["clean.site"][
            "index"][key]
    assert stats["total"] == json.loads((out / "stats.json").read_text())["total"]
    # The work folder is gone once the output is complete.
    assert not any((out / ".ghirbal" / "ray").iterdir())


def test_parquet_and_switches_are_byte_identical(tmp_path, ray_session, cli_bin, corpus):
    import ghirbal.ray

    cli = tmp_path / "cli"
    run_cli(cli_bin, "run", *corpus, "-o", cli, "--quiet", "--format", "parquet",
            "--skip", "pii", "--fields", "id,text,url,lang")
    out = tmp_path / "ray"
    ghirbal.ray.run(corpus, out, format="parquet", skip="pii", fields="id,text,url,lang",
                    progress=False)
    assert output_files(out) == output_files(cli)


def test_command_line_form(tmp_path, ray_session, corpus, cli_out):
    address = ray_session.get_runtime_context().gcs_address
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "ghirbal.ray", "run", *map(str, corpus), "-o", str(out),
         "--address", address],
        capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert output_files(out) == output_files(cli_out)
    assert "records" in done.stdout and "kept" in done.stdout  # the CLI's summary table
    assert "4/4 tasks" in done.stderr  # progress on the driver


def test_a_task_that_fails_for_good_names_its_input(tmp_path, ray_session, corpus):
    import ghirbal.ray

    with pytest.raises(ghirbal.GhirbalError, match=r"the task of input .*part-2\.jsonl failed"):
        ghirbal.ray.run(corpus, tmp_path / "failed", progress=False, _test={"raise_for": 2})
    bad = tmp_path / "in"
    bad.mkdir()
    good = bad / "a.jsonl"
    good.write_bytes(corpus[0].read_bytes())
    with pytest.raises(ghirbal.InputError, match="input not found"):
        ghirbal.ray.run([good, bad / "missing.jsonl"], tmp_path / "out", progress=False)


def test_one_pass_runs_cut_batches_as_the_cli(tmp_path, ray_session, cli_bin, corpus):
    # Without corpus stages the records go straight from the record stages to the shards, so
    # batches (one zstd frame each) must be cut by the records' sizes as read, not as cleaned;
    # small batches and the sample's WARC and HTML pages (whose bodies shrink to their text)
    # make a difference visible.
    config = tmp_path / "one-pass.toml"
    config.write_text("[run]\nbatch_bytes = 3000\n\n[clean.site]\nenabled = false\n")
    cli = tmp_path / "cli"
    run_cli(cli_bin, "run", EXAMPLES, *corpus, "-o", cli, "--quiet", "--skip", "dedup",
            "--config", config)
    out = tmp_path / "ray"
    stats = ghirbal_ray().run([EXAMPLES, *corpus], out, skip="dedup", config=config,
                              progress=False)
    assert stats["run"]["passes"] == 1
    assert output_files(out) == output_files(cli)


def ghirbal_ray():
    import ghirbal.ray

    return ghirbal.ray


def test_split_inputs_are_byte_identical(tmp_path, ray_session, cli_bin, corpus, cli_out):
    # Each input cut into 3 tasks, records dealt in blocks of 7 (a test-only block size), over
    # the sample (WARC, HTML, a Parquet file, error records) and the corpus.
    cli = tmp_path / "cli"
    run_cli(cli_bin, "run", EXAMPLES, *corpus, "-o", cli, "--quiet")
    out = tmp_path / "ray"
    stats = ghirbal_ray().run([EXAMPLES, *corpus], out, split=3, progress=False,
                              _test={"split_block": 7})
    assert output_files(out) == output_files(cli)
    assert stats["ray"]["record_tasks_run"] == 3 * (len(list(EXAMPLES.iterdir())) + len(corpus))
    cli_stats = json.loads((cli / "stats.json").read_text())
    assert stats["total"] == {**cli_stats["total"], "seconds": stats["total"]["seconds"]}


def _split_shapes(folder, corpus):
    """The corpus in shapes that split parts cut by bytes or row groups: JSONL with CRLF line
    ends, blank lines, a bad line, records without ids and no line break at the end; a JSONL
    file whose first line is most of it (a part of it holds no record start); WET records in
    one gzip member each, some without a record id; Parquet in row groups of 4 rows; and one
    gzip member of JSONL, which is not cut by bytes."""
    import gzip

    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    rows = [[json.loads(line) for line in p.read_text(encoding="utf-8").splitlines()]
            for p in corpus]
    lines = []
    for i, r in enumerate(rows[0]):
        if i % 4 == 1:
            r = {k: v for k, v in r.items() if k != "id"}
        lines.append(json.dumps(r, ensure_ascii=False) + "\r\n")
        if i == 3:
            lines.append("\r\n  \n{\"text\": broken}\n")
    text = "".join(lines).rstrip()
    (folder / "a.jsonl").write_bytes(text.encode())
    big = {"url": "https://news-c.example.sa/big", "text": "\n".join(r["text"] for r in rows[1])}
    (folder / "b.jsonl").write_text(
        json.dumps(big, ensure_ascii=False) + "\n" + json.dumps(rows[1][0], ensure_ascii=False)
        + "\n", encoding="utf-8")
    members = b""
    for i, r in enumerate(rows[2]):
        block = r["text"].encode()
        head = f"WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: {r['url']}\r\n"
        if i % 3:
            head += f"WARC-Record-ID: <urn:uuid:{r['id']}>\r\n"
        head += f"Content-Length: {len(block)}\r\n\r\n"
        members += gzip.compress(head.encode() + block + b"\r\n\r\n")
    (folder / "c.warc.wet.gz").write_bytes(members)
    table = pa.table({"url": [r["url"] for r in rows[3]], "text": [r["text"] for r in rows[3]]})
    pq.write_table(table, folder / "d.parquet", row_group_size=4, compression="zstd")
    (folder / "e.jsonl.gz").write_bytes(gzip.compress(text.encode()))
    return sorted(folder.iterdir())


def test_split_parts_read_their_share_byte_identical(tmp_path, ray_session, cli_bin, corpus):
    # Each input cut into 3 tasks that read their own byte range or row groups (one gzip
    # member of JSONL is read whole by each): kept/ and rejects/ as ghirbal run's.
    inputs = _split_shapes(tmp_path / "in", corpus)
    cli = tmp_path / "cli"
    run_cli(cli_bin, "run", *inputs, "-o", cli, "--quiet")
    cli_stats = json.loads((cli / "stats.json").read_text())
    # The bad line, in a.jsonl and its gzip copy; nothing else is unreadable.
    assert cli_stats["total"]["errors"] == {"error:bad_json": 2}
    out = tmp_path / "ray"
    stats = ghirbal_ray().run(inputs, out, split=3, progress=False, _test={"split_block": 7})
    assert output_files(out) == output_files(cli)
    assert stats["total"] == {**cli_stats["total"], "seconds": stats["total"]["seconds"]}
    split = stats["ray"]["split"]
    assert (split["byte_range"], split["row_groups"]) == (3, 1)
    assert list(split["read_whole"]) == [str(inputs[-1])]
    # The byte-range parts read each byte once, the row-group parts their column chunks;
    # each part of the gzip JSONL reads it whole.
    sizes = {p.name: p.stat().st_size for p in inputs}
    cut = sum(v for k, v in sizes.items() if k not in ("d.parquet", "e.jsonl.gz"))
    read = split["input_bytes_read"] - cut - 3 * sizes["e.jsonl.gz"]
    assert 0 < read < sizes["d.parquet"]
    assert split["max_part_bytes"] < max(sizes.values())


def test_split_parts_after_damage_are_left_out(tmp_path, ray_session, cli_bin, corpus):
    # A gzip WET file, one member per record, with a damaged member early on: ghirbal run
    # stops at the damage; in 3 parts, the parts after the damaged one are left out.
    import gzip

    rows = [json.loads(line) for line in corpus[1].read_text(encoding="utf-8").splitlines()]
    members = b""
    for i, r in enumerate(rows):
        block = r["text"].encode()
        head = (f"WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: {r['url']}\r\n"
                f"Content-Length: {len(block)}\r\n\r\n")
        members += gzip.compress(head.encode() + block + b"\r\n\r\n")
        if i == 4:
            members += b"\x1f\x8b\x08\0\0\0\0\0\0\xff\xff\xff\xff\xff"
    (tmp_path / "in").mkdir()
    path = tmp_path / "in" / "damaged.warc.wet.gz"
    path.write_bytes(members)
    inputs = [path, *corpus]
    cli = tmp_path / "cli"
    run_cli(cli_bin, "run", *inputs, "-o", cli, "--quiet")
    cli_stats = json.loads((cli / "stats.json").read_text())
    assert cli_stats["total"]["errors"] == {"error:bad_gzip": 1}
    out = tmp_path / "ray"
    stats = ghirbal_ray().run(inputs, out, split=3, progress=False)
    assert output_files(out) == output_files(cli)
    assert stats["total"] == {**cli_stats["total"], "seconds": stats["total"]["seconds"]}


@pytest.mark.parametrize("partitions", [5, 0])
def test_any_number_of_partitions_gives_the_same_output(tmp_path, ray_session, corpus, cli_out,
                                                        partitions):
    # 5 key ranges (more than inputs, so some are empty) and 0 (the corpus stages in the one
    # task that writes): the output does not change.
    out = tmp_path / "out"
    stats = ghirbal_ray().run(corpus, out, partitions=partitions, progress=False)
    assert output_files(out) == output_files(cli_out)
    assert stats["ray"]["partitions"] == partitions
    tasks = {k: v["tasks"] for k, v in stats["ray"]["steps"].items()}
    if partitions:
        assert tasks == {"site-map": 4, "site-reduce": 5, "dedup-map": 4, "dedup-reduce": 5}
        # What each step wrote for the next: the shuffle.
        assert all(v["bytes_written"] > 0 for v in stats["ray"]["steps"].values())
    else:
        assert tasks == {}


def test_partitioned_steps_with_only_one_corpus_stage(tmp_path, ray_session, cli_bin, corpus):
    # Dedup alone (site boilerplate off), and site boilerplate alone (dedup skipped).
    config = tmp_path / "no-site.toml"
    config.write_text("[clean.site]\nenabled = false\n")
    for name, args, kwargs in [
        ("dedup", ["--config", config], {"config": config}),
        ("site", ["--skip", "dedup"], {"skip": "dedup"}),
    ]:
        cli = tmp_path / f"cli-{name}"
        run_cli(cli_bin, "run", *corpus, "-o", cli, "--quiet", *args)
        out = tmp_path / f"ray-{name}"
        stats = ghirbal_ray().run(corpus, out, partitions=3, progress=False, **kwargs)
        assert output_files(out) == output_files(cli), name
        assert len(stats["ray"]["steps"]) == 2, stats["ray"]["steps"]


def test_bad_partitions_is_refused(tmp_path, ray_session, corpus):
    import ghirbal

    with pytest.raises(ghirbal.ConfigError, match="bad partitions"):
        ghirbal_ray().run(corpus, tmp_path / "out", partitions=-1, progress=False)
