"""The data rows of a budget table: label, item, unit, rank, parent row and funding source.

See the package docstring, **Rows**.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from extractors.model import Cell
from pipeline.build.budget_tables.grid import (
    DASH_RANK,
    DASHES,
    DIGIT_RANK,
    DOTTED_RANK,
    LETTER_RANK,
    ROMAN_RANK,
    Grid,
    cell_text,
    is_column_numbering,
    label_rank,
    row_width,
)
from pipeline.build.budget_tables.header import Header
from pipeline.build.budget_tables.vocabulary import (
    Role,
    header_words,
    is_total_text,
    row_funding,
)
from pipeline.kinds import FundingSource


@dataclass(frozen=True, slots=True)
class Row:
    cells: Mapping[int, Cell]
    width: int
    label: str | None  # as printed in the TT column
    item: str | None
    unit: str | None
    code: str | None  # as printed in the code column ("Mã số")
    rank: int | None
    is_total: bool
    # The codes a total's own formula adds up, in a table with a code column (code_formula).
    formula: tuple[str, ...] | None
    funding: FundingSource | None  # named by the row or a row above it that it belongs to
    parent: int | None  # index among the data rows
    span: tuple[int | None, int | None]

    def value_cells(self, header: Header) -> list[Cell]:
        return [
            cell
            for col, cell in sorted(self.cells.items())
            if col >= header.first_value_col and col not in header.text_cols
        ]


def read_rows(grid: Grid, header: Header) -> list[Row]:
    rows: list[Row] = []
    parents = _Parents()
    text_cols = [c for c in (header.label_col, header.item_col, header.unit_col) if c is not None]
    for cells in _spread_row_spans(grid, text_cols):
        if not any(cell.text.strip() for cell in cells.values()) or is_column_numbering(cells):
            continue
        label = cell_text(cells, header.label_col)
        if label and Role.LABEL in header_words(label).roles:
            continue  # the header again, after a page break
        item = cell_text(cells, header.item_col)
        rank = label_rank(label)
        if rank is None and label and not item:
            label, item = "", label  # "Tổng cộng" written in the TT column
        if rank is None and not label and item[:1] in DASHES:
            rank = DASH_RANK
        is_total = is_total_text(label) or is_total_text(item)
        parent = None if is_total else parents.find(rank, label)
        funding = row_funding(item)
        if funding is None and parent is not None:
            funding = rows[parent].funding
        starts = [cell.start for cell in cells.values() if cell.start is not None]
        ends = [cell.end for cell in cells.values() if cell.end is not None]
        rows.append(
            Row(
                cells=cells,
                width=row_width(cells),
                label=label or None,
                item=item or None,
                unit=cell_text(cells, header.unit_col) or None,
                code=cell_text(cells, header.code_col) or None,
                rank=rank,
                is_total=is_total,
                formula=(
                    code_formula(f"{label} {item}")
                    if is_total and header.code_col is not None
                    else None
                ),
                funding=funding,
                parent=parent,
                span=(min(starts, default=None), max(ends, default=None)),
            )
        )
        parents.add(len(rows) - 1, rows[-1])
    return rows


# A total that prints its own formula over the rows' codes: "(200=110+120+130+140+150)",
# "(500 = 300 + 400)", "{(20) = (03) - (10)}" (accounting forms, Thông tư 58/2026/TT-BTC).
_CODE_FORMULA = re.compile(
    r"\(?(?P<code>\d{1,4})\)?\s*=\s*(?P<terms>\(?\d{1,4}\)?(?:\s*[-+]\s*\(?\d{1,4}\)?)+)"
)
_CODE_TERM = re.compile(r"([-+]?)\s*\(?(\d{1,4})\)?")


def code_formula(text: str) -> tuple[str, ...] | None:
    """The codes a row's own formula adds up, () when it subtracts one, None when it has none.

    Such a total is the sum of the rows whose codes it names, not of the rows above it.

    >>> [code_formula(t) for t in ["TỔNG CỘNG TÀI SẢN (200=110+120+130+140+150)",
    ...     "TỔNG CỘNG NGUỒN VỐN (500 = 300 + 400)", "Lợi nhuận {(20) = (03) - (10)}", "Tổng số"]]
    [('110', '120', '130', '140', '150'), ('300', '400'), (), None]
    """
    match = _CODE_FORMULA.search(text)
    if match is None:
        return None
    terms = _CODE_TERM.findall(match.group("terms"))
    if any(sign == "-" for sign, _ in terms):
        return ()
    return tuple(code for _, code in terms)


def _spread_row_spans(grid: Grid, cols: Iterable[int]) -> Grid:
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
    None: (ROMAN_RANK, DIGIT_RANK),
    DIGIT_RANK: (ROMAN_RANK,),
    DOTTED_RANK: (DIGIT_RANK, DOTTED_RANK),
    LETTER_RANK: (ROMAN_RANK, DIGIT_RANK, DOTTED_RANK),
    DASH_RANK: (ROMAN_RANK, DIGIT_RANK, DOTTED_RANK, LETTER_RANK),
}


class _Parents:
    """The row above that a row belongs to (package docstring, **Rows**): the nearest row of a
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
        if rank == ROMAN_RANK:
            return None
        wanted = _PARENT_RANKS[rank]
        if rank == DOTTED_RANK:
            prefix = label.rstrip(".").rsplit(".", 1)[0]
            found = [self._by_label.get((r, prefix)) for r in wanted]
        else:
            found = [self._by_rank.get(r) for r in wanted]
        return max((i for i in found if i is not None), default=None)

    def add(self, index: int, row: Row) -> None:
        if row.is_total:
            self._by_rank.clear()
            self._by_label.clear()
            return
        self._by_rank[row.rank] = index
        self._by_label[(row.rank, (row.label or "").rstrip("."))] = index


def row_name(rows: Sequence[Row], row: Row) -> str:
    label = (row.label or "").rstrip(".")
    if label and row.parent is not None and row.rank in (DIGIT_RANK, LETTER_RANK):
        parent_label = (rows[row.parent].label or "").rstrip(".")
        label = f"{parent_label}.{label}" if parent_label else label
    item = row.item or ""
    item = item if len(item) <= 60 else item[:57] + "…"
    if label and item:
        return f"row {label} ({item})"
    return f"row {label}" if label else f"row '{item}'"
