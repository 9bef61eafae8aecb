"""The sum checks of a table read in one convention: ``row_sum``, ``column_sum``,
``children_sum`` and ``total_row_missing_cell`` (package docstring, **Checks**).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from normalizers.numbers import Convention
from pipeline.build.budget_tables.alignment import RowReading
from pipeline.build.budget_tables.derivation import Group, same_unit
from pipeline.build.budget_tables.header import Column, Header
from pipeline.build.budget_tables.rows import Row, row_name
from pipeline.build.budget_tables.values import (
    Gap,
    Outcome,
    Value,
    as_printed,
    row_outcomes,
    sum_outcome,
)
from pipeline.build.findings import Finding
from pipeline.kinds import Check, Measure


def check_sums(
    header: Header,
    rows: Sequence[Row],
    readings: Sequence[RowReading],
    groups: Sequence[Group],
    convention: Convention,
) -> tuple[list[Finding], int]:
    findings: list[Finding] = []
    passes = 0
    for row, reading in zip(rows, readings, strict=True):
        if reading.ambiguous:
            continue
        for total, (outcome, found) in row_outcomes(reading.slots, header).items():
            passes += outcome is Outcome.PASS
            if outcome is Outcome.FAIL:
                value = reading.slots[total]
                assert isinstance(value, Value)
                column = header.columns[total]
                findings.append(
                    _error(
                        Check.ROW_SUM,
                        f"{row_name(rows, row)}: its parts add up to "
                        f"{as_printed(found, convention)}, its '{column.name}' column says "
                        f"{as_printed(value, convention)}",
                        as_printed(found, convention),
                        as_printed(value, convention),
                        value.cell.start if value.cell else row.span[0],
                        value.cell.end if value.cell else row.span[1],
                    )
                )
    for group in groups:
        for column in header.columns:
            outcome, finding = _group_check(header, rows, readings, group, column, convention)
            passes += outcome is Outcome.PASS
            if finding is not None:
                findings.append(finding)
    return findings, passes


def _group_check(
    header: Header,
    rows: Sequence[Row],
    readings: Sequence[RowReading],
    group: Group,
    column: Column,
    convention: Convention,
) -> tuple[Outcome, Finding | None]:
    slot = column.slot
    members = [readings[i].slots[slot] for i in group.members]
    if any(readings[i].ambiguous for i in (group.total, *group.members)):
        return Outcome.SKIP, None
    if column.measure is Measure.QUANTITY and not same_unit(rows, group):
        return Outcome.SKIP, None
    total_row = rows[group.total]
    total = readings[group.total].slots[slot]
    outcome, found = sum_outcome(total, members)
    what = "the rows it totals" if group.is_total_row else "its rows"
    if outcome is Outcome.FAIL:
        assert isinstance(total, Value)
        check = Check.COLUMN_SUM if group.is_total_row else Check.CHILDREN_SUM
        return outcome, _error(
            check,
            f"{row_name(rows, total_row)}, column '{column.name}': {what} add up to "
            f"{as_printed(found, convention)}, it says {as_printed(total, convention)}",
            as_printed(found, convention),
            as_printed(total, convention),
            total.cell.start if total.cell else total_row.span[0],
            total.cell.end if total.cell else total_row.span[1],
        )
    if group.is_total_row and not isinstance(total, Value):
        if any(m is Gap.MISSING for m in members):
            return Outcome.SKIP, None
        found = sum((m.value for m in members if isinstance(m, Value)), Decimal(0))
        if found:
            return Outcome.FAIL, _error(
                Check.TOTAL_ROW_MISSING_CELL,
                f"{row_name(rows, total_row)} has no cell in column '{column.name}', "
                f"where the rows it totals add up to {as_printed(found, convention)}",
                as_printed(found, convention),
                None,
                total_row.span[0],
                total_row.span[1],
            )
    return outcome, None


def _error(
    check: Check,
    message: str,
    expected: str | None,
    actual: str | None,
    start: int | None,
    end: int | None,
) -> Finding:
    return Finding(check, check.severity, message, expected, actual, start, end)
