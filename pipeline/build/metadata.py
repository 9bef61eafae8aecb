"""Document metadata: kind, number, date, place, issuer, province, titles, period and signer.

A decision has a header (issuer, national motto, ``Số: …``, place and date, ``QUYẾT ĐỊNH`` and
its title), legal bases, articles, a signature block, and then the annexed programme or plan with
its own title and a line ``(Ban hành kèm theo Quyết định số … ngày …)``. Copies in the wild lack
parts: some are only the annex (no header, no signer), some are a plan with no number at all.
Each fact is read from the first place that has it: the decision header, then the annex header,
then the body; the document's own number, kind and issuer by :mod:`pipeline.build.header`. What
cannot be found stays None and, where analysts need to know, a finding says so. Every value found
keeps its span in ``Document.text``. The words read by are rule tables: the document kinds
(``doc_kinds.csv``), the phrases that open the preamble (``decision_parts.csv``) and the signer
titles (``signer_titles.csv``), all read by :mod:`normalizers.documents`, and the names of the
provincial committee and its chairman (``issuer_heads.csv``, read by :mod:`normalizers.issuers`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from extractors.model import Document
from normalizers.dates import (
    PERIOD_RANGE,
    PERIOD_UNTIL,
    UNTIL_WORD,
    YEAR_NAMED,
    DateParse,
    find_dates,
)
from normalizers.documents import (
    OPENING_PARTS,
    DecisionPart,
    KindHeading,
    SignerLine,
    SignerTitle,
    decision_part_phrases,
    doc_kinds,
    document_number_pattern,
    signer_titles,
)
from normalizers.issuers import (
    IssuerRole,
    heads_in_role,
)
from normalizers.provinces import PROVINCE_UNITS, Province, find_province_names, make_province
from normalizers.text import collapse_spaces, fold_for_matching
from pipeline.build.findings import Finding, Sourced
from pipeline.build.header import (
    consolidation_number,
    continued_document,
    doc_kind,
    header_number,
    header_number_pattern,
    issuer,
    sourced_number,
)
from pipeline.kinds import Check, DocKind, IssuerLevel


@dataclass(frozen=True, slots=True)
class Signer:
    name: Sourced[str]
    title: str | None
    authority: str | None


@dataclass(frozen=True, slots=True)
class Metadata:
    doc_kind: DocKind
    plan_kind: DocKind | None
    decision_number: Sourced[str] | None
    issue_date: Sourced[dt.date] | None
    issue_place: Sourced[str] | None
    issuer: str | None
    issuer_level: IssuerLevel
    province: Province | None
    title: Sourced[str] | None
    plan_title: Sourced[str] | None
    period_start: int | None
    period_end: int | None
    signer: Signer | None
    findings: tuple[Finding, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class _Rules:
    """The patterns metadata is read with, built once from the rule tables: document kinds
    (doc_kinds.csv), decision parts (decision_parts.csv), issuer heads and signer titles."""

    annex_citation: re.Pattern[str]  # "(Ban hành kèm theo Quyết định số …"
    body_start: re.Pattern[str]  # where the preamble or body begins: the header ends there
    decision_title_line: re.Pattern[str]  # "QUYẾT ĐỊNH" alone on its line
    decision_title_stop: re.Pattern[str]
    plan_title_start: re.Pattern[str]  # "CHƯƠNG TRÌNH", "KẾ HOẠCH"
    plan_title_stop: re.Pattern[str]
    plan_kinds: tuple[tuple[str, DocKind], ...]  # folded title start → kind
    signer_titles: dict[str, SignerTitle]
    issuer: re.Pattern[str]  # "ỦY BAN NHÂN DÂN TỈNH …": its province follows


@cache
def _rules() -> _Rules:
    number = document_number_pattern(party=False)  # a party document is no decision
    decision_kinds = [k for k in doc_kinds() if k.heading is KindHeading.DECISION]
    decision_words = [k.word for k in decision_kinds]
    annex_kinds = [k for k in doc_kinds() if k.heading is KindHeading.ANNEX]
    decision_word = _alternation(decision_words)
    parts = decision_part_phrases(*OPENING_PARTS)
    committee = heads_in_role(IssuerRole.COMMITTEE)[0]
    return _Rules(
        annex_citation=re.compile(
            rf"kèm theo\s+(?:{decision_word})\s+số\s*:?\s*(?P<number>{number})?",
            re.IGNORECASE,
        ),
        body_start=re.compile(rf"^(?:{parts})", re.MULTILINE),
        decision_title_line=re.compile(rf"^(?:{_alternation(w.upper() for w in decision_words)})$"),
        decision_title_stop=re.compile(rf"^(?:{_authority_line()}|{parts})", re.IGNORECASE),
        plan_title_start=re.compile(rf"^(?:{_alternation(k.word.upper() for k in annex_kinds)})\b"),
        plan_title_stop=re.compile(
            rf"^(?:\(|Thực hiện|{decision_part_phrases(DecisionPart.LEGAL_BASIS)}"
            r"|Phần|PHẦN|Chương|I\.)"
        ),
        plan_kinds=tuple((fold_for_matching(k.word), DocKind(k.kind)) for k in annex_kinds),
        signer_titles=signer_titles(),
        # in the committee's first spelling only (any case): a header in another leaves the
        # province to the titles
        issuer=re.compile(
            rf"{re.escape(committee)}\s+(?P<unit>{'|'.join(PROVINCE_UNITS)})\s+", re.IGNORECASE
        ),
    )


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _authority_line() -> str:
    """How the line naming the enacting authority above the preamble starts, which ends the
    decision's title: the committee's name spelled out ("ỦY BAN NHÂN DÂN TỈNH …"), its last word
    possibly wrapped to the next line, or its chairman's post ("CHỦ TỊCH ỦY BAN NHÂN DÂN …")."""
    spelled = [name for name in heads_in_role(IssuerRole.COMMITTEE) if " " in name]
    posts = {
        head.removesuffix(name).strip()
        for head in heads_in_role(IssuerRole.CHAIRMAN)
        for name in spelled
        if head.endswith(f" {name}")
    }
    return _alternation([name.rsplit(" ", 1)[0] for name in spelled] + sorted(posts))


_PERIOD_RANGE = re.compile(PERIOD_RANGE)  # matched on folded titles
_PERIOD_UNTIL = re.compile(PERIOD_UNTIL)
_YEAR_NAMED = re.compile(YEAR_NAMED, re.IGNORECASE)
_NAME_WORD = r"[A-ZĐÀ-Ỹ][a-zđà-ỹ]+"
_PERSON_NAME = re.compile(rf"^{_NAME_WORD}(?: {_NAME_WORD}){{1,4}}$")
_DECORATION = "*|_# \t"


def _clean(line: str) -> str:
    """A line without the markdown and cell decoration web copies add (``**``, ``|``)."""
    return line.replace("**", "").strip(_DECORATION)


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where the parts of the document are, as offsets into ``Document.text``."""

    header_end: int  # the header is text[:header_end]
    plan_start: int | None  # first line of the annexed programme's title
    has_decision_header: bool


def _find_layout(doc: Document) -> _Layout:
    text = doc.text
    body = _rules().body_start.search(text)
    header_end = body.start() if body else min(len(text), 2000)
    plan_start = None
    for line in doc.lines:
        if _rules().plan_title_start.match(_clean(line.text)) and _clean(line.text).isupper():
            plan_start = line.start
            break
    header = text[:header_end]
    has_header = bool(header_number_pattern().search(header)) or any(
        _rules().decision_title_line.match(_clean(line)) for line in header.splitlines()
    )
    if plan_start is not None and plan_start < header_end and not has_header:
        header_end = plan_start + len(text[plan_start:header_end])
    return _Layout(header_end, plan_start, has_header)


def _decision_number(doc: Document, layout: _Layout) -> Sourced[str] | None:
    """The header's number; else the number of the decision the annexed programme cites; else
    the number of the document a gazette issue goes on with."""
    if layout.has_decision_header and (number := header_number(doc, layout.header_end)):
        return number
    citation = _annex_citation(doc, layout)
    if citation and citation.group("number"):
        return sourced_number(citation, group="number")
    continued = continued_document(doc)
    return continued[0] if continued else None


def _annex_citation(doc: Document, layout: _Layout) -> re.Match[str] | None:
    """The ``(Ban hành kèm theo Quyết định số …)`` line under the programme's title."""
    start = layout.plan_start or 0
    return _rules().annex_citation.search(doc.text, start, start + 1500)


def _place_and_date(
    doc: Document, layout: _Layout
) -> tuple[Sourced[str] | None, Sourced[dt.date] | None]:
    if layout.has_decision_header:
        for found in find_dates(doc.text[: layout.header_end]):
            if found.value is None:
                continue
            # The place stands before the date in its own line or cell (a header laid out as
            # a table gives "Số: 3355/QĐ-UBND\tHưng Yên, ngày …").
            line_start = max(doc.text.rfind(sep, 0, found.start) for sep in "\n\t|") + 1
            before = doc.text[line_start : found.start]
            place = _clean(before).rstrip(", ")
            place_start = line_start + before.find(place)
            place_span = Sourced(place, place_start, place_start + len(place)) if place else None
            return place_span, Sourced(found.value, found.start, found.end)
    citation = _annex_citation(doc, layout)
    if citation:
        window = doc.text[citation.end() : citation.end() + 120]
        dates: list[DateParse] = find_dates(window)
        if dates and dates[0].value is not None and dates[0].start < 20:
            d = dates[0]
            return None, Sourced(d.value, citation.end() + d.start, citation.end() + d.end)  # type: ignore[arg-type]
    return None, None


def _title_after(doc: Document, start_line: int, stop: re.Pattern[str]) -> Sourced[str] | None:
    """Title lines following line ``start_line`` until a blank-after-text line or ``stop``."""
    parts: list[str] = []
    first = last = None
    for line in doc.lines[start_line + 1 : start_line + 8]:
        cleaned = _clean(line.text)
        if not cleaned:
            if parts:
                break
            continue
        if stop.match(cleaned):
            break
        parts.append(cleaned)
        first = line.start if first is None else first
        last = line.end
    if not parts or first is None or last is None:
        return None
    return Sourced(collapse_spaces(" ".join(parts)), first, last)


def _titles(doc: Document, layout: _Layout) -> tuple[Sourced[str] | None, Sourced[str] | None]:
    decision_title = None
    if layout.has_decision_header:
        for i, line in enumerate(doc.lines):
            if line.start >= layout.header_end:
                break
            if _rules().decision_title_line.match(_clean(line.text)):
                decision_title = _title_after(doc, i, _rules().decision_title_stop)
                break
    plan_title = None
    if layout.plan_start is not None:
        for i, line in enumerate(doc.lines):
            if line.start == layout.plan_start:
                head = _clean(line.text)
                rest = _title_after(doc, i, _rules().plan_title_stop)
                text = collapse_spaces(f"{head} {rest.value}") if rest else head
                end = rest.end if rest else line.end
                plan_title = Sourced(text, line.start, end)
                break
    return decision_title, plan_title


def _plan_kind(plan_title: Sourced[str] | None) -> DocKind | None:
    if plan_title is None:
        return None
    folded = fold_for_matching(plan_title.value)
    return next((kind for word, kind in _rules().plan_kinds if folded.startswith(word)), None)


def _province(doc: Document, layout: _Layout, titles: list[Sourced[str] | None]) -> Province | None:
    """The issuing province: from the issuer line, else the titles, else the opening text."""
    head = doc.text[: max(layout.header_end, 3000)]
    for m in _rules().issuer.finditer(head):
        names = find_province_names(head[m.end() : m.end() + 40])
        if names:
            return make_province(names[0])
    for title in titles:
        if title is not None:
            names = find_province_names(title.value)
            if names:
                return make_province(names[0])
    names = find_province_names(head)
    return make_province(names[0]) if names else None


def _period(
    doc: Document,
    layout: _Layout,
    titles: list[Sourced[str] | None],
    issue_year: int | None,
) -> tuple[int | None, int | None, list[Finding]]:
    """The plan's first and last year, from its title; see the README for the rules."""
    for title in titles:
        if title is None:
            continue
        folded = fold_for_matching(title.value)
        if m := _PERIOD_RANGE.search(folded):
            return int(m["start"]), int(m["end"]), []
        if m := _PERIOD_UNTIL.search(folded):
            end = int(m["year"])
            start = _first_budget_year(doc, layout, issue_year, end)
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
    doc: Document, layout: _Layout, issue_year: int | None, end: int
) -> int | None:
    """The first year after the issue that the programme text names outside a date."""
    start = layout.plan_start or 0
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


def _signature_blocks(doc: Document) -> list[tuple[list[str], Sourced[str]]]:
    """Signature blocks: the title lines (authority, post) above a person's name."""
    titles = _rules().signer_titles
    blocks = []
    lines = doc.lines
    for i, line in enumerate(lines):
        if fold_for_matching(_clean(line.text)) not in titles:
            continue
        if i > 0 and fold_for_matching(_clean(lines[i - 1].text)) in titles:
            continue  # not the first line of its block
        heads: list[str] = []
        for nxt in lines[i : i + 10]:
            cleaned = _clean(nxt.text)
            if not cleaned:
                continue
            if _PERSON_NAME.match(cleaned):
                start = nxt.start + nxt.text.index(cleaned)
                blocks.append((heads, Sourced(cleaned, start, start + len(cleaned))))
                break
            if not cleaned.isupper():
                break
            heads.append(cleaned)
    return blocks


def _signer(doc: Document) -> tuple[Signer | None, list[Finding]]:
    blocks = _signature_blocks(doc)
    if not blocks:
        return None, []
    titles = _rules().signer_titles
    heads, name = blocks[0]
    authorities: list[str] = []
    title = implied = None
    unknown: list[str] = []
    for head in heads:
        known = titles.get(fold_for_matching(head))
        if known is None:
            unknown.append(head)
        elif known.kind is SignerLine.AUTHORITY:
            authorities.append(known.canonical)
            implied = known.implied_title or implied
        else:
            title = known.canonical
    findings = []
    if title is None:
        # Another block signed by the same person (the annex often repeats it) may print it right.
        for other_heads, other_name in blocks[1:]:
            if other_name.value == name.value:
                for head in other_heads:
                    known = titles.get(fold_for_matching(head))
                    if known is not None and known.kind is SignerLine.TITLE:
                        title = known.canonical
        title = title or implied
        if unknown:
            findings.append(
                Finding(
                    check=Check.SIGNER_TITLE_UNREADABLE,
                    severity=Check.SIGNER_TITLE_UNREADABLE.severity,
                    message=(
                        f"the signature block prints {' / '.join(unknown)!r} where the signer's "
                        f"post belongs; read as {title!r}"
                    ),
                    expected=title,
                    actual=" / ".join(unknown),
                    start=name.start,
                    end=name.end,
                )
            )
    authority = " / ".join(authorities) or None
    return Signer(name=name, title=title, authority=authority), findings


def extract_metadata(doc: Document) -> Metadata:
    """Read the metadata of one document."""
    layout = _find_layout(doc)
    findings: list[Finding] = []
    decision_title, plan_title = _titles(doc, layout)
    titles = [decision_title, plan_title]
    number = consolidation_number(doc) or _decision_number(doc, layout)
    place, issue_date = _place_and_date(doc, layout)
    province = _province(doc, layout, titles)
    plan_kind = _plan_kind(plan_title)
    issue_year = issue_date.value.year if issue_date else None
    period_start, period_end, period_findings = _period(doc, layout, titles, issue_year)
    findings += period_findings
    signer, signer_findings = _signer(doc)
    findings += signer_findings
    has_header = layout.has_decision_header
    kind = doc_kind(doc, layout.header_end, has_header, number, plan_kind)
    issuer_name, issuer_level = issuer(doc, layout.header_end, has_header, number, province)
    if number is None:
        findings.append(
            Finding(
                Check.DECISION_NUMBER_MISSING,
                Check.DECISION_NUMBER_MISSING.severity,
                "no decision number in the text",
            )
        )
    if issue_date is None:
        findings.append(
            Finding(
                Check.ISSUE_DATE_MISSING,
                Check.ISSUE_DATE_MISSING.severity,
                "no issue date in the text",
            )
        )
    if province is None:
        findings.append(
            Finding(
                Check.PROVINCE_UNKNOWN,
                Check.PROVINCE_UNKNOWN.severity,
                "no issuing province found; the rows go under province=unknown",
            )
        )
    if period_start is None or period_end is None:
        findings.append(
            Finding(
                Check.PERIOD_UNKNOWN,
                Check.PERIOD_UNKNOWN.severity,
                "no plan period found in the titles; the rows go under period=unknown",
            )
        )
    return Metadata(
        doc_kind=kind,
        plan_kind=plan_kind,
        decision_number=number,
        issue_date=issue_date,
        issue_place=place,
        issuer=issuer_name,
        issuer_level=issuer_level,
        province=province,
        title=decision_title or plan_title,
        plan_title=plan_title,
        period_start=period_start,
        period_end=period_end,
        signer=signer,
        findings=tuple(findings),
    )
