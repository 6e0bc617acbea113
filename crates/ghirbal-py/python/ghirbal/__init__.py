"""ghirbal: Arabic-first web-corpus cleaning, the Rust pipeline from Python.

- :func:`run` does what ``ghirbal run`` does (files in, ``kept/``, ``rejects/`` and
  ``stats.json`` out) and returns the stats.
- :class:`Pipeline` runs the record stages (extract, clean, pii, lang, filter) on in-memory
  Arrow data (pyarrow, polars, DuckDB, a ``datasets`` table, a list of dicts) and returns
  :class:`ProcessResult` with ``kept`` and ``rejects`` as pyarrow Tables.
- :mod:`ghirbal.datatrove` has datatrove pipeline steps on the same core.
- The ``ghirbal`` command installed with the package is the Rust command line itself.

Errors are :class:`GhirbalError` subclasses carrying the command line's messages; a bad record
is never an error, it is a reject with a reason.
"""

from __future__ import annotations

import json
import os
from typing import Any, Iterable, Iterator, Mapping, Optional, Sequence, Union

from ghirbal import _native
from ghirbal._native import ConfigError, GhirbalError, InputError, OutputError

__version__: str = _native.__version__

__all__ = [
    "ConfigError",
    "GhirbalError",
    "InputError",
    "OutputError",
    "Pipeline",
    "ProcessResult",
    "run",
]

PathLike = Union[str, "os.PathLike[str]"]

def _paths(value: Union[PathLike, Iterable[PathLike], None]) -> list:
    if value is None:
        return []
    if isinstance(value, (str, bytes, os.PathLike)):
        return [os.fspath(value)]
    return [os.fspath(v) for v in value]


def _names(value: Union[str, Iterable[str]]) -> list:
    # Names are checked by the Rust side, which words the error as the command line does.
    if isinstance(value, str):
        value = value.split(",")
    return [str(v).strip() for v in value if str(v).strip()]


def _overlay(config: Union[PathLike, Mapping[str, Any], None]):
    """(file, json) for the native call: a TOML path, or a dict of the TOML's shape."""
    if config is None:
        return None, None
    if isinstance(config, Mapping):
        try:
            return None, json.dumps(config)
        except (TypeError, ValueError) as e:
            raise ConfigError(f"bad config: {e}") from None
    if isinstance(config, (str, os.PathLike)):
        return os.fspath(config), None
    raise ConfigError(
        f"bad config: expected a TOML file path or a dict, got {type(config).__name__}"
    )


def _check_threads(threads: Optional[int]) -> None:
    if threads is not None and (
        isinstance(threads, bool) or not isinstance(threads, int) or threads < 0
    ):
        raise ConfigError(f"bad threads {threads!r}: a count, 0 for one per core")


def run(
    inputs: Union[PathLike, Sequence[PathLike], None],
    out: PathLike = "ghirbal-out",
    *,
    preset: str = "arabic-news",
    config: Union[PathLike, Mapping[str, Any], None] = None,
    threads: Optional[int] = None,
    skip: Union[str, Iterable[str]] = (),
    only: Union[str, Iterable[str]] = (),
    format: Optional[str] = None,
    resume: bool = False,
    progress: bool = True,
    explain: bool = False,
    overwrite: bool = False,
) -> dict:
    """Runs the pipeline over files, as ``ghirbal run`` does, and returns ``stats.json``.

    Args:
        inputs: files or directories (JSONL, text, Parquet, WET, WARC, HTML); ``None`` or
            ``[]`` reads the sample in ``examples/``.
        out: the output folder; ``kept/``, ``rejects/`` and ``stats.json`` are written there.
        preset: ``"arabic-news"``, ``"datatrove-compat"`` or ``"minimal"``.
        config: a TOML file path, or a dict of the TOML's shape (``{"filter": {"c4": False}}``),
            merged over the preset key by key.
        threads: worker threads; ``None`` keeps the config's (one per core by default).
        skip: stages to switch off (names or one comma-separated string).
        only: the only stages to run.
        format: ``"jsonl"`` or ``"parquet"``; ``None`` keeps the config's (``jsonl``).
        resume: continue a run that was stopped, in the same output folder.
        overwrite: write into an ``out`` that is not empty: ghirbal's own files there
            (``kept/`` and ``rejects/`` shards, ``.ghirbal/``, ``index/``, ``stats.json``,
            ``README.md``, ``report.html``) are removed first, any other file is left alone.
            Without it (or ``resume``), a folder that holds files raises ``OutputError``.
        progress: draw the command line's progress bar on stderr (when it is a terminal).
        explain: keep, in each kept record's metadata, the lines cleaning removed and why.

    Returns:
        The content of ``OUT/stats.json``: ``total``, ``files``, ``stages`` and ``run``.

    Raises:
        ConfigError: unknown preset, stage or key, a value of the wrong type.
        InputError: nothing readable in ``inputs``.
        OutputError: ``out`` cannot be written, or holds files and neither ``overwrite``
            nor ``resume`` was given.
        KeyboardInterrupt: Ctrl-C; the shards already complete are kept and
            ``resume=True`` finishes the run.

    The work runs on Rust threads with the GIL released; the output is byte-identical to the
    command line's with the same arguments.
    """
    file, overlay = _overlay(config)
    _check_threads(threads)
    stats = _native.run(
        _paths(inputs),
        os.fspath(out),
        preset,
        file,
        overlay,
        threads,
        _names(skip),
        _names(only),
        format,
        bool(resume),
        bool(progress),
        bool(explain),
        bool(overwrite),
    )
    return json.loads(stats)


def _arrow_stream(data: Any) -> Any:
    """An object with ``__arrow_c_stream__`` for ``data``, without copying Arrow data."""
    if hasattr(data, "__arrow_c_stream__"):
        return data
    # Hugging Face datasets: a Dataset holds a datasets Table, which wraps a pyarrow Table;
    # after select/shuffle/filter its rows are an index mapping over that table.
    if getattr(data, "_indices", None) is not None and hasattr(data, "flatten_indices"):
        data = data.flatten_indices()
    inner = getattr(data, "data", None)
    if inner is not None and not isinstance(data, (list, tuple, dict)):
        inner = getattr(inner, "table", inner)
        if hasattr(inner, "__arrow_c_stream__"):
            return inner
    inner = getattr(data, "table", None)
    if inner is not None and hasattr(inner, "__arrow_c_stream__"):
        return inner
    import pyarrow as pa

    if hasattr(data, "__arrow_c_array__"):
        return pa.table(data)
    if isinstance(data, (list, tuple)):
        if not all(isinstance(row, Mapping) for row in data):
            raise InputError("a list given to process must hold dicts, one per record")
        try:
            return pa.Table.from_pylist(list(data))
        except (pa.ArrowInvalid, pa.ArrowTypeError) as e:
            raise InputError(f"cannot make an Arrow table of the dicts: {e}") from None
    raise InputError(
        f"cannot read {type(data).__name__}: give an object with __arrow_c_stream__ "
        "(pyarrow Table or RecordBatchReader, polars DataFrame, DuckDB result), "
        "a datasets Dataset, or a list of dicts"
    )


def _table(native: Any) -> Any:
    import pyarrow as pa

    return pa.RecordBatchReader.from_stream(native).read_all()


class ProcessResult:
    """What :meth:`Pipeline.process` gives: kept and rejected rows, and the counts.

    ``kept`` and ``rejects`` are pyarrow Tables with the columns of the command line's Parquet
    output (``id``, ``text``, ``title``, ``lede``, ``captions``, ``url``, ``date``, ``source``,
    ``lang``, ``lang_score``, ``script``, ``dup_cluster_size``, ``signals``, ``metadata``; rejects
    add ``reason`` and ``detail``; ``signals``, ``metadata`` and ``detail`` are structs, with
    ``signals`` JSON text under ``signals = "full"``).
    The result itself exports the kept rows through ``__arrow_c_stream__``, so
    ``pyarrow.table(result)`` or ``polars.DataFrame(result)`` take it as it is.
    """

    __slots__ = ("_native", "_kept", "_rejects", "_stats")

    def __init__(self, native: Any) -> None:
        self._native = native
        self._kept = None
        self._rejects = None
        self._stats = None

    @property
    def kept(self) -> "pyarrow.Table":  # noqa: F821
        """The kept rows, in input order."""
        if self._kept is None:
            self._kept = _table(self._native.kept)
        return self._kept

    @property
    def rejects(self) -> "pyarrow.Table":  # noqa: F821
        """The rejected rows, in input order, with ``reason`` and ``detail``."""
        if self._rejects is None:
            self._rejects = _table(self._native.rejects)
        return self._rejects

    @property
    def stats(self) -> dict:
        """``{"total": {"read", "kept", "rejected", "errors", ...}, "stages": {...}}``."""
        if self._stats is None:
            self._stats = json.loads(self._native.stats_json)
        return self._stats

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        """The kept rows as an Arrow C stream (the Arrow PyCapsule interface)."""
        return self._native.kept.__arrow_c_stream__(requested_schema)

    def __repr__(self) -> str:
        t = self.stats["total"]
        return f"<ghirbal.ProcessResult read={t['read']} kept={t['kept']}>"


class Pipeline:
    """The record stages of a preset and config, run on in-memory data.

    ``Pipeline(preset="arabic-news", config=None, *, threads=None, skip=(), only=(),
    explain=False)`` reads its arguments as :func:`run` does. It runs the record stages
    (extract, clean, pii, lang, filter); the corpus stages (``clean.site``, ``dedup``) need the
    whole corpus and run only in :func:`run`. A pipeline is safe to share between threads;
    each call splits its batches over ``threads`` Rust threads with the GIL released.
    """

    def __init__(
        self,
        preset: str = "arabic-news",
        config: Union[PathLike, Mapping[str, Any], None] = None,
        *,
        threads: Optional[int] = None,
        skip: Union[str, Iterable[str]] = (),
        only: Union[str, Iterable[str]] = (),
        explain: bool = False,
    ) -> None:
        file, overlay = _overlay(config)
        _check_threads(threads)
        self._native = _native.Pipeline(
            preset, file, overlay, threads, _names(skip), _names(only), bool(explain)
        )

    @property
    def stages(self) -> list:
        """The record stages that run, in order."""
        return self._native.stages

    @property
    def threads(self) -> int:
        """Rust threads a call uses."""
        return self._native.threads

    def config_toml(self) -> str:
        """The effective configuration as TOML, as ``ghirbal run --print-config`` prints it."""
        return self._native.config_toml()

    def process(self, data: Any) -> ProcessResult:
        """Runs the record stages on every record of ``data``.

        ``data``: a pyarrow Table or RecordBatchReader, a polars DataFrame, a DuckDB result,
        anything with ``__arrow_c_stream__``; a Hugging Face ``Dataset`` (or its ``.data``);
        or a list of dicts. It needs a string column ``text``; ``id``, ``url``, ``title``,
        ``date``, ``source`` go to their fields, an ``html`` column is the page that ``extract``
        turns into text, every other column goes to ``metadata``. A row without ``id`` gets
        its row number. A bad row (a null text) is a reject with an ``error:*`` reason.
        """
        return ProcessResult(self._native.process(_arrow_stream(data)))

    def stream(self, data: Any) -> Iterator[ProcessResult]:
        """One :class:`ProcessResult` per input batch, for data larger than memory.

        The next batch is read from ``data`` only when the previous result is taken, so a
        ``RecordBatchReader`` of any size goes through in the memory of a few batches.
        """
        return (ProcessResult(r) for r in self._native.stream(_arrow_stream(data)))

    def __repr__(self) -> str:
        return f"<ghirbal.Pipeline stages={self.stages} threads={self.threads}>"
