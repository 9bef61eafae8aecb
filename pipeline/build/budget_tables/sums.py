"""Sum checks."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from normalizers.numbers import Convention
from pipeline.build.budget_tables.alignment import _RowReading
from pipeline.build.budget_tables.derivation import _Group, _same_unit
from pipeline.build.budget_tables.header import _Column, _Header
from pipeline.build.budget_tables.rows import _Row, _row_name
from pipeline.build.budget_tables.values import (
    _Gap,
    _Outcome,
    _printed,
    _row_outcomes,
    _sum_outcome,
    _Value,
)
from pipeline.build.findings import Finding
from pipeline.kinds import Measure, Severity


def _checks(
    header: _Header,
    rows: Sequence[_Row],
    readings: Sequence[_RowReading],
    groups: Sequence[_Group],
    convention: Convention,
) -> tuple[list[Finding], int]:
    findings: list[Finding] = []
    passes = 0
    for row, reading in zip(rows, readings, strict=True):
        if reading.ambiguous:
            continue
        for total, (outcome, found) in _row_outcomes(reading.slots, header).items():
            passes += outcome is _Outcome.PASS
            if outcome is _Outcome.FAIL:
                value = reading.slots[total]
                assert isinstance(value, _Value)
                column = header.columns[total]
                findings.append(
                    _error(
                        "row_sum",
                        f"{_row_name(rows, row)}: its parts add up to "
                        f"{_printed(found, convention)}, its '{column.name}' column says "
                        f"{_printed(value, convention)}",
                        _printed(found, convention),
                        _printed(value, convention),
                        value.cell.start if value.cell else row.span[0],
                        value.cell.end if value.cell else row.span[1],
                    )
                )
    for group in groups:
        for column in header.columns:
            outcome, finding = _group_check(header, rows, readings, group, column, convention)
            passes += outcome is _Outcome.PASS
            if finding is not None:
                findings.append(finding)
    return findings, passes


def _group_check(
    header: _Header,
    rows: Sequence[_Row],
    readings: Sequence[_RowReading],
    group: _Group,
    column: _Column,
    convention: Convention,
) -> tuple[_Outcome, Finding | None]:
    slot = column.slot
    members = [readings[i].slots[slot] for i in group.members]
    if any(readings[i].ambiguous for i in (group.total, *group.members)):
        return _Outcome.SKIP, None
    if column.measure is Measure.QUANTITY and not _same_unit(rows, group):
        return _Outcome.SKIP, None
    total_row = rows[group.total]
    total = readings[group.total].slots[slot]
    outcome, found = _sum_outcome(total, members)
    what = "the rows it totals" if group.is_total_row else "its rows"
    if outcome is _Outcome.FAIL:
        assert isinstance(total, _Value)
        check = "column_sum" if group.is_total_row else "children_sum"
        return outcome, _error(
            check,
            f"{_row_name(rows, total_row)}, column '{column.name}': {what} add up to "
            f"{_printed(found, convention)}, it says {_printed(total, convention)}",
            _printed(found, convention),
            _printed(total, convention),
            total.cell.start if total.cell else total_row.span[0],
            total.cell.end if total.cell else total_row.span[1],
        )
    if group.is_total_row and not isinstance(total, _Value):
        if any(m is _Gap.MISSING for m in members):
            return _Outcome.SKIP, None
        found = sum((m.value for m in members if isinstance(m, _Value)), Decimal(0))
        if found:
            return _Outcome.FAIL, _error(
                "total_row_missing_cell",
                f"{_row_name(rows, total_row)} has no cell in column '{column.name}', "
                f"where the rows it totals add up to {_printed(found, convention)}",
                _printed(found, convention),
                None,
                total_row.span[0],
                total_row.span[1],
            )
    return outcome, None


def _error(
    check: str,
    message: str,
    expected: str | None,
    actual: str | None,
    start: int | None,
    end: int | None,
) -> Finding:
    return Finding(check, Severity.ERROR, message, expected, actual, start, end)
