"""``extract(path) -> Extraction``: the one call that the CLI, the flows, the tests and a
notebook all make to turn a source file into records.

It never raises for bad input: a file that cannot be read gives an Extraction with
``failed=True`` and a single ``extract_failed`` issue row naming the reason, under
``province=unknown`` / ``period=unknown``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from extractors.model import Document, ExtractionError
from extractors.text import extract_text_file
from normalizers.refs import LegalRef, find_legal_refs
from pipeline.findings import Finding, Severity, Sourced
from pipeline.metadata import Metadata, extract_metadata
from pipeline.records import (
    DocumentRecord,
    IssueRecord,
    LegalRefRecord,
    Provenance,
    Record,
    SectionRecord,
)
from pipeline.segment import Section, segment
from pipeline.version import extractor_version

UNKNOWN = "unknown"

# Suffix → reader. A reader takes the path and its bytes and returns a Document or raises
# ExtractionError with a reason a person understands.
EXTRACTORS: dict[str, Callable[[Path, bytes], Document]] = {
    ".txt": extract_text_file,
}


@dataclass(frozen=True, slots=True)
class Extraction:
    """The records of one source file, ready to be written."""

    doc_id: str
    source_path: str
    source_sha256: str | None
    province: str  # partition value: a slug or "unknown"
    period: str  # partition value: "<start>-<end>" or "unknown"
    records: Mapping[str, tuple[Record, ...]]
    document: Document | None = None
    metadata: Metadata | None = None
    error: str | None = None
    extracted_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    @property
    def failed(self) -> bool:
        return self.error is not None


def supported_suffixes() -> tuple[str, ...]:
    return tuple(EXTRACTORS)


def extract(
    path: str | Path,
    doc_id: str | None = None,
    *,
    extracted_at: dt.datetime | None = None,
) -> Extraction:
    """Extract one file. ``doc_id`` defaults to the file name.

    ``extracted_at`` lets a run stamp all its documents with its own start time.
    """
    path = Path(path)
    doc_id = doc_id or path.name
    extracted_at = extracted_at or dt.datetime.now(dt.UTC)
    data: bytes | None = None
    try:
        data = path.read_bytes()
        reader = EXTRACTORS.get(path.suffix.lower())
        if reader is None:
            supported = ", ".join(supported_suffixes())
            suffix = path.suffix or "(no extension)"
            raise ExtractionError(f"unsupported file type {suffix!r} (supported: {supported})")
        document = reader(path, data)
    except (ExtractionError, OSError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return _failed(path, doc_id, data, reason, extracted_at)
    return build_extraction(document, doc_id, extracted_at)


def _failed(
    path: Path, doc_id: str, data: bytes | None, reason: str, extracted_at: dt.datetime
) -> Extraction:
    issue = IssueRecord(
        doc_id=doc_id,
        source_path=str(path),
        check="extract_failed",
        severity=Severity.ERROR,
        message=f"{path.name}: {reason}",
    )
    return Extraction(
        doc_id=doc_id,
        source_path=str(path),
        source_sha256=hashlib.sha256(data).hexdigest() if data is not None else None,
        province=UNKNOWN,
        period=UNKNOWN,
        records={"documents": (), "issues": (issue,)},
        error=reason,
        extracted_at=extracted_at,
    )


def build_extraction(document: Document, doc_id: str, extracted_at: dt.datetime) -> Extraction:
    """Records from a Document that an extractor has read."""
    metadata = extract_metadata(document)
    record = _document_record(document, metadata, doc_id, extracted_at)
    plan_start = metadata.plan_title.start if metadata.plan_title else None
    sections = segment(document, plan_start)
    section_records = _section_records(document, doc_id, sections)
    refs = find_legal_refs(document.text)
    ref_records = _legal_ref_records(document, doc_id, refs, sections)
    issues = tuple(_issue(document, doc_id, f) for f in metadata.findings)
    province = metadata.province.slug if metadata.province else UNKNOWN
    if metadata.period_start is not None and metadata.period_end is not None:
        period = f"{metadata.period_start}-{metadata.period_end}"
    else:
        period = UNKNOWN
    return Extraction(
        doc_id=doc_id,
        source_path=document.source_path,
        source_sha256=document.source_sha256,
        province=province,
        period=period,
        records={
            "documents": (record,),
            "sections": section_records,
            "legal_refs": ref_records,
            "issues": issues,
        },
        document=document,
        metadata=metadata,
        extracted_at=extracted_at,
    )


def section_id(index: int) -> str:
    return f"s{index:04d}"


def _section_records(
    document: Document, doc_id: str, sections: list[Section]
) -> tuple[SectionRecord, ...]:
    paths: dict[int, str] = {}
    records = []
    for section in sections:
        own = section.label or section.level.value
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


def innermost_section(sections: list[Section], offset: int) -> Section | None:
    """The section whose own region holds ``offset`` (own regions tile the text)."""
    starts = [s.start for s in sections]
    i = bisect.bisect_right(starts, offset) - 1
    return sections[i] if i >= 0 else None


def _legal_ref_records(
    document: Document, doc_id: str, refs: list[LegalRef], sections: list[Section]
) -> tuple[LegalRefRecord, ...]:
    records = []
    for i, ref in enumerate(refs):
        section = innermost_section(sections, ref.start)
        records.append(
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
                section_id=section_id(section.index) if section else None,
                raw=ref.raw,
                char_start=ref.start,
                char_end=ref.end,
                page=document.page_at(ref.start),
            )
        )
    return tuple(records)


def _issue(document: Document, doc_id: str, finding: Finding) -> IssueRecord:
    return IssueRecord(
        doc_id=doc_id,
        source_path=document.source_path,
        check=finding.check,
        severity=finding.severity,
        message=finding.message,
        expected=finding.expected,
        actual=finding.actual,
        char_start=finding.start,
        char_end=finding.end,
        page=document.page_at(finding.start) if finding.start is not None else None,
    )


def _document_record(
    document: Document, m: Metadata, doc_id: str, extracted_at: dt.datetime
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
        decision_number=m.decision_number.value if m.decision_number else None,
        issue_date=m.issue_date.value if m.issue_date else None,
        issue_place=m.issue_place.value if m.issue_place else None,
        issuer=m.issuer,
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
        total_budget_vnd=None,
        n_chars=len(document.text),
        n_lines=len(document.lines),
        n_pages=document.n_pages,
        extractor_version=extractor_version(),
        extracted_at=extracted_at,
        provenance=provenance,
    )
