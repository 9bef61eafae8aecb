"""Issue 12: the funding phrases live once, in funding_sources.csv, for the prose and the tables.

A phrase added there is one line of data, read by both readers: the prose reader
(:func:`pipeline.build.budget_prose.funding_source_of`) and the table reader's header and row words
(:mod:`pipeline.build.budget_tables.vocabulary`).
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from normalizers import tables
from normalizers.tables import load_rows
from pipeline.build.budget_prose import extract_prose_budget
from pipeline.build.budget_tables import TableReading, read_budget_table
from pipeline.build.budget_tables.vocabulary import HeaderPhrase, fold
from pipeline.build.funding import FundingPhrase
from pipeline.build.segment import segment
from pipeline.build.tables import find_text_tables
from pipeline.kinds import FundingSource

from ...conftest import text_document

# The one line added to funding_sources.csv: a source neither reader knows today.
NEW_LINE = "ngân sách xã,local,word,start,1\n"

PROSE = "II. KINH PHÍ THỰC HIỆN\n- Ngân sách xã: 200 triệu đồng\n"
# The phrase heading a column, and the phrase opening a row of a table of sources.
COLUMN = (
    "| TT | Nội dung | Ngân sách xã | Tổng cộng |\n"
    "|---|---|---|---|\n"
    "| 1 | Lớp nghề | 20 | 20 |\n"
    "| 2 | Hội chợ | 30 | 30 |\n"
)
ROW = (
    "| TT | Nguồn kinh phí | Năm 2016 | Năm 2017 |\n"
    "|---|---|---|---|\n"
    "| 1 | Kinh phí ngân sách xã | 20 | 30 |\n"
)


def _clear_caches() -> None:
    """Forget every table read and every rule built from the tables (all are cached)."""
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] in ("normalizers", "extractors", "pipeline"):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


@pytest.fixture
def one_more_phrase(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The rule tables as shipped, with ``NEW_LINE`` appended to funding_sources.csv."""
    for table in tables.DATA_DIR.glob("*.csv"):
        shutil.copy(table, tmp_path / table.name)
    with (tmp_path / "funding_sources.csv").open("a", encoding="utf-8") as file:
        file.write(NEW_LINE)
    monkeypatch.setattr(tables, "DATA_DIR", tmp_path)
    _clear_caches()
    yield
    monkeypatch.undo()
    _clear_caches()


def _prose_source() -> FundingSource:
    doc = text_document(PROSE)
    [figure] = extract_prose_budget(doc, segment(doc, None))
    return figure.funding_source


def _table(text: str) -> TableReading:
    doc = text_document(text)
    [table] = find_text_tables(doc)
    reading = read_budget_table(doc, table, 0)
    assert reading is not None
    return reading


def _column_sources() -> set[FundingSource]:
    return {f.funding_source for f in _table(COLUMN).figures if not f.is_total}


def _row_sources() -> set[FundingSource]:
    return {f.funding_source for f in _table(ROW).figures}


def test_without_the_line_neither_reader_knows_the_phrase() -> None:
    assert _prose_source() is FundingSource.TOTAL
    assert _column_sources() == {FundingSource.TOTAL}
    assert _row_sources() == {FundingSource.TOTAL}


def test_one_line_of_data_teaches_the_phrase_to_prose_and_tables(one_more_phrase: None) -> None:
    assert _prose_source() is FundingSource.LOCAL
    assert _column_sources() == {FundingSource.LOCAL}
    assert _row_sources() == {FundingSource.LOCAL}


def test_each_phrase_is_written_once() -> None:
    funding = [fold(row.phrase) for row in load_rows(FundingPhrase)]
    assert len(funding) == len(set(funding))
    headers = {fold(row.phrase) for row in load_rows(HeaderPhrase)}
    assert headers.isdisjoint(funding)
