"""How `qdx ingest` lays out its files: a batch's rows in one part file per dataset and
partition, and every document's rows in exactly one file after each run, as an analyst globbing
the files with DuckDB counts them (docs/datasets.md: How files are laid out)."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import duckdb
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from pipeline import read_dataset
from pipeline.ingest import ingest
from pipeline.kinds import Change
from pipeline.store.writer import (
    DOCUMENT_DATASETS,
    MANIFEST_NAME,
    MANIFEST_SCHEMA_VERSION,
    file_key,
    load_manifest,
)

from ..conftest import RAW_DIR, SAMPLES

CAO_BANG = SAMPLES["cao_bang"]
HUNG_YEN = SAMPLES["hung_yen"]


def _glob_counts(out: Path, dataset: str) -> dict[tuple[str, str], int]:
    """Rows by doc_id and file, as DuckDB reads the files an analyst globs."""
    glob = (out / dataset / "**" / "*.parquet").as_posix()
    rows = duckdb.sql(
        f"select doc_id, filename, count(*) from read_parquet('{glob}', hive_partitioning = true,"
        " filename = true) group by all"
    ).fetchall()
    return {(doc_id, filename): n for doc_id, filename, n in rows}


def _assert_each_document_in_one_file(out: Path) -> None:
    for dataset in DOCUMENT_DATASETS:
        if not (out / dataset).exists():
            continue
        counts = _glob_counts(out, dataset)
        files_of = Counter(doc_id for doc_id, _ in counts)
        assert all(n == 1 for n in files_of.values()), (dataset, files_of)
        by_doc = Counter[str]()
        for (doc_id, _), n in counts.items():
            by_doc[doc_id] += n
        frame = read_dataset(dataset, out)
        assert dict(by_doc) == frame["doc_id"].value_counts().to_dict(), dataset


@pytest.fixture()
def raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    return raw


def test_a_batch_in_one_partition_is_one_file_per_dataset(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    text = (RAW_DIR / CAO_BANG).read_text(encoding="utf-8")
    for i in range(6):  # six files of one partition (each a distinct file: its own note)
        (raw / f"cao-bang-{i}.txt").write_text(f"{text}\nGhi chú số {i}.\n", encoding="utf-8")
    report = ingest(raw, out, batch_size=6)
    assert report.count(Change.ADDED) == 6
    for dataset in DOCUMENT_DATASETS:
        files = sorted((out / dataset).rglob("*.parquet"))
        if not files:
            continue
        assert [f.relative_to(out / dataset).as_posix() for f in files] == [
            "province=cao-bang/period=2016-2020/part-0000.parquet"
        ]
    documents = pq.read_table(out / "documents" / "province=cao-bang")
    assert sorted(documents.column("doc_id").to_pylist()) == [f"cao-bang-{i}.txt" for i in range(6)]
    _assert_each_document_in_one_file(out)


def test_the_doc_id_cache_holds_one_entry_a_file(tmp_path: Path) -> None:
    # Six batches of one file each rewrite the same part of each dataset six times: the
    # writer's cache of each file's doc ids keeps one entry a path, not one a rewrite (at 10,000
    # documents the stale entries had taken peak RSS to 729 MiB).
    from pipeline.store import writer

    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    text = (RAW_DIR / CAO_BANG).read_text(encoding="utf-8")
    for i in range(6):
        (raw / f"cao-bang-{i}.txt").write_text(f"{text}\nGhi chú số {i}.\n", encoding="utf-8")
    writer._DOC_IDS.clear()
    ingest(raw, out, batch_size=1)
    parts = {p.as_posix() for p in out.rglob("part-*.parquet")}
    assert len(parts) == len(list(out.glob("*/province=cao-bang")))
    assert set(writer._DOC_IDS) == parts
    for path, (_, ids) in writer._DOC_IDS.items():
        assert ids == frozenset(pq.read_table(path, columns=["doc_id"])["doc_id"].to_pylist())


def test_a_changed_document_is_in_one_file_only(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    ingest(raw, out)
    before = Counter(read_dataset("sections", out)["doc_id"])
    text = (raw / CAO_BANG).read_text(encoding="utf-8")
    (raw / CAO_BANG).write_text(text + "\nGhi chú.\n", encoding="utf-8")
    report = ingest(raw, out)
    assert [o.doc_id for o in report.outcomes if o.change == Change.CHANGED] == [CAO_BANG]
    _assert_each_document_in_one_file(out)
    after = Counter(read_dataset("sections", out)["doc_id"])
    assert {d: n for d, n in after.items() if d != CAO_BANG} == {
        d: n for d, n in before.items() if d != CAO_BANG
    }
    # One file per dataset and partition still: the changed rows replaced in their part.
    assert len(list((out / "documents").rglob("*.parquet"))) == 5


def test_a_removed_document_leaves_no_row(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    ingest(raw, out)
    (raw / CAO_BANG).unlink()
    report = ingest(raw, out)
    assert report.count(Change.REMOVED) == 1
    assert not (out / "documents" / "province=cao-bang").exists()
    for dataset in DOCUMENT_DATASETS:
        assert CAO_BANG not in {d for d, _ in _glob_counts(out, dataset)}
    _assert_each_document_in_one_file(out)
    assert sorted(read_dataset("documents", out)["doc_id"]) == sorted(
        d for d in SAMPLES.values() if d != CAO_BANG
    )


def test_a_document_moving_province_leaves_its_old_partition(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    ingest(raw, out)
    text = (raw / HUNG_YEN).read_text(encoding="utf-8")
    assert text.count("HƯNG YÊN") == 1  # the header's province, read by the extractor
    (raw / HUNG_YEN).write_text(text.replace("HƯNG YÊN", "THÁI BÌNH"), encoding="utf-8")
    report = ingest(raw, out)
    [moved] = [o for o in report.outcomes if o.change == Change.CHANGED]
    assert moved.province == "thai-binh"
    assert not (out / "documents" / "province=hung-yen").exists()
    documents = read_dataset("documents", out)
    assert documents.loc[documents["doc_id"] == HUNG_YEN, "province"].tolist() == ["thai-binh"]
    _assert_each_document_in_one_file(out)


def _as_version_1(out: Path) -> None:
    """Rewrite an output as qdx wrote it before part files: one file per document and dataset,
    named by its file key, and a manifest of schema version 1."""
    for dataset in DOCUMENT_DATASETS:
        for part in list((out / dataset).rglob("part-*.parquet")):
            table = pq.read_table(part, partitioning=None)
            for doc_id in pc.unique(table.column("doc_id")).to_pylist():
                rows = table.filter(pc.equal(table.column("doc_id"), doc_id))
                pq.write_table(rows, part.parent / f"{file_key(doc_id)}.parquet")
            part.unlink()
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    manifest["schema_version"] = 1
    (out / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")


def test_a_version_1_output_is_read_then_converted_by_the_next_run(
    raw: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    raw_files = [p for p in raw.iterdir() if p.is_file()]
    # Two documents in one partition, so that conversion merges two files into one part.
    twin = raw / "cao-bang-twin.txt"
    twin.write_text((raw / CAO_BANG).read_text(encoding="utf-8") + "\nGhi chú.\n", "utf-8")
    ingest(raw, out)
    expected = {name: read_dataset(name, out) for name in ("documents", "budget_lines")}
    _as_version_1(out)
    legacy = sorted((out / "budget_lines" / "province=cao-bang").rglob("*.parquet"))
    assert len(legacy) == 2 and not any(p.name.startswith("part-") for p in legacy)
    assert load_manifest(out).schema_version == 1
    # Read as it is: the same rows.
    for name, frame in expected.items():
        assert sorted(read_dataset(name, out)["doc_id"]) == sorted(frame["doc_id"]), name
    report = ingest(raw, out)
    assert report.count(Change.UNCHANGED) == len(raw_files) + 1  # nothing re-extracted
    manifest = load_manifest(out)
    assert manifest.schema_version == MANIFEST_SCHEMA_VERSION and not manifest.pending
    saved = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert saved["schema_version"] == MANIFEST_SCHEMA_VERSION
    files = sorted(p.name for p in (out / "budget_lines" / "province=cao-bang").rglob("*.*"))
    assert files == ["part-0000.parquet"]
    assert all(p.name.startswith("part-") for p in out.rglob("*.parquet") if "runs" not in p.parts)
    for name, frame in expected.items():
        after = read_dataset(name, out).sort_values(list(frame.columns[:2])).reset_index(drop=True)
        before = frame.sort_values(list(frame.columns[:2])).reset_index(drop=True)
        assert after[sorted(before.columns)].equals(before[sorted(before.columns)]), name
    _assert_each_document_in_one_file(out)
