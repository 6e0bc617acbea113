"""Type stubs of ghirbal.datatrove."""

from typing import Any, Iterable, Mapping, Optional, Union

from datatrove.data import Document
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.writers.disk_base import DiskWriter

from ghirbal import ConfigLike, Pipeline

class GhirbalFilter(BaseFilter):
    """Keeps or drops Documents by ghirbal's stages; kept Documents leave unchanged."""

    def __init__(
        self,
        preset: str = ...,
        config: ConfigLike = ...,
        stages: Iterable[str] = ...,
        threads: Optional[int] = ...,
        exclusion_writer: Optional[DiskWriter] = ...,
        batch_size: int = ...,
    ) -> None: ...
    @property
    def pipeline(self) -> Pipeline: ...
    def filter(self, doc: Document) -> Union[bool, tuple[bool, str]]: ...
    def filter_batch(self, batch: list[Document]) -> list[Union[bool, tuple[bool, str]]]: ...

class GhirbalPipeline(BaseFilter):
    """Runs several ghirbal stages at once and writes what they made back into Documents."""

    def __init__(
        self,
        preset: str = ...,
        config: ConfigLike = ...,
        stages: Optional[Iterable[str]] = ...,
        skip: Iterable[str] = ...,
        threads: Optional[int] = ...,
        exclusion_writer: Optional[DiskWriter] = ...,
        batch_size: int = ...,
    ) -> None: ...
    @property
    def pipeline(self) -> Pipeline: ...
    def filter(self, doc: Document) -> Union[bool, tuple[bool, str]]: ...
    def filter_batch(self, batch: list[Document]) -> list[Union[bool, tuple[bool, str]]]: ...
