"""The budget figures qdx reads, before they become rows of the ``budget_lines`` dataset.

Budget figures come from prose ("Tổng kinh phí: 1.260 triệu đồng, trong đó: - Nguồn kinh phí
khuyến công quốc gia là: 630 triệu đồng") and from tables (a cell per year and funding source).
Both readers produce :class:`BudgetFigure` values; :mod:`pipeline.extract` turns them into rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class FundingSource(StrEnum):
    NATIONAL = "national"  # khuyến công quốc gia, trung ương, KCQG
    LOCAL = "local"  # khuyến công địa phương, ngân sách tỉnh, KCDP
    STATE = "state"  # national and local together (ngân sách nhà nước, "quốc gia và địa phương")
    COUNTERPART = "counterpart"  # đối ứng of the beneficiaries, tổ chức, cá nhân
    OTHER = "other"  # nguồn khác, xã hội hóa, …
    TOTAL = "total"  # all sources together


class Measure(StrEnum):
    AMOUNT = "amount"  # money
    QUANTITY = "quantity"  # counts: lớp, cơ sở, học viên …


@dataclass(frozen=True, slots=True)
class BudgetFigure:
    """One figure: a cell of a budget table or an amount in budget prose."""

    table_index: int | None  # None for prose
    row_label: str | None  # "I", "1", "2.1" as printed in the TT column; a clause label in prose
    parent_row_label: str | None
    item: str | None  # what the figure is for: the row's content text, the clause heading
    unit_of_measure: str | None  # for quantities: "Cơ sở", "lớp"; for amounts the printed unit
    year: int | None  # None for a figure over the whole period
    measure: Measure
    funding_source: FundingSource
    value: Decimal | None  # in the printed unit
    amount_vnd: int | None  # for amounts: the value in VND
    is_total: bool  # a total row or column, or a stated total in prose
    raw: str
    start: int | None  # span in Document.text
    end: int | None
    is_derived: bool = False  # not printed: derived from the totals of a cut-short row
