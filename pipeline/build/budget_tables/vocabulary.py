"""The words of budget table headers and rows (``normalizers/data/budget_headers.csv``).

A header cell's words give its column its roles (label, item, unit, note, quantity, amount, a
funding source, total); a row's label or content says whether it is a total row and which funding
source it names. Phrases match case-folded and longest first; a matched phrase is used up.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache

from normalizers.tables import load_table
from pipeline.kinds import FundingSource


class Role(StrEnum):
    LABEL = "label"
    ITEM = "item"
    UNIT = "unit"
    NOTE = "note"
    QUANTITY = "quantity"
    AMOUNT = "amount"
    NATIONAL = "national"
    LOCAL = "local"
    STATE = "state"
    COUNTERPART = "counterpart"
    OTHER = "other"
    TOTAL = "total"
    LEAD = "lead"


TEXT_ROLES = (Role.LABEL, Role.ITEM, Role.UNIT, Role.NOTE)
FUNDING_ROLES = {
    Role.NATIONAL: FundingSource.NATIONAL,
    Role.LOCAL: FundingSource.LOCAL,
    Role.STATE: FundingSource.STATE,
    Role.COUNTERPART: FundingSource.COUNTERPART,
    Role.OTHER: FundingSource.OTHER,
}
END_PUNCTUATION = " .:;,*()[]-–—"


@dataclass(frozen=True, slots=True)
class _Rule:
    """A phrase of ``budget_headers.csv`` with every role it has in one matching mode."""

    phrase: str  # folded
    whole: bool  # the whole text, else whole words anywhere (header) or at the start (row)
    roles: frozenset[Role]
    pattern: re.Pattern[str]


def fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _rules(column: str) -> tuple[_Rule, ...]:
    """The rules of one column (``header`` or ``row``) of the table, longest phrase first."""
    roles: dict[tuple[str, bool], set[Role]] = {}
    for entry in load_table("budget_headers.csv"):
        mode = entry[column].strip()
        if mode:
            roles.setdefault((fold(entry["phrase"]), mode == "whole"), set()).add(
                Role(entry["role"])
            )
    rules = [
        _Rule(
            phrase,
            whole,
            frozenset(found),
            re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, phrase.split())) + r"(?!\w)"),
        )
        for (phrase, whole), found in roles.items()
    ]
    return tuple(sorted(rules, key=lambda rule: len(rule.phrase), reverse=True))


@cache
def _header_rules() -> tuple[_Rule, ...]:
    return _rules("header")


@cache
def _row_rules() -> tuple[_Rule, ...]:
    return _rules("row")


@cache
def _total_row_rules() -> tuple[_Rule, ...]:
    return tuple(rule for rule in _row_rules() if Role.TOTAL in rule.roles)


@cache
def _lead_row_rules() -> tuple[_Rule, ...]:
    return tuple(rule for rule in _row_rules() if Role.LEAD in rule.roles)


@cache
def _funding_row_rules() -> tuple[tuple[_Rule, tuple[FundingSource, ...]], ...]:
    """The row rules that name funding sources, with those sources, longest phrase first."""
    found = []
    for rule in _row_rules():
        sources = tuple(FUNDING_ROLES[role] for role in rule.roles if role in FUNDING_ROLES)
        if sources:
            found.append((rule, sources))
    return tuple(found)


@lru_cache(maxsize=4096)  # a few hundred header words come back table after table
def header_roles(text: str) -> frozenset[Role]:
    """The roles a header cell's words give its columns.

    >>> [sorted(r.value for r in header_roles(h))
    ...  for h in ["Kinh phí (triệu đồng)", "Nguồn kinh phí", "Tổng", "KCQG"]]
    [['amount'], ['item'], ['total'], ['national']]
    >>> header_roles("Tổng hợp")
    frozenset()
    """
    rest = fold(text)
    whole = rest.strip(END_PUNCTUATION)
    for rule in _header_rules():
        if rule.whole and whole == rule.phrase:
            return rule.roles
    found: set[Role] = set()
    for rule in _header_rules():
        if not rule.whole and rule.pattern.search(rest):
            found |= rule.roles
            rest = rule.pattern.sub(" ", rest)
    return frozenset(found)


def _row_match(rule: _Rule, text: str) -> int | None:
    """Where ``rule`` ends when it matches the start (or the whole) of the folded ``text``."""
    if rule.whole:
        return len(text) if text == rule.phrase else None
    match = rule.pattern.match(text)
    return match.end() if match else None


def is_total_text(text: str | None) -> bool:
    """Whether a row's label or content says it is a total.

    >>> [is_total_text(t) for t in ["Tổng cộng 2 nguồn", "Cộng", "Cộng tác viên", "Tổng hợp"]]
    [True, True, False, False]
    """
    folded = fold(text or "").strip(END_PUNCTUATION)
    return any(_row_match(rule, folded) is not None for rule in _total_row_rules())


def row_funding(text: str | None) -> FundingSource | None:
    """The funding source a row's content names at its start, None if none or several.

    >>> [row_funding(t) for t in ["Kinh phí khuyến công quốc gia", "Nguồn khác",
    ...     "Nội dung khác", "Kinh phí khuyến công Quốc gia và địa phương", "KCQG, KCĐP"]]
    ... # doctest: +NORMALIZE_WHITESPACE
    [<FundingSource.NATIONAL: 'national'>, <FundingSource.OTHER: 'other'>, None,
     <FundingSource.STATE: 'state'>, None]
    """
    folded = fold(text or "").strip(END_PUNCTUATION)
    stripped = True
    while stripped:
        stripped = False
        for rule in _lead_row_rules():
            end = _row_match(rule, folded)
            if end is not None and end < len(folded):
                folded, stripped = folded[end:].strip(), True
                break
    for rule, sources in _funding_row_rules():
        end = _row_match(rule, folded)
        if end is not None:
            others = header_roles(folded[end:]) & FUNDING_ROLES.keys()
            return sources[0] if len(sources) == 1 and not others else None
    return None
