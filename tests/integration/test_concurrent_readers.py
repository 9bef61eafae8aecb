"""A reader looping over the datasets while runs write them sees no error and no document twice.

The writer alternates two versions of the Hưng Yên sample that differ only in the province its
header names, so that every run moves the document to another ``province=`` partition: its old
part is rewritten without it, then its new part written; a reader that read the old part before
and the new one after would see it twice, unless it reads again (``read_table``).
With pyarrow discovering the folder's files (``read_dataset`` before it kept one file per
document) the first test failed every time: about a third of the reads saw the document twice
or raised ``FileNotFoundError``.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from pipeline import read_dataset
from pipeline.ingest import ingest
from pipeline.kinds import Change
from pipeline.store import datasets
from pipeline.store.datasets import DatasetChanging, read_table

from ..conftest import RAW_DIR, SAMPLES

HUNG_YEN = SAMPLES["hung_yen"]
WRITER_RUNS = 30
READ = ("documents", "issues", "sections")


def _province_versions(raw: Path) -> tuple[str, str]:
    """The sample's text as it is (Hưng Yên) and with Thái Bình named in its header instead."""
    text = (raw / HUNG_YEN).read_text(encoding="utf-8")
    assert text.count("HƯNG YÊN") == 1  # "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN": the province read
    return text, text.replace("HƯNG YÊN", "THÁI BÌNH")


def _anomalies(name: str, frame: pd.DataFrame) -> list[str]:
    """What a consistent read never shows: a document twice, or one document's rows from two
    partitions."""
    found = []
    if name == "documents" and frame["doc_id"].duplicated().any():
        found.append(f"documents: {sorted(frame['doc_id'][frame['doc_id'].duplicated()])} twice")
    partitions = frame.groupby("doc_id")[["province", "period"]].nunique()
    moved = partitions[(partitions["province"] > 1) | (partitions["period"] > 1)]
    if len(moved):
        found.append(f"{name}: {list(moved.index)} in two partitions")
    return found


def test_a_reader_during_runs_sees_no_error_and_no_document_twice(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(RAW_DIR, raw)
    hung_yen, thai_binh = _province_versions(raw)
    assert ingest(raw, out).count(Change.ADDED) == 5
    writer_errors: list[BaseException] = []
    provinces: list[str] = []

    def write() -> None:
        try:
            for run in range(WRITER_RUNS):
                (raw / HUNG_YEN).write_text(thai_binh if run % 2 == 0 else hung_yen, "utf-8")
                report = ingest(raw, out)
                [moved] = [o for o in report.outcomes if o.change == Change.CHANGED]
                provinces.append(str(moved.province))
        except BaseException as exc:  # reported by the test below
            writer_errors.append(exc)

    writer = threading.Thread(target=write)
    writer.start()
    reads, wrong = 0, []
    while writer.is_alive() or reads == 0:
        for name in READ:
            reads += 1
            try:
                found = _anomalies(name, read_dataset(name, out))
            except Exception as exc:  # every failed read is counted
                found = [f"{name}: {type(exc).__name__}: {exc}"]
            if found:
                wrong.append("; ".join(found))
    writer.join()

    assert not writer_errors, writer_errors
    assert provinces == ["thai-binh", "hung-yen"] * (WRITER_RUNS // 2)
    assert not wrong, f"{len(wrong)} of {reads} reads went wrong: {wrong[:5]}"
    documents = read_dataset("documents", out)
    assert sorted(documents["doc_id"]) == sorted(SAMPLES.values())


@pytest.fixture()
def ingested(tmp_path: Path) -> Path:
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(RAW_DIR, raw)
    ingest(raw, out)
    return out


def test_a_file_replaced_while_it_is_read_means_listing_again(
    ingested: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run replaces a part (a new file renamed over it) after the reader listed it: what was
    read is not taken, since another file read may hold a document the run has moved there."""
    [part] = (ingested / "documents" / "province=hung-yen").rglob("*.parquet")
    real_read = datasets._read_files
    calls = []

    def read_then_replace(folder: str, files: list[str], schema: pa.Schema) -> pa.Table:
        table = real_read(folder, files, schema)
        calls.append(folder)
        if len(calls) == 1:
            copy = part.with_name(".copy")
            shutil.copyfile(part, copy)
            os.replace(copy, part)  # another inode: another version
        return table

    monkeypatch.setattr(datasets, "_read_files", read_then_replace)
    documents = read_table("documents", ingested)
    assert len(calls) == 2
    assert sorted(documents.column("doc_id").to_pylist()) == sorted(SAMPLES.values())


def test_a_file_gone_before_it_is_read_means_listing_again(
    ingested: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first listing names a file that a run removed before it was read."""
    ghost = ingested / "documents" / "province=gone" / "period=2016-2020" / f"{'0' * 20}.parquet"
    real_list = datasets.list_files
    calls = []

    def list_with_a_ghost(folder: str) -> list[str]:
        calls.append(folder)
        files = real_list(folder)
        return [*files, str(ghost)] if len(calls) == 1 else files

    monkeypatch.setattr(datasets, "list_files", list_with_a_ghost)
    assert len(read_table("documents", ingested)) == 5
    assert len(calls) == 2


def test_files_that_keep_vanishing_are_a_clear_error(
    ingested: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(datasets, "RETRY_PAUSE_SECONDS", 0)
    real_list = datasets.list_files
    monkeypatch.setattr(datasets, "list_files", lambda f: [*real_list(f), f"{f}/x/gone.parquet"])
    with pytest.raises(DatasetChanging, match="kept vanishing"):
        read_table("documents", ingested)


def test_runs_and_missing_datasets_read_as_before(ingested: Path, tmp_path: Path) -> None:
    runs = read_table("runs", ingested)
    assert runs.num_rows == 5 and "period" not in runs.column_names
    assert sorted(runs.column("province").to_pylist()) == [
        "an-giang",
        "binh-phuoc",
        "cao-bang",
        "dong-nai",
        "hung-yen",
    ]
    missing = read_table("documents", tmp_path / "nowhere")
    assert missing.num_rows == 0
    assert missing.schema == read_table("documents", ingested).schema
    (ingested / "documents" / "province=x" / "period=y").mkdir(parents=True)
    (ingested / "documents" / "province=x" / "period=y" / ".k.parquet.1.tmp").write_bytes(b"")
    assert len(read_table("documents", ingested)) == 5
