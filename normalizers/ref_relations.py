"""The role of each citation in the citing document: a legal basis ("Căn cứ …;"), the proposal
acted upon ("Xét đề nghị … tại Tờ trình …"), a replaced document ("Thay thế …"), or a mention.

The clause openings are the phrases of ``decision_parts.csv`` (:mod:`normalizers.documents`).
"""

from __future__ import annotations

import bisect
from enum import StrEnum
from functools import cache

import regex

from normalizers.documents import DecisionPart, decision_part_phrases


class Relation(StrEnum):
    """Role of a reference in the citing decision."""

    can_cu = "can_cu"  # legal basis: "Căn cứ …"
    thay_the = "thay_the"  # replaced: "Thay thế Quyết định số …"
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
# "Theo đề nghị … tại Tờ trình số … và Văn bản số …".
_JOINABLE = frozenset({Relation.can_cu, Relation.de_nghi})
_JOINED = regex.compile(r"[\s*_]*(?:,|và|,[\s*_]*và)?[\s*_]*", regex.IGNORECASE)


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


def assign_relations(text: str, spans: list[tuple[int, int]]) -> list[Relation]:
    """Relation of each reference span, read from its clause ("Căn cứ …;" "Xét …").

    A reference opening a clause right after a ";" continues a list of legal bases, and one
    joined to a legal basis or a proposal by "và" or a comma alone shares its relation ("Căn cứ
    Luật Doanh nghiệp và Nghị định số …", "tại Tờ trình số … và Văn bản số …").
    """
    boundaries = [(m.start(), m.group()) for m in _relation_patterns()[0].finditer(text)]
    ends = [start for start, _ in boundaries]
    relations: list[Relation] = []
    last_clause = -2
    last_head_relation: Relation | None = None
    last_end = 0
    for start, end in spans:
        index = bisect.bisect_left(ends, start) - 1
        clause_start = boundaries[index][0] + len(boundaries[index][1]) if index >= 0 else 0
        first = index != last_clause
        relation = _clause_relation(text[clause_start:start], first)
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
        last_clause, last_end = index, end
        relations.append(relation)
    return relations
