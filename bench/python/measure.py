"""The measurements of bench/python.sh; prints one table and the ratios against each peer.

CPU is user + system time: of the child process for the binary and for ghirbal.run (each run
in its own process, so both pay start-up alike), and of this process around
Pipeline.process and the datatrove steps (the Rust threads are counted: they belong to this
process). Each figure is the median of the rounds; runs of the two sides alternate.
"""

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import pyarrow as pa
import pyarrow.json as pj
import pyarrow.parquet as pq
import zstandard

FIELDS = ["id", "source", "url", "date_extracted", "title", "author", "content", "text"]

RUN_SNIPPET = """
import sys, ghirbal
ghirbal.run(sys.argv[1], sys.argv[2], threads=int(sys.argv[3]), progress=False, overwrite=True)
"""


def child(cmd):
    """Runs cmd; returns (wall, cpu) of the child."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def own(fn):
    """Runs fn in this process; returns (wall, cpu, result)."""
    before = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    result = fn()
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, result


def read_snn(path, limit=None):
    data = zstandard.ZstdDecompressor().stream_reader(open(path, "rb")).read()
    if limit:
        data = b"\n".join(data.split(b"\n", limit)[:limit]) + b"\n"
    schema = pa.schema([(f, pa.string()) for f in FIELDS])
    return pj.read_json(pa.BufferReader(data), parse_options=pj.ParseOptions(explicit_schema=schema))


def median(xs):
    return statistics.median(xs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--snn", required=True)
    ap.add_argument("--arb-config", required=True)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--datatrove-docs", type=int, default=3000)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--profile", default="release")
    a = ap.parse_args()

    import ghirbal

    work = tempfile.mkdtemp(prefix="ghirbal-bench-python-")
    n_docs = None
    lines = []
    say = lambda s="": (lines.append(s), print(s, flush=True))  # noqa: E731
    say(f"corpus: SaudiNewsNet ({a.snn}); machine: {os.cpu_count()} cores; "
        f"threads {a.threads}; cargo profile {a.profile} (both sides); median of {a.rounds} rounds")

    # 1. ghirbal.run vs the binary, whole default pipeline.
    cli, py = [], []
    for _ in range(a.rounds):
        cli.append(child([a.bin, "run", a.snn, "-o", f"{work}/cli", "--quiet", "--overwrite",
                          "--threads", str(a.threads)]))
        py.append(child([sys.executable, "-c", RUN_SNIPPET, a.snn, f"{work}/py",
                         str(a.threads)]))
    n_docs = json.load(open(f"{work}/cli/stats.json"))["total"]["read"]
    same = all(
        open(os.path.join(f"{work}/cli", d, f), "rb").read()
        == open(os.path.join(f"{work}/py", d, f), "rb").read()
        for d in ("kept", "rejects") for f in os.listdir(os.path.join(f"{work}/cli", d)))
    cw, cc = median([w for w, _ in cli]), median([c for _, c in cli])
    pw, pc_ = median([w for w, _ in py]), median([c for _, c in py])
    say()
    say("1. ghirbal run vs ghirbal.run (arabic-news, every stage), whole processes")
    say(f"   {'':22} {'wall s':>8} {'cpu s':>8} {'docs/cpu-s':>11}")
    say(f"   {'binary':22} {cw:8.2f} {cc:8.2f} {n_docs / cc:11.0f}")
    say(f"   {'ghirbal.run':22} {pw:8.2f} {pc_:8.2f} {n_docs / pc_:11.0f}")
    say(f"   overhead: cpu {100 * (pc_ / cc - 1):+.1f} %, wall {100 * (pw / cw - 1):+.1f} % "
        f"(target <= 5 %); outputs byte-identical: {same}")

    # 2. Pipeline.process on Arrow vs the binary with the same (record) stages.
    toml = os.path.join(work, "record.toml")
    open(toml, "w").write("[clean.site]\nenabled = false\n")
    table = read_snn(a.snn)
    pipeline = ghirbal.Pipeline(threads=a.threads)
    cli, py = [], []
    for _ in range(a.rounds):
        cli.append(child([a.bin, "run", a.snn, "-o", f"{work}/cli-rec", "--quiet", "--overwrite",
                          "--skip", "dedup", "--config", toml, "--threads", str(a.threads)]))
        wall, cpu, result = own(lambda: pipeline.process(table))
        py.append((wall, cpu))
    kept_cli = json.load(open(f"{work}/cli-rec/stats.json"))["total"]["kept"]
    cw, cc = median([w for w, _ in cli]), median([c for _, c in cli])
    pw, pc_ = median([w for w, _ in py]), median([c for _, c in py])
    say()
    say("2. records per CPU-second, record stages (extract, clean, pii, lang, filter)")
    say(f"   {'':22} {'wall s':>8} {'cpu s':>8} {'docs/cpu-s':>11} {'kept':>7}")
    say(f"   {'binary (JSONL.zst)':22} {cw:8.2f} {cc:8.2f} {n_docs / cc:11.0f} {kept_cli:7d}")
    say(f"   {'Pipeline.process':22} {pw:8.2f} {pc_:8.2f} {n_docs / pc_:11.0f} "
        f"{result.kept.num_rows:7d}")
    say(f"   Pipeline.process / binary, docs per CPU-second: {cc / pc_:.2f}x (target >= 0.9x)")

    # 3. Inside a datatrove pipeline: GhirbalFilter vs datatrove's FineWeb-2 arb_Arab filters.
    import yaml
    from datatrove.data import Document
    from datatrove.pipeline.filters import (FineWebQualityFilter, GopherQualityFilter,
                                            GopherRepetitionFilter)
    from ghirbal.datatrove import GhirbalFilter

    cfg = yaml.safe_load(open(a.arb_config, encoding="utf-8"))
    lang = "arb_Arab"

    def datatrove_chain():
        return [
            GopherRepetitionFilter(language=lang, dup_para_frac=0, dup_line_char_frac=0,
                                   dup_para_char_frac=0, dup_line_frac=cfg["dup_line_frac"],
                                   top_n_grams=cfg["top_n_grams"], dup_n_grams=cfg["dup_n_grams"]),
            FineWebQualityFilter(language=lang, short_line_thr=999, char_duplicates_ratio=0.1,
                                 line_punct_thr=cfg["line_punct_thr"],
                                 new_line_ratio=cfg["new_line_ratio"]),
            GopherQualityFilter(language=lang, max_avg_word_length=cfg["max_avg_word_length"],
                                min_avg_word_length=cfg["min_avg_word_length"],
                                stop_words=cfg["stopwords"],
                                max_non_alpha_words_ratio=cfg["max_non_alpha_words_ratio"],
                                min_stop_words=2),
        ]

    rows = table.slice(0, a.datatrove_docs).select(["id", "text"]).to_pylist()
    rows = [r for r in rows if r["text"]]  # datatrove's readers skip empty texts

    def docs():
        return (Document(text=r["text"], id=r["id"]) for r in rows)

    def run_steps(steps):
        stream = docs()
        for s in steps:
            stream = s.run(stream)
        return [d.id for d in stream]

    # Warm both: spaCy's tokenizer load, the Rust tables.
    run_steps(datatrove_chain()[2:])
    run_steps([GhirbalFilter()])
    dt, gh = [], []
    for _ in range(a.rounds):
        w, c, dt_kept = own(lambda: run_steps(datatrove_chain()))
        dt.append((w, c))
        w, c, gh_kept = own(lambda: run_steps([GhirbalFilter(threads=a.threads)]))
        gh.append((w, c))
    dc, gc = median([c for _, c in dt]), median([c for _, c in gh])
    say()
    say(f"3. datatrove pipeline, {len(rows)} SaudiNewsNet documents, FineWeb-2 arb_Arab rules")
    say(f"   {'':34} {'cpu s':>8} {'docs/cpu-s':>11} {'kept':>6}")
    say(f"   {'datatrove Gopher+FineWeb+Gopher':34} {dc:8.2f} {len(rows) / dc:11.1f} {len(dt_kept):6d}")
    say(f"   {'GhirbalFilter (datatrove-compat)':34} {gc:8.2f} {len(rows) / gc:11.1f} {len(gh_kept):6d}")
    say(f"   GhirbalFilter / datatrove, docs per CPU-second: {dc / gc:.1f}x (target >= 50x); "
        f"same decisions: {dt_kept == gh_kept}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
