"""Documents that are one: the same bytes twice, or the same decision in two files.

Analysts sum figures across every document their province publishes, so a copy of a file (a
second download, a name that differs only in Unicode normalisation, ``x.txt`` beside ``x.docx``)
must not count twice. Which documents duplicate which is a fact about the whole output, not about
one file, so it is decided over the manifest at the end of every run (:func:`find_duplicates`) and
written into the rows of the documents whose status changed (:func:`mark_duplicate`): the
duplicate's ``documents.duplicate_of`` names the original, a ``duplicate_document`` warning in
``issues`` says why, and its ``budget`` rows are removed (rebuilt from its ``budget_lines`` when it
stops being a duplicate), so that sums over ``budget`` count it once. The original is the first
by document id, so the choice is the same on every run and on every machine.

Two documents are one when their files have the same SHA-256, or when they name the same decision:
the same number, issue date, province and title (:func:`identity`). A document without a number
or date is matched by its bytes only: a guess on less would drop a real document from the sums.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyarrow as pa

from pipeline.build.assemble import issue_record
from pipeline.build.budget import select_budget
from pipeline.build.findings import Finding
from pipeline.kinds import Check, Topic
from pipeline.records import BudgetLineRecord
from pipeline.store.writer import (
    DocumentFiles,
    DocumentWrite,
    ManifestEntry,
    Output,
    read_document,
    records_table,
    replace_issue_rows,
    write_document,
)

CHECK = Check.DUPLICATE_DOCUMENT
SAME_BYTES = "the same file"
SAME_DECISION = "the same decision (number, date, province and title) in another file"
_SPACES = re.compile(r"\s+")


def identity(documents: pa.Table | None) -> str | None:
    """What makes a document one decision whatever file it came in, from its ``documents`` row:
    number, issue date, province and title, or None when one of them is missing."""
    if documents is None or documents.num_rows != 1:
        return None
    row = documents.slice(0, 1).to_pylist()[0]
    parts = [row.get(k) for k in ("decision_number", "issue_date", "province_slug", "title")]
    if any(part in (None, "") for part in parts):
        return None
    number, date, province, title = parts
    title = _SPACES.sub(" ", str(title)).strip().casefold()
    return f"{number}|{date}|{province}|{title}"


def find_duplicates(entries: Mapping[str, ManifestEntry]) -> dict[str, tuple[str, str]]:
    """Each duplicate document's original and why, over the documents written (failed ones left
    out). Documents linked by the same digest or the same identity form one group, whose first
    document id is the original."""
    parent: dict[str, str] = {}

    def find(doc_id: str) -> str:
        while parent[doc_id] != doc_id:
            parent[doc_id] = parent[parent[doc_id]]
            doc_id = parent[doc_id]
        return doc_id

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    first_by_key: dict[tuple[str, str], str] = {}
    live = {d: e for d, e in entries.items() if not e.failed}
    for doc_id in sorted(live):
        parent[doc_id] = doc_id
        entry = live[doc_id]
        keys = [("sha", entry.source_sha256), ("identity", entry.identity)]
        for key in [(kind, value) for kind, value in keys if value]:
            if key in first_by_key:
                union(first_by_key[key], doc_id)
            else:
                first_by_key[key] = doc_id
    duplicates = {}
    for doc_id in sorted(live):
        original = find(doc_id)
        if original != doc_id:
            same_bytes = live[original].source_sha256 == live[doc_id].source_sha256
            duplicates[doc_id] = (original, SAME_BYTES if same_bytes else SAME_DECISION)
    return duplicates


def mark_duplicate(
    out: Output,
    entry: ManifestEntry,
    original: str | None,
    reason: str | None,
    existing: DocumentFiles,
) -> None:
    """Rewrite a document's rows as :func:`duplicate_write` says."""
    w = duplicate_write(out, entry, original, reason, existing)
    write_document(out, w.doc_id, w.province, w.period, w.tables, existing)


def duplicate_write(
    out: Output,
    entry: ManifestEntry,
    original: str | None,
    reason: str | None,
    existing: DocumentFiles,
) -> DocumentWrite:
    """The rows to rewrite a document's ``documents`` and ``issues`` rows to say that it duplicates
    ``original`` (or, with None, that it no longer does), and its ``budget`` rows: none for a
    duplicate, else those :func:`~pipeline.build.budget.select_budget` chooses from its
    ``budget_lines``. Its other datasets are left as they are. Any ``duplicate_document`` issue
    of an earlier marking is replaced."""
    tables = read_document(out, entry.doc_id, existing)
    documents = tables.get("documents")
    if documents is not None:
        index = documents.schema.get_field_index("duplicate_of")
        if index >= 0:
            field = documents.schema.field(index)
            values = pa.array([original] * documents.num_rows, field.type)
            tables["documents"] = documents.set_column(index, field, values)
    row = None
    if original is not None:
        message = (
            f"{reason} as {original}: its figures are counted once, under {original} "
            "(documents.duplicate_of); leave this document out of sums"
        )
        finding = Finding(CHECK, CHECK.severity, message, actual=original)
        row = records_table("issues", [issue_record(entry.doc_id, entry.source_path, finding)])
    if original is not None:
        tables.pop("budget", None)
    else:
        tables["budget"] = budget_rows(entry.doc_id, tables.get("budget_lines"), documents)
    issues = replace_issue_rows(tables.get("issues"), [CHECK], row)
    if issues is not None:
        tables["issues"] = issues
    return DocumentWrite(entry.doc_id, entry.province, entry.period, tables)


def budget_rows(doc_id: str, budget_lines: pa.Table | None, documents: pa.Table | None) -> pa.Table:
    """A document's ``budget`` rows chosen again from its written ``budget_lines`` and
    ``documents`` rows."""
    lines = [BudgetLineRecord(**row) for row in budget_lines.to_pylist()] if budget_lines else []
    topics = documents.column("topic").to_pylist() if documents is not None else []
    topic = Topic(topics[0]) if topics else Topic.OTHER
    return records_table("budget", select_budget(doc_id, lines, topic))
