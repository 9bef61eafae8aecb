"""The programme's objectives and content lines.

Objectives are the items under a heading "Mục tiêu chung / tổng quát" (general) or "Mục tiêu cụ
thể" (specific); a plain "Mục tiêu" counts as general, and a "Mục tiêu" heading whose children are
themselves such headings ("I. MỤC TIÊU" → "1. Mục tiêu chung", "2. Mục tiêu cụ thể") is looked
through. Content lines are the items under the programme's "Nội dung …" / "Nhiệm vụ …" part,
each given a content area of Nghị định 45/2012/NĐ-CP Điều 4 from a keyword table, read in
the line's own heading and text; the targets stated in them are read by
:mod:`pipeline.build.targets`. The heading patterns and the keyword tables live in
``normalizers/data/`` (``section_roles.csv``, ``content_areas.csv``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Generic, TypeVar

from normalizers.phrases import phrase_pattern
from normalizers.tables import RuleTableError, load_rows, rule_table
from normalizers.text import collapse_spaces, fold_for_matching
from pipeline.build.segment import Section, children
from pipeline.kinds import ContentArea, Level, ObjectiveKind

_ITEM_LEVELS = frozenset({Level.KHOAN, Level.DIEM, Level.BULLET, Level.ROMAN})
_CONTENT_PARENT_LEVELS = frozenset({Level.ROMAN, Level.DIEU, Level.PHAN, Level.CHUONG, Level.MUC})


K = TypeVar("K", ObjectiveKind, ContentArea)


@dataclass(frozen=True, slots=True)
class Item(Generic[K]):
    """An objective or a content line: one section of the tree, with all the text below it."""

    section: Section
    kind: K  # objectives: general or specific; content lines: the content area
    label: str | None
    text: str


class _RoleName(StrEnum):
    OBJECTIVES = "objectives"
    CONTENT = "content"


@rule_table("section_roles.csv")
@dataclass(frozen=True, slots=True)
class _RoleRow:
    role: _RoleName
    kind: ObjectiveKind | None  # objectives: general or specific; empty for content
    pattern: str


@dataclass(frozen=True, slots=True)
class _Role:
    role: _RoleName
    kind: ObjectiveKind | None
    pattern: re.Pattern[str]


@cache
def _roles() -> tuple[_Role, ...]:
    """The headings of ``section_roles.csv``; an objectives heading must name its kind, a content
    heading none."""
    rows = load_rows(_RoleRow)
    for row in rows:
        if (row.kind is None) != (row.role is _RoleName.CONTENT):
            raise RuleTableError(
                f"section_roles.csv: {row.role} heading {row.pattern!r}, kind {row.kind}"
            )
    return tuple(_Role(r.role, r.kind, re.compile(r.pattern)) for r in rows)


def _role_of(section: Section) -> _Role | None:
    heading = fold_for_matching(section.heading).strip()
    for role in _roles():
        if role.pattern.search(heading):
            return role
    return None


def subtree_text(text: str, section: Section) -> str:
    """The section's text after its label, its children's included, on one line."""
    return collapse_spaces(text[section.body_start : section.end])


def extract_objectives(text: str, sections: list[Section]) -> list[Item[ObjectiveKind]]:
    """Objectives in document order."""
    items: list[Item[ObjectiveKind]] = []
    seen: set[int] = set()
    kids = children(sections)
    for section in sections:
        role = _role_of(section)
        if role is None or role.role is not _RoleName.OBJECTIVES or section.index in seen:
            continue
        below = kids[section.index]
        if any(_is_objectives(c) for c in below):
            continue  # a heading over "Mục tiêu chung" / "Mục tiêu cụ thể": look through it
        seen.update(c.index for c in below)
        entries = [c for c in below if c.level in _ITEM_LEVELS]
        if not entries and section.own_text(text) != collapse_spaces(section.heading):
            entries = [section]
        kind = role.kind
        assert kind is not None  # _roles() gives every objectives heading its kind
        items.extend(Item(e, kind, e.label, subtree_text(text, e)) for e in entries)
    return items


def _is_objectives(section: Section) -> bool:
    role = _role_of(section)
    return role is not None and role.role is _RoleName.OBJECTIVES


def extract_content_lines(text: str, sections: list[Section]) -> list[Item[ContentArea]]:
    """Content lines: the items under each "Nội dung" / "Nhiệm vụ" part of the programme."""
    items: list[Item[ContentArea]] = []
    kids = children(sections)
    for section in sections:
        if section.level not in _CONTENT_PARENT_LEVELS:
            continue
        role = _role_of(section)
        if role is None or role.role is not _RoleName.CONTENT:
            continue
        for child in kids[section.index]:
            if child.level in _ITEM_LEVELS:
                whole = subtree_text(text, child)
                category = categorize(child.heading, child.own_text(text), whole)
                items.append(Item(child, category, child.label, whole))
    return items


@rule_table("content_areas.csv")
@dataclass(frozen=True, slots=True)
class _Area:
    category: ContentArea  # the content_lines.category value
    keywords: tuple[str, ...]  # whole words, case-folded, any punctuation between them


@cache
def _keywords() -> tuple[tuple[re.Pattern[str], int, ContentArea], ...]:
    """Every keyword's pattern, its length in characters and its area; a keyword in two areas
    is an error of the table."""
    areas: dict[str, ContentArea] = {}
    for row in load_rows(_Area):
        for keyword in row.keywords:
            key = fold_for_matching(keyword)
            if areas.setdefault(key, row.category) is not row.category:
                raise RuleTableError(
                    f"content_areas.csv: {keyword!r} is in {areas[key]} and {row.category}"
                )
    return tuple((phrase_pattern(k), len(k), area) for k, area in areas.items())


def categorize(heading: str, text: str = "", below: str = "") -> ContentArea:
    """The content area of a content line from its own words: the keyword found earliest in its
    heading (the longest of those starting there), else in its own text, else in the text of
    its sub-items.

    >>> categorize("Tổ chức đào tạo nghề, truyền nghề ngắn hạn")
    <ContentArea.DAO_TAO_NGHE: 'dao_tao_nghe'>
    >>> categorize("Nâng cao năng lực quản lý và tổ chức thực hiện hoạt động khuyến công")
    <ContentArea.NANG_LUC_THUC_HIEN: 'nang_luc_thuc_hien'>
    >>> categorize("Hoạt động khác")
    <ContentArea.OTHER: 'other'>
    """
    for source in (heading, text, below):
        folded = fold_for_matching(source)
        found = [
            (m.start(), -length, area)
            for pattern, length, area in _keywords()
            if (m := pattern.search(folded)) is not None
        ]
        if found:
            return min(found, key=lambda hit: hit[:2])[2]
    return ContentArea.OTHER
