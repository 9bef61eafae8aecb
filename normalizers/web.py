"""The text of a web copy without its markup and the site's furniture.

Decisions copied from the web (thuvienphapluat.vn pages saved as markdown, CongBot chunk files)
carry what is no part of the document: markdown (``**bold**``, ``*italic*``, ``#`` headings,
``<br>``), the site's preamble (a copyright notice, a summary table of number, kind, signer and
dates), its footer (the page title, related documents, login prompts, a hotline, a notice citing
another decree), CongBot's page title and chunk names, and words printed letter-spaced
(``T ỉnh B ắc G iang``, ``Qu ả ng Ngãi``). :func:`clean_web_lines` takes the normalised lines of
a file and gives the same number of lines back, the site's lines empty and the others without
markup, so that a line keeps its place and its span in the raw text
(:func:`extractors.text.build_lines`). The site's phrases are the table
``normalizers/data/web_furniture.csv``; a word is re-joined only when its pieces make one
Vietnamese syllable (``vietnamese_syllables.csv``,
:func:`normalizers.encodings.is_vietnamese_syllable`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from itertools import compress
from operator import not_

from normalizers.documents import document_number_pattern
from normalizers.encodings import is_vietnamese_syllable
from normalizers.tables import load_rows, rule_table


class FurnitureRole(StrEnum):
    """What a phrase of web_furniture.csv tells of the lines around it."""

    PREAMBLE_END = "preamble_end"  # the site's last line before its summary table
    PREAMBLE_FIELD = "preamble_field"  # a label of the summary table: it and its value
    FOOTER_START = "footer_start"  # the footer's first line: it, the page title, the rest
    LINE = "line"  # one line of the site's, wherever it stands


@rule_table("web_furniture.csv")
@dataclass(frozen=True, slots=True)
class FurnitureRow:
    role: FurnitureRole
    phrase: str  # as printed, at the start of a line without its markup
    source: str


@cache
def _phrases(role: FurnitureRole) -> tuple[str, ...]:
    return tuple(row.phrase for row in load_rows(FurnitureRow) if row.role == role)


_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HEADING = re.compile(r"^\s*#{1,6}(?:\s+|$)")
# Asterisks that are markup: all but a footnote mark "(*)" and a bullet "* " opening a line.
_FOOTNOTE_OR_BULLET = re.compile(r"\(\*+\)|^\s*\*(?=\s+[^\s*])")
# A CongBot chunk name: "# 49_2012_QĐ_UBND_art1_3", one token with underscores.
_CHUNK_NAME = re.compile(r"^\s*#{1,6}\s*\w+_\w+\s*$")
# A line of markup and nothing else: "** **", "* *", "**", "#".
_MARKUP_ONLY = re.compile(r"^[\s*#]*[*#][\s*#]*$")
# What a cell separator line of a pipe table, or a heading with no words, leaves: no text.
_NO_TEXT = re.compile(r"^[\s|#*]*$")


def strip_markup(line: str) -> str:
    """``line`` without markdown: ``**`` and emphasis ``*``, a heading's ``#``, ``<br>`` (a
    space). A footnote mark ``(*)`` and a bullet ``*`` opening the line stay; spaces the markup
    leaves at the ends go; tabs (table cells) stay.

    >>> strip_markup("*Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;*")
    'Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;'
    >>> strip_markup("**ỦY BAN NHÂN DÂN **"), strip_markup("# QUYẾT ĐỊNH:")
    ('ỦY BAN NHÂN DÂN', 'QUYẾT ĐỊNH:')
    >>> strip_markup("KT. CHỦ TỊCH<br>PHÓ CHỦ TỊCH"), strip_markup("* Thành phần hồ sơ (*)")
    ('KT. CHỦ TỊCH PHÓ CHỦ TỊCH', '* Thành phần hồ sơ (*)')
    """
    if "*" not in line and "#" not in line and "<" not in line:
        return line
    text = _BREAK.sub(" ", line)
    text = _HEADING.sub("", text).replace("**", "")
    if "*" in text:
        kept = [(m.start(), m.end()) for m in _FOOTNOTE_OR_BULLET.finditer(text)]
        pieces, at = [], 0
        for start, end in kept:
            pieces += [text[at:start].replace("*", ""), text[start:end]]
            at = end
        text = "".join([*pieces, text[at:].replace("*", "")])
    return text if text == line else text.strip(" ")


def rejoin_letter_spaced(line: str) -> str:
    """Words printed with spaces inside them joined again: a piece that is no Vietnamese
    syllable and the pieces after it that make one syllable together with it
    (``T ỉnh`` → ``Tỉnh``, ``Ng o ại giao`` → ``Ngoại giao``, ``Đ ả ng;`` → ``Đảng;``). A piece
    after a number is left alone (``0,006 x a`` is a formula).

    >>> rejoin_letter_spaced("| Số: 1351/QĐ-UBND | Qu ả ng Ngãi, ngày 04 tháng 10 năm 2022 |")
    '| Số: 1351/QĐ-UBND | Quảng Ngãi, ngày 04 tháng 10 năm 2022 |'
    >>> rejoin_letter_spaced("T ỉnh B ắc G iang"), rejoin_letter_spaced("Tr ần V ăn A")
    ('Tỉnh Bắc Giang', 'Trần Văn A')
    """
    tokens = line.split(" ")
    # Most lines have no piece that may start a letter-spaced word (letters, no syllable): the
    # line is then its own result, told by C loops alone (is_vietnamese_syllable is cached).
    pieces = compress(tokens, map(not_, map(is_vietnamese_syllable, tokens)))
    if not any(map(str.isalpha, pieces)):
        return line
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        joined, used = token, 1
        if _may_start_word(token, out[-1] if out else ""):
            candidate = token
            for j in range(i + 1, len(tokens)):
                piece = tokens[j].rstrip(_CLOSING)  # the last piece may close a phrase: "ng;"
                if not piece.isalpha() or not is_vietnamese_syllable(candidate + piece):
                    break
                candidate += piece
                joined, used = candidate + tokens[j][len(piece) :], j - i + 1
                if piece != tokens[j]:
                    break
        out.append(joined)
        i += used
    return " ".join(out)


_CLOSING = ".,;:!?)”"


def _may_start_word(token: str, before: str) -> bool:
    """A letter-spaced word starts with a piece of letters that is no syllable on its own,
    not after a number."""
    return (
        token.isalpha()
        and not is_vietnamese_syllable(token)
        and not any(c.isdigit() for c in before)
    )


def clean_web_lines(lines: Sequence[str]) -> list[str]:
    """The lines of a web copy, as many as given: the site's lines empty (its preamble, its
    footer, a page title above the document, chunk names, the lines of web_furniture.csv),
    the others without markup and with letter-spaced words joined.

    A line of nothing but markup (``** **``, ``* *``) stays as it is: in a table printed a cell
    a line it is an empty cell, and an empty line would end the row
    (:mod:`pipeline.build.tables`)."""
    clean = [
        line if _MARKUP_ONLY.match(line) else rejoin_letter_spaced(strip_markup(line))
        for line in lines
    ]
    for i in _furniture(lines, clean):
        clean[i] = ""
    return clean


def _furniture(lines: Sequence[str], clean: Sequence[str]) -> set[int]:
    """The indices of the site's lines."""
    found = _preamble(clean) | _page_title(lines, clean) | _footer(clean)
    line_phrases = _phrases(FurnitureRole.LINE)
    for i, (line, text) in enumerate(zip(lines, clean, strict=True)):
        if _CHUNK_NAME.match(line) or text.lstrip(" -–").startswith(line_phrases):
            found.add(i)
    return found


def _starts(text: str, role: FurnitureRole) -> bool:
    return text.strip().startswith(_phrases(role))


def _preamble(clean: Sequence[str]) -> set[int]:
    """The site's preamble: every line down to its end phrase, then its summary table (each
    label and the value under it, and the lines of no text between)."""
    end = next((i for i, t in enumerate(clean) if _starts(t, FurnitureRole.PREAMBLE_END)), None)
    if end is None:
        return set()
    found = set(range(end + 1))
    value_due = False
    for i in range(end + 1, len(clean)):
        text = clean[i]
        if _NO_TEXT.match(text):
            pass
        elif _starts(text, FurnitureRole.PREAMBLE_FIELD):
            value_due = True
        elif value_due:
            value_due = False
        else:
            break
        found.add(i)
    return found


def _page_title(lines: Sequence[str], clean: Sequence[str]) -> set[int]:
    """CongBot's page title: the ``#`` headings in sentence case a file opens with, before any
    other text (it may be the title of another document, the one the page is filed under); a
    heading in capitals (``# QUYẾT ĐỊNH``) is the document's own."""
    found: set[int] = set()
    for i, (line, text) in enumerate(zip(lines, clean, strict=True)):
        if _NO_TEXT.match(text):
            continue
        if not _HEADING.match(line) or text.isupper():
            break
        found.add(i)
    return found


@cache
def _document_number() -> re.Pattern[str]:
    return re.compile(document_number_pattern())


def _footer(clean: Sequence[str]) -> set[int]:
    """The site's footer: from its first phrase to the end, and the page title line above it
    (a line that names a document by its number)."""
    start = next((i for i, t in enumerate(clean) if _starts(t, FurnitureRole.FOOTER_START)), None)
    if start is None:
        return set()
    found = set(range(start, len(clean)))
    above = next((i for i in range(start - 1, -1, -1) if not _NO_TEXT.match(clean[i])), None)
    if above is not None and _document_number().search(clean[above]):
        found.add(above)
    return found
