"""The ledger of what a source gets wrong: checks that turn into ``issues`` rows.

Each check is a pure function from extracted values to :class:`Finding` values. Sums are
compared allowing half a unit of the last digit the total prints ("73,44 tỷ" allows 0,005 tỷ):
a document that adds up must get no budget finding, because false alarms cost analysts' trust.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import pairwise

from extractors.model import Document
from normalizers import numerals
from normalizers.amounts import parse_amount
from normalizers.refs import LegalRef, RefType, issuer_mismatch, number_year_mismatch
from normalizers.text import fold_for_matching
from normalizers.units import Qualifier, fold_phrase, money_unit_re
from pipeline.build import budget_model
from pipeline.build.budget_model import BudgetFigure, half_unit_vnd
from pipeline.build.budget_tables import TableReading
from pipeline.build.findings import Finding, Sourced
from pipeline.build.programme import Item, categorize
from pipeline.build.segment import Section, enclosing, section_starts
from pipeline.build.targets import Target, extract_targets
from pipeline.kinds import Check, ContentArea, FundingSource, Level, Measure, Severity


def tolerance_vnd(figure: BudgetFigure) -> Decimal:
    """Half a unit of the last digit printed, in VND: "8.374 triệu" → 500 000."""
    return budget_model.tolerance_vnd(figure.value, figure.amount_vnd)


def _vnd(value: int | Decimal) -> str:
    return f"{int(value):,}".replace(",", ".") + " đồng"


def check_prose_budget(figures: list[BudgetFigure], sections: list[Section]) -> list[Finding]:
    """A stated total against the per-year or per-source figures that follow it in its clause."""
    findings: list[Finding] = []
    starts = section_starts(sections)
    for i, total in enumerate(figures):
        if not _is_plain_total(total) or total.start is None:
            continue
        region = _clause(sections, total.start, starts)
        parts: list[BudgetFigure] = []
        for figure in (figures[j] for j in range(i + 1, len(figures))):  # no copy of the rest
            if figure.start is None or not region[0] <= figure.start < region[1]:
                break
            if figure.is_total:
                break
            parts.append(figure)
        by_year = [
            p for p in parts if p.year is not None and p.funding_source == FundingSource.TOTAL
        ]
        by_source = [p for p in parts if p.year is None and p.funding_source != FundingSource.TOTAL]
        for check, group in (
            (Check.PROSE_YEARS_SUM, by_year),
            (Check.PROSE_SOURCES_SUM, by_source),
        ):
            if len(group) >= 2:
                finding = _sum_finding(check, total, group)
                if finding:
                    findings.append(finding)
    return findings


def _is_plain_total(figure: BudgetFigure) -> bool:
    return (
        figure.is_total
        and figure.year is None
        and figure.funding_source == FundingSource.TOTAL
        and figure.amount_vnd is not None
    )


def _clause(sections: list[Section], offset: int, starts: list[int]) -> tuple[int, int]:
    """The extent of the innermost non-bullet section holding ``offset``."""
    holder = enclosing(sections, offset, _CLAUSES, starts)
    return (holder.start, holder.end) if holder else (0, 1 << 62)


_CLAUSES = frozenset(Level) - {Level.BULLET}


def _sum_finding(check: Check, total: BudgetFigure, parts: list[BudgetFigure]) -> Finding | None:
    amounts = [p.amount_vnd for p in parts if p.amount_vnd is not None]
    if total.amount_vnd is None or len(amounts) != len(parts):
        return None
    actual = sum(amounts)
    miss = abs(Decimal(actual - total.amount_vnd))
    if miss <= tolerance_vnd(total):
        return None
    what = "years" if check is Check.PROSE_YEARS_SUM else "funding sources"
    listed = " + ".join(p.raw for p in parts)
    keys = [p.year if check is Check.PROSE_YEARS_SUM else p.funding_source for p in parts]
    uncertain = _sum_uncertainty(total, parts, miss, keys)
    message = (
        f"the {what} add up to {_vnd(actual)} ({listed}), "
        f"not to the stated total {total.raw} ({_vnd(total.amount_vnd)})"
    )
    if uncertain is not None:
        return Finding(
            check,
            Severity.WARNING,
            f"{message} (uncertain: {uncertain})",
            str(total.amount_vnd),
            str(actual),
            total.start,
            total.end,
        )
    return Finding(
        check, check.severity, message, str(total.amount_vnd), str(actual), total.start, total.end
    )


def rounding_vnd(figures: Iterable[BudgetFigure]) -> Decimal:
    """How far a sum of rounded figures may stray from the sum of their exact values, in VND:
    half a unit of each one's last printed digit."""
    return sum((tolerance_vnd(f) for f in figures), Decimal(0))


def _sum_uncertainty(
    total: BudgetFigure, parts: list[BudgetFigure], miss: Decimal, keys: Sequence[object]
) -> str | None:
    """What makes a prose sum that misses uncertain, or None when its arithmetic is certain."""
    if len(set(keys)) < len(keys):
        return "two figures name the same year or source, so they may not be parts of the total"
    if miss <= tolerance_vnd(total) + rounding_vnd(parts):
        return f"the miss of {_vnd(miss)} is within the rounding of the {len(parts)} printed parts"
    return None


# "44.993/138.529 triệu đồng": an amount executed against the amount planned, one money unit after
# both (An Giang's review of 2013-2015, data/raw/001_…: "(32%/KH: 44.993/138.529 triệu đồng).
# Trong đó kinh phí Trung ương đạt 7,7%/KH (800/10.335 triệu đồng), ngân sách tỉnh đạt 82%
# (11.305/13.863 triệu đồng), nguồn khác chỉ đạt 28,7% (32.887/114.331 triệu đồng)").
_NUMBER = r"\d+(?:[.,]\d+)*"
_EXECUTED_PAIR = re.compile(
    rf"(?<![\d.,/])(?P<done>{_NUMBER})[^\S\n]*/[^\S\n]*(?P<planned>{_NUMBER})"
)
_PARTS_OPEN = re.compile(r"\btrong\s+đó\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"\.\s*(?:\n\s*\n|\n?\s*[A-ZĐÀ-Ỹ0-9]|\Z)|;|\n\s*[-+•]")
_MAX_GAP = 160  # characters between a total and "Trong đó", or between two parts


@dataclass(frozen=True, slots=True)
class _Executed:
    """One "executed/planned unit" pair: both amounts as printed, in VND."""

    start: int
    end: int
    raw: tuple[str, str]
    vnd: tuple[int, int]
    tolerance: tuple[Decimal, Decimal]  # half a unit of each one's last printed digit, in VND


def _executed_pairs(text: str) -> list[_Executed]:
    pairs = []
    for m in _EXECUTED_PAIR.finditer(text):
        unit = money_unit_re().match(text, m.end())
        if unit is None or not (unit.group("scale") or unit.group("currency")):
            continue
        done = parse_amount(f"{m['done']} {unit.group().strip()}")
        planned = parse_amount(f"{m['planned']} {unit.group().strip()}")
        if done is None or planned is None:
            continue
        if done.amount_vnd is None or planned.amount_vnd is None:  # a foreign currency
            continue
        pairs.append(
            _Executed(
                m.start(),
                unit.end(),
                (m["done"], m["planned"]),
                (done.amount_vnd, planned.amount_vnd),
                (
                    half_unit_vnd(done.value, done.multiplier),
                    half_unit_vnd(planned.value, planned.multiplier),
                ),
            )
        )
    return pairs


def check_executed_parts(doc: Document) -> list[Finding]:
    """An amount executed against the amount planned ("44.993/138.529 triệu đồng") followed, after
    "Trong đó", by the same pair for each funding source: the parts against the total, for the
    executed and for the planned amounts apart.

    An error when a sum misses by more than the rounding of the printed figures can explain
    (half a unit of the last digit of the total and of each part); a warning that says so when
    it misses within that rounding; nothing when it adds up within the total's half unit.
    """
    text = doc.text
    pairs = _executed_pairs(text)
    findings = []
    i = 0
    while i < len(pairs):
        total = pairs[i]
        gap = text[total.end : pairs[i + 1].start] if i + 1 < len(pairs) else ""
        opening = _PARTS_OPEN.search(gap)
        if opening is None or len(gap) > _MAX_GAP:
            i += 1
            continue
        parts = [pairs[i + 1]]
        j = i + 2
        while j < len(pairs):
            between = text[pairs[j - 1].end : pairs[j].start]
            if (
                len(between) > _MAX_GAP
                or _SENTENCE_END.search(between)
                or _PARTS_OPEN.search(between)
            ):
                break
            parts.append(pairs[j])
            j += 1
        if len(parts) >= 2:
            for side, name in ((0, "executed"), (1, "planned")):
                finding = _executed_finding(total, parts, side, name)
                if finding is not None:
                    findings.append(finding)
        i = j
    return findings


def _executed_finding(
    total: _Executed, parts: list[_Executed], side: int, name: str
) -> Finding | None:
    actual = sum(p.vnd[side] for p in parts)
    stated = total.vnd[side]
    miss = abs(Decimal(actual - stated))
    if miss <= total.tolerance[side]:
        return None
    rounding = total.tolerance[side] + sum(p.tolerance[side] for p in parts)
    listed = " + ".join(p.raw[side] for p in parts)
    message = (
        f"the {name} amounts by source add up to {_vnd(actual)} ({listed}), "
        f"not to the {name} total {total.raw[side]} ({_vnd(stated)})"
    )
    if miss <= rounding:
        return Finding(
            Check.EXECUTED_PARTS_SUM,
            Severity.WARNING,
            f"{message} (uncertain: the miss of {_vnd(miss)} is within the rounding of the "
            f"printed figures, up to {_vnd(rounding)} when each is rounded to its last digit)",
            str(stated),
            str(actual),
            total.start,
            total.end,
        )
    return Finding(
        Check.EXECUTED_PARTS_SUM,
        Check.EXECUTED_PARTS_SUM.severity,
        message,
        str(stated),
        str(actual),
        total.start,
        total.end,
    )


def check_amounts_in_words(doc: Document) -> list[Finding]:
    """An amount in digits followed by the same amount in words that says something else."""
    findings = []
    for check in _digit_word_pairs(doc.text):
        if check.agrees:
            continue
        words_value = check.words_value
        findings.append(
            Finding(
                check=Check.DIGITS_WORDS_MISMATCH,
                severity=Check.DIGITS_WORDS_MISMATCH.severity,
                message=(
                    f"{check.raw!r} in digits is {_vnd(check.digits_value)}, "
                    f"in words {check.words_raw!r} is "
                    + (_vnd(words_value) if words_value is not None else "unreadable")
                ),
                expected=str(check.digits_value),
                actual=str(int(words_value)) if words_value is not None else None,
                start=check.start,
                end=check.words_end,
            )
        )
    return findings


# Only where "đồng (" opens words in parentheses is a digits-and-words pair possible: the check
# reads a window around each such place rather than the whole text.
_WORDS_OPENING = re.compile(r"đồng\s*\(", re.IGNORECASE)
_WINDOW_BEFORE, _WINDOW_AFTER = 80, 400


def _digit_word_pairs(text: str) -> list[numerals.DigitsWordsCheck]:
    pairs: dict[tuple[int, int], numerals.DigitsWordsCheck] = {}
    for m in _WORDS_OPENING.finditer(text):
        offset = max(0, m.start() - _WINDOW_BEFORE)
        window = text[offset : m.end() + _WINDOW_AFTER]
        for check in numerals.check_digits_against_words(window):
            moved = replace(
                check,
                start=check.start + offset,
                end=check.end + offset,
                words_start=check.words_start + offset,
                words_end=check.words_end + offset,
            )
            pairs.setdefault((moved.start, moved.end), moved)
    return sorted(pairs.values(), key=lambda c: c.start)


_ANNEX_CITE = re.compile(r"kèm theo\W*$", re.IGNORECASE)


def check_annex_citations(
    doc: Document,
    refs: Iterable[LegalRef],
    number: Sourced[str] | None,
    issue_date: Sourced[dt.date] | None,
    plan_start: int | None,
) -> list[Finding]:
    """The annex and its appendices must cite the decision they are issued with."""
    if number is None or plan_start is None:
        return []
    findings = []
    for ref in refs:
        if ref.start < plan_start or ref.ref_type != RefType.quyet_dinh:
            continue
        before = fold_for_matching(doc.text[max(0, ref.start - 40) : ref.start])
        if not _ANNEX_CITE.search(before.replace("được ban hành tại", "kèm theo")):
            continue
        if ref.is_incomplete and ref.number is None:
            continue  # blank fields: reported by check_citations
        wrong_number = ref.number is not None and ref.number != number.value
        wrong_date = (
            issue_date is not None and ref.ref_date is not None and ref.ref_date != issue_date.value
        )
        if wrong_number or wrong_date:
            expected = (
                f"{number.value} ngày {issue_date.value:%d/%m/%Y}" if issue_date else number.value
            )
            actual = (
                f"{ref.number} ngày {ref.ref_date:%d/%m/%Y}" if ref.ref_date else str(ref.number)
            )
            findings.append(
                Finding(
                    check=Check.ANNEX_DECISION_MISMATCH,
                    severity=Check.ANNEX_DECISION_MISMATCH.severity,
                    message=(
                        f"the annex cites Quyết định {actual} as the decision it is issued with; "
                        f"the header is Quyết định {expected}"
                    ),
                    expected=expected,
                    actual=actual,
                    start=ref.start,
                    end=ref.end,
                )
            )
    return findings


def check_citations(refs: Iterable[LegalRef]) -> list[Finding]:
    """Citations with blank fields, numbers whose year disagrees with their date, and numbers
    whose issuer code names another ministry than the one printed with them."""
    findings = []
    for ref in refs:
        if ref.is_incomplete:
            findings.append(
                Finding(
                    check=Check.CITATION_BLANK_FIELDS,
                    severity=Check.CITATION_BLANK_FIELDS.severity,
                    message=f"the citation {ref.raw!r} leaves its number or date blank",
                    actual=ref.raw,
                    start=ref.start,
                    end=ref.end,
                )
            )
        elif number_year_mismatch(ref):
            findings.append(
                Finding(
                    check=Check.REF_NUMBER_DATE_MISMATCH,
                    severity=Check.REF_NUMBER_DATE_MISMATCH.severity,
                    message=(
                        f"{ref.number} carries another year than its date {ref.ref_date:%d/%m/%Y}"
                        if ref.ref_date
                        else f"{ref.number}"
                    ),
                    expected=str(ref.ref_date.year) if ref.ref_date else None,
                    actual=ref.number,
                    start=ref.start,
                    end=ref.end,
                )
            )
        named = issuer_mismatch(ref.number, ref.issuer) if ref.number and ref.issuer else None
        if named is not None:
            findings.append(
                Finding(
                    check=Check.REF_NUMBER_ISSUER_MISMATCH,
                    severity=Check.REF_NUMBER_ISSUER_MISMATCH.severity,
                    message=(
                        f"{ref.number} names {named} by its issuer code, "
                        f"but is cited as issued by {ref.issuer}"
                    ),
                    expected=named,
                    actual=ref.issuer,
                    start=ref.start,
                    end=ref.end,
                )
            )
    return findings


# "Phụ lục số 02", "Phụ lục" alone, "Biểu 01", "Biểu số 02" ("biểu" without a number is a word:
# "tiêu biểu", "đại biểu").
_APPENDIX_REF = re.compile(
    r"\b(?:(?P<kind>phụ\s+lục)\s*(?:số\s*)?(?P<number>\d+)?"
    r"|(?P<kind2>biểu)\s+(?:số\s*)?(?P<number2>\d+))",
    re.IGNORECASE,
)


# The words under a report form's own heading: "Biểu số 104/LĐVL-Sở / Ban hành kèm theo TT số
# 02/2025/TT-BLĐTBXH" (Thông tư 02/2025/TT-BLĐTBXH prints each of its forms so).
_FORM_ISSUED_WITH = "ban hành kèm theo"


def _form_numbers(text: str) -> set[str]:
    """The numbers of the report forms the file holds: a "Biểu số N" that opens a line and is
    followed by "Ban hành kèm theo …" heads the form itself, it does not refer to one."""
    numbers = set()
    for m in _APPENDIX_REF.finditer(text):
        number = m.group("number2")
        if not number or text[text.rfind("\n", 0, m.start()) + 1 : m.start()].strip():
            continue  # a "Phụ lục", or a "Biểu số" inside a line of prose
        tail = " ".join(fold_for_matching(text[m.end() : m.end() + 40]).split())
        if _FORM_ISSUED_WITH in tail:
            numbers.add(number.lstrip("0"))
    return numbers


def check_appendix_references(doc: Document, sections: list[Section]) -> list[Finding]:
    """An appendix the text refers to ("Phụ lục số 02 kèm theo") that the file does not hold;
    a report form ("Biểu số 104") is held when its own heading is there (:func:`_form_numbers`)."""
    appendices = [s for s in sections if s.level == Level.PHU_LUC]
    findings = []
    seen: set[tuple[str, str | None]] = set()
    present = _appendix_numbers(appendices)
    forms = present | _form_numbers(doc.text)  # what a "Biểu số N" may name
    # The appendices' headings, in document order and apart (own regions tile the text).
    heading_starts = [s.start for s in appendices]
    for m in _APPENDIX_REF.finditer(doc.text):
        i = bisect.bisect_right(heading_starts, m.start()) - 1
        if i >= 0 and m.start() < appendices[i].body_start:
            continue  # the appendix's own heading
        tail = fold_for_matching(doc.text[m.end() : m.end() + 40])
        if "kèm theo" not in tail and "đính kèm" not in tail:
            continue
        printed = m.group("kind") or m.group("kind2")
        kind = " ".join(fold_for_matching(printed).split())
        number = m.group("number") or m.group("number2")
        if (kind, number) in seen or (
            number.lstrip("0") in (forms if m.group("kind2") else present)
            if number
            else bool(appendices)
        ):
            continue
        seen.add((kind, number))
        name = " ".join(f"{printed} {'số ' + number if number else ''}".split())
        findings.append(
            Finding(
                check=Check.APPENDIX_MISSING,
                severity=Check.APPENDIX_MISSING.severity,
                message=f"the text refers to {name} attached, but the file holds no such appendix",
                actual=name,
                start=m.start(),
                end=m.end(),
            )
        )
    return findings


def _appendix_numbers(appendices: list[Section]) -> set[str]:
    """The numbers of the appendices the file holds, as digits without leading zeros (int()
    refuses more than 4 300 of them): a numbered appendix's number, and an unnumbered one's
    place among the appendices."""
    numbers = set()
    for position, appendix in enumerate(appendices, start=1):
        digits = re.findall(r"\d+", fold_for_matching(appendix.label or ""))
        numbers.add(digits[0].lstrip("0") if digits else str(position))
    return numbers


@dataclass(frozen=True, slots=True)
class LocatedReading:
    """A table's budget reading and where the table starts in the text."""

    table_index: int
    start: int
    reading: TableReading


_PARTS = frozenset({Level.ROMAN, Level.DIEU, Level.CHUONG, Level.PHAN, Level.MUC})
_APPENDIX = frozenset({Level.PHU_LUC})


def check_prose_against_tables(
    prose: list[BudgetFigure], readings: list[LocatedReading], sections: list[Section]
) -> list[Finding]:
    """A figure in prose against the same figure in a table: the table in the same part of the
    text, or, for a figure of the whole programme, a table in an appendix."""
    findings = []
    starts = section_starts(sections)
    tables = _ProseTables(readings, sections, starts)
    for figure in prose:
        if figure.amount_vnd is None or figure.start is None:
            continue
        part = enclosing(sections, figure.start, _PARTS, starts)
        found = tables.first(figure.funding_source, figure.year, part, figure.row_label is None)
        if found is None:
            continue
        located, value = found
        if abs(Decimal(value - figure.amount_vnd)) > tolerance_vnd(figure):
            findings.append(_table_mismatch(figure, located.reading, value))
    return findings


@dataclass(frozen=True, slots=True)
class _Giving:
    """The tables that give a figure for one funding source and year, in table order."""

    indices: list[int]  # in ``readings``
    starts: list[int]
    values: list[int]
    first_in_appendix: int | None  # position in these lists of the first in an appendix


class _ProseTables:
    """The tables a prose figure is compared with: the first table, in table order, that
    stands in the figure's part of the text (or in an appendix, for a figure of the whole
    programme) and gives a figure for its funding source and year.

    Each table's figure for a source and year is worked out once, and the tables in a part are
    found by bisection, so that N figures against M tables cost about N log M, not N × M.
    """

    def __init__(
        self, readings: list[LocatedReading], sections: list[Section], starts: list[int]
    ) -> None:
        self.readings = readings
        self.amounts = [_AmountRows(r.reading) for r in readings]
        self.in_appendix = [
            enclosing(sections, r.start, _APPENDIX, starts) is not None for r in readings
        ]
        self.in_order = all(a.start <= b.start for a, b in pairwise(readings))
        self.with_pair: dict[tuple[FundingSource, int | None], list[int]] = defaultdict(list)
        for index, amounts in enumerate(self.amounts):
            for pair in amounts.pairs:
                self.with_pair[pair].append(index)
        self._giving: dict[tuple[FundingSource, int | None], _Giving] = {}

    def first(
        self,
        funding: FundingSource,
        year: int | None,
        part: Section | None,
        appendix_too: bool,
    ) -> tuple[LocatedReading, int] | None:
        giving = self._given(funding, year)
        best: int | None = None
        if part is not None:
            if self.in_order:
                i = bisect.bisect_left(giving.starts, part.start)
                best = i if i < len(giving.starts) and giving.starts[i] < part.end else None
            else:
                best = next(
                    (i for i, s in enumerate(giving.starts) if part.start <= s < part.end), None
                )
        appendix = giving.first_in_appendix if appendix_too else None
        if appendix is not None and (best is None or appendix < best):
            best = appendix
        if best is None:
            return None
        return self.readings[giving.indices[best]], giving.values[best]

    def _given(self, funding: FundingSource, year: int | None) -> _Giving:
        key = (funding, year)
        if key not in self._giving:
            # A table gives no figure for a source and year none of its figures has.
            if funding == FundingSource.STATE:
                local = set(self.with_pair.get((FundingSource.LOCAL, year), ()))
                candidates = [
                    i for i in self.with_pair.get((FundingSource.NATIONAL, year), ()) if i in local
                ]
            else:
                candidates = self.with_pair.get(key, [])
            indices, values = [], []
            for i in candidates:
                value = self.amounts[i].value(funding, year)
                if value is not None:
                    indices.append(i)
                    values.append(value)
            first_in_appendix = next(
                (n for n, i in enumerate(indices) if self.in_appendix[i]), None
            )
            starts = [self.readings[i].start for i in indices]
            self._giving[key] = _Giving(indices, starts, values, first_in_appendix)
        return self._giving[key]


def _table_mismatch(figure: BudgetFigure, reading: TableReading, value: int) -> Finding:
    what = figure.funding_source.value + (f" {figure.year}" if figure.year else "")
    title = f" {reading.title!r}" if reading.title else ""
    message = f"the text says {figure.raw} ({what}), the table{title} gives {_vnd(value)}"
    expected, actual = str(value), str(figure.amount_vnd)
    if convention_guessed(reading):
        return Finding(
            Check.PROSE_TABLE_MISMATCH,
            Severity.WARNING,
            f"{message} (uncertain: the table's numbers read two ways and its sums do not tell "
            "which; read in the Vietnamese convention)",
            expected,
            actual,
            figure.start,
            figure.end,
        )
    return Finding(
        Check.PROSE_TABLE_MISMATCH,
        Check.PROSE_TABLE_MISMATCH.severity,
        message,
        expected,
        actual,
        figure.start,
        figure.end,
    )


def convention_guessed(reading: TableReading) -> bool:
    """Whether the table's two-way numbers were read in a convention its sums did not decide."""
    return any(
        f.check is Check.NUMBER_CONVENTION and f.severity is Severity.WARNING
        for f in reading.findings
    )


def table_value(reading: TableReading, funding: FundingSource, year: int | None) -> int | None:
    """The table's figure for a funding source and year, in VND: its total row's cell, else the
    sum of its top-level rows (a row without the year counts as the sum of its children)."""
    return _AmountRows(reading).value(funding, year)


_Row = list[BudgetFigure]


class _AmountRows:
    """A table's amounts by row (label and item), with each row's children, for
    :func:`table_value`: worked out once a table, not once a row."""

    def __init__(self, reading: TableReading) -> None:
        rows: dict[tuple[str | None, str | None], _Row] = defaultdict(list)
        for f in reading.figures:
            if f.measure == Measure.AMOUNT and f.amount_vnd is not None:
                rows[(f.row_label, f.item)].append(f)
        self.total_rows = [
            r for r in rows.values() if any(f.is_total and f.year is not None for f in r)
        ]
        totals = {id(r) for r in self.total_rows}
        self.top = [
            r for r in rows.values() if id(r) not in totals and r[0].parent_row_label is None
        ]
        self.children: dict[str, list[_Row]] = defaultdict(list)
        for r in rows.values():
            if r[0].parent_row_label:
                self.children[r[0].parent_row_label].append(r)
        self.pairs = {(f.funding_source, f.year) for r in rows.values() for f in r}

    def value(self, funding: FundingSource, year: int | None) -> int | None:
        if funding == FundingSource.STATE:
            national = self.value(FundingSource.NATIONAL, year)
            local = self.value(FundingSource.LOCAL, year)
            return national + local if national is not None and local is not None else None
        for row in self.total_rows:
            for f in row:
                if f.year == year and f.funding_source == funding:
                    return f.amount_vnd
        below: dict[str, int | None] = {}  # a label's children's sum, each worked out once

        def row_value(row: _Row) -> int | None:
            for f in row:
                if f.year == year and f.funding_source == funding:
                    return f.amount_vnd
            label = row[0].row_label
            if not label:
                return None
            if label not in below:
                below[label] = sum_of(self.children.get(label, []))
            return below[label]

        def sum_of(rows: list[_Row]) -> int | None:
            found = [v for v in map(row_value, rows) if v is not None]
            return sum(found) if found else None

        return sum_of(self.top)


def check_targets_against_tables(
    doc: Document,
    content_lines: Iterable[Item[ContentArea]],
    readings: list[LocatedReading],
    period: tuple[int, int] | None,
) -> list[Finding]:
    """A target of a content line ("Tổ chức 05 hội nghị tập huấn nghiệp vụ") against the same
    quantity in a table (Cao Bằng's Biểu 01, row II.3: "Số hội thảo, tập huấn kỹ thuật, nghiệp
    vụ mới tổ chức được | Hội nghị | 1 | | 1 | | 1 | 3"), only where the match is certain:

    - same scope: the content line's area is the area of the table row's group heading
      ("II. Nội dung 2: Nâng cao năng lực quản lý"), read by the same keywords
      (:func:`pipeline.build.programme.categorize`), and not ``other``;
    - same unit noun: the target's unit is the row's unit column, compared folded (``cơ sở CNNT``
      is not ``Cơ sở``); the only target with it in that area that is not yearly, and the only
      row with it under groups of that area in all the document's tables;
    - same period: the target is exact (no khoảng, từ … đến), has no rate (``/năm``, ``/05
      năm``) and is not yearly (``mỗi năm``); the row's figure is its total over the years, and
      the table's year columns lie in the plan period.

    Anything short of that gives no finding (Cao Bằng's "khoảng 5 hội nghị" of Nội dung 8 is not
    exact). A match of words, not of arithmetic: the finding is a warning.
    """
    if period is None:
        return []
    found: dict[tuple[ContentArea, str], list[Target]] = defaultdict(list)
    for item in content_lines:
        if item.kind is ContentArea.OTHER:
            continue
        for target in extract_targets(item, doc.text):
            if target.unit is not None and target.amount_vnd is None and not target.per_year:
                found[(item.kind, fold_phrase(target.unit))].append(target)
    rows: dict[tuple[ContentArea, str], list[tuple[LocatedReading, BudgetFigure]]]
    rows = defaultdict(list)
    for located in readings:
        years = {f.year for f in located.reading.figures if f.year is not None}
        in_period = bool(years) and all(period[0] <= y <= period[1] for y in years)
        for f in located.reading.figures:
            if not (f.measure is Measure.QUANTITY and f.unit_of_measure and f.year is None):
                continue
            area = _group_area(doc.text, located.start, f)
            if f.is_total and area is not None:
                key = (area, fold_phrase(f.unit_of_measure))
                rows[key].append((located, f if in_period else replace(f, value=None)))
    findings = []
    for key, targets in found.items():
        matched = rows.get(key, [])
        if len(targets) != 1 or len(matched) != 1:
            continue
        [target], [(located, row)] = targets, matched
        if (
            target.qualifier is not Qualifier.EXACT
            or target.value_max is not None
            or target.per is not None
            or row.value is None
            or row.value == target.value
        ):
            continue
        findings.append(_target_mismatch(target, located.reading, row))
    return findings


def _group_area(text: str, table_start: int, row: BudgetFigure) -> ContentArea | None:
    """The content area of the group heading a table row stands under: the nearest line above
    the row, in its table, that opens with the row's parent label ("II." for row II.3)."""
    label = row.parent_row_label
    if not label or row.start is None:
        return None
    opening = re.compile(rf"^[\s|]*{re.escape(label.rstrip('.'))}\.?[\s|]", re.MULTILINE)
    heading = None
    for m in opening.finditer(text, table_start, row.start):
        heading = m
    if heading is None:
        return None
    line = text[heading.end() : text.find("\n", heading.end())]
    area = categorize(line.replace("|", " ").replace("\t", " "))
    return None if area is ContentArea.OTHER else area


def _target_mismatch(target: Target, reading: TableReading, row: BudgetFigure) -> Finding:
    title = f" {reading.title!r}" if reading.title else ""
    label = ".".join(x.rstrip(".") for x in (row.parent_row_label, row.row_label) if x)
    label = f"row {label} " if label else "row "
    return Finding(
        Check.TARGET_TABLE_MISMATCH,
        Check.TARGET_TABLE_MISMATCH.severity,
        f"the text sets {target.text!r} for the period; the table{title}, {label}"
        f"({row.item!r}), gives {row.raw} {row.unit_of_measure} in all",
        expected=row.raw,
        actual=target.text,
        start=target.start,
        end=target.end,
    )


def check_unread_pages(document: Document) -> list[Finding]:
    """A warning naming the pages of a PDF the reader could not read (scanned, or their text set
    sideways): the document's records say nothing of what they hold."""
    pages = document.unread_pages
    if not pages:
        return []
    runs: list[list[int]] = []
    for page in pages:
        if runs and page == runs[-1][-1] + 1:
            runs[-1].append(page)
        else:
            runs.append([page])
    listed = ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)
    of = f" of {document.n_pages}" if document.n_pages else ""
    return [
        Finding(
            Check.PAGES_UNREAD,
            Check.PAGES_UNREAD.severity,
            f"{len(pages)}{of} pages not read (a scanned image, or text set sideways; no OCR): "
            f"pages {listed}",
            actual=listed,
        )
    ]
