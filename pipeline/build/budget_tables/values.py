"""A value cell read as a number, and whether a total agrees with its parts.

A cell is a number, blank (nothing, zero in sums) or missing (not printed, or not a number); a
sum agrees within half a unit of the last digit the total prints (package docstring, **Numbers**
and **Checks**).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Context, Decimal
from enum import Enum
from functools import cache
from typing import TypeAlias

from extractors.model import Cell
from normalizers.numbers import Convention, format_number, parse_number
from pipeline.build.budget_tables.header import Header
from pipeline.build.budget_tables.rows import Row


class Gap(Enum):
    BLANK = "blank"  # printed empty: nothing, zero in sums
    MISSING = "missing"  # not printed at all, or not a number: unknown


@dataclass(frozen=True, slots=True)
class Value:
    value: Decimal
    decimals: int  # decimals printed (of the total it was derived from, when derived)
    cell: Cell | None  # None when derived


Slots: TypeAlias = "dict[int, Value | Gap]"
# A row's value cells, each with what it reads in one convention: parsed once a reading.
Parsed: TypeAlias = "tuple[tuple[Cell, Value | Gap], ...]"


class Outcome(Enum):
    PASS = "pass"
    FAIL = "fail"
    OPEN = "open"  # a part is missing: nothing to say yet
    SKIP = "skip"  # no total, or no parts printed


def parse_cell(cell: Cell, convention: Convention) -> Value | Gap:
    text = cell.text.strip()
    if not text:
        return Gap.BLANK
    number = parse_number(text)
    value = number.resolve(convention) if number else None
    if value is None or not value.is_finite():
        return Gap.MISSING
    exponent = value.as_tuple().exponent
    return Value(value, max(0, -exponent) if isinstance(exponent, int) else 0, cell)


def parse_row(row: Row, header: Header, convention: Convention) -> Parsed:
    return tuple((cell, parse_cell(cell, convention)) for cell in row.value_cells(header))


@cache
def tolerance(decimals: int) -> Decimal:
    """Half a unit of the last of ``decimals`` printed decimals."""
    return Decimal(5).scaleb(-(decimals + 1))


def sum_outcome(total: Value | Gap, parts: Iterable[Value | Gap]) -> tuple[Outcome, Decimal]:
    if not isinstance(total, Value):
        return Outcome.SKIP, Decimal(0)
    found, printed = Decimal(0), False
    for part in parts:
        if part is Gap.MISSING:
            return Outcome.OPEN, Decimal(0)
        if isinstance(part, Value):
            found, printed = found + part.value, True
    if not printed:
        return Outcome.SKIP, Decimal(0)
    return (
        Outcome.PASS if abs(found - total.value) <= tolerance(total.decimals) else Outcome.FAIL
    ), found


def row_outcomes(slots: Slots, header: Header) -> dict[int, tuple[Outcome, Decimal]]:
    return {
        total: sum_outcome(slots[total], (slots[part] for part in parts))
        for total, parts in header.parts
    }


def as_printed(value: Value | Decimal, convention: Convention) -> str:
    if isinstance(value, Value):
        return value.cell.text.strip() if value.cell else as_printed(value.value, convention)
    exact = Context(prec=max(len(value.as_tuple().digits), 1))  # the default rounds to 28 digits
    return format_number(value.normalize(exact), convention)
