"""The sum checks of a table read in one convention: ``row_sum``, ``column_sum``,
``children_sum`` and ``total_row_missing_cell`` (package docstring, **Checks**).

A failing sum is an error only where the arithmetic is certain: every cell it adds is printed in
its own column and the sum misses by more than the rounding of its printed cells can explain.
It is a warning, whose message says what is uncertain, when a cell was moved to another column
to make its row add up (``cells_realigned``), when a cell was derived from a total
(``cells_derived``), when the miss is within the rounding of the parts (each part rounded to its
last printed digit), or when the table's numbers read two ways and its sums did not tell which
convention is right (a :class:`Guess`: then only the sums that fail under both readings stay
errors).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from normalizers.numbers import Convention
from pipeline.build.budget_tables.alignment import RowReading
from pipeline.build.budget_tables.derivation import Group, Grouping, same_unit
from pipeline.build.budget_tables.header import Column, Header
from pipeline.build.budget_tables.rows import Row, row_name
from pipeline.build.budget_tables.values import (
    Gap,
    Outcome,
    Value,
    as_printed,
    row_outcomes,
    sum_outcome,
    tolerance,
)
from pipeline.build.findings import Finding
from pipeline.kinds import Check, Measure, Severity

SUM_CHECKS = frozenset(
    {Check.ROW_SUM, Check.COLUMN_SUM, Check.CHILDREN_SUM, Check.TOTAL_ROW_MISSING_CELL}
)


def rounding_margin(parts: Iterable[Value | Gap]) -> Decimal:
    """How far a sum of rounded parts may stray from the sum of their exact values: half a unit
    of each part's last printed digit (``800`` + ``11.305`` + ``32.887`` million may be off by
    1,5 million)."""
    return sum((tolerance(p.decimals) for p in parts if isinstance(p, Value)), Decimal(0))


def _uncertain(
    total: Value | Gap, parts: Sequence[Value | Gap], moved: bool, found: Decimal
) -> str | None:
    """What makes a failing sum uncertain, or None when its arithmetic is certain."""
    cells = [total, *parts]
    if moved:
        return "a cell it adds was moved to another column to make its row add up"
    if any(isinstance(c, Value) and c.cell is None for c in cells):
        return "a cell it adds is derived from a total, not printed"
    if isinstance(total, Value):
        miss = abs(found - total.value)
        if miss <= tolerance(total.decimals) + rounding_margin(parts):
            return "the miss is within the rounding of the printed parts"
    return None


@dataclass(frozen=True, slots=True)
class Guess:
    """A reading in a convention the table's sums did not decide: why it is uncertain, and the
    failing sums (check, span start) that fail under the other reading too, and so are certain."""

    why: str
    certain: frozenset[tuple[Check, int | None]]


def check_sums(
    header: Header,
    rows: Sequence[Row],
    readings: Sequence[RowReading],
    grouping: Grouping,
    convention: Convention,
    guess: Guess | None = None,
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
                parts = [reading.slots[p] for p in dict(header.parts)[total]]
                moved = bool(reading.moved & {total, *dict(header.parts)[total]})
                findings.append(
                    _finding(
                        _uncertain(value, parts, moved, found),
                        guess,
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
    for group in grouping.groups:
        doubt = next(
            (
                grouping.uncertain[i]
                for i in (group.total, *group.members)
                if i in grouping.uncertain
            ),
            None,
        )
        for column in header.columns:
            outcome, finding = _group_check(
                header, rows, readings, group, column, convention, guess, doubt
            )
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
    guess: Guess | None,
    doubt: str | None = None,
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
        moved = any(slot in readings[i].moved for i in (group.total, *group.members))
        return outcome, _finding(
            _uncertain(total, members, moved, found) or doubt,
            guess,
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
            # The cell's absence is certain whatever its members read; only ``expected``
            # rests on them, and the message says when it rests on moved or derived cells.
            return Outcome.FAIL, _finding(
                None,
                guess,
                Check.TOTAL_ROW_MISSING_CELL,
                f"{row_name(rows, total_row)} has no cell in column '{column.name}', "
                f"where the rows it totals add up to {as_printed(found, convention)}"
                + _resting(readings, group, slot),
                as_printed(found, convention),
                None,
                total_row.span[0],
                total_row.span[1],
            )
    return outcome, None


def _resting(readings: Sequence[RowReading], group: Group, slot: int) -> str:
    moved = sum(slot in readings[i].moved for i in group.members)
    derived = sum(
        isinstance(v, Value) and v.cell is None
        for v in (readings[i].slots[slot] for i in group.members)
    )
    said = [f"{n} {what}" for n, what in ((moved, "moved"), (derived, "derived")) if n]
    return f" (of their cells {' and '.join(said)})" if said else ""


def _finding(
    uncertain: str | None,
    guess: Guess | None,
    check: Check,
    message: str,
    expected: str | None,
    actual: str | None,
    start: int | None,
    end: int | None,
) -> Finding:
    """An error, or a warning saying what is ``uncertain``."""
    if uncertain is None and guess is not None and (check, start) not in guess.certain:
        uncertain = guess.why
    if uncertain is None:
        return Finding(check, check.severity, message, expected, actual, start, end)
    return Finding(
        check, Severity.WARNING, f"{message} (uncertain: {uncertain})", expected, actual, start, end
    )
