"""Document numbers of Vietnamese legal and administrative documents, and what their codes say.

Numbers follow the layout set by Luật Ban hành văn bản quy phạm pháp luật 80/2015/QH13 and
Nghị định 30/2020/NĐ-CP (formerly Thông tư 01/2011/TT-BNV):
``<số>/<năm>/<loại văn bản>-<cơ quan ban hành>``, e.g. ``45/2012/NĐ-CP`` or ``270/QĐ-UBND``;
official letters (công văn) omit the kind: ``11067/UBND-KT``. The kind code gives a
:class:`RefType` (``ref_types.csv``, ``doc_kinds.csv``), the issuer codes an issuing body
(``issuer_codes.csv``, :mod:`normalizers.issuers`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache

import regex

from normalizers.documents import doc_kinds
from normalizers.issuers import issuer_codes, issuer_for_code, level_for_code
from normalizers.tables import load_rows, rule_table


class RefType(StrEnum):
    """Kind of the cited document."""

    luat = "luat"
    nghi_dinh = "nghi_dinh"
    quyet_dinh = "quyet_dinh"
    thong_tu = "thong_tu"
    thong_tu_lien_tich = "thong_tu_lien_tich"
    nghi_quyet = "nghi_quyet"
    to_trinh = "to_trinh"
    cong_van = "cong_van"
    van_ban = "van_ban"
    chi_thi = "chi_thi"
    ke_hoach = "ke_hoach"
    thong_bao = "thong_bao"
    other = "other"


class _RefTypeForm(StrEnum):
    WORD = "word"  # the kind's name before a citation: "Nghị định số …"
    CODE = "code"  # its code in a document number: "45/2012/NĐ-CP"
    AMENDING = "amending"  # after "Luật", an amending law: "sửa đổi, bổ sung một số điều của"
    LAW = "law"  # the word a law's name opens with: "Luật", "Bộ luật"


@rule_table("ref_types.csv")
@dataclass(frozen=True, slots=True)
class _RefTypeRow:
    kind: _RefTypeForm
    value: str
    ref_type: RefType


def _kind_ref_type(kind: str) -> RefType:
    """The RefType of a document kind of doc_kinds.csv: the same value, else ``other``."""
    return RefType(kind) if kind in {t.value for t in RefType} else RefType.other


@cache
def type_words() -> dict[str, RefType]:
    """Lower-cased document-type word → kind: ref_types.csv and the cited kinds of doc_kinds.csv."""
    rows = load_rows(_RefTypeRow)
    words = {r.value.lower(): r.ref_type for r in rows if r.kind is _RefTypeForm.WORD}
    words |= {k.word.lower(): _kind_ref_type(k.kind) for k in doc_kinds() if k.cited}
    return words


@cache
def amending_phrases() -> tuple[str, ...]:
    """The words after "Luật" that name an amending law, longest first (ref_types.csv)."""
    rows = load_rows(_RefTypeRow)
    phrases = [r.value for r in rows if r.kind is _RefTypeForm.AMENDING]
    return tuple(sorted(phrases, key=len, reverse=True))


@cache
def law_words() -> tuple[str, ...]:
    """The words a law's name opens with, as printed ("Luật", "Bộ luật"), longest first."""
    rows = load_rows(_RefTypeRow)
    words = [r.value for r in rows if r.kind is _RefTypeForm.LAW]
    return tuple(sorted(words, key=len, reverse=True))


@cache
def _type_codes() -> dict[str, RefType]:
    """Upper-cased kind code in a number (``NĐ``, ``TTR``) → kind."""
    rows = load_rows(_RefTypeRow)
    codes = {r.value.upper(): r.ref_type for r in rows if r.kind is _RefTypeForm.CODE}
    codes |= {code.upper(): _kind_ref_type(k.kind) for k in doc_kinds() for code in k.codes}
    return codes


@cache
def _mixed_case_codes() -> dict[str, str]:
    """Codes printed in mixed case in their canonical form (``TTR`` → ``TTr``)."""
    codes = [r.value for r in load_rows(_RefTypeRow) if r.kind is _RefTypeForm.CODE]
    codes += [code for k in doc_kinds() for code in k.codes]
    codes += [code.rstrip("*") for code in issuer_codes()]
    return {code.upper(): code for code in codes if not code.isupper()}


# ------------------------------------------------------------ number parsing

# Dashes seen in web copies; all mean the hyphen in a number. "Ð" (eth) is a common Đ look-alike.
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "Ð": "Đ"})
_PREFIX = regex.compile(r"^\s*số\s*[:.]?\s*", regex.IGNORECASE)
_SPACED_SEPARATOR = regex.compile(r"\s*([/-])\s*")
_TRAILING = regex.compile(r"[\s,.;:)]+$")
_NUMBER_FIELD = regex.compile(r"(?P<digits>\d+(?:\.\d+)?\p{L}?)(?P<codes>(?:-\p{L}[\p{L}\d]*)*)")
_CODE_TOKEN = regex.compile(r"[\p{L}\d]+(?:\.[\p{L}\d]+)*")
_YEAR = regex.compile(r"[0-9]{4}")


def _canonical_token(token: str) -> str | None:
    upper = unicodedata.normalize("NFC", token.upper().translate(_DASHES))
    upper = _mixed_case_codes().get(upper, upper)
    return upper if _CODE_TOKEN.fullmatch(upper) else None


def _canonical_codes(field: str) -> str | None:
    tokens = [_canonical_token(t) if _CODE_TOKEN.fullmatch(t) else None for t in field.split("-")]
    if any(t is None for t in tokens):
        return None
    return "-".join(t for t in tokens if t is not None)


@lru_cache(maxsize=1 << 12)
def normalize_decision_number(text: str) -> str | None:
    """Normalise a document number as printed; None when a field is blank or it is no number.

    Cached: a reference's number is read for itself and again for its issuer.

    >>> normalize_decision_number("270/QĐ - UBND")
    '270/QĐ-UBND'
    >>> normalize_decision_number("270 /QĐ-UBND")
    '270/QĐ-UBND'
    >>> normalize_decision_number("Số: 3355/QĐ-UBND")
    '3355/QĐ-UBND'
    >>> normalize_decision_number("26/2014/TTLT-BTC - BCT")
    '26/2014/TTLT-BTC-BCT'
    >>> normalize_decision_number("1318/TTr-SCT")
    '1318/TTr-SCT'
    >>> normalize_decision_number("1288/QĐ-TTg")
    '1288/QĐ-TTg'
    >>> normalize_decision_number("42a/STC-HCSN")
    '42a/STC-HCSN'
    >>> normalize_decision_number("45/2012/nđ–cp")
    '45/2012/NĐ-CP'
    >>> normalize_decision_number("19-NQ/TW")
    '19-NQ/TW'
    >>> normalize_decision_number("66.17/2026/NQ-CP"), normalize_decision_number("17/2022/UBTVQH15")
    ('66.17/2026/NQ-CP', '17/2022/UBTVQH15')
    >>> normalize_decision_number("/QĐ-UBND") is None
    True
    """
    cleaned = unicodedata.normalize("NFC", text).translate(_DASHES)
    cleaned = _PREFIX.sub("", cleaned)
    cleaned = _TRAILING.sub("", cleaned)
    cleaned = _SPACED_SEPARATOR.sub(r"\1", cleaned)
    fields = cleaned.split("/")
    head = _NUMBER_FIELD.fullmatch(fields[0])
    if len(fields) < 2 or head is None or _YEAR.fullmatch(fields[-1]):
        return None
    out = [head["digits"]]
    if head["codes"]:
        codes = _canonical_codes(head["codes"][1:])
        if codes is None:
            return None
        out[0] += "-" + codes
    for field in fields[1:]:
        codes = field if _YEAR.fullmatch(field) else _canonical_codes(field)
        if codes is None:
            return None
        out.append(codes)
    return "/".join(out)


def _code_tokens(number: str) -> tuple[str | None, list[str]]:
    """Split a normalised number into its kind code and issuer codes.

    ``26/2014/TTLT-BTC-BCT`` → ("TTLT", ["BTC", "BCT"]); ``11067/UBND-KT`` → (None, ["UBND"]);
    ``19-NQ/TW`` → ("NQ", ["TW"]).
    """
    fields = number.split("/")
    tokens = fields[-1].split("-")
    if tokens[0].upper() in _type_codes():
        return tokens[0], tokens[1:]
    head_codes = fields[0].split("-")[1:]
    if head_codes and head_codes[0].upper() in _type_codes():
        return head_codes[0], tokens
    return None, tokens[:1]


def ref_type_from_number(number: str) -> RefType | None:
    """Kind of document given by the code in its number, if the code is known.

    >>> ref_type_from_number("45/2012/NĐ-CP")
    <RefType.nghi_dinh: 'nghi_dinh'>
    >>> ref_type_from_number("1318/TTr-SCT")
    <RefType.to_trinh: 'to_trinh'>
    >>> ref_type_from_number("11067/UBND-KT") is None
    True
    """
    normalised = normalize_decision_number(number)
    if normalised is None:
        return None
    code, _ = _code_tokens(normalised)
    return None if code is None else _type_codes()[code.upper()]


def issuer_from_number(number: str) -> str | None:
    """Issuing body implied by the codes of a document number; None when a code is unknown.

    >>> issuer_from_number("45/2012/NĐ-CP")
    'Chính phủ'
    >>> issuer_from_number("1288/QĐ-TTg")
    'Thủ tướng Chính phủ'
    >>> issuer_from_number("26/2014/TTLT-BTC-BCT")
    'Bộ Tài chính - Bộ Công Thương'
    >>> issuer_from_number("11067/UBND-KT")
    'UBND tỉnh'
    """
    normalised = normalize_decision_number(number)
    if normalised is None:
        return None
    _, codes = _code_tokens(normalised)
    issuers = [issuer_for_code(code) for code in codes]
    if not issuers or any(issuer is None for issuer in issuers):
        return None
    return " - ".join(issuer for issuer in issuers if issuer is not None)


def number_year(number: str) -> int | None:
    """The year field of a normalised number, if it has one.

    >>> number_year("46/2013/TT-BCT"), number_year("270/QĐ-UBND")
    (2013, None)
    """
    years = [field for field in number.split("/")[1:] if _YEAR.fullmatch(field)]
    return int(years[0]) if years else None


_MINISTRY = "ministry"  # the IssuerLevel of a Bộ in issuer_codes.csv
# "Bộ trưởng Bộ Tài chính" is the ministry's; "liên Bộ Tài chính - Bộ Công Thương" both ministries'.
_PRINTED_LEAD = regex.compile(r"^(?:liên\s+|bộ\s+trưởng\s+(?=bộ\s))", regex.IGNORECASE)
_PRINTED_JOIN = regex.compile(r"\s+-\s+|\s+và\s+")


def _fold_name(name: str) -> str:
    return " ".join(name.casefold().replace("-", " ").split())


@cache
def _ministries_by_name() -> dict[str, str]:
    """Folded name → name, of the ministries the issuer codes name."""
    codes = [code.rstrip("*") for code in issuer_codes()]
    names = [issuer_for_code(code) for code in codes if level_for_code(code) == _MINISTRY]
    return {_fold_name(name): name for name in names if name is not None}


def issuer_mismatch(number: str, printed: str) -> str | None:
    """The ministry a number's codes name when the issuer printed with it is another ministry.

    Only a printed issuer that is wholly a ministry's name, and a number whose codes name a
    ministry, are compared; any other pair (a committee, "Bộ trưởng" alone, an abbreviation)
    says nothing certain and gives None.

    >>> issuer_mismatch("45/2019/TT-BXD", "Bộ Tài chính")
    'Bộ Xây dựng'
    >>> issuer_mismatch("44/2023/TT-BTC", "Bộ trưởng Bộ Công Thương")
    'Bộ Tài chính'
    >>> issuer_mismatch("47/2009/TTLT-BTC-BLĐTBXH", "Bộ Tài chính") is None
    True
    >>> issuer_mismatch("41/2019/TT-BLĐTBXH", "Bộ Lao động Thương binh và Xã hội") is None
    True
    >>> issuer_mismatch("27/2018/QĐ-TTg", "Chính phủ") is None
    True
    """
    normalised = normalize_decision_number(number)
    if normalised is None:
        return None
    _, codes = _code_tokens(normalised)
    named = [issuer_for_code(code) for code in codes if level_for_code(code) == _MINISTRY]
    if not named:
        return None
    ministries = _ministries_by_name()
    parts = _PRINTED_JOIN.split(_PRINTED_LEAD.sub("", printed.strip()))
    printed_names = [ministries.get(_fold_name(part)) for part in parts]
    if not printed_names or None in printed_names or set(printed_names) & set(named):
        return None
    return " - ".join(name for name in named if name is not None)
