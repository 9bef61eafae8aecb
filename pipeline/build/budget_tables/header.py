"""The header of a budget table: which columns carry text, and what each value column holds.

Each value column gets a slot, a year, a measure, a funding source and whether it is a total, and
each total column the slots it adds up (package docstring, **Header**).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from extractors.model import Cell, Table
from normalizers.amounts import parse_unit_header, parse_unit_header_rate
from pipeline.build.budget_tables.context import TableContext, printed_unit, unit_statement
from pipeline.build.budget_tables.grid import (
    YEAR,
    YEAR_RANGE,
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
from pipeline.build.findings import Finding
from pipeline.kinds import Check, FundingSource, Measure


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
    # A column over a range of years ("2021-2022", "Giai đoạn 2021-2025"), first and last year;
    # its figures have no year (package docstring, **Header**).
    years: tuple[int, int] | None = None
    per: str | None = None  # a rate's unit, from the column's header or the table's unit


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
    per: str | None = None  # the table's unit is a rate's ("Đơn vị: Đồng/người"): its per


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


def _text_range(text: str) -> tuple[int, int] | None:
    """The years a header text spans: ``2021-2022``, ``Giai đoạn 2021 - 2025``, ``(2009-2015)``."""
    match = YEAR_RANGE.search(text)
    if match is None:
        return None
    first, last = int(match.group(1)), int(match.group(2))
    return (first, last) if first < last else None


def column_years(texts: Sequence[str]) -> tuple[int | None, tuple[int, int] | None]:
    """A column's year, or the range of years it spans, from its header texts (top first).

    The lowest text that names a year decides: a year column under a heading over the period
    ("Giai đoạn 2016-2020" over "2016 | 2017 …", "Kết quả thực hiện trong 7 năm (2009-2015)"
    over "Năm 2009 | …") is of its own year; a column whose lowest year text is a range is of
    no single year.

    >>> column_years(["Kết quả thực hiện trong 7 năm (2009-2015)", "Năm 2009"])
    (2009, None)
    >>> column_years(["Năm 2016", "KCQG"]), column_years(["Giai đoạn 2021 - 2025"])
    ((2016, None), (None, (2021, 2025)))
    """
    for text in reversed(texts):
        span = _text_range(text)
        if span is not None:
            return None, span
        year = _text_year(text)
        if year is not None:
            return year, None
    return None, None


def read_header(header_rows: Grid, data_rows: Grid, context: TableContext) -> Header | None:
    rows = [row for row in header_rows if not is_column_numbering(row)]
    width = max((row_width(row) for row in rows), default=0)
    texts = _column_texts(rows, width)
    roles: list[set[Role]] = [set() for _ in range(width)]
    sources: list[set[FundingSource]] = [set() for _ in range(width)]
    units: list[tuple[int, str, str | None] | None] = [None] * width
    for c, column_texts in enumerate(texts):
        for text in column_texts:
            multiplier = parse_unit_header(text)
            if multiplier is not None:
                units[c] = (multiplier, printed_unit(text), parse_unit_header_rate(text))
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
            or any(_text_year(t) or _text_range(t) for t in texts[after])
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
    per = context.per if context.multiplier else (table_unit[2] if table_unit else None)
    default_measure = Measure.AMOUNT if multiplier or unit_col is None else Measure.QUANTITY
    columns: list[Column] = []
    for c in range(first_value_col, width):
        if c in text_cols:
            continue
        column_roles = roles[c]
        year, span = column_years(texts[c])
        measures = column_roles & {Role.QUANTITY, Role.AMOUNT}
        unit = units[c]
        columns.append(
            Column(
                slot=len(columns),
                col=c,
                name=_column_name(texts[c]),
                year=year,
                measure=(
                    Measure(next(iter(measures)).value) if len(measures) == 1 else default_measure
                ),
                funding=next(iter(sources[c])) if len(sources[c]) == 1 else None,
                is_total=Role.TOTAL in column_roles,
                multiplier=unit[0] if unit else None,
                unit=unit[1] if unit else None,
                is_previous=Role.PREVIOUS in column_roles,
                years=span,
                per=unit[2] if unit else per,  # its own unit, else the table's
            )
        )
    columns = _range_totals(columns)
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
        per=per,
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
    telling = [t for t in texts if header_words(t) or YEAR.search(t)]
    return " / ".join(telling or texts) or "?"


def _range_totals(columns: Sequence[Column]) -> list[Column]:
    """A range column beside the year columns it spans is their total: ``2016 | 2017 | … | 2020
    | Giai đoạn 2016-2020`` (every year of the range has a column of its measure and source)."""
    out = []
    for column in columns:
        span = column.years
        if span is not None and not column.is_total:
            years = {
                c.year
                for c in columns
                if c.year is not None
                and c.measure is column.measure
                and c.funding is column.funding
                and span[0] <= c.year <= span[1]
            }
            if years == set(range(span[0], span[1] + 1)):
                column = dataclasses.replace(column, is_total=True)
        out.append(column)
    return out


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
            and (total.years is None or _within(c, total.years))
            and (total.funding is None or c.funding is total.funding)
            and c.is_previous == total.is_previous
        )
        if members:
            parts.append((total.slot, members))
    return tuple(parts)


def _within(column: Column, span: tuple[int, int]) -> bool:
    """Whether a column is of a year of ``span`` (a part of a range total)."""
    return column.year is not None and span[0] <= column.year <= span[1]


def range_findings(header: Header, title: str | None, table: Table) -> list[Finding]:
    """A warning for each column over a range of years that totals no year columns (at the
    table's span: the header cell is the column's, not one cell's)."""
    return [
        Finding(
            Check.COLUMN_YEAR_RANGE,
            Check.COLUMN_YEAR_RANGE.severity,
            f"column '{column.name}' of table '{title or '?'}' is over the years "
            f"{column.years[0]}-{column.years[1]}, not one year, and the table has no column for "
            "each of them: its figures are read without a year",
            actual=f"{column.years[0]}-{column.years[1]}",
            start=table.start,
            end=table.end,
        )
        for column in header.columns
        if column.years is not None and not column.is_total
    ]
