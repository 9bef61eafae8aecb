"""Which value column each number of a row stands under (package docstring, **Alignment by
arithmetic**).

Rows wider than the header are read by the layout learned from all rows of their width; a row
whose sums fail in its reference layout is given the one nearest assignment of its numbers to the
value columns under which it adds up, when there is exactly one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from math import comb
from typing import TypeAlias

from extractors.model import Cell
from pipeline.build.budget_tables.header import Header
from pipeline.build.budget_tables.rows import Row, row_name
from pipeline.build.budget_tables.values import (
    Gap,
    Outcome,
    Parsed,
    Slots,
    Value,
    row_outcomes,
    tolerance,
)
from pipeline.build.findings import Finding
from pipeline.kinds import Check

_MAX_CANDIDATES = 5000  # order-preserving assignments tried for one row or layout
Layout: TypeAlias = dict[int, int]  # grid column → slot


def identity_layout(header: Header, row: Row) -> Layout:
    return {c.col: c.slot for c in header.columns if c.col < row.width}


def moved_slots(
    reading: RowReading, parsed: Parsed, layout: Layout | None, header: Header
) -> frozenset[int]:
    """The slots of ``reading`` holding a number that ``layout`` puts elsewhere or nowhere."""
    reference, _ = _place(parsed, layout if layout is not None else {}, header)
    return frozenset(
        slot
        for slot, value in reading.slots.items()
        if isinstance(value, Value)
        and value.cell is not None
        and not (isinstance(reference.get(slot), Value) and reference[slot].cell is value.cell)  # type: ignore[union-attr]
    )


def _place(parsed: Parsed, layout: Layout, header: Header) -> tuple[Slots, bool]:
    """The row's cells in the slots ``layout`` gives them; False when a number has no slot."""
    slots: Slots = {c.slot: Gap.MISSING for c in header.columns}
    placed = True
    for cell, value in parsed:
        slot = layout.get(cell.col)
        if slot is None:
            placed = placed and not isinstance(value, Value)
        else:
            slots[slot] = value
    return slots, placed


@dataclass(frozen=True, slots=True)
class WideLayout:
    layout: Layout
    dropped: tuple[int, ...]  # slots no position of these rows stands for


def is_wide(row: Row, header: Header) -> bool:
    """Whether the row prints something beyond the header's last column."""
    return any(cell.col >= header.width and cell.text.strip() for cell in row.value_cells(header))


def wide_layouts(
    header: Header, rows: Sequence[Row], parsed: Sequence[Parsed]
) -> dict[int, WideLayout | None]:
    """For each width of rows wider than the header, the layout their arithmetic supports."""
    layouts: dict[int, WideLayout | None] = {}
    k = len(header.columns)
    for width in sorted({row.width for row in rows if is_wide(row, header)}):
        group = [
            cells
            for row, cells in zip(rows, parsed, strict=True)
            if row.width == width and is_wide(row, header)
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
                for outcome, _ in row_outcomes(slots, header).values():
                    fails += outcome is Outcome.FAIL
                    passes += outcome is Outcome.PASS
            scored.append(((fails, -passes), chosen))
        scored.sort()
        best_key, best = scored[0]
        tie = len(scored) > 1 and scored[1][0] == best_key
        if tie or (n < k and best_key[1] == 0):
            layouts[width] = None
            continue
        layouts[width] = WideLayout(
            dict(zip(positions, best, strict=True)), tuple(s for s in range(k) if s not in best)
        )
    return layouts


@dataclass(slots=True)
class RowReading:
    slots: Slots
    ambiguous: tuple[Cell, ...] = ()  # numbers no layout could place
    derived: list[tuple[int, str]] = field(default_factory=list)  # (slot, derived from what)
    moved: frozenset[int] = frozenset()  # slots whose number was moved there (cells_realigned)


def align(
    row: Row,
    parsed: Parsed,
    layout: Layout | None,
    header: Header,
    has_total_row: bool,
) -> tuple[RowReading, str | None]:
    """The row's reading and, when its cells had to be moved, what moved."""
    reference = layout if layout is not None else {}
    slots, placed = _place(parsed, reference, header)
    outcomes = row_outcomes(slots, header)
    problems = {
        total: outcome
        for total, (outcome, _) in outcomes.items()
        if outcome in (Outcome.FAIL, Outcome.OPEN)
    }
    verified = any(outcome is Outcome.PASS for outcome, _ in outcomes.values())
    short = row.width < header.width and not verified and not has_total_row
    if placed and not problems and not short:
        return RowReading(slots), None
    moved = _search(parsed, reference, header, problems)
    if moved is not None:
        return moved
    if placed:
        return RowReading(slots), None
    numbers = tuple(cell for cell, value in parsed if isinstance(value, Value))
    return RowReading({c.slot: Gap.MISSING for c in header.columns}, ambiguous=numbers), None


def _search(
    parsed: Parsed,
    reference: Layout,
    header: Header,
    problems: Mapping[int, Outcome],
) -> tuple[RowReading, str | None] | None:
    """The one nearest order-preserving assignment of the row's numbers that adds up.

    The assignments are tried nearest first, so the search ends at the first distance at which
    one settles the row, or at a second one there (a draw: no answer).
    """
    cells = [(cell, value) for cell, value in parsed if isinstance(value, Value)]
    k, m = len(header.columns), len(cells)
    if not m or m > k or comb(k, m) > _MAX_CANDIDATES:
        return None
    wanted = tuple(reference_slot(cell.col, reference, header) for cell, _ in cells)
    values = [value for _, value in cells]
    best: tuple[int, ...] | None = None
    best_distance = 0
    open_totals = frozenset(total for total, problem in problems.items() if problem is Outcome.OPEN)
    for distance, chosen in _assignments(k, wanted, header.parts, open_totals):
        if best is not None and distance > best_distance:
            break  # the assignments come nearest first: the rest are farther
        if _settles(dict(zip(chosen, values, strict=True)), header, problems):
            if best is not None:
                return None  # two assignments equally near: the row does not tell which
            best, best_distance = chosen, distance
    if best is None:
        return None
    slots: Slots = {c.slot: Gap.BLANK for c in header.columns}
    moves = []
    for (cell, value), slot, was in zip(cells, best, wanted, strict=True):
        slots[slot] = value
        if slot != was:
            moves.append(
                f"{cell.text} from '{header.columns[was].name}' to '{header.columns[slot].name}'"
            )
    return RowReading(slots), "; ".join(moves) or None  # None: only blanks read as empty


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


def _settles(placed: Mapping[int, Value], header: Header, problems: Mapping[int, Outcome]) -> bool:
    """Whether the row's numbers in the slots ``placed`` gives them (every other slot blank) are
    a reading of the row: no sum fails, one adds up at least, and each total whose parts were
    missing in the reference layout (an ``OPEN`` problem) adds up."""
    # sum_outcome made short: no slot is MISSING here, so each sum passes, fails or skips.
    passed = False
    for total, parts in header.parts:
        value = placed.get(total)
        printed = [placed[part].value for part in parts if part in placed]
        if value is None or not printed:  # SKIP
            if problems.get(total) is Outcome.OPEN:
                return False
        elif abs(sum(printed) - value.value) <= tolerance(value.decimals):  # PASS
            passed = True
        else:  # FAIL
            return False
    return passed


def reference_slot(col: int, reference: Layout, header: Header) -> int:
    if col in reference:
        return reference[col]
    return min(header.columns, key=lambda c: (abs(c.col - col), c.slot)).slot


def layout_findings(
    header: Header, rows: Sequence[Row], wide: Mapping[int, WideLayout | None]
) -> list[Finding]:
    findings = []
    for width, learned in wide.items():
        group = [row for row in rows if row.width == width and is_wide(row, header)]
        names = ", ".join(row_name(rows, row).removeprefix("row ") for row in group[:3])
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
                Check.ROW_LAYOUT,
                Check.ROW_LAYOUT.severity,
                message,
                start=group[0].span[0],
                end=group[-1].span[1],
            )
        )
    return findings
