"""The header of a budget table: which columns carry text, and what each value column holds.

Each value column gets a slot, a year, a measure, a funding source and whether it is a total, and
each total column the slots it adds up (package docstring, **Header**).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from extractors.model import Cell
from normalizers.amounts import parse_unit_header
from pipeline.build.budget_tables.context import TableContext, printed_unit, unit_statement
from pipeline.build.budget_tables.grid import (
    YEAR,
    Grid,
    cell_text,
    is_column_numbering,
    label_rank,
    lettered_columns,
    row_width,
)
from pipeline.build.budget_tables.vocabulary import (
    TEXT_ROLES,
    Role,
    header_words,
)
from pipeline.kinds import FundingSource, Measure


@dataclass(frozen=True, slots=True)
class Column:
    """A value column of the header; ``slot`` is its place among the value columns."""

    slot: int
    col: int
    name: str
    year: int | None
    measure: Measure
    funding: FundingSource | None  # None: the header names no source
    is_total: bool
    multiplier: int | None
    unit: str | None
    is_previous: bool = False  # an old-figure column of a comparison table: "Đã phê duyệt"


@dataclass(frozen=True, slots=True)
class Header:
    width: int
    label_col: int | None
    item_col: int | None
    unit_col: int | None
    code_col: int | None  # "Mã số": each row's code
    text_cols: frozenset[int]
    first_value_col: int
    columns: tuple[Column, ...]
    parts: tuple[tuple[int, tuple[int, ...]], ...]  # (total slot, the slots it adds up)
    multiplier: int | None
    money_unit: str | None


def _column_texts(header_rows: Sequence[Mapping[int, Cell]], width: int) -> list[list[str]]:
    """The header texts over each column, top row first, spans applied."""
    placed: list[list[tuple[int, str]]] = [[] for _ in range(width)]
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(header_rows):
        for cell in row.values():
            if not cell.text.strip():
                continue
            for c in range(cell.col, min(cell.col + max(cell.col_span, 1), width)):
                placed[c].append((r, cell.text.strip()))
                for rr in range(r, min(r + max(cell.row_span, 1), len(header_rows))):
                    covered.add((rr, c))
    for r, row in enumerate(header_rows[:-1]):
        for cell in row.values():
            if not cell.text.strip() or cell.col_span > 1:
                continue
            c = cell.col + 1
            while c < width and (r, c) not in covered and _text_below(header_rows, r, c):
                placed[c].append((r, cell.text.strip()))
                covered.add((r, c))
                c += 1
    return [[text for _, text in sorted(texts)] for texts in placed]


def _text_below(header_rows: Sequence[Mapping[int, Cell]], r: int, c: int) -> bool:
    return any(cell_text(row, c) for row in header_rows[r + 1 :])


def _text_year(text: str) -> int | None:
    years = set(YEAR.findall(text))
    return int(years.pop()) if len(years) == 1 else None


def read_header(header_rows: Grid, data_rows: Grid, context: TableContext) -> Header | None:
    rows = [row for row in header_rows if not is_column_numbering(row)]
    width = max((row_width(row) for row in rows), default=0)
    texts = _column_texts(rows, width)
    roles: list[set[Role]] = [set() for _ in range(width)]
    sources: list[set[FundingSource]] = [set() for _ in range(width)]
    units: list[tuple[int, str] | None] = [None] * width
    for c, column_texts in enumerate(texts):
        for text in column_texts:
            multiplier = parse_unit_header(text)
            if multiplier is not None:
                units[c] = (multiplier, printed_unit(text))
                if unit_statement(text):
                    continue  # "ĐVT: triệu đồng" states the unit; it is not the ĐVT column
            words = header_words(text)
            roles[c] |= words.roles
            sources[c] |= words.sources
    text_col = {
        role: next((c for c in range(width) if role in roles[c]), None) for role in TEXT_ROLES
    }
    label_col, item_col, unit_col, code_col = (
        text_col[Role.LABEL],
        text_col[Role.ITEM],
        text_col[Role.UNIT],
        text_col[Role.CODE],
    )
    # A report form's column letters (A, B, C) mark text columns even where the header names
    # none of the words above.
    lettered = frozenset[int]().union(*(lettered_columns(row) for row in header_rows))
    codes = {c for c in range(width) if Role.CODE in roles[c]}
    if label_col is None and item_col is None:
        label_col, item_col = _guess_text_cols(data_rows, codes)
    elif item_col is None:
        # "STT | Tên nhiệm vụ | 2016 …": the column after TT is the item when it heads no values.
        after = (label_col or 0) + 1
        says_values = (
            after >= width
            or roles[after]
            or sources[after]
            or any(_text_year(t) for t in texts[after])
        )
        item_col = None if says_values else after
    text_cols = (
        frozenset(c for c in range(width) if any(role in roles[c] for role in TEXT_ROLES))
        | {c for c in (label_col, item_col, unit_col) if c is not None}
        | lettered
    )
    first_value_col = (
        max((c for c in (label_col, item_col, unit_col) if c is not None), default=-1) + 1
    )
    table_unit = next((u for u in units if u is not None), None)
    multiplier = context.multiplier or (table_unit[0] if table_unit else None)
    money_unit = context.unit if context.multiplier else (table_unit[1] if table_unit else None)
    default_measure = Measure.AMOUNT if multiplier or unit_col is None else Measure.QUANTITY
    columns: list[Column] = []
    for c in range(first_value_col, width):
        if c in text_cols:
            continue
        column_roles = roles[c]
        years = {year for text in texts[c] if (year := _text_year(text)) is not None}
        measures = column_roles & {Role.QUANTITY, Role.AMOUNT}
        unit = units[c]
        columns.append(
            Column(
                slot=len(columns),
                col=c,
                name=_column_name(texts[c]),
                year=years.pop() if len(years) == 1 else None,
                measure=(
                    Measure(next(iter(measures)).value) if len(measures) == 1 else default_measure
                ),
                funding=next(iter(sources[c])) if len(sources[c]) == 1 else None,
                is_total=Role.TOTAL in column_roles,
                multiplier=unit[0] if unit else None,
                unit=unit[1] if unit else None,
                is_previous=Role.PREVIOUS in column_roles,
            )
        )
    if not columns:
        return None
    return Header(
        width=width,
        label_col=label_col,
        item_col=item_col,
        unit_col=unit_col,
        code_col=code_col,
        text_cols=text_cols,
        first_value_col=first_value_col,
        columns=tuple(columns),
        parts=_total_parts(columns),
        multiplier=multiplier,
        money_unit=money_unit,
    )


def _guess_text_cols(data_rows: Grid, codes: set[int]) -> tuple[int | None, int | None]:
    """Label and item columns of a header that names neither: TT-like first cells, then text
    (the first column that is no code column)."""
    label = None
    if 0 not in codes and any(label_rank(cell_text(row, 0)) is not None for row in data_rows):
        label = 0
    item = 0 if label is None else label + 1
    while item in codes:
        item += 1
    return label, item


def _column_name(texts: Sequence[str]) -> str:
    """A column's name for messages: the header texts that say something about it."""
    telling = [t for t in texts if header_words(t) or _text_year(t) is not None]
    return " / ".join(telling or texts) or "?"


def _total_parts(columns: Sequence[Column]) -> tuple[tuple[int, tuple[int, ...]], ...]:
    """Each total column with the non-total columns it adds up."""
    parts = []
    for total in columns:
        if not total.is_total:
            continue
        members = tuple(
            c.slot
            for c in columns
            if not c.is_total
            and c.measure is total.measure
            and (total.year is None or c.year == total.year)
            and (total.funding is None or c.funding is total.funding)
            and c.is_previous == total.is_previous
        )
        if members:
            parts.append((total.slot, members))
    return tuple(parts)
