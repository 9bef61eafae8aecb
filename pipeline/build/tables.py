"""Tables laid out in text, found and read into the grid form the DOCX and PDF extractors give.

Four layouts occur in copies of decisions:

- tab-separated blocks: one row per line, cells split by tabs (Word tables pasted as text); a
  blank line may stand between two rows of the same table;
- markdown pipe tables: ``| a | b |`` rows, with an optional ``|---|---|`` rule;
- web copies where every cell stands on its own line(s) and a line holding only ``|`` ends a
  cell; a line holding only ``||`` (or a blank line) ends a row;
- web copies of a markdown table broken one token a line (thuvienphapluat.vn pages): a ``|``
  line opens each row, one stands between its cells and one closes it, so two ``|`` lines in a
  row are the end of a row and the start of the next (``| STT | Tên thủ tục | | 1 | Thủ tục yêu
  cầu … |``, ``../shared/corpus/text/3c5c52374e60b28b.txt``) — or an empty cell. Both are read
  by the width: at width *w* the ``|`` lines number a multiple of *w* + 1 and every (*w* + 1)-th
  gap between two of them is empty; of the widths that fit, the one with the fewest empty cells
  is read. A reading with empty cells (``| 2 | Giáo dục phổ thông | | |``,
  ``c53841af6c236aed.txt``) is taken only when its header row has none and it has three rows or
  more; a table no width fits (a merged cell) is read in the layout above. An empty cell (also
  one of bold marks only, ``** **``, ``7650ecce3d20626b.txt``) has an empty span, where the
  ``|`` line that closes it starts.

Cells keep their spans in ``Document.text``. Rows stay as ragged as the source: interpreting
what a cell means is the budget reader's work, not this module's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.model import Cell, Document, Line, Table

_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MIN_ROWS = 2
_MAX_CELL_LINES = 6  # a web-copy cell broken over more lines than this is not a cell


@dataclass(frozen=True, slots=True)
class _Row:
    cells: list[tuple[int, int]]  # spans of Document.text


def find_text_tables(doc: Document) -> list[Table]:
    """Every table laid out in the text of ``doc``, in document order."""
    tables: list[Table] = []
    lines = doc.lines
    i = 0
    while i < len(lines):
        line = lines[i]
        if "\t" in line.text:
            rows, i = _tab_block(doc, i)
        elif _is_pipe_row(line.text):
            rows, i = _pipe_block(doc, i)
        elif line.text.strip() in ("|", "||"):
            found = _bar_rows_block(doc, i)
            rows, i = found if found else _cell_per_line_block(doc, i)
        else:
            i += 1
            continue
        if len(rows) >= _MIN_ROWS:
            tables.append(_table(doc, rows))
    return tables


def _tab_block(doc: Document, i: int) -> tuple[list[_Row], int]:
    rows: list[_Row] = []
    lines = doc.lines
    while i < len(lines):
        line = lines[i]
        if "\t" in line.text:
            rows.append(_Row(_split(line, "\t")))
            i += 1
        elif not line.text.strip() and i + 1 < len(lines) and "\t" in lines[i + 1].text:
            i += 1  # one blank line inside a table
        else:
            break
    return rows, i


def _is_pipe_row(text: str) -> bool:
    stripped = text.strip()
    return stripped.startswith("|") and stripped.count("|") >= 2 and stripped != "||"


def _pipe_block(doc: Document, i: int) -> tuple[list[_Row], int]:
    rows: list[_Row] = []
    lines = doc.lines
    while i < len(lines) and _is_pipe_row(lines[i].text):
        line = lines[i]
        if not _RULE.match(line.text.strip()):
            cells = _split(line, "|")
            # The empty cells before the first and after the last pipe are not cells.
            if cells and not doc.text[cells[0][0] : cells[0][1]].strip():
                cells = cells[1:]
            if cells and not doc.text[cells[-1][0] : cells[-1][1]].strip():
                cells = cells[:-1]
            rows.append(_Row(cells))
        i += 1
    return rows, i


def _cell_per_line_block(doc: Document, i: int) -> tuple[list[_Row], int]:
    """Cells of content lines each closed by a ``|`` line; ``||`` or a blank line ends a row.

    The cell before the first ``|`` line is the content just above it.
    """
    lines = doc.lines
    pending: list[Line] = []
    back = i
    while back > 0 and lines[back - 1].text.strip() and len(pending) < _MAX_CELL_LINES:
        back -= 1
        pending.insert(0, lines[back])
    rows: list[_Row] = []
    cells: list[tuple[int, int]] = []
    while i < len(lines):
        text = lines[i].text.strip()
        if text in ("|", "||"):
            start = pending[0].start if pending else lines[i].start
            end = pending[-1].end if pending else lines[i].start
            cells.append((start, end))
            pending = []
            if text == "||":
                rows.append(_Row(cells))
                cells = []
        elif not text:
            if pending:
                break  # content not closed by "|": the table ended before it
            if cells:
                rows.append(_Row(cells))
                cells = []
        else:
            pending.append(lines[i])
            if len(pending) > _MAX_CELL_LINES:
                break
        i += 1
    if cells:
        rows.append(_Row(cells))
    return rows, i


_MAX_BAR_STARTS = 4  # "|" lines tried as a table's first: a signature block's closes above it


def _bar_rows_block(doc: Document, i: int) -> tuple[list[_Row], int] | None:
    """Rows of a markdown table broken one token a line, from one of the first ``|`` lines at
    ``i`` on; None when no start gives two rows or more of one width, no cell empty."""
    lines = doc.lines
    starts = [i]
    for j in range(i + 1, len(lines)):
        if len(starts) >= _MAX_BAR_STARTS or not lines[j].text.strip():
            break
        if lines[j].text.strip() == "|":
            starts.append(j)
    for start in starts:
        found = _bar_rows(doc, start)
        if found is not None:
            return found
    return None


_MAX_BAR_WIDTH = 16  # cells a row of such a table may have
_MIN_GAPPED_ROWS = 3  # rows a reading with empty cells needs, the header one of them


def _bar_rows(doc: Document, i: int) -> tuple[list[_Row], int] | None:
    """The rows of the ``|`` lines from ``i`` on read at the one width that fits them all.

    The gaps between consecutive ``|`` lines are a row's cells, then one empty gap between its
    closing ``|`` and the next row's opening one: at width *w*, ``|`` lines number a multiple
    of *w* + 1 and every (*w* + 1)-th gap is empty. An empty cell is an empty gap inside a row.
    Of the widths that fit, the one with the fewest empty cells (then the narrowest) is read.
    """
    lines = doc.lines
    gaps: list[list[Line]] = []  # the content lines between two "|" lines
    closing: list[int] = []  # where the "|" line after each gap starts
    pending: list[Line] = []
    bars = 0
    end = i
    while i < len(lines):
        text = lines[i].text.strip()
        if text == "|":
            if bars:
                gaps.append(pending)
                closing.append(lines[i].start)
            pending = []
            bars += 1
            end = i + 1
        elif not text or len(pending) >= _MAX_CELL_LINES:
            break
        else:
            pending.append(lines[i])
        i += 1
    best: tuple[int, int] | None = None  # (empty cells, width)
    for width in range(2, _MAX_BAR_WIDTH + 1):
        n_rows, left = divmod(bars, width + 1)
        if left or n_rows < _MIN_ROWS:
            continue
        if any(gaps[r * (width + 1) - 1] for r in range(1, n_rows)):
            continue  # a row boundary with content: not this width
        cells = [gaps[r * (width + 1) + c] for r in range(n_rows) for c in range(width)]
        if any(not any(gaps[r * (width + 1) + c] for c in range(width)) for r in range(n_rows)):
            continue  # a row of empty cells only
        empty = sum(not cell for cell in cells)
        if empty and (n_rows < _MIN_GAPPED_ROWS or not all(gaps[:width])):
            continue  # empty cells where the header is not whole or the rows too few to tell
        if best is None or (empty, width) < best:
            best = (empty, width)
    if best is None:
        return None
    width = best[1]
    rows = []
    for r in range(bars // (width + 1)):
        row = []
        for c in range(width):
            k = r * (width + 1) + c
            # an empty cell (also one of bold marks only, "** **") is the empty span where the
            # "|" line that closes it starts
            blank = not "".join(line.text for line in gaps[k]).strip(" *")
            row.append((closing[k], closing[k]) if blank else (gaps[k][0].start, gaps[k][-1].end))
        rows.append(_Row(row))
    return rows, end


def _split(line: Line, sep: str) -> list[tuple[int, int]]:
    spans = []
    pos = line.start
    for part in line.text.split(sep):
        lead = len(part) - len(part.lstrip())
        body = part.strip()
        spans.append((pos + lead, pos + lead + len(body)))
        pos += len(part) + len(sep)
    return spans


def _table(doc: Document, rows: list[_Row]) -> Table:
    cells = tuple(
        Cell(
            row=r,
            col=c,
            text=" ".join(doc.text[start:end].split()),
            start=start,
            end=end,
            page=doc.page_at(start),
        )
        for r, row in enumerate(rows)
        for c, (start, end) in enumerate(row.cells)
    )
    starts = [c.start for c in cells if c.start is not None]
    ends = [c.end for c in cells if c.end is not None]
    return Table(
        cells=cells,
        n_rows=len(rows),
        n_cols=max(len(row.cells) for row in rows),
        start=min(starts),
        end=max(ends),
        page=doc.page_at(min(starts)),
    )
