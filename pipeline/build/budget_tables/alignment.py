"""Layouts and alignment."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from math import comb
from typing import TypeAlias

from extractors.model import Cell
from pipeline.build.budget_tables.header import _Header
from pipeline.build.budget_tables.rows import _Row, _row_name
from pipeline.build.budget_tables.values import (
    _Gap,
    _Outcome,
    _Parsed,
    _row_outcomes,
    _Slots,
    _tolerance,
    _Value,
)
from pipeline.build.findings import Finding
from pipeline.kinds import Severity

# --- layouts and alignment ------------------------------------------------------------------

_MAX_CANDIDATES = 5000  # order-preserving assignments tried for one row or layout
_Layout: TypeAlias = dict[int, int]  # grid column → slot


def _identity(header: _Header, row: _Row) -> _Layout:
    return {c.col: c.slot for c in header.columns if c.col < row.width}


def _place(parsed: _Parsed, layout: _Layout, header: _Header) -> tuple[_Slots, bool]:
    """The row's cells in the slots ``layout`` gives them; False when a number has no slot."""
    slots: _Slots = {c.slot: _Gap.MISSING for c in header.columns}
    placed = True
    for cell, value in parsed:
        slot = layout.get(cell.col)
        if slot is None:
            placed = placed and not isinstance(value, _Value)
        else:
            slots[slot] = value
    return slots, placed


@dataclass(frozen=True, slots=True)
class _WideLayout:
    layout: _Layout
    dropped: tuple[int, ...]  # slots no position of these rows stands for


def _is_wide(row: _Row, header: _Header) -> bool:
    """Whether the row prints something beyond the header's last column."""
    return any(cell.col >= header.width and cell.text.strip() for cell in row.value_cells(header))


def _wide_layouts(
    header: _Header, rows: Sequence[_Row], parsed: Sequence[_Parsed]
) -> dict[int, _WideLayout | None]:
    """For each width of rows wider than the header, the layout their arithmetic supports."""
    layouts: dict[int, _WideLayout | None] = {}
    k = len(header.columns)
    for width in sorted({row.width for row in rows if _is_wide(row, header)}):
        group = [
            cells
            for row, cells in zip(rows, parsed, strict=True)
            if row.width == width and _is_wide(row, header)
        ]
        positions = tuple(sorted({c.col for cells in group for c, _ in cells if c.text.strip()}))
        n = len(positions)
        if n > k or comb(k, n) > _MAX_CANDIDATES:
            layouts[width] = None
            continue
        scored: list[tuple[tuple[int, int], tuple[int, ...]]] = []
        for chosen in combinations(range(k), n):
            layout = dict(zip(positions, chosen, strict=True))
            fails = passes = 0
            for cells in group:
                slots, _ = _place(cells, layout, header)
                for outcome, _ in _row_outcomes(slots, header).values():
                    fails += outcome is _Outcome.FAIL
                    passes += outcome is _Outcome.PASS
            scored.append(((fails, -passes), chosen))
        scored.sort()
        best_key, best = scored[0]
        tie = len(scored) > 1 and scored[1][0] == best_key
        if tie or (n < k and best_key[1] == 0):
            layouts[width] = None
            continue
        layouts[width] = _WideLayout(
            dict(zip(positions, best, strict=True)), tuple(s for s in range(k) if s not in best)
        )
    return layouts


@dataclass(slots=True)
class _RowReading:
    slots: _Slots
    ambiguous: tuple[Cell, ...] = ()  # numbers no layout could place
    derived: list[tuple[int, str]] = field(default_factory=list)  # (slot, derived from what)


def _align(
    row: _Row,
    parsed: _Parsed,
    layout: _Layout | None,
    header: _Header,
    has_total_row: bool,
) -> tuple[_RowReading, str | None]:
    """The row's reading and, when its cells had to be moved, what moved."""
    reference = layout if layout is not None else {}
    slots, placed = _place(parsed, reference, header)
    outcomes = _row_outcomes(slots, header)
    problems = {
        total: outcome
        for total, (outcome, _) in outcomes.items()
        if outcome in (_Outcome.FAIL, _Outcome.OPEN)
    }
    verified = any(outcome is _Outcome.PASS for outcome, _ in outcomes.values())
    short = row.width < header.width and not verified and not has_total_row
    if placed and not problems and not short:
        return _RowReading(slots), None
    moved = _search(parsed, reference, header, problems)
    if moved is not None:
        return moved
    if placed:
        return _RowReading(slots), None
    numbers = tuple(cell for cell, value in parsed if isinstance(value, _Value))
    return _RowReading({c.slot: _Gap.MISSING for c in header.columns}, ambiguous=numbers), None


def _search(
    parsed: _Parsed,
    reference: _Layout,
    header: _Header,
    problems: Mapping[int, _Outcome],
) -> tuple[_RowReading, str | None] | None:
    """The one nearest order-preserving assignment of the row's numbers that adds up.

    The assignments are tried nearest first, so the search ends at the first distance at which
    one settles the row, or at a second one there (a draw: no answer).
    """
    cells = [(cell, value) for cell, value in parsed if isinstance(value, _Value)]
    k, m = len(header.columns), len(cells)
    if not m or m > k or comb(k, m) > _MAX_CANDIDATES:
        return None
    wanted = tuple(_reference_slot(cell.col, reference, header) for cell, _ in cells)
    values = [value for _, value in cells]
    best: tuple[int, ...] | None = None
    best_distance = 0
    open_totals = frozenset(
        total for total, problem in problems.items() if problem is _Outcome.OPEN
    )
    for distance, chosen in _assignments(k, wanted, header.parts, open_totals):
        if best is not None and distance > best_distance:
            break  # the assignments come nearest first: the rest are farther
        if _settles(dict(zip(chosen, values, strict=True)), header, problems):
            if best is not None:
                return None  # two assignments equally near: the row does not tell which
            best, best_distance = chosen, distance
    if best is None:
        return None
    slots: _Slots = {c.slot: _Gap.BLANK for c in header.columns}
    moves = []
    for (cell, value), slot, was in zip(cells, best, wanted, strict=True):
        slots[slot] = value
        if slot != was:
            moves.append(
                f"{cell.text} from '{header.columns[was].name}' to '{header.columns[slot].name}'"
            )
    return _RowReading(slots), "; ".join(moves) or None  # None: only blanks read as empty


@lru_cache(maxsize=256)
def _assignments(
    k: int,
    wanted: tuple[int, ...],
    parts: tuple[tuple[int, tuple[int, ...]], ...],
    open_totals: frozenset[int],
) -> tuple[tuple[int, tuple[int, ...]], ...]:
    """The order-preserving assignments of ``len(wanted)`` numbers to ``k`` slots that may
    settle a row, each with its distance (columns moved) from the slots ``wanted``, nearest
    first.

    An assignment settles a row only when a total adds up, and each of ``open_totals`` too
    (:func:`_settles`); a total adds up only when it and one of its ``parts`` at least have a
    number. The assignments that do not give them one are left out: their arithmetic could only
    reject them.
    """

    def may_add_up(chosen: tuple[int, ...], total: int, members: tuple[int, ...]) -> bool:
        return total in chosen and any(member in chosen for member in members)

    scored = (
        (sum(abs(a - b) for a, b in zip(wanted, chosen, strict=True)), chosen)
        for chosen in combinations(range(k), len(wanted))
        if any(may_add_up(chosen, total, members) for total, members in parts)
        and all(
            may_add_up(chosen, total, members) for total, members in parts if total in open_totals
        )
    )
    return tuple(sorted(scored, key=lambda item: item[0]))


def _settles(
    placed: Mapping[int, _Value], header: _Header, problems: Mapping[int, _Outcome]
) -> bool:
    """Whether the row's numbers in the slots ``placed`` gives them (every other slot blank) are
    a reading of the row: no sum fails, one adds up at least, and each total whose parts were
    missing in the reference layout (an ``OPEN`` problem) adds up."""
    # _sum_outcome made short: no slot is MISSING here, so each sum passes, fails or skips.
    passed = False
    for total, parts in header.parts:
        value = placed.get(total)
        printed = [placed[part].value for part in parts if part in placed]
        if value is None or not printed:  # SKIP
            if problems.get(total) is _Outcome.OPEN:
                return False
        elif abs(sum(printed) - value.value) <= _tolerance(value.decimals):  # PASS
            passed = True
        else:  # FAIL
            return False
    return passed


def _reference_slot(col: int, reference: _Layout, header: _Header) -> int:
    if col in reference:
        return reference[col]
    return min(header.columns, key=lambda c: (abs(c.col - col), c.slot)).slot


def _layout_findings(
    header: _Header, rows: Sequence[_Row], wide: Mapping[int, _WideLayout | None]
) -> list[Finding]:
    findings = []
    for width, learned in wide.items():
        group = [row for row in rows if row.width == width and _is_wide(row, header)]
        names = ", ".join(_row_name(rows, row).removeprefix("row ") for row in group[:3])
        names += ", …" if len(group) > 3 else ""
        if learned is None:
            continue  # their numbers are reported one by one (cell_ambiguous)
        dropped = ", ".join(f"'{header.columns[s].name}'" for s in learned.dropped)
        message = (
            f"{len(group)} rows ({names}) have {width} cells against the header's "
            f"{header.width}; read by the layout under which they add up"
            + (f", which has no cell for {dropped}" if dropped else "")
        )
        findings.append(
            Finding(
                "row_layout",
                Severity.INFO,
                message,
                start=group[0].span[0],
                end=group[-1].span[1],
            )
        )
    return findings
