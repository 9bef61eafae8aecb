"""Loading the rule tables kept as CSV under ``normalizers/data/``.

Each table starts with ``#`` comment lines naming its source, then a header row. A table is read
through a frozen dataclass that describes one row and is registered for the table's file with
:func:`rule_table`; :func:`load_rows` checks the header against the fields and converts every
cell by the field's type, so a value outside an enum or a misspelt column fails at load time
with the table, line and column named. Tables are read once per process.

Field types understood: ``str``, ``int``, ``bool`` (``1``/``0``), ``Decimal``, a ``StrEnum``,
``tuple[str, ...]`` (cells separated by ``|``) and any of these ``| None`` (an empty cell).
"""

from __future__ import annotations

import csv
import dataclasses
import types
import typing
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

DATA_DIR = Path(__file__).resolve().parent / "data"

R = TypeVar("R")

#: table file name -> the row type registered for it
REGISTRY: dict[str, type] = {}
_TABLE_OF: dict[type, str] = {}


class RuleTableError(ValueError):
    """A rule table that does not match its row type: the message names table, line and column."""


def rule_table(name: str) -> Callable[[type[R]], type[R]]:
    """Register a frozen dataclass as the row type of ``normalizers/data/<name>``."""

    def register(row_type: type[R]) -> type[R]:
        if not dataclasses.is_dataclass(row_type):
            raise TypeError(f"{row_type.__name__} is not a dataclass")
        if name in REGISTRY and REGISTRY[name] is not row_type:
            raise ValueError(f"{name} already has a row type: {REGISTRY[name].__name__}")
        REGISTRY[name] = row_type
        _TABLE_OF[row_type] = name
        return row_type

    return register


@cache
def _read(name: str) -> tuple[list[str], tuple[tuple[int, dict[str, str]], ...]]:
    """The header and the (line number, row) pairs of a table."""
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    numbered = [
        (number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.startswith("#")
    ]
    if not numbered:
        raise RuleTableError(f"{name}: no header row")
    reader = csv.reader([line for _, line in numbered])
    header = next(reader)
    rows = []
    for (number, _), cells in zip(numbered[1:], reader, strict=True):
        if len(cells) != len(header):
            raise RuleTableError(
                f"{name}, line {number}: {len(cells)} cells for {len(header)} columns"
            )
        rows.append((number, dict(zip(header, cells, strict=True))))
    return header, tuple(rows)


@cache
def load_rows(row_type: type[R]) -> tuple[R, ...]:
    """The rows of the table registered for ``row_type``, each converted to it."""
    name = _TABLE_OF.get(row_type)
    if name is None:
        raise KeyError(f"{row_type.__name__} is not registered with @rule_table")
    header, rows = _read(name)
    fields = [f.name for f in dataclasses.fields(row_type)]  # type: ignore[arg-type]
    if header != fields:
        raise RuleTableError(f"{name}: header {header} does not match {row_type.__name__} {fields}")
    hints = typing.get_type_hints(row_type)
    out = []
    for number, row in rows:
        values = {}
        for field in fields:
            try:
                values[field] = _convert(row[field], hints[field])
            except (ValueError, InvalidOperation) as error:
                raise RuleTableError(f"{name}, line {number}, column {field}: {error}") from None
        out.append(row_type(**values))
    return tuple(out)


def _convert(raw: str, hint: Any) -> Any:
    if hint is str:
        return raw  # as printed: a pattern may mean its spaces
    cell = raw.strip()
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        (inner,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return None if cell == "" else _convert(raw, inner)
    if origin is tuple:
        return tuple(part.strip() for part in cell.split("|") if part.strip())
    if isinstance(hint, type) and issubclass(hint, Enum):
        try:
            return hint(cell)
        except ValueError:
            allowed = ", ".join(str(member.value) for member in hint)
            raise ValueError(f"{cell!r} is not one of {allowed}") from None
    if hint is bool:
        if cell not in ("0", "1"):
            raise ValueError(f"{cell!r} is not 0 or 1")
        return cell == "1"
    if hint is int:
        return int(cell)
    if hint is Decimal:
        return Decimal(cell)
    raise TypeError(f"no conversion for {hint!r}")
