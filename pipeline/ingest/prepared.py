"""Step 3 of a run: one file extracted and its records validated into Arrow tables.

Never raises for a bad file: a file that cannot be read, an extractor's bug and a record that
does not fit its dataset's schema each give a failed document with an issue row saying why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.build.assemble import UNKNOWN, issue_record
from pipeline.build.extract import Extraction, extract
from pipeline.build.findings import Finding
from pipeline.ingest.duplicates import identity
from pipeline.ingest.sources import Source
from pipeline.kinds import Check
from pipeline.records import DATASETS, Record
from pipeline.schema import arrow_schema
from pipeline.store.writer import (
    DOCUMENT_DATASETS,
    is_partition_value,
    issue_counts,
    records_table,
)


@dataclass(frozen=True, slots=True)
class Prepared:
    """One document's rows as Arrow tables checked against the datasets' schemas."""

    doc_id: str
    source_path: str
    source_sha256: str | None
    province: str
    period: str
    tables: Mapping[str, pa.Table]
    error: str | None = None
    n_issues: int = 0
    n_errors: int = 0
    from_cache: bool = False
    identity: str | None = None  # the decision it is, across files (pipeline.duplicates)

    @property
    def failed(self) -> bool:
        return self.error is not None


def prepare(source: Source, extracted_at: dt.datetime) -> Prepared:
    """Extract one file and validate its records. Never raises for a bad file, nor for a bug in
    an extractor: either gives a failed document with an ``extract_failed`` issue row (a folder
    that cannot be read: ``folder_unreadable``)."""
    if source.error is not None:
        return failed_prepared(source, source.error, extracted_at)
    try:
        extraction = extract(source.path, source.doc_id, extracted_at=extracted_at)
    except Exception as exc:
        reason = f"internal error: {type(exc).__name__}: {exc}"
        extraction = _failed_extraction(source, reason, extracted_at)
    return validate(extraction)


def failed_prepared(source: Source, reason: str, extracted_at: dt.datetime) -> Prepared:
    """A failed document for ``source`` with an ``extract_failed`` issue row saying ``reason``
    (a worker process that died on it: :mod:`pipeline.ingest.pool`)."""
    return validate(_failed_extraction(source, reason, extracted_at))


def _failed_extraction(source: Source, reason: str, extracted_at: dt.datetime) -> Extraction:
    if source.folder:
        check = Check.FOLDER_UNREADABLE
        reason = f"{reason}; the documents under it keep their rows until it can be read"
    else:
        check = Check.EXTRACT_FAILED
    name = source.doc_id.rstrip("/").rsplit("/", 1)[-1] or source.source_path
    finding = Finding(check, check.severity, f"{name}: {reason}")
    return Extraction(
        doc_id=source.doc_id,
        source_path=source.source_path,
        source_sha256=source.sha256,
        province=UNKNOWN,
        period=UNKNOWN,
        records={
            "documents": (),
            "issues": (issue_record(source.doc_id, source.source_path, finding),),
        },
        error=reason,
        extracted_at=extracted_at,
    )


def validate_table(dataset: str, table: pa.Table, doc_id: str) -> list[str]:
    """What is wrong with one dataset's table of one document: its schema against
    :func:`pipeline.schema.arrow_schema` of the record class, nulls in non-nullable columns,
    rows of another document. Empty when nothing is."""
    schema = arrow_schema(DATASETS[dataset])
    if not table.schema.equals(schema):
        return [f"schema differs from {DATASETS[dataset].__name__}: {table.schema}"]
    problems = [
        f"column {f.name} has {table.column(f.name).null_count} nulls but is not nullable"
        for f in schema
        if not f.nullable and table.column(f.name).null_count
    ]
    if "doc_id" in schema.names and table.num_rows:
        others = pc.sum(pc.not_equal(table.column("doc_id"), pa.scalar(doc_id))).as_py()
        if others:
            problems.append(f"{others} rows carry another doc_id")
    return problems


def validate(extraction: Extraction) -> Prepared:
    """An extraction's records as Arrow tables in the datasets' schemas.

    The record classes validate every row at construction; this checks what they cannot: that
    every value fits its Arrow type (an amount beyond int64, a decimal beyond 38 digits), that
    each dataset holds rows of its own class, that non-nullable columns have no nulls, that every
    row carries the document's id and that the partition values are safe folder names. Any
    violation fails the document alone: its rows are not written, an ``issues`` row with check
    ``validation_failed`` says what was wrong.
    """
    tables: dict[str, pa.Table] = {}
    problems: list[tuple[str, str]] = []
    for dataset, rows in extraction.records.items():
        if dataset not in DOCUMENT_DATASETS:
            problems.append((dataset, f"{len(rows)} records of an unknown dataset"))
            continue
        if not rows:
            continue
        model = DOCUMENT_DATASETS[dataset]
        strangers = {type(row).__name__ for row in rows if type(row) is not model}
        if strangers:
            problems.append((dataset, f"records of {', '.join(sorted(strangers))}"))
            continue
        try:
            table = records_table(dataset, rows)
        except _CONVERSION_ERRORS as exc:
            problems.append((dataset, _unconvertible(dataset, rows) or _reason(exc)))
            continue
        problems.extend((dataset, p) for p in validate_table(dataset, table, extraction.doc_id))
        tables[dataset] = table
    for name, value in (("province", extraction.province), ("period", extraction.period)):
        if not is_partition_value(value):
            problems.append(("partition", f"unsafe {name} value {value!r}"))
    if problems:
        return _invalid(extraction, problems, tables)
    return _prepared(extraction, tables)


_CONVERSION_ERRORS = (pa.ArrowException, ValueError, TypeError, OverflowError)


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _unconvertible(dataset: str, rows: Sequence[Record]) -> str | None:
    """Which column of a dataset's rows does not fit its Arrow type, and why."""
    dumped = [row.model_dump() for row in rows]
    for f in arrow_schema(DATASETS[dataset]):
        values = [d.get(f.name) for d in dumped]
        try:
            pa.array(values, type=f.type)
        except _CONVERSION_ERRORS as exc:
            bad = next((v for v in values if not _fits(v, f.type)), None)
            return f"column {f.name} ({f.type}): {_reason(exc)} (value {str(bad)[:60]})"
    return None


def _fits(value: object, arrow_type: pa.DataType) -> bool:
    try:
        pa.array([value], type=arrow_type)
    except _CONVERSION_ERRORS:
        return False
    return True


def _prepared(extraction: Extraction, tables: dict[str, pa.Table]) -> Prepared:
    n_issues, n_errors = issue_counts(tables.get("issues"))
    return Prepared(
        doc_id=extraction.doc_id,
        source_path=extraction.source_path,
        source_sha256=extraction.source_sha256,
        province=extraction.province,
        period=extraction.period,
        tables=tables,
        error=extraction.error,
        n_issues=n_issues,
        n_errors=n_errors,
        identity=identity(tables.get("documents")),
    )


def _invalid(
    extraction: Extraction, problems: list[tuple[str, str]], tables: dict[str, pa.Table]
) -> Prepared:
    rows = [
        issue_record(
            extraction.doc_id,
            extraction.source_path,
            Finding(
                Check.VALIDATION_FAILED,
                Check.VALIDATION_FAILED.severity,
                f"{dataset}: {problem}"[:2000],
            ),
        )
        for dataset, problem in problems
    ]
    failed = records_table("issues", rows)
    issues = tables.get("issues")
    if issues is not None and not any(dataset == "issues" for dataset, _ in problems):
        failed = pa.concat_tables([issues, failed])
    safe = all(is_partition_value(v) for v in (extraction.province, extraction.period))
    dataset, problem = problems[0]
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    n_issues, n_errors = issue_counts(failed)
    return Prepared(
        doc_id=extraction.doc_id,
        source_path=extraction.source_path,
        source_sha256=extraction.source_sha256,
        province=extraction.province if safe else UNKNOWN,
        period=extraction.period if safe else UNKNOWN,
        tables={"issues": failed},
        error=f"validation failed: {dataset}: {problem}"[:500] + more,
        n_issues=n_issues,
        n_errors=n_errors,
    )
