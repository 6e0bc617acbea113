"""ghirbal.ray: the whole pipeline on a Ray cluster, with the one-machine run's output.

:func:`run` does what :func:`ghirbal.run` (and ``ghirbal run``) does, with Ray as the engine:

1. The driver expands the inputs and fingerprints the run (config and inputs as found).
2. One Ray task per input file (or per part of one, with ``split=``: a byte range or row
   groups) runs the record stages (extract, clean, pii, lang, filter) and writes that file's
   records, after the stages, to its own spool in a work folder every node reaches
   (``OUT/.ghirbal/ray/`` for a local ``OUT``), then records its completion there.
3. The corpus stages run partitioned (``partitions=``, default the cluster's CPUs): a site
   map and a dedup map task per input write their keys by key range, a reduce task per
   partition groups them (the site's boilerplate lines, dedup's edges), each with the
   stage's own code.
4. One Ray task unions the edges into clusters and writes the shards in input order,
   deciding with both stages' indexes (``partitions=0``: it runs the corpus stages' passes
   itself, with the very code of the one-machine run); either way ``kept/`` and ``rejects/``
   are byte for byte those of ``ghirbal run`` on the same input and config.

Rerunning the same call after the driver was killed skips the tasks whose completion was
recorded; a task whose worker dies is retried by Ray (``max_retries``); a task that fails with
an error names its input and stops the run.

``python -m ghirbal.ray run INPUT... -o OUT [the flags of ghirbal run] [--address A]`` is the
command-line form.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

from ghirbal import (
    ConfigError,
    GhirbalError,
    PathLike,
    _check_threads,
    _names,
    _native,
    _overlay,
    _paths,
)

__all__ = ["run", "main"]

# A task whose worker process dies (killed, out of memory, node lost) is run again this many
# times by Ray before the run stops; an error raised by the pipeline is not retried (it would
# fail the same way).
MAX_RETRIES = 3

# With split=, records are dealt to an input's tasks in blocks of this many (as
# ghirbal_pipeline::dist::SPLIT_BLOCK); tests make it small to split small files.
SPLIT_BLOCK = 1024


def _ray():
    try:
        import ray
    except ImportError:  # pragma: no cover - the message is the point
        raise GhirbalError(
            "ghirbal.ray needs Ray: pip install 'ray>=2.9' (the tests pin ray==2.60.0)"
        ) from None
    return ray


def _is_url(place: str) -> bool:
    return "://" in place


def _fail_once(marker_dir: str, task) -> None:
    """Test-only: the first attempt of task ``task`` kills its own worker process."""
    marker = os.path.join(marker_dir, f"failed-{task}")
    if not os.path.exists(marker):
        with open(marker, "w") as f:
            f.write(str(os.getpid()))
        os._exit(1)


def _record_stages_task(preset, config, plan, file, part, parts, work, threads, test):
    block = int(test.get("split_block", SPLIT_BLOCK))
    if test.get("fail_once") is not None and file in test.get("fail_files", [file]):
        _fail_once(test["fail_once"], file)
    if test.get("raise_for") == file:
        raise RuntimeError("test-only failure injected into this task")
    if test.get("delay"):
        time.sleep(float(test["delay"]))
    # Test-only: every part reads the whole file, as before byte ranges (for bench/ray).
    cut = not test.get("whole_read")
    return _native.ray_input(preset, config, plan, file, part, parts, block, work, threads, cut)


def _step_task(step, preset, config, plan, key, arg, partitions, work, test):
    """One partitioned corpus-stage task: ``step`` of input or partition ``key``."""
    if test.get("fail_once") is not None and f"{step}-{key}" in test.get("fail_steps", []):
        _fail_once(test["fail_once"], f"{step}-{key}")
    if test.get("step_delay"):
        time.sleep(float(test["step_delay"]))
    if step == "site-map":
        return _native.ray_site_map(preset, config, plan, arg, partitions, work)
    if step == "site-reduce":
        return _native.ray_site_reduce(preset, config, plan, key, partitions, work)
    if step == "dedup-map":
        parts, start = arg
        return _native.ray_dedup_map(preset, config, plan, parts, start, partitions, work)
    if step == "dedup-reduce":
        return _native.ray_dedup_reduce(preset, config, plan, key, partitions, work)
    raise ValueError(f"unknown step {step!r}")


def _corpus_task(preset, config, plan, inputs, out, work, done, started, threads, partitions):
    return _native.ray_finish(
        preset, config, plan, inputs, out, work, done, started, True, threads, partitions
    )


def _wait_all(ray, submit, keys, limit, what, on_done=None):
    """Runs ``submit(key)`` for every key, at most ``limit`` tasks in flight; returns each
    task's result (JSON) by key. A task that fails for good stops the run with a message
    naming ``what(key)``."""
    todo = list(keys)
    pending = {}
    results = {}
    try:
        while todo or pending:
            while todo and len(pending) < limit:
                key = todo.pop(0)
                pending[submit(key)] = key
            ready, _ = ray.wait(list(pending), num_returns=1, timeout=1.0)
            for ref in ready:
                key = pending.pop(ref)
                try:
                    results[key] = json.loads(ray.get(ref))
                except Exception as e:  # a task that failed for good: one clear message
                    raise GhirbalError(f"the task of {what(key)} failed: {_cause(e)}") from None
                if on_done is not None:
                    on_done(key, results[key])
            if on_done is not None and not ready:
                on_done(None, None)
    finally:
        for ref in pending:
            ray.cancel(ref, force=True)
    return results


def _node_cpus(ray) -> int:
    """CPUs of the largest alive node: what one task can hold."""
    best = 0
    for node in ray.nodes():
        if node.get("Alive"):
            best = max(best, int(node.get("Resources", {}).get("CPU", 0)))
    return max(best, 1)


class _Progress:
    """Tasks done of total and records per second, on stderr, at most once a second."""

    def __init__(self, show: bool, total: int, skipped: int):
        self.show = show
        self.total = total
        self.done = skipped
        self.records = 0
        self.started = time.monotonic()
        self.last = 0.0
        self.tty = sys.stderr.isatty()

    def task_done(self, records: int) -> None:
        self.done += 1
        self.records += records
        self.line(force=self.done == self.total)

    def line(self, force: bool = False) -> None:
        if not self.show:
            return
        now = time.monotonic()
        if not force and now - self.last < 1.0:
            return
        self.last = now
        rate = self.records / max(now - self.started, 1e-9)
        text = (
            f"ghirbal.ray: record stages: {self.done}/{self.total} tasks, "
            f"{self.records:,} records, {rate:,.0f} records/s"
        )
        end = "\n" if force or not self.tty else ""
        sys.stderr.write(("\r" if self.tty else "") + text + end)
        sys.stderr.flush()

    def say(self, text: str) -> None:
        if self.show:
            sys.stderr.write(f"ghirbal.ray: {text}\n")
            sys.stderr.flush()


def run(
    inputs: Union[PathLike, Sequence[PathLike], None],
    out: PathLike = "ghirbal-out",
    *,
    preset: str = "arabic-news",
    config: Union[PathLike, Mapping[str, Any], None] = None,
    tasks: Optional[int] = None,
    split: int = 1,
    address: Optional[str] = None,
    skip: Union[str, Iterable[str]] = (),
    only: Union[str, Iterable[str]] = (),
    format: Optional[str] = None,
    fields: Union[str, Iterable[str]] = (),
    input_shape: Optional[str] = None,
    dedup_scope: Optional[str] = None,
    paths: Optional[str] = None,
    base_url: Optional[str] = None,
    explain: bool = False,
    threads: Optional[int] = None,
    work: Optional[PathLike] = None,
    progress: bool = True,
    max_retries: int = MAX_RETRIES,
    env: Optional[Mapping[str, str]] = None,
    partitions: Optional[int] = None,
    _test: Optional[Mapping[str, Any]] = None,
) -> dict:
    """Runs the pipeline over files on a Ray cluster and returns ``stats.json``.

    Args:
        inputs: files, directories, ``s3://`` prefixes or globs, ``http(s)://`` URLs, as for
            :func:`ghirbal.run`; ``None`` reads the sample in ``examples/``.
        out: the output folder (a path every node shares, or an ``s3://`` prefix).
        preset, config, skip, only, format, fields, input_shape, dedup_scope, paths,
            base_url, explain: as the switches of ``ghirbal run``.
        tasks: at most this many record-stage tasks at once; ``None``: as many as the
            cluster schedules (one per input file, one CPU each).
        split: cut each input file into this many record-stage tasks, so one large file
            uses several CPUs; the output does not change. Each task reads only its share of
            a local file or of an object in storage (by ranged requests): a byte range
            starting and ending at record boundaries (uncompressed JSONL and WARC/WET lines
            and records, gzip WARC/WET with one member per record) or its share of a Parquet
            file's row groups. Other files (one gzip member or zstd frame, JSON arrays) are
            read whole by each task, which runs the stages on its blocks of 1,024 records
            (dealt round-robin); the driver says which.
        address: the Ray cluster to join (``"auto"``, ``"ray://host:10001"``); ``None`` uses
            the connection this process already has, or starts a local Ray.
        threads: threads of the corpus-stage task; ``None``: the CPUs of the largest node.
        work: the folder for the spools between the steps, which every node must reach;
            default ``OUT/.ghirbal/ray`` for a local ``OUT``; with an ``s3://`` ``OUT`` on a
            one-node cluster, a folder under the system's temporary directory.
        progress: tasks done and records/s on stderr, and the summary table at the end.
        max_retries: how often Ray reruns a task whose worker died.
        env: environment variables for the tasks' worker processes (Ray's ``runtime_env``),
            e.g. ``AWS_ENDPOINT_URL`` for a MinIO every node reaches; the driver reads its own
            environment. By default the workers have their node's environment.
        partitions: the corpus stages' keys (site line counts, dedup keys) are cut into this
            many key ranges, each reduced by its own task; ``None``: the cluster's CPUs;
            ``0``: the corpus stages run in the one task that writes. The output does not
            change.

    Returns:
        The content of ``OUT/stats.json``, plus a ``"ray"`` key: tasks run, tasks skipped
        (completed by an earlier attempt), and the bytes of the spools.

    Raises:
        ConfigError, InputError, OutputError: as :func:`ghirbal.run`, before any task runs.
        GhirbalError: a task failed for good; the message names its input.
    """
    ray = _ray()
    started = time.time()
    file, overlay = _overlay(config)
    _check_threads(threads)
    if tasks is not None and (isinstance(tasks, bool) or not isinstance(tasks, int) or tasks < 1):
        raise ConfigError(f"bad tasks {tasks!r}: a count of at least 1, or None")
    if isinstance(split, bool) or not isinstance(split, int) or split < 1:
        raise ConfigError(f"bad split {split!r}: a count of at least 1")
    if partitions is not None and (
        isinstance(partitions, bool) or not isinstance(partitions, int)
        or not 0 <= partitions <= 9999
    ):
        raise ConfigError(f"bad partitions {partitions!r}: a count from 0 to 9999, or None")
    if isinstance(fields, str):
        fields = fields.split(",")
    planned = json.loads(
        _native.ray_plan(
            _paths(inputs),
            preset,
            file,
            overlay,
            threads,
            _names(skip),
            _names(only),
            format,
            bool(explain),
            [str(f).strip() for f in fields if str(f).strip()],
            input_shape,
            dedup_scope,
            paths,
            base_url,
        )
    )
    out = os.fspath(out)
    if not ray.is_initialized():
        ray.init(address=address, include_dashboard=False, log_to_driver=False)
    if work is None:
        if _is_url(out):
            if len([n for n in ray.nodes() if n.get("Alive")]) > 1:
                raise ConfigError(
                    "an s3:// output on a cluster of several nodes needs work=: a folder "
                    "every node reaches, for the spools between the steps"
                )
            work = os.path.join(tempfile.gettempdir(), "ghirbal-ray-work")
        else:
            work = os.path.join(out, ".ghirbal", "ray")
    work = os.fspath(work)
    os.makedirs(work, exist_ok=True)

    plan_json = json.dumps(planned["plan"])
    files = len(planned["plan"]["inputs"])
    keys = [(f, p) for f in range(files) for p in range(split)]
    n = len(keys)
    done = {(d["file"], d["part"]): d
            for d in json.loads(_native.ray_completed(plan_json, split, work))}
    test = dict(_test or {})
    show = _Progress(bool(progress), n, len(done))
    if done:
        show.say(f"{len(done)} of {n} record-stage tasks were done by an earlier attempt: skipped")

    options = {"max_retries": max_retries, "retry_exceptions": False}
    if env:
        options["runtime_env"] = {"env_vars": {str(k): str(v) for k, v in env.items()}}
    record_task = ray.remote(num_cpus=1, **options)(_record_stages_task)
    cluster_cpus = max(int(ray.cluster_resources().get("CPU", 1)), 1)
    limit = tasks or cluster_cpus * 2
    todo = [k for k in keys if k not in done]
    input_name = lambda f: "input " + planned["plan"]["inputs"][f]["name"]  # noqa: E731

    def record_done(key, d):
        if key is None:
            show.line()
            return
        done[key] = d
        show.task_done(d["records"])

    ran = len(_wait_all(
        ray,
        lambda k: record_task.remote(
            planned["preset"], planned["config"], plan_json, k[0], k[1], split, work, 1, test
        ),
        todo,
        limit,
        lambda k: input_name(k[0]),
        record_done,
    ))

    ordered = [done[k] for k in keys]
    split_facts = _split_facts(ordered, planned["plan"]["inputs"], split)
    if split > 1:
        cut = split_facts["byte_range"] + split_facts["row_groups"]
        show.say(
            f"split: {cut} of {files} input(s) cut, each part reading its share "
            f"({split_facts['input_bytes_read']:,} input bytes read, at most "
            f"{split_facts['max_part_bytes']:,} by one task)"
        )
        for name, why in split_facts["read_whole"].items():
            show.say(f"split: {name}: {why}; each of its {split} parts read it whole")
    corpus = planned.get("corpus", [])
    if partitions is None:
        partitions = cluster_cpus
    if corpus and partitions and planned.get("partitioned_unsupported"):
        show.say(f"corpus stages in one task: {planned['partitioned_unsupported']}")
        partitions = 0
    if not corpus:
        partitions = 0
    steps = {}
    if partitions:
        steps = _corpus_steps(ray, planned, plan_json, ordered, files, partitions, work, limit,
                              options, test, show, input_name)

    cpus = threads or _node_cpus(ray)
    corpus_task = ray.remote(num_cpus=cpus, **options)(_corpus_task)
    if partitions:
        show.say(f"write, deciding with the partitioned indexes: one task on {cpus} CPU(s)")
    else:
        show.say(f"corpus stages and write: one task on {cpus} CPU(s)")
    ref = corpus_task.remote(
        planned["preset"],
        planned["config"],
        plan_json,
        planned["inputs"],
        out,
        work,
        json.dumps(ordered),
        started,
        cpus,
        partitions,
    )
    try:
        finished = json.loads(ray.get(ref))
    except Exception as e:
        raise GhirbalError(f"the corpus-stage task failed: {_cause(e)}") from None
    _native.ray_clean(plan_json, work)
    if progress:
        sys.stdout.write(finished["table"])
        sys.stdout.flush()
    stats = finished["stats"]
    stats["ray"] = {
        "tasks": n + 1 + sum(len(v) for v in steps.values()),
        "record_tasks_run": ran,
        "record_tasks_skipped": n - ran,
        "spool_bytes": sum(d["spool_bytes"] for d in ordered),
        "spool_records": sum(d["records"] for d in ordered),
        "partitions": partitions,
        "split": split_facts,
        "steps": {
            step: {
                "tasks": len(done_),
                "reused": sum(1 for d in done_.values() if d.get("reused")),
                "bytes_written": sum(d["bytes"] for d in done_.values()),
                "seconds": sum(d["seconds"] for d in done_.values()),
            }
            for step, done_ in steps.items()
        },
    }
    return stats


def _live(parts):
    """The parts of one input read into the run (as ghirbal_pipeline::dist::live): up to the
    first that met damage ending the file, where the one-machine reader stops."""
    for i, d in enumerate(parts):
        if d.get("ended_early"):
            return parts[: i + 1]
    return parts


def _split_facts(ordered, inputs, split):
    """How the inputs were cut: inputs read by byte range or by row groups, those each part
    read whole (and why), the on-disk bytes the record-stage tasks read, in all and at most
    in one task, and the wall seconds of the slowest task."""
    facts = {"parts": split, "byte_range": 0, "row_groups": 0, "read_whole": {},
             "input_bytes_read": sum(d.get("input_bytes", 0) for d in ordered),
             "max_part_bytes": max((d.get("input_bytes", 0) for d in ordered), default=0),
             "max_part_seconds": max((d.get("seconds", 0) for d in ordered), default=0)}
    if split <= 1:
        return facts
    for d in ordered:
        read = d.get("read")
        if d["part"] != 0:
            continue
        if read is None:
            facts["read_whole"][inputs[d["file"]]["name"]] = d.get("whole") or "read whole"
        elif read["kind"] == "row_groups":
            facts["row_groups"] += 1
        else:
            facts["byte_range"] += 1
    return facts


def _corpus_steps(ray, planned, plan_json, ordered, files, partitions, work, limit, options,
                  test, show, input_name):
    """The partitioned corpus stages: site map and reduce tasks, then dedup map and reduce
    tasks; returns each step's task records by input or partition."""
    step_task = ray.remote(num_cpus=1, **options)(_step_task)
    by_file = [[] for _ in range(files)]
    for d in ordered:
        by_file[d["file"]].append(d)
    starts = []
    at = 0
    for parts in by_file:
        starts.append(at)
        at += sum(d["records"] for d in _live(parts))
    steps = {}

    def run(step, keys, arg, what):
        show.say(f"{step}: {len(keys)} task(s), {partitions} partition(s)")
        steps[step] = _wait_all(
            ray,
            lambda k: step_task.remote(step, planned["preset"], planned["config"], plan_json,
                                       k, arg(k), partitions, work, test),
            keys,
            limit,
            what,
        )

    partition_name = lambda p: f"partition {p}"  # noqa: E731
    if "clean.site" in planned["corpus"]:
        run("site-map", range(files), lambda f: json.dumps(by_file[f]), input_name)
        run("site-reduce", range(partitions), lambda p: None, partition_name)
    if "dedup" in planned["corpus"]:
        run("dedup-map", range(files), lambda f: (json.dumps(by_file[f]), starts[f]), input_name)
        run("dedup-reduce", range(partitions), lambda p: None, partition_name)
    return steps


def _cause(e: BaseException) -> str:
    """The innermost error's message, without Ray's traceback framing."""
    cause = getattr(e, "cause", None)
    if cause is not None and cause is not e:
        return f"{type(cause).__name__}: {cause}"
    text = str(e).strip().splitlines()
    return text[-1] if text else type(e).__name__


def main(argv: Optional[Sequence[str]] = None) -> int:
    """``python -m ghirbal.ray run INPUT... -o OUT [flags of ghirbal run] [--address A]``."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m ghirbal.ray",
        description="ghirbal run on a Ray cluster: the same flags, the same output.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="run the pipeline over INPUT... into OUT")
    r.add_argument("inputs", nargs="*")
    r.add_argument("-o", "--out", default="ghirbal-out")
    r.add_argument("--paths")
    r.add_argument("--base-url")
    r.add_argument("--preset", default="arabic-news")
    r.add_argument("--config")
    r.add_argument("--threads", type=int)
    r.add_argument("--format")
    r.add_argument("--skip", default="")
    r.add_argument("--only", default="")
    r.add_argument(
        "--resume",
        action="store_true",
        help="accepted for symmetry: completed work of the same run is always reused",
    )
    r.add_argument("--explain", action="store_true")
    r.add_argument("--input-shape")
    r.add_argument("--fields", default="")
    r.add_argument("--dedup-scope")
    r.add_argument("--quiet", action="store_true")
    r.add_argument("--address", help="the Ray cluster (default: start a local Ray)")
    r.add_argument("--tasks", type=int, help="record-stage tasks at once")
    r.add_argument("--split", type=int, default=1,
                   help="record-stage tasks per input file, each reading its share of the file "
                        "(byte range or row groups) where the format allows")
    r.add_argument("--work", help="the spool folder every node reaches")
    r.add_argument("--partitions", type=int,
                   help="key ranges of the corpus stages, each reduced by its own task "
                        "(default: the cluster's CPUs; 0: the corpus stages in the write task)")
    r.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="NAME",
        help="pass this variable of the driver's environment to the tasks (repeatable)",
    )
    args = parser.parse_args(argv)
    test = {}
    # Test-only: slow each record-stage task, so a test can kill the driver mid-run.
    if os.environ.get("GHIRBAL_RAY_TEST_DELAY"):
        test["delay"] = os.environ["GHIRBAL_RAY_TEST_DELAY"]
    # Test-only: slow each partitioned corpus-stage task likewise.
    if os.environ.get("GHIRBAL_RAY_TEST_STEP_DELAY"):
        test["step_delay"] = os.environ["GHIRBAL_RAY_TEST_STEP_DELAY"]
    try:
        run(
            args.inputs,
            args.out,
            preset=args.preset,
            config=args.config,
            tasks=args.tasks,
            split=args.split,
            address=args.address,
            skip=args.skip,
            only=args.only,
            format=args.format,
            fields=args.fields,
            input_shape=args.input_shape,
            dedup_scope=args.dedup_scope,
            paths=args.paths,
            base_url=args.base_url,
            explain=args.explain,
            threads=args.threads,
            work=args.work,
            partitions=args.partitions,
            progress=not args.quiet,
            env={k: os.environ[k] for k in args.env if k in os.environ},
            _test=test,
        )
    except GhirbalError as e:
        sys.stderr.write(f"ghirbal: error: {e}\n")
        return 2
    return 0


if __name__ == "__main__":
    # Through the imported module, so the task functions Ray ships are ghirbal.ray's, found by
    # name on the workers, not copies of this __main__'s.
    from ghirbal.ray import main as _main

    sys.exit(_main())
