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
    # The row structure (tables): the row's index among the table's data rows, the row it adds
    # into (its group row, or the total row that totals it) or else breaks down, its depth below
    # the root rows, and whether its cells are the sums of the rows under it.
    row_index: int | None = None
    parent_row_index: int | None = None
    depth: int = 0
    is_group: bool = False
    table_title: str | None = None  # the heading above the table
    role: BudgetRole | None = None  # what a prose figure states; None for a table cell
    per: str | None = None  # a rate's unit: "hộ" in "3.200.000 đồng/hộ", "năm" in "… tỷ đồng/năm"
    currency: str = "VND"  # ISO 4217; a foreign currency ("USD") has no amount_vnd


def half_unit_vnd(value: Decimal, multiplier: Decimal | int) -> Decimal:
    """Half a unit of the last digit ``value`` prints, in VND at ``multiplier`` VND a unit: the
    tolerance of every budget sum ("8.374 triệu" → 500 000, "73,44 tỷ" → 5 000 000)."""
    exponent = value.as_tuple().exponent
    digits = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return Decimal("0.5") * multiplier / (Decimal(10) ** digits)


def tolerance_vnd(value: Decimal | None, amount_vnd: int | None) -> Decimal:
    """:func:`half_unit_vnd` of a figure printed as ``value`` worth ``amount_vnd``; zero for a
    figure with no value, no VND amount or a zero value."""
    if value is None or amount_vnd is None or value == 0:
        return Decimal(0)
    return half_unit_vnd(value, Decimal(amount_vnd) / value)
