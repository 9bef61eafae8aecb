"""Arrow schemas derived from the record classes in :mod:`pipeline.records`.

One rule per Python type: ``str`` and ``str`` enums → string, ``int`` → int64, ``bool`` → bool,
``float`` → float64, ``Decimal`` → decimal128(38, 9), ``date`` → date32, ``datetime`` →
timestamp[us, UTC], a tuple of records → list of structs. ``X | None`` is nullable, anything else
is not. Partition columns (province, period) are not in the files: they live in the paths.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from decimal import Decimal
from enum import StrEnum
from functools import cache

import pyarrow as pa
from pydantic import BaseModel

_SCALARS: dict[type, pa.DataType] = {
    str: pa.string(),
    int: pa.int64(),
    bool: pa.bool_(),
    float: pa.float64(),
    Decimal: pa.decimal128(38, 9),
    dt.date: pa.date32(),
    dt.datetime: pa.timestamp("us", tz="UTC"),
}


def _unwrap_optional(annotation: object) -> tuple[object, bool]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def _arrow_type(annotation: object) -> pa.DataType:
    if isinstance(annotation, type):
        if issubclass(annotation, StrEnum):
            return pa.string()
        if issubclass(annotation, BaseModel):
            return pa.struct(list(arrow_schema(annotation)))
        # datetime is a subclass of date: look the exact type up first.
        if annotation in _SCALARS:
            return _SCALARS[annotation]
    if typing.get_origin(annotation) in (tuple, list):
        item = typing.get_args(annotation)[0]
        return pa.list_(_arrow_type(item))
    raise TypeError(f"no Arrow type for {annotation!r}")


@cache
def arrow_schema(model: type[BaseModel]) -> pa.Schema:
    """The Arrow schema of a record class.

    >>> from pipeline.records import IssueRecord
    >>> arrow_schema(IssueRecord).field("char_start")
    pyarrow.Field<char_start: int64>
    """
    fields = []
    for name, info in model.model_fields.items():
        annotation, nullable = _unwrap_optional(info.annotation)
        fields.append(pa.field(name, _arrow_type(annotation), nullable=nullable))
    return pa.schema(fields)
