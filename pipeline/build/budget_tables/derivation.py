"""The rows a total row or a parent row adds up, and the cells derived from them.

See the package docstring, **Derivation**.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from normalizers.numbers import Convention
from pipeline.build.budget_tables.alignment import RowReading
from pipeline.build.budget_tables.grid import DIGIT_RANK, DOTTED_RANK, ROMAN_RANK
from pipeline.build.budget_tables.header import Column, Header
from pipeline.build.budget_tables.rows import Row, row_name
from pipeline.build.budget_tables.values import Gap, Outcome, Value, as_printed, sum_outcome
from pipeline.build.budget_tables.vocabulary import fold
from pipeline.build.findings import Finding
from pipeline.kinds import Check, Measure


@dataclass(frozen=True, slots=True)
class Group:
    total: int  # the total row, or the parent row
    members: tuple[int, ...]
    is_total_row: bool


# The rows whose cells add up to their parent's: digit (and unlabelled) rows under a roman row,
# dotted rows under a digit row. Letter and "-" rows break a line down another way (by
# participants, by unit) and are not summed.
_CHILD_RANKS: dict[int | None, tuple[int | None, ...]] = {
    ROMAN_RANK: (DIGIT_RANK, None),
    DIGIT_RANK: (DOTTED_RANK,),
}


def find_groups(rows: Sequence[Row]) -> list[Group]:
    """The total rows with the rows they total, and the parent rows with their children.

    A total row totals the top-level rows since the total row above it (the first one, when
    none stand above it, those below it). A total row right after another totals the subtotals
    above it: the total rows since the last such total of totals, or that total of totals itself
    when it is the row right above ("Cộng I", "Cộng II", "Tổng cộng", "Tổng cộng (làm tròn)").
    So a run of total rows costs linear time, not quadratic. A total that prints its own
    formula over the rows' codes ("TỔNG CỘNG TÀI SẢN (200=110+120+130+140+150)") totals the
    rows of those codes, and nothing when they are not all there.
    """
    groups = []
    totals = [i for i, row in enumerate(rows) if row.is_total]

    def top_level(lo: int, hi: int) -> tuple[int, ...]:
        return tuple(i for i in range(lo, hi) if rows[i].parent is None and not rows[i].is_total)

    subtotals_from = 0  # index in ``totals`` of the first total since the last total of totals
    for n, t in enumerate(totals):
        if rows[t].formula is not None:
            coded = _coded_members(rows, t)
            if coded:
                groups.append(Group(t, coded, True))
            continue
        members = top_level(totals[n - 1] + 1 if n else 0, t)
        if not members and n == 0:
            members = top_level(t + 1, totals[1] if len(totals) > 1 else len(rows))
        if not members and n:
            members = tuple(totals[subtotals_from:n]) or (totals[n - 1],)
            subtotals_from = n + 1
        if members:
            groups.append(Group(t, members, True))
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
            groups.append(Group(p, children, False))
    return groups


@dataclass(frozen=True, slots=True)
class Grouping:
    """The groups of a table read in one convention: :func:`find_groups`' with the subtotal rows
    its arithmetic shows (:func:`group_by_arithmetic`)."""

    groups: tuple[Group, ...]
    # Row → the row it adds into, where the arithmetic changed it (None: a root).
    parents: Mapping[int, int | None] = field(default_factory=dict)
    # Row → why its grouping is uncertain: a sum over it that fails is a warning.
    uncertain: Mapping[int, str] = field(default_factory=dict)


def group_by_arithmetic(
    rows: Sequence[Row], readings: Sequence[RowReading], header: Header, groups: Sequence[Group]
) -> Grouping:
    """The groups with each subtotal row that no label makes one (package docstring, **Rows**).

    An unlabelled row not a total ("Đào tạo nghề", "Huyện A") whose printed cells are the sums
    of the digit rows below it, up to the next unlabelled, roman or total row, is their group:
    the rows add into it, and into every group that held them it stands in their place, so that a
    total row does not count the subtotal and its rows twice. Every column where the subtotal or
    its rows print a number must add up, one at least, none of the cells moved to make its row
    add up. When the subtotal's cells are also those of the row above it, not a roman row (a
    row "Huyện A" over "Xã X", or a row it may break down), the grouping is ambiguous: nothing
    changes, and a sum over them that fails is a warning.
    """
    new: list[Group] = []
    parents: dict[int, int | None] = {}
    uncertain: dict[int, str] = {}
    for g, row in enumerate(rows):
        if row.rank is not None or row.is_total:
            continue
        members = _rows_below(rows, g)
        if not members or not _adds_up(rows, readings, header, g, members):
            continue
        above = g - 1
        if (
            above >= 0
            and not rows[above].is_total
            and rows[above].rank != ROMAN_RANK  # the one group of its roman row
            and _same_cells(readings, header, g, above)
        ):
            names = f"{row_name(rows, rows[members[0]])} to {row_name(rows, rows[members[-1]])}"
            why = (
                f"{row_name(rows, row)} adds up to {names} below it and equals "
                f"{row_name(rows, rows[above])} above it: a subtotal or a part of the row above"
            )
            for i in (g, *members):
                uncertain.setdefault(i, why)
            continue
        new.append(Group(g, members, False))
        parents.update(dict.fromkeys(members, g))
    if not new:
        return Grouping(tuple(groups), {}, uncertain)
    # Each subtotal's rows, and the subtotal itself, stand for it in the groups that hold them.
    stands_for = {i: sub.total for sub in new for i in (sub.total, *sub.members)}
    regrouped = []
    for group in groups:
        stood = dict.fromkeys(stands_for.get(m, m) for m in group.members)  # in order, once
        regrouped.append(Group(group.total, tuple(stood), group.is_total_row))
    for sub in new:
        # A subtotal under a digit row above it (the nearest numbered row) is no part of it.
        parent = rows[sub.total].parent
        if parent is not None and rows[parent].rank != ROMAN_RANK:
            parents[sub.total] = None
    return Grouping((*new, *regrouped), parents, uncertain)


def _rows_below(rows: Sequence[Row], g: int) -> tuple[int, ...]:
    """The digit rows below row ``g`` up to the next unlabelled, roman or total row."""
    members = []
    for i in range(g + 1, len(rows)):
        row = rows[i]
        if row.is_total or row.rank in (None, ROMAN_RANK):
            break
        if row.rank == DIGIT_RANK:
            members.append(i)
    return tuple(members)


def _value_columns(header: Header, rows: Sequence[Row], group: Group) -> list[Column]:
    return [
        c for c in header.columns if c.measure is not Measure.QUANTITY or same_unit(rows, group)
    ]


def _adds_up(
    rows: Sequence[Row],
    readings: Sequence[RowReading],
    header: Header,
    g: int,
    members: tuple[int, ...],
) -> bool:
    if any(readings[i].ambiguous or readings[i].moved for i in (g, *members)):
        return False
    passes = 0
    for column in _value_columns(header, rows, Group(g, members, False)):
        total = readings[g].slots[column.slot]
        parts = [readings[i].slots[column.slot] for i in members]
        if not isinstance(total, Value):
            if any(isinstance(p, Value) and p.value for p in parts):
                return False  # its rows print what it does not
            continue
        outcome, _ = sum_outcome(total, parts)
        if outcome is not Outcome.PASS:
            if outcome is Outcome.SKIP and not total.value:
                continue
            return False
        passes += total.value != 0
    return passes > 0


def _same_cells(readings: Sequence[RowReading], header: Header, a: int, b: int) -> bool:
    """Whether rows ``a`` and ``b`` print the same numbers in the same columns."""
    cells = [(readings[a].slots[c.slot], readings[b].slots[c.slot]) for c in header.columns]
    values = [(x, y) for x, y in cells if isinstance(x, Value) or isinstance(y, Value)]
    return bool(values) and all(
        isinstance(x, Value) and isinstance(y, Value) and x.value == y.value for x, y in values
    )


def _code_key(code: str | None) -> int | None:
    return int(code) if code and code.strip().isdigit() else None


def _coded_members(rows: Sequence[Row], t: int) -> tuple[int, ...]:
    """The rows whose codes total row ``t``'s formula adds up; () when one is not found (or the
    formula subtracts): such a total is not checked against the rows above it."""
    formula = rows[t].formula or ()
    by_code = {
        key: i for i, row in enumerate(rows) if i != t and (key := _code_key(row.code)) is not None
    }
    members = [by_code.get(key) for code in formula if (key := _code_key(code)) is not None]
    found = tuple(m for m in members if m is not None)
    return found if len(found) == len(formula) else ()


def same_unit(rows: Sequence[Row], group: Group) -> bool:
    """Whether the quantities of a group may be added: one unit over its rows."""
    units = {fold(rows[i].unit or "") for i in group.members}
    total_unit = fold(rows[group.total].unit or "")
    return len(units) == 1 and "" not in units and total_unit in units | {""}


def derive(
    rows: Sequence[Row], readings: Sequence[RowReading], header: Header, groups: Sequence[Group]
) -> None:
    """Fill the missing cells that column or row totals determine (package docstring,
    **Derivation**)."""
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
    rows: Sequence[Row], readings: Sequence[RowReading], group: Group, column: Column
) -> bool:
    slot = column.slot
    total = readings[group.total].slots[slot]
    if not isinstance(total, Value) or any(readings[i].ambiguous for i in group.members):
        return False
    if column.measure is Measure.QUANTITY and not same_unit(rows, group):
        return False
    missing = [i for i in group.members if readings[i].slots[slot] is Gap.MISSING]
    if len(missing) != 1:
        return False
    others = [readings[i].slots[slot] for i in group.members if i != missing[0]]
    value = total.value - sum((v.value for v in others if isinstance(v, Value)), Decimal(0))
    if value < 0:
        return False
    source = "the column totals of " + row_name(rows, rows[group.total])
    _set_derived(readings[missing[0]], slot, value, total.decimals, source)
    return True


def _derive_in_row(
    reading: RowReading, header: Header, total_slot: int, parts: Sequence[int]
) -> bool:
    total = reading.slots[total_slot]
    missing = [p for p in parts if reading.slots[p] is Gap.MISSING]
    if not isinstance(total, Value) or len(missing) != 1:
        return False
    known = [reading.slots[p] for p in parts if p != missing[0]]
    value = total.value - sum((v.value for v in known if isinstance(v, Value)), Decimal(0))
    if value < 0:
        return False
    source = f"the row's '{header.columns[total_slot].name}' total"
    _set_derived(reading, missing[0], value, total.decimals, source)
    return True


def _set_derived(
    reading: RowReading, slot: int, value: Decimal, decimals: int, source: str
) -> None:
    if value == 0:
        reading.slots[slot] = Gap.BLANK  # as an empty cell: nothing to report
        return
    reading.slots[slot] = Value(value, decimals, None)
    reading.derived.append((slot, source))


def derived_findings(
    header: Header, rows: Sequence[Row], readings: Sequence[RowReading], convention: Convention
) -> list[Finding]:
    findings = []
    for row, reading in zip(rows, readings, strict=True):
        if not reading.derived:
            continue
        sources = sorted({source for _, source in reading.derived})
        cells = ", ".join(
            f"{header.columns[slot].name} = {as_printed(value, convention)}"
            for slot, _ in sorted(reading.derived)
            if isinstance(value := reading.slots[slot], Value)
        )
        count = len(reading.derived)
        findings.append(
            Finding(
                Check.CELLS_DERIVED,
                Check.CELLS_DERIVED.severity,
                f"{row_name(rows, row)} does not print {count} cell"
                f"{'s' if count > 1 else ''}; derived from {' and '.join(sources)}: {cells}",
                start=row.span[0],
                end=row.span[1],
            )
        )
    return findings
