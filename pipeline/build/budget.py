"""The ``budget`` dataset: a document's planned budget as cells that partition it, chosen from its
``budget_lines``.

:func:`select_budget` is a pure function of one document's budget lines (``qdx ingest`` calls it
when it builds a document, and again when a document stops being a duplicate, from the rows it
wrote). Only a khuyến công document (``documents.topic``) has a budget: the amounts a decree or a
circular names (a deposit, a threshold, a fine) are no programme's money. What it keeps: amounts (no
quantities, no rates with a ``per``, no foreign currency: those have no ``amount_vnd``) of the
programme's own budget (``scope = plan``) that are not ``executed`` or ``previous`` figures. Then:

**A row's cells** (a table row, or the figures of one prose clause) are reduced to cells that do
not overlap: its per-year figures when they add up to its whole-period total (or it states none),
else its per-source figures when they do, else the total. A year's figures likewise: its
per-source ones when they add up to the year's total. "Add up" allows half a unit of the last
digit the total prints, as the checks do. A cell stated twice (a rounded "khoảng 4,1 tỷ" in an
objective, then "4.149.000.000 đồng") is kept once, the most precise.

**A table** is walked from its root rows: a group row (``is_group``: a roman row over its digit
rows, a total row over the rows it totals) gives way to the rows that add into it when they add up
to it, and a row that breaks down another way (letter and ``-`` rows) is left out beside its row.

**Prose**: the figures are grouped by the clause they are for (``row_label``, ``item``); the
clause holding the largest stated total is the plan's, and the other clauses replace it when
their sums add up to its total (Bình Phước's seven programmes make its 20,560 tỷ), each clause
then a content area.

**The basis**: the most detailed table (most cells chosen; an appendix's "Biểu 02" before the
summary above it) whose sum is the prose's stated total, or any table when the prose states no
plan figure; else the prose. Where the prose's figure for a year or source disagrees with the
table's cells for it, those cells are flagged ``sources_disagree`` (Hưng Yên's 2020: 3.696 in the
prose, 3.646 in the appendix, which is kept).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from pipeline.build.budget_model import tolerance_vnd
from pipeline.build.programme import categorize
from pipeline.kinds import (
    BudgetBasis,
    BudgetRole,
    BudgetScope,
    ContentArea,
    FundingSource,
    Measure,
    Topic,
)
from pipeline.records import BudgetLineRecord, BudgetRecord

_LEFT_OUT_ROLES = frozenset({BudgetRole.EXECUTED, BudgetRole.PREVIOUS})
_STATE_PARTS = frozenset({FundingSource.NATIONAL, FundingSource.LOCAL})


@dataclass(frozen=True, slots=True)
class _Cell:
    line: BudgetLineRecord  # the figure chosen
    also: tuple[BudgetLineRecord, ...] = ()  # the same cell stated again
    disagree: bool = False
    content: bool = False  # its row or clause is a content item of a split by content

    @property
    def amount(self) -> int:
        return self.line.amount_vnd or 0


def tolerance(line: BudgetLineRecord) -> Decimal:
    """Half a unit of the last digit printed, in VND: "8.374 triệu" → 500 000. A budget line's
    value is stored at its column's scale (9 decimals), so its trailing zeros are dropped first."""
    value = line.value.normalize() if line.value is not None else None
    return tolerance_vnd(value, line.amount_vnd)


def _adds_up(total: BudgetLineRecord, parts: Iterable[_Cell]) -> bool:
    found = sum(c.amount for c in parts)
    return abs(Decimal(found - (total.amount_vnd or 0))) <= tolerance(total)


def _exceeds(total: BudgetLineRecord, parts: Sequence[_Cell]) -> bool:
    found = sum(c.amount for c in parts)
    return bool(parts) and Decimal(found - (total.amount_vnd or 0)) > tolerance(total)


def _precision(line: BudgetLineRecord) -> tuple[bool, bool, Decimal]:
    """The order in which a cell stated twice is kept: printed, a stated total, finest digit."""
    return (not line.is_derived, line.is_total, -tolerance(line))


def _once(lines: Sequence[BudgetLineRecord]) -> list[_Cell]:
    """One cell per year and source, the most precise of those stating it."""
    by_key: dict[tuple[int | None, FundingSource], list[BudgetLineRecord]] = defaultdict(list)
    for line in lines:
        by_key[line.year, line.funding_source].append(line)
    cells = []
    for same in by_key.values():
        best = max(same, key=_precision)
        others = tuple(o for o in same if o is not best)
        disagree = any(
            abs(Decimal((o.amount_vnd or 0) - (best.amount_vnd or 0))) > tolerance(o)
            for o in others
        )
        cells.append(_Cell(best, others, disagree))
    return cells


def _split(
    total: _Cell | None, parts: list[list[_Cell]], flag: bool = False
) -> tuple[list[_Cell], bool]:
    """The first way of splitting that adds up to the total (any, with no total), else the
    total; and whether a split says more than the total."""
    for cells in parts:
        if cells and (total is None or _adds_up(total.line, cells)):
            return cells, flag
    if total is None:
        return [], flag
    over = any(_exceeds(total.line, cells) for cells in parts)
    return [total], flag or over


def reduce_row(lines: Sequence[BudgetLineRecord]) -> tuple[list[_Cell], bool]:
    """A row's or clause's figures as cells that do not overlap, and whether they disagree."""
    cells = _once(lines)
    flag = any(c.disagree for c in cells)
    whole = [c for c in cells if c.line.year is None]
    by_year: dict[int, list[_Cell]] = defaultdict(list)
    for c in cells:
        if c.line.year is not None:
            by_year[c.line.year].append(c)
    years: list[_Cell] = []
    for year in sorted(by_year):
        year_cells = by_year[year]
        year_total = next(
            (c for c in year_cells if c.line.funding_source is FundingSource.TOTAL), None
        )
        chosen, flag = _split(year_total, [_sources(year_cells)], flag)
        years += chosen
    total = next((c for c in whole if c.line.funding_source is FundingSource.TOTAL), None)
    return _split(total, [years, _sources(whole)], flag)


def _sources(cells: list[_Cell]) -> list[_Cell]:
    """The per-source cells, without a ``state`` cell beside its national and local parts."""
    named = [c for c in cells if c.line.funding_source is not FundingSource.TOTAL]
    if {c.line.funding_source for c in named} >= _STATE_PARTS:
        named = [c for c in named if c.line.funding_source is not FundingSource.STATE]
    return named


def _table_cells(lines: Sequence[BudgetLineRecord]) -> list[_Cell]:
    rows: dict[str | None, list[BudgetLineRecord]] = defaultdict(list)
    for line in lines:
        rows[line.row_id].append(line)
    under: dict[str, list[str | None]] = defaultdict(list)
    roots = []
    for row_id, cells in rows.items():
        parent = cells[0].parent_row_id
        if parent is not None and parent in rows:
            under[parent].append(row_id)
        else:
            roots.append(row_id)

    def choose(row_id: str | None, seen: frozenset[str | None]) -> list[_Cell]:
        own, flag = reduce_row(rows[row_id])
        first = rows[row_id][0]
        if first.is_group and row_id in under and row_id not in seen:
            parts = [c for child in under[row_id] for c in choose(child, seen | {row_id})]
            own_total = sum(c.amount for c in own)
            found = sum(c.amount for c in parts)
            tol = max((tolerance(c.line) for c in own), default=Decimal(0))
            if not own or abs(Decimal(found - own_total)) <= tol * max(len(own), 1):
                return parts
            flag = True
        return [_Cell(c.line, c.also, c.disagree or flag) for c in own]

    split_by_rows = len(rows) > 1
    return [
        _Cell(c.line, c.also, c.disagree, split_by_rows)
        for root in roots
        for c in choose(root, frozenset())
    ]


def _prose_cells(lines: Sequence[BudgetLineRecord]) -> tuple[list[_Cell], BudgetLineRecord | None]:
    """The prose's cells, and its stated total of the whole plan (None when it states none)."""
    clauses: dict[tuple[str | None, str | None, str | None], list[BudgetLineRecord]]
    clauses = defaultdict(list)
    for line in lines:
        clauses[line.row_label, line.parent_row_label, line.item].append(line)
    if not clauses:
        return [], None
    reduced = {key: reduce_row(group) for key, group in clauses.items()}

    def stated(group: list[BudgetLineRecord]) -> BudgetLineRecord | None:
        totals = [
            g
            for g in group
            if (g.is_total or g.role is BudgetRole.PLAN_TOTAL)
            and g.year is None
            and g.funding_source is FundingSource.TOTAL
        ]
        return max(totals, key=lambda g: g.amount_vnd or 0, default=None)

    def size(key: tuple[str | None, str | None, str | None]) -> tuple[int, int]:
        total = stated(clauses[key])
        return (total.amount_vnd or 0) if total else 0, sum(c.amount for c in reduced[key][0])

    main = max(clauses, key=size)
    total = stated(clauses[main])
    others = [key for key in clauses if key != main]
    main_cells, main_flag = reduced[main]
    clause_cells = [
        _Cell(c.line, c.also, c.disagree or flag, True)
        for key in others
        for c in (reduced[key][0])
        for flag in (reduced[key][1],)
    ]
    by_clauses = others and (
        (total is not None and _adds_up(total, clause_cells)) or (total is None and main[0])
    )
    if by_clauses:
        if total is None:  # every clause is one of the programme's: the plan's own too
            clause_cells += [
                _Cell(c.line, c.also, c.disagree or main_flag, True) for c in main_cells
            ]
        return clause_cells, total
    return [_Cell(c.line, c.also, c.disagree or main_flag) for c in main_cells], total


def _disagreeing(cells: list[_Cell], prose: Sequence[BudgetLineRecord]) -> list[_Cell]:
    """The table's cells, flagged where a prose figure of the whole plan for their year and
    source says otherwise than their sum."""
    flagged = {id(c) for c in cells if c.disagree}
    for figure in prose:
        if figure.row_label is not None or figure.amount_vnd is None:
            continue
        matching = [c for c in cells if _covers(figure, c.line)]
        if not matching:
            continue
        found = sum(c.amount for c in matching)
        if abs(Decimal(found - figure.amount_vnd)) > tolerance(figure):
            flagged |= {id(c) for c in matching}
    return [_Cell(c.line, c.also, id(c) in flagged, c.content) for c in cells]


def _covers(figure: BudgetLineRecord, line: BudgetLineRecord) -> bool:
    """Whether a table cell is part of what a prose figure states (its year, its source)."""
    if figure.year is not None and line.year != figure.year:
        return False
    source = figure.funding_source
    if source is FundingSource.TOTAL:
        return True
    if source is FundingSource.STATE:
        return line.funding_source in _STATE_PARTS | {FundingSource.STATE}
    return line.funding_source is source


def select_budget(
    doc_id: str, lines: Sequence[BudgetLineRecord], topic: Topic
) -> tuple[BudgetRecord, ...]:
    """The ``budget`` rows of one document from its ``budget_lines`` and its ``documents.topic``
    (module docstring): none but for a khuyến công document."""
    if topic is not Topic.KHUYEN_CONG:
        return ()
    usable = [
        line
        for line in lines
        if line.measure is Measure.AMOUNT
        and line.amount_vnd is not None
        and line.scope is BudgetScope.PLAN
        and line.role not in _LEFT_OUT_ROLES
        and line.per is None  # a rate ("3.200.000 đồng/hộ") is no part of a total
    ]
    prose = [line for line in usable if line.table_id is None]
    by_table: dict[str, list[BudgetLineRecord]] = defaultdict(list)
    for line in usable:
        if line.table_id is not None:
            by_table[line.table_id].append(line)
    prose_cells, prose_total = _prose_cells(prose)
    stated = prose_total.amount_vnd if prose_total else None
    if stated is None and prose_cells:
        stated = sum(c.amount for c in prose_cells)
    tables = []
    for table_id, table_lines in by_table.items():
        cells = _table_cells(table_lines)
        found = sum(c.amount for c in cells)
        fits = stated is None or (
            abs(Decimal(found - stated)) <= (tolerance(prose_total) if prose_total else 0)
        )
        if cells and fits:
            tables.append((len(cells), found, table_id, cells))
    if tables:
        *_, table_id, cells = max(tables)
        chosen, basis = _disagreeing(cells, prose), BudgetBasis.TABLE
    else:
        chosen, basis = prose_cells, BudgetBasis.PROSE
    kept = [c for c in chosen if c.amount]  # a "-" cell says no money: nothing to sum
    return tuple(_record(doc_id, i, c, basis) for i, c in enumerate(kept))


def _record(doc_id: str, index: int, cell: _Cell, basis: BudgetBasis) -> BudgetRecord:
    line = cell.line
    area: ContentArea | None = categorize(line.item or "") if cell.content else None
    return BudgetRecord(
        doc_id=doc_id,
        budget_id=f"g{index:04d}",
        year=line.year,
        funding_source=line.funding_source,
        content_area=area,
        item=line.item,
        amount_vnd=line.amount_vnd or 0,
        basis=basis,
        table_id=line.table_id,
        budget_line_ids=(line.budget_line_id, *(o.budget_line_id for o in cell.also)),
        sources_disagree=cell.disagree,
        char_start=line.char_start,
        char_end=line.char_end,
        page=line.page,
    )


def table_row_id(table_index: int, row_index: int) -> str:
    return f"tbl{table_index:02d}.r{row_index:03d}"


def prose_rows(
    holders: Sequence[int | None], parents: Sequence[int | None]
) -> list[tuple[int | None, int]]:
    """For each prose figure's section (an index of ``parents``, the sections' parent indices),
    the nearest enclosing section that holds a figure too, and how many such sections enclose
    it: the ``parent_row_id`` and ``depth`` of a prose budget line."""
    holding = {h for h in holders if h is not None}
    found: dict[int, tuple[int | None, int]] = {}

    def place(index: int) -> tuple[int | None, int]:
        if index not in found:
            up = parents[index]
            while up is not None and up not in holding:
                up = parents[up]
            found[index] = (up, place(up)[1] + 1) if up is not None else (None, 0)
        return found[index]

    return [place(h) if h is not None else (None, 0) for h in holders]
