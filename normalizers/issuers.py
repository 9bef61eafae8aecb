"""Issuing bodies as Vietnamese documents print them: the codes in a document number and the
names after "của" in a citation.

Rule tables in ``normalizers/data``, each naming its source: ``issuer_codes.csv`` (``CP`` →
Chính phủ, ``QH*`` → Quốc hội), ``issuer_heads.csv`` (the head of a body's name, whether a
proper name follows it: ``Bộ`` Công Thương, ``UBND`` tỉnh Hưng Yên, and which heads name the
provincial committee and its chairman) and ``issuer_stopwords.csv`` (the words a name ends
before). :mod:`normalizers.refs` reads citations with them; a decision's issuer is read and
named with the committee's heads.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from normalizers.tables import load_rows, rule_table


@rule_table("issuer_codes.csv")
@dataclass(frozen=True, slots=True)
class _IssuerCode:
    code: str  # a trailing "*" matches a prefix
    issuer: str


class IssuerRole(StrEnum):
    """What an issuer head names for the decisions qdx reads."""

    COMMITTEE = "committee"  # the provincial people's committee: "Ủy ban nhân dân", "UBND"
    CHAIRMAN = "chairman"  # its chairman: "Chủ tịch Ủy ban nhân dân"


@rule_table("issuer_heads.csv")
@dataclass(frozen=True, slots=True)
class _IssuerHead:
    head: str
    takes_name: bool
    role: IssuerRole | None


@rule_table("issuer_stopwords.csv")
@dataclass(frozen=True, slots=True)
class _IssuerStopword:
    word: str


def issuer_codes() -> tuple[str, ...]:
    """The issuer codes as the table prints them (canonical case, ``*`` for a prefix)."""
    return tuple(row.code for row in load_rows(_IssuerCode))


@cache
def _code_issuers() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """Exact issuer codes (upper-cased) and prefix codes (``QH*``) → issuer."""
    exact: dict[str, str] = {}
    prefixes: list[tuple[str, str]] = []
    for row in load_rows(_IssuerCode):
        code = row.code.upper()
        if code.endswith("*"):
            prefixes.append((code[:-1], row.issuer))
        else:
            exact[code] = row.issuer
    prefixes.sort(key=lambda p: -len(p[0]))
    return exact, tuple(prefixes)


def issuer_for_code(code: str) -> str | None:
    """The body an issuer code of a document number names; None when the code is unknown.

    >>> issuer_for_code("BCT"), issuer_for_code("QH13"), issuer_for_code("XYZ")
    ('Bộ Công Thương', 'Quốc hội', None)
    """
    exact, prefixes = _code_issuers()
    upper = code.upper()
    if upper in exact:
        return exact[upper]
    return next((issuer for prefix, issuer in prefixes if upper.startswith(prefix)), None)


@cache
def issuer_heads() -> tuple[tuple[str, bool], ...]:
    """(head, whether a proper name may follow it), longest head first."""
    heads = [(row.head, row.takes_name) for row in load_rows(_IssuerHead)]
    return tuple(sorted(heads, key=lambda h: -len(h[0])))


def heads_in_role(role: IssuerRole) -> tuple[str, ...]:
    """The heads that name ``role``, in table order: the first is the name the records give.

    >>> heads_in_role(IssuerRole.COMMITTEE)
    ('Ủy ban nhân dân', 'Uỷ ban nhân dân', 'UBND')
    """
    return tuple(row.head for row in load_rows(_IssuerHead) if row.role is role)


@cache
def issuer_stopwords() -> frozenset[str]:
    """Words that open the subject clause after an issuer: a name ends before them."""
    return frozenset(row.word for row in load_rows(_IssuerStopword))
