"""The figures of a read table, one a value cell, and the findings about cells that give none
(text where a number belongs) or fit no column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from normalizers.amounts import parse_unit_header_rate, to_vnd
from normalizers.numbers import parse_number
from pipeline.build.budget_model import BudgetFigure
from pipeline.build.budget_tables.alignment import reference_slot
from pipeline.build.budget_tables.convention import Reading
from pipeline.build.budget_tables.derivation import Grouping
from pipeline.build.budget_tables.header import Column, Header
from pipeline.build.budget_tables.rows import Row, row_name
from pipeline.build.budget_tables.values import Value, parse_cell
from pipeline.build.findings import Finding
from pipeline.kinds import BudgetRole, Check, FundingSource, Measure


@dataclass(frozen=True, slots=True)
class RowPlace:
    """Where a data row stands in its table's structure (``budget_lines.row_id`` and after)."""

    index: int
    parent: int | None  # the row it adds into, else the row it breaks down
    depth: int
    is_group: bool  # its cells are the sums of the rows that add into it


def row_places(rows: Sequence[Row], grouping: Grouping) -> list[RowPlace]:
    """Each row's place: a row that is a part of a group (a digit row of a roman row, a top row
    of the total row that totals it, :func:`~.derivation.find_groups`, a digit row of the
    subtotal above it, :func:`~.derivation.group_by_arithmetic`) adds into that group's
    row; any other row with a parent (a letter or ``-`` row, which breaks its row down another
    way) hangs under it. A group's row is a group; a root has depth 0. The ``grouping`` of the
    table's reading (with the subtotal rows its arithmetic shows) replaces the rows' own."""
    adds_into: dict[int, int] = {}
    groups: set[int] = set()
    for group in grouping.groups:
        groups.add(group.total)
        for member in group.members:
            adds_into.setdefault(member, group.total)
    parents = [adds_into.get(i, grouping.parents.get(i, row.parent)) for i, row in enumerate(rows)]
    depths: dict[int, int] = {}

    def depth(i: int) -> int:
        chain = [i]  # up to a row whose depth is known, or a root (a cycle stops too)
        while chain[-1] not in depths and (up := parents[chain[-1]]) is not None:
            if up in chain:
                break
            chain.append(up)
        base = depths.get(chain[-1], 0)
        for n, j in enumerate(reversed(chain)):
            depths.setdefault(j, base + n)
        return depths[i]

    return [RowPlace(i, parents[i], depth(i), i in groups) for i in range(len(rows))]


def table_figures(
    header: Header, rows: Sequence[Row], reading: Reading, table_index: int, title: str | None
) -> tuple[BudgetFigure, ...]:
    figures: list[BudgetFigure] = []
    derived_slots = [{slot for slot, _ in r.derived} for r in reading.rows]
    places = row_places(rows, reading.grouping)
    for row, row_reading, derived, place in zip(
        rows, reading.rows, derived_slots, places, strict=True
    ):
        parent = reading.grouping.parents.get(place.index, row.parent)
        parent_label = rows[parent].label if parent is not None else None
        structure = {
            "row_index": place.index,
            "parent_row_index": place.parent,
            "depth": place.depth,
            "is_group": place.is_group,
            "table_title": title,
        }
        for column in header.columns:
            value = row_reading.slots[column.slot]
            if not isinstance(value, Value):
                continue
            figure = _figure(
                header, row, column, value, table_index, parent_label, column.slot in derived
            )
            figures.append(replace(figure, **structure))  # type: ignore[arg-type]
        for cell in row_reading.ambiguous:
            parsed = parse_cell(cell, reading.convention)
            if not isinstance(parsed, Value):
                continue
            near = header.columns[reference_slot(cell.col, {}, header)]
            measure = near.measure if cell.col == near.col else _default_measure(header)
            figures.append(
                BudgetFigure(
                    table_index=table_index,
                    row_label=row.label,
                    parent_row_label=parent_label,
                    item=row.item,
                    unit_of_measure=row.unit if measure is Measure.QUANTITY else header.money_unit,
                    year=None,
                    measure=measure,
                    funding_source=FundingSource.TOTAL,
                    value=parsed.value,
                    amount_vnd=_vnd(parsed.value, header.multiplier)
                    if measure is Measure.AMOUNT
                    else None,
                    is_total=False,
                    per=header.per if measure is Measure.AMOUNT else None,
                    role=BudgetRole.RATE
                    if header.per is not None and measure is Measure.AMOUNT
                    else None,
                    raw=cell.text,
                    start=cell.start,
                    end=cell.end,
                    **structure,  # type: ignore[arg-type]
                )
            )
    return tuple(figures)


def _default_measure(header: Header) -> Measure:
    return Measure.AMOUNT if header.multiplier else header.columns[0].measure


def _figure(
    header: Header,
    row: Row,
    column: Column,
    value: Value,
    table_index: int,
    parent_label: str | None,
    is_derived: bool,
) -> BudgetFigure:
    is_amount = column.measure is Measure.AMOUNT
    multiplier = column.multiplier or header.multiplier
    # A rate table's cell (its unit "Đơn vị: Đồng/người", or its row's ĐVT "đồng/lượt/khách")
    # is a rate: never a total.
    per = (
        (column.per or (parse_unit_header_rate(row.unit) if row.unit else None))
        if is_amount
        else None
    )
    return BudgetFigure(
        table_index=table_index,
        row_label=row.label,
        parent_row_label=parent_label,
        item=row.item,
        unit_of_measure=(column.unit or header.money_unit) if is_amount else row.unit,
        year=column.year,
        measure=column.measure,
        funding_source=column.funding or row.funding or FundingSource.TOTAL,
        value=value.value,
        amount_vnd=_vnd(value.value, multiplier) if is_amount else None,
        is_total=(row.is_total or column.is_total) and per is None,
        raw=value.cell.text if value.cell else "",
        start=value.cell.start if value.cell else None,
        end=value.cell.end if value.cell else None,
        is_derived=is_derived,
        per=per,
        role=_role(column, per),
    )


def _role(column: Column, per: str | None) -> BudgetRole | None:
    """A table cell's role: null (its row and column say it) but for a rate's (``rate``) and an
    old column's (``previous``)."""
    if per is not None:
        return BudgetRole.RATE
    return BudgetRole.PREVIOUS if column.is_previous else None


def _vnd(value: Decimal, multiplier: int | None) -> int | None:
    """``value × multiplier`` in whole đồng, exactly (rounded half up only below one đồng)."""
    return None if multiplier is None else to_vnd(value, multiplier)[0]


def not_number_findings(header: Header, rows: Sequence[Row]) -> list[Finding]:
    return [
        Finding(
            Check.CELL_NOT_NUMBER,
            Check.CELL_NOT_NUMBER.severity,
            f"'{cell.text}' in {row_name(rows, row)} stands where a number belongs; no figure",
            actual=cell.text,
            start=cell.start,
            end=cell.end,
        )
        for row in rows
        for cell in row.value_cells(header)
        if cell.text.strip() and parse_number(cell.text) is None
    ]


def ambiguous_findings(header: Header, rows: Sequence[Row], reading: Reading) -> list[Finding]:
    return [
        Finding(
            Check.CELL_AMBIGUOUS,
            Check.CELL_AMBIGUOUS.severity,
            f"'{cell.text}' in {row_name(rows, row)} fits no column of the header and no "
            "arrangement of the row adds up; kept without year or funding source",
            actual=cell.text,
            start=cell.start,
            end=cell.end,
        )
        for row, row_reading in zip(rows, reading.rows, strict=True)
        for cell in row_reading.ambiguous
    ]
