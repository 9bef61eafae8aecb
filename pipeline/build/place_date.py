"""The place and date of issue, read from the document's header only.

The header prints them as one line or cell, the place, a comma, then the date ("Hưng Yên, ngày
27 tháng 12 năm 2017", Nghị định 30/2020/NĐ-CP, Phụ lục I, mục I.4). Only a date printed so is
the issue date: the dates of the documents a title or the legal bases cite ("Quyết định số
06/QĐ-TTg ngày 02 tháng 01 năm 2025", "Luật … ngày 19 tháng 6 năm 2015") have no place and comma
before them, nor has the gazette's running header ("CÔNG BÁO/Số 1523 + 1524/Ngày 29-12-2024").
The place is the run of capitalised words before the comma, so that what shares its cell is left
out (the motto "… Hạnh phúc Bình Thuận, ngày …" in a Word cell); a place wrapped over two lines
("Thành phố Hồ" / "Chí Minh, ngày …") is joined when only the two lines together name a
province. A draft's blank date ("Bình Thuận, ngày   tháng 3 năm 2025") gives the place and no
date. A copy without such a line (an annexed plan alone) takes the date of the decision its
title line cites ("(Ban hành kèm theo Quyết định số … ngày …)"). A consolidated text (văn bản
hợp nhất) is dated in its authentication block, beside its number, not in the header it
reproduces. A resolution of the Standing Committee of the National Assembly (and a law or a
resolution of the National Assembly) prints no date in its header: it is dated by its closing
sentence, "Nghị quyết này được Ủy ban Thường vụ Quốc hội … phiên họp thứ 9 thông qua ngày 23
tháng 3 năm 2022" (the phrases are ``decision_parts.csv``'s, read by
:mod:`normalizers.documents`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from functools import cache

from extractors.model import Document
from normalizers.dates import DateParse, find_dates
from normalizers.documents import DecisionPart, decision_part_phrases
from normalizers.issuers import LOCAL_UNITS
from normalizers.provinces import PROVINCE_UNITS, find_province_names
from pipeline.build.findings import Sourced
from pipeline.build.lines import clean_line, join_spaced_letters

_CELL_START = re.compile(r"[\n\t|]|<br\s*/?>", re.IGNORECASE)
_UNITS = tuple(sorted((*PROVINCE_UNITS, *LOCAL_UNITS), key=len, reverse=True))
_ABBREVIATION = re.compile(r"^(?:TP|Tp|TX|Tx)\.$")  # "TP. Hồ Chí Minh"
_MAX_PLACE_WORDS = 6


def extract_place_and_date(
    doc: Document, header_start: int, header_end: int, citation: re.Match[str] | None
) -> tuple[Sourced[str] | None, Sourced[dt.date] | None]:
    """The place and date of the "<place>, ngày …" line in ``text[header_start:header_end]``;
    else the date the annex ``citation`` gives for the decision it cites, with no place."""
    place = None
    # markdown emphasis inside a date ("ngày **24 **tháng 11") read as spaces, offsets kept
    header = doc.text[:header_end].replace("*", " ")
    for found in find_dates(header[header_start:]):
        found = replace(found, start=found.start + header_start, end=found.end + header_start)
        place = _place_before(doc.text, found)
        if place is None:
            continue
        if found.value is not None:
            return place, Sourced(found.value, found.start, found.end)
        break  # a draft's blank date: the header's place, and no date
    if citation:
        window = doc.text[citation.end() : citation.end() + 120]
        dates: list[DateParse] = find_dates(window)
        if dates and dates[0].value is not None and dates[0].start < 20:
            d = dates[0]
            return place, Sourced(d.value, citation.end() + d.start, citation.end() + d.end)  # type: ignore[arg-type]
    return place, None


#: How far the closing sentence's date may stand from its opening words.
_ADOPTED_SPAN = 400


@cache
def _adopted() -> re.Pattern[str]:
    """ "Nghị quyết này được … thông qua" (within one sentence), before the date."""
    return re.compile(
        rf"(?:{decision_part_phrases(DecisionPart.ADOPTED)})[^.;]{{0,{_ADOPTED_SPAN}}}?"
        rf"(?:{decision_part_phrases(DecisionPart.ADOPTED_ON)})\s+(?=ngày)"
    )


def adopted_date(doc: Document) -> Sourced[dt.date] | None:
    """The date of the last closing sentence that says when the text was adopted ("… phiên
    họp thứ 45 thông qua ngày 17 tháng 5 năm 2025"); None when there is none."""
    found: Sourced[dt.date] | None = None
    for m in _adopted().finditer(doc.text):
        dates = find_dates(doc.text[m.end() : m.end() + 60])
        value = dates[0].value if dates and dates[0].start == 0 else None
        if value is not None:
            found = Sourced(value, m.end() + dates[0].start, m.end() + dates[0].end)
    return found


def _cell_start(text: str, end: int) -> int:
    """Where the line or cell holding ``text[end]`` begins."""
    starts = [m.end() for m in _CELL_START.finditer(text, max(0, end - 400), end)]
    return starts[-1] if starts else max(0, end - 400)


def _place_before(text: str, date: DateParse) -> Sourced[str] | None:
    """The place printed before ``date`` in its cell and followed by a comma, or None when the
    date has no place before it (a cited document's date)."""
    start = _cell_start(text, date.start)
    before = text[start : date.start]
    cleaned = clean_line(before)
    if not cleaned:
        # "Hưng Yên," on the line above the date
        if not text[:start].rstrip().endswith(","):
            return None
        prev_end = len(text[:start].rstrip()) - 1
        start = _cell_start(text, prev_end)
        before = text[start:prev_end] + ", "
        cleaned = clean_line(before)
    if not cleaned.endswith(","):
        return None
    words = _place_words(join_spaced_letters(cleaned.rstrip(",").strip()))
    if not words:
        return None
    place = " ".join(words)
    place_start = start + max(0, before.rfind(words[0][:2]))
    # the words of the cell before the place, all in lower case: the line goes on from the one
    # above ("*Thành" / "phố Hồ Chí Minh, ngày …")
    lead = join_spaced_letters(cleaned.rstrip(",").strip()).split()[: -len(words)]
    continued = bool(lead) and all(word[:1].islower() for word in lead)
    if start > 0 and text[start - 1] == "\n" and (continued or not find_province_names(place)):
        place, place_start = _wrapped(text, start, place, place_start, lead if continued else [])
    return Sourced(place, place_start, place_start + len(place))


def _place_words(text: str) -> list[str]:
    """The run of place words ``text`` ends with: capitalised words, a unit spelled before them
    ("Thành phố Hồ Chí Minh", "xã Lũng Cú") and an abbreviation ("TP. Hồ Chí Minh")."""
    words = text.split()
    n = len(words)
    upper = bool(words) and words[-1].isupper()  # one case throughout: "ĐẢNG CỘNG SẢN VIỆT NAM"
    while n > 0 and len(words) - n < _MAX_PLACE_WORDS:  # before "Lũng Cú" is not the place
        word = words[n - 1]
        if (word[:1].isupper() and word.isalpha() and word.isupper() == upper) or (
            _ABBREVIATION.match(word)
        ):
            n -= 1
            continue
        unit = next(
            (
                u
                for u in _UNITS
                if " ".join(words[max(0, n - len(u.split())) : n]).lower() == u and n < len(words)
            ),
            None,
        )
        if unit is None:
            break
        n -= len(unit.split())
    return words[n:]


def _wrapped(
    text: str, start: int, place: str, place_start: int, lead: list[str]
) -> tuple[str, int]:
    """A place wrapped over two lines, joined when only the two name a province together;
    ``lead`` are the lower-case words the second line starts with, the rest of a word of the
    first ("Thành" / "phố Hồ Chí Minh")."""
    line_start = _cell_start(text, start - 1)
    above = clean_line(text[line_start : start - 1])
    head = _place_words(join_spaced_letters(above))
    if head and len(head) + len(lead) + len(place.split()) <= _MAX_PLACE_WORDS:
        joined = " ".join([*head, *lead, place])
        if find_province_names(joined):
            return joined, line_start + max(0, text[line_start:start].find(head[0]))
    return place, place_start
