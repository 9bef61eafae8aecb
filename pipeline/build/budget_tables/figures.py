"""The figures of a read table, one a value cell, and the findings about cells that give none
(text where a number belongs) or fit no column.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from normalizers.amounts import to_vnd
from normalizers.numbers import parse_number
from pipeline.build.budget_model import BudgetFigure
from pipeline.build.budget_tables.alignment import reference_slot
from pipeline.build.budget_tables.convention import Reading
from pipeline.build.budget_tables.header import Column, Header
from pipeline.build.budget_tables.rows import Row, row_name
from pipeline.build.budget_tables.values import Value, parse_cell
from pipeline.build.findings import Finding
from pipeline.kinds import BudgetRole, Check, FundingSource, Measure


def table_figures(
    header: Header, rows: Sequence[Row], reading: Reading, table_index: int
) -> tuple[BudgetFigure, ...]:
    figures: list[BudgetFigure] = []
    derived_slots = [{slot for slot, _ in r.derived} for r in reading.rows]
    for row, row_reading, derived in zip(rows, reading.rows, derived_slots, strict=True):
        parent_label = rows[row.parent].label if row.parent is not None else None
        for column in header.columns:
            value = row_reading.slots[column.slot]
            if not isinstance(value, Value):
                continue
            figures.append(
                _figure(
                    header, row, column, value, table_index, parent_label, column.slot in derived
                )
            )
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
                    raw=cell.text,
                    start=cell.start,
                    end=cell.end,
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
        is_total=row.is_total or column.is_total,
        raw=value.cell.text if value.cell else "",
        start=value.cell.start if value.cell else None,
        end=value.cell.end if value.cell else None,
        is_derived=is_derived,
        role=BudgetRole.PREVIOUS if column.is_previous else None,
    )


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
