"""A table as rows of cells by column, the row labels, and where the data rows start.

Row labels are the TT cells' ``I``, ``1``, ``1.2``, ``a``, ``-``; their rank gives the hierarchy
of :mod:`.rows`. A data row has a label or a total word in its first cells, or a number that is
not a year; the rows above the first one are the header.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TypeAlias

from extractors.model import Cell, Table
from normalizers.numbers import parse_number
from pipeline.build.budget_tables.vocabulary import is_total_text

ROMAN_RANK, DIGIT_RANK, DOTTED_RANK, LETTER_RANK, DASH_RANK = range(5)
_ROMAN = re.compile(r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})\.?")
_DIGIT = re.compile(r"\d{1,3}[.)]?")
_DOTTED = re.compile(r"\d{1,3}(?:\.\d{1,3})+\.?")
_LETTER = re.compile(r"[a-zđ][.)]?")
DASHES = ("-", "–", "—", "+", "•", "*")
YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_COLUMN_NUMBER = re.compile(r"\(?(\d{1,2}|[A-D])\)?")


def label_rank(text: str) -> int | None:
    """The rank of a row label: roman 0, digit 1, dotted 2, letter 3, dash 4; None if no label.

    >>> [label_rank(t) for t in ["III", "I.", "2", "1.2", "a)", "-", "TT", "Tổng cộng"]]
    [0, 0, 1, 2, 3, 4, None, None]
    """
    label = text.strip()
    for rank, pattern in enumerate((_ROMAN, _DIGIT, _DOTTED, _LETTER)):
        if label and pattern.fullmatch(label):
            return rank
    return DASH_RANK if label in DASHES else None


Grid: TypeAlias = list[dict[int, Cell]]


def grid_of(table: Table) -> Grid:
    n_rows = max([table.n_rows, *(cell.row + 1 for cell in table.cells)])
    grid: Grid = [{} for _ in range(n_rows)]
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


def cell_text(row: Mapping[int, Cell], col: int | None) -> str:
    cell = row.get(col) if col is not None else None
    return cell.text.strip() if cell else ""


def row_width(row: Mapping[int, Cell]) -> int:
    return max((cell.col + max(cell.col_span, 1) for cell in row.values()), default=0)


def _is_year(text: str) -> bool:
    return bool(YEAR.fullmatch(text.strip()))


def is_column_numbering(row: Mapping[int, Cell]) -> bool:
    """A row that numbers the columns: ``(1) (2) (3) …`` or ``A B 1 2 3 …``."""
    texts = [cell.text.strip() for _, cell in sorted(row.items()) if cell.text.strip()]
    matches = [_COLUMN_NUMBER.fullmatch(text) for text in texts]
    if len(texts) < 3 or not all(matches):
        return False
    numbers = [int(m.group(1)) for m in matches if m and m.group(1).isdigit()]
    return len(numbers) >= 2 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _is_data_row(row: Mapping[int, Cell]) -> bool:
    lead = [cell_text(row, col) for col in sorted(row)[:2]]
    if any(label_rank(text) is not None or is_total_text(text) for text in lead):
        return True
    return any(
        parse_number(cell.text) is not None and not _is_year(cell.text)
        for cell in row.values()
        if cell.text.strip()
    )


def first_data_row(grid: Grid) -> int | None:
    for index, row in enumerate(grid):
        if not is_column_numbering(row) and _is_data_row(row):
            return index
    return None
