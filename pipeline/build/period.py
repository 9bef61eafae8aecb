"""The plan period: the first and last year a plan covers, read from its titles.

The rules are the README's (Periods). The year patterns are those of :mod:`normalizers.dates`.
A title often cites the document it carries out ("Kế hoạch triển khai Quyết định số 06/QĐ-TTg
ngày 02 tháng 01 năm 2025"): the dates and document numbers it prints are blanked before any
year is read, so that neither is taken for the plan's own years.
"""

from __future__ import annotations

import re

from extractors.model import Document
from normalizers.dates import (
    PERIOD_UNTIL,
    TERM_WORDS,
    UNTIL_WORD,
    VISION_WORDS,
    YEAR_ALONE,
    YEAR_FROM_UNTIL,
    YEAR_NAMED,
    YEAR_SPAN,
    find_dates,
)
from normalizers.text import fold_for_matching
from pipeline.build.findings import Finding, Sourced
from pipeline.kinds import Check

# all matched on folded titles
_YEAR_SPAN = re.compile(YEAR_SPAN)
_YEAR_FROM_UNTIL = re.compile(YEAR_FROM_UNTIL)
_PERIOD_UNTIL = re.compile(PERIOD_UNTIL)
_YEAR_ALONE = re.compile(YEAR_ALONE)
_YEAR_NAMED = re.compile(YEAR_NAMED, re.IGNORECASE)
_VISION = re.compile(rf"(?:{'|'.join(VISION_WORDS)})\W*$")
_TERM = re.compile(rf"(?:{'|'.join(TERM_WORDS)})(?:\s+[ivxlc]+)?\W*$")  # "nhiệm kỳ x ("
_CITED_NUMBER = re.compile(r"\S*\d\S*/\S*|\S*/\S*\d\S*")  # "06/qđ-ttg", "14-ct/tw"


def extract_period(
    doc: Document,
    plan_start: int | None,
    titles: list[Sourced[str] | None],
    issue_year: int | None,
) -> tuple[int | None, int | None, list[Finding]]:
    """The plan's first and last year, from its title; see the README for the rules.
    ``plan_start`` is where the annexed programme's title begins, if the document has one."""
    for title in titles:
        if title is None:
            continue
        words = _own_words(title.value)
        if span := _span(words):
            return *span, []
        if m := _until(words):
            end = int(m["year"])
            start = _first_budget_year(doc, plan_start, issue_year, end)
            finding = Finding(
                check=Check.PERIOD_START_INFERRED,
                severity=Check.PERIOD_START_INFERRED.severity,
                message=(
                    f"the title gives only the end year ('đến năm {end}'); the period starts "
                    f"with the first year the programme plans for after its issue: {start}"
                ),
                actual=f"{start}-{end}" if start else None,
                start=title.start,
                end=title.end,
            )
            return start, end, [finding]
        if m := _YEAR_ALONE.search(words):
            year = int(m["year"])
            return year, year, []
    return None, None, []


def _own_words(title: str) -> str:
    """The folded title with the dates and document numbers it cites blanked out.

    >>> _own_words("Triển khai Quyết định số 06/QĐ-TTg ngày 02 tháng 01 năm 2025 năm 2026").split()
    ['triển', 'khai', 'quyết', 'định', 'số', 'năm', '2026']
    """
    folded = fold_for_matching(title)
    spans = [(d.start, d.end) for d in find_dates(folded)]
    spans += [m.span() for m in _CITED_NUMBER.finditer(folded)]
    chars = list(folded)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _span(words: str) -> tuple[int, int] | None:
    """The first span of years the title names, run on through the stages that continue it
    ("giai đoạn 2026 - 2030 và giai đoạn 2031 - 2035" is 2026–2035); not an elected body's
    term ("nhiệm kỳ 2026 - 2031")."""
    spans = sorted(
        (m.start(), int(m["start"]), int(m["end"]))
        for pattern in (_YEAR_SPAN, _YEAR_FROM_UNTIL)
        for m in pattern.finditer(words)
        if int(m["start"]) < int(m["end"]) and not _TERM.search(words, 0, m.start())
    )
    if not spans:
        return None
    _, start, end = spans[0]
    for _, next_start, next_end in spans[1:]:
        if next_start == end + 1:
            end = next_end
    return start, end


def _until(words: str) -> re.Match[str] | None:
    """The first ``đến năm …`` that is not a vision's horizon ("tầm nhìn đến năm 2045")."""
    for m in _PERIOD_UNTIL.finditer(words):
        if not _VISION.search(words, 0, m.start()):
            return m
    return None


def _first_budget_year(
    doc: Document, plan_start: int | None, issue_year: int | None, end: int
) -> int | None:
    """The first year after the issue that the programme text names outside a date."""
    start = plan_start or 0
    text = doc.text[start:]
    date_spans = [(d.start, d.end) for d in find_dates(text)]
    floor = issue_year if issue_year is not None else end - 10
    years = [
        int(m["year"])
        for m in _YEAR_NAMED.finditer(text)
        if not any(s <= m.start() < e for s, e in date_spans)
        and floor <= int(m["year"]) <= end
        and not text[max(0, m.start() - 4) : m.start()].lower().endswith(f"{UNTIL_WORD} ")
    ]
    return min(years) if years else issue_year
