"""Ruled tables: the cells pdfplumber finds laid on a grid, and the text of each cell.

:class:`Grid` is the reader's one table shape: the tables laid out by alignment
(:mod:`extractors.pdf.layout`) are grids too, so the reading order, the stitching across pages and
the document treat both alike. The grid of a ruled table is made of the distinct edges of its
cells (edges closer than ``GRID_TOL`` are one), so that a merged cell knows its row and column
span; a character belongs to the cell under its centre. The lines of a cell are joined with a
space, except where the layout broke a word too long for its column (``KC`` / ``DP``,
``II`` / ``I``): the geometry says whether the line was full, the part below whether it can be a
syllable of its own.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import pairwise

from extractors.pdf.lines import Char, Word, join_parts, words_by_line
from normalizers.text import strip_diacritics

# --- tunables, in points or in multiples of the font size ---------------------------------------

GRID_TOL = 2.0  # table edges closer than this are one edge

_VOWEL = re.compile(r"[aeiouy]")
_ROMAN = re.compile(r"[IVXLC]+")


BBox = tuple[float, float, float, float]


@dataclass(slots=True)
class GridCell:
    """A cell anchored at ``row``, ``col`` of its grid, covering ``row_span`` × ``col_span``."""

    row: int
    col: int
    row_span: int
    col_span: int
    text: str
    page: int


@dataclass(slots=True)
class Grid:
    """A table on a grid: ruled (from pdfplumber's cells) or laid out by alignment."""

    n_cols: int
    rows: list[list[GridCell]]  # the cells anchored in each row, left to right
    page: int
    top: float
    bottom: float
    last_page: int
    col_edges: list[float]
    layout: bool = False  # found by alignment: never stitched to a ruled table

    def row_texts(self, r: int) -> list[tuple[int, int, str]]:
        return [(c.col, c.col_span, c.text) for c in self.rows[r]]


def _edges(values: list[float]) -> list[float]:
    """Distinct positions: values within ``GRID_TOL`` of each other are one.

    >>> _edges([10.0, 50.2, 10.5, 50.0, 90.0])
    [10.0, 50.0, 90.0]
    """
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > GRID_TOL:
            out.append(v)
    return out


def _index(edges: list[float], value: float) -> int:
    i = bisect.bisect_left(edges, value - GRID_TOL)
    return min(i, len(edges) - 1)


@dataclass(slots=True)
class _GridLayout:
    xs: list[float]
    ys: list[float]
    spans: list[tuple[int, int, int, int]]  # row, col, row_span, col_span of each cell
    owner: list[list[int]]  # grid position -> index of the cell covering it, -1 if none
    bbox: BBox

    def _owner(self, ch: Char) -> int:
        """The index of the cell under the centre of ``ch``, -1 for a hole in the grid."""
        xs, ys = self.xs, self.ys
        col = min(max(bisect.bisect_right(xs, (ch[0] + ch[1]) / 2) - 1, 0), len(xs) - 2)
        row = min(max(bisect.bisect_right(ys, (ch[2] + ch[3]) / 2) - 1, 0), len(ys) - 2)
        return self.owner[row][col]

    def in_holes(self, chars: list[Char]) -> list[Char]:
        """The characters of the frame that lie in no cell, in a hole of the grid."""
        return [ch for ch in chars if self._owner(ch) < 0]

    def boxes_lines(self) -> bool:
        """Whether each row of the grid is one cell: boxes drawn a line at a time round a
        paragraph (a passage marked in Quyết định 333/QĐ-BTC, its first line's box starting
        after the words before it), no table."""
        return all(len({k for k in row if k >= 0}) <= 1 for row in self.owner)

    def fill(self, chars: list[Char], page: int) -> Grid:
        xs, ys = self.xs, self.ys
        per_cell: list[list[Char]] = [[] for _ in self.spans]
        for ch in chars:
            k = self._owner(ch)
            if k >= 0:
                per_cell[k].append(ch)
        rows: list[list[GridCell]] = [[] for _ in range(len(ys) - 1)]
        for (r, c, rs, cs), cell_chars in zip(self.spans, per_cell, strict=True):
            text = _cell_text(cell_chars, xs[c], xs[c + cs])
            rows[r].append(GridCell(r, c, rs, cs, text, page))
        for cells in rows:
            cells.sort(key=lambda cell: cell.col)
        return Grid(
            n_cols=len(xs) - 1,
            rows=rows,
            page=page,
            top=self.bbox[1],
            bottom=self.bbox[3],
            last_page=page,
            col_edges=xs,
        )


def grid_layout(cells: list[BBox]) -> _GridLayout | None:
    """The grid of a ruled table's cells; None for a single box (a frame, not a table)."""
    if len(cells) < 2:
        return None
    xs = _edges([c[0] for c in cells] + [c[2] for c in cells])
    ys = _edges([c[1] for c in cells] + [c[3] for c in cells])
    if len(xs) < 2 or len(ys) < 2:
        return None
    owner = [[-1] * (len(xs) - 1) for _ in range(len(ys) - 1)]
    spans: list[tuple[int, int, int, int]] = []
    for x0, top, x1, bottom in sorted(cells, key=lambda c: (c[1], c[0])):
        c0, c1 = _index(xs, x0), _index(xs, x1)
        r0, r1 = _index(ys, top), _index(ys, bottom)
        if c1 <= c0 or r1 <= r0 or owner[r0][c0] >= 0:
            continue
        k = len(spans)
        spans.append((r0, c0, r1 - r0, c1 - c0))
        for r in range(r0, r1):
            for c in range(c0, c1):
                if owner[r][c] < 0:
                    owner[r][c] = k
    bbox = (xs[0], ys[0], xs[-1], ys[-1])
    return _GridLayout(xs, ys, spans, owner, bbox)


def _cell_text(chars: list[Char], left: float, right: float) -> str:
    """The text of a cell between ``left`` and ``right``: its lines joined."""
    if not chars:
        return ""
    lines = words_by_line(chars)
    parts = [" ".join(w.text for w in words) + " " * space for words, space in lines]
    tight = [False]
    for (above, space), (below, _) in pairwise(lines):
        tight.append(not space and _broken_word(above, below[0], left, right))
    return join_parts(parts, tight)


def _broken_word(above: list[Word], nxt: Word, left: float, right: float) -> bool:
    """Whether a word too long for its column was broken after the line ``above``.

    The layout breaks such a word where the line is full, so the line holds only that part.
    Geometry alone cannot tell ``Khuyến`` / ``công`` from ``KC`` / ``DP``; the part below
    decides: it is the rest of a word when it cannot be a syllable (no vowel: ``DP``, ``p)``,
    ``T``), or when both parts are roman numerals (``II`` / ``I``).

    >>> w = lambda x0, x1, text: Word(x0, x1, 0.0, 10.0, text, 10.0, 0)
    >>> _broken_word([w(102, 118, "KC")], w(102, 118, "DP"), 100, 120)
    True
    >>> _broken_word([w(102, 118, "Khuyến")], w(102, 118, "công"), 100, 120)
    False
    >>> _broken_word([w(102, 106, "KC")], w(102, 118, "DP"), 100, 120)  # room left on the line
    False
    """
    if len(above) != 1:
        return False
    word = above[0]
    pad = word.x0 - left
    char = (nxt.x1 - nxt.x0) / max(len(nxt.text), 1)
    if not (0 <= pad <= 0.8 * word.size and word.x1 + char >= right - pad - 0.5):
        return False  # the line was not full
    if not word.text[-1:].isalnum() or not nxt.text[:1].isalnum():
        return False
    if _ROMAN.fullmatch(word.text) and _ROMAN.fullmatch(nxt.text.rstrip(".")):
        return True
    return not _VOWEL.search(strip_diacritics(nxt.text).casefold())
