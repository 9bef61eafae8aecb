"""A figure and the one that replaces it: "từ 500 triệu đồng lên 700 triệu đồng".

An amending decision quotes the old figure beside the new one ("điều chỉnh tổng kinh phí từ 500
triệu đồng lên 700 triệu đồng", "giảm từ 1.200 triệu đồng xuống còn 900 triệu đồng"). The old
one is no figure of the amended programme any more, and is never summed with the new. The words
are in ``normalizers/data/change_words.csv``: the word before the old figure ("từ", which
:func:`normalizers.amounts.find_amounts` may have read into the amount's own text as an "at
least") and the words between the two ("lên", "thành", "xuống còn").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from normalizers.tables import load_rows, rule_table


class ChangePart(StrEnum):
    FROM = "from"  # before the old figure: "từ"
    TO = "to"  # between the old figure and the new: "lên", "thành"


@rule_table("change_words.csv")
@dataclass(frozen=True, slots=True)
class ChangeWord:
    part: ChangePart
    phrase: str


def _alternatives(part: ChangePart) -> str:
    phrases = sorted((r.phrase for r in load_rows(ChangeWord) if r.part is part), key=len)
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in reversed(phrases))


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The "từ" that ends the words before the old figure, the one that opens its text, and
    the words between the old figure and the new."""
    before = _alternatives(ChangePart.FROM)
    return (
        re.compile(rf"(?:^|\W)(?:{before})[\s*_]*$", re.IGNORECASE),
        re.compile(rf"(?:{before})\s", re.IGNORECASE),
        re.compile(rf"[\s*_,]*(?:{_alternatives(ChangePart.TO)})[\s*_:]*", re.IGNORECASE),
    )


def previous_figures(text: str, spans: Sequence[tuple[int, int]], raws: Sequence[str]) -> set[int]:
    """The indexes of the old figures among the amounts of ``text`` at ``spans`` (in order,
    each with its printed ``raws``): an amount after "từ" followed by "lên", "thành" … and
    the next amount.

    >>> text = "Điều chỉnh tổng kinh phí từ 500 triệu đồng lên 700 triệu đồng."
    >>> previous_figures(text, [(25, 42), (47, 61)], ["từ 500 triệu đồng", "700 triệu đồng"])
    {0}
    >>> previous_figures("từ 3 đến 5 tỷ đồng", [(0, 18)], ["từ 3 đến 5 tỷ đồng"])
    set()
    """
    after_from, opens_with_from, between = _patterns()
    old: set[int] = set()
    previous_end = 0
    for i, ((start, end), raw) in enumerate(zip(spans, raws, strict=True)):
        is_from = opens_with_from.match(raw) or after_from.search(text, previous_end, start)
        previous_end = end
        if i + 1 == len(spans) or not is_from:
            continue
        if between.fullmatch(text, end, spans[i + 1][0]):
            old.add(i)
    return old
