"""The place of issue in a decision's header, where a web copy broke it over two lines.

A copy that prints each header cell a line at a time breaks the place as the page wrapped it
("*Quảng" / "Trị, ngày 27 tháng 11 năm 2025*"); the date line alone would give "Trị". The
province names come from :func:`normalizers.provinces.name_breaks`.
"""

from __future__ import annotations

from normalizers.provinces import name_breaks
from normalizers.text import collapse_spaces
from pipeline.build.findings import Sourced

_DECORATION = "*|_# \t"


def _clean_cell(line: str) -> str:
    return line.replace("**", "").strip(_DECORATION)


def place_begun_above(text: str, line_start: int, place: Sourced[str]) -> Sourced[str] | None:
    """The place with the words a web copy broke off onto the line above it ("*Quảng" /
    "Trị, ngày …", "*Thành" / "phố Hồ Chí Minh, ngày …"): the place goes on from that line when
    it starts in lower case or inside a province's name. None for no place."""
    if not place.value:
        return None
    if line_start == 0 or text[line_start - 1] != "\n":
        return place
    above_start = text.rfind("\n", 0, line_start - 1) + 1
    above = _clean_cell(text[above_start : line_start - 1])
    if not above or "\t" in above or "|" in above:
        return place
    first = place.value.split(maxsplit=1)[0]
    if not (first[0].islower() or (above.rsplit(maxsplit=1)[-1], first) in name_breaks()):
        return place
    start = above_start + text[above_start:line_start].find(above)
    return Sourced(collapse_spaces(text[start : place.end]), start, place.end)
