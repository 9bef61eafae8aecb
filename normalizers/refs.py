"""Legal references cited in Vietnamese provincial decisions.

The concerns live in three modules: this one scans the text for citations ("Nghị định số
45/2012/NĐ-CP ngày … của Chính phủ", "Luật Tổ chức chính quyền địa phương ngày 19/6/2015") and
reads their dates and printed issuers; :mod:`normalizers.ref_numbers` parses document numbers and
what their codes say (kind, issuer); :mod:`normalizers.ref_relations` gives each citation its role
(legal basis, proposal, replaced, amended, repealed, mentioned). Their public names are
re-exported here.

Rule tables (``normalizers/data``), each naming its source in its first line:

* ``ref_types.csv`` — document-type words and number codes → :class:`RefType`;
* ``doc_kinds.csv`` — the kinds qdx reads documents as, with their words and codes
  (:mod:`normalizers.documents`);
* ``decision_parts.csv`` — the clause openings that make a citation a legal basis or a proposal;
* ``amending_acts.csv`` — the acts by which a decision amends or repeals a cited document
  ("Sửa đổi, bổ sung …", "Bãi bỏ …");
* ``issuer_codes.csv``, ``issuer_heads.csv``, ``issuer_stopwords.csv`` — issuing bodies
  (:mod:`normalizers.issuers`).

:func:`find_legal_refs` works on NFC text; offsets refer to ``unicodedata.normalize("NFC",
text)``, which is the input itself for ordinary (already NFC) documents.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

import regex

from normalizers.dates import parse_date
from normalizers.documents import DecisionPart, DecisionPartRow
from normalizers.issuers import issuer_for_code, issuer_heads, issuer_stopwords
from normalizers.ref_numbers import (
    RefType,
    amending_phrases,
    issuer_from_number,
    issuer_mismatch,
    law_words,
    normalize_decision_number,
    number_year,
    ref_type_from_number,
    type_words,
)
from normalizers.ref_relations import Relation, assign_relations
from normalizers.tables import load_rows, rule_table

__all__ = [
    "LegalRef",
    "RefType",
    "Relation",
    "find_legal_refs",
    "issuer_from_number",
    "issuer_mismatch",
    "normalize_decision_number",
    "number_year_mismatch",
    "ref_type_from_number",
]


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


def number_year_mismatch(ref: LegalRef) -> bool:
    """True when the number carries a year different from the year of the date.

    >>> ref = find_legal_refs("Thông tư số 46/2013/TT-BCT ngày 28/12/2012")[0]
    >>> number_year_mismatch(ref)
    True
    """
    if ref.number is None or ref.ref_date is None:
        return False
    year = number_year(ref.number)
    return year is not None and year != ref.ref_date.year


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


def _words_pattern(words: str, gap: str = _WS1) -> str:
    return gap.join(regex.escape(word) for word in words.split())


# The gap between the words of a known law title: ``_WS1`` defined once in the citation pattern
# and called by name. The titles hold a thousand gaps, and the pattern three times over; written
# out, they took 0.5 s of every run's start to compile, called 0.1 s. ``_WS1`` matches in one way
# at most (possessive quantifiers, branches that start differently), so a call matches what the
# gap written out matches. (Called everywhere, the gaps make the scan 2.5 times slower: only
# the titles' gaps are.)
_GAP_CALL = "(?&gap)"
_GAP_DEFINITION = rf"(?(DEFINE)(?P<gap>{_WS1}))"


@rule_table("law_titles.csv")
@dataclass(frozen=True, slots=True)
class _LawTitleRow:
    title: str  # the name after "Luật": "Ngân sách nhà nước"


def _capitalised(words: str) -> str:
    return words[:1].upper() + words[1:]


@cache
def _law_patterns() -> tuple[str, str, str]:
    """The parts of a law's citation: a known title, a title read word by word, and the opening
    of an amending law ("sửa đổi, bổ sung một số điều của").

    A known title (law_titles.csv), whose gaps call ``_GAP_DEFINITION`` (a pattern holding it
    must define it), ends before a clause boundary, a capitalised word or a word
    that opens the rest of a clause (issuer_stopwords.csv: "số", "ngày", "về"); a title read word
    by word never runs into a capitalised word that opens another citation ("… pháp luật và
    Nghị định số 79/2025/NĐ-CP").
    """
    titles = sorted((r.title for r in load_rows(_LawTitleRow)), key=len, reverse=True)
    stops = "|".join(regex.escape(w) for w in sorted(issuer_stopwords() | {"và"}))
    ends = rf"(?={_WS}(?:[^\p{{L}}]|$|\p{{Lu}}|(?i:{stops})(?![\p{{L}}\d])))"
    known_titles = "|".join(_words_pattern(t, _GAP_CALL) for t in titles)
    known = rf"(?i:{known_titles}){ends}"
    cited = {_capitalised(w) for w in type_words()}
    bases = [r.phrase for r in load_rows(DecisionPartRow) if r.part is DecisionPart.LEGAL_BASIS]
    cited |= {_capitalised(phrase) for phrase in bases}
    not_cited = rf"(?!(?:{'|'.join(_words_pattern(w) for w in sorted(cited))})(?![\p{{L}}\d]))"
    word_by_word = rf"\p{{Lu}}\p{{Ll}}*+(?:{_WS1}{not_cited}{_TITLE_WORD}){{0,15}}?"
    amending = "|".join(
        rf",?{_WS1}".join(regex.escape(w) for w in p.split()) for p in amending_phrases()
    )
    return known, word_by_word, amending


@cache
def _ref_pattern() -> regex.Pattern[str]:
    words = sorted(type_words(), key=len, reverse=True)
    kinds = "|".join(_words_pattern(word) for word in words)
    numbered = (
        rf"(?P<word>(?i:{kinds})){_WS1}"
        rf"(?:(?i:số)[^\S\n]*[:.]?{_WS}(?P<number>{_NUMBER})|(?P<number>\d{_NUMBER}))"
        rf"(?:{_DATE_TAIL})?"
    )
    known, word_by_word, amending = _law_patterns()
    heads = "|".join(_words_pattern(word) for word in law_words())
    tail = rf"(?:{_WS1}(?i:số){_WS}(?P<number>{_NUMBER}))?(?:{_DATE_TAIL})?"
    # An amended law in the list: a known title, else up to 12 words (commas allowed: "Luật Quản
    # lý, sử dụng tài sản công"), never the next "Luật" nor a number or date; the laws of the list
    # may carry their own numbers ("Luật Đất đai số 31/2024/QH15, Luật Nhà ở số 27/2023/QH15").
    amended_words = (
        rf"{_TITLE_WORD}(?:,?{_WS1}(?!(?i:luật|số|ngày|năm)(?![\p{{L}}\d])){_TITLE_WORD}){{0,12}}"
    )
    amended = rf"(?i:luật){_WS1}(?:{known}|{amended_words})"
    amended_number = rf"(?:{_WS1}(?i:số){_WS}{_NUMBER})?"
    amending_law = (
        rf"(?P<law>{heads}){_WS1}(?P<title>(?i:{amending}){_WS1}{amended}"
        rf"(?:{amended_number}(?:,|{_WS1}và|,{_WS1}và){_WS1}{amended})*){tail}"
    )
    named_law = rf"(?P<law>{heads}){_WS1}(?P<title>{known}){tail}"
    law = (
        rf"(?P<law>{heads}){_WS1}(?P<title>{word_by_word})"
        rf"(?:{_WS1}(?i:số){_WS}(?P<number>{_NUMBER})(?:{_DATE_TAIL})?|{_DATE_TAIL})"
    )
    return regex.compile(
        rf"{_GAP_DEFINITION}(?<![\p{{L}}\d])(?:{numbered}|{amending_law}|{named_law}|{law})"
    )


@cache
def _first_words() -> dict[str, frozenset[str] | None]:
    """First word of each document-type word → first letters of the word after it (None: any).

    Lower-cased; every citation starts with one of these words, then white space.
    """
    words = [word.split() for word in type_words()] + [w.lower().split() for w in law_words()]
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


# ------------------------------------------------------------------- public


_AMENDED_NUMBER = regex.compile(rf"(?i:số){_WS}{_NUMBER}")
_LAW_ISSUER_CODE = "QH"  # issuer_codes.csv: the Quốc hội, which passes every law


def _build(text: str, match: regex.Match[str]) -> LegalRef:
    """The reference read by one match of the citation pattern, relation not yet known."""
    number_raw = match["number"]
    number = normalize_decision_number(number_raw) if number_raw else None
    date_raw = _collapse(match["date"]) if match["date"] else None
    ref_date = parse_date(date_raw) if date_raw else None
    if match["law"]:
        ref_type = RefType.luat
        title = _collapse(match["law"]) + " " + _collapse(match["title"])
        if number and _AMENDED_NUMBER.search(match["title"]):
            # the laws an amending law amends carry numbers: the last one is theirs too
            title, number, number_raw = (
                _collapse(text[match.start("law") : match.end("number")]),
                None,
                None,
            )
    else:
        ref_type, title = type_words().get(_collapse(match["word"]).lower(), RefType.other), None
    end = match.end()
    issuer: str | None = issuer_from_number(number) if number else None
    printed = _read_issuer(text, end)
    if printed is not None:
        issuer, end = printed
    if issuer is None and ref_type is RefType.luat:
        issuer = issuer_for_code(_LAW_ISSUER_CODE)  # a law, even one named alone, is the Quốc hội's
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


# A list of numbers after one kind word: "các Nghị định của Chính phủ: số 63/2010/NĐ-CP ngày …;
# số 92/2017/NĐ-CP …". The opening is "các <kind>[ của <issuer>]:" before "số"; an item is "số
# <number>[ ngày <date>]" right after the colon, after a ";" of the list, or joined to the item
# before by "và" or a comma ("số 48/2013/NĐ-CP ngày 14/5/2013 và số 92/2017/NĐ-CP"). The list
# ends at the first ";" that no item follows, or at a blank line or a line ending in "." or ":".
_LIST_ITEM = rf"(?i:số)[^\S\n]*[:.]?{_WS}(?P<number>{_NUMBER})(?:{_DATE_TAIL})?"
_LIST_STOP = regex.compile(r"\n[^\S\n]*\n|[.:][*_]*[^\S\n]*\n")
_MAX_LIST_ITEM = 1500  # characters from one item's number to the ";" before the next


@cache
def _list_patterns() -> tuple[
    regex.Pattern[str], regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]
]:
    """The opening of a list of numbers, one item, the ";" and spaces before the next item, and
    the "và" or comma that joins the next item to the one before."""
    kinds = "|".join(_words_pattern(w) for w in sorted(type_words(), key=len, reverse=True))
    opening = regex.compile(
        rf"(?<![\p{{L}}\d])(?i:các){_WS1}(?P<word>(?i:{kinds}))"
        rf"(?P<of>{_WS1}(?i:của){_WS1}[^;:.]{{0,200}}?)?"
        rf"{_WS}:{_WS}(?={_LIST_ITEM})"
    )
    next_item = regex.compile(rf";[*_]*{_WS}[*_]*(?={_LIST_ITEM})")
    joined = regex.compile(rf"(?:,|,?{_WS1}và){_WS1}(?={_LIST_ITEM})")
    return opening, regex.compile(_LIST_ITEM), next_item, joined


def _list_issuer(text: str, opening: regex.Match[str]) -> str | None:
    """The issuer the opening prints ("các Nghị định của Chính phủ:"), when it is read to the colon;
    None for a name the reader stops short of ("của Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ")."""
    printed = _read_issuer(text, opening.end("word"))
    if printed is None or text[printed[1] : opening.end()].strip(" \n:") != "":
        return None
    return printed[0]


def _find_lists(text: str) -> list[tuple[tuple[int, int], list[LegalRef]]]:
    """Each list of numbers after one kind word: its opening's span and its items' references."""
    opening_pattern, item_pattern, next_item, joined = _list_patterns()
    lists = []
    for opening in opening_pattern.finditer(text):
        if opening["of"] and _LIST_STOP.search(opening["of"]):
            continue
        ref_type = type_words().get(_collapse(opening["word"]).lower(), RefType.other)
        list_issuer = _list_issuer(text, opening)
        items: list[LegalRef] = []
        pos = opening.end()
        while (item := item_pattern.match(text, pos)) is not None:
            items.append(_list_item(text, item, ref_type, list_issuer))
            if (join := joined.match(text, item.end())) is not None:
                pos = join.end()
                continue
            semicolon = text.find(";", item.end(), item.end() + _MAX_LIST_ITEM)
            if semicolon < 0 or _LIST_STOP.search(text, item.end(), semicolon):
                break
            following = next_item.match(text, semicolon)
            if following is None:
                break
            pos = following.end()
        lists.append(((opening.start(), opening.end()), items))
    return lists


def _list_item(
    text: str, item: regex.Match[str], ref_type: RefType, list_issuer: str | None
) -> LegalRef:
    """One item of a list of numbers: its own printed issuer, else the list's, else its number's."""
    number = normalize_decision_number(item["number"])
    date_raw = _collapse(item["date"]) if item["date"] else None
    ref_date = parse_date(date_raw) if date_raw else None
    end = item.end()
    issuer = list_issuer or (issuer_from_number(number) if number else None)
    printed = _read_issuer(text, end)
    if printed is not None:
        issuer, end = printed
    return LegalRef(
        raw=text[item.start() : end],
        start=item.start(),
        end=end,
        ref_type=ref_type,
        number=number,
        title=None,
        ref_date=ref_date,
        date_raw=date_raw,
        issuer=issuer,
        relation=Relation.mentioned,
        is_incomplete=number is None or (date_raw is not None and ref_date is None),
    )


def _with_lists(text: str, found: list[LegalRef], openings: Sequence[int]) -> list[LegalRef]:
    """The references found and the items of every list of numbers, in order, with relations.

    A list's items take the relation of the whole list, read as if it were one citation from
    its opening to its last item ("Căn cứ các Nghị định …: số …; số …" is a legal basis, and
    "tại các Tờ trình: số …; số … và Văn bản số …" one proposal).
    """
    lists = []
    for (start, end), items in _find_lists(text):
        kept = [item for item in items if not _inside(item, found)]
        lists.append(((start, max([end] + [item.end for item in kept])), kept))
    spans = sorted([(ref.start, ref.end) for ref in found] + [span for span, _ in lists])
    relation_at = dict(zip(spans, assign_relations(text, spans, openings), strict=True))
    out = [replace(ref, relation=relation_at[(ref.start, ref.end)]) for ref in found]
    for span, items in lists:
        out += [replace(item, relation=relation_at[span]) for item in items]
    return sorted(out, key=lambda ref: ref.start)


def _inside(item: LegalRef, found: list[LegalRef]) -> bool:
    return any(ref.start <= item.start < ref.end for ref in found)


def find_legal_refs(text: str, openings: Sequence[int] = ()) -> list[LegalRef]:
    """All citations of legal documents in a decision, in order of appearance.

    ``openings`` are the offsets where the decision's own statements start (its title, its
    articles and their clauses): there "Sửa đổi, bổ sung …" and "Bãi bỏ …" make the citation
    that follows amended or repealed (:func:`normalizers.ref_relations.statement_relation`).

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
    return _with_lists(text, found, sorted(openings))
