"""Step 5 of a run: a document's files replaced by its prepared tables, or removed."""

from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.ingest.prepared import Prepared
from pipeline.kinds import Check
from pipeline.store.writer import (
    DocumentFiles,
    ManifestEntry,
    OutDir,
    Output,
    file_key,
    index_documents,
    output,
    read_document,
    remove_document,
    replace_issue_rows,
    write_document,
)


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
    out = output(out_dir)
    index = index_documents(out)
    for doc_id in doc_ids:
        remove_document(out, doc_id, index.get(file_key(doc_id), {}))
