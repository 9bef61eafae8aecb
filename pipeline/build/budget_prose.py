"""Budget figures stated in prose.

Every amount of money on a line that speaks of a budget ("kinh phí", "ngân sách", "vốn", or a
line inside a section whose heading does) becomes a :class:`BudgetFigure`. What the amount is
for is read from the words between it and the amount before it on the same line:

- the funding source from the phrases of ``normalizers/data/funding_sources.csv`` that the
  table reader shares (:mod:`pipeline.build.funding`): "khuyến công quốc gia" → national, "đối
  ứng" → counterpart, "Quốc gia và địa phương" → state, none → total;
- the year from "năm 2018" outside a date;
- a stated total from "tổng" there, or in the heading of the clause it stands in.

- a stated total also from "trong đó" right after the amount ("… = 6.300.000.000 đồng. Trong
  đó:"), for an amount of no particular source.

Not every amount on such a line is budget money (:func:`is_budget_amount`): a bound ("dưới 10 tỷ
đồng", "từ 02 tỷ đồng trở lên", "không vượt mức 1.500 tỷ đồng": a qualifier other than "khoảng")
is a threshold, and an amount after a phrase of ``normalizers/data/not_budget_phrases.csv`` in its
sentence ("vốn điều lệ", "tổng vốn đầu tư toàn xã hội", "nguyên giá") a threshold or an economic
indicator; both are left out. A rate ("bình quân 4,112 tỷ đồng/năm", "3.200.000 đồng/hộ") is
kept with its ``per`` and is never a total. An amount in a foreign currency ("4,2 tỷ USD") is
kept with its ``currency`` and no ``amount_vnd``. The old figure of a change ("từ 500 triệu
đồng lên 700 triệu đồng", :mod:`normalizers.changes`) has the role ``previous``, and the new one
is read from the words before the old ("Điều chỉnh tổng kinh phí" makes it the total). A ratio of
done against planned ("44.993/138.529 triệu đồng") gives two figures, the first taking the unit
printed after the second. The figure's item is the heading of the nearest enclosing clause that
is not itself about the budget (a programme of Bình Phước's Điều 4), and its row label that
clause's label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cache

from extractors.model import Document
from normalizers.amounts import Amount, find_amounts, to_vnd
from normalizers.changes import previous_figures
from normalizers.dates import YEAR_ALONE, find_dates
from normalizers.numbers import Convention, parse_number
from normalizers.tables import load_rows, rule_table
from normalizers.text import collapse_spaces, fold_for_matching, literal_alternation
from normalizers.units import Qualifier
from pipeline.build.budget_model import BudgetFigure
from pipeline.build.funding import FundingPhrase
from pipeline.build.programme import categorize
from pipeline.build.segment import (
    Level,
    LogicalLine,
    Section,
    innermost,
    logical_lines,
    section_starts,
)
from pipeline.kinds import BudgetRole, ContentArea, FundingSource, Measure

_BUDGET_WORDS = ("kinh phí", "ngân sách", "vốn", "dự toán")
_BUDGET_HEADING = re.compile(r"kinh phí|ngân sách|nguồn vốn|dự toán")
_TOTAL = re.compile(r"\btổng\b")
_DIGIT = re.compile(r"\d")
# "năm 2018" names a budget year; "đến năm 2020", "từ năm", "giai đoạn 2016 - 2020" do not.
_YEAR = re.compile(YEAR_ALONE)
# A programme's name is not a funding source: "Chương trình khuyến công địa phương tỉnh …".
_PROGRAMME_NAME = re.compile(r"(chương trình|kế hoạch|đề án) khuyến công( địa phương| quốc gia)?")
_NOT_OWNERS = frozenset({Level.VAN_BAN, Level.BULLET})
# "… 6.300.000.000 đồng. Trong đó:", "… 73,44 tỷ đồng, trong đó": the parts of a total follow.
_PARTS_FOLLOW = re.compile(
    r"[^\S\t]*(?:\([^()]*\)[^\S\t]*)?[.,:;]?[^\S\t]*trong đó\b", re.IGNORECASE
)
# A bound of an amount is a threshold: "dưới 10 tỷ đồng", "từ 02 tỷ đồng trở lên".
_BOUNDS = frozenset({Qualifier.AT_LEAST, Qualifier.OVER, Qualifier.UP_TO})
_SENTENCE_END = re.compile(r"[.;!?](?=\s)")


class NotBudgetKind(StrEnum):
    THRESHOLD = "threshold"  # a limit or bracket: "nguyên giá … dưới 01 tỷ đồng"
    INDICATOR = "indicator"  # a measure of the economy: "vốn đầu tư toàn xã hội", "vốn điều lệ"


@rule_table("not_budget_phrases.csv")
@dataclass(frozen=True, slots=True)
class NotBudgetPhrase:
    phrase: str
    kind: NotBudgetKind


@cache
def _not_budget_re() -> re.Pattern[str]:
    phrases = (fold_for_matching(row.phrase) for row in load_rows(NotBudgetPhrase))
    return re.compile(rf"(?<!\w)(?:{literal_alternation(phrases)})(?!\w)")


def is_budget_amount(text: str, amount: Amount) -> bool:
    """Whether ``amount``, found in ``text`` (a line that speaks of a budget), is budget money:
    not a bound and not after a phrase of ``not_budget_phrases.csv`` in its sentence.

    >>> line = "Tổng vốn đầu tư toàn xã hội đạt khoảng 150.000 tỷ đồng; kinh phí 4,1 tỷ đồng"
    >>> [is_budget_amount(line, a) for a in find_amounts(line)]
    [False, True]
    >>> line = "tài sản có giá trị từ 02 tỷ đồng trở lên"
    >>> [is_budget_amount(line, a) for a in find_amounts(line)]
    [False]
    """
    if amount.qualifier in _BOUNDS:
        return False
    start = amount.start or 0
    sentence = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    return _not_budget_re().search(fold_for_matching(text[sentence:start])) is None


@cache
def _funding_phrases() -> tuple[tuple[str, FundingSource], ...]:
    """The phrases the prose reader looks for, folded, in the order of the table."""
    return tuple(
        (fold_for_matching(row.phrase), row.source) for row in load_rows(FundingPhrase) if row.prose
    )


def funding_source_of(context: str) -> FundingSource:
    """The funding source named in the words before an amount.

    >>> funding_source_of("- Nguồn kinh phí khuyến công quốc gia là:")
    <FundingSource.NATIONAL: 'national'>
    >>> funding_source_of("Tổng kinh phí thực hiện chương trình khuyến công địa phương là")
    <FundingSource.TOTAL: 'total'>
    """
    folded = _PROGRAMME_NAME.sub(" ", fold_for_matching(context))
    for phrase, source in _funding_phrases():
        if phrase in folded:
            return source
    return FundingSource.TOTAL


@dataclass(frozen=True, slots=True)
class _Context:
    section: Section | None
    budget_heading: bool


def extract_prose_budget(
    doc: Document, sections: list[Section], lines: list[LogicalLine] | None = None
) -> list[BudgetFigure]:
    """Budget figures in the prose of ``doc`` (tables are read elsewhere); ``lines`` are
    ``logical_lines(doc)`` when the caller has them already."""
    figures: list[BudgetFigure] = []
    starts = section_starts(sections)
    in_budget = _in_budget_sections(sections)
    for line in logical_lines(doc) if lines is None else lines:
        text = line.text(doc)
        if "\t" in text or text.lstrip().startswith("|") or not _DIGIT.search(text):
            continue
        section = innermost(sections, line.start, starts)
        if section is None or not in_budget[section.index]:
            folded = fold_for_matching(text)
            if not any(word in folded for word in _BUDGET_WORDS):
                continue
        amounts = find_amounts(text)
        old = _old_figures(text, amounts)
        previous_end = 0
        for i, amount in enumerate(amounts):
            # the old figure of "từ X lên Y" is read by its change, not as a bound "từ X"
            if i not in old and not is_budget_amount(text, amount):
                previous_end = amount.end or previous_end
                continue
            a_start = amount.start or 0
            context_start = previous_end
            context = text[previous_end:a_start]
            if i - 1 in old:  # the new figure of "từ X lên Y": read as if X were not printed
                context = text[old[i - 1] : amounts[i - 1].start or 0]
            previous_end = amount.end or a_start
            ratio = _ratio_numerator(text, context_start, amount)
            if ratio is not None:
                context = context[: len(context) - len(ratio.raw)]
                numerator = _figure(
                    doc, sections, section, line.start, ratio, context, False, executed=True
                )
                figures.append(numerator)
            parts_follow = bool(_PARTS_FOLLOW.match(text, amount.end or a_start))
            figure = _figure(doc, sections, section, line.start, amount, context, parts_follow)
            figures.append(replace(figure, role=BudgetRole.PREVIOUS) if i in old else figure)
    return figures


def _old_figures(text: str, amounts: list[Amount]) -> dict[int, int]:
    """The old figures of "từ X lên Y" among ``amounts`` (:mod:`normalizers.changes`), each
    with where the words before it start (the end of the amount before)."""
    spans = [(a.start or 0, a.end or 0) for a in amounts]
    old = previous_figures(text, spans, [a.raw for a in amounts])
    return {i: spans[i - 1][1] if i else 0 for i in sorted(old)}


# "44.993/138.529 triệu đồng": done against planned, the unit printed once after both.
_NUMERATOR_CHARS = frozenset(".,")


def _numerator_span(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    r"""Where a number followed by ``/`` ends ``text[lo:hi]`` (spaces around the slash allowed):
    the span of the number, from its first digit. The regex ``(\d[\d.,]*)\s*/\s*$`` says
    the same, but searched for from ``lo`` it tries every position of a long run of digits."""
    i = hi
    while i > lo and text[i - 1].isspace():
        i -= 1
    if i == lo or text[i - 1] != "/":
        return None
    i -= 1
    while i > lo and text[i - 1].isspace():
        i -= 1
    end = i
    while i > lo and (text[i - 1].isdecimal() or text[i - 1] in _NUMERATOR_CHARS):
        i -= 1
    start = next((j for j in range(i, end) if text[j].isdecimal()), None)
    return (start, end) if start is not None else None


def _ratio_numerator(text: str, lo: int, amount: Amount) -> Amount | None:
    """The first figure of "a/b triệu đồng", which shares the unit of the second; it stands
    after ``lo``, the end of the amount before."""
    start = amount.start or 0
    span = _numerator_span(text, lo, start)
    if span is None:
        return None
    raw = text[span[0] : span[1]]
    parsed = parse_number(raw)
    value = parsed.resolve(amount.convention or Convention.VI) if parsed else None
    if value is None:
        return None
    vnd, is_rounded = to_vnd(value, amount.multiplier)
    return replace(
        amount,
        raw=raw,
        value=value,
        amount_vnd=vnd,
        value_max=None,
        amount_max_vnd=None,
        is_rounded=is_rounded,
        start=span[0],
        end=span[1],
    )


def _ancestors(sections: list[Section], section: Section | None) -> list[Section]:
    chain = []
    while section is not None:
        chain.append(section)
        section = sections[section.parent] if section.parent is not None else None
    return chain


def _is_budget_heading(section: Section) -> bool:
    return bool(_BUDGET_HEADING.search(fold_for_matching(section.heading)))


def _owns_figures(section: Section) -> bool:
    """A clause a figure can be "for": numbered, not about the budget, not a figure line itself."""
    return (
        section.label is not None
        and section.level not in _NOT_OWNERS
        and not _is_budget_heading(section)
        and not find_amounts(section.heading)
    )


def _in_budget_sections(sections: list[Section]) -> list[bool]:
    """For each section, whether it or a section above it is headed as being about the budget.

    Worked out once per document, in document order: a parent comes before its children.
    """
    inside: list[bool] = []
    for section in sections:
        above = section.parent is not None and inside[section.parent]
        inside.append(above or _is_budget_heading(section))
    return inside


def _figure(
    doc: Document,
    sections: list[Section],
    section: Section | None,
    line_start: int,
    amount: Amount,
    context: str,
    parts_follow: bool,
    executed: bool = False,
) -> BudgetFigure:
    start = line_start + (amount.start or 0)
    end = line_start + (amount.end or 0)
    funding = funding_source_of(context)
    year = _year(context)
    chain = _ancestors(sections, section)
    owner = next((s for s in chain if _owns_figures(s)), None)
    heading_total = bool(chain) and bool(_TOTAL.search(fold_for_matching(chain[0].heading)))
    is_total = (
        not executed
        and amount.per is None
        and (
            bool(_TOTAL.search(fold_for_matching(context)))
            or (heading_total and funding == FundingSource.TOTAL and year is None)
            or (parts_follow and funding == FundingSource.TOTAL)
        )
    )
    role = _role(context, funding, year, is_total, executed, amount.per, owner is not None)
    parent = sections[owner.parent] if owner and owner.parent is not None else None
    return BudgetFigure(
        table_index=None,
        row_label=owner.label if owner else None,
        parent_row_label=parent.label if parent else None,
        item=collapse_spaces(owner.heading) if owner else None,
        unit_of_measure=amount.unit,
        year=year,
        measure=Measure.AMOUNT,
        funding_source=funding,
        value=amount.value,
        amount_vnd=amount.amount_vnd,
        is_total=is_total,
        raw=collapse_spaces(doc.text[start:end]),
        start=start,
        end=end,
        role=role,
        per=amount.per,
        currency=amount.currency,
    )


def _role(
    context: str,
    funding: FundingSource,
    year: int | None,
    is_total: bool,
    executed: bool,
    per: str | None,
    in_clause: bool,
) -> BudgetRole:
    """What a prose figure states, from the words before it: a rate (an amount per ``per``:
    "4,112 tỷ đồng/năm"), done against planned (the first of "44.993/138.529"), one year's, one
    source's, a stated total of the plan or of its clause ("Tổng kinh phí: 1.260 triệu đồng"),
    one content item's (a figure of a numbered clause, or
    a list item naming a content area of content_areas.csv: "- Đào tạo nghề: 500 triệu đồng"),
    else the plan's ("Kinh phí thực hiện: 500 triệu đồng").

    >>> _role("- Đào tạo nghề, truyền nghề:", FundingSource.TOTAL, None, False, False, None, False)
    <BudgetRole.PER_CONTENT: 'per_content'>
    >>> _role("Kinh phí thực hiện:", FundingSource.TOTAL, None, False, False, None, False)
    <BudgetRole.PLAN_TOTAL: 'plan_total'>
    >>> _role("bình quân", FundingSource.TOTAL, None, False, False, "năm", False)
    <BudgetRole.RATE: 'rate'>
    """
    if per is not None:
        return BudgetRole.RATE
    if executed:
        return BudgetRole.EXECUTED
    if year is not None:
        return BudgetRole.PER_YEAR
    if funding is not FundingSource.TOTAL:
        return BudgetRole.PER_SOURCE
    if is_total:
        return BudgetRole.PLAN_TOTAL
    if in_clause or categorize(context) is not ContentArea.OTHER:
        return BudgetRole.PER_CONTENT
    return BudgetRole.PLAN_TOTAL


def _year(context: str) -> int | None:
    dates = [(d.start, d.end) for d in find_dates(context)]
    for m in _YEAR.finditer(fold_for_matching(context)):
        if not any(s <= m.start() < e for s, e in dates):
            return int(m.group("year"))
    return None
