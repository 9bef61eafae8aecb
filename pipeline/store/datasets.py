"""Reading the datasets back: the partition columns as plain strings, every column typed, and a
consistent view while a run is writing.

``pandas.read_parquet`` turns hive partition columns into categoricals, dates into Python
``date`` objects and decimals into ``Decimal`` objects; :func:`read_dataset` gives pandas-native
columns (strings, ``datetime64``, ``Int64``, ``Float64``; ``exact=True`` keeps the Parquet's
exact values), joins columns of ``documents`` on ``doc_id`` on request, and works on an empty or
missing dataset (zero rows, full schema).

A run rewrites a partition's part files (a temporary name renamed into place) and removes the
ones left empty, so a reader listing a dataset during a run can list a file that is replaced or
removed before it is read, and, for a document that moves to another file, read its old file
before the move and its new one after. :func:`read_table` lists the dataset once, reads exactly
those files, and lists and reads again when one of them was replaced or removed meanwhile: what
it returns is the files as they all were at one instant, in which each document's rows are in
one file (the writer takes them out of their old file before it writes them to their new one;
``docs/datasets.md``: Reading while a run writes).
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.fs as pafs

from pipeline.records import DATASETS
from pipeline.schema import arrow_schema
from pipeline.store.writer import RUNS_DATASET

_NULLABLE_INTS = {pa.int64(): pd.Int64Dtype()}
PARTITIONING = ds.partitioning(
    pa.schema([("province", pa.string()), ("period", pa.string())]), flavor="hive"
)
# How many times a dataset is listed and read before giving up, when files listed keep
# vanishing before they are read; and the pause before each new listing (times the attempt).
READ_ATTEMPTS = 5
RETRY_PAUSE_SECONDS = 0.02
_FORMAT = ds.ParquetFileFormat()
_LOCAL = pafs.LocalFileSystem()


class DatasetChanging(RuntimeError):
    """Files of a dataset kept vanishing between listing and reading (a run removing them)."""


def read_table(name: str, out_dir: str | Path = "data/processed") -> pa.Table:
    """One dataset as an Arrow table, with ``province`` and ``period`` string columns.

    Each document's rows come from one file only, even while a run moves them to another file
    (the files as they all were at one instant); raises :class:`DatasetChanging` when files
    listed were still replaced or removed before they were read after ``READ_ATTEMPTS``
    listings.
    """
    if name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r} (known: {', '.join(DATASETS)})")
    schema = arrow_schema(DATASETS[name])
    if name != RUNS_DATASET:  # the change log is not partitioned (it has its own province)
        for field in PARTITIONING.schema:
            schema = schema.append(field)
    folder = os.path.abspath(Path(out_dir) / name)
    vanished: OSError | None = None
    for attempt in range(READ_ATTEMPTS):
        if attempt:
            time.sleep(RETRY_PAUSE_SECONDS * attempt)
        files = list_files(folder)
        try:
            before = _versions(files)
            table = _read_files(folder, files, schema)
            if _versions(files) == before:
                return table
            vanished = FileNotFoundError(f"a file under {folder} was replaced while it was read")
        except FileNotFoundError as exc:
            vanished = exc
    raise DatasetChanging(
        f"{folder}: files listed kept vanishing or changing before they were read "
        f"({READ_ATTEMPTS} listings; a run is writing): read again, or after the run ({vanished})"
    ) from vanished


def _versions(files: Sequence[str]) -> list[tuple[int, int, int]]:
    """Which version of each file is there now (raises ``FileNotFoundError`` for one gone)."""
    versions = []
    for path in files:
        st = os.stat(path)
        versions.append((st.st_ino, st.st_mtime_ns, st.st_size))
    return versions


def read_dataset(
    name: str,
    out_dir: str | Path = "data/processed",
    *,
    with_documents: Sequence[str] = (),
    exact: bool = False,
) -> pd.DataFrame:
    """One dataset as a pandas DataFrame (see :func:`read_table`), in pandas' own types.

    Integer columns stay integers when they hold nulls (``Int64``), so amounts in VND
    (``amount_vnd``, ``total_budget_vnd``: whole đồng, int64 in the Parquet) are never floats.
    Dates (``issue_date``, ``ref_date``) are ``datetime64`` at midnight, so ``.dt.year`` works;
    timestamps are ``datetime64`` in UTC. Decimal values (``value``, ``value_max``: a number in
    its printed unit, "4,112 tỷ đồng" → 4.112, so not always whole) are ``Float64``, so that
    ``mean()`` and ``sum()`` give numbers; the exact figure is the Parquet's decimal, and
    ``amount_vnd`` for money. ``exact=True`` keeps the Parquet's values: ``Decimal`` and ``date``
    objects.

    ``with_documents`` names columns of ``documents`` to put beside each row, joined on
    ``doc_id`` (every dataset's key to its document), without the suffixes of a plain merge:
    ``province`` and ``period`` are already on each row. A row whose document has no
    ``documents`` row gets nulls.

    >>> read_dataset("budget_lines", "/nowhere", with_documents=["title"]).columns[-1]
    'title'
    """
    frame = _to_pandas(read_table(name, out_dir), exact)
    if not with_documents:
        return frame
    columns = list(dict.fromkeys(with_documents))
    known = DATASETS["documents"].model_fields
    unknown = [c for c in columns if c not in known and c not in PARTITIONING.schema.names]
    if unknown:
        raise ValueError(f"not a column of documents: {', '.join(unknown)}")
    clashing = [c for c in columns if c in frame.columns]
    if clashing:
        raise ValueError(f"{name} already has the column(s) {', '.join(clashing)}")
    documents = read_dataset("documents", out_dir, exact=exact)[["doc_id", *columns]]
    return frame.merge(documents, on="doc_id", how="left", validate="many_to_one")


def _to_pandas(table: pa.Table, exact: bool) -> pd.DataFrame:
    """An Arrow table as pandas: nullable integers always; dates as ``datetime64`` and decimals
    as ``Float64`` unless ``exact``."""
    if exact:
        return table.to_pandas(types_mapper=_NULLABLE_INTS.get)
    decimals = [f.name for f in table.schema if pa.types.is_decimal(f.type)]
    for column in decimals:
        index = table.schema.get_field_index(column)
        # Through the decimal's text: the nearest float (a direct cast divides by 10**scale in
        # floating point: 3696 would read 3696.0000000000005).
        as_text = table.column(column).cast(pa.string())
        table = table.set_column(index, column, as_text.cast(pa.float64()))
    frame = table.to_pandas(types_mapper=_NULLABLE_INTS.get, date_as_object=False)
    for column in decimals:
        frame[column] = frame[column].astype("Float64")
    return frame


def list_files(folder: str) -> list[str]:
    """The Parquet files under a dataset folder, sorted by path. Hidden (``.``, temporary files)
    and ``_`` entries are left out, as pyarrow leaves them out."""
    return sorted(path for path, _ in _scan(folder))


def _scan(folder: str) -> list[tuple[str, int]]:
    """Each visible ``*.parquet`` file under a folder, at any depth, with its modification time
    in ns; a folder or file removed while it is being listed is left out."""
    found = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith((".", "_")):
                    continue
                try:
                    if entry.is_dir():
                        found.extend(_scan(entry.path))
                    elif entry.name.endswith(".parquet"):
                        found.append((entry.path, entry.stat().st_mtime_ns))
                except FileNotFoundError:
                    continue
    except (FileNotFoundError, NotADirectoryError):
        return []
    return found


def _read_files(folder: str, files: list[str], schema: pa.Schema) -> pa.Table:
    """Exactly these files, read as one dataset (partition values from their paths below
    ``folder``); raises ``FileNotFoundError`` when one has gone."""
    if not files:
        return schema.empty_table()
    partitions: dict[str, ds.Expression] = {}
    expressions = []
    for path in files:
        parent = os.path.dirname(path)
        if parent not in partitions:
            partitions[parent] = PARTITIONING.parse(os.path.relpath(parent, folder) + "/")
        expressions.append(partitions[parent])
    dataset = ds.FileSystemDataset.from_paths(
        files, schema=schema, format=_FORMAT, filesystem=_LOCAL, partitions=expressions
    )
    return dataset.to_table()
