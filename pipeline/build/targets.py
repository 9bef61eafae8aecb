"""The targets of a programme: the quantities and amounts stated in its objectives and content
lines (:mod:`pipeline.build.programme` finds those items).

A target's unit is the noun phrase after its number (``đại biểu``); a rate printed after it
(``90 đại biểu/05 năm``, ``240 mẫu/năm``) is its ``per``. A quantity of time (``01 - 03 tháng``,
``05 năm``, ``02 ngày``, ``02 năm/một lần``: the units of ``count_units.csv`` of kind
``duration``) says how long or how often, and is no target. A target is yearly (``per_year``)
when its rate is ``/năm`` or a phrase of ``per_year_phrases.csv`` (``mỗi năm``) comes before it
in its clause or right after it: "cho 100 người (mỗi năm 20 học viên)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from normalizers.amounts import Amount, Quantity, find_amounts, find_quantities
from normalizers.text import collapse_spaces
from normalizers.units import Qualifier, duration_units, fold_phrase, per_year_re
from pipeline.build.programme import Item


@dataclass(frozen=True, slots=True)
class Target:
    """A quantity stated in an objective or a content line."""

    value: Decimal
    value_max: Decimal | None
    qualifier: Qualifier
    unit: str | None  # the noun phrase: "đại biểu", "cơ sở CNNT", "%", "tỷ đồng"
    per: str | None  # the rate after the unit: "05 năm" in "90 đại biểu/05 năm"
    per_year: bool
    amount_vnd: int | None  # for money
    text: str
    start: int
    end: int


_YEAR = "năm"
# Where a clause starts, looking back from a number: the phrase "mỗi năm" counts only inside it.
_CLAUSE_START = re.compile(r"[;,.:()\n][^;,.:()\n]*\Z")


def _split_unit(unit: str | None) -> tuple[str | None, str | None]:
    """The noun phrase of a printed unit and the rate after its first slash."""
    if unit is None:
        return None, None
    noun, _, per = unit.partition("/")
    return noun.strip() or None, per.strip() or None


def is_duration(unit: str | None) -> bool:
    """Whether a target's unit is a length of time (``tháng``, ``năm/một lần``).

    >>> is_duration("tháng"), is_duration("năm/một lần"), is_duration("lao động")
    (True, True, False)
    """
    noun, _ = _split_unit(unit)
    return noun is not None and fold_phrase(noun) in duration_units()


def _per_year(raw: str, start: int, end: int, per: str | None) -> bool:
    """A rate of ``/năm``, or "mỗi năm" earlier in the clause or just after the phrase."""
    if per is not None and fold_phrase(per) == _YEAR:
        return True
    clause = _CLAUSE_START.search(raw, 0, start)
    before = raw[clause.start() if clause else 0 : start]
    if per_year_re().search(before):
        return True
    return per_year_re().match(raw[end:].lstrip(" \t")) is not None


def _target(raw: str, offset: int, figure: Quantity | Amount) -> Target:
    """The target a quantity or amount of an item's text ``raw`` (at ``offset``) states."""
    begin, finish = figure.start or 0, figure.end or len(raw)
    noun, per = _split_unit(figure.unit)
    return Target(
        value=figure.value,
        value_max=figure.value_max,
        qualifier=figure.qualifier,
        unit=noun,
        per=per,
        per_year=_per_year(raw, begin, finish, per),
        amount_vnd=figure.amount_vnd if isinstance(figure, Amount) else None,
        text=collapse_spaces(figure.raw),
        start=offset + begin,
        end=offset + finish,
    )


def extract_targets(item: Item, text: str) -> list[Target]:
    """Every quantity and amount stated in an item, with spans in the document text; no
    quantity of time."""
    start = item.section.body_start
    raw = text[start : item.section.end]
    figures: list[Quantity | Amount] = [q for q in find_quantities(raw) if not is_duration(q.unit)]
    figures += find_amounts(raw)
    return sorted((_target(raw, start, f) for f in figures), key=lambda t: t.start)
