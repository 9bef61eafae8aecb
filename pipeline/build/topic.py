"""What a document is about.

The topic is read from the phrases of ``normalizers/data/topic_phrases.csv``: looked for in the
decision's title, then in the annexed programme's title, then in the decision's first article
(what a decision that allocates or amends khuyến công funds decides); the first phrase found is
the evidence, with its span. A document none of them names is ``other``.

"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from extractors.model import Document
from normalizers.phrases import phrase_pattern
from normalizers.tables import load_rows, rule_table
from pipeline.build.findings import Sourced
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
