"""Document metadata: kind, number, date, place, issuer, province, titles, period and signer.

A decision has a header (issuer, national motto, ``Số: …``, place and date, ``QUYẾT ĐỊNH`` and
its title), legal bases, articles, a signature block, and then the annexed programme or plan with
its own title and a line ``(Ban hành kèm theo Quyết định số … ngày …)``. Copies in the wild lack
parts: some are only the annex (no header, no signer), some are a plan with no number at all.
Each fact is read from the first place that has it: the decision header, then the annex header,
then the body; the document's own number, kind and issuer by :mod:`pipeline.build.header`. What
cannot be found stays None and, where analysts need to know, a finding says so. Every value found
keeps its span in ``Document.text``. The words read by are rule tables: the document kinds
(``doc_kinds.csv``) and the phrases that open the preamble (``decision_parts.csv``), both read
by :mod:`normalizers.documents`, and the names of the provincial committee and its chairman
(``issuer_heads.csv``, read by :mod:`normalizers.issuers`). The province is read by
:mod:`pipeline.build.province` (none for a national body), the place and date by
:mod:`pipeline.build.place_date`, the period by :mod:`pipeline.build.period`, the signer by
:mod:`pipeline.build.signer`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache

from extractors.model import Document
from normalizers.documents import (
    OPENING_PARTS,
    DecisionPart,
    KindHeading,
    decision_part_phrases,
    doc_kinds,
    document_number_pattern,
)
from normalizers.issuers import (
    IssuerRole,
    heads_in_role,
)
from normalizers.provinces import Province
from normalizers.text import collapse_spaces, fold_for_matching, literal_alternation
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
from pipeline.build.lines import clean_line as _clean
from pipeline.build.period import extract_period
from pipeline.build.place_date import adopted_date, extract_place_and_date
from pipeline.build.province import is_national, national_province, read_province
from pipeline.build.signer import Signer, extract_signer
from pipeline.kinds import Check, DocKind, IssuerLevel


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
    national: bool  # a national body's document: no province (pipeline.build.province)
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
    kind_title_line: re.Pattern[str]  # any kind's line under the header: "NGHỊ QUYẾT", "THÔNG TƯ"
    decision_title_stop: re.Pattern[str]
    plan_title_start: re.Pattern[str]  # "CHƯƠNG TRÌNH", "KẾ HOẠCH"
    plan_title_stop: re.Pattern[str]
    plan_kinds: tuple[tuple[str, DocKind], ...]  # folded title start → kind


@cache
def _rules() -> _Rules:
    number = document_number_pattern(party=False)  # a party document is no decision
    decision_kinds = [k for k in doc_kinds() if k.heading is KindHeading.DECISION]
    decision_words = [k.word for k in decision_kinds]
    annex_kinds = [k for k in doc_kinds() if k.heading is KindHeading.ANNEX]
    kind_words = [k.word for k in doc_kinds() if k.heading is not KindHeading.ANNEX]
    decision_word = literal_alternation(decision_words)
    parts = decision_part_phrases(*OPENING_PARTS)
    return _Rules(
        annex_citation=re.compile(
            rf"kèm theo\s+(?:{decision_word})\s+số\s*:?\s*(?P<number>{number})?",
            re.IGNORECASE,
        ),
        body_start=re.compile(rf"^(?:{parts})", re.MULTILINE),
        decision_title_line=re.compile(
            rf"^(?:{literal_alternation(w.upper() for w in decision_words)})$"
        ),
        kind_title_line=re.compile(rf"^(?:{literal_alternation(w.upper() for w in kind_words)})$"),
        decision_title_stop=re.compile(rf"^(?:{_authority_line()}|{parts})", re.IGNORECASE),
        plan_title_start=re.compile(
            rf"^(?:{literal_alternation(k.word.upper() for k in annex_kinds)})\b"
        ),
        plan_title_stop=re.compile(
            rf"^(?:\(|Thực hiện|{decision_part_phrases(DecisionPart.LEGAL_BASIS)}"
            r"|Phần|PHẦN|Chương|I\.)"
        ),
        plan_kinds=tuple((fold_for_matching(k.word), DocKind(k.kind)) for k in annex_kinds),
    )


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
    return literal_alternation([name.rsplit(" ", 1)[0] for name in spelled] + sorted(posts))


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


def _title_after(
    doc: Document, start_line: int, stop: re.Pattern[str], case_break: bool = False
) -> Sourced[str] | None:
    """Title lines following line ``start_line`` until a blank-after-text line or ``stop``;
    with ``case_break`` also where the case changes, from a title in capitals to a sentence
    ("THỂ THỨC … CỦA ĐẢNG" / "Thực hiện …") or from a title in sentence case to the enacting
    body above the preamble ("… năm 2022" / "ỦY BAN THƯỜNG VỤ QUỐC HỘI")."""
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
        if case_break and parts and cleaned.isupper() != parts[0].isupper():
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
    if decision_title is None and layout.has_decision_header:
        # another kind's title (trích yếu) under its kind line: "NGHỊ QUYẾT" / "Ban hành …"
        for i, line in enumerate(doc.lines):
            if line.start >= layout.header_end:
                break
            if _rules().kind_title_line.match(_clean(line.text)):
                decision_title = _title_after(doc, i, _rules().decision_title_stop, True)
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


def extract_metadata(doc: Document) -> Metadata:
    """Read the metadata of one document."""
    layout = _find_layout(doc)
    findings: list[Finding] = []
    decision_title, plan_title = _titles(doc, layout)
    titles = [decision_title, plan_title]
    consolidation = consolidation_number(doc)
    number = consolidation or _decision_number(doc, layout)
    # a consolidated text is dated in its authentication block, beside its number
    header = (
        (consolidation.start, consolidation.end + 300) if consolidation else (0, layout.header_end)
    )
    place, issue_date = extract_place_and_date(doc, *header, _annex_citation(doc, layout))
    if issue_date is None:  # a resolution adopted in session: dated by its closing sentence
        issue_date = adopted_date(doc)
    province = read_province(doc, layout.header_end, titles)
    plan_kind = _plan_kind(plan_title)
    issue_year = issue_date.value.year if issue_date else None
    period_start, period_end, period_findings = extract_period(
        doc, layout.plan_start, titles, issue_year
    )
    findings += period_findings
    signer, signer_findings = extract_signer(doc)
    findings += signer_findings
    has_header = layout.has_decision_header
    kind = doc_kind(doc, layout.header_end, has_header, number, plan_kind)
    issuer_name, issuer_level = issuer(doc, layout.header_end, has_header, number, province)
    national = is_national(issuer_name, issuer_level)
    if national:  # "Hà Nội, ngày …" is where a national body sits, not its province
        province = national_province(issuer_name)
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
    if province is None and not national:
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
        national=national,
        title=decision_title or plan_title,
        plan_title=plan_title,
        period_start=period_start,
        period_end=period_end,
        signer=signer,
        findings=tuple(findings),
    )
