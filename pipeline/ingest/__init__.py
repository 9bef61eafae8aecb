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

from pipeline.ingest.batch import DEFAULT_BATCH_SIZE, batched, ingest
from pipeline.ingest.changes import ROW_IDS, DocumentDiff, compare, diff_previous
from pipeline.ingest.prepared import Prepared, prepare, validate, validate_table
from pipeline.ingest.report import IngestReport, Outcome
from pipeline.ingest.run import NothingToRead, Plan, Run, open_run
from pipeline.ingest.sources import Source, scan
from pipeline.ingest.write import KEPT_NOTE, remove_documents, write_prepared

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "KEPT_NOTE",
    "ROW_IDS",
    "DocumentDiff",
    "IngestReport",
    "NothingToRead",
    "Outcome",
    "Plan",
    "Prepared",
    "Run",
    "Source",
    "batched",
    "compare",
    "diff_previous",
    "ingest",
    "open_run",
    "prepare",
    "remove_documents",
    "scan",
    "validate",
    "validate_table",
    "write_prepared",
]
