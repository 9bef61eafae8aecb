"""Legal references cited in Vietnamese provincial decisions.

Document numbers follow the layout set by Luật Ban hành văn bản quy phạm pháp luật
80/2015/QH13 and Nghị định 30/2020/NĐ-CP (formerly Thông tư 01/2011/TT-BNV):
``<số>/<năm>/<loại văn bản>-<cơ quan ban hành>``, e.g. ``45/2012/NĐ-CP`` or
``270/QĐ-UBND``; official letters (công văn) omit the kind: ``11067/UBND-KT``.

Rule tables (``normalizers/data``), each naming its source in its first line:

* ``ref_types.csv`` — document-type words and number codes → :class:`RefType`;
* ``doc_kinds.csv`` — the kinds qdx reads documents as, with their words and codes
  (:mod:`normalizers.documents`);
* ``decision_parts.csv`` — the clause openings that make a citation a legal basis or a proposal;
* ``issuer_codes.csv``, ``issuer_heads.csv``, ``issuer_stopwords.csv`` — issuing bodies
  (:mod:`normalizers.issuers`).

:func:`find_legal_refs` works on NFC text; offsets refer to ``unicodedata.normalize("NFC",
text)``, which is the input itself for ordinary (already NFC) documents.
"""

from __future__ import annotations

import bisect
import datetime as dt
import unicodedata
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cache, lru_cache

import regex

from normalizers.dates import parse_date
from normalizers.documents import DecisionPart, decision_part_phrases, doc_kinds
from normalizers.issuers import issuer_codes, issuer_for_code, issuer_heads, issuer_stopwords
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


class Relation(StrEnum):
    """Role of a reference in the citing decision."""

    can_cu = "can_cu"  # legal basis: "Căn cứ …"
    thay_the = "thay_the"  # replaced: "Thay thế Quyết định số …"
    de_nghi = "de_nghi"  # the proposal acted upon: "Xét đề nghị … tại Tờ trình …"
    mentioned = "mentioned"


@dataclass(frozen=True, slots=True)
class LegalRef:
    """One citation of a legal or administrative document."""

    raw: str
    start: int
    end: int
    ref_type: RefType
    number: str | None
    title: str | None
    ref_date: dt.date | None
    date_raw: str | None
    issuer: str | None
    relation: Relation
    is_incomplete: bool = False


# ---------------------------------------------------------------- rule tables


class _RefTypeForm(StrEnum):
    WORD = "word"  # the kind's name before a citation: "Nghị định số …"
    CODE = "code"  # its code in a document number: "45/2012/NĐ-CP"


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
def _type_words() -> dict[str, RefType]:
    """Lower-cased document-type word → kind: ref_types.csv and the cited kinds of doc_kinds.csv."""
    rows = load_rows(_RefTypeRow)
    words = {r.value.lower(): r.ref_type for r in rows if r.kind is _RefTypeForm.WORD}
    words |= {k.word.lower(): _kind_ref_type(k.kind) for k in doc_kinds() if k.cited}
    return words


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


def number_year_mismatch(ref: LegalRef) -> bool:
    """True when the number carries a year different from the year of the date.

    >>> ref = find_legal_refs("Thông tư số 46/2013/TT-BCT ngày 28/12/2012")[0]
    >>> number_year_mismatch(ref)
    True
    """
    if ref.number is None or ref.ref_date is None:
        return False
    years = [field for field in ref.number.split("/")[1:] if _YEAR.fullmatch(field)]
    return bool(years) and int(years[0]) != ref.ref_date.year


# ------------------------------------------------------------------- dates

# ---------------------------------------------------------------- scanning

# Whitespace inside a citation: spaces plus at most one line break (web copies wrap lines).
_WS = r"[^\S\n]*+(?:\n[^\S\n]*+)?+"
_WS1 = r"(?:[^\S\n]++(?:\n[^\S\n]*+)?+|\n[^\S\n]*+)"
_BLANK = r"[.…_]*+"
_DASH = r"[-–—‐‑]"
# A code token has two capitals among its first three letters: QĐ, TTr, TTg, QyĐ, UBND, QH13.
_TOKEN = r"(?=\p{Lu}\p{Ll}?\p{Lu})\p{Lu}[\p{Lu}\p{Ll}]*+\d*+(?![\p{L}\d])"
_CODES = rf"{_TOKEN}(?:[^\S\n]*{_DASH}[^\S\n]*{_TOKEN})*+"
_NUMBER = (
    rf"(?:\d+[a-zA-Z]?(?:-\p{{Lu}}++)?|{_BLANK})[^\S\n]*/[^\S\n]*"
    rf"(?:(?:\d{{4}}|{_BLANK})[^\S\n]*/[^\S\n]*)?{_CODES}"
)
_DAY = rf"(?:\d{{1,2}}|{_BLANK})"
_DATE = (
    rf"\d{{1,2}}[^\S\n]*[/.\-][^\S\n]*\d{{1,2}}[^\S\n]*[/.\-][^\S\n]*\d{{4}}(?!\d)"
    rf"|{_DAY}{_WS}(?i:tháng){_WS}{_DAY}{_WS}(?i:năm)(?:{_WS}\d{{4}}(?!\d))?"
)
_DATE_TAIL = rf"(?:{_WS},)?{_WS}(?P<date>(?i:ngày){_WS}(?:{_DATE}))"
_TITLE_WORD = r"\p{L}[\p{L}\d]*+"


def _words_pattern(words: str) -> str:
    return _WS1.join(regex.escape(word) for word in words.split())


@cache
def _ref_pattern() -> regex.Pattern[str]:
    words = sorted(_type_words(), key=len, reverse=True)
    kinds = "|".join(_words_pattern(word) for word in words)
    numbered = (
        rf"(?P<word>(?i:{kinds})){_WS1}"
        rf"(?:(?i:số)[^\S\n]*[:.]?{_WS}(?P<number>{_NUMBER})|(?P<number>\d{_NUMBER}))"
        rf"(?:{_DATE_TAIL})?"
    )
    law = (
        rf"(?P<law>Luật){_WS1}(?P<title>\p{{Lu}}\p{{Ll}}*+(?:{_WS1}{_TITLE_WORD}){{0,15}}?)"
        rf"(?:{_WS1}(?i:số){_WS}(?P<number>{_NUMBER})(?:{_DATE_TAIL})?|{_DATE_TAIL})"
    )
    return regex.compile(rf"(?<![\p{{L}}\d])(?:{numbered}|{law})")


@cache
def _first_words() -> dict[str, frozenset[str] | None]:
    """First word of each document-type word → first letters of the word after it (None: any).

    Lower-cased; every citation starts with one of these words, then white space.
    """
    words = [word.split() for word in _type_words()] + [["luật"]]
    return {
        first: None
        if any(len(w) == 1 for w in words if w[0] == first)
        else frozenset(w[1][0] for w in words if w[0] == first)
        for first in sorted({w[0] for w in words})
    }


def _candidate_starts(text: str) -> list[int] | None:
    """Positions where a citation may start: a document-type first word, in any case.

    A case-insensitive match of a lower-case word is the word in ``text.lower()`` at the same
    place, when lower-casing keeps every character one character long; None when it does not
    (say "İ"), and the caller scans the whole text. Skipped: a first word glued to a letter
    ("kết") or followed by one space and a letter no document-type word has next ("công
    nghiệp"), as the citation pattern needs a space after it.
    """
    lowered = text.lower()
    if len(lowered) != len(text):
        return None
    starts: set[int] = set()
    for word, following in _first_words().items():
        at = lowered.find(word)
        while at >= 0:
            after = lowered[at + len(word) : at + len(word) + 2]
            if not after[:1].isalpha() and (
                following is None
                or after[:1] != " "
                or not after[1:].isalpha()
                or after[1:] in following
            ):
                starts.add(at)
            at = lowered.find(word, at + 1)
    return sorted(starts)


def _collapse(text: str) -> str:
    return " ".join(text.split())


@cache
def _compiled_heads() -> regex.Pattern[str]:
    heads = issuer_heads()
    alternatives = "|".join(
        rf"(?P<h{i}>{_words_pattern(head)})(?![\p{{L}}\d])" for i, (head, _) in enumerate(heads)
    )
    return regex.compile(rf"(?i:{alternatives})")


def _match_head(text: str, pos: int) -> tuple[int, bool] | None:
    """End of an issuer head at ``pos`` and whether a proper name may follow it."""
    match = _compiled_heads().match(text, pos)
    if match is None or match.lastgroup is None:
        return None
    return match.end(), issuer_heads()[int(match.lastgroup[1:])][1]


_ISSUER_LEAD = regex.compile(rf"{_WS}(?:,{_WS})?của{_WS1}")
_NAME_WORD = regex.compile(
    rf"(?:{_WS1}|[^\S\n]*(?P<dash>{_DASH})[^\S\n]*)(?P<word>\p{{L}}[\p{{L}}\d]*+)(?![\p{{L}}\d])"
)
_ISSUER_DASH = regex.compile(rf"\s*{_DASH}\s*")
_JOINER = regex.compile(rf"[^\S\n]*{_DASH}[^\S\n]*|{_WS1}và{_WS1}")
_MAX_NAME_WORDS = 10


def _continues_name(text: str, start: int, end: int, word: regex.Match[str]) -> bool:
    """Whether ``word`` extends the issuer name ``text[start:end]``.

    Not a stop word ("về", "quy định"), not another issuer or a citation; not a capitalised
    heading word on the next line after a mixed-case name ("UBND tỉnh\nQUYẾT ĐỊNH"); after a
    dash only a capitalised word ("Bộ Lao động - Thương binh và Xã hội").
    """
    value, at = word["word"], word.start("word")
    if value.lower() in issuer_stopwords() or _match_head(text, at):
        return False
    if word["dash"] and not value[0].isupper():
        return False
    after_break = "\n" in text[end:at]
    if after_break and len(value) > 1 and value.isupper() and not text[start:end].isupper():
        return False
    return _ref_pattern().match(text, at) is None


def _read_unit(text: str, pos: int) -> int | None:
    """End of one issuing body ("Bộ Tài chính", "UBND tỉnh Hưng Yên") starting at ``pos``."""
    head = _match_head(text, pos)
    if head is None:
        return None
    end, takes_name = head
    for _ in range(_MAX_NAME_WORDS if takes_name else 0):
        word = _NAME_WORD.match(text, end)
        if word is None or not _continues_name(text, pos, end, word):
            break
        if word["word"] == "và":
            following = _NAME_WORD.match(text, word.end())
            if following is None or not following["word"][0].isupper():
                break
            if _match_head(text, following.start("word")):
                break
        end = word.end()
    return end


def _read_issuer(text: str, pos: int) -> tuple[str, int] | None:
    """Issuer printed as "của <cơ quan>[ - <cơ quan>]" at ``pos``: (issuer, end)."""
    lead = _ISSUER_LEAD.match(text, pos)
    if lead is None:
        return None
    start = lead.end()
    end = _read_unit(text, start)
    if end is None:
        return None
    while (joiner := _JOINER.match(text, end)) and (nxt := _read_unit(text, joiner.end())):
        end = nxt
    issuer = _collapse(text[start:end])
    issuer = _ISSUER_DASH.sub(" - ", issuer)
    return issuer, end


# ----------------------------------------------------------------- relations

_DECORATION = " \t\n*_-–+•|()"


@cache
def _relation_patterns() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    """Clause boundaries, and the clause openings of a legal basis and of a proposal, from the
    phrases of decision_parts.csv ("Căn cứ …;", "Xét đề nghị của … tại Tờ trình …")."""
    legal_basis = decision_part_phrases(DecisionPart.LEGAL_BASIS)
    proposal = decision_part_phrases(DecisionPart.PROPOSAL)
    boundary = regex.compile(
        r";|[.:](?=[^\S\n]*\n|[^\S\n]+\p{Lu})|\n[^\S\n]*\n"
        r"|\n(?=[^\S\n]*(?:[-+•*|]|\p{L}\)|\d+[.)])\s)"
        rf"|\n(?=[^\S\n]*(?:{legal_basis}|{proposal}))"
    )
    can_cu = regex.compile(legal_basis, regex.IGNORECASE)
    de_nghi = regex.compile(rf"(?:{proposal}).*", regex.IGNORECASE | regex.DOTALL)
    return boundary, can_cu, de_nghi


_THAY_THE = regex.compile(r"(?:^|\W)thay thế(?: cho)?$", regex.IGNORECASE)


def _clause_relation(prefix: str, first_in_clause: bool) -> Relation | None:
    """Relation given by the clause text before a reference, None when it says nothing."""
    words = _collapse(prefix).strip(_DECORATION)
    if _THAY_THE.search(words):
        return Relation.thay_the
    if not first_in_clause:
        return None
    _, can_cu, de_nghi = _relation_patterns()
    if can_cu.fullmatch(words):
        return Relation.can_cu
    if de_nghi.fullmatch(words):
        return Relation.de_nghi
    return None


def _assign_relations(text: str, spans: list[tuple[int, int]]) -> list[Relation]:
    """Relation of each reference span, read from its clause ("Căn cứ …;" "Xét …").

    A reference opening a clause right after a ";" continues a list of legal bases.
    """
    boundaries = [(m.start(), m.group()) for m in _relation_patterns()[0].finditer(text)]
    ends = [start for start, _ in boundaries]
    relations: list[Relation] = []
    last_clause = -2
    last_head_relation: Relation | None = None
    for start, _ in spans:
        index = bisect.bisect_left(ends, start) - 1
        clause_start = boundaries[index][0] + len(boundaries[index][1]) if index >= 0 else 0
        first = index != last_clause
        relation = _clause_relation(text[clause_start:start], first)
        if relation is None and first and not text[clause_start:start].strip(_DECORATION):
            soft = index >= 0 and boundaries[index][1] == ";" and index == last_clause + 1
            relation = Relation.can_cu if soft and last_head_relation is Relation.can_cu else None
        relation = relation or Relation.mentioned
        if first:
            last_head_relation = relation
        last_clause = index
        relations.append(relation)
    return relations


# ------------------------------------------------------------------- public


def _build(text: str, match: regex.Match[str]) -> LegalRef:
    """The reference read by one match of the citation pattern, relation not yet known."""
    number_raw = match["number"]
    number = normalize_decision_number(number_raw) if number_raw else None
    date_raw = _collapse(match["date"]) if match["date"] else None
    ref_date = parse_date(date_raw) if date_raw else None
    if match["law"]:
        ref_type, title = RefType.luat, "Luật " + _collapse(match["title"])
    else:
        ref_type, title = _type_words().get(_collapse(match["word"]).lower(), RefType.other), None
    end = match.end()
    issuer: str | None = issuer_from_number(number) if number else None
    printed = _read_issuer(text, end)
    if printed is not None:
        issuer, end = printed
    return LegalRef(
        raw=text[match.start() : end],
        start=match.start(),
        end=end,
        ref_type=ref_type,
        number=number,
        title=title,
        ref_date=ref_date,
        date_raw=date_raw,
        issuer=issuer,
        relation=Relation.mentioned,
        is_incomplete=(number_raw is not None and number is None)
        or (date_raw is not None and ref_date is None),
    )


def find_legal_refs(text: str) -> list[LegalRef]:
    """All citations of legal documents in a decision, in order of appearance.

    >>> refs = find_legal_refs(
    ...     "Căn cứ Nghị định số 45/2012/NĐ-CP ngày 21\\ntháng 5 năm 2012 của Chính phủ;"
    ...     "\\nXét đề nghị của Sở Công Thương tại Tờ trình số 1318/TTr-SCT ngày 18/8/2017,")
    >>> for r in refs:
    ...     print(r.number, r.ref_date, r.issuer, r.relation.value, sep=" | ")
    45/2012/NĐ-CP | 2012-05-21 | Chính phủ | can_cu
    1318/TTr-SCT | 2017-08-18 | Sở Công Thương | de_nghi
    >>> law = find_legal_refs("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/06/2015;")[0]
    >>> print(law.ref_type.value, law.number, law.title, law.ref_date, sep=" | ")
    luat | None | Luật Tổ chức chính quyền địa phương | 2015-06-19
    >>> blank = find_legal_refs("Quyết định số: /QĐ-UBND ngày tháng 02 năm 2015")[0]
    >>> blank.number, blank.ref_date, blank.is_incomplete
    (None, None, True)
    """
    text = unicodedata.normalize("NFC", text)
    pattern = _ref_pattern()
    found: list[LegalRef] = []
    pos = 0
    starts = _candidate_starts(text)
    if starts is None:
        while (match := pattern.search(text, pos)) is not None:
            found.append(_build(text, match))
            pos = found[-1].end
    else:
        # The leftmost match at or after ``pos`` is the match at the first candidate that has
        # one: the same as ``pattern.search(text, pos)``, without trying every position.
        for start in starts:
            if start >= pos and (match := pattern.match(text, start)) is not None:
                found.append(_build(text, match))
                pos = found[-1].end
    relations = _assign_relations(text, [(ref.start, ref.end) for ref in found])
    return [replace(ref, relation=relation) for ref, relation in zip(found, relations, strict=True)]
