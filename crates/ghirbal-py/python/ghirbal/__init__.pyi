"""Type stubs of the ghirbal package (see the module docstrings for the prose)."""

import os
from typing import Any, Iterable, Iterator, Mapping, Optional, Sequence, Union

import pyarrow

__version__: str

PathLike = Union[str, os.PathLike[str]]
ConfigLike = Union[PathLike, Mapping[str, Any], None]

class GhirbalError(Exception):
    """Base class of every error ghirbal raises; a bad record is a reject, never an error."""

class ConfigError(GhirbalError):
    """The configuration cannot be used: unknown preset, stage or key, a value of the wrong type."""

class InputError(GhirbalError):
    """No input could be found, or data given to ``process`` cannot be read."""

class OutputError(GhirbalError):
    """The output folder or a file in it cannot be written."""

def run(
    inputs: Union[PathLike, Sequence[PathLike], None],
    out: PathLike = ...,
    *,
    preset: str = ...,
    config: ConfigLike = ...,
    threads: Optional[int] = ...,
    skip: Union[str, Iterable[str]] = ...,
    only: Union[str, Iterable[str]] = ...,
    format: Optional[str] = ...,
    resume: bool = ...,
    progress: bool = ...,
    explain: bool = ...,
    overwrite: bool = ...,
) -> dict[str, Any]:
    """Runs the pipeline over files as ``ghirbal run`` does; returns ``stats.json``."""

class ProcessResult:
    """Kept and rejected rows as pyarrow Tables with the CLI's output schema, and the counts."""

    @property
    def kept(self) -> pyarrow.Table: ...
    @property
    def rejects(self) -> pyarrow.Table: ...
    @property
    def stats(self) -> dict[str, Any]: ...
    def __arrow_c_stream__(self, requested_schema: Any = ...) -> Any: ...

class Pipeline:
    """The record stages of a preset and config, run on in-memory Arrow data."""

    def __init__(
        self,
        preset: str = ...,
        config: ConfigLike = ...,
        *,
        threads: Optional[int] = ...,
        skip: Union[str, Iterable[str]] = ...,
        only: Union[str, Iterable[str]] = ...,
        explain: bool = ...,
    ) -> None: ...
    @property
    def stages(self) -> list[str]: ...
    @property
    def threads(self) -> int: ...
    def config_toml(self) -> str: ...
    def process(self, data: Any) -> ProcessResult:
        """Runs the record stages on every record of an Arrow stream, Dataset or list of dicts."""
    def stream(self, data: Any) -> Iterator[ProcessResult]:
        """One result per input batch, for data larger than memory."""
