"""The options of an ingestion run, defined once.

The command line builds one :class:`IngestOptions`; the library loop
(:func:`pipeline.ingest.ingest_with`), the Prefect flow, its Dask subflow and a deployment's
parameters (:mod:`flows.ingest`) all take it, or its fields under the same names. The library
reads the run's options and leaves the flow's (``use_cache``, ``task_runner``, ``dask_*``)
alone; the flow leaves the library's ``workers`` alone (it extracts on its task runner). Values
are checked here, once: a task runner qdx does not know is refused before anything starts.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

DEFAULT_BATCH_SIZE = 20


class TaskRunner(StrEnum):
    """Where the flow's extract, diff and write tasks run."""

    THREADS = "threads"  # a thread pool of the flow's process
    DASK = "dask"  # Dask workers: a local cluster, or the scheduler at ``dask_address``


class IngestOptions(BaseModel):
    """What to ingest into where, and how."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    raw_dir: Path  # the folder of source files
    out_dir: str | Path  # the folder of the datasets, or an fsspec URL (``s3://bucket/qdx``)
    force: bool = False  # extract every file again, even unchanged ones
    # Only documents of these province slugs (None: every province).
    provinces: tuple[str, ...] | None = None
    batch_size: int = DEFAULT_BATCH_SIZE  # files per batch (one Prefect task a batch)
    allow_empty: bool = False  # let a RAW_DIR with no file remove every document
    # A file of a type qdx does not read fails (by default it is skipped, with the reason).
    strict: bool = False
    use_cache: bool = True  # the flow's cache of extractions (flows.cache)
    task_runner: TaskRunner = TaskRunner.THREADS
    dask_address: str | None = None  # an existing Dask scheduler (implies dask)
    dask_workers: int | None = None  # processes of the local Dask cluster
    # The library's extraction processes (pipeline.ingest.pool): 1, none (in this process, the
    # library's default: a script that starts processes needs the `if __name__ == "__main__"`
    # guard); None, the usable CPUs (the command line's default).
    workers: int | None = Field(default=1, ge=1)

    @field_validator("provinces")
    @classmethod
    def _no_empty_filter(cls, provinces: tuple[str, ...] | None) -> tuple[str, ...] | None:
        """An empty filter is no filter."""
        return provinces or None

    @model_validator(mode="before")
    @classmethod
    def _address_implies_dask(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("dask_address"):
            return {**data, "task_runner": TaskRunner.DASK}
        return data
