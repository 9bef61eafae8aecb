"""Step 4 of a run: how a changed document's new rows differ from the rows written now.

The differences go into the ``runs`` dataset (``differences``, ``summary``): ``documents`` field
by field, every other dataset row by row, paired by their ids. What the run itself writes into a
duplicate's rows after extraction (``documents.duplicate_of``, its ``duplicate_document`` issue,
its ``budget`` rows taken out: :mod:`pipeline.ingest.duplicates`) is no difference of the file's.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Context, Decimal
from typing import Any

import pyarrow as pa

from pipeline.ingest.duplicates import CHECK as DUPLICATE_CHECK
from pipeline.ingest.prepared import Prepared
from pipeline.records import Difference
from pipeline.store.writer import (
    DOCUMENT_DATASETS,
    DocumentFiles,
    OutDir,
    Output,
    read_document,
    replace_issue_rows,
)

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
        "duplicate_of",  # the run's mark, set after extraction (pipeline.ingest.duplicates)
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
    "budget": "budget_id",
    "legal_refs": "ref_id",
}
_MAX_ROW_DIFFERENCES = 20  # value differences listed per dataset (all are counted)


@dataclass(frozen=True, slots=True)
class DocumentDiff:
    differences: tuple[Difference, ...] = ()
    summary: str | None = None
    # Why the rows written now could not be read (an I/O error, worth a retry); the summary
    # says so too.
    error: str | None = None


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
    return compare(*_unmarked(old, prepared.tables))


def _unmarked(
    old: Mapping[str, pa.Table], new: Mapping[str, pa.Table]
) -> tuple[dict[str, pa.Table], dict[str, pa.Table]]:
    """Both versions without the marks of a duplicate (:func:`mark_duplicate`): its
    ``duplicate_document`` issue, and, when the old rows were marked, the ``budget`` rows (a
    duplicate has none; they are chosen from its ``budget_lines``, which are compared)."""
    documents = old.get("documents")
    marked = (
        documents is not None
        and "duplicate_of" in documents.schema.names
        and documents.column("duplicate_of").null_count < documents.num_rows
    )
    versions = []
    for tables in (old, new):
        unmarked = {
            name: table for name, table in tables.items() if not (marked and name == "budget")
        }
        issues = replace_issue_rows(tables.get("issues"), [DUPLICATE_CHECK])
        if issues is not None:
            unmarked["issues"] = issues
        versions.append(unmarked)
    return versions[0], versions[1]


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
