"""From a Document to the rows of every dataset: the records of one source file.

The steps are pure: metadata, segmentation, legal references, objectives, content lines,
targets, budget figures from prose and tables, and the checks that fill the ``issues`` ledger.
Every row carries the span of the source text it came from and its page.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from extractors.model import Document
from normalizers.amounts import VND
from normalizers.refs import LegalRef, find_legal_refs
from normalizers.text import fold_for_matching
from pipeline import schema
from pipeline.build import budget, checks
from pipeline.build.budget_model import BudgetFigure
from pipeline.build.budget_prose import extract_prose_budget
from pipeline.build.budget_tables import read_budget_table
from pipeline.build.findings import Finding, Sourced
from pipeline.build.metadata import Metadata, extract_metadata
from pipeline.build.programme import Item, extract_content_lines, extract_objectives
from pipeline.build.segment import Section, innermost, logical_lines, section_starts, segment
from pipeline.build.statements import statement_openings
from pipeline.build.tables import find_text_tables
from pipeline.build.targets import extract_targets
from pipeline.build.topic import TopicReading, programme_items, programme_root, read_topic
from pipeline.kinds import (
    BudgetRole,
    BudgetScope,
    Check,
    ContentArea,
    FundingSource,
    Measure,
    ObjectiveKind,
)
from pipeline.records import (
    BudgetLineRecord,
    ContentLineRecord,
    DocumentRecord,
    IssueRecord,
    LegalRefRecord,
    ObjectiveRecord,
    Provenance,
    Record,
    SectionRecord,
    TargetRecord,
)
from pipeline.version import extractor_version

UNKNOWN = "unknown"
#: The province partition of a national body's document, which has no province: kept apart from
#: the documents whose province could not be found.
NATIONAL = "national"


@dataclass(frozen=True, slots=True)
class Built:
    records: dict[str, tuple[Record, ...]]
    metadata: Metadata
    province: str  # partition value: a slug, "national" or "unknown"
    period: str  # partition value: "<start>-<end>" or "unknown"


def _period(metadata: Metadata) -> tuple[int, int] | None:
    start, end = metadata.period_start, metadata.period_end
    return (start, end) if start is not None and end is not None else None


def section_id(index: int) -> str:
    return f"s{index:04d}"


def build_records(document: Document, doc_id: str, extracted_at: dt.datetime) -> Built:
    """Every record of one document."""
    metadata = extract_metadata(document)
    plan_start = metadata.plan_title.start if metadata.plan_title else None
    lines = logical_lines(document)  # read by both segment and extract_prose_budget
    sections = segment(document, plan_start, lines)
    locate = _Locator(document, sections, metadata.period_start)
    title_start = metadata.title.start if metadata.title else None
    refs = find_legal_refs(document.text, statement_openings(sections, title_start, plan_start))
    topic = read_topic(document, metadata.title, metadata.plan_title, sections)
    programme = programme_root(sections, plan_start)
    objectives = programme_items(
        extract_objectives(document.text, sections), topic.topic, programme
    )
    content_lines = programme_items(
        extract_content_lines(document.text, sections), topic.topic, programme
    )
    prose = extract_prose_budget(document, sections, lines)
    readings = read_tables(document)
    table_starts = {r.table_index: r.start for r in readings}
    figures = prose + [f for r in readings for f in r.reading.figures]
    money = [f for f in prose if _summable(f)]
    findings = [
        *metadata.findings,
        *checks.check_prose_budget(money, sections),
        *[f for r in readings for f in r.reading.findings],
        *checks.check_prose_against_tables(money, _current_cells(readings), sections),
        *checks.check_targets_against_tables(document, content_lines, readings, _period(metadata)),
        *checks.check_amounts_in_words(document),
        *checks.check_executed_parts(document),
        *checks.check_annex_citations(
            document, refs, metadata.decision_number, metadata.issue_date, plan_start
        ),
        *checks.check_citations(refs),
        *checks.check_appendix_references(document, sections),
        *checks.check_unread_pages(document),
    ]
    oversized = [m for f in figures if (m := _budget_misfit(f)) is not None]
    left_out = {m.figure for m in oversized}
    prose = [f for f in prose if f not in left_out]
    figures = [f for f in figures if f not in left_out]
    targets, oversized_targets = _target_records(
        document, doc_id, objectives, content_lines, locate
    )
    oversized += oversized_targets
    findings += _out_of_range_findings(oversized)
    total = _total_budget(
        [f for f in prose if _summable(f)],
        [f for f in figures if f.role is not BudgetRole.PREVIOUS],
        locate,
        table_starts,
    )
    total_misfits = schema.misfits(DocumentRecord, {"total_budget_vnd": total})
    if total_misfits:  # figures that fit may add up to a total that does not
        findings.append(_total_out_of_range(total, total_misfits))
        total = None
    records: dict[str, tuple[Record, ...]] = {
        "documents": (_document_record(document, metadata, topic, doc_id, extracted_at, total),),
        "sections": _section_records(document, doc_id, sections),
        "objectives": _objective_records(doc_id, objectives, locate),
        "content_lines": _content_line_records(doc_id, content_lines, locate),
        "targets": targets,
        "budget_lines": (budget_lines := _budget_records(doc_id, figures, locate, table_starts)),
        "budget": budget.select_budget(doc_id, budget_lines, topic.topic),
        "legal_refs": _legal_ref_records(doc_id, refs, locate),
        "issues": tuple(
            issue_record(doc_id, document.source_path, f, locate.page(f.start)) for f in findings
        ),
    }
    if metadata.province is not None:
        province = metadata.province.slug
    else:
        province = NATIONAL if metadata.national else UNKNOWN
    if metadata.period_start is not None and metadata.period_end is not None:
        period = f"{metadata.period_start}-{metadata.period_end}"
    else:
        period = UNKNOWN
    return Built(records, metadata, province, period)


_RANGE = re.compile(r"(\d{4})\s*[-–—]\s*(\d{4})")
_REVIEW_HEADING = re.compile(r"^(kết quả|đánh giá|tình hình thực hiện)")


class _Locator:
    """Where an offset of the text sits: its section, page, and whether it reviews the past."""

    def __init__(self, document: Document, sections: list[Section], period_start: int | None):
        self.document = document
        self.sections = sections
        self.period_start = period_start
        self._starts = section_starts(sections)
        self._scopes: dict[int, BudgetScope] = {}  # section index → scope, worked out once

    def section(self, offset: int) -> Section | None:
        return innermost(self.sections, offset, self._starts)

    def section_id(self, offset: int | None) -> str | None:
        section = self.section(offset) if offset is not None else None
        return section_id(section.index) if section else None

    def page(self, offset: int | None) -> int | None:
        return self.document.page_at(offset) if offset is not None else None

    def scope(self, offset: int | None) -> BudgetScope:
        """``review`` inside a part that reports on a past period, else ``plan``."""
        section = self.section(offset) if offset is not None else None
        if section is None:
            return BudgetScope.PLAN
        if section.index not in self._scopes:
            self._scopes[section.index] = self._section_scope(section)
        return self._scopes[section.index]

    def _section_scope(self, section: Section | None) -> BudgetScope:
        """The scope of a section: ``review`` when it or a part above it is headed as one."""
        while section is not None:
            heading = fold_for_matching(section.heading)
            if _REVIEW_HEADING.match(heading):
                return BudgetScope.REVIEW
            for m in _RANGE.finditer(heading):
                if self.period_start is not None and int(m.group(2)) < self.period_start:
                    return BudgetScope.REVIEW
            section = self.sections[section.parent] if section.parent is not None else None
        return BudgetScope.PLAN


def read_tables(document: Document) -> list[checks.LocatedReading]:
    """Budget readings of the document's tables: those the format delivers (DOCX, PDF), else
    those laid out in its text."""
    tables = list(document.tables) or find_text_tables(document)
    readings = []
    for index, table in enumerate(tables):
        reading = read_budget_table(document, table, index)
        if reading is not None:
            readings.append(checks.LocatedReading(index, table.start or 0, reading))
    return readings


def _total_budget(
    prose: list[BudgetFigure],
    figures: list[BudgetFigure],
    locate: _Locator,
    table_starts: dict[int, int],
) -> int | None:
    """The programme's total: its largest stated total in prose, else in its tables, else its
    state budget (all sources but the beneficiaries' counterpart funds)."""

    def plan(f: BudgetFigure) -> bool:
        return (
            locate.scope(_offset(f, table_starts)) == BudgetScope.PLAN and f.amount_vnd is not None
        )

    def grand(f: BudgetFigure) -> bool:
        return f.is_total and f.year is None and f.funding_source == FundingSource.TOTAL

    tables = [f for f in figures if f.table_index is not None and f.measure == Measure.AMOUNT]
    for group in (prose, tables):
        totals = [f.amount_vnd for f in group if plan(f) and grand(f) and f.amount_vnd]
        if totals:
            return max(totals)
    state = [
        f.amount_vnd
        for f in prose
        if plan(f)
        and f.year is None
        and f.funding_source in (FundingSource.NATIONAL, FundingSource.LOCAL, FundingSource.STATE)
        and f.amount_vnd is not None
    ]
    return sum(state) if state else None


def _summable(figure: BudgetFigure) -> bool:
    """A prose figure that is part of the programme's money: not a rate ("3.200.000 đồng/hộ"),
    not a foreign amount, not the old figure an amending decision quotes (role ``previous``)."""
    return figure.per is None and figure.currency == VND and figure.role is not BudgetRole.PREVIOUS


def _current_cells(readings: list[checks.LocatedReading]) -> list[checks.LocatedReading]:
    """The readings without the old column of a comparison table (role ``previous``) and without
    the cells of a rate table (role ``rate``: "Đơn vị: Đồng/người"), which are no amounts of the
    programme to hold the prose against."""
    return [
        replace(
            r,
            reading=replace(
                r.reading,
                figures=tuple(
                    f
                    for f in r.reading.figures
                    if f.role not in (BudgetRole.PREVIOUS, BudgetRole.RATE)
                ),
            ),
        )
        for r in readings
    ]


def _offset(figure: BudgetFigure, table_starts: dict[int, int]) -> int | None:
    """Where a figure is; a derived table cell is where its table is."""
    if figure.start is not None or figure.table_index is None:
        return figure.start
    return table_starts.get(figure.table_index)


def _section_records(
    document: Document, doc_id: str, sections: list[Section]
) -> tuple[SectionRecord, ...]:
    paths: dict[int, str] = {}
    records = []
    for section in sections:
        own = _path_label(section.label or section.level.value)
        parent_path = paths.get(section.parent) if section.parent is not None else None
        paths[section.index] = f"{parent_path} / {own}" if parent_path else own
        records.append(
            SectionRecord(
                doc_id=doc_id,
                section_id=section_id(section.index),
                parent_id=section_id(section.parent) if section.parent is not None else None,
                level=section.level,
                label=section.label,
                path=paths[section.index],
                heading=section.heading,
                text=section.own_text(document.text),
                char_start=section.start,
                char_end=section.end,
                page=document.page_at(section.start),
            )
        )
    return tuple(records)


# A label longer than this is cut in paths: every section below repeats its path, so a label
# of megabytes ("1.1.1…", "Phụ lục 111…") would be copied once for each of them. The longest
# label in the corpus has 36 characters.
_PATH_LABEL_CHARS = 80


def _path_label(label: str) -> str:
    return label if len(label) <= _PATH_LABEL_CHARS else label[: _PATH_LABEL_CHARS - 1] + "…"


def objective_id(i: int) -> str:
    return f"o{i:04d}"


def line_id(i: int) -> str:
    return f"c{i:04d}"


def _objective_records(
    doc_id: str, items: list[Item[ObjectiveKind]], locate: _Locator
) -> tuple[ObjectiveRecord, ...]:
    return tuple(
        ObjectiveRecord(
            doc_id=doc_id,
            objective_id=objective_id(i),
            kind=item.kind,
            label=item.label,
            text=item.text,
            section_id=section_id(item.section.index),
            char_start=item.section.start,
            char_end=item.section.end,
            page=locate.page(item.section.start),
        )
        for i, item in enumerate(items)
    )


def _content_line_records(
    doc_id: str, items: list[Item[ContentArea]], locate: _Locator
) -> tuple[ContentLineRecord, ...]:
    return tuple(
        ContentLineRecord(
            doc_id=doc_id,
            line_id=line_id(i),
            section_id=section_id(item.section.index),
            category=item.kind,
            label=item.label,
            heading=item.section.heading,
            text=item.text,
            char_start=item.section.start,
            char_end=item.section.end,
            page=locate.page(item.section.start),
        )
        for i, item in enumerate(items)
    )


def _target_records(
    document: Document,
    doc_id: str,
    objectives: list[Item[ObjectiveKind]],
    content_lines: list[Item[ContentArea]],
    locate: _Locator,
) -> tuple[tuple[TargetRecord, ...], list[_Misfit]]:
    """The targets of every objective and content line, and those too large for their row."""
    owners: list[tuple[str, Item[ObjectiveKind] | Item[ContentArea]]]
    owners = [(objective_id(i), o) for i, o in enumerate(objectives)]
    owners += [(line_id(i), c) for i, c in enumerate(content_lines)]
    records: list[TargetRecord] = []
    oversized: list[_Misfit] = []
    for ref_id, item in owners:
        for target in extract_targets(item, document.text):
            columns = schema.misfits(
                TargetRecord,
                {
                    "value": target.value,
                    "value_max": target.value_max,
                    "amount_vnd": target.amount_vnd,
                },
            )
            if columns:
                oversized.append(
                    _Misfit(
                        "targets",
                        target.text,
                        repr(target.text),
                        target.start,
                        target.end,
                        tuple(columns),
                    )
                )
                continue
            records.append(
                TargetRecord(
                    doc_id=doc_id,
                    target_id=f"t{len(records):04d}",
                    ref_id=ref_id,
                    value=target.value,
                    value_max=target.value_max,
                    qualifier=target.qualifier,
                    unit=target.unit,
                    per=target.per,
                    per_year=target.per_year,
                    amount_vnd=target.amount_vnd,
                    text=target.text,
                    char_start=target.start,
                    char_end=target.end,
                    page=locate.page(target.start),
                )
            )
    return tuple(records), oversized


def _budget_records(
    doc_id: str, figures: list[BudgetFigure], locate: _Locator, table_starts: dict[int, int]
) -> tuple[BudgetLineRecord, ...]:
    holders = [
        s.index if f.table_index is None and (s := locate.section(f.start or 0)) else None
        for f in figures
    ]
    prose = budget.prose_rows(holders, [s.parent for s in locate.sections])
    return tuple(
        BudgetLineRecord(
            doc_id=doc_id,
            budget_line_id=f"b{i:04d}",
            table_id=f"tbl{f.table_index:02d}" if f.table_index is not None else None,
            scope=locate.scope(_offset(f, table_starts)),
            row_label=f.row_label,
            parent_row_label=f.parent_row_label,
            item=f.item,
            unit_of_measure=f.unit_of_measure,
            year=f.year,
            measure=f.measure,
            funding_source=f.funding_source,
            value=_decimal(f.value),
            amount_vnd=f.amount_vnd,
            currency=f.currency if f.measure is Measure.AMOUNT else None,
            per=f.per,
            is_total=f.is_total,
            is_derived=f.is_derived,
            raw=f.raw,
            section_id=locate.section_id(_offset(f, table_starts)),
            char_start=f.start,
            char_end=f.end,
            page=locate.page(f.start),
            **_row_structure(f, holder, parent),
        )
        for i, (f, holder, parent) in enumerate(zip(figures, holders, prose, strict=True))
    )


def _row_structure(
    f: BudgetFigure, holder: int | None, prose: tuple[int | None, int]
) -> dict[str, Any]:
    """The row columns of a budget line (``row_id`` …, see BudgetLineRecord)."""
    if f.table_index is not None and f.row_index is not None:
        up = f.parent_row_index
        return {
            "row_id": budget.table_row_id(f.table_index, f.row_index),
            "parent_row_id": budget.table_row_id(f.table_index, up) if up is not None else None,
            "depth": f.depth,
            "is_group": f.is_group,
            "table_title": f.table_title,
            "role": f.role,  # only `previous`, for the old column of a comparison table
        }
    parent, depth = prose
    return {
        "row_id": section_id(holder) if holder is not None else None,
        "parent_row_id": section_id(parent) if parent is not None else None,
        "depth": depth if holder is not None else None,
        "role": f.role,
    }


_BUDGET_VALUE_TYPE = schema.arrow_schema(BudgetLineRecord).field("value").type


def _decimal(value: Decimal | None) -> Decimal | None:
    """A budget line's value at the scale of its column: more decimals than that are not
    printed."""
    return schema.to_scale(value, _BUDGET_VALUE_TYPE) if value is not None else None


@dataclass(frozen=True, slots=True)
class _Misfit:
    """A figure that does not fit its row: which dataset, where, and which columns."""

    dataset: str
    raw: str  # as printed; empty for a derived table cell
    what: str  # the figure in a message
    start: int | None
    end: int | None
    columns: tuple[str, ...]  # as schema.misfits says them
    figure: BudgetFigure | None = None


def _budget_misfit(figure: BudgetFigure) -> _Misfit | None:
    """What of its budget line ``figure`` would not fit, if anything."""
    columns = schema.misfits(
        BudgetLineRecord, {"value": _decimal(figure.value), "amount_vnd": figure.amount_vnd}
    )
    if not columns:
        return None
    what = repr(figure.raw) if figure.raw else f"a derived cell of row {figure.row_label or ''}"
    return _Misfit(
        "budget_lines", figure.raw, what, figure.start, figure.end, tuple(columns), figure
    )


def _out_of_range_findings(misfits: list[_Misfit]) -> list[Finding]:
    """One ``figure_out_of_range`` warning per figure, naming every dataset it is left out of
    (an amount in an objective is both a target and a budget line), in text order."""
    groups: list[list[_Misfit]] = []
    by_span: dict[tuple[int, int | None], list[_Misfit]] = {}
    for m in misfits:
        if m.start is None:  # a derived cell: no span to share
            groups.append([m])
            continue
        if (m.start, m.end) not in by_span:
            by_span[m.start, m.end] = []
            groups.append(by_span[m.start, m.end])
        by_span[m.start, m.end].append(m)
    groups.sort(key=lambda group: (group[0].start is None, group[0].start or 0))
    findings = []
    for group in groups:
        first = group[0]
        columns = "; ".join(dict.fromkeys(c for m in group for c in m.columns))
        datasets = " and ".join(dict.fromkeys(m.dataset for m in group))
        findings.append(
            Finding(
                check=Check.FIGURE_OUT_OF_RANGE,
                severity=Check.FIGURE_OUT_OF_RANGE.severity,
                message=f"{first.what} is left out of {datasets}: {columns}",
                actual=first.raw or None,
                start=first.start,
                end=first.end,
            )
        )
    return findings


def _total_out_of_range(total: int | None, columns: list[str]) -> Finding:
    """The warning for a total of figures that fit that does not fit itself."""
    return Finding(
        check=Check.FIGURE_OUT_OF_RANGE,
        severity=Check.FIGURE_OUT_OF_RANGE.severity,
        message=f"the programme's total is left empty: {'; '.join(columns)}",
        actual=str(total),
    )


def _legal_ref_records(
    doc_id: str, refs: list[LegalRef], locate: _Locator
) -> tuple[LegalRefRecord, ...]:
    return tuple(
        LegalRefRecord(
            doc_id=doc_id,
            ref_id=f"r{i:04d}",
            ref_number=ref.number,
            ref_type=ref.ref_type,
            ref_title=ref.title,
            ref_date=ref.ref_date,
            ref_date_raw=ref.date_raw,
            ref_issuer=ref.issuer,
            relation=ref.relation,
            is_incomplete=ref.is_incomplete,
            section_id=locate.section_id(ref.start),
            raw=ref.raw,
            char_start=ref.start,
            char_end=ref.end,
            page=locate.page(ref.start),
        )
        for i, ref in enumerate(refs)
    )


def issue_record(
    doc_id: str, source_path: str, finding: Finding, page: int | None = None
) -> IssueRecord:
    """A finding as a row of the ``issues`` dataset."""
    return IssueRecord(
        doc_id=doc_id,
        source_path=source_path,
        check=finding.check,
        severity=finding.severity,
        message=finding.message,
        expected=finding.expected,
        actual=finding.actual,
        char_start=finding.start,
        char_end=finding.end,
        page=page,
    )


def _document_record(
    document: Document,
    m: Metadata,
    topic: TopicReading,
    doc_id: str,
    extracted_at: dt.datetime,
    total_budget_vnd: int | None,
) -> DocumentRecord:
    sourced: dict[str, Sourced[object] | None] = {
        "decision_number": m.decision_number,
        "issue_date": m.issue_date,
        "issue_place": m.issue_place,
        "title": m.title,
        "plan_title": m.plan_title,
        "signer_name": m.signer.name if m.signer else None,
    }
    provenance = tuple(
        Provenance(
            field=name,
            char_start=value.start,
            char_end=value.end,
            page=document.page_at(value.start),
        )
        for name, value in sourced.items()
        if value is not None
    )
    province = m.province
    return DocumentRecord(
        doc_id=doc_id,
        source_path=document.source_path,
        source_sha256=document.source_sha256,
        source_format=document.source_format,
        source_encoding=document.encoding,
        doc_kind=m.doc_kind,
        plan_kind=m.plan_kind,
        topic=topic.topic,
        topic_evidence=topic.record(document),
        decision_number=m.decision_number.value if m.decision_number else None,
        issue_date=m.issue_date.value if m.issue_date else None,
        issue_place=m.issue_place.value if m.issue_place else None,
        issuer=m.issuer,
        issuer_level=m.issuer_level,
        province_name=province.name if province else None,
        province_slug=province.slug if province else None,
        province_current=province.current_name if province else None,
        title=m.title.value if m.title else None,
        plan_title=m.plan_title.value if m.plan_title else None,
        period_start=m.period_start,
        period_end=m.period_end,
        signer_name=m.signer.name.value if m.signer else None,
        signer_title=m.signer.title if m.signer else None,
        signer_authority=m.signer.authority if m.signer else None,
        total_budget_vnd=total_budget_vnd,
        n_chars=len(document.text),
        n_lines=len(document.lines),
        n_pages=document.n_pages,
        extractor_version=extractor_version(),
        extracted_at=extracted_at,
        provenance=provenance,
    )
