"""The plan period: the first and last year a plan covers, read from its titles.

The rules are the README's (Periods). The year patterns are those of :mod:`normalizers.dates`.
"""

from __future__ import annotations

import re

from extractors.model import Document
from normalizers.dates import PERIOD_RANGE, PERIOD_UNTIL, UNTIL_WORD, YEAR_NAMED, find_dates
from normalizers.text import fold_for_matching
from pipeline.build.findings import Finding, Sourced
from pipeline.kinds import Check

_PERIOD_RANGE = re.compile(PERIOD_RANGE)  # matched on folded titles
_PERIOD_UNTIL = re.compile(PERIOD_UNTIL)
_YEAR_NAMED = re.compile(YEAR_NAMED, re.IGNORECASE)


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
        folded = fold_for_matching(title.value)
        if m := _PERIOD_RANGE.search(folded):
            return int(m["start"]), int(m["end"]), []
        if m := _PERIOD_UNTIL.search(folded):
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
        if m := _YEAR_NAMED.search(folded):
            year = int(m["year"])
            return year, year, []
    return None, None, []


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
