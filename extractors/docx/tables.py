"""A DOCX table laid out in the text and placed back as a :class:`~extractors.model.Table`.

A table is laid out as tab-separated rows, one line a row and one field a grid column: a cell's
paragraphs are joined by a space, and a position covered by a merge is an empty field, so that
columns stay aligned and the text rules read the table as they read a pasted one. Every cell's
``start``/``end`` slice exactly its text out of ``Document.text``.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractors.model import Cell, Line, Table

MAX_TABLE_COLS = 256  # grid columns kept (Word allows 63): a hostile gridSpan stays cheap


@dataclass(slots=True)
class RawCell:
    row: int
    col: int
    text: str  # one line, no tab
    col_span: int = 1
    row_span: int = 1


@dataclass(frozen=True, slots=True)
class RawTable:
    cells: list[RawCell]
    n_rows: int
    n_cols: int
    first_line: int  # index of its first row in the laid-out lines


def layout_rows(cells: list[RawCell], n_rows: int, n_cols: int) -> list[str]:
    """One tab-separated line a row, one field a grid column (empty where a merge covers it)."""
    fields = [[""] * n_cols for _ in range(n_rows)]
    for cell in cells:
        fields[cell.row][cell.col] = cell.text
    return ["\t".join(row) for row in fields]


def place_tables(text: str, lines: tuple[Line, ...], raw_tables: list[RawTable]) -> list[Table]:
    """Tables with the spans of their cells in the normalised text."""
    tables = []
    for raw in raw_tables:
        row_fields: list[list[tuple[int, int]]] = []
        for r in range(raw.n_rows):
            line = lines[raw.first_line + r]
            spans = []
            pos = line.start
            for part in line.text.split("\t"):
                lead = len(part) - len(part.lstrip())
                body = part.strip()
                spans.append((pos + lead, pos + lead + len(body)))
                pos += len(part) + 1
            row_fields.append(spans)
        cells = []
        for raw_cell in raw.cells:
            spans = row_fields[raw_cell.row]
            if raw_cell.col < len(spans):
                start, end = spans[raw_cell.col]
            else:  # cannot happen with the layout above; kept safe
                start = end = lines[raw.first_line + raw_cell.row].end
            cells.append(
                Cell(
                    row=raw_cell.row,
                    col=raw_cell.col,
                    text=text[start:end],
                    row_span=raw_cell.row_span,
                    col_span=raw_cell.col_span,
                    start=start,
                    end=end,
                )
            )
        first = lines[raw.first_line]
        last = lines[raw.first_line + raw.n_rows - 1]
        tables.append(
            Table(
                cells=tuple(cells),
                n_rows=raw.n_rows,
                n_cols=raw.n_cols,
                start=first.start,
                end=last.end,
            )
        )
    return tables
