"""Batch ingestion: every supported file under a folder into the datasets under another.

Unchanged files (same content digest and extractor version as in the manifest) are skipped,
changed files have all their rows replaced, files that left the folder have their rows removed.
A file that fails is reported and the batch goes on. Each run appends its change log (which
documents were added, changed, removed, failed or unchanged, and for changed ones which values
differ) to the ``runs`` dataset.

The package, by concern (each module says more):

- :mod:`~pipeline.ingest.options` — :class:`IngestOptions`, the run's options, defined once;
- :mod:`~pipeline.ingest.sources` — :func:`scan`: every file under RAW_DIR with its digest;
- :mod:`~pipeline.ingest.run` — :class:`Run`: the plan against the manifest (what is unchanged,
  what to extract, what was removed), the manifest kept, the change log (``runs``);
- :mod:`~pipeline.ingest.prepared` — :func:`prepare`: one file extracted
  (:func:`pipeline.build.extract.extract`) and :func:`validate`-d into Arrow tables of the
  datasets' schemas; a violation becomes an issue row and the document fails alone;
- :mod:`~pipeline.ingest.changes` — :func:`diff_previous`: a changed document's new rows against
  the rows written now;
- :mod:`~pipeline.ingest.write` — :func:`write_prepared`: a document's files replaced;
- :mod:`~pipeline.ingest.duplicates` — which documents are one decision, marked in their rows;
- :mod:`~pipeline.ingest.batch` — :func:`run_batch`, the one batch step (extract, validate,
  diff, write, record), and :func:`ingest`, the library's loop over it; the Prefect flow
  (:mod:`flows.ingest`) runs the same step with each part a task;
- :mod:`~pipeline.ingest.report` — :class:`Outcome` and :class:`IngestReport`, what a run did.

Crash safety: before a batch's files are written, its documents are listed as ``pending`` in
the manifest; each document is taken off that list, with its new entry, only after its files
are in place, and the manifest is saved after every batch. A run killed at any moment leaves
complete files (see :mod:`pipeline.store.writer`) and a manifest that sends the next run back
to every document it may have half rewritten, including one whose source has been deleted since.

The names below are imported on first use (a module ``__getattr__``): importing one module of
the package, as the command line does for its options, does not import the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.lazy import lazy_exports

if TYPE_CHECKING:
    from pipeline.ingest.batch import (
        BatchNotExtracted,
        Steps,
        WriteOrder,
        batched,
        diff_batch,
        extract_batch,
        ingest,
        ingest_with,
        local_steps,
        run_batch,
        write_batch,
    )
    from pipeline.ingest.changes import ROW_IDS, DocumentDiff, compare, diff_previous
    from pipeline.ingest.options import DEFAULT_BATCH_SIZE, IngestOptions, TaskRunner
    from pipeline.ingest.prepared import Prepared, prepare, validate, validate_table
    from pipeline.ingest.report import IngestReport, Outcome
    from pipeline.ingest.run import NothingToRead, Plan, Run, open_run
    from pipeline.ingest.sources import Source, scan
    from pipeline.ingest.write import KEPT_NOTE, remove_documents, write_prepared

# Each public name → the module that defines it.
_LAZY = {
    "BatchNotExtracted": "pipeline.ingest.batch",
    "Steps": "pipeline.ingest.batch",
    "WriteOrder": "pipeline.ingest.batch",
    "batched": "pipeline.ingest.batch",
    "diff_batch": "pipeline.ingest.batch",
    "extract_batch": "pipeline.ingest.batch",
    "ingest": "pipeline.ingest.batch",
    "ingest_with": "pipeline.ingest.batch",
    "local_steps": "pipeline.ingest.batch",
    "run_batch": "pipeline.ingest.batch",
    "write_batch": "pipeline.ingest.batch",
    "ROW_IDS": "pipeline.ingest.changes",
    "DocumentDiff": "pipeline.ingest.changes",
    "compare": "pipeline.ingest.changes",
    "diff_previous": "pipeline.ingest.changes",
    "DEFAULT_BATCH_SIZE": "pipeline.ingest.options",
    "IngestOptions": "pipeline.ingest.options",
    "TaskRunner": "pipeline.ingest.options",
    "Prepared": "pipeline.ingest.prepared",
    "prepare": "pipeline.ingest.prepared",
    "validate": "pipeline.ingest.prepared",
    "validate_table": "pipeline.ingest.prepared",
    "IngestReport": "pipeline.ingest.report",
    "Outcome": "pipeline.ingest.report",
    "NothingToRead": "pipeline.ingest.run",
    "Plan": "pipeline.ingest.run",
    "Run": "pipeline.ingest.run",
    "open_run": "pipeline.ingest.run",
    "Source": "pipeline.ingest.sources",
    "scan": "pipeline.ingest.sources",
    "KEPT_NOTE": "pipeline.ingest.write",
    "remove_documents": "pipeline.ingest.write",
    "write_prepared": "pipeline.ingest.write",
}

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "KEPT_NOTE",
    "ROW_IDS",
    "BatchNotExtracted",
    "DocumentDiff",
    "IngestOptions",
    "IngestReport",
    "NothingToRead",
    "Outcome",
    "Plan",
    "Prepared",
    "Run",
    "Source",
    "Steps",
    "TaskRunner",
    "WriteOrder",
    "batched",
    "compare",
    "diff_batch",
    "diff_previous",
    "extract_batch",
    "ingest",
    "ingest_with",
    "local_steps",
    "open_run",
    "prepare",
    "remove_documents",
    "run_batch",
    "scan",
    "validate",
    "validate_table",
    "write_batch",
    "write_prepared",
]


__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())
