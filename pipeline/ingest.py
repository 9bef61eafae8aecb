"""Batch ingestion: every supported file under a folder into the datasets under another.

Unchanged files (same content digest and extractor version as in the manifest) are skipped,
changed files have all their rows replaced, files that left the folder have their rows removed.
A file that fails is reported and the batch goes on. Each run appends its change log (which
documents were added, changed, removed, failed or unchanged, and for changed ones which values
differ) to the ``runs`` dataset.

The steps are separate functions so that the Prefect flow (:mod:`flows.ingest`) can run them as
tasks, batch by batch, and :func:`ingest` runs the same steps in order, without Prefect:

1. :func:`scan` — every file under RAW_DIR with its content digest;
2. :meth:`Run.plan` — against the manifest: what is unchanged, what to extract, what was removed;
3. :func:`prepare` — extract one file (:func:`pipeline.build.extract.extract`) and :func:`validate`
   its records into Arrow tables of the datasets' schemas; a violation becomes an issue row
   (``validation_failed``) and the document fails alone;
4. :func:`diff_previous` — read a changed document's rows as written now and compare;
5. :func:`write_prepared` — replace the document's files;
6. :meth:`Run.record` / :meth:`Run.finish` — the manifest and the ``runs`` dataset.

Crash safety: before a batch's files are written, its documents are listed as ``pending`` in
the manifest; each document is taken off that list, with its new entry, only after its files
are in place, and the manifest is saved after every batch. A run killed at any moment leaves
complete files (see :mod:`pipeline.store.writer`) and a manifest that sends the next run back
to every document it may have half rewritten, including one whose source has been deleted since.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from decimal import Context, Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.build.assemble import UNKNOWN, issue_record
from pipeline.build.extract import Extraction, extract
from pipeline.build.findings import Finding
from pipeline.duplicates import find_duplicates, identity, mark_duplicate
from pipeline.kinds import Change, Severity
from pipeline.records import DATASETS, Difference, Record, RunRecord
from pipeline.schema import arrow_schema
from pipeline.sources import Source, scan
from pipeline.store.writer import (
    DOCUMENT_DATASETS,
    DocumentFiles,
    ManifestEntry,
    OutDir,
    Output,
    file_key,
    index_documents,
    is_partition_value,
    load_manifest,
    locked,
    output,
    read_document,
    records_table,
    remove_document,
    remove_temporary_files,
    replace_issue_rows,
    save_manifest,
    write_document,
    write_runs,
)
from pipeline.version import extractor_version

DEFAULT_BATCH_SIZE = 20
# Columns left out when comparing a document's old and new rows: bookkeeping (the digests are
# columns of the runs dataset already) and text spans (an inserted word moves every span after it
# without changing any value).
_NOT_COMPARED = frozenset(
    {
        "doc_id",
        "source_path",
        "source_sha256",
        "extracted_at",
        "provenance",
        "char_start",
        "char_end",
        "page",
    }
)
# The id column that pairs old and new rows of each dataset; issues have none (compared as a
# multiset of their check, severity, message, expected and actual).
ROW_IDS = {
    "sections": "section_id",
    "objectives": "objective_id",
    "content_lines": "line_id",
    "targets": "target_id",
    "budget_lines": "budget_line_id",
    "legal_refs": "ref_id",
}
_MAX_ROW_DIFFERENCES = 20  # value differences listed per dataset (all are counted)


@dataclass(frozen=True, slots=True)
class Outcome:
    doc_id: str
    source_path: str
    change: Change
    province: str | None = None
    period: str | None = None
    error: str | None = None
    n_issues: int = 0
    n_errors: int = 0  # issues of severity error: what the source gets wrong
    source_sha256: str | None = None
    previous_sha256: str | None = None
    summary: str | None = None  # for a changed document: what differs, in one line
    differences: tuple[Difference, ...] = ()
    from_cache: bool = False  # the flow took the extraction from Prefect's cache


@dataclass(slots=True)
class IngestReport:
    raw_dir: Path
    out_dir: OutDir
    started_at: dt.datetime
    outcomes: list[Outcome] = field(default_factory=list)
    run_id: str = ""
    finished_at: dt.datetime | None = None
    skipped: list[str] = field(default_factory=list)  # left alone: outside the province filter
    runs_file: str | None = None  # the file of this run's rows in the runs dataset
    # Every duplicate document under OUT_DIR after the run: its original and why.
    duplicates: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Change logs of killed runs that this run wrote (see Manifest.unlogged).
    recovered_runs: list[str] = field(default_factory=list)
    # Why the run as a whole did not complete (set by the flow, which reports instead of
    # raising): the output is locked, RAW_DIR is empty, OUT could not be written.
    fatal: str | None = None
    locked: bool = False
    # Documents under a folder that could not be listed: not seen this run, their rows kept.
    kept_unseen: list[str] = field(default_factory=list)

    def count(self, change: Change) -> int:
        return sum(1 for o in self.outcomes if o.change == change)

    @property
    def exit_code(self) -> int:
        """0 when every file was extracted (warnings allowed), 1 when any file failed or the run
        could not complete, 3 when another run holds the output's lock."""
        if self.locked:
            return 3
        return 1 if self.fatal or self.count(Change.FAILED) else 0


# --- 3. prepare: extract and validate -----------------------------------------------------------


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
        return validate(_failed_extraction(source, source.error, extracted_at))
    try:
        extraction = extract(source.path, source.doc_id, extracted_at=extracted_at)
    except Exception as exc:
        reason = f"internal error: {type(exc).__name__}: {exc}"
        extraction = _failed_extraction(source, reason, extracted_at)
    return validate(extraction)


def _failed_extraction(source: Source, reason: str, extracted_at: dt.datetime) -> Extraction:
    if source.folder:
        check = "folder_unreadable"
        reason = f"{reason}; the documents under it keep their rows until it can be read"
    else:
        check = "extract_failed"
    name = source.doc_id.rstrip("/").rsplit("/", 1)[-1] or source.source_path
    finding = Finding(check, Severity.ERROR, f"{name}: {reason}")
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
    n_issues, n_errors = _issue_counts(tables.get("issues"))
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
            Finding("validation_failed", Severity.ERROR, f"{dataset}: {problem}"[:2000]),
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
    n_issues, n_errors = _issue_counts(failed)
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


def _issue_counts(issues: pa.Table | None) -> tuple[int, int]:
    if issues is None:
        return 0, 0
    errors = pc.sum(pc.equal(issues.column("severity"), pa.scalar(Severity.ERROR.value))).as_py()
    return issues.num_rows, int(errors or 0)


# --- 4. diff ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocumentDiff:
    differences: tuple[Difference, ...] = ()
    summary: str | None = None


def diff_previous(
    out_dir: OutDir | Output, prepared: Prepared, existing: DocumentFiles | None = None
) -> DocumentDiff:
    """How a document's new rows differ from the rows written now (read before they are
    replaced; ``existing``: where they are, see :func:`pipeline.store.writer.write_document`). A
    previous file that cannot be parsed is reported, not raised."""
    try:
        old = read_document(out_dir, prepared.doc_id, existing)
    except pa.ArrowInvalid as exc:
        return DocumentDiff(
            (Difference(field="(previous rows)", old=f"unreadable: {exc}", new=None),),
            "previous rows unreadable",
        )
    return compare(old, prepared.tables)


def compare(old: Mapping[str, pa.Table], new: Mapping[str, pa.Table]) -> DocumentDiff:
    """The differences between two versions of one document's tables.

    ``documents`` field by field; every other dataset by row: rows paired by their id (issues as
    a multiset), counted as changed, added or removed, with the values of up to
    ``_MAX_ROW_DIFFERENCES`` changed rows per dataset listed as ``<dataset>[<id>].<column>``.
    """
    differences: list[Difference] = []
    phrases: list[str] = []
    old_doc = _rows(old.get("documents"))
    new_doc = _rows(new.get("documents"))
    if old_doc and new_doc:
        fields = [
            Difference(field=name, old=_text(old_doc[0].get(name)), new=_text(value))
            for name, value in new_doc[0].items()
            if name not in _NOT_COMPARED and old_doc[0].get(name) != value
        ]
        differences.extend(fields)
        phrases.extend(f"{d.field} {d.old} → {d.new}" for d in fields[:3])
        if len(fields) > 3:
            phrases.append(f"{len(fields) - 3} more document fields")
    elif len(old_doc) != len(new_doc):
        differences.append(
            Difference(field="documents", old=f"{len(old_doc)} rows", new=f"{len(new_doc)} rows")
        )
        phrases.append("document row " + ("removed" if old_doc else "added"))
    for dataset in DOCUMENT_DATASETS:
        if dataset == "documents":
            continue
        before, after = _rows(old.get(dataset)), _rows(new.get(dataset))
        counts, values = _compare_rows(dataset, before, after)
        if not any(counts.values()):
            continue
        spelled = ", ".join(f"{n} {what}" for what, n in counts.items() if n)
        differences.append(
            Difference(
                field=dataset, old=f"{len(before)} rows", new=f"{len(after)} rows: {spelled}"
            )
        )
        differences.extend(values[:_MAX_ROW_DIFFERENCES])
        label = dataset.replace("_", " ")
        phrases.extend(
            f"{n} {label if n != 1 else _singular(label)} {what}" for what, n in counts.items() if n
        )
    summary = "; ".join(phrases) if phrases else "no differences in the records"
    return DocumentDiff(tuple(differences), summary)


def _compare_rows(
    dataset: str, before: list[dict[str, Any]], after: list[dict[str, Any]]
) -> tuple[dict[str, int], list[Difference]]:
    key = ROW_IDS.get(dataset)
    if key is None:
        old_rows = Counter(_comparable(row) for row in before)
        new_rows = Counter(_comparable(row) for row in after)
        added, removed = new_rows - old_rows, old_rows - new_rows
        return {
            "changed": 0,
            "added": sum(added.values()),
            "removed": sum(removed.values()),
        }, []
    old_by_id = {row[key]: row for row in before}
    new_by_id = {row[key]: row for row in after}
    values: list[Difference] = []
    changed = 0
    for row_id, row in new_by_id.items():
        previous = old_by_id.get(row_id)
        if previous is None:
            continue
        differing = [
            name
            for name in row
            if name not in _NOT_COMPARED and name != key and previous.get(name) != row[name]
        ]
        if differing:
            changed += 1
            values.extend(
                Difference(
                    field=f"{dataset}[{row_id}].{name}",
                    old=_text(previous.get(name)),
                    new=_text(row[name]),
                )
                for name in differing
            )
    return {
        "changed": changed,
        "added": len(new_by_id.keys() - old_by_id.keys()),
        "removed": len(old_by_id.keys() - new_by_id.keys()),
    }, values


def _rows(table: pa.Table | None) -> list[dict[str, Any]]:
    return [] if table is None else table.to_pylist()


def _comparable(row: dict[str, Any]) -> tuple[tuple[str, str | None], ...]:
    return tuple((k, _text(v)) for k, v in sorted(row.items()) if k not in _NOT_COMPARED)


def _singular(label: str) -> str:
    return label[:-1] if label.endswith("s") else label


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        # As wide a context as the value: the default 28 digits would round a decimal(38, 9).
        context = Context(prec=max(28, len(value.as_tuple().digits)))
        return format(value.normalize(context), "f")
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


# --- 5. write -----------------------------------------------------------------------------------


def write_prepared(
    out_dir: OutDir | Output,
    prepared: Prepared,
    existing: DocumentFiles | None = None,
    keep: ManifestEntry | None = None,
) -> list[str]:
    """Replace a document's files with its prepared tables; returns the files written.
    ``existing``: see :func:`pipeline.store.writer.write_document`.

    ``keep``: for a failed document whose rows from an earlier good extraction (this manifest
    entry) are to be kept: those rows stay, with the failure added to its ``issues`` rows (an
    earlier such row replaced), so that a temporary read error never wipes a document's data.
    """
    out = output(out_dir)
    if keep is not None and prepared.failed:
        try:
            kept = read_document(out, prepared.doc_id, existing)
        except (OSError, pa.ArrowInvalid):
            kept = {}
        if kept.get("documents") is not None:
            tables = dict(kept)
            tables["issues"] = _with_failure(kept.get("issues"), prepared, keep)
            return write_document(
                out, prepared.doc_id, keep.province, keep.period, tables, existing
            )
    return write_document(
        out, prepared.doc_id, prepared.province, prepared.period, prepared.tables, existing
    )


KEPT_NOTE = "the rows are kept from the file as read before"


def _with_failure(issues: pa.Table | None, prepared: Prepared, keep: ManifestEntry) -> pa.Table:
    failure = prepared.tables["issues"]
    checks = pc.unique(failure.column("check")).to_pylist()
    digest = (keep.source_sha256 or "")[:12]
    failure = failure.set_column(
        failure.schema.get_field_index("message"),
        failure.schema.field("message"),
        pc.binary_join_element_wise(
            failure.column("message"), pa.scalar(f"{KEPT_NOTE} (sha256 {digest}…)"), "; "
        ),
    )
    replaced = replace_issue_rows(issues, checks, failure)
    assert replaced is not None  # the failure rows are there
    return replaced


def remove_documents(out_dir: OutDir | Output, doc_ids: Iterable[str]) -> None:
    """Remove every row of these documents from every dataset."""
    out = output(out_dir)
    index = index_documents(out)
    for doc_id in doc_ids:
        remove_document(out, doc_id, index.get(file_key(doc_id), {}))


# --- 2 and 6. the run: plan, manifest, change log ----------------------------------------------


class NothingToRead(RuntimeError):
    """RAW_DIR holds no file while OUT_DIR holds documents: an unmounted share or a wrong path
    looks exactly like this, and removing every document is refused unless asked for."""


@dataclass(frozen=True, slots=True)
class Plan:
    todo: list[Source]  # to extract: new, changed, failed before, pending, or forced
    unchanged: list[Outcome]
    removed: list[str]  # doc ids whose rows are to be removed
    skipped: list[Outcome] = field(default_factory=list)  # entries not read, with the reason


class Run:
    """One ingestion run over an output folder: the manifest in memory, the outcomes so far.

    Made by :func:`open_run`, which holds the output's lock. Only the process that opened the run
    touches the manifest; the extraction, diff and write steps may run anywhere.
    """

    def __init__(
        self,
        raw_dir: Path,
        out_dir: OutDir,
        *,
        force: bool = False,
        provinces: Iterable[str] | None = None,
        run_id: str | None = None,
        started_at: dt.datetime | None = None,
        on_file: Callable[[Outcome], None] | None = None,
        allow_empty: bool = False,
    ) -> None:
        self.raw_dir = raw_dir
        self.out = output(out_dir)
        self.force = force
        self.provinces = frozenset(provinces) if provinces else None
        self.allow_empty = allow_empty
        self.started_at = started_at or dt.datetime.now(dt.UTC).replace(microsecond=0)
        self.run_id = run_id or str(uuid.uuid4())
        self.version = extractor_version()
        self.manifest = load_manifest(self.out)
        remove_temporary_files(self.out)
        self.on_file = on_file
        self.report = IngestReport(raw_dir, out_dir, self.started_at, run_id=self.run_id)
        self._saved = self._snapshot()
        self._finished = False
        self.recover_change_logs()

    # planning

    def _in_scope(self, *provinces: str | None) -> bool:
        return self.provinces is None or any(p in self.provinces for p in provinces)

    def plan(self, sources: Sequence[Source]) -> Plan:
        """What to do with each source entry, and which documents have left RAW_DIR.

        A document is removed only when RAW_DIR was listed in full where it was: one under a
        folder that could not be read keeps its rows. A listing with no entry at all while the
        manifest holds documents in scope raises :class:`NothingToRead` unless the run allows it.
        """
        todo: list[Source] = []
        unchanged: list[Outcome] = []
        skipped: list[Outcome] = []
        seen: set[str] = set()
        seen_skipped = {s.doc_id for s in sources if s.skipped is not None}
        folders = [s for s in sources if s.folder]
        for source in sources:
            if source.skipped is not None:
                skipped.append(
                    Outcome(source.doc_id, source.source_path, Change.SKIPPED, error=source.skipped)
                )
                continue
            seen.add(source.doc_id)
            previous = self.manifest.documents.get(source.doc_id)
            if (
                not self.force
                and previous is not None
                and source.doc_id not in self.manifest.pending
                and not previous.failed
                and not previous.stale
                and previous.extractor_version == self.version
                and source.sha256 is not None
                and previous.source_sha256 == source.sha256
            ):
                if self._in_scope(previous.province):
                    unchanged.append(
                        Outcome(
                            source.doc_id,
                            source.source_path,
                            Change.UNCHANGED,
                            previous.province,
                            previous.period,
                            source_sha256=source.sha256,
                            previous_sha256=previous.source_sha256,
                        )
                    )
            else:
                todo.append(source)
        gone = [
            doc_id
            for doc_id, entry in self.manifest.documents.items()
            if doc_id not in seen and self._in_scope(entry.province)
        ]
        # Half-written documents of a killed run whose source has gone since.
        gone += [
            doc_id
            for doc_id in self.manifest.pending
            if doc_id not in seen and doc_id not in self.manifest.documents
        ]
        self.manifest.skipped = {
            d: reason for d, reason in self.manifest.skipped.items() if d in seen_skipped
        }
        kept = sorted(d for d in gone if any(f.covers(d) for f in folders))
        removed = sorted(set(gone) - set(kept))
        if not seen and removed and not self.allow_empty:
            raise NothingToRead(
                f"{self.raw_dir} holds no file to read, but {self.out.url} holds "
                f"{len(removed)} documents from it: refusing to remove them all (is the folder "
                "mounted?); pass --allow-empty to remove them"
            )
        self.report.kept_unseen = kept
        return Plan(todo, unchanged, removed, skipped)

    def previous(self, doc_id: str) -> ManifestEntry | None:
        return self.manifest.documents.get(doc_id)

    def has_previous_rows(self, doc_id: str) -> bool:
        """Whether the document may have rows written now (to diff before replacing them)."""
        return doc_id in self.manifest.documents or doc_id in self.manifest.pending

    def keeps(self, prepared: Prepared) -> ManifestEntry | None:
        """For a document that failed this time, the entry of its last good rows, which are kept
        (:func:`write_prepared`); None when it has none, or did not fail."""
        previous = self.previous(prepared.doc_id)
        if prepared.failed and previous is not None and not previous.failed:
            return previous
        return None

    def take(self, prepared: Iterable[Prepared]) -> list[Prepared]:
        """The prepared documents within the province filter, listed as pending in the saved
        manifest before any of their files is written. The others are skipped (left alone)."""
        taken = []
        for p in prepared:
            previous = self.previous(p.doc_id)
            if self._in_scope(p.province, previous.province if previous else None):
                taken.append(p)
                self.manifest.pending[p.doc_id] = p.source_path
            else:
                self.report.skipped.append(p.doc_id)
        self.checkpoint()
        return taken

    # recording

    def add(self, outcome: Outcome) -> None:
        self.report.outcomes.append(outcome)
        if self._is_news(outcome):
            # Kept in the manifest until this run's change log is written (see finish).
            self.manifest.unlogged.append(self._run_row(outcome))
        if self.on_file:
            self.on_file(outcome)

    def _is_news(self, outcome: Outcome) -> bool:
        """Whether an outcome belongs in the change log: anything but an unchanged document and
        an entry skipped for the same reason as on the run before."""
        if outcome.change == Change.UNCHANGED:
            return False
        if outcome.change == Change.SKIPPED:
            if self.manifest.skipped.get(outcome.doc_id) == outcome.error:
                return False
            self.manifest.skipped[outcome.doc_id] = outcome.error or ""
        return True

    def record(self, prepared: Prepared, diff: DocumentDiff | None = None) -> Outcome:
        """A document whose files are written: its manifest entry and outcome."""
        previous = self.previous(prepared.doc_id)
        kept = self.keeps(prepared)
        if kept is not None:
            return self._record_kept(prepared, kept)
        if prepared.failed:
            change = Change.FAILED
        else:
            change = Change.ADDED if previous is None else Change.CHANGED
        self.manifest.documents[prepared.doc_id] = ManifestEntry(
            doc_id=prepared.doc_id,
            source_path=prepared.source_path,
            source_sha256=prepared.source_sha256,
            extractor_version=self.version,
            province=prepared.province,
            period=prepared.period,
            failed=prepared.failed,
            identity=prepared.identity,
        )
        self.manifest.pending.pop(prepared.doc_id, None)
        diff = diff if change == Change.CHANGED and diff else DocumentDiff()
        outcome = Outcome(
            prepared.doc_id,
            prepared.source_path,
            change,
            prepared.province,
            prepared.period,
            prepared.error,
            prepared.n_issues,
            prepared.n_errors,
            source_sha256=prepared.source_sha256,
            previous_sha256=previous.source_sha256 if previous else None,
            summary=diff.summary,
            differences=diff.differences,
            from_cache=prepared.from_cache,
        )
        self.add(outcome)
        return outcome

    def _record_kept(self, prepared: Prepared, previous: ManifestEntry) -> Outcome:
        """A document that failed this time and kept its last good rows: its entry is marked
        stale (extracted again next run), the outcome is a failure that says so."""
        self.manifest.documents[prepared.doc_id] = replace(previous, stale=True)
        self.manifest.pending.pop(prepared.doc_id, None)
        outcome = Outcome(
            prepared.doc_id,
            prepared.source_path,
            Change.FAILED,
            previous.province,
            previous.period,
            f"{prepared.error}; {KEPT_NOTE}",
            prepared.n_issues,
            prepared.n_errors,
            source_sha256=prepared.source_sha256,
            previous_sha256=previous.source_sha256,
        )
        self.add(outcome)
        return outcome

    def record_write_failure(self, prepared: Prepared, error: BaseException | str) -> Outcome:
        """A document whose files could not be written: it stays pending (redone next run)."""
        previous = self.previous(prepared.doc_id)
        outcome = Outcome(
            prepared.doc_id,
            prepared.source_path,
            Change.FAILED,
            prepared.province,
            prepared.period,
            f"could not write its rows: {error}",
            source_sha256=prepared.source_sha256,
            previous_sha256=previous.source_sha256 if previous else None,
        )
        self.add(outcome)
        return outcome

    def record_removed(self, doc_id: str) -> Outcome:
        entry = self.manifest.documents.pop(doc_id, None)
        source_path = self.manifest.pending.pop(doc_id, None)
        outcome = Outcome(
            doc_id,
            entry.source_path if entry else source_path or doc_id,
            Change.REMOVED,
            entry.province if entry else None,
            entry.period if entry else None,
            previous_sha256=entry.source_sha256 if entry else None,
        )
        self.add(outcome)
        return outcome

    # duplicates

    def mark_duplicates(self) -> None:
        """Decide over every document written which ones duplicate another, and rewrite the rows
        of those whose status changed (:mod:`pipeline.duplicates`)."""
        duplicates = find_duplicates(self.manifest.documents)
        self.report.duplicates = duplicates
        changed = [
            entry
            for doc_id, entry in sorted(self.manifest.documents.items())
            if not entry.failed and entry.duplicate_of != duplicates.get(doc_id, (None, None))[0]
        ]
        if not changed:
            return
        index = index_documents(self.out)
        for entry in changed:
            original, reason = duplicates.get(entry.doc_id, (None, None))
            mark_duplicate(self.out, entry, original, reason, index.get(file_key(entry.doc_id), {}))
            self.manifest.documents[entry.doc_id] = replace(entry, duplicate_of=original)
        self.checkpoint()

    # saving

    def _snapshot(self) -> tuple[object, ...]:
        return (
            tuple(sorted(self.manifest.documents.items())),
            tuple(self.manifest.pending),
            len(self.manifest.unlogged),
            tuple(sorted(self.manifest.skipped.items())),
        )

    def checkpoint(self) -> None:
        """Save the manifest if it changed since it was last saved."""
        snapshot = self._snapshot()
        if snapshot != self._saved:
            save_manifest(self.out, self.manifest)
            self._saved = snapshot

    def _run_row(self, o: Outcome) -> dict[str, object]:
        """An outcome as a row of the ``runs`` dataset, as JSON (``finished_at`` is set when the
        change log is written)."""
        return {
            "run_id": self.run_id,
            "started_at": self.started_at.isoformat(),
            "doc_id": o.doc_id,
            "source_path": o.source_path,
            "change": o.change.value,
            "source_sha256": o.source_sha256,
            "previous_sha256": o.previous_sha256,
            "extractor_version": self.version,
            "error": o.error,
            "n_issues": o.n_issues if o.change in _EXTRACTED else None,
            "n_errors": o.n_errors if o.change in _EXTRACTED else None,
            "summary": o.summary if o.change == Change.CHANGED else o.error,
            "differences": [d.model_dump(mode="json") for d in o.differences],
        }

    def runs_table(self, rows: Sequence[Mapping[str, object]] | None = None) -> pa.Table:
        """Rows of the ``runs`` dataset: this run's (every document it touched, the unchanged
        ones too), or the given JSON rows of :meth:`_run_row`."""
        finished_at = self.report.finished_at or dt.datetime.now(dt.UTC)
        if rows is None:
            rows = [self._run_row(o) for o in self.report.outcomes]
        records = [RunRecord.model_validate({**row, "finished_at": finished_at}) for row in rows]
        return records_table("runs", records)

    def recover_change_logs(self) -> None:
        """Write the change log a killed run left unwritten (its rows are in the manifest's
        ``unlogged``), one file per run under that run's id, before this run starts."""
        if not self.manifest.unlogged:
            return
        by_run: dict[tuple[str, str], list[dict[str, object]]] = {}
        for row in self.manifest.unlogged:
            by_run.setdefault((str(row["run_id"]), str(row["started_at"])), []).append(row)
        for (run_id, started_at), rows in by_run.items():
            table = self.runs_table(rows)
            started = dt.datetime.fromisoformat(started_at)
            self.report.recovered_runs.append(write_runs(self.out, run_id, started, table))
        self.manifest.unlogged = []
        self.checkpoint()

    def finish(self) -> IngestReport:
        """Mark duplicates, write this run's change log and the manifest; the run's report.

        A run that changed nothing (every file unchanged, every skipped entry skipped before)
        writes no change log, so that it leaves every file of OUT_DIR as it was.
        """
        self.mark_duplicates()
        self.report.finished_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
        if any(row["run_id"] == self.run_id for row in self.manifest.unlogged):
            table = self.runs_table()
            self.report.runs_file = write_runs(self.out, self.run_id, self.started_at, table)
        self.manifest.unlogged = [r for r in self.manifest.unlogged if r["run_id"] != self.run_id]
        self.checkpoint()
        self._finished = True
        return self.report

    def abort(self) -> None:
        """After an error: save what was done (best effort, the error goes on)."""
        if self._finished:
            return
        with suppress(Exception):
            self.checkpoint()
        with suppress(Exception):
            self.finish()


_EXTRACTED = frozenset({Change.ADDED, Change.CHANGED, Change.FAILED})


@contextmanager
def open_run(
    raw_dir: Path,
    out_dir: OutDir,
    *,
    force: bool = False,
    provinces: Iterable[str] | None = None,
    run_id: str | None = None,
    started_at: dt.datetime | None = None,
    on_file: Callable[[Outcome], None] | None = None,
    allow_empty: bool = False,
) -> Iterator[Run]:
    """A :class:`Run` holding the output's lock (:class:`pipeline.store.writer.OutputLocked` when
    another run holds it). On an error the manifest and the change log so far are saved."""
    with locked(out_dir):
        run = Run(
            raw_dir,
            out_dir,
            force=force,
            provinces=provinces,
            run_id=run_id,
            started_at=started_at,
            on_file=on_file,
            allow_empty=allow_empty,
        )
        try:
            yield run
        except NothingToRead:
            run.checkpoint()
            raise
        except BaseException:
            run.abort()
            raise


def batched(items: Sequence[Source], size: int) -> list[list[Source]]:
    """``items`` in consecutive batches of ``size`` (the last one shorter)."""
    size = max(1, size)
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def ingest(
    raw_dir: Path,
    out_dir: OutDir,
    *,
    force: bool = False,
    provinces: Iterable[str] | None = None,
    on_file: Callable[[Outcome], None] | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    run_id: str | None = None,
    allow_empty: bool = False,
) -> IngestReport:
    """Bring the datasets under ``out_dir`` up to date with the files under ``raw_dir``.

    ``provinces`` limits the run to documents of these province slugs (by their rows written so
    far, or, for a new or changed file, by what its extraction finds): the others are neither
    written, removed nor reported. ``allow_empty`` lets a run over a RAW_DIR with no file remove
    every document (:class:`NothingToRead` otherwise). The library path: no Prefect, one
    document after the other.
    """
    with open_run(
        raw_dir,
        out_dir,
        force=force,
        provinces=provinces,
        run_id=run_id,
        on_file=on_file,
        allow_empty=allow_empty,
    ) as run:
        plan = run.plan(scan(raw_dir))
        for outcome in [*plan.skipped, *plan.unchanged]:
            run.add(outcome)
        for batch in batched(plan.todo, batch_size):
            prepared = run.take(prepare(source, run.started_at) for source in batch)
            index = index_documents(run.out)  # one listing a batch, not a search a document
            for p in prepared:
                existing = index.get(file_key(p.doc_id), {})
                diff = _diff_or_note(run, p, existing)
                try:
                    write_prepared(run.out, p, existing, run.keeps(p))
                except Exception as exc:
                    run.record_write_failure(p, exc)
                    continue
                run.record(p, diff)
            run.checkpoint()
        remove_documents(run.out, plan.removed)
        for doc_id in plan.removed:
            run.record_removed(doc_id)
        return run.finish()


def _diff_or_note(run: Run, prepared: Prepared, existing: DocumentFiles) -> DocumentDiff | None:
    if prepared.failed or run.previous(prepared.doc_id) is None:
        return None
    try:
        return diff_previous(run.out, prepared, existing)
    except OSError as exc:
        return DocumentDiff(summary=f"previous rows could not be read: {exc}")
