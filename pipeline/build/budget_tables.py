"""Budget tables read into figures: one :class:`BudgetFigure` a value cell, with findings.

A budget table of a decision is a grid (:mod:`pipeline.build.tables` for text, the DOCX and PDF
extractors for theirs) whose rows are budget lines and whose columns are years, funding sources
and measures. :func:`read_budget_table` reads one such grid as follows.

**Header.** The rows above the first data row are the header; a data row has a row label
(``I``, ``1``, ``1.1``, ``a``, ``-``) or a total word in its first cells, or a number that is not
a year. A row that only numbers the columns (``1 2 3 …``) is skipped, and so is a header repeated
after a page break. In text tables a header cell spans the empty cells to its right when a header
row below has sub-headers there (``Năm 2016`` over ``KCQG | KCDP``, ``Các năm`` over
``2016 … 2020``); cells that carry ``col_span``/``row_span`` span what they say. The words of
the header cells (``normalizers/data/budget_headers.csv``) give each column its role: the label
(TT), item (Nội dung, Nguồn kinh phí) and unit (ĐVT) columns carry text; every other column to
their right carries values, with a year (a cell naming exactly one year), a measure (Số lượng →
quantity, Kinh phí → amount; failing those, amount when the table states a money unit, quantity
when it has a unit column), a funding source (KCQG, KCDP, Quốc gia và địa phương, đối ứng,
khác; none named = all sources) and whether it is a total (Tổng cộng, Tổng chung, Cộng). A total
column adds up the non-total columns of its measure, its funding source and its year (when it
has one).

**Rows.** The TT cell gives the row label and the hierarchy: a digit row belongs to the roman row
above it, a dotted row (``1.2``) to its digit row, a letter row to the numbered row above, a
``-`` row (also ``- …`` in the content cell) to the nearest numbered row, an unlabelled row to
the nearest roman or digit row. A row whose label or content is a total word is a total row; a
row whose content names a funding source (``Khuyến công quốc gia``, ``Nguồn khác``) gives that
source to its cells, and to the cells of the rows under it, where the column names none.

**Numbers.** ``-`` is zero, an empty cell is nothing (no figure, zero in sums), text is not a
number (no figure, reported). The table's convention comes from its own tokens
(:func:`normalizers.numbers.infer_convention`); when they do not decide and some token reads both
ways (``1,100``), the table is read in both conventions and the reading under which more sums
add up and fewer fail wins (an ``info`` finding says so); a draw is read in the Vietnamese
convention and every two-way token is reported ``cell_ambiguous``.

**Alignment by arithmetic.** Rows are ragged as the source is. A row is first read in its
reference layout: cell *i* under header column *i*; for rows wider than the header, the layout
learned from all rows of that width (positions blank in every such row are padding; when fewer
positions remain than value columns, the columns left out are those under which the rows add
up best). When a row's sums fail in its reference layout, when a total's parts are missing, when
a short row in a table without a total row verifies nothing, or when a number has no column,
every order-preserving assignment of the row's numbers to the value columns is tried; one is
taken when no sum fails under it, at least one adds up, the totals that failed or lacked parts
are settled (a total that lacked parts must add up), and it is the only such assignment nearest
(in columns moved) to the reference. The move is reported (``cells_realigned``). Otherwise the
reference stays and its failures are reported; numbers that have no column at all are kept as
figures without year or source and reported ``cell_ambiguous``.

**Derivation.** A cell that the source does not print (its row is cut short, or the row's layout
has no such column) is derived, never guessed: from the column total (total row minus the
other rows of its group, or parent row minus its other children) when every other row of the
group prints the column, or from the row's total minus the row's other parts when it is the only
part missing. Derived cells are figures with ``is_derived`` and no span; each row that gets them
has a ``cells_derived`` warning. A derived zero is not a figure, as an empty cell is not. The
total row itself is never derived: a total row that lacks a column the other rows fill is a
``total_row_missing_cell`` error whose ``expected`` is their sum.

**Checks.** ``row_sum`` (a total column against its parts in every row), ``column_sum`` (a total
row against the top-level rows above it), ``children_sum`` (a roman row against its digit rows,
a digit row against its dotted rows) and ``total_row_missing_cell`` are errors with ``expected``
and ``actual`` printed in the table's convention and the span of the total cell concerned.
Quantities are only summed across rows that share their unit. A sum agrees when it is within
half a unit of the last digit the total prints (``2.963,455`` allows 0,0005), so a table that
adds up gets no error.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Context, Decimal
from enum import Enum, StrEnum
from functools import cache, lru_cache
from itertools import combinations
from math import comb
from typing import TypeAlias

from extractors.model import Cell, Document, Table
from normalizers.amounts import parse_unit_header, to_vnd
from normalizers.numbers import Convention, format_number, infer_convention, parse_number
from normalizers.tables import load_table
from pipeline.build.budget_model import BudgetFigure
from pipeline.build.findings import Finding
from pipeline.kinds import FundingSource, Measure, Severity


@dataclass(frozen=True, slots=True)
class TableReading:
    """What one budget table says: its figures, and what did not add up or had to be decided."""

    table_index: int
    title: str | None  # the heading line(s) above the table
    unit_multiplier: int | None  # đồng per printed unit, from a unit line or a header cell
    convention: Convention  # how the table's two-way numbers were read
    figures: tuple[BudgetFigure, ...]
    findings: tuple[Finding, ...]


def read_budget_table(doc: Document, table: Table, table_index: int) -> TableReading | None:
    """Read ``table`` of ``doc`` into figures and findings; None when it holds no figures."""
    grid = _grid(table)
    start = _first_data_row(grid)
    if not start:  # no data row, or no header above it
        return None
    context = _context_above(doc, table)
    header = _read_header(grid[:start], grid[start:], context)
    if header is None:
        return None
    rows = _data_rows(grid[start:], header)
    tokens = [cell.text for row in rows for cell in row.value_cells(header) if cell.text]
    if not any(parse_number(token) for token in tokens):
        return None
    convention, reading, convention_findings = _decide_convention(header, rows, tokens, table)
    figures = _figures(header, rows, reading, table_index)
    if not figures:
        return None
    findings = (
        *convention_findings,
        *reading.findings,
        *_not_number_findings(header, rows),
        *_ambiguous_findings(header, rows, reading),
    )
    return TableReading(
        table_index=table_index,
        title=context.title,
        unit_multiplier=header.multiplier,
        convention=convention,
        figures=figures,
        findings=tuple(findings),
    )


# --- keywords -------------------------------------------------------------------------------


class _Role(StrEnum):
    LABEL = "label"
    ITEM = "item"
    UNIT = "unit"
    NOTE = "note"
    QUANTITY = "quantity"
    AMOUNT = "amount"
    NATIONAL = "national"
    LOCAL = "local"
    STATE = "state"
    COUNTERPART = "counterpart"
    OTHER = "other"
    TOTAL = "total"
    LEAD = "lead"


_TEXT_ROLES = (_Role.LABEL, _Role.ITEM, _Role.UNIT, _Role.NOTE)
_FUNDING_ROLES = {
    _Role.NATIONAL: FundingSource.NATIONAL,
    _Role.LOCAL: FundingSource.LOCAL,
    _Role.STATE: FundingSource.STATE,
    _Role.COUNTERPART: FundingSource.COUNTERPART,
    _Role.OTHER: FundingSource.OTHER,
}
_END_PUNCTUATION = " .:;,*()[]-–—"


@dataclass(frozen=True, slots=True)
class _Rule:
    """A phrase of ``budget_headers.csv`` with every role it has in one matching mode."""

    phrase: str  # folded
    whole: bool  # the whole text, else whole words anywhere (header) or at the start (row)
    roles: frozenset[_Role]
    pattern: re.Pattern[str]


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _rules(column: str) -> tuple[_Rule, ...]:
    """The rules of one column (``header`` or ``row``) of the table, longest phrase first."""
    roles: dict[tuple[str, bool], set[_Role]] = {}
    for entry in load_table("budget_headers.csv"):
        mode = entry[column].strip()
        if mode:
            roles.setdefault((_fold(entry["phrase"]), mode == "whole"), set()).add(
                _Role(entry["role"])
            )
    rules = [
        _Rule(
            phrase,
            whole,
            frozenset(found),
            re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, phrase.split())) + r"(?!\w)"),
        )
        for (phrase, whole), found in roles.items()
    ]
    return tuple(sorted(rules, key=lambda rule: len(rule.phrase), reverse=True))


@cache
def _header_rules() -> tuple[_Rule, ...]:
    return _rules("header")


@cache
def _row_rules() -> tuple[_Rule, ...]:
    return _rules("row")


@cache
def _total_row_rules() -> tuple[_Rule, ...]:
    return tuple(rule for rule in _row_rules() if _Role.TOTAL in rule.roles)


@cache
def _lead_row_rules() -> tuple[_Rule, ...]:
    return tuple(rule for rule in _row_rules() if _Role.LEAD in rule.roles)


@cache
def _funding_row_rules() -> tuple[tuple[_Rule, tuple[FundingSource, ...]], ...]:
    """The row rules that name funding sources, with those sources, longest phrase first."""
    found = []
    for rule in _row_rules():
        sources = tuple(_FUNDING_ROLES[role] for role in rule.roles if role in _FUNDING_ROLES)
        if sources:
            found.append((rule, sources))
    return tuple(found)


@lru_cache(maxsize=4096)  # a few hundred header words come back table after table
def _header_roles(text: str) -> frozenset[_Role]:
    """The roles a header cell's words give its columns.

    >>> [sorted(r.value for r in _header_roles(h))
    ...  for h in ["Kinh phí (triệu đồng)", "Nguồn kinh phí", "Tổng", "KCQG"]]
    [['amount'], ['item'], ['total'], ['national']]
    >>> _header_roles("Tổng hợp")
    frozenset()
    """
    rest = _fold(text)
    whole = rest.strip(_END_PUNCTUATION)
    for rule in _header_rules():
        if rule.whole and whole == rule.phrase:
            return rule.roles
    found: set[_Role] = set()
    for rule in _header_rules():
        if not rule.whole and rule.pattern.search(rest):
            found |= rule.roles
            rest = rule.pattern.sub(" ", rest)
    return frozenset(found)


def _row_match(rule: _Rule, text: str) -> int | None:
    """Where ``rule`` ends when it matches the start (or the whole) of the folded ``text``."""
    if rule.whole:
        return len(text) if text == rule.phrase else None
    match = rule.pattern.match(text)
    return match.end() if match else None


def _is_total_text(text: str | None) -> bool:
    """Whether a row's label or content says it is a total.

    >>> [_is_total_text(t) for t in ["Tổng cộng 2 nguồn", "Cộng", "Cộng tác viên", "Tổng hợp"]]
    [True, True, False, False]
    """
    folded = _fold(text or "").strip(_END_PUNCTUATION)
    return any(_row_match(rule, folded) is not None for rule in _total_row_rules())


def _row_funding(text: str | None) -> FundingSource | None:
    """The funding source a row's content names at its start, None if none or several.

    >>> [_row_funding(t) for t in ["Kinh phí khuyến công quốc gia", "Nguồn khác",
    ...     "Nội dung khác", "Kinh phí khuyến công Quốc gia và địa phương", "KCQG, KCĐP"]]
    ... # doctest: +NORMALIZE_WHITESPACE
    [<FundingSource.NATIONAL: 'national'>, <FundingSource.OTHER: 'other'>, None,
     <FundingSource.STATE: 'state'>, None]
    """
    folded = _fold(text or "").strip(_END_PUNCTUATION)
    stripped = True
    while stripped:
        stripped = False
        for rule in _lead_row_rules():
            end = _row_match(rule, folded)
            if end is not None and end < len(folded):
                folded, stripped = folded[end:].strip(), True
                break
    for rule, sources in _funding_row_rules():
        end = _row_match(rule, folded)
        if end is not None:
            others = _header_roles(folded[end:]) & _FUNDING_ROLES.keys()
            return sources[0] if len(sources) == 1 and not others else None
    return None


# --- rows and their labels ------------------------------------------------------------------

_ROMAN_RANK, _DIGIT_RANK, _DOTTED_RANK, _LETTER_RANK, _DASH_RANK = range(5)
_ROMAN = re.compile(r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})\.?")
_DIGIT = re.compile(r"\d{1,3}[.)]?")
_DOTTED = re.compile(r"\d{1,3}(?:\.\d{1,3})+\.?")
_LETTER = re.compile(r"[a-zđ][.)]?")
_DASHES = ("-", "–", "—", "+", "•", "*")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_COLUMN_NUMBER = re.compile(r"\(?(\d{1,2}|[A-D])\)?")


def _label_rank(text: str) -> int | None:
    """The rank of a row label: roman 0, digit 1, dotted 2, letter 3, dash 4; None if no label.

    >>> [_label_rank(t) for t in ["III", "I.", "2", "1.2", "a)", "-", "TT", "Tổng cộng"]]
    [0, 0, 1, 2, 3, 4, None, None]
    """
    label = text.strip()
    for rank, pattern in enumerate((_ROMAN, _DIGIT, _DOTTED, _LETTER)):
        if label and pattern.fullmatch(label):
            return rank
    return _DASH_RANK if label in _DASHES else None


_Grid: TypeAlias = list[dict[int, Cell]]


def _grid(table: Table) -> _Grid:
    n_rows = max([table.n_rows, *(cell.row + 1 for cell in table.cells)])
    grid: _Grid = [{} for _ in range(n_rows)]
    for cell in table.cells:
        if cell.row >= 0 and cell.col >= 0:
            grid[cell.row][cell.col] = cell
    for row in grid:
        # Empty cells after a row's last text carry nothing: a Word table pads a short row with
        # them where a text copy simply ends the line. Dropped, both read alike.
        for col in sorted(row, reverse=True):
            if row[col].text.strip() or row[col].col_span > 1 or row[col].row_span > 1:
                break
            del row[col]
    return grid


def _text(row: Mapping[int, Cell], col: int | None) -> str:
    cell = row.get(col) if col is not None else None
    return cell.text.strip() if cell else ""


def _width(row: Mapping[int, Cell]) -> int:
    return max((cell.col + max(cell.col_span, 1) for cell in row.values()), default=0)


def _is_year(text: str) -> bool:
    return bool(_YEAR.fullmatch(text.strip()))


def _is_column_numbering(row: Mapping[int, Cell]) -> bool:
    """A row that numbers the columns: ``(1) (2) (3) …`` or ``A B 1 2 3 …``."""
    texts = [cell.text.strip() for _, cell in sorted(row.items()) if cell.text.strip()]
    matches = [_COLUMN_NUMBER.fullmatch(text) for text in texts]
    if len(texts) < 3 or not all(matches):
        return False
    numbers = [int(m.group(1)) for m in matches if m and m.group(1).isdigit()]
    return len(numbers) >= 2 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _is_data_row(row: Mapping[int, Cell]) -> bool:
    lead = [_text(row, col) for col in sorted(row)[:2]]
    if any(_label_rank(text) is not None or _is_total_text(text) for text in lead):
        return True
    return any(
        parse_number(cell.text) is not None and not _is_year(cell.text)
        for cell in row.values()
        if cell.text.strip()
    )


def _first_data_row(grid: _Grid) -> int | None:
    for index, row in enumerate(grid):
        if not _is_column_numbering(row) and _is_data_row(row):
            return index
    return None


# --- the header -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    title: str | None
    multiplier: int | None
    unit: str | None  # the money unit as printed: "Triệu đồng"


@dataclass(frozen=True, slots=True)
class _Column:
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


@dataclass(frozen=True, slots=True)
class _Header:
    width: int
    label_col: int | None
    item_col: int | None
    unit_col: int | None
    text_cols: frozenset[int]
    first_value_col: int
    columns: tuple[_Column, ...]
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
    return any(_text(row, c) for row in header_rows[r + 1 :])


def _text_year(text: str) -> int | None:
    years = set(_YEAR.findall(text))
    return int(years.pop()) if len(years) == 1 else None


def _read_header(header_rows: _Grid, data_rows: _Grid, context: _Context) -> _Header | None:
    rows = [row for row in header_rows if not _is_column_numbering(row)]
    width = max((_width(row) for row in rows), default=0)
    texts = _column_texts(rows, width)
    roles: list[set[_Role]] = [set() for _ in range(width)]
    units: list[tuple[int, str] | None] = [None] * width
    for c, column_texts in enumerate(texts):
        for text in column_texts:
            multiplier = parse_unit_header(text)
            if multiplier is not None:
                units[c] = (multiplier, _printed_unit(text))
                if _unit_statement(text):
                    continue  # "ĐVT: triệu đồng" states the unit; it is not the ĐVT column
            roles[c] |= _header_roles(text)
    text_col = {
        role: next((c for c in range(width) if role in roles[c]), None) for role in _TEXT_ROLES
    }
    label_col, item_col, unit_col = (
        text_col[_Role.LABEL],
        text_col[_Role.ITEM],
        text_col[_Role.UNIT],
    )
    if label_col is None and item_col is None:
        label_col, item_col = _guess_text_cols(data_rows)
    elif item_col is None:
        # "STT | Tên nhiệm vụ | 2016 …": the column after TT is the item when it heads no values.
        after = (label_col or 0) + 1
        says_values = after >= width or roles[after] or any(_text_year(t) for t in texts[after])
        item_col = None if says_values else after
    text_cols = frozenset(
        c for c in range(width) if any(role in roles[c] for role in _TEXT_ROLES)
    ) | {c for c in (label_col, item_col, unit_col) if c is not None}
    first_value_col = (
        max((c for c in (label_col, item_col, unit_col) if c is not None), default=-1) + 1
    )
    table_unit = next((u for u in units if u is not None), None)
    multiplier = context.multiplier or (table_unit[0] if table_unit else None)
    money_unit = context.unit if context.multiplier else (table_unit[1] if table_unit else None)
    default_measure = Measure.AMOUNT if multiplier or unit_col is None else Measure.QUANTITY
    columns: list[_Column] = []
    for c in range(first_value_col, width):
        if c in text_cols:
            continue
        column_roles = roles[c]
        years = {year for text in texts[c] if (year := _text_year(text)) is not None}
        sources = {_FUNDING_ROLES[role] for role in column_roles if role in _FUNDING_ROLES}
        measures = column_roles & {_Role.QUANTITY, _Role.AMOUNT}
        unit = units[c]
        columns.append(
            _Column(
                slot=len(columns),
                col=c,
                name=_column_name(texts[c]),
                year=years.pop() if len(years) == 1 else None,
                measure=(
                    Measure(next(iter(measures)).value) if len(measures) == 1 else default_measure
                ),
                funding=sources.pop() if len(sources) == 1 else None,
                is_total=_Role.TOTAL in column_roles,
                multiplier=unit[0] if unit else None,
                unit=unit[1] if unit else None,
            )
        )
    if not columns:
        return None
    return _Header(
        width=width,
        label_col=label_col,
        item_col=item_col,
        unit_col=unit_col,
        text_cols=text_cols,
        first_value_col=first_value_col,
        columns=tuple(columns),
        parts=_total_parts(columns),
        multiplier=multiplier,
        money_unit=money_unit,
    )


def _guess_text_cols(data_rows: _Grid) -> tuple[int | None, int | None]:
    """Label and item columns of a header that names neither: TT-like first cells, then text."""
    if any(_label_rank(_text(row, 0)) is not None for row in data_rows):
        return 0, 1
    return None, 0


def _column_name(texts: Sequence[str]) -> str:
    """A column's name for messages: the header texts that say something about it."""
    telling = [t for t in texts if _header_roles(t) or _text_year(t) is not None]
    return " / ".join(telling or texts) or "?"


def _total_parts(columns: Sequence[_Column]) -> tuple[tuple[int, tuple[int, ...]], ...]:
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
        )
        if members:
            parts.append((total.slot, members))
    return tuple(parts)


# --- what stands above the table ------------------------------------------------------------

_UNIT_LOOKBACK = 4  # lines above a table where its unit line may stand
_UNIT_LINE_MAX = 80
_TITLE_LOOKBACK = 10
_TITLE_MAX = 250  # a longer line is prose, not a heading
_TITLE_PREFIX = re.compile(r"(?:phụ lục|biểu|bảng)\b.{0,20}", re.IGNORECASE)
_BULLETS = "*-–•+ "


@cache
def _unit_label() -> re.Pattern[str]:
    labels = sorted((_fold(row["label"]) for row in load_table("unit_header_labels.csv")), key=len)
    alternation = "|".join(r"\s+".join(map(re.escape, label.split())) for label in reversed(labels))
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)\s*[:.]?\s*", re.IGNORECASE)


def _unit_statement(text: str) -> re.Match[str] | None:
    """The unit label of ``text`` that a money unit follows ("ĐVT: triệu đồng")."""
    for label in _unit_label().finditer(text):
        if parse_unit_header(text[label.start() :]) is not None:
            return label
    return None


def _printed_unit(text: str) -> str:
    """The money unit as a unit statement prints it: "DVT: Triệu đồng" → "Triệu đồng"."""
    label = _unit_statement(text)
    if label:
        return text[label.end() :].split(")")[0].strip(_END_PUNCTUATION) or text.strip()
    for inside in re.findall(r"\(([^()]*)\)", text):
        if parse_unit_header(f"({inside})") is not None:
            return inside.strip()
    return text.strip()


def _is_unit_line(text: str) -> bool:
    """A line that is a unit statement, whatever unit it states ("ĐVT: Người" too)."""
    label = _unit_label().match(text.lstrip(" *-–•("))
    return label is not None and len(text) <= _UNIT_LINE_MAX


def _context_above(doc: Document, table: Table) -> _Context:
    if table.start is None or not doc.lines:
        return _Context(None, None, None)
    index = bisect.bisect_right(doc.lines, table.start, key=lambda line: line.start) - 1
    above = [
        line.text.strip() for line in doc.lines[max(index - _TITLE_LOOKBACK, 0) : max(index, 0)]
    ]
    multiplier = unit = None
    for text in reversed(above[-_UNIT_LOOKBACK:]):
        if "\t" in text:
            break
        found = parse_unit_header(text)
        if found is not None and (_unit_statement(text) or len(text) <= _UNIT_LINE_MAX):
            multiplier, unit = found, _printed_unit(text)
            break
    return _Context(_title(above), multiplier, unit)


def _title(above: Sequence[str]) -> str | None:
    """The nearest heading above a table: not a unit line, not a note in parentheses."""
    lines = [text for text in above if text]
    for i in range(len(lines) - 1, -1, -1):
        text = lines[i]
        if "\t" in text or text.startswith("|"):
            return None
        if _is_unit_line(text) or text.startswith("("):
            continue
        title = text.lstrip(_BULLETS)
        if not title or len(title) > _TITLE_MAX:
            return None
        before = lines[i - 1] if i else ""
        if _TITLE_PREFIX.fullmatch(before) and not _TITLE_PREFIX.match(title):
            title = f"{before.rstrip(' .:')}: {title}"
        return title
    return None


# --- data rows ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Row:
    cells: Mapping[int, Cell]
    width: int
    label: str | None  # as printed in the TT column
    item: str | None
    unit: str | None
    rank: int | None
    is_total: bool
    funding: FundingSource | None  # named by the row or a row above it that it belongs to
    parent: int | None  # index among the data rows
    span: tuple[int | None, int | None]

    def value_cells(self, header: _Header) -> list[Cell]:
        return [
            cell
            for col, cell in sorted(self.cells.items())
            if col >= header.first_value_col and col not in header.text_cols
        ]


def _data_rows(grid: _Grid, header: _Header) -> list[_Row]:
    rows: list[_Row] = []
    parents = _Parents()
    text_cols = [c for c in (header.label_col, header.item_col, header.unit_col) if c is not None]
    for cells in _spread_row_spans(grid, text_cols):
        if not any(cell.text.strip() for cell in cells.values()) or _is_column_numbering(cells):
            continue
        label = _text(cells, header.label_col)
        if label and _header_roles(label) & {_Role.LABEL}:
            continue  # the header again, after a page break
        item = _text(cells, header.item_col)
        rank = _label_rank(label)
        if rank is None and label and not item:
            label, item = "", label  # "Tổng cộng" written in the TT column
        if rank is None and not label and item[:1] in _DASHES:
            rank = _DASH_RANK
        is_total = _is_total_text(label) or _is_total_text(item)
        parent = None if is_total else parents.find(rank, label)
        funding = _row_funding(item)
        if funding is None and parent is not None:
            funding = rows[parent].funding
        starts = [cell.start for cell in cells.values() if cell.start is not None]
        ends = [cell.end for cell in cells.values() if cell.end is not None]
        rows.append(
            _Row(
                cells=cells,
                width=_width(cells),
                label=label or None,
                item=item or None,
                unit=_text(cells, header.unit_col) or None,
                rank=rank,
                is_total=is_total,
                funding=funding,
                parent=parent,
                span=(min(starts, default=None), max(ends, default=None)),
            )
        )
        parents.add(len(rows) - 1, rows[-1])
    return rows


def _spread_row_spans(grid: _Grid, cols: Iterable[int]) -> _Grid:
    """The grid with each merged TT, content or ĐVT cell repeated in the rows it spans."""
    spread = [dict(row) for row in grid]
    for r, row in enumerate(grid):
        for col in cols:
            cell = row.get(col)
            if cell is not None and cell.row_span > 1:
                for below in spread[r + 1 : r + cell.row_span]:
                    below.setdefault(col, cell)
    return spread


# The ranks a row of each rank belongs to, nearest first in no particular order.
_PARENT_RANKS: dict[int | None, tuple[int, ...]] = {
    None: (_ROMAN_RANK, _DIGIT_RANK),
    _DIGIT_RANK: (_ROMAN_RANK,),
    _DOTTED_RANK: (_DIGIT_RANK, _DOTTED_RANK),
    _LETTER_RANK: (_ROMAN_RANK, _DIGIT_RANK, _DOTTED_RANK),
    _DASH_RANK: (_ROMAN_RANK, _DIGIT_RANK, _DOTTED_RANK, _LETTER_RANK),
}


class _Parents:
    """The row above that a row belongs to (module docstring, **Rows**): the nearest row of a
    rank it belongs to (for a dotted row, the one whose label is its prefix), not looking back
    past a total row.

    The last row of each rank and of each label since the last total row are kept as rows are
    added, so a row's parent is found without walking back over the rows above it: a table of
    many rows none of which has a parent costs linear time, not quadratic.
    """

    def __init__(self) -> None:
        self._by_rank: dict[int | None, int] = {}
        self._by_label: dict[tuple[int | None, str], int] = {}

    def find(self, rank: int | None, label: str) -> int | None:
        if rank == _ROMAN_RANK:
            return None
        wanted = _PARENT_RANKS[rank]
        if rank == _DOTTED_RANK:
            prefix = label.rstrip(".").rsplit(".", 1)[0]
            found = [self._by_label.get((r, prefix)) for r in wanted]
        else:
            found = [self._by_rank.get(r) for r in wanted]
        return max((i for i in found if i is not None), default=None)

    def add(self, index: int, row: _Row) -> None:
        if row.is_total:
            self._by_rank.clear()
            self._by_label.clear()
            return
        self._by_rank[row.rank] = index
        self._by_label[(row.rank, (row.label or "").rstrip("."))] = index


def _row_name(rows: Sequence[_Row], row: _Row) -> str:
    label = (row.label or "").rstrip(".")
    if label and row.parent is not None and row.rank in (_DIGIT_RANK, _LETTER_RANK):
        parent_label = (rows[row.parent].label or "").rstrip(".")
        label = f"{parent_label}.{label}" if parent_label else label
    item = row.item or ""
    item = item if len(item) <= 60 else item[:57] + "…"
    if label and item:
        return f"row {label} ({item})"
    return f"row {label}" if label else f"row '{item}'"


# --- values and sums ------------------------------------------------------------------------


class _Gap(Enum):
    BLANK = "blank"  # printed empty: nothing, zero in sums
    MISSING = "missing"  # not printed at all, or not a number: unknown


@dataclass(frozen=True, slots=True)
class _Value:
    value: Decimal
    decimals: int  # decimals printed (of the total it was derived from, when derived)
    cell: Cell | None  # None when derived


_Slots: TypeAlias = "dict[int, _Value | _Gap]"
# A row's value cells, each with what it reads in one convention: parsed once a reading.
_Parsed: TypeAlias = "tuple[tuple[Cell, _Value | _Gap], ...]"


class _Outcome(Enum):
    PASS = "pass"
    FAIL = "fail"
    OPEN = "open"  # a part is missing: nothing to say yet
    SKIP = "skip"  # no total, or no parts printed


def _parse(cell: Cell, convention: Convention) -> _Value | _Gap:
    text = cell.text.strip()
    if not text:
        return _Gap.BLANK
    number = parse_number(text)
    value = number.resolve(convention) if number else None
    if value is None or not value.is_finite():
        return _Gap.MISSING
    exponent = value.as_tuple().exponent
    return _Value(value, max(0, -exponent) if isinstance(exponent, int) else 0, cell)


def _parse_row(row: _Row, header: _Header, convention: Convention) -> _Parsed:
    return tuple((cell, _parse(cell, convention)) for cell in row.value_cells(header))


@cache
def _tolerance(decimals: int) -> Decimal:
    """Half a unit of the last of ``decimals`` printed decimals."""
    return Decimal(5).scaleb(-(decimals + 1))


def _sum_outcome(total: _Value | _Gap, parts: Iterable[_Value | _Gap]) -> tuple[_Outcome, Decimal]:
    if not isinstance(total, _Value):
        return _Outcome.SKIP, Decimal(0)
    found, printed = Decimal(0), False
    for part in parts:
        if part is _Gap.MISSING:
            return _Outcome.OPEN, Decimal(0)
        if isinstance(part, _Value):
            found, printed = found + part.value, True
    if not printed:
        return _Outcome.SKIP, Decimal(0)
    return (
        _Outcome.PASS if abs(found - total.value) <= _tolerance(total.decimals) else _Outcome.FAIL
    ), found


def _row_outcomes(slots: _Slots, header: _Header) -> dict[int, tuple[_Outcome, Decimal]]:
    return {
        total: _sum_outcome(slots[total], (slots[part] for part in parts))
        for total, parts in header.parts
    }


def _printed(value: _Value | Decimal, convention: Convention) -> str:
    if isinstance(value, _Value):
        return value.cell.text.strip() if value.cell else _printed(value.value, convention)
    exact = Context(prec=max(len(value.as_tuple().digits), 1))  # the default rounds to 28 digits
    return format_number(value.normalize(exact), convention)


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


@dataclass(frozen=True, slots=True)
class _Reading:
    convention: Convention
    rows: tuple[_RowReading, ...]
    findings: tuple[Finding, ...]
    passes: int
    errors: int


class _SharedWork:
    """The work on the rows of one table that its readings in both conventions share.

    A row none of whose numbers reads two ways (``1,100``) parses alike in both conventions, so
    under the same layout it aligns alike; rows wider than the header whose numbers all read one
    way give the same layouts. When :func:`_decide_convention` reads a table both ways, these are
    worked out once, the second reading taking them from here.
    """

    def __init__(self, header: _Header, rows: Sequence[_Row]) -> None:
        self.header = header
        self.rows = rows
        self.has_total_row = any(row.is_total for row in rows)
        self.is_wide = [_is_wide(row, header) for row in rows]
        self.groups = _groups(rows)
        self._two_way = [
            any(_reads_two_ways(cell.text) for cell in row.value_cells(header)) for row in rows
        ]
        self._wide_two_way = any(
            two_way and wide for two_way, wide in zip(self._two_way, self.is_wide, strict=True)
        )
        self._parsed: dict[tuple[int, Convention | None], _Parsed] = {}
        self._layouts: dict[Convention | None, dict[int, _WideLayout | None]] = {}
        self._aligned: dict[
            tuple[int, tuple[tuple[int, int], ...] | None, Convention | None],
            tuple[_RowReading, str | None],
        ] = {}

    def _row_key(self, index: int, convention: Convention) -> Convention | None:
        """The convention row ``index`` reads in, None when it reads alike in both."""
        return convention if self._two_way[index] else None

    def parsed(self, index: int, convention: Convention) -> _Parsed:
        """Row ``index`` read in ``convention`` (:func:`_parse_row`)."""
        key = (index, self._row_key(index, convention))
        if key not in self._parsed:
            self._parsed[key] = _parse_row(self.rows[index], self.header, convention)
        return self._parsed[key]

    def wide_layouts(self, convention: Convention) -> dict[int, _WideLayout | None]:
        """The layouts of the rows wider than the header, read in ``convention``."""
        key = convention if self._wide_two_way else None
        if key not in self._layouts:
            parsed = [self.parsed(i, convention) for i in range(len(self.rows))]
            self._layouts[key] = _wide_layouts(self.header, self.rows, parsed)
        return self._layouts[key]

    def align(
        self, index: int, layout: _Layout | None, convention: Convention
    ) -> tuple[_RowReading, str | None]:
        """Row ``index`` read in ``convention`` and aligned from ``layout`` (:func:`_align`)."""
        layout_key = None if layout is None else tuple(sorted(layout.items()))
        key = (index, layout_key, self._row_key(index, convention))
        if key not in self._aligned:
            parsed = self.parsed(index, convention)
            row = self.rows[index]
            self._aligned[key] = _align(row, parsed, layout, self.header, self.has_total_row)
        reading, moved = self._aligned[key]
        # A copy, as derivation fills in the slots of the reading it is given.
        return _RowReading(dict(reading.slots), reading.ambiguous), moved


def _read(shared: _SharedWork, convention: Convention) -> _Reading:
    """The table read in one convention: alignment, derivation, checks."""
    header, rows = shared.header, shared.rows
    findings: list[Finding] = []
    wide = shared.wide_layouts(convention)
    findings += _layout_findings(header, rows, wide)
    readings: list[_RowReading] = []
    for index, row in enumerate(rows):
        if shared.is_wide[index]:
            learned = wide.get(row.width)
            layout = learned.layout if learned else None
        else:
            layout = _identity(header, row)
        reading, moved = shared.align(index, layout, convention)
        readings.append(reading)
        if moved:
            findings.append(
                Finding(
                    "cells_realigned",
                    Severity.WARNING,
                    f"{_row_name(rows, row)} does not add up as laid out; read with {moved}, "
                    "under which it does",
                    start=row.span[0],
                    end=row.span[1],
                )
            )
    groups = shared.groups
    _derive(rows, readings, header, groups)
    findings += _derived_findings(header, rows, readings, convention)
    checks, passes = _checks(header, rows, readings, groups, convention)
    findings += checks
    errors = sum(f.severity is Severity.ERROR for f in checks)
    return _Reading(convention, tuple(readings), tuple(findings), passes, errors)


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


# --- the convention -------------------------------------------------------------------------


def _decide_convention(
    header: _Header, rows: Sequence[_Row], tokens: Sequence[str], table: Table
) -> tuple[Convention, _Reading, list[Finding]]:
    shared = _SharedWork(header, rows)
    voted = infer_convention(tokens)
    if voted is not None:
        return voted, _read(shared, voted), []
    two_way = [t for t in tokens if _reads_two_ways(t)]
    if not two_way:
        return Convention.VI, _read(shared, Convention.VI), []
    readings = {c: _read(shared, c) for c in Convention}
    keys = {c: (r.errors, -r.passes) for c, r in readings.items()}
    best = min(Convention, key=lambda c: keys[c])
    other = Convention.EN if best is Convention.VI else Convention.VI
    names = {Convention.VI: "Vietnamese (1.100 = 1100)", Convention.EN: "English (1,100 = 1100)"}
    score = {
        c: f"{readings[c].passes} sums add up and {readings[c].errors} do not" for c in Convention
    }
    if keys[best] != keys[other]:
        message = (
            f"numbers such as '{two_way[0]}' read two ways; read in the {names[best]} "
            f"convention, under which {score[best]} (in the {names[other]} convention "
            f"{score[other]})"
        )
        finding = Finding(
            "number_convention", Severity.INFO, message, start=table.start, end=table.end
        )
        return best, readings[best], [finding]
    message = (
        f"numbers such as '{two_way[0]}' read two ways and the sums do not tell which "
        f"({score[Convention.VI]} either way); read in the {names[Convention.VI]} convention"
    )
    finding = Finding(
        "number_convention", Severity.WARNING, message, start=table.start, end=table.end
    )
    ambiguous = [
        Finding(
            "cell_ambiguous",
            Severity.WARNING,
            f"'{cell.text}' in {_row_name(rows, row)} reads {_two_readings(cell.text)}; "
            "the table does not tell which",
            actual=cell.text,
            start=cell.start,
            end=cell.end,
        )
        for row in rows
        for cell in row.value_cells(header)
        if _reads_two_ways(cell.text)
    ]
    return Convention.VI, readings[Convention.VI], [finding, *ambiguous]


def _reads_two_ways(text: str) -> bool:
    """Whether the number ``text`` has a different value in each convention (``1,100``)."""
    number = parse_number(text)
    return number is not None and number.is_ambiguous


def _two_readings(text: str) -> str:
    number = parse_number(text)
    assert number is not None
    return " or ".join(f"{value} ({convention.value})" for convention, value in number.candidates)


# --- figures and the remaining findings -----------------------------------------------------


def _figures(
    header: _Header, rows: Sequence[_Row], reading: _Reading, table_index: int
) -> tuple[BudgetFigure, ...]:
    figures: list[BudgetFigure] = []
    derived_slots = [{slot for slot, _ in r.derived} for r in reading.rows]
    for row, row_reading, derived in zip(rows, reading.rows, derived_slots, strict=True):
        parent_label = rows[row.parent].label if row.parent is not None else None
        for column in header.columns:
            value = row_reading.slots[column.slot]
            if not isinstance(value, _Value):
                continue
            figures.append(
                _figure(
                    header, row, column, value, table_index, parent_label, column.slot in derived
                )
            )
        for cell in row_reading.ambiguous:
            parsed = _parse(cell, reading.convention)
            if not isinstance(parsed, _Value):
                continue
            near = header.columns[_reference_slot(cell.col, {}, header)]
            measure = near.measure if cell.col == near.col else _default_measure(header)
            figures.append(
                BudgetFigure(
                    table_index=table_index,
                    row_label=row.label,
                    parent_row_label=parent_label,
                    item=row.item,
                    unit_of_measure=row.unit if measure is Measure.QUANTITY else header.money_unit,
                    year=None,
                    measure=measure,
                    funding_source=FundingSource.TOTAL,
                    value=parsed.value,
                    amount_vnd=_vnd(parsed.value, header.multiplier)
                    if measure is Measure.AMOUNT
                    else None,
                    is_total=False,
                    raw=cell.text,
                    start=cell.start,
                    end=cell.end,
                )
            )
    return tuple(figures)


def _default_measure(header: _Header) -> Measure:
    return Measure.AMOUNT if header.multiplier else header.columns[0].measure


def _figure(
    header: _Header,
    row: _Row,
    column: _Column,
    value: _Value,
    table_index: int,
    parent_label: str | None,
    is_derived: bool,
) -> BudgetFigure:
    is_amount = column.measure is Measure.AMOUNT
    multiplier = column.multiplier or header.multiplier
    return BudgetFigure(
        table_index=table_index,
        row_label=row.label,
        parent_row_label=parent_label,
        item=row.item,
        unit_of_measure=(column.unit or header.money_unit) if is_amount else row.unit,
        year=column.year,
        measure=column.measure,
        funding_source=column.funding or row.funding or FundingSource.TOTAL,
        value=value.value,
        amount_vnd=_vnd(value.value, multiplier) if is_amount else None,
        is_total=row.is_total or column.is_total,
        raw=value.cell.text if value.cell else "",
        start=value.cell.start if value.cell else None,
        end=value.cell.end if value.cell else None,
        is_derived=is_derived,
    )


def _vnd(value: Decimal, multiplier: int | None) -> int | None:
    """``value × multiplier`` in whole đồng, exactly (rounded half up only below one đồng)."""
    return None if multiplier is None else to_vnd(value, multiplier)[0]


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


def _not_number_findings(header: _Header, rows: Sequence[_Row]) -> list[Finding]:
    return [
        Finding(
            "cell_not_number",
            Severity.INFO,
            f"'{cell.text}' in {_row_name(rows, row)} stands where a number belongs; no figure",
            actual=cell.text,
            start=cell.start,
            end=cell.end,
        )
        for row in rows
        for cell in row.value_cells(header)
        if cell.text.strip() and parse_number(cell.text) is None
    ]


def _ambiguous_findings(header: _Header, rows: Sequence[_Row], reading: _Reading) -> list[Finding]:
    return [
        Finding(
            "cell_ambiguous",
            Severity.WARNING,
            f"'{cell.text}' in {_row_name(rows, row)} fits no column of the header and no "
            "arrangement of the row adds up; kept without year or funding source",
            actual=cell.text,
            start=cell.start,
            end=cell.end,
        )
        for row, row_reading in zip(rows, reading.rows, strict=True)
        for cell in row_reading.ambiguous
    ]
