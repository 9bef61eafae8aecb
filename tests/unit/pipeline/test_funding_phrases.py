"""Issue 12: the funding phrases live once, in funding_sources.csv, for the prose and the tables.

A phrase added there is one line of data, read by both readers: the prose reader
(:func:`pipeline.build.budget_prose.funding_source_of`) and the table reader's header and row words
(:mod:`pipeline.build.budget_tables.vocabulary`).
"""

from __future__ import annotations

from pathlib import Path

from normalizers.tables import load_rows
from pipeline.build.budget_prose import extract_prose_budget
from pipeline.build.budget_tables import TableReading, read_budget_table
from pipeline.build.budget_tables.vocabulary import HeaderPhrase, fold
from pipeline.build.funding import FundingPhrase
from pipeline.build.segment import segment
from pipeline.build.tables import find_text_tables
from pipeline.kinds import FundingSource

from ...conftest import edit_table, text_document

# The one line added to funding_sources.csv: a source neither reader knows today.
NEW_LINE = "ngân sách thành phố,local,word,start,1"

PROSE = "II. KINH PHÍ THỰC HIỆN\n- Ngân sách thành phố: 200 triệu đồng\n"
# The phrase heading a column, and the phrase opening a row of a table of sources.
COLUMN = (
    "| TT | Nội dung | Ngân sách thành phố | Tổng cộng |\n"
    "|---|---|---|---|\n"
    "| 1 | Lớp nghề | 20 | 20 |\n"
    "| 2 | Hội chợ | 30 | 30 |\n"
)
ROW = (
    "| TT | Nguồn kinh phí | Năm 2016 | Năm 2017 |\n"
    "|---|---|---|---|\n"
    "| 1 | Kinh phí ngân sách thành phố | 20 | 30 |\n"
)


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


def test_one_line_of_data_teaches_the_phrase_to_prose_and_tables(rule_tables: Path) -> None:
    edit_table(rule_tables, "funding_sources.csv", None, NEW_LINE)
    assert _prose_source() is FundingSource.LOCAL
    assert _column_sources() == {FundingSource.LOCAL}
    assert _row_sources() == {FundingSource.LOCAL}


def test_each_phrase_is_written_once() -> None:
    funding = [fold(row.phrase) for row in load_rows(FundingPhrase)]
    assert len(funding) == len(set(funding))
    headers = {fold(row.phrase) for row in load_rows(HeaderPhrase)}
    assert headers.isdisjoint(funding)
