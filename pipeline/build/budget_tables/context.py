"""What stands above a budget table: its title and its money unit.

A unit line ("ĐVT: triệu đồng") a few lines above the table, or a unit stated in a header cell
(the labels of ``normalizers/data/unit_header_labels.csv``), gives the đồng per printed unit; a
unit of a rate ("Đơn vị: Đồng/người") gives its ``per`` too. The nearest heading above that is
neither a unit line nor a note in parentheses is the title.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from extractors.model import Document, Table
from normalizers.amounts import parse_unit_header, parse_unit_header_rate
from normalizers.units import unit_header_labels
from pipeline.build.budget_tables.vocabulary import END_PUNCTUATION


@dataclass(frozen=True, slots=True)
class TableContext:
    title: str | None
    multiplier: int | None
    unit: str | None  # the money unit as printed: "Triệu đồng"
    per: str | None = None  # a rate's unit: "người" under "Đơn vị: Đồng/người"


_UNIT_LOOKBACK = 4  # lines above a table where its unit line may stand
_UNIT_LINE_MAX = 80
_TITLE_LOOKBACK = 10
_TITLE_MAX = 250  # a longer line is prose, not a heading
_TITLE_PREFIX = re.compile(r"(?:phụ lục|biểu|bảng)\b.{0,20}", re.IGNORECASE)
_BULLETS = "*-–•+ "


@cache
def _unit_label() -> re.Pattern[str]:
    labels = sorted(unit_header_labels(), key=len)
    alternation = "|".join(r"\s+".join(map(re.escape, label.split())) for label in reversed(labels))
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)\s*[:.]?\s*", re.IGNORECASE)


def unit_statement(text: str) -> re.Match[str] | None:
    """The unit label of ``text`` that a money unit follows ("ĐVT: triệu đồng")."""
    for label in _unit_label().finditer(text):
        if parse_unit_header(text[label.start() :]) is not None:
            return label
    return None


def printed_unit(text: str) -> str:
    """The money unit as a unit statement prints it: "DVT: Triệu đồng" → "Triệu đồng"."""
    label = unit_statement(text)
    if label:
        return text[label.end() :].split(")")[0].strip(END_PUNCTUATION) or text.strip()
    for inside in re.findall(r"\(([^()]*)\)", text):
        if parse_unit_header(f"({inside})") is not None:
            return inside.strip()
    return text.strip()


def _is_unit_line(text: str) -> bool:
    """A line that is a unit statement, whatever unit it states ("ĐVT: Người" too)."""
    label = _unit_label().match(text.lstrip(" *-–•("))
    return label is not None and len(text) <= _UNIT_LINE_MAX


def context_above(doc: Document, table: Table) -> TableContext:
    if table.start is None or not doc.lines:
        return TableContext(None, None, None)
    index = bisect.bisect_right(doc.lines, table.start, key=lambda line: line.start) - 1
    above = [
        line.text.strip() for line in doc.lines[max(index - _TITLE_LOOKBACK, 0) : max(index, 0)]
    ]
    multiplier = unit = per = None
    near = above[-_UNIT_LOOKBACK:]
    for k in range(len(near) - 1, -1, -1):
        text = near[k]
        if "\t" in text:
            break
        if k + 1 < len(near) and _is_unit_line(text) and near[k + 1][:1].islower():
            # a unit line a web copy breaks in two ("*Đơn vị: Đồng/học" + "sinh/tháng*",
            # "*Đơn vị tính: Nghìn" + "đồng/người học/tháng.*"): the rest starts in lower case
            joined = f"{text} {near[k + 1]}"
            if len(joined) <= _UNIT_LINE_MAX and parse_unit_header(joined) is not None:
                text = joined
        found = parse_unit_header(text)
        if found is not None and (unit_statement(text) or len(text) <= _UNIT_LINE_MAX):
            multiplier, unit, per = found, printed_unit(text), parse_unit_header_rate(text)
            break
    return TableContext(_title(above), multiplier, unit, per)


def _title(above: Sequence[str]) -> str | None:
    """The nearest heading above a table: not a unit line, not a note in parentheses."""
    lines = [text for text in above if text]
    for i in range(len(lines) - 1, -1, -1):
        text = lines[i]
        if "\t" in text or text.startswith("|"):
            return None
        if _is_unit_line(text) or text.startswith("("):
            continue
        title = text.lstrip(_BULLETS)
        if not title or len(title) > _TITLE_MAX:
            return None
        before = lines[i - 1] if i else ""
        if _TITLE_PREFIX.fullmatch(before) and not _TITLE_PREFIX.match(title):
            title = f"{before.rstrip(' .:')}: {title}"
        return title
    return None
