"""The Parquet writer: one file per document, atomic replacement, safe partition values."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.build.extract import Extraction, extract
from pipeline.records import DocumentRecord
from pipeline.schema import arrow_schema
from pipeline.store.writer import (
    MANIFEST_NAME,
    MANIFEST_SCHEMA_VERSION,
    ManifestVersionError,
    document_files,
    file_key,
    index_documents,
    load_manifest,
    remove_document,
    save_manifest,
    write_document,
    write_extraction,
)

from ...conftest import RAW_DIR, SAMPLES


@pytest.fixture(scope="module")
def extraction() -> Extraction:
    return extract(RAW_DIR / SAMPLES["cao_bang"])


def test_schema_types(tmp_path: Path, extraction: Extraction) -> None:
    [path] = [p for p in write_extraction(tmp_path, extraction) if p.parts[-4] == "documents"]
    schema = pq.read_schema(path)
    assert schema.field("total_budget_vnd").type == "int64"
    assert str(schema.field("issue_date").type) == "date32[day]"
    assert str(schema.field("extracted_at").type) == "timestamp[us, tz=UTC]"
    assert schema.field("doc_id").nullable is False
    assert "province" not in schema.names  # partition columns live in the path
    assert schema.equals(arrow_schema(DocumentRecord))


def test_rewrite_in_another_partition_moves_the_file(
    tmp_path: Path, extraction: Extraction
) -> None:
    write_extraction(tmp_path, extraction)
    moved = Extraction(**{**_fields(extraction), "period": "2016-2021"})
    written = write_extraction(tmp_path, moved)
    [path] = [p for p in written if p.parts[-4] == "documents"]
    files = list((tmp_path / "documents").rglob("*.parquet"))
    assert files == [path]
    assert sorted(tmp_path.rglob("*.parquet")) == sorted(written)
    assert path.parent.name == "period=2016-2021"
    assert not (tmp_path / "documents" / "province=cao-bang" / "period=2016-2020").exists()


def test_index_lists_every_document_file_once(tmp_path: Path, extraction: Extraction) -> None:
    first = write_extraction(tmp_path, extraction)
    other = Extraction(**{**_fields(extraction), "doc_id": "other.txt", "period": "2016-2021"})
    second = write_extraction(tmp_path, other)
    (first[0].parent / f".{first[0].name}.x.tmp").write_bytes(b"")  # a killed write: hidden
    index = index_documents(tmp_path)
    assert sorted(index) == sorted([file_key(extraction.doc_id), file_key("other.txt")])
    mine = index[file_key(extraction.doc_id)]
    assert sorted(Path(p) for paths in mine.values() for p in paths) == sorted(first)
    assert mine == document_files(tmp_path, extraction.doc_id)
    assert sorted(Path(p) for paths in index[file_key("other.txt")].values() for p in paths) == (
        sorted(second)
    )
    assert index_documents(tmp_path / "nothing-here") == {}


def test_rewrite_from_the_index_removes_the_old_partition(
    tmp_path: Path, extraction: Extraction
) -> None:
    write_extraction(tmp_path, extraction)
    existing = index_documents(tmp_path)[file_key(extraction.doc_id)]
    tables = {name: pq.ParquetFile(paths[0]).read() for name, paths in existing.items()}
    written = write_document(tmp_path, extraction.doc_id, "cao-bang", "2016-2021", tables, existing)
    assert sorted(tmp_path.rglob("*.parquet")) == sorted(Path(p) for p in written)
    assert {Path(p).parent.name for p in written} == {"period=2016-2021"}


def test_remove_document(tmp_path: Path, extraction: Extraction) -> None:
    write_extraction(tmp_path, extraction)
    remove_document(tmp_path, extraction.doc_id)
    assert not list(tmp_path.rglob("*.parquet"))


def test_unsafe_partition_value_is_refused(tmp_path: Path, extraction: Extraction) -> None:
    evil = Extraction(**{**_fields(extraction), "province": "../../etc"})
    with pytest.raises(ValueError, match="unsafe partition value"):
        write_extraction(tmp_path, evil)
    assert not list(tmp_path.rglob("*.parquet"))
    assert file_key("../../etc").isalnum()


def test_failed_write_leaves_no_temporary_file(
    tmp_path: Path, extraction: Extraction, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(pq, "write_table", explode)
    with pytest.raises(OSError, match="disk full"):
        write_extraction(tmp_path, extraction)
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def _fields(extraction: Extraction) -> dict[str, object]:
    return {name: getattr(extraction, name) for name in Extraction.__dataclass_fields__}


# --- the manifest's schema version -------------------------------------------------------------

_ENTRY = {
    "doc_id": "a.txt",
    "source_path": "a.txt",
    "source_sha256": "ab" * 32,
    "extractor_version": "0.1.0+000000000000",
    "province": "cao-bang",
    "period": "2016-2020",
    "failed": False,
}


def test_a_manifest_without_a_schema_version_is_version_1_and_upgraded_on_write(
    tmp_path: Path,
) -> None:
    (tmp_path / MANIFEST_NAME).write_text(
        json.dumps({"documents": {"a.txt": _ENTRY}, "pending": {"b.txt": "b.txt"}}),
        encoding="utf-8",
    )
    manifest = load_manifest(tmp_path)
    assert manifest.documents["a.txt"].province == "cao-bang"
    assert manifest.pending == {"b.txt": "b.txt"}
    save_manifest(tmp_path, manifest)
    saved = json.loads((tmp_path / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert saved["schema_version"] == MANIFEST_SCHEMA_VERSION == 1
    assert load_manifest(tmp_path) == manifest


@pytest.mark.parametrize("version", [MANIFEST_SCHEMA_VERSION + 1, 0, "2"])
def test_a_manifest_of_an_unknown_schema_version_is_refused_in_one_line(
    tmp_path: Path, version: object
) -> None:
    path = tmp_path / MANIFEST_NAME
    path.write_text(json.dumps({"schema_version": version, "documents": {}}), encoding="utf-8")
    with pytest.raises(ManifestVersionError) as raised:
        load_manifest(tmp_path)
    message = str(raised.value)
    assert "\n" not in message and str(path) in message
    assert path.read_text(encoding="utf-8").startswith('{"schema_version"')  # left as it was
