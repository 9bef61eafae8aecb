"""Prefect's result store as a per-document cache of extractions.

The key is the file's content digest, its suffix (which reader reads it) and the extractor
version: never its path, so a renamed or copied file is a hit and an edited file at the same
path is a miss. The cached value is path-free in effect: on a hit the rows are rebound to the
file's own ``doc_id``, ``source_path`` and the run's ``extracted_at``. Failed extractions are not
cached (their messages name the file, and they are cheap).

This is an optimisation only. The manifest in OUT_DIR decides what is unchanged; the cache saves
the extraction of a document the manifest does not know yet although its content was extracted
before: after a killed run, a province-filtered run, a file moved to another folder, a reverted
edit. Entries live where Prefect keeps results (``PREFECT_LOCAL_STORAGE_PATH``, by default
``~/.prefect/storage``, one file per document); deleting them only costs re-extraction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from contextlib import suppress
from dataclasses import replace

import pyarrow as pa
from prefect.results import ResultStore

from pipeline.ingest import Prepared, Source


def cache_key(source: Source, version: str) -> str | None:
    """The key of a file's extraction, or None for a file that could not be read."""
    if source.sha256 is None:
        return None
    text = f"{version}|{source.path.suffix.lower()}|{source.sha256}"
    return "qdx-extract-" + hashlib.sha256(text.encode()).hexdigest()


def result_store() -> ResultStore:
    """Prefect's default result storage, without keeping every result in memory too."""
    return ResultStore(cache_result_in_memory=False)


def load(
    store: ResultStore, source: Source, version: str, extracted_at: dt.datetime
) -> Prepared | None:
    """The cached extraction of a file, rebound to it; None on a miss (or any read error)."""
    key = cache_key(source, version)
    if key is None:
        return None
    try:
        cached = store.read(key).result
    except Exception:
        return None
    if not isinstance(cached, Prepared):
        return None
    return rebind(cached, source, extracted_at)


def save(store: ResultStore, source: Source, version: str, prepared: Prepared) -> None:
    """Cache a successful extraction (a failure to write the cache is ignored)."""
    key = cache_key(source, version)
    if key is None or prepared.failed:
        return
    with suppress(Exception):
        store.write(obj=replace(prepared, from_cache=False), key=key)


def rebind(prepared: Prepared, source: Source, extracted_at: dt.datetime) -> Prepared:
    """The same rows for another file with the same content, extracted at another time."""
    values = {
        "doc_id": source.doc_id,
        "source_path": source.source_path,
        "extracted_at": extracted_at,
    }
    tables = {name: _set_columns(table, values) for name, table in prepared.tables.items()}
    return replace(
        prepared,
        doc_id=source.doc_id,
        source_path=source.source_path,
        source_sha256=source.sha256,
        tables=tables,
        from_cache=True,
    )


def _set_columns(table: pa.Table, values: dict[str, object]) -> pa.Table:
    for name, value in values.items():
        index = table.schema.get_field_index(name)
        if index < 0:
            continue
        field = table.schema.field(index)
        table = table.set_column(index, field, pa.array([value] * table.num_rows, field.type))
    return table
