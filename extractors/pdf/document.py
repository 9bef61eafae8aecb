"""The :class:`~extractors.model.Document` made from the paragraphs and tables in reading order.

Each paragraph is one line of the raw text; each table is laid out as tab-separated rows, one line
a row, a position covered by a merged cell an empty field, as the pipeline reads tables in any
text. The lines are normalised by :func:`extractors.text.build_lines`, as a text file's are; then
every line gets its page and every :class:`~extractors.model.Cell` points at its own field.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from extractors.model import Cell, Document, ExtractionError, Line, SourceFormat, Table
from extractors.pdf.flow import Paragraph
from extractors.pdf.grids import Grid
from extractors.pdf.lines import join_parts
from extractors.text import build_lines


def build_document(
    path: Path,
    data: bytes,
    elements: list[Paragraph | Grid],
    n_pages: int,
    unread_pages: tuple[int, ...] = (),
) -> Document:
    """The document of ``path``: its raw text, normalised text, lines with pages and tables,
    and the pages whose text was not read."""
    raw_lines: list[str] = []
    pages: list[int] = []
    table_rows: list[tuple[Grid, int]] = []  # each table and its first raw line
    for element in elements:
        if isinstance(element, Paragraph):
            raw_lines.append(_clean(join_parts(element.parts, element.tight)))
            pages.append(element.page)
            continue
        table_rows.append((element, len(raw_lines)))
        page = element.page
        for row in element.rows:
            fields = [""] * element.n_cols
            for cell in row:
                fields[cell.col] = _clean(cell.text)
            raw_lines.append("\t".join(fields))
            page = row[0].page if row else page  # a row all covered by cells above: theirs
            pages.append(page)
    raw_text = "\n".join(raw_lines)
    text, lines = build_lines(raw_text)
    if len(lines) != len(pages):  # pragma: no cover - build_lines splits only at "\n"
        raise ExtractionError("internal error: lines and pages do not match")
    lines = tuple(replace(line, page=page) for line, page in zip(lines, pages, strict=True))
    tables = tuple(_table(grid, first, lines) for grid, first in table_rows if grid.rows)
    if not text.strip():
        raise ExtractionError("no text layer; OCR is not supported (the pages hold no text)")
    return Document(
        source_path=str(path),
        source_sha256=hashlib.sha256(data).hexdigest(),
        source_format=SourceFormat.PDF,
        raw_text=raw_text,
        text=text,
        lines=lines,
        tables=tables,
        n_pages=n_pages,
        unread_pages=unread_pages,
    )


def _clean(text: str) -> str:
    """One line of the raw text: no line breaks or tabs inside, runs of spaces made one."""
    return " ".join(text.split())


def _table(grid: Grid, first: int, lines: tuple[Line, ...]) -> Table:
    cells = []
    for r, row in enumerate(grid.rows):
        line = lines[first + r]
        fields = line.text.split("\t")
        offsets = []
        pos = line.start
        for f in fields:
            offsets.append((pos, pos + len(f)))
            pos += len(f) + 1
        for cell in row:
            start, end = offsets[cell.col]
            cells.append(
                Cell(
                    row=r,
                    col=cell.col,
                    text=fields[cell.col],
                    row_span=cell.row_span,
                    col_span=cell.col_span,
                    start=start,
                    end=end,
                    page=line.page,
                )
            )
    last = lines[first + len(grid.rows) - 1]
    return Table(
        cells=tuple(cells),
        n_rows=len(grid.rows),
        n_cols=grid.n_cols,
        start=lines[first].start,
        end=last.end,
        page=grid.page,
    )
