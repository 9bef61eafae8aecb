"""Reading the datasets as an analyst does, on the bundled sample (data/raw): pandas' own types
from ``read_dataset``, the join with ``documents``, the change log's ``province``, and the claims
of the README and docs/flows.md about the change log."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline import read_dataset
from pipeline.ingest import ingest
from pipeline.kinds import Change

ROOT = Path(__file__).resolve().parents[2]
HUNG_YEN = "000_3a0caad79bab0308.txt"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("raw")
    shutil.copytree(ROOT / "data" / "raw", raw, dirs_exist_ok=True)
    out = raw.parent / "out"
    assert ingest(raw, out).count(Change.ADDED) == 5
    return out


def test_dates_are_datetimes_and_amounts_numbers(out: Path) -> None:
    documents = read_dataset("documents", out).set_index("doc_id")
    assert pd.api.types.is_datetime64_dtype(documents["issue_date"])
    assert documents.loc[HUNG_YEN, "issue_date"] == pd.Timestamp("2017-12-27")
    assert documents["issue_date"].dt.year.loc[HUNG_YEN] == 2017
    assert str(documents["total_budget_vnd"].dtype) == "Int64"
    assert str(documents["extracted_at"].dtype).startswith("datetime64") and "UTC" in str(
        documents["extracted_at"].dtype
    )
    lines = read_dataset("budget_lines", out)
    hung_yen = lines[(lines["doc_id"] == HUNG_YEN) & (lines["raw"] == "3.696 triệu đồng")]
    assert str(lines["value"].dtype) == "Float64" and str(lines["amount_vnd"].dtype) == "Int64"
    assert hung_yen["value"].tolist() == [3696.0]
    assert hung_yen["amount_vnd"].tolist() == [3_696_000_000]
    assert isinstance(lines["value"].mean(), float)


def test_exact_keeps_the_parquet_values(out: Path) -> None:
    documents = read_dataset("documents", out, exact=True).set_index("doc_id")
    assert documents.loc[HUNG_YEN, "issue_date"] == dt.date(2017, 12, 27)
    lines = read_dataset("budget_lines", out, exact=True)
    row = lines[(lines["doc_id"] == HUNG_YEN) & (lines["raw"] == "3.696 triệu đồng")]
    assert row["value"].tolist() == [Decimal("3696.000000000")]
    # The files keep their exact types whatever the reader does.
    schema = pq.read_schema(next((out / "documents").rglob("*.parquet")))
    assert str(schema.field("issue_date").type) == "date32[day]"


def test_with_documents_puts_the_title_beside_each_line_without_suffixes(out: Path) -> None:
    plain = read_dataset("budget_lines", out)
    lines = read_dataset("budget_lines", out, with_documents=["title", "issue_date"])
    assert len(lines) == len(plain) and list(lines.columns) == [
        *plain.columns,
        "title",
        "issue_date",
    ]
    assert not [c for c in lines.columns if c.endswith(("_x", "_y"))]
    hung_yen = lines[lines["doc_id"] == HUNG_YEN]
    assert set(hung_yen["title"]) == {
        "Phê duyệt Chương trình khuyến công địa phương tỉnh Hưng Yên đến năm 2020"
    }
    assert set(hung_yen["issue_date"].dt.year) == {2017}
    with pytest.raises(ValueError, match="not a column of documents"):
        read_dataset("budget_lines", out, with_documents=["titel"])
    with pytest.raises(ValueError, match="already has"):
        read_dataset("budget_lines", out, with_documents=["province"])


def test_the_documented_row_keys_are_unique(out: Path) -> None:
    from pipeline.docgen import _JOIN_KEYS

    for name, key, _ in _JOIN_KEYS:
        columns = [c.strip(" `") for c in key.split(",")]
        if not all(c in read_dataset(name, out).columns for c in columns):
            assert name == "issues"
            continue
        assert not read_dataset(name, out).duplicated(columns).any(), name


def test_the_change_log_names_each_document_s_province(out: Path, tmp_path: Path) -> None:
    runs = read_dataset("runs", out).set_index("doc_id")
    assert runs.loc[HUNG_YEN, "province"] == "hung-yen"
    assert "period" not in runs.columns
    # A change log written before the column was there reads with a null province.
    old = tmp_path / "old"
    (old / "runs").mkdir(parents=True)
    table = pq.read_table(next((out / "runs").glob("*.parquet")))
    pq.write_table(table.drop_columns(["province"]), old / "runs" / "20200101T000000Z_x.parquet")
    assert read_dataset("runs", old)["province"].isna().all()


def test_a_no_op_run_writes_no_change_log_and_a_change_writes_one(tmp_path: Path) -> None:
    """As README and docs/flows.md say; and docs/flows.md's example of a corrected figure."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(ROOT / "data" / "raw", raw)
    ingest(raw, out)
    logs = sorted((out / "runs").glob("*.parquet"))
    assert len(logs) == 1
    report = ingest(raw, out)
    assert report.count(Change.UNCHANGED) == 5 and report.runs_file is None
    assert sorted((out / "runs").glob("*.parquet")) == logs
    source = raw / HUNG_YEN
    source.write_text(source.read_text(encoding="utf-8").replace("3.696", "3.646"), "utf-8")
    assert ingest(raw, out).count(Change.CHANGED) == 1
    runs = read_dataset("runs", out)
    changed = runs[runs["change"] == "changed"].iloc[0]
    assert changed["province"] == "hung-yen"
    fields = [d["field"] for d in changed["differences"]]
    assert "budget_lines[b0003].amount_vnd" in fields
    issues = [d for d in changed["differences"] if d["field"] == "issues"]
    assert [(d["old"], d["new"]) for d in issues] == [("27 rows", "25 rows: 2 removed")]
    assert {"sections[s0062].heading", "sections[s0062].text"} <= set(fields)
    assert changed["summary"] == (
        "1 section changed; 1 budget line changed; 16 budget changed; 2 issues removed"
    )


def _readme_blocks() -> list[tuple[str, str]]:
    """The code blocks of the README's two reading sections, as (language, code)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("### Reading the datasets")
    section = text[start : text.index("\n## ", start)]
    return re.findall(r"```(python|sql|text)\n(.*?)```", section, flags=re.S)


def test_the_readme_s_recipes_run_on_the_sample(
    out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import duckdb

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "processed").symlink_to(out)
    monkeypatch.chdir(tmp_path)
    blocks = _readme_blocks()
    assert {language for language, _ in blocks} == {"python", "sql", "text"}
    for language, code in blocks:
        if language == "python":
            exec(compile(code, "README.md", "exec"), {})
        elif language == "sql":
            for statement in filter(str.strip, code.split(";")):
                assert duckdb.sql(statement).fetchall(), statement
    [sample] = [code for language, code in blocks if language == "text"]
    columns = sample.splitlines()[0].split()
    shown = read_dataset("documents")[columns].sort_values("province").to_string(index=False)
    assert shown + "\n" == sample
