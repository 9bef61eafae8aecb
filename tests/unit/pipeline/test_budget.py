"""The ``budget`` selection (pipeline/build/budget.py): cells that partition a document's budget.

The property: a generated document whose budget adds up (a prose clause "Tổng kinh phí …, trong
đó: - Năm …", a table of content rows by year with a total row and column, or both) has a
``budget`` that sums to its stated total, by year to its stated years, and counts nothing twice.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.build.assemble import build_records
from pipeline.build.budget import prose_rows, select_budget
from pipeline.kinds import BudgetBasis, Topic
from pipeline.records import BudgetRecord

from ...conftest import text_document

M = 1_000_000
START = 2021
# Content items as the samples word them (000 III, 003 Biểu 02).
ITEMS = ["Đào tạo nghề, truyền nghề", "Hỗ trợ tư vấn", "Công tác thông tin tuyên truyền"]


def _million(n: int) -> str:
    """Millions as the samples print them: "1.300" with a dot for thousands."""
    return f"{n:,}".replace(",", ".")


def _document(cells: list[list[int]], prose: bool, table: bool) -> str:
    """A plan 2021 - …: its items × years in a table, and/or its total and years in prose."""
    years = [START + i for i in range(len(cells[0]))]
    by_year = [sum(row[i] for row in cells) for i in range(len(years))]
    total = sum(by_year)
    lines = [
        "KẾ HOẠCH",
        f"Khuyến công tỉnh giai đoạn {years[0]} - {years[-1] + 1}",
        "I. KINH PHÍ THỰC HIỆN",
    ]
    if prose:
        lines.append(f"1. Tổng kinh phí: {_million(total)} triệu đồng, trong đó:")
        for year, amount in zip(years, by_year, strict=True):
            lines.append(f"- Năm {year}: {_million(amount)} triệu đồng;")
    if table:
        lines += ["2. Biểu kinh phí", "Đơn vị tính: triệu đồng"]
        lines.append("\t".join(["TT", "Nội dung", *(f"Năm {y}" for y in years), "Tổng cộng"]))
        for n, (item, row) in enumerate(zip(ITEMS, cells, strict=False), start=1):
            lines.append("\t".join([str(n), item, *map(_million, row), _million(sum(row))]))
        lines.append("\t".join(["", "Tổng cộng", *map(_million, by_year), _million(total)]))
    return "\n".join(lines) + "\n"


def _budget(text: str) -> tuple[BudgetRecord, ...]:
    built = build_records(text_document(text), "memory.txt", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    return built.records["budget"]  # type: ignore[return-value]


_CELLS = st.integers(min_value=1, max_value=3).flatmap(
    lambda n_years: st.lists(
        st.lists(st.integers(min_value=1, max_value=5_000), min_size=n_years, max_size=n_years),
        min_size=1,
        max_size=len(ITEMS),
    )
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_CELLS, st.sampled_from([(True, False), (False, True), (True, True)]))
def test_the_budget_of_a_document_that_adds_up_is_its_stated_totals(
    cells: list[list[int]], where: tuple[bool, bool]
) -> None:
    prose, table = where
    rows = _budget(_document(cells, prose, table))
    by_year: dict[int | None, int] = defaultdict(int)
    for row in rows:
        by_year[row.year] += row.amount_vnd
    expected = {START + i: sum(r[i] for r in cells) * M for i in range(len(cells[0]))}
    assert dict(by_year) == expected
    assert {r.basis for r in rows} == {BudgetBasis.TABLE if table else BudgetBasis.PROSE}
    assert not any(r.sources_disagree for r in rows)
    ids = [i for r in rows for i in r.budget_line_ids]
    assert len(ids) == len(set(ids))  # no budget line twice


def test_a_prose_year_the_table_contradicts_is_flagged() -> None:
    # Hưng Yên's case (000): the prose says 3.696 for 2020, the appendix's rows 3.646.
    text = _document([[100, 300], [500, 400]], prose=True, table=True)
    text = text.replace("- Năm 2022: 700 triệu đồng;", "- Năm 2022: 750 triệu đồng;")
    rows = _budget(text)
    assert {r.year for r in rows if r.sources_disagree} == {2022}
    assert sum(r.amount_vnd for r in rows if r.year == 2022) == 700 * M


def test_nothing_without_plan_money_or_outside_khuyen_cong() -> None:
    assert select_budget("x", [], Topic.KHUYEN_CONG) == ()
    # Nghị định 137/2026/NĐ-CP (corpus, pdf): "Tiền ký quỹ … 20 tỷ đồng" is no programme's budget.
    text = "KẾ HOẠCH\nI. KINH PHÍ THỰC HIỆN\nTiền ký quỹ: 20 tỷ đồng\n"
    built = build_records(text_document(text), "m.txt", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert built.records["budget_lines"] and not built.records["budget"]


def test_prose_rows_hang_under_the_nearest_section_with_figures() -> None:
    # sections 0 ⊃ 1 ⊃ 2 ⊃ 3; figures in 1 and 3 (and one outside any section)
    assert prose_rows([1, 3, None], [None, 0, 1, 2]) == [(None, 0), (1, 1), (None, 0)]
