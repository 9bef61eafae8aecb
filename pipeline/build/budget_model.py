"""The budget figures qdx reads, before they become rows of the ``budget_lines`` dataset.

Budget figures come from prose ("Tổng kinh phí: 1.260 triệu đồng, trong đó: - Nguồn kinh phí
khuyến công quốc gia là: 630 triệu đồng") and from tables (a cell per year and funding source).
Both readers produce :class:`BudgetFigure` values; :mod:`pipeline.build.assemble` turns them into
rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pipeline.kinds import BudgetRole, FundingSource, Measure


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
    role: BudgetRole | None = None  # what a prose figure states; PREVIOUS: an amended old figure
