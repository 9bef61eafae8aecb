"""Arrow schemas derived from the record classes in :mod:`pipeline.records`.

One rule per Python type: ``str`` and ``str`` enums → string, ``int`` → int64, ``bool`` → bool,
``float`` → float64, ``Decimal`` → decimal128(38, 9), ``date`` → date32, ``datetime`` →
timestamp[us, UTC], a tuple of records → list of structs. ``X | None`` is nullable, anything else
is not. Partition columns (province, period) are not in the files: they live in the paths.
The columns' descriptions stay on the record classes (and in ``docs/datasets.md``): they are
not put in the schemas' metadata, so that rewording one leaves the files' schemas as they are.

Python's ``int`` and ``Decimal`` have no such bounds: :func:`misfits` says which values of a record
to be would not fit their columns (an amount beyond int64, a value beyond decimal(38, 9)), and
:func:`to_scale` rounds a value to its column's scale, so that callers need not restate the limits.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Mapping
from decimal import Context, Decimal
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


def fits(value: object, arrow_type: pa.DataType) -> bool:
    """Whether ``value`` is within the bounds of a column of ``arrow_type``.

    An ``int`` must lie within the integer type's range; a ``Decimal`` must be finite, have no
    more decimals than the decimal type's scale and no more digits, at that scale, than its
    precision. Other values (None, strings, dates) are not bounded here: True.

    >>> fits(2**63 - 1, pa.int64()), fits(2**63, pa.int64()), fits(-(2**63), pa.int64())
    (True, False, True)
    >>> decimal = pa.decimal128(38, 9)
    >>> fits(Decimal("45547000000000000000"), decimal), fits(Decimal("1E+29"), decimal)
    (True, False)
    >>> fits(Decimal("0.1234567891"), decimal), fits(Decimal("NaN"), decimal)
    (False, False)
    """
    if isinstance(value, int) and not isinstance(value, bool) and pa.types.is_integer(arrow_type):
        bits = arrow_type.bit_width
        if pa.types.is_signed_integer(arrow_type):
            return -(1 << (bits - 1)) <= value < 1 << (bits - 1)
        return 0 <= value < 1 << bits
    if isinstance(value, Decimal) and pa.types.is_decimal(arrow_type):
        if not value.is_finite():
            return False
        if value.is_zero():
            return True
        exponent = value.as_tuple().exponent
        assert isinstance(exponent, int)  # finite
        integer_digits = arrow_type.precision - arrow_type.scale
        return exponent >= -arrow_type.scale and value.adjusted() < integer_digits
    return True


def misfits(model: type[BaseModel], values: Mapping[str, object]) -> list[str]:
    """The columns of ``model`` whose value in ``values`` does not fit their Arrow type, each
    said with the value and the type; empty when every value fits.

    >>> from pipeline.records import TargetRecord
    >>> misfits(TargetRecord, {"value": Decimal(5), "amount_vnd": 10**19})
    ['amount_vnd = 10000000000000000000 does not fit int64']
    """
    schema = arrow_schema(model)
    return [
        f"{name} = {value} does not fit {schema.field(name).type}"
        for name, value in values.items()
        if not fits(value, schema.field(name).type)
    ]


def to_scale(value: Decimal, arrow_type: pa.DataType) -> Decimal:
    """``value`` rounded (half to even) to the scale of the decimal type ``arrow_type``.

    Exact at any size, where ``Decimal.quantize`` in the default context fails beyond 28 digits;
    whether the result fits its column is :func:`fits`' to say.

    >>> to_scale(Decimal("4.1"), pa.decimal128(38, 9))
    Decimal('4.100000000')
    >>> to_scale(Decimal("45547000000000000000"), pa.decimal128(38, 9))
    Decimal('45547000000000000000.000000000')
    """
    if not value.is_finite():
        return value
    scale = arrow_type.scale
    context = Context(prec=max(value.adjusted(), 0) + scale + 2)
    return value.quantize(Decimal(1).scaleb(-scale), context=context)
