"""The only module that writes Parquet, and the manifest that says what has been written.

Layout: ``OUT_DIR/<dataset>/province=<slug>/period=<start>-<end>/<key>.parquet`` with one file
per document and dataset, ``<key>`` a digest of the document id (never text from the document),
so one document's rows can be replaced or removed alone. Every file is written to a temporary
name in the same folder and renamed into place, so a crash never leaves a half-written file.
``OUT_DIR/_manifest.json`` maps each document id to the source digest, extractor version and
partition of its rows; it is the source of truth for skipping unchanged files.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.extract import Extraction
from pipeline.records import DATASETS
from pipeline.schema import arrow_schema

MANIFEST_NAME = "_manifest.json"
LOCK_NAME = ".qdx.lock"
_PARTITION_VALUE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    doc_id: str
    source_path: str
    source_sha256: str | None
    extractor_version: str
    province: str
    period: str
    failed: bool


def file_key(doc_id: str) -> str:
    """The file name stem of a document's rows: a digest, whatever the id contains."""
    return hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:20]


def _partition_dir(out_dir: Path, dataset: str, province: str, period: str) -> Path:
    for value in (province, period):
        if not _PARTITION_VALUE.match(value):
            raise ValueError(f"unsafe partition value {value!r}")
    return out_dir / dataset / f"province={province}" / f"period={period}"


def _write_atomic(data: bytes | pa.Table, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            if isinstance(data, bytes):
                f.write(data)
            else:
                pq.write_table(data, f, compression="zstd")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_extraction(out_dir: Path, extraction: Extraction) -> list[Path]:
    """Write one document's rows, replacing whatever rows it had before; returns the files."""
    key = file_key(extraction.doc_id)
    written = []
    for dataset, model in DATASETS.items():
        rows = extraction.records.get(dataset, ())
        if not rows:
            continue
        schema = arrow_schema(model)
        table = pa.Table.from_pylist([row.model_dump() for row in rows], schema=schema)
        folder = _partition_dir(out_dir, dataset, extraction.province, extraction.period)
        target = folder / f"{key}.parquet"
        _write_atomic(table, target)
        written.append(target)
    _remove_files(out_dir, key, keep=set(written))
    return written


def remove_document(out_dir: Path, doc_id: str) -> None:
    """Remove every row of a document from every dataset."""
    _remove_files(out_dir, file_key(doc_id), keep=set())


def _remove_files(out_dir: Path, key: str, keep: set[Path]) -> None:
    for dataset in DATASETS:
        for old in (out_dir / dataset).glob(f"province=*/period=*/{key}.parquet"):
            if old not in keep:
                old.unlink()
                for folder in (old.parent, old.parent.parent):
                    try:
                        folder.rmdir()  # only when empty
                    except OSError:
                        break


def read_manifest(out_dir: Path) -> dict[str, ManifestEntry]:
    path = out_dir / MANIFEST_NAME
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {doc_id: ManifestEntry(**entry) for doc_id, entry in data["documents"].items()}


def write_manifest(out_dir: Path, entries: dict[str, ManifestEntry]) -> None:
    payload = {"documents": {k: asdict(v) for k, v in sorted(entries.items())}}
    text = json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True)
    _write_atomic(text.encode("utf-8"), out_dir / MANIFEST_NAME)


class OutputLocked(RuntimeError):
    """Another qdx run is writing to the same output folder."""


@contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``out_dir`` for the duration of a run."""
    import fcntl

    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / LOCK_NAME, "w") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputLocked(f"{out_dir}: another qdx run is writing here") from None
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)
