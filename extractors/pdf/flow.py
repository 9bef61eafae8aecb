"""Paragraphs in reading order: lines joined where the layout wrapped them, across pages too.

A line goes on the paragraph above when the first word of it would not have fitted at the end of
the line above, no paragraph spacing (more than the usual pitch of its font size) stands between
them and, in justified text, the line above ends at the right margin. A line that starts a list
item or an article (``_item_start``) after a line that stops short of the margin starts its own
paragraph. A ruled table that opens a page is offered to :mod:`extractors.pdf.stitch` with the
table that closed the page before.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from extractors.pdf.grids import Grid
from extractors.pdf.lines import VLine
from extractors.pdf.pages import Margins, Page
from extractors.pdf.stitch import continues, stitch
from normalizers.documents import structure_markers

# --- tunables, in points or in multiples of the font size ---------------------------------------

_SPACE = 0.25  # the width of a space (× size), for "would the next word have fitted"
_FIT_TOL = 0.15  # slack (× size) when comparing a line's end with the right margin
_FLUSH = 0.25  # a justified line ends within this (× size) of the right margin

# The levels whose word, as a label shows it, opens a heading line with its number ("Điều 4",
# "Chương II"); not the appendix's ("Biểu dương …" is prose) nor a clause's ("khoản 2 Điều 5").
_HEADING_LEVELS = ("phan", "chuong", "muc", "dieu")


@cache
def _item_start() -> re.Pattern[str]:
    """A line that starts a list item or an article: looser than the segmenter's markers
    (``normalizers/data/structure_markers.csv``), whose heading words it takes, since a line is
    tested before anything is known of its document: any number, letter, roman numeral or
    bullet followed by a space will do, and a heading word needs no punctuation after its
    number ("Điều 9 Nghị định này" wrapped to a line of its own starts one too)."""
    words = [
        word
        for marker in structure_markers()
        if marker.level in _HEADING_LEVELS
        for word in marker.words
    ]
    return re.compile(
        r"^(?:\d{1,3}(?:\.\d{1,3})*[.)/]\s|[a-zđ]\)\s|[IVXLC]{1,6}\.\s|[-–—+•*●○▪]\s"
        rf"|(?:{'|'.join(words)})\s+[\dIVXLC]+\b)"
    )


@dataclass(slots=True)
class Paragraph:
    """A paragraph: its lines, which of them join without a space, its page and last line."""

    parts: list[str]
    tight: list[bool]
    page: int
    last: VLine


def read_in_order(
    pages: list[Page], margins: dict[tuple[int, int], Margins]
) -> Iterator[Paragraph | Grid]:
    """Paragraphs and tables in reading order, paragraphs and tables re-joined across pages."""
    pitch = _usual_pitch(pages)
    justified = _justified(pages, margins)
    pending: Paragraph | Grid | None = None
    for page in pages:
        m = margins[page.size]
        for k, element in enumerate(page.elements):
            first_on_page = k == 0
            if isinstance(element, Grid):
                if (
                    isinstance(pending, Grid)
                    and first_on_page
                    and pending.last_page == page.number - 1
                    and continues(pending, element)
                ):
                    stitch(pending, element)
                    continue
                if pending is not None:
                    yield pending
                pending = element
                continue
            if isinstance(pending, Paragraph) and _joins(
                pending.last, element, m, pitch, first_on_page, justified
            ):
                # a break at a space glyph is a space, whatever the line ends with
                pending.tight.append(False)
                if pending.last.trailing_space:
                    pending.parts[-1] += " "
                pending.parts.append(element.text)
                pending.last = element
                continue
            if pending is not None:
                yield pending
            pending = Paragraph([element.text], [False], page.number, element)
    if pending is not None:
        yield pending


def _usual_pitch(pages: list[Page]) -> dict[float, float]:
    """The distance between two lines of one paragraph, for each font size: the smallest
    common distance between consecutive lines (where every source line is a paragraph, the
    most common one is the distance between paragraphs)."""
    found: dict[float, Counter[float]] = {}
    for page in pages:
        lines = [e for e in page.elements if isinstance(e, VLine)]
        for a, b in pairwise(lines):
            if a.size == b.size and b.top > a.top:
                found.setdefault(a.size, Counter())[round(b.top - a.top)] += 1
    pitch = {}
    for size, counts in found.items():
        least = max(3, 0.05 * counts.total())
        common = [p for p, n in counts.items() if n >= least]
        pitch[size] = min(common) if common else counts.most_common(1)[0][0]
    return pitch


def _justified(pages: list[Page], margins: dict[tuple[int, int], Margins]) -> bool:
    """Whether the text is justified: most long lines end at the right margin."""
    flush = long = 0
    for page in pages:
        m = margins[page.size]
        for e in page.elements:
            if isinstance(e, VLine) and not e.in_column and e.x1 - e.x0 >= 0.7 * (m.right - m.left):
                long += 1
                flush += e.x1 >= m.right - _FLUSH * e.size
    return long >= 5 and flush >= 0.6 * long


def _joins(
    a: VLine, b: VLine, m: Margins, pitch: dict[float, float], new_page: bool, justified: bool
) -> bool:
    """Whether line ``b`` continues the paragraph that line ``a`` ends.

    ``a`` was wrapped when the first word of ``b`` would not have fitted after it; in justified
    text a wrapped line also ends at the right margin (a shorter one ends its paragraph), unless
    both lines are centred (a heading).
    """
    if a.in_column or b.in_column or abs(a.size - b.size) > 0.5:
        return False
    middle = (m.left + m.right) / 2
    centred = all(abs((x.x0 + x.x1) / 2 - middle) <= 0.5 * x.size for x in (a, b))
    if justified and not centred and a.x1 < m.right - _FLUSH * a.size:
        return False
    if not new_page:
        if b.page != a.page:
            return False
        usual = pitch.get(a.size, 1.2 * a.size)
        if b.top - a.top > usual + max(1.5, 0.1 * a.size):
            return False
    elif b.page != a.page + 1:
        return False
    first = b.words[0]
    need = _SPACE * a.size + (first.x1 - first.x0) - _FIT_TOL * a.size
    wrapped = a.x1 + need > m.right or (a.x1 - a.x0) + need > m.right - m.left
    if not wrapped:
        return False
    return not (_item_start().match(b.text) and a.x1 < m.right - 1)
