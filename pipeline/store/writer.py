"""The only module that writes Parquet, and the manifest that says what has been written.

Layout: ``OUT_DIR/<dataset>/province=<slug>/period=<start>-<end>/<key>.parquet`` with one file
per document and dataset, ``<key>`` a digest of the document id (never text from the document),
so one document's rows can be replaced or removed alone. ``OUT_DIR/runs/`` holds the change log,
one file per run, not partitioned. ``OUT_DIR/_manifest.json`` maps each document id to the source
digest, extractor version and partition of its rows; it is the source of truth for skipping
unchanged files, and lists the documents whose rows a run was rewriting (``pending``) so that the
next run redoes them even when that run was killed.

``OUT_DIR`` is a local folder or an fsspec URL (``s3://bucket/prefix``, ``memory://…``):

* locally every file is written to a temporary name in its folder, fsynced and renamed into
  place, so a crash never leaves a half-written file;
* on an object store there is no rename: every object is serialised in memory and put whole in
  one request, so an object is either absent, the old one or the new one. What is *not* atomic
  there is a document as a whole: a reader listing the prefix while a run rewrites a document can
  see its new ``documents`` file beside its old ``issues`` file (the manifest, written after, is
  what says a document is complete).
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import os
import re
import socket
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

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
# The version of the manifest's own layout, written in it as ``schema_version``. A manifest
# without the field is version 1, the layout before the field existed (the same as this one):
# it is read as such and gets the field when next saved. A newer version is refused.
MANIFEST_SCHEMA_VERSION = 1
LOCK_NAME = ".qdx.lock"
RUNS_DATASET = "runs"
# The datasets with one file per document, partitioned by province and period.
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


def write_document(
    out_dir: OutDir | Output,
    doc_id: str,
    province: str,
    period: str,
    tables: Mapping[str, pa.Table],
    existing: DocumentFiles | None = None,
) -> list[str]:
    """Write one document's tables (one file per non-empty dataset), replacing whatever rows it had
    before in any partition; returns the paths written.

    ``existing`` is where the document's files are now, from an :func:`index_documents` made
    since the last write to OUT_DIR (a batch lists the tree once instead of searching it for
    each document); without it every partition is searched.
    """
    out = output(out_dir)
    key = file_key(doc_id)
    if existing is None:
        existing = _find_files(out, key)
    written = []
    for dataset in DOCUMENT_DATASETS:
        table = tables.get(dataset)
        if table is None or table.num_rows == 0:
            continue
        relative = f"{_partition(dataset, province, period)}/{key}.parquet"
        written.append(_put(out, relative, table))
    _remove_files(out, existing, keep=written)
    return written


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
    if existing is None:
        existing = _find_files(out, file_key(doc_id))
    _remove_files(out, existing)


def document_files(out_dir: OutDir | Output, doc_id: str) -> dict[str, list[str]]:
    """The files holding a document's rows, by dataset (more than one only after a killed run)."""
    return _find_files(output(out_dir), file_key(doc_id))


def index_documents(out_dir: OutDir | Output) -> dict[str, dict[str, list[str]]]:
    """Every document file under OUT_DIR by file key (:func:`file_key`) and dataset, from one
    listing of the tree: what a batch looks its documents up in, instead of searching every
    partition for each of them (a search per document makes a run quadratic in the corpus)."""
    out = output(out_dir)
    index: dict[str, dict[str, list[str]]] = {}
    for dataset in DOCUMENT_DATASETS:
        for path in _glob_files(out, dataset):
            key = path.rsplit("/", 1)[-1].removesuffix(".parquet")
            index.setdefault(key, {}).setdefault(dataset, []).append(path)
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
        parts = [_read_parquet(out, path) for path in paths]
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
    none), from one listing of the dataset, reading its ``severity`` column only; a document
    whose file cannot be read is left out."""
    out = output(out_dir)
    paths: dict[str, list[str]] = {}
    for path in _glob_files(out, "issues"):
        paths.setdefault(path.rsplit("/", 1)[-1].removesuffix(".parquet"), []).append(path)
    counts = {}
    for doc_id in doc_ids:
        files = paths.get(file_key(doc_id), [])
        try:
            parts = [_read_parquet(out, path, ["severity"]) for path in files]
        except (OSError, pa.ArrowInvalid):
            continue
        found = [issue_counts(part) for part in parts]
        counts[doc_id] = (sum(n for n, _ in found), sum(e for _, e in found))
    return counts


def _find_files(out: Output, key: str) -> dict[str, list[str]]:
    """One document's files, when no index of the batch is at hand."""
    return index_documents(out).get(key, {})


def _remove_files(out: Output, existing: DocumentFiles, keep: Sequence[str] = ()) -> None:
    for paths in existing.values():
        for old in paths:
            if old not in keep:
                _remove(out, old)


def _glob_files(out: Output, dataset: str) -> list[str]:
    """The document files of a dataset (``province=*/period=*/*.parquet``, hidden files left out),
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
    )


def save_manifest(out_dir: OutDir | Output, manifest: Manifest) -> None:
    """Write the manifest, in the layout of :data:`MANIFEST_SCHEMA_VERSION`."""
    payload: dict[str, object] = {
        "schema_version": MANIFEST_SCHEMA_VERSION,
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
