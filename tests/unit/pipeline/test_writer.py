"""The Parquet writer: a batch's rows in one part file per dataset and partition, each document's
rows in one file, atomic replacement, safe partition values."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.build.extract import Extraction, extract
from pipeline.records import DocumentRecord
from pipeline.schema import arrow_schema
from pipeline.store import writer
from pipeline.store.writer import (
    DOCUMENT_DATASETS,
    MANIFEST_NAME,
    MANIFEST_SCHEMA_VERSION,
    DocumentWrite,
    ManifestVersionError,
    document_files,
    file_key,
    index_documents,
    load_manifest,
    records_table,
    remove_document,
    save_manifest,
    write_document,
    write_documents,
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
    assert path.name == "part-0000.parquet"
    assert sorted(tmp_path.rglob("*.parquet")) == sorted(written)
    assert path.parent.name == "period=2016-2021"
    assert not (tmp_path / "documents" / "province=cao-bang" / "period=2016-2020").exists()


def test_index_lists_every_document_file_once(tmp_path: Path, extraction: Extraction) -> None:
    first = write_extraction(tmp_path, extraction)
    other = _renamed(extraction, "other.txt", period="2016-2021")
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


def test_a_batch_in_one_partition_is_one_file_per_dataset(
    tmp_path: Path, extraction: Extraction
) -> None:
    copies = [_renamed(extraction, f"copy-{i}.txt") for i in range(6)]
    writes = [_write_of(e) for e in copies]
    assert write_documents(tmp_path, writes) == {}
    datasets = {name for w in writes for name, t in w.tables.items() if t.num_rows}
    files = sorted(tmp_path.rglob("*.parquet"))
    assert len(files) == len(datasets)
    assert {f.name for f in files} == {"part-0000.parquet"}
    rows = pq.read_table(tmp_path / "budget_lines").num_rows
    assert rows == 6 * writes[0].tables["budget_lines"].num_rows
    # The next batch goes into the same part (under PART_BYTES): still one file a dataset.
    assert write_documents(tmp_path, [_write_of(_renamed(extraction, "late.txt"))]) == {}
    assert sorted(tmp_path.rglob("*.parquet")) == files
    assert pq.read_table(tmp_path / "budget_lines").num_rows == rows * 7 // 6


def test_a_part_over_the_size_starts_the_next_and_a_document_stays_in_one(
    tmp_path: Path, extraction: Extraction, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "PART_BYTES", 1)  # every part is full once written
    write_documents(tmp_path, [_write_of(_renamed(extraction, "a.txt"))])
    write_documents(tmp_path, [_write_of(_renamed(extraction, "b.txt"))])
    folder = tmp_path / "documents" / "province=cao-bang" / "period=2016-2020"
    assert sorted(p.name for p in folder.iterdir()) == ["part-0000.parquet", "part-0001.parquet"]
    # a.txt written again: out of part 0, into a new part 2 (part 1 is full).
    write_documents(tmp_path, [_write_of(_renamed(extraction, "a.txt"))])
    by_part = {p.name: pq.read_table(p).column("doc_id").to_pylist() for p in folder.iterdir()}
    assert by_part == {"part-0001.parquet": ["b.txt"], "part-0002.parquet": ["a.txt"]}


def test_a_document_rewritten_or_removed_leaves_the_others_of_its_part(
    tmp_path: Path, extraction: Extraction
) -> None:
    write_documents(tmp_path, [_write_of(_renamed(extraction, d)) for d in ("a", "b", "c")])
    lines = extraction.records["budget_lines"]
    changed = _renamed(extraction, "b")
    changed.records["budget_lines"] = changed.records["budget_lines"][:1]
    assert write_documents(tmp_path, [_write_of(changed)]) == {}
    table = pq.read_table(tmp_path / "budget_lines")
    counts = Counter(table.column("doc_id").to_pylist())
    assert counts == {"a": len(lines), "b": 1, "c": len(lines)}
    assert write_documents(tmp_path, [], removals=["a"]) == {}
    counts = Counter(pq.read_table(tmp_path / "budget_lines").column("doc_id").to_pylist())
    assert counts == {"b": 1, "c": len(lines)}
    assert len(list((tmp_path / "budget_lines").rglob("*.parquet"))) == 1


def test_rows_of_another_document_are_refused(tmp_path: Path, extraction: Extraction) -> None:
    w = _write_of(extraction)
    with pytest.raises(ValueError, match="rows of another document"):
        write_documents(
            tmp_path, [DocumentWrite("someone-else.txt", w.province, w.period, w.tables)]
        )
    assert not list(tmp_path.rglob("*.parquet"))


def test_a_document_that_cannot_be_written_fails_alone(
    tmp_path: Path, extraction: Extraction
) -> None:
    good = _write_of(_renamed(extraction, "good.txt"))
    bad = _write_of(_renamed(extraction, "bad.txt"))
    bad = DocumentWrite(bad.doc_id, bad.province, "../x", bad.tables)
    errors = write_documents(tmp_path, [good, bad])
    assert list(errors) == ["bad.txt"] and "unsafe partition value" in errors["bad.txt"]
    documents = pq.read_table(tmp_path / "documents")
    assert documents.column("doc_id").to_pylist() == ["good.txt"]


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


def _renamed(extraction: Extraction, doc_id: str, **changes: object) -> Extraction:
    """The extraction as another document's: its id in every row."""
    records = {
        name: [row.model_copy(update={"doc_id": doc_id}) for row in rows]
        for name, rows in extraction.records.items()
    }
    return Extraction(**{**_fields(extraction), "doc_id": doc_id, "records": records, **changes})


def _write_of(extraction: Extraction) -> DocumentWrite:
    tables = {
        name: records_table(name, rows)
        for name, rows in extraction.records.items()
        if name in DOCUMENT_DATASETS and rows
    }
    return DocumentWrite(extraction.doc_id, extraction.province, extraction.period, tables)


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
    assert saved["schema_version"] == manifest.schema_version == 1  # converted by a run
    assert MANIFEST_SCHEMA_VERSION == 2
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
