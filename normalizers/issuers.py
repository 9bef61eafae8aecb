"""Issuing bodies as Vietnamese documents print them: the codes in a document number and the
names after "của" in a citation.

Rule tables in ``normalizers/data``, each naming its source: ``issuer_codes.csv`` (``CP`` →
Chính phủ, ``QH*`` → Quốc hội), ``issuer_heads.csv`` (the head of a body's name, whether a
proper name follows it: ``Bộ`` Công Thương, ``UBND`` tỉnh Hưng Yên, and which heads name the
provincial committee and its chairman), ``issuer_stopwords.csv`` (the words a name ends
before) and ``national_words.csv`` (the words by which a name says its body acts for the whole
country: "quốc gia", "Trung ương"). :mod:`normalizers.refs` reads citations with them; a
decision's issuer is read and named with the committee's heads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from normalizers.tables import load_rows, rule_table
from normalizers.text import fold_for_matching


@rule_table("issuer_codes.csv")
@dataclass(frozen=True, slots=True)
class _IssuerCode:
    code: str  # a trailing "*" matches a prefix
    issuer: str
    level: str  # a pipeline.kinds.IssuerLevel value


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
    level: str  # a pipeline.kinds.IssuerLevel value; a local head's, for a province
    lower: bool  # the words after the head describe the body: given in lower case


@rule_table("issuer_stopwords.csv")
@dataclass(frozen=True, slots=True)
class _IssuerStopword:
    word: str


@rule_table("national_words.csv")
@dataclass(frozen=True, slots=True)
class _NationalWord:
    word: str


def issuer_codes() -> tuple[str, ...]:
    """The issuer codes as the table prints them (canonical case, ``*`` for a prefix)."""
    return tuple(row.code for row in load_rows(_IssuerCode))


@cache
def _code_issuers() -> tuple[dict[str, _IssuerCode], tuple[tuple[str, _IssuerCode], ...]]:
    """Exact issuer codes (upper-cased) and prefix codes (``QH*``) → their row."""
    exact: dict[str, _IssuerCode] = {}
    prefixes: list[tuple[str, _IssuerCode]] = []
    for row in load_rows(_IssuerCode):
        code = row.code.upper()
        if code.endswith("*"):
            prefixes.append((code[:-1], row))
        else:
            exact[code] = row
    prefixes.sort(key=lambda p: -len(p[0]))
    return exact, tuple(prefixes)


def _code_row(code: str) -> _IssuerCode | None:
    exact, prefixes = _code_issuers()
    upper = code.upper()
    if upper in exact:
        return exact[upper]
    return next((row for prefix, row in prefixes if upper.startswith(prefix)), None)


def issuer_for_code(code: str) -> str | None:
    """The body an issuer code of a document number names; None when the code is unknown.

    >>> issuer_for_code("BCT"), issuer_for_code("QH13"), issuer_for_code("XYZ")
    ('Bộ Công Thương', 'Quốc hội', None)
    """
    row = _code_row(code)
    return row.issuer if row else None


def issuer_names() -> tuple[str, ...]:
    """The bodies the issuer codes name, spelled as the table spells them."""
    return tuple(dict.fromkeys(row.issuer for row in load_rows(_IssuerCode)))


def level_for_code(code: str) -> str | None:
    """The level (a ``pipeline.kinds.IssuerLevel`` value) of the body an issuer code names.

    >>> level_for_code("TTg"), level_for_code("UBTVQH15"), level_for_code("BTC")
    ('prime_minister', 'national_assembly', 'ministry')
    """
    row = _code_row(code)
    return row.level if row else None


@dataclass(frozen=True, slots=True)
class HeaderIssuer:
    """The issuing body as a document's header prints it, above or beside the national motto."""

    head: str  # the head as the table prints it: "Ủy ban nhân dân", "Bộ", "Thủ tướng Chính phủ"
    name: str  # the words after the head on its line or cell, as printed ("TỈNH LAI CHÂU")
    role: IssuerRole | None
    level: str  # a pipeline.kinds.IssuerLevel value
    lower: bool = False  # the name describes the body: in lower case ("Ban Chỉ đạo quốc gia …")


#: The units below a province whose people's committee or council issues documents (Luật Tổ
#: chức chính quyền địa phương 2015, Điều 2; districts abolished from 1 July 2025): a local head
#: followed by one of them is a commune's or district's body, not the province's.
LOCAL_UNITS = ("huyện", "quận", "thị xã", "thị trấn", "xã", "phường", "đặc khu")


@cache
def _header_heads() -> re.Pattern[str]:
    """The heads printed in capitals, longest first, as whole words opening a line or a cell
    (not the issuer code in "Số: 270/QĐ - UBND")."""
    heads = sorted((row.head.upper() for row in load_rows(_IssuerHead)), key=len, reverse=True)
    alternation = "|".join(r"\s+".join(map(re.escape, h.split())) for h in heads)
    return re.compile(rf"(?:^|(?<=[\n\t|]))[^\S\n]*(?P<head>{alternation})(?!\w)")


@cache
def _inner_heads() -> re.Pattern[str]:
    """The heads that take a name, in capitals, as whole words after a space: the body under
    its parent when a Word cell joins the header's lines ("HUYỆN ỦY ĐỒNG VĂN ĐẢNG ỦY XÃ LŨNG
    CÚ"), longest first so that "TỔNG CỤC" is not read as "CỤC"."""
    heads = sorted(
        (row.head.upper() for row in load_rows(_IssuerHead) if row.takes_name),
        key=len,
        reverse=True,
    )
    alternation = "|".join(r"\s+".join(map(re.escape, h.split())) for h in heads)
    return re.compile(rf"(?<=\s)(?P<head>{alternation})\s+(?=\w)")


@cache
def _spellings() -> dict[str, str]:
    """Each head's letters (folded) → its first spelling in the table, the one the records
    give: "TỈNH ỦY" and "TỈNH UỶ" are both "Tỉnh uỷ"."""
    spelled: dict[str, str] = {}
    for row in load_rows(_IssuerHead):
        spelled.setdefault(fold_for_matching(row.head), row.head)
    return spelled


def header_issuer(header: str) -> HeaderIssuer | None:
    r"""The last issuing body printed in capitals in ``header`` (the text before the national
    motto; a name's words may wrap): the body under its parent where the header names both
    ("UBND TỈNH HƯNG YÊN / SỞ CÔNG THƯƠNG" is the Sở). None when the header names none.

    >>> found = header_issuer("ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU")
    >>> found.head, found.level
    ('Ủy ban nhân dân', 'province')
    >>> header_issuer("THỦ TƯỚNG CHÍNH PHỦ").level
    'prime_minister'
    """
    rows = {row.head.upper(): row for row in load_rows(_IssuerHead)}
    header = header.replace("**", "")  # a web copy's bold
    last = None
    for m in _header_heads().finditer(header):
        last = m
    if last is None:
        return None
    row = rows[" ".join(last["head"].split())]
    rest = header[last.end() :]
    if row.takes_name:
        line_end = re.search(r"[\n\t|]|$", rest)
        inner = list(_inner_heads().finditer(rest, 0, line_end.start() if line_end else len(rest)))
        if inner:  # the body under its parent on the same line
            row, rest = rows[" ".join(inner[-1]["head"].split())], rest[inner[-1].end() :]
    line = re.match(r"[^\S\n\t|]*(?P<name>[^\n\t|]*)", rest)
    name = line["name"] if line and row.takes_name else ""
    if row.takes_name and not name:  # the name wrapped to the next line: "ỦY BAN NHÂN DÂN / TỈNH …"
        nxt = re.match(r"[^\S\n]*\n[\s*_|]*(?P<name>[^\n\t|]*)", rest)
        name = nxt["name"] if nxt else ""
    # a Word cell joins the header's lines: "ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN Số: /QĐ-UBND", and
    # a party document's star under the body's name, or its number cell joined to it (the star
    # gone with a web copy's markup): "TỈNH ỦY ĐỒNG THÁP * Số -NQ/TU"
    # and a rule line under the name: "BỘ TÀI CHÍNH ———"
    name = re.split(r"\s(?:Số|SỐ)(?=\s*[:\d/-])|\s\*(?:\s|$)|\s[-–—_]{2,}", name, maxsplit=1)[0]
    name = name.strip(" *_-–—")
    level = row.level
    if row.takes_name and row.level == "province":
        unit = name.lower()
        if any(unit == u or unit.startswith(f"{u} ") for u in LOCAL_UNITS):
            level = "commune"
    head = _spellings()[fold_for_matching(row.head)]
    return HeaderIssuer(head, name, row.role, level, row.lower)


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


@cache
def _national_words() -> re.Pattern[str]:
    words = sorted((fold_for_matching(row.word) for row in load_rows(_NationalWord)), key=len)
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, reversed(words)))})\b")


def names_national_body(name: str) -> bool:
    """Whether an issuer's name says its body acts for the whole country (national_words.csv).

    >>> names_national_body("Ban Chỉ đạo quốc gia về tìm kiếm, quy tập hài cốt liệt sĩ")
    True
    >>> names_national_body("Văn phòng Trung ương Đảng"), names_national_body("Sở Công Thương")
    (True, False)
    """
    return _national_words().search(fold_for_matching(name)) is not None
