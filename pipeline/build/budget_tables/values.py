"""Values and sums."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Context, Decimal
from enum import Enum
from functools import cache
from typing import TypeAlias

from extractors.model import Cell
from normalizers.numbers import Convention, format_number, parse_number
from pipeline.build.budget_tables.header import _Header
from pipeline.build.budget_tables.rows import _Row

# --- values and sums ------------------------------------------------------------------------


class _Gap(Enum):
    BLANK = "blank"  # printed empty: nothing, zero in sums
    MISSING = "missing"  # not printed at all, or not a number: unknown


@dataclass(frozen=True, slots=True)
class _Value:
    value: Decimal
    decimals: int  # decimals printed (of the total it was derived from, when derived)
    cell: Cell | None  # None when derived


_Slots: TypeAlias = "dict[int, _Value | _Gap]"
# A row's value cells, each with what it reads in one convention: parsed once a reading.
_Parsed: TypeAlias = "tuple[tuple[Cell, _Value | _Gap], ...]"


class _Outcome(Enum):
    PASS = "pass"
    FAIL = "fail"
    OPEN = "open"  # a part is missing: nothing to say yet
    SKIP = "skip"  # no total, or no parts printed


def _parse(cell: Cell, convention: Convention) -> _Value | _Gap:
    text = cell.text.strip()
    if not text:
        return _Gap.BLANK
    number = parse_number(text)
    value = number.resolve(convention) if number else None
    if value is None or not value.is_finite():
        return _Gap.MISSING
    exponent = value.as_tuple().exponent
    return _Value(value, max(0, -exponent) if isinstance(exponent, int) else 0, cell)


def _parse_row(row: _Row, header: _Header, convention: Convention) -> _Parsed:
    return tuple((cell, _parse(cell, convention)) for cell in row.value_cells(header))


@cache
def _tolerance(decimals: int) -> Decimal:
    """Half a unit of the last of ``decimals`` printed decimals."""
    return Decimal(5).scaleb(-(decimals + 1))


def _sum_outcome(total: _Value | _Gap, parts: Iterable[_Value | _Gap]) -> tuple[_Outcome, Decimal]:
    if not isinstance(total, _Value):
        return _Outcome.SKIP, Decimal(0)
    found, printed = Decimal(0), False
    for part in parts:
        if part is _Gap.MISSING:
            return _Outcome.OPEN, Decimal(0)
        if isinstance(part, _Value):
            found, printed = found + part.value, True
    if not printed:
        return _Outcome.SKIP, Decimal(0)
    return (
        _Outcome.PASS if abs(found - total.value) <= _tolerance(total.decimals) else _Outcome.FAIL
    ), found


def _row_outcomes(slots: _Slots, header: _Header) -> dict[int, tuple[_Outcome, Decimal]]:
    return {
        total: _sum_outcome(slots[total], (slots[part] for part in parts))
        for total, parts in header.parts
    }


def _printed(value: _Value | Decimal, convention: Convention) -> str:
    if isinstance(value, _Value):
        return value.cell.text.strip() if value.cell else _printed(value.value, convention)
    exact = Context(prec=max(len(value.as_tuple().digits), 1))  # the default rounds to 28 digits
    return format_number(value.normalize(exact), convention)
