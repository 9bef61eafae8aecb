"""A table as rows of cells by column, the row labels, and where the data rows start.

Row labels are the TT cells' ``I``, ``1``, ``1.2``, ``a``, ``-``; their rank gives the hierarchy
of :mod:`.rows`. A data row has a label or a total word in its first cells, or a number that is
not a year; the rows above the first one are the header.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from itertools import pairwise
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
# Two years joined by a dash: a column over a range of years ("2021-2022", "2021 – 2025").
YEAR_RANGE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})(?!\d)")
# A column's number or letter, "(3)" too, and the formula some forms print beside it:
# "1 = (2) + (3)", "3=1-2", "4=(2/1)*100", "5=(6+. ..+13)" (Thông tư 02/2025/TT-BLĐTBXH). The
# letters are those of the Vietnamese alphabet (A B C D E G H …, Thông tư 58/2026/TT-BTC) but
# I, V and X, which label roman rows.
_COLUMN_NUMBER = re.compile(r"\(?(\d{1,2}|[A-HK-UY])\)?(?:\s*=\s*[\d\s().+\-*/x…]+)?")
_FIRST_LETTERS = ["A", "B"]


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


def _column_marks(row: Mapping[int, Cell]) -> dict[int, str] | None:
    """Each column's number or letter when every cell of ``row`` is one, else None."""
    marks = {}
    for col, cell in sorted(row.items()):
        if not cell.text.strip():
            continue
        match = _COLUMN_NUMBER.fullmatch(cell.text.strip())
        if match is None:
            return None
        marks[col] = match.group(1)
    return marks


def is_column_numbering(row: Mapping[int, Cell]) -> bool:
    """A row that numbers the columns: ``(1) (2) (3) …`` or ``A B 1 2 3 …``.

    The numbers run on one by one; in a row that opens with the letters of the text columns
    (``A B …``) they only have to rise, as report forms skip a number or print a formula beside
    it (``A | B | 1 = (2) + (3) | 2 | 3``, ``A | B | 1 … 5 | 7 | 8``), and one is enough
    (``A | B | C | 1``).

    >>> from extractors.model import Cell
    >>> [is_column_numbering({c: Cell(0, c, t) for c, t in enumerate(texts)}) for texts in [
    ...     ["A", "B", "1 = (2) + (3)", "2", "3"], ["A", "B", "1", "2", "5", "7"],
    ...     ["A", "B", "C", "D", "1", "2", "3", "4", "E", "G", "H"], ["(1)", "(2)", "(3)"],
    ...     ["1", "20", "30"], ["A", "1", "3", "5"]]]
    [True, True, True, True, False, False]
    """
    marks = _column_marks(row)
    if marks is None or len(marks) < 3:
        return False
    values = list(marks.values())
    numbers = [int(mark) for mark in values if mark.isdigit()]
    if len(numbers) >= 2 and numbers == list(range(numbers[0], numbers[0] + len(numbers))):
        return True
    return (
        values[:2] == _FIRST_LETTERS and bool(numbers) and all(a < b for a, b in pairwise(numbers))
    )


def lettered_columns(row: Mapping[int, Cell]) -> frozenset[int]:
    """The columns a column-numbering row marks with a letter: ``A B C`` head the text columns
    of a report form (its name, its code), the numbers its value columns."""
    if not is_column_numbering(row):
        return frozenset()
    marks = _column_marks(row) or {}
    return frozenset(col for col, mark in marks.items() if not mark.isdigit())


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
