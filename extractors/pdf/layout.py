"""Tables without rules, found by the alignment of their lines; the reading order of a page.

Decisions draw their header (issuer | motto over ``Số: …`` | place and date) and their closing
block (recipients | signature) as columns of text without rules. Lines that share a gutter (a gap
at least ``_GUTTER`` × the font size that no word of the following lines crosses; not the tab
after a list label, not the evenly stretched spaces of a justified line) are laid out by that
alignment. The decision header, told by ``_header_words`` (the motto and number word of
``normalizers/data/decision_parts.csv``, the date words of :mod:`normalizers.dates`), becomes a
grid of two columns read cell by cell; two other columns are read one column after the other,
line by line; three or more columns are a grid of one row a line. :func:`find_layout_tables`
also puts each page's lines and grids in reading order.
"""

from __future__ import annotations

import bisect
import re
from functools import cache
from itertools import pairwise

from extractors.pdf.grids import Grid, GridCell
from extractors.pdf.lines import LINE_BAND, VLine, Word, join_parts
from extractors.pdf.pages import Margins, Page
from normalizers.dates import DAY_WORD, MONTH_WORD, YEAR_WORD
from normalizers.documents import DecisionPart, decision_part_words

# --- tunables, in points or in multiples of the font size ---------------------------------------

_GUTTER = 1.5  # a gap at least this wide (× size) may separate two columns of text
_RUN_PITCH = 2.2  # lines of a layout table follow each other within this (× size)
_ALIGN_TOL = 3.0  # cells of one row start at the same height within this

_LIST_LABEL = re.compile(
    r"^(?:\d{1,3}(?:\.\d{1,3})*[.)/]?|[a-zđ][.)]|[IVXLC]{1,6}[.)]?|[-–—+•*●○▪■□◦✓])$"
)


def _words(part: DecisionPart) -> str:
    return "|".join(map(re.escape, decision_part_words(part)))


@cache
def _number_start() -> re.Pattern[str]:
    """A line that opens with the word before a decision's number: ``Số: 3355/QĐ-UBND``."""
    return re.compile(rf"^(?:{_words(DecisionPart.NUMBER)})\b")


@cache
def _header_words() -> re.Pattern[str]:
    """What a decision header says: the number, the national motto (or the party's name), the
    place and date."""
    number = _words(DecisionPart.NUMBER)
    return re.compile(
        rf"^(?:{number})\b|\s(?:{number})\s*:|{_words(DecisionPart.MOTTO)}|{_words(DecisionPart.PARTY_MOTTO)}"
        rf"|{DAY_WORD}\s+\d{{1,2}}\s+{MONTH_WORD}\s+\d{{1,2}}\s+{YEAR_WORD}\s+\d{{4}}"
    )


def _gaps(line: VLine, margins: Margins) -> list[tuple[float, float]]:
    """The gaps of a line that may separate columns: wider than ``_GUTTER`` × size, not after a
    list label, and not the even spaces of a justified line."""
    words = line.words
    if len(words) < 2:
        return []
    gaps = [(a.x1, b.x0) for a, b in pairwise(words)]
    widths = [b - a for a, b in gaps]
    if line.x1 >= margins.right - 2 and max(widths) - min(widths) < 1.0:
        return []  # justified: the spaces were stretched evenly
    if _LIST_LABEL.match(words[0].text):
        gaps = gaps[1:]  # the tab after a list label (Word's automatic numbering)
    least = _GUTTER * line.size
    return [(a, b) for a, b in gaps if b - a >= least]


def _free_intersect(
    gutters: list[tuple[float, float]], line: VLine, least: float
) -> list[tuple[float, float]]:
    """The parts of ``gutters`` that no word of ``line`` covers, at least ``least`` wide."""
    out: list[tuple[float, float]] = []
    for a, b in gutters:
        pieces = [(a, b)]
        for w in line.words:
            nxt = []
            for p, q in pieces:
                if w.x1 <= p or w.x0 >= q:
                    nxt.append((p, q))
                    continue
                if w.x0 > p:
                    nxt.append((p, w.x0))
                if w.x1 < q:
                    nxt.append((w.x1, q))
            pieces = nxt
        out.extend((p, q) for p, q in pieces if q - p >= least)
    return out


def find_layout_tables(page: Page, margins: Margins) -> None:
    """Replace runs of lines that share a gutter by layout grids; order the page's elements."""
    lines = sorted(page.lines, key=lambda line: line.top)
    # (top, order within a run, element): the columns of a run are read one after the other
    placed: list[tuple[float, int, VLine | Grid]] = [(g.top, 0, g) for g in page.grids]
    used = [False] * len(lines)
    for i, line in enumerate(lines):
        if used[i]:
            continue
        gutters = _gaps(line, margins)
        if not gutters or (_full_width(line, margins) and len(line.words) <= 3):
            continue
        least = 0.8 * line.size
        run = [i]
        # grow downwards while the lines stay close and leave a gutter free (the first line of a
        # layout table has cells in two columns at least: cells are top-aligned)
        j = i
        while j + 1 < len(lines) and not used[j + 1]:
            nxt = lines[j + 1]
            if nxt.top - lines[j].top > _RUN_PITCH * max(lines[j].size, nxt.size):
                break
            if abs(nxt.size - line.size) > 0.25 * line.size:
                break
            # a line that covers every gutter is text across the columns: the run ends
            kept = _free_intersect(gutters, nxt, least)
            if not kept:
                break
            if not _gaps(nxt, margins) and not _in_column(nxt, kept, [lines[k] for k in run]):
                break  # one line, not aligned with its column: text under the table
            gutters = kept
            run.append(j + 1)
            j += 1
        run_lines = [lines[k] for k in run]
        columns = _columns(gutters)
        header = bool(_header_words().search(" ".join(rl.text for rl in run_lines)))
        if len(run) == 1 and len(columns) == 1 and not header:
            continue  # one wide space in one line (a double space stretched by justification)
        for k in run:
            used[k] = True
        if len(columns) == 1 and not header:
            # two columns that are not the decision header (recipients | signature): read
            # the left column, then the right one, line by line
            top = run_lines[0].top
            column_lines = [cl for col in _column_lines(run_lines, columns) for cl in col]
            placed.extend((top, n, cl) for n, cl in enumerate(column_lines, start=1))
            continue
        placed.append((run_lines[0].top, 0, _layout_grid(run_lines, columns, page.number)))
    placed.extend((line.top, 0, line) for k, line in enumerate(lines) if not used[k])
    placed.sort(key=lambda item: item[:2])
    page.elements = [element for _, _, element in placed]


def _in_column(line: VLine, gutters: list[tuple[float, float]], run: list[VLine]) -> bool:
    """Whether a line with one cell stands in its column the way the column's text does:
    centred under it or starting where it starts (``QUYẾT ĐỊNH``, centred on the page under
    the header, is not a line of its right column)."""
    columns = _columns(gutters)
    c = bisect.bisect_right(columns, (line.x0 + line.x1) / 2)
    words = [w for rl in run for w in _split_words(rl.words, columns)[c]]
    if not words:
        return True
    x0, x1 = min(w.x0 for w in words), max(w.x1 for w in words)
    centred = abs((line.x0 + line.x1) / 2 - (x0 + x1) / 2) <= 0.2 * (x1 - x0) + 1
    return centred or abs(line.x0 - x0) <= 2


def _full_width(line: VLine, margins: Margins) -> bool:
    return line.x0 <= margins.left + 2 and line.x1 >= margins.right - 2


def _columns(gutters: list[tuple[float, float]]) -> list[float]:
    """Column boundaries: the middle of each gutter."""
    return sorted((a + b) / 2 for a, b in gutters)


def _split_words(words: list[Word], columns: list[float]) -> list[list[Word]]:
    cells: list[list[Word]] = [[] for _ in range(len(columns) + 1)]
    for w in words:
        cells[bisect.bisect_right(columns, (w.x0 + w.x1) / 2)].append(w)
    return cells


def _layout_grid(lines: list[VLine], columns: list[float], page: int) -> Grid:
    n_cols = len(columns) + 1
    if n_cols == 2:
        rows = _header_rows(lines, columns)
    else:  # one row a line
        rows = [
            [
                join_parts([" ".join(w.text for w in cell)])
                for cell in _split_words(rl.words, columns)
            ]
            for rl in lines
        ]
    grid_rows = [
        [GridCell(r, c, 1, 1, text, page) for c, text in enumerate(row)]
        for r, row in enumerate(rows)
    ]
    return Grid(
        n_cols=n_cols,
        rows=grid_rows,
        page=page,
        top=lines[0].top,
        bottom=lines[-1].bottom,
        last_page=page,
        col_edges=[lines[0].x0, *columns, max(rl.x1 for rl in lines)],
        layout=True,
    )


def _header_rows(lines: list[VLine], columns: list[float]) -> list[list[str]]:
    """The rows of a two-column layout table, each cell's lines joined.

    Cells are top-aligned: a row starts where every column that goes on starts a line at the
    same height, and each of those lines is of another type (bold, italic) than the line above
    it in its column, or the left one starts with ``Số``.
    """
    col_lines = _column_lines(lines, columns)
    starts = sorted({cl.top for lines_ in col_lines for cl in lines_[1:]})
    breaks: list[float] = []
    for y in starts:
        if breaks and y - breaks[-1] <= _ALIGN_TOL:
            continue
        if _row_starts_at(y, col_lines):
            breaks.append(y)
    bounds = [-1e9, *(b - _ALIGN_TOL for b in breaks), 1e9]
    rows = []
    for lo, hi in pairwise(bounds):
        row = []
        for cls in col_lines:
            row.append(join_parts([cl.text for cl in cls if lo <= cl.top < hi]))
        rows.append(row)
    return rows


def _column_lines(lines: list[VLine], columns: list[float]) -> list[list[VLine]]:
    """The lines of each column of a layout table, top to bottom."""
    per_col: list[list[Word]] = [[] for _ in range(len(columns) + 1)]
    for rl in lines:
        for c, cell in enumerate(_split_words(rl.words, columns)):
            per_col[c].extend(cell)
    page = lines[0].page
    return [[VLine(ws, page, in_column=True) for ws in _regroup(words)] for words in per_col]


def _regroup(words: list[Word]) -> list[list[Word]]:
    words = sorted(words, key=lambda w: w.center)
    out: list[list[Word]] = []
    center = 0.0
    for w in words:
        if out and w.center - center <= LINE_BAND * w.size:
            out[-1].append(w)
        else:
            out.append([w])
            center = w.center
    for ws in out:
        ws.sort(key=lambda w: w.x0)
    return out


def _row_starts_at(y: float, col_lines: list[list[VLine]]) -> bool:
    for c, cls in enumerate(col_lines):
        after = [k for k, cl in enumerate(cls) if cl.top >= y - _ALIGN_TOL]
        if not after:
            continue  # the column has nothing more: its next cells are empty
        k = after[0]
        if abs(cls[k].top - y) > _ALIGN_TOL:
            return False
        if k == 0:
            continue
        if c == 0 and _number_start().match(cls[k].text):
            continue
        if cls[k].style == cls[k - 1].style:
            return False
    return True
