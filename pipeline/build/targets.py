"""The targets of a programme: the quantities and amounts stated in its objectives and content
lines (:mod:`pipeline.build.programme` finds those items)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from normalizers.amounts import find_amounts, find_quantities
from normalizers.text import collapse_spaces
from normalizers.units import Qualifier
from pipeline.build.programme import Item


@dataclass(frozen=True, slots=True)
class Target:
    """A quantity stated in an objective or a content line."""

    value: Decimal
    value_max: Decimal | None
    qualifier: Qualifier
    unit: str | None
    amount_vnd: int | None  # for money
    text: str
    start: int
    end: int


def extract_targets(item: Item, text: str) -> list[Target]:
    """Every quantity and amount stated in an item, with spans in the document text."""
    start = item.section.body_start
    raw = text[start : item.section.end]
    targets = [
        Target(
            value=q.value,
            value_max=q.value_max,
            qualifier=q.qualifier,
            unit=q.unit,
            amount_vnd=None,
            text=collapse_spaces(q.raw),
            start=start + (q.start or 0),
            end=start + (q.end or len(raw)),
        )
        for q in find_quantities(raw)
    ]
    targets += [
        Target(
            value=a.value,
            value_max=a.value_max,
            qualifier=a.qualifier,
            unit=a.unit,
            amount_vnd=a.amount_vnd,
            text=collapse_spaces(a.raw),
            start=start + (a.start or 0),
            end=start + (a.end or len(raw)),
        )
        for a in find_amounts(raw)
    ]
    return sorted(targets, key=lambda t: t.start)
