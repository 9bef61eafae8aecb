"""The only module that writes Parquet, and the manifest that says what has been written.

Layout: ``OUT_DIR/<dataset>/province=<slug>/period=<start>-<end>/part-<NNNN>.parquet``: the rows
of a partition in a few part files, each document's rows of a dataset in exactly one of them. A
batch's rows are written together, one file per dataset and partition it touches (see "part
files" below). ``OUT_DIR/runs/`` holds the change log, one file per run, not partitioned.
``OUT_DIR/_manifest.json`` maps each document id to the source digest, extractor version and
partition of its rows; it is the source of truth for skipping unchanged files, and lists the
documents whose rows a run was rewriting (``pending``) so that the next run redoes them even
when that run was killed. Which part holds a document's rows is read from the parts' ``doc_id``
columns (:func:`index_documents`): the write step may run in another process (a Dask worker)
than the one holding the manifest.

``OUT_DIR`` is a local folder or an fsspec URL (``s3://bucket/prefix``, ``memory://…``):

* locally every file is written to a temporary name in its folder, and a batch's files are
  fsynced together, then renamed into place, so a crash never leaves a half-written file;
* on an object store there is no rename: every object is serialised in memory and put whole in
  one request, so an object is either absent, the old one or the new one. What is *not* atomic
  there is a batch as a whole: a reader listing the prefix while a run writes can see a
  document's new ``documents`` rows beside its old ``issues`` rows (the manifest, written after,
  is what says a document is complete).
"""

from __future__ import annotations

import ctypes
import datetime as dt
import getpass
import hashlib
import json
import os
import re
import socket
import sys
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.build.extract import Extraction
from pipeline.kinds import Check, Severity
from pipeline.records import DATASETS, Record
from pipeline.schema import arrow_schema

if TYPE_CHECKING:
    from fsspec import AbstractFileSystem

MANIFEST_NAME = "_manifest.json"
# The version of the manifest's own layout and of the files it describes, written in it as
# ``schema_version``. 1 (or no field): one file per document and dataset, ``<file_key>.parquet``;
# 2: a partition's rows in part files, ``part-<NNNN>.parquet`` (see "part files" below). The
# manifest's fields are the same; a version-1 output is read as it is (a document's own file is
# a part holding one document) and converted by the next run (:func:`convert_layout`), which
# saves the manifest as version 2. A newer version is refused: an older qdx would take a part
# for a document's file.
MANIFEST_SCHEMA_VERSION = 2
LOCK_NAME = ".qdx.lock"
RUNS_DATASET = "runs"
# The datasets of documents' rows, partitioned by province and period.
DOCUMENT_DATASETS: dict[str, type[Record]] = {
    name: model for name, model in DATASETS.items() if name != RUNS_DATASET
}
# A lock object on an object store older than this is taken to be left by a killed run.
REMOTE_LOCK_STALE_AFTER = dt.timedelta(hours=6)
_PARTITION_VALUE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# Parquet's default codec: files are one document's rows, a few KiB, and zstd's set-up per
# column chunk made writing them twice as slow for no gain worth having at that size.
COMPRESSION = "snappy"

OutDir = str | Path


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    doc_id: str
    source_path: str
    source_sha256: str | None
    extractor_version: str
    province: str
    period: str
    failed: bool
    # What makes two files one decision (number, date, province, title), or None when the
    # document does not say enough: see pipeline.ingest.duplicates.identity.
    identity: str | None = None
    # The document this one duplicates (same bytes, or the same decision in another file), as
    # marked in its ``documents`` and ``issues`` rows; None for an original.
    duplicate_of: str | None = None
    # The file failed to read or extract on a later run and its rows (from this entry's source)
    # were kept, with an issue row saying so: extracted again on the next run whatever its digest.
    stale: bool = False
    # Its rows of ``issues`` as written, and of them those of severity error: what a run that
    # leaves the document unchanged reports. None in a manifest saved before they were kept.
    n_issues: int | None = None
    n_errors: int | None = None


@dataclass(slots=True)
class Manifest:
    """What the datasets hold: the last complete state of each document, and unfinished work.

    ``pending`` maps the id of each document whose files a run started to rewrite (and had not
    finished when the manifest was last saved) to its source path. ``unlogged`` holds the change
    records (rows of the ``runs`` dataset, as JSON) of documents a run has written but whose
    change log is not written yet: a run killed before its end leaves them for the next run to
    write, so that no change goes unrecorded.
    """

    documents: dict[str, ManifestEntry] = field(default_factory=dict)
    pending: dict[str, str] = field(default_factory=dict)
    unlogged: list[dict[str, object]] = field(default_factory=list)
    # Entries of RAW_DIR left out (a link out of it, a FIFO) and why: logged when first seen.
    skipped: dict[str, str] = field(default_factory=dict)
    # The layout of the files (see MANIFEST_SCHEMA_VERSION): 1 until a run converts them.
    schema_version: int = MANIFEST_SCHEMA_VERSION


@dataclass(frozen=True, slots=True)
class Output:
    """An output folder: a local path, or a path in an fsspec filesystem."""

    url: str  # as the user gave it
    root: str  # local: an absolute path; remote: the path inside ``fs`` (``bucket/prefix``)
    fs: AbstractFileSystem | None = None  # None for a local folder

    @property
    def local(self) -> bool:
        return self.fs is None

    def path(self, relative: str) -> str:
        return f"{self.root.rstrip('/')}/{relative}" if relative else self.root

    def __str__(self) -> str:
        return self.url


def output(out_dir: OutDir | Output) -> Output:
    """The :class:`Output` of a folder or URL (``file://`` and plain paths are local)."""
    if isinstance(out_dir, Output):
        return out_dir
    text = str(out_dir)
    if "://" not in text or text.startswith("file://"):
        local = Path(text.removeprefix("file://")).absolute()
        return Output(url=text, root=str(local))
    from fsspec.core import url_to_fs

    fs, root = url_to_fs(text)
    if type(fs).__name__ == "LocalFileSystem":
        return Output(url=text, root=str(Path(root).absolute()))
    return Output(url=text, root=root.rstrip("/"), fs=fs)


def file_key(doc_id: str) -> str:
    """The file name stem of a document's rows: a digest, whatever the id contains."""
    return hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:20]


def is_partition_value(value: str) -> bool:
    """Whether a value is safe as a partition folder name (a slug, ``unknown``, ``2016-2020``)."""
    return bool(_PARTITION_VALUE.match(value))


def _partition(dataset: str, province: str, period: str) -> str:
    for value in (province, period):
        if not is_partition_value(value):
            raise ValueError(f"unsafe partition value {value!r}")
    return f"{dataset}/province={province}/period={period}"


# --- primitive file operations, local or remote ------------------------------------------------


# Temporary files are named ``.qdx-<32 hex>.tmp``: a name only qdx makes, so that the clean-up
# after a killed run removes qdx's own leftovers and nothing a user keeps under OUT_DIR. Hidden
# and not ending in ``.parquet``, they are never read as rows.
_TEMPORARY_NAME = re.compile(r"^\.qdx-[0-9a-f]{32}\.tmp$")


def temporary_name() -> str:
    return f".qdx-{uuid.uuid4().hex}.tmp"


def _write_atomic(data: bytes | pa.Table, target: Path) -> None:
    """Write a file whole: to a temporary name in its folder, fsynced, renamed into place.

    The file is created with mode 0666 less the umask, as any file a user makes (``mkstemp``'s
    0600 would make a shared datasets folder unreadable to its readers).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / temporary_name()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            if isinstance(data, bytes):
                f.write(data)
            else:
                pq.write_table(data, f, compression=COMPRESSION)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _put(out: Output, relative: str, data: bytes | pa.Table) -> str:
    """Write one file whole; returns its path (local: atomic rename; remote: one put)."""
    target = out.path(relative)
    if out.fs is None:
        _write_atomic(data, Path(target))
        return target
    if isinstance(data, pa.Table):
        sink = pa.BufferOutputStream()
        pq.write_table(data, sink, compression=COMPRESSION)
        data = sink.getvalue().to_pybytes()
    out.fs.pipe_file(target, data)
    return target


def _glob(out: Output, pattern: str) -> list[str]:
    """Paths (as in :meth:`Output.path`) matching a pattern relative to the root, sorted."""
    if out.fs is None:
        return sorted(str(p) for p in Path(out.root).glob(pattern))
    return sorted(out.fs.glob(out.path(pattern)))


def _remove(out: Output, path: str) -> None:
    if out.fs is None:
        _DOC_IDS.pop(path, None)
        old = Path(path)
        old.unlink(missing_ok=True)
        for folder in (old.parent, old.parent.parent):
            try:
                folder.rmdir()  # only when empty
            except OSError:
                break
    else:
        out.fs.rm_file(path)


def _read_bytes(out: Output, relative: str) -> bytes | None:
    path = out.path(relative)
    if out.fs is None:
        try:
            return Path(path).read_bytes()
        except FileNotFoundError:
            return None
    try:
        return bytes(out.fs.cat_file(path))
    except FileNotFoundError:
        return None


def _read_parquet(out: Output, path: str, columns: Sequence[str] | None = None) -> pa.Table:
    if out.fs is None:
        return pq.ParquetFile(path).read(columns)
    with out.fs.open(path, "rb") as f:
        return pq.ParquetFile(f).read(columns)


# --- documents ----------------------------------------------------------------------------------


def records_table(dataset: str, rows: Sequence[Record]) -> pa.Table:
    """The Arrow table of a dataset's rows, in the dataset's schema (raises when they don't fit)."""
    schema = arrow_schema(DATASETS[dataset])
    return pa.Table.from_pylist([row.model_dump() for row in rows], schema=schema)


def replace_issue_rows(
    issues: pa.Table | None, checks: Sequence[Check], rows: pa.Table | None = None
) -> pa.Table | None:
    """A document's ``issues`` rows with those of ``checks`` taken out and ``rows`` (if any)
    added: how a run rewrites the issues it owns (a kept failure, a duplicate mark) without
    piling up a second copy on the next run."""
    if issues is not None:
        issues = issues.filter(pc.invert(pc.is_in(issues.column("check"), pa.array(checks))))
    if rows is None:
        return issues
    return rows if issues is None else pa.concat_tables([issues, rows.cast(issues.schema)])


# A document's files by dataset, as found by :func:`index_documents` or :func:`document_files`.
DocumentFiles = Mapping[str, Sequence[str]]


@dataclass(frozen=True, slots=True)
class DocumentWrite:
    """A document's rows to write, by dataset (an empty or missing table: no rows there)."""

    doc_id: str
    province: str
    period: str
    tables: Mapping[str, pa.Table]


def part_name(number: int) -> str:
    return f"part-{number:04d}.parquet"


def _part_number(name: str) -> int | None:
    match = _PART_NAME.match(name)
    return int(match.group(1)) if match else None


def write_documents(
    out_dir: OutDir | Output,
    writes: Sequence[DocumentWrite],
    index: Mapping[str, DocumentFiles] | None = None,
    removals: Sequence[str] = (),
) -> dict[str, str]:
    """Write a batch of documents' rows and remove those of ``removals``, replacing whatever rows
    each had before in any partition; why each document that could not be written failed, by id.

    The batch's rows go into as few files as its partitions need (:func:`_write_together`). When
    that fails, each document is written alone, so that a document that cannot be written fails
    alone. ``index``: where the documents' rows are now (:func:`index_documents`, made since the
    last write to OUT_DIR); listed when not given.
    """
    out = output(out_dir)
    if not writes and not removals:
        return {}
    files = index_documents(out) if index is None else index
    try:
        _write_together(out, writes, removals, files)
        return {}
    except Exception:
        if len(writes) + len(removals) == 1:
            raise
    errors: dict[str, str] = {}
    for write in writes:
        try:
            _write_together(out, [write], (), index_documents(out))
        except Exception as exc:
            errors[write.doc_id] = str(exc)
    for doc_id in removals:
        try:
            _write_together(out, [], [doc_id], index_documents(out))
        except Exception as exc:
            errors[doc_id] = str(exc)
    return errors


def write_document(
    out_dir: OutDir | Output,
    doc_id: str,
    province: str,
    period: str,
    tables: Mapping[str, pa.Table],
    existing: DocumentFiles | None = None,
) -> list[str]:
    """Write one document's tables, replacing whatever rows it had before in any partition;
    returns the files that hold its rows now (raises when they could not be written).

    ``existing`` is where the document's rows are now, from an :func:`index_documents` made
    since the last write to OUT_DIR; without it OUT_DIR is listed.
    """
    out = output(out_dir)
    index = {file_key(doc_id): existing} if existing is not None else index_documents(out)
    written = _write_together(out, [DocumentWrite(doc_id, province, period, tables)], (), index)
    return written.get(doc_id, [])


def write_extraction(out_dir: OutDir | Output, extraction: Extraction) -> list[Path]:
    """Write one document's rows, replacing whatever rows it had before; returns the files."""
    tables = {
        dataset: records_table(dataset, rows)
        for dataset, rows in extraction.records.items()
        if dataset in DOCUMENT_DATASETS and rows
    }
    written = write_document(
        out_dir, extraction.doc_id, extraction.province, extraction.period, tables
    )
    return [Path(p) for p in written]


def remove_document(
    out_dir: OutDir | Output, doc_id: str, existing: DocumentFiles | None = None
) -> None:
    """Remove every row of a document from every dataset (``existing``: as for
    :func:`write_document`)."""
    out = output(out_dir)
    index = {file_key(doc_id): existing} if existing is not None else index_documents(out)
    _write_together(out, [], [doc_id], index)


def document_files(out_dir: OutDir | Output, doc_id: str) -> dict[str, list[str]]:
    """The files holding a document's rows, by dataset (one each, at rest)."""
    return _find_files(output(out_dir), file_key(doc_id))


def index_documents(out_dir: OutDir | Output) -> dict[str, dict[str, list[str]]]:
    """Every file holding a document's rows, by the document's file key (:func:`file_key`) and
    dataset, from one listing of the tree and the ``doc_id`` column of each file (remembered
    in this process for a file unchanged since, and set by the writer for the files it writes):
    what a batch looks its documents up in."""
    out = output(out_dir)
    index: dict[str, dict[str, list[str]]] = {}
    for dataset in DOCUMENT_DATASETS:
        for path in _glob_files(out, dataset):
            try:
                doc_ids = _doc_ids(out, path)
            except FileNotFoundError:
                continue
            for doc_id in doc_ids:
                index.setdefault(file_key(doc_id), {}).setdefault(dataset, []).append(path)
    return index


def read_document(
    out_dir: OutDir | Output, doc_id: str, existing: DocumentFiles | None = None
) -> dict[str, pa.Table]:
    """A document's rows as they are written now, by dataset (partition columns left out).
    ``existing``: as for :func:`write_document`."""
    out = output(out_dir)
    if existing is None:
        existing = _find_files(out, file_key(doc_id))
    tables = {}
    for dataset, paths in existing.items():
        parts = [_rows_of(_read_part(out, path), [doc_id]) for path in paths]
        parts = [part for part in parts if part.num_rows]
        if parts:
            tables[dataset] = pa.concat_tables(parts) if len(parts) > 1 else parts[0]
    return tables


def issue_counts(issues: pa.Table | None) -> tuple[int, int]:
    """A document's ``issues`` rows, and of them those of severity error."""
    if issues is None:
        return 0, 0
    errors = pc.sum(pc.equal(issues.column("severity"), pa.scalar(Severity.ERROR.value))).as_py()
    return issues.num_rows, int(errors or 0)


def stored_issue_counts(
    out_dir: OutDir | Output, doc_ids: Sequence[str]
) -> dict[str, tuple[int, int]]:
    """:func:`issue_counts` of these documents' ``issues`` rows as written (0 for one that has
    none), from one listing of the dataset, reading its ``doc_id`` and ``severity`` columns
    only. When a file cannot be read, a document with no row found is left out (its rows may be
    in that file)."""
    out = output(out_dir)
    wanted = set(doc_ids)
    rows: dict[str, int] = dict.fromkeys(doc_ids, 0)
    errors: dict[str, int] = dict.fromkeys(doc_ids, 0)
    unreadable = False
    for path in _glob_files(out, "issues"):
        try:
            table = _read_parquet(out, path, ["doc_id", "severity"])
        except (OSError, pa.ArrowInvalid):
            unreadable = True
            continue
        severities = table.column("severity").to_pylist()
        for doc_id, severity in zip(table.column("doc_id").to_pylist(), severities, strict=True):
            if doc_id in wanted:
                rows[doc_id] += 1
                errors[doc_id] += severity == Severity.ERROR.value
    return {
        doc_id: (rows[doc_id], errors[doc_id])
        for doc_id in doc_ids
        if rows[doc_id] or not unreadable
    }


def legacy_documents(index: Mapping[str, DocumentFiles]) -> list[str]:
    """The file keys of the documents with rows in a file of layout version 1 (a document's own
    file, not a part)."""
    return sorted(
        key
        for key, files in index.items()
        if any(_part_number(p.rsplit("/", 1)[-1]) is None for ps in files.values() for p in ps)
    )


def _find_files(out: Output, key: str) -> dict[str, list[str]]:
    """One document's files, when no index of the batch is at hand."""
    return index_documents(out).get(key, {})


# --- part files ---------------------------------------------------------------------------------


# A partition's files are ``part-<NNNN>.parquet``: a batch's rows are added to the last one while
# it is under PART_BYTES (the file rewritten whole, with its rows and the batch's), else to a new
# one, so that a partition is a few files and a full ingest rewrites each byte a bounded number
# of times. Version 1 of the layout had one file per document (``<file_key>.parquet``): such a
# file is read as a part holding one document, and goes when its document is next written.
PART_BYTES = 4 * 1024 * 1024
_PART_NAME = re.compile(r"^part-(\d{4,})\.parquet$")
# The doc ids of a file by its path, with the (path, inode, mtime, size) they were read at: a file
# is read for them once per process, and a file rewritten replaces its entry (keyed by that
# identity alone, every rewrite of a part added an entry: 729 MiB at 10,000 documents).
_DOC_IDS: dict[str, tuple[tuple[str, int, int, int], frozenset[str]]] = {}
# The last few parts read whole, by the same key (a batch's diff reads a part once per document).
_PARTS: dict[tuple[str, int, int, int], pa.Table] = {}
_PARTS_KEPT = 8
_PARTS_LOCK = threading.Lock()


def _file_id(path: str) -> tuple[str, int, int, int]:
    st = os.stat(path)
    return (path, st.st_ino, st.st_mtime_ns, st.st_size)


def _doc_ids(out: Output, path: str) -> frozenset[str]:
    if out.fs is not None:
        with out.fs.open(path, "rb") as f:
            column = pq.ParquetFile(f).read(columns=["doc_id"]).column("doc_id")
        return frozenset(pc.unique(column).to_pylist())
    key = _file_id(path)
    known = _DOC_IDS.get(path)
    if known is not None and known[0] == key:
        return known[1]
    column = pq.ParquetFile(path).read(columns=["doc_id"]).column("doc_id")
    found = frozenset(pc.unique(column).to_pylist())
    _DOC_IDS[path] = (key, found)
    return found


def _read_part(out: Output, path: str) -> pa.Table:
    if out.fs is not None:
        return _read_parquet(out, path)
    key = _file_id(path)
    table = _PARTS.get(key)
    if table is None:
        table = pq.ParquetFile(path).read()
        with _PARTS_LOCK:  # a flow's diff and write tasks may run on other threads
            _PARTS[key] = table
            while len(_PARTS) > _PARTS_KEPT:
                del _PARTS[next(iter(_PARTS))]
    return table


def _rows_of(table: pa.Table, doc_ids: Sequence[str]) -> pa.Table:
    return table.filter(pc.is_in(table.column("doc_id"), pa.array(list(doc_ids), pa.string())))


def _without(table: pa.Table, doc_ids: Sequence[str]) -> pa.Table:
    mask = pc.is_in(table.column("doc_id"), pa.array(list(doc_ids), pa.string()))
    return table.filter(pc.invert(mask))


def _partition_parts(out: Output, folder: str) -> list[str]:
    """The part files of a partition folder (path as in :meth:`Output.path`), by number."""
    if out.fs is None:
        names = [os.path.basename(p) for p in _entries(folder, "part-", ".parquet")]
    else:
        names = [p.rsplit("/", 1)[-1] for p in _glob(out, f"{folder[len(out.root) + 1 :]}/*")]
    numbered = sorted((n, name) for name in names if (n := _part_number(name)) is not None)
    return [f"{folder}/{name}" for _, name in numbered]


def _size(out: Output, path: str) -> int:
    if out.fs is None:
        return os.stat(path).st_size
    return int(out.fs.info(path)["size"])


def _combine(dataset: str, tables: Sequence[pa.Table]) -> pa.Table:
    """Tables of a dataset as one, in the dataset's schema when they fit it."""
    schema = arrow_schema(DATASETS[dataset])
    tables = [t for t in tables if t.num_rows] or [schema.empty_table()]
    try:
        return pa.concat_tables([t.select(schema.names).cast(schema) for t in tables])
    except (KeyError, pa.ArrowInvalid, pa.ArrowTypeError, ValueError):
        return pa.concat_tables(tables, promote_options="default")


def _write_together(
    out: Output,
    writes: Sequence[DocumentWrite],
    removals: Sequence[str],
    index: Mapping[str, DocumentFiles],
) -> dict[str, list[str]]:
    """Write a batch's rows and remove the old rows of its documents; the files holding each
    written document's rows now, by id. Raises when anything could not be written: then no file
    has changed, or (a failure while renaming) some have, each whole, and the documents are
    redone by the next run (they are pending in the manifest).

    For each dataset and partition the batch writes to, the new rows go into the partition's last
    part with its rows (one file rewritten whole), or into a new part when the last is over
    PART_BYTES. Every other file that holds rows of the batch's documents is rewritten without
    them (removed when none are left). The files are written under temporary names, fsynced
    together, then renamed into place: first the files that lose rows, then those that gain
    them, so that a reader sees a document moving to another file in neither for an instant,
    never in both. Then the folders are fsynced.
    """
    batch_ids = [w.doc_id for w in writes] + list(removals)
    for w in writes:
        for value in (w.province, w.period):
            if not is_partition_value(value):
                raise ValueError(f"unsafe partition value {value!r}")
        for dataset, table in w.tables.items():
            if table.num_rows and pc.any(pc.not_equal(table.column("doc_id"), w.doc_id)).as_py():
                raise ValueError(f"{w.doc_id}: {dataset} holds rows of another document")
    # New rows by (dataset, partition folder).
    incoming: dict[tuple[str, str], list[pa.Table]] = {}
    owners: dict[tuple[str, str], list[str]] = {}
    for w in writes:
        for dataset in DOCUMENT_DATASETS:
            table = w.tables.get(dataset)
            if table is None or table.num_rows == 0:
                continue
            folder = out.path(_partition(dataset, w.province, w.period))
            incoming.setdefault((dataset, folder), []).append(table)
            owners.setdefault((dataset, folder), []).append(w.doc_id)
    # The files holding the batch's old rows.
    holding: dict[str, str] = {}  # path -> dataset
    for doc_id in batch_ids:
        for dataset, paths in index.get(file_key(doc_id), {}).items():
            for path in paths:
                holding[path] = dataset
    # What each file touched becomes: rows (None: removed).
    gaining: dict[str, tuple[str, pa.Table]] = {}
    written: dict[str, list[str]] = {}
    for (dataset, folder), tables in incoming.items():
        parts = _partition_parts(out, folder)
        existing: list[pa.Table] = []
        if parts and (parts[-1] in holding or _size(out, parts[-1]) < PART_BYTES):
            target = parts[-1]
            existing = [_without(_read_part(out, target), batch_ids)]
        else:
            last = _part_number(parts[-1].rsplit("/", 1)[-1]) if parts else None
            target = f"{folder}/{part_name(0 if last is None else last + 1)}"
        gaining[target] = (dataset, _combine(dataset, [*existing, *tables]))
        for doc_id in owners[(dataset, folder)]:
            written.setdefault(doc_id, []).append(target)
    losing: dict[str, tuple[str, pa.Table | None]] = {}
    for path, dataset in holding.items():
        if path in gaining:
            continue
        try:
            kept = _without(_read_part(out, path), batch_ids)
        except FileNotFoundError:
            continue
        losing[path] = (dataset, kept if kept.num_rows else None)
    _commit(out, losing, gaining)
    return written


def _commit(
    out: Output,
    losing: Mapping[str, tuple[str, pa.Table | None]],
    gaining: Mapping[str, tuple[str, pa.Table]],
) -> None:
    """Put the files of :func:`_write_together`: those losing rows first, then those gaining."""
    if out.fs is not None:
        for path, (_, table) in losing.items():
            if table is None:
                out.fs.rm_file(path)
            else:
                out.fs.pipe_file(path, _parquet_bytes(table))
        for path, (_, table) in gaining.items():
            out.fs.pipe_file(path, _parquet_bytes(table))
        return
    staged: list[tuple[Path, Path, pa.Table]] = []  # temporary, target, rows
    try:
        for path, (_, maybe) in [*losing.items(), *gaining.items()]:
            if maybe is None:
                continue
            target = Path(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.parent / temporary_name()
            staged.append((tmp, target, maybe))
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            with os.fdopen(fd, "wb") as f:
                pq.write_table(maybe, f, compression=COMPRESSION)
        _sync(out.root, [tmp for tmp, _, _ in staged])  # once, after every file is written
    except BaseException:
        for tmp, _, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    folders: set[Path] = set()
    for path, (_, maybe) in losing.items():
        target = Path(path)
        folders.update((target.parent, target.parent.parent, target.parent.parent.parent))
        if maybe is None:
            _remove(out, path)
    for tmp, target, table in staged:
        _rename(tmp, target)
        ids = frozenset(pc.unique(table.column("doc_id")).to_pylist())
        _DOC_IDS[str(target)] = (_file_id(str(target)), ids)
        folders.update((target.parent, target.parent.parent, target.parent.parent.parent))
    _sync(out.root, sorted(folders))  # the renames, before the manifest says they are done


def _rename(tmp: Path, target: Path) -> None:
    """Put a staged part in place (the one step of a batch a reader sees)."""
    os.replace(tmp, target)


def _syncfs() -> Callable[[int], int] | None:
    """Linux's ``syncfs(2)``: one flush of the file system holding a file, for a batch's files
    at once (an ``fsync`` each costs a journal commit each: 160 small files took 0.2-0.6 s
    against 0.03-0.13 s for one ``syncfs`` on the development machine)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        call = libc.syncfs
    except (OSError, AttributeError):
        return None
    call.argtypes = [ctypes.c_int]
    call.restype = ctypes.c_int
    return cast(Callable[[int], int], call)


_SYNCFS = _syncfs()


def _sync(root: str, paths: Sequence[Path]) -> None:
    """Make these files (or folders) durable: one ``syncfs`` of the file system of ``root``
    where there is one, else an ``fsync`` of each."""
    if _SYNCFS is not None and paths:
        fd = os.open(root, os.O_RDONLY)
        try:
            if _SYNCFS(fd) == 0:
                return
        finally:
            os.close(fd)
    for path in paths:
        _fsync_path(path)


def _fsync_path(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except (FileNotFoundError, NotADirectoryError):
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _parquet_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression=COMPRESSION)
    return bytes(sink.getvalue().to_pybytes())


def _glob_files(out: Output, dataset: str) -> list[str]:
    """The files of a dataset (``province=*/period=*/*.parquet``, hidden files left out),
    paths as in :meth:`Output.path`, sorted."""
    if out.fs is not None:
        return _glob(out, f"{dataset}/province=*/period=*/*.parquet")
    found = []
    for province in _entries(os.path.join(out.root, dataset), "province="):
        for period in _entries(province, "period="):
            found.extend(_entries(period, "", ".parquet"))
    return sorted(found)


def _entries(folder: str, prefix: str, suffix: str = "") -> list[str]:
    """The paths of a folder's visible entries named ``<prefix>…<suffix>`` (none if the folder
    is gone: a write of another batch may remove an emptied partition meanwhile)."""
    try:
        with os.scandir(folder) as entries:
            return [
                e.path
                for e in entries
                if e.name.startswith(prefix) and e.name.endswith(suffix) and e.name[0] != "."
            ]
    except (FileNotFoundError, NotADirectoryError):
        return []


def remove_temporary_files(out_dir: OutDir | Output) -> int:
    """Remove the temporary files a killed run left (``.qdx-<hex>.tmp``, see
    :func:`temporary_name`; readers skip them anyway, being hidden). Files of any other name are
    left alone, whoever made them. Call it holding the lock. Returns how many were removed."""
    out = output(out_dir)
    if out.fs is not None:
        return 0  # objects are put whole: no temporary objects
    removed = 0
    for folder, _, files in os.walk(out.root):
        for name in files:
            if _TEMPORARY_NAME.match(name):
                Path(folder, name).unlink(missing_ok=True)
                removed += 1
    return removed


# --- the change log -----------------------------------------------------------------------------


def write_runs(
    out_dir: OutDir | Output, run_id: str, started_at: dt.datetime, table: pa.Table
) -> str:
    """Write one run's rows of the ``runs`` dataset: ``runs/<started>_<run_id>.parquet``."""
    stamp = started_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    safe_id = re.sub(r"[^A-Za-z0-9-]", "-", run_id)
    return _put(output(out_dir), f"{RUNS_DATASET}/{stamp}_{safe_id}.parquet", table)


# --- the manifest -------------------------------------------------------------------------------


_ENTRY_FIELDS = frozenset(ManifestEntry.__dataclass_fields__)


class ManifestVersionError(RuntimeError):
    """The manifest was written by a newer qdx, in a layout this one does not know: reading it
    could lose what it records, so the run stops before touching OUT_DIR."""


def load_manifest(out_dir: OutDir | Output) -> Manifest:
    """The manifest of OUT_DIR (empty when there is none); :class:`ManifestVersionError` for one
    of an unknown ``schema_version``."""
    out = output(out_dir)
    data = _read_bytes(out, MANIFEST_NAME)
    if data is None:
        return Manifest()
    payload = json.loads(data.decode("utf-8"))
    version = payload.get("schema_version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ManifestVersionError(
            f"{out.path(MANIFEST_NAME)}: schema_version {version!r} is not a version"
        )
    if version > MANIFEST_SCHEMA_VERSION:
        raise ManifestVersionError(
            f"{out.path(MANIFEST_NAME)}: manifest schema version {version} is newer than this qdx "
            f"reads ({MANIFEST_SCHEMA_VERSION}): upgrade qdx to run on this output"
        )
    return Manifest(
        documents={
            doc_id: ManifestEntry(**{k: v for k, v in entry.items() if k in _ENTRY_FIELDS})
            for doc_id, entry in payload["documents"].items()
        },
        pending=dict(payload.get("pending", {})),
        unlogged=list(payload.get("unlogged", [])),
        skipped=dict(payload.get("skipped", {})),
        schema_version=version,
    )


def save_manifest(out_dir: OutDir | Output, manifest: Manifest) -> None:
    """Write the manifest, under its ``schema_version`` (:data:`MANIFEST_SCHEMA_VERSION` once its
    files are converted)."""
    payload: dict[str, object] = {
        "schema_version": manifest.schema_version,
        "documents": {k: asdict(v) for k, v in sorted(manifest.documents.items())},
    }
    if manifest.pending:
        payload["pending"] = dict(sorted(manifest.pending.items()))
    if manifest.unlogged:
        payload["unlogged"] = manifest.unlogged
    if manifest.skipped:
        payload["skipped"] = dict(sorted(manifest.skipped.items()))
    text = json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True)
    _put(output(out_dir), MANIFEST_NAME, text.encode("utf-8"))


def read_manifest(out_dir: OutDir | Output) -> dict[str, ManifestEntry]:
    return load_manifest(out_dir).documents


def write_manifest(out_dir: OutDir | Output, entries: dict[str, ManifestEntry]) -> None:
    save_manifest(out_dir, Manifest(documents=dict(entries)))


# --- the lock -----------------------------------------------------------------------------------


class OutputLocked(RuntimeError):
    """Another qdx run is writing to the same output folder."""


@contextmanager
def locked(out_dir: OutDir | Output) -> Iterator[None]:
    """Hold an exclusive lock on ``out_dir`` for the duration of a run.

    Locally an ``flock`` on ``OUT_DIR/.qdx.lock`` (released by the kernel when the process dies).
    On an object store, a lock object naming its owner, deleted at the end; object stores have no
    atomic create-if-absent here, so two runs started within the same instant could both take it,
    and a lock object left by a killed run is ignored after ``REMOTE_LOCK_STALE_AFTER``: schedule
    runs on a shared output so they cannot overlap (the deployment's concurrency limit is 1).
    """
    out = output(out_dir)
    if out.fs is not None:
        with _remote_lock(out):
            yield
        return
    import fcntl

    root = Path(out.root)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOCK_NAME, "w") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputLocked(f"{out.url}: another qdx run is writing here") from None
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def check_writable(out_dir: OutDir | Output) -> None:
    """Raise before a run starts when it could not write to ``out_dir``: :class:`OSError` for a
    folder that cannot be made or written (read-only, a file in the way), :class:`OutputLocked`
    when another run holds the lock. A local folder is made if missing; a remote one is not
    checked (its first write says)."""
    out = output(out_dir)
    if out.fs is not None:
        return
    root = Path(out.root)
    root.mkdir(parents=True, exist_ok=True)
    probe = root / temporary_name()
    os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    probe.unlink()
    with locked(out):
        pass


@contextmanager
def _remote_lock(out: Output) -> Iterator[None]:
    assert out.fs is not None
    now = dt.datetime.now(dt.UTC)
    existing = _read_bytes(out, LOCK_NAME)
    if existing is not None:
        try:
            held = json.loads(existing)
            since = dt.datetime.fromisoformat(held["since"])
        except (ValueError, KeyError, TypeError):
            since = now
            held = {}
        if now - since < REMOTE_LOCK_STALE_AFTER:
            owner = held.get("owner", "another run")
            raise OutputLocked(f"{out.url}: another qdx run is writing here ({owner})")
    token = uuid.uuid4().hex
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "?"
    owner = f"{user}@{socket.gethostname()} pid {os.getpid()}"
    body = {"token": token, "owner": owner, "since": now.isoformat()}
    _put(out, LOCK_NAME, json.dumps(body).encode())
    confirmed = _read_bytes(out, LOCK_NAME)
    if confirmed is None or json.loads(confirmed).get("token") != token:
        raise OutputLocked(f"{out.url}: another qdx run took the lock at the same time")
    try:
        yield
    finally:
        current = _read_bytes(out, LOCK_NAME)
        if current is not None and json.loads(current).get("token") == token:
            out.fs.rm_file(out.path(LOCK_NAME))
