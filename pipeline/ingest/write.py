"""Step 5 of a run: a document's files replaced by its prepared tables, or removed."""

from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.ingest.prepared import Prepared
from pipeline.kinds import Check
from pipeline.store.writer import (
    DocumentFiles,
    DocumentWrite,
    ManifestEntry,
    OutDir,
    Output,
    index_documents,
    output,
    read_document,
    replace_issue_rows,
    write_document,
    write_documents,
)


def write_prepared(
    out_dir: OutDir | Output,
    prepared: Prepared,
    existing: DocumentFiles | None = None,
    keep: ManifestEntry | None = None,
) -> list[str]:
    """Replace a document's rows with its prepared tables; returns the files holding them.
    ``existing``: see :func:`pipeline.store.writer.write_document`; ``keep``: see
    :func:`prepared_write`."""
    out = output(out_dir)
    w = prepared_write(out, prepared, existing, keep)
    return write_document(out, w.doc_id, w.province, w.period, w.tables, existing)


def prepared_write(
    out_dir: OutDir | Output,
    prepared: Prepared,
    existing: DocumentFiles | None = None,
    keep: ManifestEntry | None = None,
) -> DocumentWrite:
    """The rows to write for a prepared document (``existing``: where its rows are now).

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
            return DocumentWrite(prepared.doc_id, keep.province, keep.period, tables)
    return DocumentWrite(prepared.doc_id, prepared.province, prepared.period, prepared.tables)


KEPT_NOTE = "the rows are kept from the file as read before"


def _with_failure(issues: pa.Table | None, prepared: Prepared, keep: ManifestEntry) -> pa.Table:
    failure = prepared.tables["issues"]
    checks = [Check(name) for name in pc.unique(failure.column("check")).to_pylist()]
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
    ids = list(doc_ids)
    if not ids:
        return
    out = output(out_dir)
    errors = write_documents(out, [], index_documents(out), removals=ids)
    if errors:
        doc_id, error = next(iter(errors.items()))
        raise OSError(f"{len(errors)} documents could not be removed ({doc_id}: {error})")
