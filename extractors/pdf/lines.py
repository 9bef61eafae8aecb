"""Characters into words and visual lines, and lines joined back into one text.

Everything the reader knows about text comes from the page's characters (:data:`Char`, read once
in :mod:`extractors.pdf.pages`). Here they are grouped into visual lines by their vertical centre
(a superscript stays on its line) and into words at the space glyphs and at gaps wider than
``_WORD_GAP`` × the font size; a glyph drawn twice a hair apart (fake bold) counts once.
:func:`join_parts` is the one rule for joining lines back into a paragraph or a cell, shared by
the ruled and the layout tables, the stitching of tables and the paragraphs, so that a word broken
after a hyphen or a slash (``1318/TTr-`` / ``SCT``) is joined the same way everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# --- tunables, in points or in multiples of the font size ---------------------------------------

_WORD_GAP = 0.2  # a gap wider than this (× size) between two glyphs separates words
_OVERPRINT = 0.1  # a glyph drawn again closer than this (× size) is one glyph (fake bold)
LINE_BAND = 0.4  # glyphs whose centres lie within this (× size) of a line's stand on it

NUMBER_CHARS = re.compile(r"^[\d.,\s()%-]+$")


Char = tuple[float, float, float, float, str, float, int]  # x0, x1, top, bottom, text, size, style


@dataclass(slots=True)
class Word:
    """A word of a visual line: its box, text, font size and most common style."""

    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    size: float
    style: int  # 1 bold, 2 italic

    @property
    def center(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class VLine:
    """One visual line of text outside the ruled tables."""

    words: list[Word]
    page: int
    trailing_space: bool = False  # the line ends with a space glyph (a break at a space)
    in_column: bool = False  # a line of one column of a layout table: never joined to another
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    style: int = 0

    def __post_init__(self) -> None:
        words = self.words
        self.x0 = words[0].x0
        self.x1 = max(w.x1 for w in words)
        self.top = min(w.top for w in words)
        self.bottom = max(w.bottom for w in words)
        sizes: dict[float, int] = {}
        styles: dict[int, int] = {}
        for w in words:
            key = round(w.size, 1)
            sizes[key] = sizes.get(key, 0) + 1
            styles[w.style] = styles.get(w.style, 0) + 1
        self.size = _most_common(sizes)
        self.style = _most_common(styles)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def _group_lines(chars: list[Char]) -> list[list[Char]]:
    """Characters in visual lines (top to bottom), each line left to right."""
    chars.sort(key=lambda c: (c[2] + c[3]) / 2)
    lines: list[list[Char]] = []
    current: list[Char] = []
    center = band = 0.0
    for ch in chars:
        cy = (ch[2] + ch[3]) / 2
        if current and cy - center <= max(band, LINE_BAND * ch[5]):
            current.append(ch)
            continue
        if current:
            lines.append(current)
        current = [ch]
        center, band = cy, LINE_BAND * ch[5]
    if current:
        lines.append(current)
    for line in lines:
        line.sort(key=lambda c: c[0])
    return lines


def words_by_line(chars: list[Char]) -> list[tuple[list[Word], bool]]:
    """The words of each visual line of ``chars``, and whether the line ends with a space."""
    out = []
    word_gap, overprint = _WORD_GAP, _OVERPRINT
    for line in _group_lines(chars):
        words: list[Word] = []
        parts: list[str] = []
        x0 = x1 = top = bottom = size = 0.0
        styles: dict[int, int] = {}
        last: Char | None = None
        for ch in line:
            text = ch[4]
            if text.isspace():
                if parts:
                    words.append(_word(parts, x0, x1, top, bottom, size, styles))
                    parts = []
                continue
            if last is not None and parts:
                if text == last[4] and abs(ch[0] - last[0]) < overprint * ch[5]:
                    continue  # the same glyph drawn twice, a hair apart (fake bold)
                if ch[0] - x1 > word_gap * (ch[5] if ch[5] > size else size):
                    words.append(_word(parts, x0, x1, top, bottom, size, styles))
                    parts = []
            if not parts:
                x0, x1, top, bottom, size = ch[0], ch[1], ch[2], ch[3], ch[5]
                styles = {ch[6]: 1}
            else:
                if ch[1] > x1:
                    x1 = ch[1]
                if ch[2] < top:
                    top = ch[2]
                if ch[3] > bottom:
                    bottom = ch[3]
                if ch[5] > size:
                    size = ch[5]
                styles[ch[6]] = styles.get(ch[6], 0) + 1
            parts.append(text)
            last = ch
        if parts:
            words.append(_word(parts, x0, x1, top, bottom, size, styles))
        if words:
            out.append((words, line[-1][4].isspace()))
    return out


def _most_common(counts: dict[Any, int]) -> Any:
    """The most common key, the first seen of those tied (as ``Counter.most_common(1)``)."""
    if len(counts) == 1:
        return next(iter(counts))
    return max(counts, key=counts.__getitem__)


def _word(
    parts: list[str],
    x0: float,
    x1: float,
    top: float,
    bottom: float,
    size: float,
    styles: dict[int, int],
) -> Word:
    return Word(x0, x1, top, bottom, "".join(parts), size, _most_common(styles))


def join_parts(parts: Sequence[str], tight: Sequence[bool] = ()) -> str:
    """Lines of one paragraph or cell joined with a space; without one where ``tight`` says so
    (a word the line broke), after a ``-`` or ``/`` inside a word, and between the lines of a
    number.

    >>> join_parts(["Tờ trình số 1318/TTr-", "SCT ngày 18/8/2017", "công nghiệp -", "tiểu"])
    'Tờ trình số 1318/TTr-SCT ngày 18/8/2017 công nghiệp - tiểu'
    >>> join_parts(["1.2", "00"]), join_parts(["KC", "DP"], [False, True])
    ('1.200', 'KCDP')
    """
    text = ""
    numeric = all(NUMBER_CHARS.match(p) for p in parts)
    spaced = False  # the part before ended with a space: the break was at a space
    for k, raw in enumerate(parts):
        part = raw.strip()
        if not part:
            continue
        if not text:
            text = part
        elif (k < len(tight) and tight[k]) or (
            not spaced
            and (numeric or (text[-1] in "-/‐" and len(text) > 1 and not text[-2].isspace()))
        ):
            text += part
        else:
            text += " " + part
        spaced = raw[-1:].isspace()
    return text
