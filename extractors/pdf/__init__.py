"""PDF extractor: the text layer of a born-digital PDF read into a :class:`Document`.

Each page is read once by pdfium (:mod:`extractors.pdf.pdfium`): its characters with their
boxes, sizes and fonts, the paths that draw its rules, its images; pdfplumber's ``TableFinder``
finds the ruled tables on the edges of those paths, on pages that have any. Everything else is
worked out from those characters:

- **Lines.** Characters are grouped into visual lines by their vertical centre (a superscript
  stays on its line) and into words by the space glyphs and the gaps between them.
- **Running headers and footers.** A line in the top or bottom band of the page that recurs at
  the same distance from that edge on at least half of the pages (digits aside, so
  ``Trang 3 / 19`` recurs) is dropped, and so is a page number (``Trang 12``, ``- 12 -``, a bare
  number up to the page count) as the first or last line of a page; a page number at either
  end of a running line aside (``62 CÔNG BÁO/…`` on a left-hand page, ``CÔNG BÁO/… 63`` on a
  right-hand one). The official gazette's running header and its note that a document goes on
  in a later issue are dropped on every page (``gazette_marks.csv``).
- **Pages not read.** Letters set sideways (a table turned on a portrait page, the gazette's
  header up the side of a landscape page) are not read, nor is a scanned page; such pages are
  listed in ``Document.unread_pages`` (the pipeline warns ``pages_unread``), and a PDF with no
  page read fails as a scan does.
- **Ruled tables.** The cells pdfplumber finds are laid on the grid of their distinct edges, so
  a merged cell knows its ``row_span`` and ``col_span``; a character belongs to the cell under
  its centre, and text inside a table never appears again as a paragraph. The lines of a cell
  are joined with a space, except where the layout broke a word too long for its column
  (``KC`` / ``DP``, ``II`` / ``I``). A table that ends its page and goes on at the top of the
  next one with the same columns is one table: a header repeated there is dropped, and a row
  cut by the page break (no label, text only under text of the row above) is joined to the
  row above.
- **Tables without rules.** Lines that share a gutter (a gap wider than 1.5 × the font size
  that no word of the following lines crosses; not the tab after a list label, not the evenly
  stretched spaces of a justified line) are laid out by alignment. The decision header (issuer
  | motto over ``Số: …`` | place and date) becomes a table of two columns read cell by cell:
  the lines of a cell joined, a new row where every column starts a line at the same height
  with a change of type (bold, italic) or at ``Số``. Two other columns (recipients |
  signature) are read one column after the other, line by line. Three or more columns are a
  table of one row a line.
- **Paragraphs.** A line is joined to the one above when the first word of it would not have
  fitted at the end of that line, no paragraph spacing stands between them and, in justified
  text, the line above ends at the right margin; also across a page break. A word broken after
  a hyphen or a slash (``1318/TTr-`` / ``SCT``) is joined without a space.

Each table is laid out in the text as tab-separated rows, one line a row, a position covered by
a merged cell an empty field; every :class:`Cell` points at its own field. Every line has its
page. Files that cannot be read raise :class:`ExtractionError` with the reason.

A module a step, in the order :func:`extract_pdf_file` takes them: ``pages`` opens the file,
``pdfium`` reads each page once and ``pages`` makes it lines (``lines``: characters, words,
joining lines) and ruled tables (``grids``), and measures the margins; ``running`` drops
running headers, footers and page numbers; ``layout`` finds the tables without rules and puts
each page in reading order; ``flow`` joins lines into paragraphs, across pages too, and
``stitch`` a ruled table continued on the next page; ``document`` lays it all out as the
:class:`Document`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from extractors.model import Document, ExtractionError
from extractors.pdf.document import build_document
from extractors.pdf.flow import read_in_order
from extractors.pdf.layout import find_layout_tables
from extractors.pdf.pages import FEW_CHARS, Page, find_margins
from extractors.pdf.pdfium import read_pdf
from extractors.pdf.running import drop_running_lines


def extract_pdf_file(
    path: Path,
    data: bytes | None = None,
    *,
    read_pages: Callable[[bytes], tuple[list[Page], int]] = read_pdf,
) -> Document:
    """Read a ``.pdf`` file into a :class:`Document` (text, lines with pages, tables).

    Raises :class:`ExtractionError` for an empty file, a file that is not a readable PDF
    (corrupt or truncated), an encrypted PDF that needs a password (the empty password is
    tried), and a PDF without a usable text layer (a scan, text set sideways only, or fonts that
    do not map their glyphs to letters). A PDF with some pages unread (scanned, or a table
    turned on its page) keeps their numbers in ``Document.unread_pages``. ``read_pages`` reads
    the pages: pdfium (:func:`extractors.pdf.pdfium.read_pdf`), or pdfminer's page interpreter
    (:func:`extractors.pdf.pages.read_pdf`, the reader before it, kept to compare the two).
    """
    data = path.read_bytes() if data is None else data
    pages, n_pages = read_pages(data)
    if not any(page.n_chars for page in pages):
        raise ExtractionError("no text layer; OCR is not supported (the pages hold no text)")
    unread = tuple(page.number for page in pages if page.unread)
    if unread and all(page.unread or page.n_chars < FEW_CHARS for page in pages):
        raise ExtractionError(
            "no text layer to read; OCR is not supported (the pages are scanned images or "
            "hold their text set sideways, with a few stray letters at most)"
        )
    drop_running_lines(pages)
    margins = find_margins(pages)
    for page in pages:
        find_layout_tables(page, margins[page.size])
    elements = list(read_in_order(pages, margins))
    return build_document(path, data, elements, n_pages, unread)
