"""datatrove pipeline steps that run ghirbal's stages on datatrove Documents.

Both steps are datatrove filters: they take Documents in batches (``batch_size``), run them
through the same Rust core as ``ghirbal run`` (the batch split over Rust threads, the GIL
released), and keep or drop each one with datatrove's own conventions: the step's stats count
``total``, ``forwarded``, ``dropped`` and ``dropped_<reason>``, and a dropped Document goes to
the ``exclusion_writer`` with ``metadata["filter_reason"]`` set to ghirbal's reason
(``filter:gopher_quality:gopher_below_avg_threshold``, ...).

- :class:`GhirbalFilter` decides only: the Documents it keeps leave unchanged. With the
  ``datatrove-compat`` preset (the default) its decisions are those of datatrove's own
  FineWeb-2 filters (``GopherRepetitionFilter``, ``FineWebQualityFilter``,
  ``GopherQualityFilter`` with a language's FineWeb-2 thresholds).
- :class:`GhirbalPipeline` runs several stages at once (by default every record stage of the
  preset: extract, clean, pii, lang, filter) and writes what they produced back into the
  Documents it keeps: the cleaned text, and ``metadata`` entries ``lang``, ``lang_score``,
  ``script``, ``title``, ``lede``, ``date``, ``ghirbal_signals``.

Install with ``pip install ghirbal[datatrove]``.
"""

from __future__ import annotations

import json
from typing import Any, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

try:
    from datatrove.data import Document
    from datatrove.pipeline.filters.base_filter import BaseFilter
    from datatrove.pipeline.writers.disk_base import DiskWriter
except ImportError as e:  # pragma: no cover - depends on the environment
    raise ImportError(
        "ghirbal.datatrove needs datatrove: pip install 'ghirbal[datatrove]'"
    ) from e

import pyarrow as pa

from ghirbal import Pipeline, PathLike

__all__ = ["GhirbalFilter", "GhirbalPipeline"]

# Document fields that map to record fields of the same name when present in metadata.
_RECORD_FIELDS = ("url", "title", "date", "source")


def _table(batch: Sequence[Document], text_key: str = "text") -> pa.Table:
    """The batch as an Arrow table: the row number as id (decisions map back by it), the text,
    and the metadata fields ghirbal reads (``url``, ``title``, ``date``, ``source``,
    ``html``)."""
    columns = {
        "id": [str(i) for i in range(len(batch))],
        "text": [doc.text for doc in batch],
    }
    for key in _RECORD_FIELDS + ("html",):
        values = [doc.metadata.get(key) for doc in batch]
        if any(isinstance(v, str) for v in values):
            columns[key] = [v if isinstance(v, str) else None for v in values]
    return pa.table({k: pa.array(v, type=pa.string()) for k, v in columns.items()})


class _GhirbalStep(BaseFilter):
    """What both steps share: a ghirbal Pipeline, batches in, one decision per Document."""

    type = "🔻 - FILTER"

    def __init__(
        self,
        preset: str,
        config: Union[PathLike, Mapping[str, Any], None],
        only: Optional[Iterable[str]],
        skip: Iterable[str],
        threads: Optional[int],
        exclusion_writer: Optional[DiskWriter],
        batch_size: int,
    ) -> None:
        super().__init__(exclusion_writer=exclusion_writer, batch_size=batch_size)
        self._args = dict(preset=preset, config=config, threads=threads,
                          only=tuple(only or ()), skip=tuple(skip))
        self._pipeline: Optional[Pipeline] = None

    @property
    def pipeline(self) -> Pipeline:
        # Built on first use, in the worker process: datatrove pickles steps to its executors.
        if self._pipeline is None:
            self._pipeline = Pipeline(**self._args)
        return self._pipeline

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state["_pipeline"] = None
        return state

    def filter(self, doc: Document) -> Union[bool, Tuple[bool, str]]:
        return self.filter_batch([doc])[0]

    def _decide(self, batch: List[Document]) -> Tuple[list, Any]:
        result = self.pipeline.process(_table(batch))
        decisions: list = [True] * len(batch)
        rejects = result.rejects
        for row, reason in zip(rejects.column("id").to_pylist(),
                               rejects.column("reason").to_pylist()):
            decisions[int(row)] = (False, reason)
        return decisions, result.kept


class GhirbalFilter(_GhirbalStep):
    """Keeps or drops Documents by ghirbal's stages; kept Documents leave unchanged.

    Args:
        preset: ``"datatrove-compat"`` (default: datatrove's FineWeb-2 rules, decisions equal to
            datatrove's own filters), ``"arabic-news"`` or ``"minimal"``.
        config: a TOML path or a dict of the TOML's shape over the preset (e.g.
            ``{"filter": {"default_lang": "fr"}}`` for another language's thresholds).
        stages: the stages that decide (default ``("filter",)``: Gopher repetition, FineWeb
            quality, Gopher quality, and C4 where the preset has it).
        threads: Rust threads per batch (default: one per core).
        exclusion_writer: a datatrove writer for the dropped Documents.
        batch_size: Documents per call into Rust; larger batches spread better over threads.
    """

    name = "🪛 ghirbal filter"

    def __init__(
        self,
        preset: str = "datatrove-compat",
        config: Union[PathLike, Mapping[str, Any], None] = None,
        stages: Iterable[str] = ("filter",),
        threads: Optional[int] = None,
        exclusion_writer: Optional[DiskWriter] = None,
        batch_size: int = 1000,
    ) -> None:
        super().__init__(preset, config, stages, (), threads, exclusion_writer, batch_size)

    def filter_batch(self, batch: List[Document]) -> list:
        return self._decide(batch)[0]


class GhirbalPipeline(_GhirbalStep):
    """Runs several ghirbal stages on Documents at once and keeps what they made of them.

    The kept Documents get the cleaned text and ``metadata`` entries ``lang``,
    ``lang_score``, ``script``, ``title``, ``lede``, ``date`` (where the stages found them)
    and ``ghirbal_signals`` (every stage's figures); dropped ones go to the exclusion writer
    with ghirbal's reason.

    Args:
        preset: ``"arabic-news"`` (default), ``"datatrove-compat"`` or ``"minimal"``.
        config: a TOML path or a dict of the TOML's shape over the preset.
        stages: the stages to run (default: every record stage the preset switches on).
        skip: stages to leave out.
        threads, exclusion_writer, batch_size: as in :class:`GhirbalFilter`.
    """

    name = "🪛 ghirbal pipeline"

    def __init__(
        self,
        preset: str = "arabic-news",
        config: Union[PathLike, Mapping[str, Any], None] = None,
        stages: Optional[Iterable[str]] = None,
        skip: Iterable[str] = (),
        threads: Optional[int] = None,
        exclusion_writer: Optional[DiskWriter] = None,
        batch_size: int = 1000,
    ) -> None:
        super().__init__(preset, config, stages, skip, threads, exclusion_writer, batch_size)

    def filter_batch(self, batch: List[Document]) -> list:
        decisions, kept = self._decide(batch)
        fields = ("lang", "lang_score", "script", "title", "lede", "date")
        columns = {name: kept.column(name).to_pylist() for name in ("id", "text", "signals") + fields}
        for i, row in enumerate(columns["id"]):
            doc = batch[int(row)]
            doc.text = columns["text"][i]
            for name in fields:
                value = columns[name][i]
                if value is None:
                    continue
                # The date column is a UTC timestamp; datatrove's writers want JSON values.
                if hasattr(value, "isoformat"):
                    value = value.isoformat().replace("+00:00", "Z")
                doc.metadata[name] = value
            signals = columns["signals"][i]
            # A struct of the summary figures (nulls where a record has none), or JSON text
            # under ``signals = "full"``.
            if isinstance(signals, str):
                signals = json.loads(signals)
            doc.metadata["ghirbal_signals"] = {k: v for k, v in signals.items() if v is not None}
        return decisions
