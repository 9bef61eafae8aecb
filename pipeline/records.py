"""The typed records qdx writes, one class per dataset, each defined once.

The Parquet schema (:func:`pipeline.schema.arrow_schema`) and the validation of every row (pydantic,
at construction) both come from these classes; nothing restates the columns elsewhere. Column
meanings are documented in ``docs/datasets.md``.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from extractors.model import SourceFormat
from normalizers.refs import RefType, Relation
from pipeline.findings import Severity
from pipeline.metadata import DocKind
from pipeline.segment import Level


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Provenance(Record):
    """Where in the source a value was read: a span of the normalised text and its page."""

    field: str
    char_start: int
    char_end: int
    page: int | None = None


class DocumentRecord(Record):
    doc_id: str
    source_path: str
    source_sha256: str
    source_format: SourceFormat
    source_encoding: str | None
    doc_kind: DocKind
    plan_kind: DocKind | None
    decision_number: str | None
    issue_date: dt.date | None
    issue_place: str | None
    issuer: str | None
    province_name: str | None
    province_slug: str | None
    province_current: str | None
    title: str | None
    plan_title: str | None
    period_start: int | None
    period_end: int | None
    signer_name: str | None
    signer_title: str | None
    signer_authority: str | None
    total_budget_vnd: int | None
    n_chars: int
    n_lines: int
    n_pages: int | None
    extractor_version: str
    extracted_at: dt.datetime
    provenance: tuple[Provenance, ...]


class IssueRecord(Record):
    doc_id: str
    source_path: str
    check: str
    severity: Severity
    message: str
    expected: str | None = None
    actual: str | None = None
    char_start: int | None = None
    char_end: int | None = None
    page: int | None = None


class SectionRecord(Record):
    doc_id: str
    section_id: str
    parent_id: str | None
    level: Level
    label: str | None
    path: str
    heading: str
    text: str
    char_start: int
    char_end: int
    page: int | None


class LegalRefRecord(Record):
    doc_id: str
    ref_id: str
    ref_number: str | None
    ref_type: RefType
    ref_title: str | None
    ref_date: dt.date | None
    ref_date_raw: str | None
    ref_issuer: str | None
    relation: Relation
    is_incomplete: bool
    section_id: str | None
    raw: str
    char_start: int
    char_end: int
    page: int | None


# Dataset name → the record class of its rows. The writer writes exactly these.
DATASETS: dict[str, type[Record]] = {
    "documents": DocumentRecord,
    "sections": SectionRecord,
    "legal_refs": LegalRefRecord,
    "issues": IssueRecord,
}
