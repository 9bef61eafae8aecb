"""What a document is about, and which of its parts are a khuyến công programme.

The topic is read from the phrases of ``normalizers/data/topic_phrases.csv``: looked for in the
decision's title, then in the annexed programme's title, then in the decision's first article
(what a decision that allocates or amends khuyến công funds decides); the first phrase found is
the evidence, with its span. A document none of them names is ``other``.

Programme records (objectives, content lines and the targets stated in them) belong to a
khuyến công programme only: the items inside the programme's own part of the tree (the
programme annexed to the decision, or the whole file when it is the programme), in a document
of topic ``khuyen_cong``. A clause headed "Nội dung …" or "Mục tiêu …" in a decision that is no
programme, or in a programme of another topic (a plan for digital transformation, a
government resolution's action programme), gives none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

from extractors.model import Document
from normalizers.phrases import phrase_pattern
from normalizers.tables import load_rows, rule_table
from pipeline.build.findings import Sourced
from pipeline.build.programme import Item
from pipeline.build.segment import Section
from pipeline.kinds import Level, Topic, TopicPlace
from pipeline.records import TopicEvidence


@rule_table("topic_phrases.csv")
@dataclass(frozen=True, slots=True)
class _TopicPhrase:
    topic: Topic
    found_in: TopicPlace
    phrase: str


@dataclass(frozen=True, slots=True)
class Evidence:
    """The phrase a topic was read from, as printed, and where."""

    phrase: str
    found_in: TopicPlace
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class TopicReading:
    topic: Topic
    evidence: Evidence | None  # None for ``other``

    def record(self, document: Document) -> TopicEvidence | None:
        """The evidence as the ``documents.topic_evidence`` value."""
        e = self.evidence
        if e is None:
            return None
        return TopicEvidence(
            phrase=e.phrase,
            found_in=e.found_in,
            char_start=e.start,
            char_end=e.end,
            page=document.page_at(e.start),
        )


@cache
def _phrases() -> tuple[tuple[_TopicPhrase, re.Pattern[str]], ...]:
    """The table's rows with their patterns, in the order the places are tried."""
    order = list(TopicPlace)
    rows = sorted(load_rows(_TopicPhrase), key=lambda row: order.index(row.found_in))
    return tuple((row, phrase_pattern(row.phrase)) for row in rows)


def read_topic(
    document: Document,
    title: Sourced[str] | None,
    plan_title: Sourced[str] | None,
    sections: Sequence[Section],
) -> TopicReading:
    """The document's topic and the first phrase that names it."""
    spans = {
        TopicPlace.TITLE: (title.start, title.end) if title else None,
        TopicPlace.PLAN_TITLE: (plan_title.start, plan_title.end) if plan_title else None,
        TopicPlace.BODY: _first_article(sections, plan_title.start if plan_title else None),
    }
    for row, pattern in _phrases():
        span = spans[row.found_in]
        if span is None:
            continue
        m = pattern.search(document.text, *span)
        if m is not None:
            return TopicReading(row.topic, Evidence(m.group(), row.found_in, m.start(), m.end()))
    return TopicReading(Topic.OTHER, None)


def _first_article(sections: Sequence[Section], plan_start: int | None) -> tuple[int, int] | None:
    """The span of the decision's Điều 1: its first article before the annexed programme."""
    for section in sections:
        if plan_start is not None and section.start >= plan_start:
            return None
        if section.level is Level.DIEU:
            return section.start, section.end
    return None


def programme_root(sections: Sequence[Section], plan_start: int | None) -> Section | None:
    """The root of the programme's own part of the tree: the annexed programme's, or the whole
    file's when the file is the programme (``plan_start`` 0); None when there is no programme."""
    if plan_start is None:
        return None
    return next(
        (s for s in sections if s.level is Level.VAN_BAN and s.start >= plan_start),
        None,
    )


ItemT = TypeVar("ItemT", bound=Item)


def programme_items(items: list[ItemT], topic: Topic, root: Section | None) -> list[ItemT]:
    """The items that are a khuyến công programme's: inside its own part, in a document of that
    topic."""
    if topic is not Topic.KHUYEN_CONG or root is None:
        return []
    return [item for item in items if root.start <= item.section.start < root.end]
