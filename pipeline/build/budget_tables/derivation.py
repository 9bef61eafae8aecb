"""Groups and derivation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from normalizers.numbers import Convention
from pipeline.build.budget_tables.alignment import _RowReading
from pipeline.build.budget_tables.grid import _DIGIT_RANK, _DOTTED_RANK, _ROMAN_RANK
from pipeline.build.budget_tables.header import _Column, _Header
from pipeline.build.budget_tables.rows import _Row, _row_name
from pipeline.build.budget_tables.values import _Gap, _printed, _Value
from pipeline.build.budget_tables.vocabulary import _fold
from pipeline.build.findings import Finding
from pipeline.kinds import Measure, Severity

# --- groups, derivation and checks ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Group:
    total: int  # the total row, or the parent row
    members: tuple[int, ...]
    is_total_row: bool


# The rows whose cells add up to their parent's: digit (and unlabelled) rows under a roman row,
# dotted rows under a digit row. Letter and "-" rows break a line down another way (by
# participants, by unit) and are not summed.
_CHILD_RANKS: dict[int | None, tuple[int | None, ...]] = {
    _ROMAN_RANK: (_DIGIT_RANK, None),
    _DIGIT_RANK: (_DOTTED_RANK,),
}


def _groups(rows: Sequence[_Row]) -> list[_Group]:
    """The total rows with the rows they total, and the parent rows with their children.

    A total row totals the top-level rows since the total row above it (the first one, when
    none stand above it, those below it). A total row right after another totals the subtotals
    above it: the total rows since the last such total of totals, or that total of totals itself
    when it is the row right above ("Cộng I", "Cộng II", "Tổng cộng", "Tổng cộng (làm tròn)").
    So a run of total rows costs linear time, not quadratic.
    """
    groups = []
    totals = [i for i, row in enumerate(rows) if row.is_total]

    def top_level(lo: int, hi: int) -> tuple[int, ...]:
        return tuple(i for i in range(lo, hi) if rows[i].parent is None and not rows[i].is_total)

    subtotals_from = 0  # index in ``totals`` of the first total since the last total of totals
    for n, t in enumerate(totals):
        members = top_level(totals[n - 1] + 1 if n else 0, t)
        if not members and n == 0:
            members = top_level(t + 1, totals[1] if len(totals) > 1 else len(rows))
        if not members and n:
            members = tuple(totals[subtotals_from:n]) or (totals[n - 1],)
            subtotals_from = n + 1
        if members:
            groups.append(_Group(t, members, True))
    below: dict[int, list[int]] = {}
    for i, row in enumerate(rows):
        if row.parent is not None:
            below.setdefault(row.parent, []).append(i)
    for p, parent in enumerate(rows):
        child_ranks = _CHILD_RANKS.get(parent.rank, ())
        children = tuple(
            i for i in below.get(p, ()) if rows[i].rank in child_ranks and not rows[i].is_total
        )
        if children and not parent.is_total:
            groups.append(_Group(p, children, False))
    return groups


def _same_unit(rows: Sequence[_Row], group: _Group) -> bool:
    """Whether the quantities of a group may be added: one unit over its rows."""
    units = {_fold(rows[i].unit or "") for i in group.members}
    total_unit = _fold(rows[group.total].unit or "")
    return len(units) == 1 and "" not in units and total_unit in units | {""}


def _derive(
    rows: Sequence[_Row], readings: Sequence[_RowReading], header: _Header, groups: Sequence[_Group]
) -> None:
    """Fill the missing cells that column or row totals determine (module docstring)."""
    for _ in range(len(header.columns) + 1):
        changed = False
        for group in groups:
            for column in header.columns:
                changed |= _derive_in_column(rows, readings, group, column)
        for row, reading in zip(rows, readings, strict=True):
            if row.is_total or reading.ambiguous:
                continue
            for total, parts in header.parts:
                changed |= _derive_in_row(reading, header, total, parts)
        if not changed:
            return


def _derive_in_column(
    rows: Sequence[_Row], readings: Sequence[_RowReading], group: _Group, column: _Column
) -> bool:
    slot = column.slot
    total = readings[group.total].slots[slot]
    if not isinstance(total, _Value) or any(readings[i].ambiguous for i in group.members):
        return False
    if column.measure is Measure.QUANTITY and not _same_unit(rows, group):
        return False
    missing = [i for i in group.members if readings[i].slots[slot] is _Gap.MISSING]
    if len(missing) != 1:
        return False
    others = [readings[i].slots[slot] for i in group.members if i != missing[0]]
    value = total.value - sum((v.value for v in others if isinstance(v, _Value)), Decimal(0))
    if value < 0:
        return False
    source = "the column totals of " + _row_name(rows, rows[group.total])
    _set_derived(readings[missing[0]], slot, value, total.decimals, source)
    return True


def _derive_in_row(
    reading: _RowReading, header: _Header, total_slot: int, parts: Sequence[int]
) -> bool:
    total = reading.slots[total_slot]
    missing = [p for p in parts if reading.slots[p] is _Gap.MISSING]
    if not isinstance(total, _Value) or len(missing) != 1:
        return False
    known = [reading.slots[p] for p in parts if p != missing[0]]
    value = total.value - sum((v.value for v in known if isinstance(v, _Value)), Decimal(0))
    if value < 0:
        return False
    source = f"the row's '{header.columns[total_slot].name}' total"
    _set_derived(reading, missing[0], value, total.decimals, source)
    return True


def _set_derived(
    reading: _RowReading, slot: int, value: Decimal, decimals: int, source: str
) -> None:
    if value == 0:
        reading.slots[slot] = _Gap.BLANK  # as an empty cell: nothing to report
        return
    reading.slots[slot] = _Value(value, decimals, None)
    reading.derived.append((slot, source))


def _derived_findings(
    header: _Header, rows: Sequence[_Row], readings: Sequence[_RowReading], convention: Convention
) -> list[Finding]:
    findings = []
    for row, reading in zip(rows, readings, strict=True):
        if not reading.derived:
            continue
        sources = sorted({source for _, source in reading.derived})
        cells = ", ".join(
            f"{header.columns[slot].name} = {_printed(value, convention)}"
            for slot, _ in sorted(reading.derived)
            if isinstance(value := reading.slots[slot], _Value)
        )
        count = len(reading.derived)
        findings.append(
            Finding(
                "cells_derived",
                Severity.WARNING,
                f"{_row_name(rows, row)} does not print {count} cell"
                f"{'s' if count > 1 else ''}; derived from {' and '.join(sources)}: {cells}",
                start=row.span[0],
                end=row.span[1],
            )
        )
    return findings
