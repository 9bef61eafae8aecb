"""The role of each citation in the citing document: a legal basis ("Căn cứ …;"), the proposal
acted upon ("Xét đề nghị … tại Tờ trình …"), a replaced document ("Thay thế …"), an amended or
repealed one ("Sửa đổi, bổ sung Quyết định số …", "Bãi bỏ Quyết định số …"), or a mention.

The clause openings are the phrases of ``decision_parts.csv`` (:mod:`normalizers.documents`).
What amends or repeals is read only where the citing document speaks of itself, at the openings
its caller gives (its title, its own articles and their clauses: a plan's task "b) Sửa đổi, bổ
sung Nghị định số …" amends nothing yet), from the acts of ``amending_acts.csv``; a document
cited in the description of another ("Căn cứ Quyết định số … về việc sửa đổi, bổ sung Quyết
định số …") is only mentioned.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

import regex

from normalizers.documents import DecisionPart, decision_part_phrases
from normalizers.tables import load_rows, rule_table


class Relation(StrEnum):
    """Role of a reference in the citing decision."""

    can_cu = "can_cu"  # legal basis: "Căn cứ …"
    thay_the = "thay_the"  # replaced: "Thay thế Quyết định số …"
    sua_doi = "sua_doi"  # amended: "Sửa đổi, bổ sung (một số điều của) Quyết định số …"
    bai_bo = "bai_bo"  # repealed as a whole: "Bãi bỏ Quyết định số …"
    de_nghi = "de_nghi"  # the proposal acted upon: "Xét đề nghị … tại Tờ trình …"
    mentioned = "mentioned"


def _collapse(text: str) -> str:
    return " ".join(text.split())


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
        rf"|\n(?=[^\S\n]*[*_]*+(?:{legal_basis}|{proposal}))"
    )
    # a web copy may print the opening twice: "Căn cứ Căn cứ Luật Lưu trữ …"
    can_cu = regex.compile(rf"(?:{legal_basis})(?:\s+(?:{legal_basis}))*", regex.IGNORECASE)
    de_nghi = regex.compile(rf"(?:{proposal}).*", regex.IGNORECASE | regex.DOTALL)
    return boundary, can_cu, de_nghi


_THAY_THE = regex.compile(r"(?:^|\W)thay thế(?: cho)?$", regex.IGNORECASE)
# Between two citations of one legal basis: "Luật Đất đai và Nghị định số …", "…, Luật …".
# The relations a citation joined to the one before shares: "Căn cứ Luật … và Nghị định số …",
# "Theo đề nghị … tại Tờ trình số … và Văn bản số …", "Bãi bỏ Quyết định số … và Quyết định số …".
_JOINABLE = frozenset({Relation.can_cu, Relation.de_nghi, Relation.sua_doi, Relation.bai_bo})
_JOINED = regex.compile(r"[\s*_]*(?:,|và|,[\s*_]*và)?[\s*_]*", regex.IGNORECASE)


@rule_table("amending_acts.csv")
@dataclass(frozen=True, slots=True)
class AmendingAct:
    """An act by which the citing document changes a cited one: "sửa đổi, bổ sung", "bãi bỏ"."""

    phrase: str
    whole: Relation  # the cited document named directly: "Bãi bỏ Quyết định số …"
    part: Relation  # a part of it: "Bãi bỏ Điều 10 của Nghị định số …"


# What a statement's act may name before the citation. A part: "Điều 2", "điểm c khoản 5 Điều
# 8", "một số điều của", "nội dung tại", "Điều 1, Điều 2 và Điều 3 của". Something the cited
# document issued or approved: "Quy định … ban hành kèm theo", "Chương trình … được phê duyệt
# tại", "quy định về phí … tại"; not what the act carries out ("nhiệm vụ trong Chương trình hành
# động … thực hiện Nghị quyết số …": that programme is amended, not the resolution).
_PART_WORD = r"(?:điểm|khoản|điều|mục|tiểu mục|phụ lục|chương|phần|biểu mẫu|mẫu số|mẫu)"
_PART = rf"{_PART_WORD}\s+[\p{{L}}\d.]+"
_PARTS = (
    rf"(?:(?:một số|các)\s+(?:điều|khoản|nội dung|quy định)|nội dung|{_PART})"
    rf"(?:(?:\s*,\s*|\s+và\s+|\s+){_PART})*(?:\s+(?:của|tại))?"
)
_ISSUED_BY = r"(?:(?:đã\s+)?(?:được\s+)?(?:ban hành|phê duyệt)\s+(?:kèm\s+)?theo|kèm theo|tại)"
# A statement ends at "như sau:" and what it quotes: "5. Sửa đổi Điều 8 như sau: “Điều 8. … căn
# cứ quy định tại Nghị định số 51/2016/NĐ-CP …”" amends the citing document's Điều 8 only.
_NAMED = rf"[^;:“”\"]{{1,400}}?\s{_ISSUED_BY}"
_WHOLE = regex.compile(r"(?:toàn bộ)?", regex.IGNORECASE)
_OF_PART = regex.compile(rf"(?:{_PARTS}|{_NAMED})", regex.IGNORECASE)
_MAX_STATEMENT = 600  # characters from a statement's opening to the citation it acts on
# The label of an article or clause before its words: "Điều 1.", "3.", "b)".
_LABEL = r"(?:điều\s+\d+[a-zđ]?\s*[.:]?|\d+\s*[.)]|[a-zđ]\s*\))?"


@cache
def _statement_pattern() -> regex.Pattern[str]:
    acts = sorted((row.phrase for row in load_rows(AmendingAct)), key=len, reverse=True)
    words = "|".join(r",?\s+".join(regex.escape(w) for w in act.split()) for act in acts)
    return regex.compile(
        rf"{_LABEL}\s*(?:về\s+việc\s+)?(?P<act>{words})(?![\p{{L}}\d])\s*(?P<object>.*)",
        regex.IGNORECASE | regex.DOTALL,
    )


@cache
def _acts() -> dict[str, AmendingAct]:
    return {" ".join(row.phrase.split()): row for row in load_rows(AmendingAct)}


def statement_relation(prefix: str) -> Relation | None:
    """The relation a statement of the citing document gives the citation right after
    ``prefix``, the statement's words from its opening; None when they amend or repeal nothing.

    >>> statement_relation("SỬA ĐỔI, BỔ SUNG").value
    'sua_doi'
    >>> statement_relation("Điều 1. Sửa đổi, bổ sung điểm c khoản 5 Điều 8").value
    'sua_doi'
    >>> statement_relation("3. Bãi bỏ Điều 10 của").value, statement_relation("Bãi bỏ").value
    ('sua_doi', 'bai_bo')
    >>> print(statement_relation("Sửa đổi, bổ sung nhiệm vụ trong Chương trình hành động của "
    ...                          "Chính phủ thực hiện"))
    None
    """
    words = _collapse(prefix).strip(_DECORATION)
    match = _statement_pattern().fullmatch(words)
    if match is None:
        return None
    act = _acts()[_collapse(match["act"].replace(",", " ")).lower()]
    named = match["object"].strip(_DECORATION)
    if _WHOLE.fullmatch(named):
        return act.whole
    return act.part if _OF_PART.fullmatch(named) else None


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


def assign_relations(
    text: str, spans: list[tuple[int, int]], openings: Sequence[int] = ()
) -> list[Relation]:
    """Relation of each reference span, read from its clause ("Căn cứ …;" "Xét …").

    A reference opening a clause right after a ";" continues a list of legal bases, and one
    joined to a legal basis, a proposal or an amended or repealed document by "và" or a comma
    alone shares its relation ("Căn cứ Luật Doanh nghiệp và Nghị định số …", "tại Tờ trình số …
    và Văn bản số …"). ``openings`` (sorted offsets) are where the citing document's own
    statements start: the first reference after one, when the words from the opening say so,
    is amended or repealed (:func:`statement_relation`).
    """
    boundaries = [(m.start(), m.group()) for m in _relation_patterns()[0].finditer(text)]
    ends = [start for start, _ in boundaries]
    relations: list[Relation] = []
    last_clause = -2
    last_head_relation: Relation | None = None
    last_start, last_end = -1, 0
    for start, end in spans:
        index = bisect.bisect_left(ends, start) - 1
        clause_start = boundaries[index][0] + len(boundaries[index][1]) if index >= 0 else 0
        first = index != last_clause
        relation = _statement(text, openings, last_start, start) or _clause_relation(
            text[clause_start:start], first
        )
        if relation is None and first and not text[clause_start:start].strip(_DECORATION):
            soft = index >= 0 and boundaries[index][1] == ";" and index == last_clause + 1
            relation = Relation.can_cu if soft and last_head_relation is Relation.can_cu else None
        if relation is None and not first and relations and relations[-1] in _JOINABLE:
            # a citation inside the one before (an item's subject in a list) is joined to nothing
            joined = last_end <= start and _JOINED.fullmatch(text, last_end, start) is not None
            relation = relations[-1] if joined else None
        relation = relation or Relation.mentioned
        if first:
            last_head_relation = relation
        last_clause, last_start, last_end = index, start, end
        relations.append(relation)
    return relations


def _statement(text: str, openings: Sequence[int], last_start: int, start: int) -> Relation | None:
    """The relation given by the statement opening before ``start``, when no reference stands
    between that opening and this one (``last_start``: where the reference before starts)."""
    at = bisect.bisect_right(openings, start) - 1
    if at < 0 or openings[at] <= last_start or start - openings[at] > _MAX_STATEMENT:
        return None
    return statement_relation(text[openings[at] : start])
