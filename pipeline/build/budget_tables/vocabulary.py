"""The words of budget table headers and rows."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache

from normalizers.tables import load_table
from pipeline.kinds import FundingSource

# --- keywords -------------------------------------------------------------------------------


class _Role(StrEnum):
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


_TEXT_ROLES = (_Role.LABEL, _Role.ITEM, _Role.UNIT, _Role.NOTE)
_FUNDING_ROLES = {
    _Role.NATIONAL: FundingSource.NATIONAL,
    _Role.LOCAL: FundingSource.LOCAL,
    _Role.STATE: FundingSource.STATE,
    _Role.COUNTERPART: FundingSource.COUNTERPART,
    _Role.OTHER: FundingSource.OTHER,
}
_END_PUNCTUATION = " .:;,*()[]-–—"


@dataclass(frozen=True, slots=True)
class _Rule:
    """A phrase of ``budget_headers.csv`` with every role it has in one matching mode."""

    phrase: str  # folded
    whole: bool  # the whole text, else whole words anywhere (header) or at the start (row)
    roles: frozenset[_Role]
    pattern: re.Pattern[str]


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _rules(column: str) -> tuple[_Rule, ...]:
    """The rules of one column (``header`` or ``row``) of the table, longest phrase first."""
    roles: dict[tuple[str, bool], set[_Role]] = {}
    for entry in load_table("budget_headers.csv"):
        mode = entry[column].strip()
        if mode:
            roles.setdefault((_fold(entry["phrase"]), mode == "whole"), set()).add(
                _Role(entry["role"])
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
    return tuple(rule for rule in _row_rules() if _Role.TOTAL in rule.roles)


@cache
def _lead_row_rules() -> tuple[_Rule, ...]:
    return tuple(rule for rule in _row_rules() if _Role.LEAD in rule.roles)


@cache
def _funding_row_rules() -> tuple[tuple[_Rule, tuple[FundingSource, ...]], ...]:
    """The row rules that name funding sources, with those sources, longest phrase first."""
    found = []
    for rule in _row_rules():
        sources = tuple(_FUNDING_ROLES[role] for role in rule.roles if role in _FUNDING_ROLES)
        if sources:
            found.append((rule, sources))
    return tuple(found)


@lru_cache(maxsize=4096)  # a few hundred header words come back table after table
def _header_roles(text: str) -> frozenset[_Role]:
    """The roles a header cell's words give its columns.

    >>> [sorted(r.value for r in _header_roles(h))
    ...  for h in ["Kinh phí (triệu đồng)", "Nguồn kinh phí", "Tổng", "KCQG"]]
    [['amount'], ['item'], ['total'], ['national']]
    >>> _header_roles("Tổng hợp")
    frozenset()
    """
    rest = _fold(text)
    whole = rest.strip(_END_PUNCTUATION)
    for rule in _header_rules():
        if rule.whole and whole == rule.phrase:
            return rule.roles
    found: set[_Role] = set()
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


def _is_total_text(text: str | None) -> bool:
    """Whether a row's label or content says it is a total.

    >>> [_is_total_text(t) for t in ["Tổng cộng 2 nguồn", "Cộng", "Cộng tác viên", "Tổng hợp"]]
    [True, True, False, False]
    """
    folded = _fold(text or "").strip(_END_PUNCTUATION)
    return any(_row_match(rule, folded) is not None for rule in _total_row_rules())


def _row_funding(text: str | None) -> FundingSource | None:
    """The funding source a row's content names at its start, None if none or several.

    >>> [_row_funding(t) for t in ["Kinh phí khuyến công quốc gia", "Nguồn khác",
    ...     "Nội dung khác", "Kinh phí khuyến công Quốc gia và địa phương", "KCQG, KCĐP"]]
    ... # doctest: +NORMALIZE_WHITESPACE
    [<FundingSource.NATIONAL: 'national'>, <FundingSource.OTHER: 'other'>, None,
     <FundingSource.STATE: 'state'>, None]
    """
    folded = _fold(text or "").strip(_END_PUNCTUATION)
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
            others = _header_roles(folded[end:]) & _FUNDING_ROLES.keys()
            return sources[0] if len(sources) == 1 and not others else None
    return None
