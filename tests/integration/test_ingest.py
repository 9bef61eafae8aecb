"""`qdx ingest` end to end on the bundled sample: datasets, re-runs, corrections, bad files."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pytest

from flows.cli import main
from pipeline import read_dataset
from pipeline.ingest import ingest
from pipeline.ingest.sources import READ_SUFFIXES
from pipeline.kinds import Change
from pipeline.store.writer import MANIFEST_NAME, file_key, load_manifest, locked

from ..conftest import FIXTURES_DIR, RAW_DIR, SAMPLES


@pytest.fixture()
def raw_copy(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    return raw


def _parquet_files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.parquet"))}


def test_cli_ingest_writes_five_documents(raw_copy: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert main(["ingest", str(raw_copy), "--out", str(out)]) == 0
    assert "5 files: 5 added" in capsys.readouterr().out
    files = sorted(p.relative_to(out).as_posix() for p in (out / "documents").rglob("*.parquet"))
    assert [f.rsplit("/", 1)[0] for f in files] == [
        "documents/province=an-giang/period=2016-2020",
        "documents/province=binh-phuoc/period=2011-2015",
        "documents/province=cao-bang/period=2016-2020",
        "documents/province=dong-nai/period=2018-2018",
        "documents/province=hung-yen/period=2018-2020",
    ]
    assert not list(out.rglob("*.tmp"))


@pytest.fixture()
def ingested(raw_copy: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    report = ingest(raw_copy, out)
    assert report.count(Change.ADDED) == 5
    return out


def test_pandas_reads_partitions(ingested: Path) -> None:
    df = pd.read_parquet(ingested / "documents")
    assert len(df) == 5
    assert set(df["province"].astype(str)) == {
        "hung-yen",
        "an-giang",
        "binh-phuoc",
        "cao-bang",
        "dong-nai",
    }
    typed = read_dataset("documents", ingested)
    assert typed["province"].dtype == "str" or typed["province"].dtype == object
    assert typed["period"].map(type).eq(str).all()
    assert typed.set_index("doc_id").loc[SAMPLES["dong_nai"], "period"] == "2018-2018"


def test_polars_reads_partitions(ingested: Path) -> None:
    df = pl.scan_parquet(ingested / "documents" / "**" / "*.parquet", hive_partitioning=True)
    collected = df.collect()
    assert collected.height == 5
    assert collected.schema["province"] == pl.String
    assert collected.schema["period"] == pl.String
    assert collected.schema["issue_date"] == pl.Date


def test_duckdb_reads_partitions(ingested: Path) -> None:
    glob = (ingested / "documents" / "**" / "*.parquet").as_posix()
    rel = duckdb.sql(
        f"select province, period, decision_number, issue_date "
        f"from read_parquet('{glob}', hive_partitioning = true) order by province"
    )
    assert [t for t in rel.types][:2] == ["VARCHAR", "VARCHAR"]
    rows = rel.fetchall()
    assert len(rows) == 5
    assert rows[0][:3] == ("an-giang", "2016-2020", "2211/QĐ-UBND")


def test_rerun_skips_unchanged_and_keeps_files(raw_copy: Path, ingested: Path) -> None:
    before = _parquet_files(ingested)
    report = ingest(raw_copy, ingested)
    assert report.count(Change.UNCHANGED) == 5
    assert _parquet_files(ingested) == before


def test_force_rerun_gives_same_rows_no_duplicates(raw_copy: Path, ingested: Path) -> None:
    report = ingest(raw_copy, ingested, force=True)
    # Extracted again, the same records: unchanged, re-extracted (issue 16), not "changed".
    assert report.count(Change.UNCHANGED) == 5
    assert all(o.re_extracted for o in report.outcomes)
    df = read_dataset("documents", ingested)
    assert len(df) == 5
    assert df["doc_id"].is_unique


def test_corrected_file_replaces_its_rows(raw_copy: Path, ingested: Path) -> None:
    path = raw_copy / SAMPLES["dong_nai"]
    path.write_text(path.read_text(encoding="utf-8").replace("năm 2018", "năm 2019"), "utf-8")
    report = ingest(raw_copy, ingested)
    assert report.count(Change.CHANGED) == 1
    assert report.count(Change.UNCHANGED) == 4
    df = read_dataset("documents", ingested)
    assert len(df) == 5
    row = df.set_index("doc_id").loc[SAMPLES["dong_nai"]]
    assert (row["period"], row["period_start"]) == ("2019-2019", 2019)
    # The old partition's file is gone, not left beside the new one.
    assert not (ingested / "documents" / "province=dong-nai" / "period=2018-2018").exists()


def test_removed_file_loses_its_rows(raw_copy: Path, ingested: Path) -> None:
    (raw_copy / SAMPLES["cao_bang"]).unlink()
    report = ingest(raw_copy, ingested)
    assert report.count(Change.REMOVED) == 1
    df = read_dataset("documents", ingested)
    assert SAMPLES["cao_bang"] not in set(df["doc_id"])
    assert len(df) == 4
    assert SAMPLES["cao_bang"] not in (ingested / MANIFEST_NAME).read_text(encoding="utf-8")


FIXTURES = FIXTURES_DIR

BAD_FILES = [
    ("empty.txt", b"", "empty file"),
    ("empty.docx", b"", "empty file"),
    ("not_a_zip.docx", (FIXTURES / "bad" / "not_a_zip.docx").read_bytes(), "not a zip archive"),
    ("truncated.docx", (FIXTURES / "bad" / "truncated.docx").read_bytes(), "DOCX"),
    ("empty.pdf", b"", "empty file"),
    ("scan.pdf", (FIXTURES / "bad" / "scan.pdf").read_bytes(), "no text layer; OCR is not"),
    ("encrypted.pdf", (FIXTURES / "bad" / "encrypted.pdf").read_bytes(), "encrypted PDF"),
    ("truncated.pdf", (FIXTURES / "bad" / "truncated.pdf").read_bytes(), "not a readable PDF"),
    ("junk.txt", bytes(range(256)) * 8, "binary data, not text"),
    ("latin.txt", "Quyết định".encode()[:-1] + b"\xff\xfe garbage", "not UTF-8 or UTF-16 text"),
    ("notes.odt", b"PK\x03\x04", "unsupported file type '.odt'"),
]


@pytest.mark.parametrize(("name", "data", "reason"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_fails_alone(
    raw_copy: Path, tmp_path: Path, capsys, name: str, data: bytes, reason: str
) -> None:
    (raw_copy / name).write_bytes(data)
    out = tmp_path / "out"
    # A type qdx does not read is skipped unless --strict (issue 16): then it fails like these.
    strict = [] if Path(name).suffix in READ_SUFFIXES else ["--strict"]
    assert main(["ingest", str(raw_copy), "--out", str(out), *strict]) == 1
    captured = capsys.readouterr()
    assert name in captured.err
    assert reason in captured.err
    assert len(read_dataset("documents", out)) == 5
    issues = read_dataset("issues", out)
    failed = issues[issues["check"] == "extract_failed"]
    assert list(failed["doc_id"]) == [name]
    assert reason in failed["message"].iloc[0]
    assert set(failed["province"]) == {"unknown"}


def test_locked_output_refuses_a_second_run(raw_copy: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    with locked(out):
        assert main(["ingest", str(raw_copy), "--out", str(out)]) == 3  # its own exit code
    err = capsys.readouterr().err
    assert "another qdx run" in err
    assert len(err.strip().splitlines()) == 1  # one line, no traceback


def test_manifest_of_a_newer_qdx_is_refused_in_one_line(
    raw_copy: Path, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    manifest = out / MANIFEST_NAME
    manifest.write_text('{"schema_version": 99, "documents": {}}', encoding="utf-8")
    assert main(["ingest", str(raw_copy), "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(manifest) in err[0] and "99" in err[0]
    assert {p.name for p in out.iterdir()} == {MANIFEST_NAME, ".qdx.lock"}  # nothing written
    assert manifest.read_text(encoding="utf-8").startswith('{"schema_version": 99')


def test_bad_usage_exits_2(tmp_path: Path) -> None:
    assert main(["ingest", str(tmp_path / "missing")]) == 2
    assert main(["ingest", "--no-such-option"]) == 2
    assert main(["show", str(tmp_path / "missing.txt")]) == 2


def test_show_json_prints_records(capsys) -> None:
    import json

    assert main(["show", str(RAW_DIR / SAMPLES["cao_bang"]), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    [document] = payload["documents"]
    assert document["decision_number"] == "270/QĐ-UBND"
    assert document["issue_date"] == "2015-02-26"
    assert payload["period"] == "2016-2020"


def test_file_key_never_carries_the_name() -> None:
    key = file_key("../../etc/passwd")
    assert key.isalnum() and len(key) == 20


def test_show_prints_tree_and_records(capsys) -> None:
    assert main(["show", str(RAW_DIR / SAMPLES["hung_yen"])]) == 0
    out = capsys.readouterr().out
    assert "3355/QĐ-UBND" in out
    assert "Mục tiêu cụ thể" in out  # in the section tree
    assert "prose_years_sum" in out  # in the issues table
    assert "dao_tao_nghe" in out  # in the content lines table


def test_every_dataset_reads_back_everywhere(ingested: Path) -> None:
    from pipeline.records import DATASETS

    for name in DATASETS:
        frame = read_dataset(name, ingested)
        assert len(frame) > 0, name
        assert frame["doc_id"].notna().all()
        polars = pl.scan_parquet(ingested / name / "**" / "*.parquet", hive_partitioning=True)
        assert polars.collect().height == len(frame), name
        glob = (ingested / name / "**" / "*.parquet").as_posix()
        [(count,)] = duckdb.sql(
            f"select count(*) from read_parquet('{glob}', hive_partitioning = true)"
        ).fetchall()
        assert count == len(frame), name
    amounts = read_dataset("budget_lines", ingested)["amount_vnd"]
    assert str(amounts.dtype) == "Int64"  # integers of VND, never floats


def test_legacy_doc_is_converted_or_explained() -> None:
    import shutil

    from pipeline.build.extract import extract

    extraction = extract(FIXTURES / "bad" / "legacy.doc")
    if shutil.which("soffice"):
        [document] = extraction.records["documents"]
        assert document.source_format == "doc"  # type: ignore[attr-defined]
        assert document.province_slug == "dong-nai"  # type: ignore[attr-defined]
    else:
        assert extraction.error is not None
        assert "needs LibreOffice" in extraction.error


def test_a_failed_write_fails_its_document_alone(
    raw_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.ingest import batch

    real_write = batch.prepared_write

    def write_or_fail(out, prepared, *args, **kwargs):  # type: ignore[no-untyped-def]
        if prepared.doc_id == SAMPLES["hung_yen"]:
            raise OSError("disk on fire")
        return real_write(out, prepared, *args, **kwargs)

    monkeypatch.setattr(batch, "prepared_write", write_or_fail)
    report = ingest(raw_copy, tmp_path / "out", batch_size=5)  # one batch of the five
    failed = [o for o in report.outcomes if o.change == Change.FAILED]
    assert [(o.doc_id, o.error) for o in failed] == [
        (SAMPLES["hung_yen"], "could not write its rows: disk on fire")
    ]
    assert report.count(Change.ADDED) == 4
    assert SAMPLES["hung_yen"] in load_manifest(tmp_path / "out").pending  # redone next run
