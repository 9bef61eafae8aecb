"""The common document model that every extractor produces and the pipeline consumes.

An extractor reads one file into a :class:`Document`: the text as the source gives it
(``raw_text``), a normalised copy (``text``) that every offset in the pipeline points into, the
lines of that text with their spans in both, and the page of each line where the format has pages
(PDF). Tables that the format delivers as structure (DOCX, PDF) are :class:`Table` grids whose
cells carry spans into ``text``: extractors lay a table out in ``text`` as tab-separated rows, so
a table is readable by the same text rules and every cell has provenance. Plain-text tables are
found later, by the pipeline.
"""

from __future__ import annotations

import bisect
import os
from dataclasses import dataclass, field
from enum import StrEnum


class SourceFormat(StrEnum):
    TXT = "txt"
    DOCX = "docx"
    DOC = "doc"  # legacy Word, read through a LibreOffice conversion to DOCX
    PDF = "pdf"


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the document: its normalised text and where it sits."""

    text: str
    start: int  # span in Document.text
    end: int
    raw_start: int  # span in Document.raw_text
    raw_end: int
    page: int | None = None  # 1-based, for paged formats


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell, once, however many grid positions a merge makes it cover."""

    row: int
    col: int
    text: str
    row_span: int = 1
    col_span: int = 1
    start: int | None = None  # span in Document.text
    end: int | None = None
    page: int | None = None


@dataclass(frozen=True, slots=True)
class Table:
    """A grid of cells as the format delivered it (DOCX, PDF)."""

    cells: tuple[Cell, ...]
    n_rows: int
    n_cols: int
    start: int | None = None
    end: int | None = None
    page: int | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """One source file read into text, lines and tables."""

    source_path: str
    source_sha256: str
    source_format: SourceFormat
    raw_text: str
    text: str
    lines: tuple[Line, ...]
    tables: tuple[Table, ...] = ()
    n_pages: int | None = None
    encoding: str | None = None
    #: the pages of a PDF whose text is not read (set sideways, or a scan), so not in ``text``
    unread_pages: tuple[int, ...] = ()
    _line_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_line_starts", tuple(line.start for line in self.lines))

    def line_at(self, offset: int) -> Line | None:
        """The line that contains ``offset`` of ``text``."""
        i = bisect.bisect_right(self._line_starts, offset) - 1
        if i < 0:
            return None
        line = self.lines[i]
        return line if offset <= line.end else None

    def page_at(self, offset: int) -> int | None:
        """The page of ``offset`` of ``text``, or None for formats without pages."""
        line = self.line_at(offset)
        return line.page if line else None


class ExtractionError(Exception):
    """A file that cannot be read into a Document; the message says why, for a person."""


def limit_from_env(variable: str, default: float) -> float:
    """A size limit set by an environment variable; ``default`` when it is unset or not a
    number."""
    try:
        return float(os.environ.get(variable, default))
    except ValueError:
        return default


def refuse_if_too_large(size: int, limit: int, what: str, variable: str) -> None:
    """Raise :class:`ExtractionError` for a file of ``size`` bytes over ``limit``, naming the
    environment variable that raises the limit."""
    if size > limit:
        raise ExtractionError(
            f"too large for one decision: {size / 2**20:.1f} MB {what} "
            f"(the limit is {limit / 2**20:g} MB; set {variable} to raise it)"
        )
