"""Running headers, footers and page numbers, dropped before the text is read.

A line in the top or bottom ``_EDGE_BAND`` of the page that recurs at the same distance from that
edge (within ``_EDGE_TOL``) on at least half of the pages, digits aside so that ``Trang 3 / 19``
recurs and a page number at either end aside, is page furniture; so is a page number (``Trang
12``, ``- 12 -``, a bare number up to the page count; its words are
:data:`normalizers.documents.PAGE_WORDS`) as the first or last line of a page. The official
gazette's running header (``CÔNG BÁO/Số 1523 + 1524/Ngày 29-12-2024``, its page number before or
after it) is dropped wherever it stands in the top band, on every page however few (a one-page
document has no recurrence to show it), and so is its note that the document goes on in a later
issue (``(Xem tiếp Công báo số 1061 + 1062)``) as the last line of a page
(:func:`normalizers.documents.is_gazette_furniture`, words from ``gazette_marks.csv``). Dropping
them first lets a paragraph or a table go on across the page break as if the break were not
there.
"""

from __future__ import annotations

import re

from extractors.pdf.lines import VLine
from extractors.pdf.pages import Page
from normalizers.documents import PAGE_OF_WORDS, PAGE_WORDS, is_gazette_furniture

# --- tunables, in points or in multiples of the font size ---------------------------------------

_EDGE_BAND = 0.12  # running headers and footers stand in this share of the page height
_EDGE_TOL = 3.0  # their distance from the page edge agrees within this

_PAGE_NUMBER = re.compile(
    rf"^(?:[-–—]\s*)?(?:(?:{'|'.join(PAGE_WORDS)})\s*)?\d{{1,4}}"
    rf"(?:\s*(?:/|{'|'.join(PAGE_OF_WORDS)})\s*\d{{1,4}})?(?:\s*[-–—])?$",
    re.IGNORECASE,
)


def _edge_key(line: VLine, height: float) -> tuple[str, int, str] | None:
    """Where a line stands if it stands in the top or bottom band: its distance from that edge,
    and its text with digits blanked (so that page numbers compare equal) and without a page
    number at either end (a book puts it on the outer side: ``62 CÔNG BÁO/…`` on the left-hand
    page, ``CÔNG BÁO/… 63`` on the right-hand one)."""
    text = re.sub(r"^#\s+|\s+#$", "", re.sub(r"\d+", "#", line.text.casefold()))
    if line.top <= _EDGE_BAND * height:
        return ("top", round(line.top / _EDGE_TOL), text)
    if line.bottom >= (1 - _EDGE_BAND) * height:
        return ("bottom", round((height - line.bottom) / _EDGE_TOL), text)
    return None


def drop_running_lines(pages: list[Page]) -> None:
    """Remove running headers, footers and page numbers from each page's lines."""
    keys: dict[tuple[str, int, str], set[int]] = {}
    for page in pages:
        for line in page.lines:
            key = _edge_key(line, page.height)
            if key is not None:
                keys.setdefault(key, set()).add(page.number)
    threshold = max(2, (len(pages) + 1) // 2)

    def recurring(key: tuple[str, int, str]) -> bool:
        # a neighbouring distance counts too (rounding may put one line in two buckets)
        side, where, text = key
        found = set().union(*(keys.get((side, where + d, text), set()) for d in (-1, 0, 1)))
        return len(found) >= threshold

    for page in pages:
        kept = []
        for line in page.lines:
            key = _edge_key(line, page.height)
            if key is not None and recurring(key):
                continue
            if line.top <= 2 * _EDGE_BAND * page.height and is_gazette_furniture(line.text):
                continue
            kept.append(line)
        while kept and is_gazette_furniture(kept[-1].text):
            kept.pop()  # "(Xem tiếp Công báo số …)" after the page's last paragraph
        # a bare page number as the first or last line of the page
        while kept and _is_page_number(kept[-1], page.height, len(pages)):
            kept.pop()
        while kept and _is_page_number(kept[0], page.height, len(pages)):
            kept.pop(0)
        page.lines = kept


def _is_page_number(line: VLine, height: float, n_pages: int) -> bool:
    """``Trang 3``, ``3 / 19``, ``- 3 -`` near the top or bottom of the page; a bare number only
    up to the number of pages (``2020`` at the top of a page ends a sentence).

    >>> from dataclasses import replace
    >>> from extractors.pdf.lines import Word
    >>> line = VLine([Word(300, 310, 800, 812, "2020", 12, 0)], 1)
    >>> _is_page_number(line, 842, 19), _is_page_number(replace(line, words=[
    ...     Word(300, 310, 800, 812, "Trang", 12, 0), Word(312, 320, 800, 812, "2020", 12, 0)]),
    ...     842, 19)
    (False, True)
    """
    in_band = line.top <= 2 * _EDGE_BAND * height or line.bottom >= (1 - 2 * _EDGE_BAND) * height
    text = line.text.strip()
    if not in_band or not _PAGE_NUMBER.match(text):
        return False
    if re.search(r"[^\d\s–—-]", text):
        return True  # a word or a slash: Trang 3, 3 / 19
    return int(re.sub(r"\D", "", text)) <= n_pages
