"""The typed records qdx writes, one class per dataset, each defined once.

The Parquet schema (:func:`pipeline.schema.arrow_schema`) and the validation of every row (pydantic,
at construction) both come from these classes; nothing restates the columns elsewhere. Column
meanings are documented in ``docs/datasets.md``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from extractors.model import SourceFormat
from normalizers.amounts import Qualifier
from normalizers.refs import RefType, Relation
from pipeline.kinds import (
    BudgetScope,
    Change,
    Check,
    ContentArea,
    DocKind,
    FundingSource,
    Level,
    Measure,
    ObjectiveKind,
    Severity,
)


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
    # The document this file duplicates (same bytes, or the same decision in another file), set
    # by an ingestion run over all its documents (pipeline.duplicates); null for an original.
    duplicate_of: str | None = None


class IssueRecord(Record):
    doc_id: str
    source_path: str
    check: Check
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


class ObjectiveRecord(Record):
    doc_id: str
    objective_id: str
    kind: ObjectiveKind
    label: str | None
    text: str
    section_id: str
    char_start: int
    char_end: int
    page: int | None


class ContentLineRecord(Record):
    doc_id: str
    line_id: str
    section_id: str
    category: ContentArea
    label: str | None
    heading: str
    text: str
    char_start: int
    char_end: int
    page: int | None


class TargetRecord(Record):
    doc_id: str
    target_id: str
    ref_id: str  # an objective_id or a line_id
    value: Decimal
    value_max: Decimal | None
    qualifier: Qualifier
    unit: str | None
    amount_vnd: int | None
    text: str
    char_start: int
    char_end: int
    page: int | None


class BudgetLineRecord(Record):
    doc_id: str
    budget_line_id: str
    table_id: str | None
    scope: BudgetScope
    row_label: str | None
    parent_row_label: str | None
    item: str | None
    unit_of_measure: str | None
    year: int | None
    measure: Measure
    funding_source: FundingSource
    value: Decimal | None
    amount_vnd: int | None
    is_total: bool
    is_derived: bool
    raw: str
    section_id: str | None
    char_start: int | None
    char_end: int | None
    page: int | None


# Dataset name → the record class of its rows. The writer writes exactly these.
DATASETS: dict[str, type[Record]] = {
    "documents": DocumentRecord,
    "sections": SectionRecord,
    "objectives": ObjectiveRecord,
    "content_lines": ContentLineRecord,
    "targets": TargetRecord,
    "budget_lines": BudgetLineRecord,
    "legal_refs": LegalRefRecord,
    "issues": IssueRecord,
}


class Difference(Record):
    """One value that differs between a document's previous rows and its new ones."""

    field: str  # a documents column, or "<dataset>" (row counts), or "<dataset>[<row id>].<column>"
    old: str | None
    new: str | None


class RunRecord(Record):
    """One document touched by an ingestion run: the change log (dataset ``runs``).

    Not partitioned by province: ``OUT_DIR/runs/<started>_<run_id>.parquet``, one file per run.
    """

    run_id: str
    started_at: dt.datetime
    finished_at: dt.datetime
    doc_id: str
    source_path: str
    change: Change
    source_sha256: str | None  # of the file this run read (null for a removed file)
    previous_sha256: str | None  # of the file the previous rows were made from
    extractor_version: str
    error: str | None
    n_issues: int | None  # rows of issues written for it (null when nothing was extracted)
    n_errors: int | None  # of them, severity error
    summary: str | None  # e.g. "total_budget_vnd 8374000000 → 8424000000; 3 budget lines changed"
    differences: tuple[Difference, ...]  # for changed documents: field, old, new


DATASETS["runs"] = RunRecord
