"""The words of budget table headers and rows: ``normalizers/data/budget_headers.csv`` for the
roles, ``normalizers/data/funding_sources.csv`` (:mod:`pipeline.build.funding`, shared with the
prose reader) for the funding sources.

A header cell's words give its column its roles (label, item, unit, note, code, quantity,
amount, total) and funding sources; a row's label or content says whether it is a total row and
which funding source it names. The phrases of both tables match together, case-folded and longest
first; a matched phrase is used up, so "tổng kinh phí" is not also "kinh phí".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache

from normalizers.tables import load_rows, rule_table
from pipeline.build.funding import FundingPhrase, HeaderMatch, RowMatch
from pipeline.kinds import FundingSource


class Role(StrEnum):
    """What a header or row word says of its column or row, funding sources apart."""

    LABEL = "label"
    ITEM = "item"
    UNIT = "unit"
    NOTE = "note"
    CODE = "code"  # a row code ("Mã số" 01, 110, 200): text, never summed
    PERCENT = "percent"  # a column of percentages ("Nhà cấp I (%)"): no money, no figure
    QUANTITY = "quantity"
    AMOUNT = "amount"
    TOTAL = "total"
    LEAD = "lead"
    # the old figures of an amending decision's comparison table: "Đã phê duyệt | Điều chỉnh"
    PREVIOUS = "previous"


@rule_table("budget_headers.csv")
@dataclass(frozen=True, slots=True)
class HeaderPhrase:
    """A word of budget table headers and rows; ``None`` where it never matches."""

    phrase: str
    role: Role
    header: HeaderMatch | None
    row: RowMatch | None


TEXT_ROLES = (Role.LABEL, Role.ITEM, Role.UNIT, Role.NOTE, Role.CODE, Role.PERCENT)
END_PUNCTUATION = " .:;,*()[]-–—"


@dataclass(frozen=True, slots=True)
class Words:
    """What the words of a text say: roles, and funding sources (``funding_sources.csv``)."""

    roles: frozenset[Role] = frozenset()
    sources: frozenset[FundingSource] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.roles or self.sources)

    def __or__(self, other: Words) -> Words:
        return Words(self.roles | other.roles, self.sources | other.sources)


@dataclass(frozen=True, slots=True)
class _Rule:
    """A phrase with everything it says in one matching mode, from both tables."""

    phrase: str  # folded
    whole: bool  # the whole text, else whole words anywhere (header) or at the start (row)
    words: Words
    pattern: re.Pattern[str]


def fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


_Mode = Callable[[HeaderPhrase | FundingPhrase], HeaderMatch | RowMatch | None]


def _rules(mode_of: _Mode) -> tuple[_Rule, ...]:
    """The rules of one matching column (header or row) of both tables, longest phrase first."""
    entries: list[tuple[HeaderPhrase | FundingPhrase, Words]] = [
        *((entry, Words(roles=frozenset({entry.role}))) for entry in load_rows(HeaderPhrase)),
        *((entry, Words(sources=frozenset({entry.source}))) for entry in load_rows(FundingPhrase)),
    ]
    found: dict[tuple[str, bool], Words] = {}
    for entry, words in entries:
        mode = mode_of(entry)
        if mode is not None:
            key = (fold(entry.phrase), mode in (HeaderMatch.WHOLE, RowMatch.WHOLE))
            found[key] = found.get(key, Words()) | words
    rules = [
        _Rule(
            phrase,
            whole,
            words,
            re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, phrase.split())) + r"(?!\w)"),
        )
        for (phrase, whole), words in found.items()
    ]
    return tuple(sorted(rules, key=lambda rule: len(rule.phrase), reverse=True))


@cache
def _header_rules() -> tuple[_Rule, ...]:
    return _rules(lambda entry: entry.header)


@cache
def _row_rules() -> tuple[_Rule, ...]:
    return _rules(lambda entry: entry.row)


@cache
def _total_row_rules() -> tuple[_Rule, ...]:
    return tuple(rule for rule in _row_rules() if Role.TOTAL in rule.words.roles)


@cache
def _lead_row_rules() -> tuple[_Rule, ...]:
    return tuple(rule for rule in _row_rules() if Role.LEAD in rule.words.roles)


@cache
def _funding_row_rules() -> tuple[_Rule, ...]:
    """The row rules that name funding sources, longest phrase first."""
    return tuple(rule for rule in _row_rules() if rule.words.sources)


@lru_cache(maxsize=4096)  # a few hundred header words come back table after table
def header_words(text: str) -> Words:
    """The roles and funding sources a header cell's words give its columns.

    >>> [sorted(map(str, (*w.roles, *w.sources))) for w in map(header_words,
    ...     ["Kinh phí (triệu đồng)", "Nguồn kinh phí", "Tổng", "KCQG"])]
    [['amount'], ['item'], ['total'], ['national']]
    >>> header_words("Tổng hợp")
    Words(roles=frozenset(), sources=frozenset())
    """
    rest = fold(text)
    whole = rest.strip(END_PUNCTUATION)
    for rule in _header_rules():
        if rule.whole and whole == rule.phrase:
            return rule.words
    found = Words()
    for rule in _header_rules():
        if not rule.whole and rule.pattern.search(rest):
            found |= rule.words
            rest = rule.pattern.sub(" ", rest)
    return found


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
    for rule in _funding_row_rules():
        end = _row_match(rule, folded)
        if end is not None:
            sources, others = rule.words.sources, header_words(folded[end:]).sources
            return next(iter(sources)) if len(sources) == 1 and not others else None
    return None
