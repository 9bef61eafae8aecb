"""A document's own number, kind and issuer, read from its header.

The header prints the number after its number word (``Số: 3355/QĐ-UBND``) or after the kind's
word (``Nghị quyết số: 17/2022/UBTVQH15``, as the Standing Committee of the National Assembly
prints it), the kind as a line of its own under the national motto (``QUYẾT ĐỊNH``) and the
issuing body before or beside the motto. Two documents print them elsewhere: a consolidated text
(văn bản hợp nhất) gives its number in the authentication block at its end, under a header whose
kind line is the consolidated text's; and an issue of the official gazette that carries the rest
of a document from an earlier issue prints only the document's name over the note
``(Tiếp theo Công báo số 201 + 202)``: ``Thông tư số 102/2018/TT-BTC ngày 14 tháng 11 năm 2018``.
The gazette also names a consolidated text by the part of the issue it stands in (``VĂN BẢN HỢP
NHẤT -``), above the document's header.

The words are rule tables: the document kinds and their codes (``doc_kinds.csv``), the number
word and the motto (``decision_parts.csv``), the gazette's marks (``gazette_marks.csv``), all read
by :mod:`normalizers.documents`, and the issuing bodies (``issuer_codes.csv``,
``issuer_heads.csv``, read by :mod:`normalizers.issuers`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from extractors.model import Document
from normalizers.documents import (
    DecisionPart,
    GazetteMark,
    decision_part_words,
    doc_kinds,
    document_number_pattern,
    gazette_continued_from,
    gazette_words,
)
from normalizers.issuers import (
    LOCAL_UNITS,
    HeaderIssuer,
    IssuerRole,
    header_issuer,
    heads_in_role,
    issuer_for_code,
    issuer_names,
    level_for_code,
)
from normalizers.provinces import PROVINCE_UNITS, Province
from normalizers.refs import normalize_decision_number
from normalizers.text import collapse_spaces, fold_for_matching, literal_alternation
from pipeline.build.findings import Sourced
from pipeline.build.lines import clean_line as _clean
from pipeline.kinds import DocKind, IssuerLevel

#: How many lines open a gazette issue's continuation of a document: its name, the note.
_CONTINUATION_LINES = 6


@dataclass(frozen=True, slots=True)
class _Rules:
    """The patterns the header is read with, built once from the rule tables."""

    header_number: re.Pattern[str]  # "Số: 3355/QĐ-UBND", "Nghị quyết số: 17/2022/UBTVQH15"
    blank_number: re.Pattern[str]  # a draft's "Số:      /UBND-NCKSTTHC": the codes, no number
    named: re.Pattern[str]  # "Thông tư số 102/2018/TT-BTC …" opening a line: kind and number
    kind_words: dict[str, DocKind]  # folded kind word, a title line of its own → kind
    kind_codes: dict[str, DocKind]  # upper-cased kind code of a document number → kind
    motto: re.Pattern[str]  # "CỘNG HÒA …": the issuer is printed before or beside it
    party_motto: re.Pattern[str]  # "ĐẢNG CỘNG SẢN VIỆT NAM", where a party document prints it
    sections: tuple[str, ...]  # the gazette's part headings, folded: "van ban hop nhat"
    committee: str  # the provincial committee's name as the records give it: "Ủy ban nhân dân"


@cache
def _rules() -> _Rules:
    number = document_number_pattern()  # also a party body's "Số: 36-HD/VPTW"
    number_word = literal_alternation(decision_part_words(DecisionPart.NUMBER))  # "Số"
    kind_word = literal_alternation(k.word for k in doc_kinds())
    return _Rules(
        # the kind's word before "số" only at the start of a line or cell and with its colon,
        # as a header label: "Nghị quyết số: 17/2022/UBTVQH15"; a citation has no colon
        header_number=re.compile(
            rf"(?:(?:{number_word})\s*:?|(?:^|(?<=[\t|]))[^\S\n]*(?:{kind_word})\s+số\s*:)"
            rf"\s*(?P<number>{number})",
            re.MULTILINE,
        ),
        blank_number=re.compile(
            rf"(?:^|(?<=[\t|\s]))(?:{number_word})[^\S\n]*:?[^\S\n]*/[^\S\n]*"
            r"(?P<codes>[A-ZĐ][A-Za-zĐđ]*\d*(?:-[A-ZĐ][A-Za-zĐđ]*\d*)*)",
            re.MULTILINE,
        ),
        named=re.compile(rf"(?P<kind>{kind_word})\s+số\s+(?P<number>{number})\b"),
        kind_words={fold_for_matching(k.word): DocKind(k.kind) for k in doc_kinds()},
        kind_codes={code.upper(): DocKind(k.kind) for k in doc_kinds() for code in k.codes},
        motto=re.compile(
            literal_alternation(decision_part_words(DecisionPart.MOTTO, DecisionPart.PARTY_MOTTO))
        ),
        party_motto=re.compile(literal_alternation(decision_part_words(DecisionPart.PARTY_MOTTO))),
        sections=tuple(fold_for_matching(s) for s in gazette_words(GazetteMark.SECTION)),
        committee=heads_in_role(IssuerRole.COMMITTEE)[0],
    )


def header_number_pattern() -> re.Pattern[str]:
    """The number of the header as printed after its label; group ``number``."""
    return _rules().header_number


def sourced_number(m: re.Match[str], group: str = "number") -> Sourced[str] | None:
    """The normalised number of group ``group`` of ``m``, with its span."""
    number = normalize_decision_number(m.group(group))
    return Sourced(number, m.start(group), m.end(group)) if number else None


def header_number(doc: Document, header_end: int) -> Sourced[str] | None:
    """The number printed after its label in the header, ``doc.text[:header_end]``."""
    m = _rules().header_number.search(doc.text, 0, header_end)
    return sourced_number(m) if m else None


def number_codes(number: str) -> tuple[DocKind | None, str | None]:
    """The kind a normalised number's code names and the issuer's code after it:
    ``145/2020/NĐ-CP`` → (nghi_dinh, ``CP``); ``25/2022/UBTVQH15`` → (None, ``UBTVQH15``);
    ``123/UBND-KT`` → (cong_van, ``UBND``): no kind code, no year, the issuer's code then a
    unit's is an official letter's number (Nghị định 30/2020/NĐ-CP Phụ lục III); a party
    body's ``36-HD/VPTW`` → (huong_dan, ``VPTW``): the kind code before the slash (Hướng dẫn
    36-HD/VPTW, 1.3)."""
    segments = number.split("/")
    if len(segments) == 2 and "-" in segments[0]:  # a party body's: "36-HD/VPTW"
        return _rules().kind_codes.get(segments[0].split("-")[-1].upper()), segments[1]
    codes = segments[-1].split("-")
    kind = _rules().kind_codes.get(codes[0].upper())
    if kind is not None:
        return kind, codes[1] if len(codes) > 1 else None
    if len(segments) == 2 and len(codes) > 1 and issuer_for_code(codes[0]) is not None:
        return DocKind.CONG_VAN, codes[0]
    return None, codes[0]


def consolidation_number(doc: Document) -> Sourced[str] | None:
    """A consolidated text's number (``467/VBHN-BLĐTBXH``), printed in its authentication
    block at the end ("XÁC THỰC VĂN BẢN HỢP NHẤT … Số: …") rather than in its header, whose
    kind line and citations are those of the text consolidated."""
    for m in _rules().header_number.finditer(doc.text):
        number = sourced_number(m)
        if number and number_codes(number.value)[0] is DocKind.VAN_BAN_HOP_NHAT:
            return number
    return None


def continued_document(doc: Document) -> tuple[Sourced[str], DocKind] | None:
    """The number and kind of the document a gazette issue goes on with: the name printed over
    the note ``(Tiếp theo Công báo số 201 + 202)`` that opens the pages, ``Thông tư số
    102/2018/TT-BTC ngày 14 tháng 11 năm 2018``. None when the pages open no such note."""
    lines = doc.lines[:_CONTINUATION_LINES]
    note = next((i for i, line in enumerate(lines) if gazette_continued_from(line.text)), None)
    if note is None:
        return None
    for line in lines[:note]:
        m = _rules().named.match(doc.text, line.start, line.end)
        number = sourced_number(m) if m else None
        if m and number:
            return number, _rules().kind_words[fold_for_matching(m["kind"])]
    return None


def _section_kind(doc: Document, header_end: int) -> DocKind | None:
    """The kind the gazette's part heading above the header names: ``VĂN BẢN HỢP NHẤT -``."""
    motto = _rules().motto.search(doc.text, 0, header_end)
    for line in doc.lines:
        if line.start >= (motto.start() if motto else header_end):
            break
        folded = fold_for_matching(_clean(line.text)).rstrip(" -")
        if folded in _rules().sections and folded in _rules().kind_words:
            return _rules().kind_words[folded]
    return None


def _header_kind(doc: Document, header_end: int) -> DocKind | None:
    """The kind word printed as a line of its own under the header ("QUYẾT ĐỊNH", "KẾ HOẠCH",
    "THÔNG TƯ LIÊN TỊCH"), after the national motto when the header prints one."""
    motto = _rules().motto.search(doc.text, 0, header_end)
    after = motto.end() if motto else 0
    for line in doc.lines:
        if line.start >= header_end:
            break
        cleaned = _clean(line.text)
        if line.end > after and cleaned.isupper():
            kind = _rules().kind_words.get(fold_for_matching(collapse_spaces(cleaned)))
            if kind is not None:
                return kind
    return None


def blank_number_kind(doc: Document, header_end: int) -> DocKind | None:
    """The kind the codes of a number left blank in the header name (a draft's ``Số:
    /UBND-NCKSTTHC``, an official letter's: the issuer's code then a unit's)."""
    m = _rules().blank_number.search(doc.text, 0, header_end)
    return number_codes(f"/{m['codes']}")[0] if m else None


def doc_kind(
    doc: Document,
    header_end: int,
    has_header: bool,
    number: Sourced[str] | None,
    plan_kind: DocKind | None,
) -> DocKind:
    """A consolidated text's kind from its number or from the gazette's part heading above
    it; else the header's kind line; else the code of the header's number; else the kind of
    the document a gazette issue goes on with; else the annexed programme's kind; else the
    codes of a number left blank in the header; else ``other``."""
    if number and number_codes(number.value)[0] is DocKind.VAN_BAN_HOP_NHAT:
        return DocKind.VAN_BAN_HOP_NHAT
    if kind := _section_kind(doc, header_end) or _header_kind(doc, header_end):
        return kind
    if has_header and number and (kind := number_codes(number.value)[0]):
        return kind
    if continued := continued_document(doc):
        return continued[1]
    return plan_kind or blank_number_kind(doc, header_end) or DocKind.OTHER


def issuer(
    doc: Document,
    header_end: int,
    has_header: bool,
    number: Sourced[str] | None,
    province: Province | None,
) -> tuple[str | None, IssuerLevel]:
    """The issuing body and its level: from the header (the body printed before or beside the
    national motto); else from the issuer code of the document's own number (the header's, a
    consolidated text's, a gazette continuation's), which also names a party body printed under
    its parent; else, for a copy
    with neither (an annexed plan alone), the committee of the province it names, unless the
    header is a party document's (the party's name where the motto stands): a party body, not
    named."""
    motto = _rules().motto.search(doc.text, 0, header_end)
    consolidated = number and number_codes(number.value)[0] is DocKind.VAN_BAN_HOP_NHAT
    own = number if has_header or consolidated or continued_document(doc) else None
    code = number_codes(own.value)[1] if own else None
    body = issuer_for_code(code) if code else None
    level = level_for_code(code) if code else None
    found = header_issuer(doc.text[max(0, motto.start() - 400) : motto.start()]) if motto else None
    if found is not None:
        if body and level == found.level == IssuerLevel.PARTY:
            # a party body under its parent ("BAN CHẤP HÀNH TRUNG ƯƠNG / VĂN PHÒNG"), named by
            # its number's code ("36-HD/VPTW": Văn phòng Trung ương Đảng)
            return body, IssuerLevel.PARTY
        name = _issuer_name(found, province)
        if body and fold_for_matching(body).startswith(fold_for_matching(name)):
            name = body  # a name wrapped beside the motto: "BỘ LAO ĐỘNG - THƯƠNG BINH / VÀ XÃ HỘI"
        return name, IssuerLevel(found.level)
    if motto and _rules().party_motto.fullmatch(motto.group()):
        return None, IssuerLevel.PARTY  # a party body the heads do not name: no committee
    committee_code = body is not None and body.split()[0] == heads_in_role(IssuerRole.COMMITTEE)[-1]
    if body is not None and level is not None and not committee_code:
        return body, IssuerLevel(level)
    if province is None:
        return None, IssuerLevel.OTHER
    return f"{_rules().committee} {province.unit} {province.name}", IssuerLevel.PROVINCE


def _issuer_name(found: HeaderIssuer, province: Province | None) -> str:
    """The issuer as the records name it: a provincial committee as "Ủy ban nhân dân tỉnh Hưng
    Yên" (the committee's first spelling), a local body with its unit in lower case and its
    place's name ("Hội đồng nhân dân xã An Bình"), a body the codes table names in its spelling
    ("Bộ Lao động - Thương binh và Xã hội"), another with its name in sentence case, or all in
    lower case after a head whose name describes the body ("Ban Chỉ đạo quốc gia về …")."""
    head = _rules().committee if found.role is IssuerRole.COMMITTEE else found.head
    if not found.name:
        return head
    name = collapse_spaces(found.name)
    full = fold_for_matching(f"{found.head} {name}")
    spelled = {fold_for_matching(body): body for body in issuer_names()}.get(full)
    if spelled:
        return spelled
    if province is not None and fold_for_matching(name) == fold_for_matching(province.name):
        return f"{head} {province.name}"  # "TỈNH ỦY ĐỒNG THÁP": a place's name, no unit
    lowered = name.lower()
    for unit in sorted((*PROVINCE_UNITS, *LOCAL_UNITS), key=len, reverse=True):
        if lowered == unit or lowered.startswith(f"{unit} "):
            place = name[len(unit) :].strip()
            if province is not None and fold_for_matching(place).startswith(
                fold_for_matching(province.name)
            ):
                place = province.name
            else:
                place = " ".join(word.capitalize() for word in place.split())
            return f"{head} {unit} {place}".strip()
    if found.lower:
        return f"{head} {name.lower()}"
    return f"{head} {name[:1]}{name[1:].lower()}"
