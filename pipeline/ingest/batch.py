"""One batch of a run, and the library's loop over the batches (``qdx ingest --no-prefect``).

A batch goes through one sequence, :func:`run_batch`: its files extracted and validated
(:func:`extract_batch`), its documents listed as pending in the manifest, the rows written now
of the changed ones read and compared (:func:`diff_batch`), each document's files replaced
(:func:`write_batch`), each document recorded in the manifest. The library runs the steps in
this process (:func:`local_steps`), its extraction in worker processes when the run has more
than one (:mod:`pipeline.ingest.pool`); the Prefect flow (:mod:`flows.ingest`) runs the same
sequence with each step a task. Every step works document by document: a file that fails to
extract, previous rows that cannot be read and a write that fails each concern one document,
never its batch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from pipeline.ingest.changes import DocumentDiff, diff_previous
from pipeline.ingest.options import IngestOptions
from pipeline.ingest.pool import ExtractionPool, extraction_pool, usable_cpus
from pipeline.ingest.prepared import Prepared, prepare
from pipeline.ingest.report import IngestReport, Outcome
from pipeline.ingest.run import Run, open_run
from pipeline.ingest.sources import Source, scan
from pipeline.ingest.write import prepared_write, remove_documents
from pipeline.kinds import Change
from pipeline.store.writer import (
    DocumentFiles,
    ManifestEntry,
    OutDir,
    Output,
    file_key,
    index_documents,
    write_documents,
)

# What the listing of OUT_DIR gives: a document's files by its file key (index_documents).
Index = Mapping[str, DocumentFiles]


@dataclass(frozen=True, slots=True)
class WriteOrder:
    """A document to write: its prepared tables, and for one that failed this time the entry of
    its last good rows, which are kept (:func:`pipeline.ingest.write.write_prepared`)."""

    prepared: Prepared
    keep: ManifestEntry | None = None


class BatchNotExtracted(RuntimeError):
    """The extraction of a batch as a whole failed (a worker lost, another extractor version on
    it): every file of the batch fails, and nothing of it is written."""


@dataclass(frozen=True, slots=True)
class Steps:
    """How a batch's steps run: in this process (:func:`local_steps`) or as tasks."""

    extract: Callable[[Sequence[Source]], list[Prepared]]
    diff: Callable[[Sequence[Prepared]], dict[str, DocumentDiff]]
    # Why each document that could not be written failed, by id (the others are written).
    write: Callable[[Sequence[WriteOrder]], dict[str, str]]


def batched(items: Sequence[Source], size: int) -> list[list[Source]]:
    """``items`` in consecutive batches of ``size`` (the last one shorter)."""
    size = max(1, size)
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def extract_batch(
    sources: Sequence[Source],
    extracted_at: dt.datetime,
    prepare_one: Callable[[Source, dt.datetime], Prepared] = prepare,
) -> list[Prepared]:
    """Extract and validate every file of a batch (``prepare_one``: how one file is, the flow's
    goes through its cache). A file that fails is a failed document, never an error."""
    return [prepare_one(source, extracted_at) for source in sources]


def diff_batch(
    out_dir: OutDir | Output, prepared: Sequence[Prepared], index: Index | None = None
) -> dict[str, DocumentDiff]:
    """How each document's new rows differ from those written now, read before they are
    replaced (``index``: the listing of OUT_DIR, listed here when not given). Previous rows
    that cannot be read are said so in the document's diff, not raised."""
    files = index_documents(out_dir) if index is None else index
    diffs = {}
    for p in prepared:
        try:
            diffs[p.doc_id] = diff_previous(out_dir, p, files.get(file_key(p.doc_id), {}))
        except OSError as exc:
            note = f"previous rows could not be read: {exc}"
            diffs[p.doc_id] = DocumentDiff(summary=note, error=str(exc))
    return diffs


def write_batch(
    out_dir: OutDir | Output, orders: Sequence[WriteOrder], index: Index | None = None
) -> dict[str, str]:
    """Replace every document's rows, the batch's rows written together (one file per dataset and
    partition: :func:`pipeline.store.writer.write_documents`; idempotent, so safe to redo); why
    each document that could not be written failed, by id. A failed write fails its document
    alone."""
    files = index_documents(out_dir) if index is None else index
    errors = {}
    writes = []
    for order in orders:
        p = order.prepared
        try:
            writes.append(prepared_write(out_dir, p, files.get(file_key(p.doc_id), {}), order.keep))
        except Exception as exc:
            errors[p.doc_id] = str(exc)
    errors.update(write_documents(out_dir, writes, files))
    return errors


def local_steps(run: Run, pool: ExtractionPool | None = None) -> Steps:
    """The steps of one batch in this process, over one listing of OUT_DIR; the extraction in
    ``pool``'s worker processes when given."""
    index = index_documents(run.out)  # one listing a batch, not a search a document
    return Steps(
        extract=pool.extract if pool else partial(extract_batch, extracted_at=run.started_at),
        diff=partial(diff_batch, run.out, index=index),
        write=partial(write_batch, run.out, index=index),
    )


def run_batch(run: Run, sources: Sequence[Source], steps: Steps | None = None) -> None:
    """Extract, validate, diff, write and record one batch (``steps``: how its steps run, by
    default :func:`local_steps`). Its documents are pending in the saved manifest before any of
    their files is written, and the manifest is saved when the batch is recorded."""
    steps = steps or local_steps(run)
    try:
        prepared = steps.extract(sources)
    except BatchNotExtracted as exc:
        for source in sources:
            run.add(Outcome(source.doc_id, source.source_path, Change.FAILED, error=str(exc)))
        run.checkpoint()
        return
    taken = run.take(prepared)
    if taken:
        changed = [p for p in taken if run.compares(p)]
        diffs = steps.diff(changed) if changed else {}
        errors = steps.write([WriteOrder(p, run.keeps(p)) for p in taken])
        for p in taken:
            if p.doc_id in errors:
                run.record_write_failure(p, errors[p.doc_id])
            else:
                run.record(p, diffs.get(p.doc_id))
    run.checkpoint()


def ingest_with(
    options: IngestOptions,
    *,
    on_file: Callable[[Outcome], None] | None = None,
    run_id: str | None = None,
) -> IngestReport:
    """Bring the datasets under OUT_DIR up to date with the files under RAW_DIR: the library
    path, no Prefect, one batch after the other, the files extracted by ``options.workers``
    processes (:mod:`pipeline.ingest.pool`; never more than the files to extract, and with one,
    in this process). While a batch is written, the workers extract the next one. ``on_file``
    is called with each document's outcome as it is known (a progress bar), in the same order
    whatever the number of workers."""
    with open_run(options, run_id=run_id, on_file=on_file) as run:
        plan = run.plan(scan(options.raw_dir, strict=options.strict))
        for outcome in [*plan.skipped, *plan.unchanged]:
            run.add(outcome)
        batches = batched(plan.todo, options.batch_size)
        workers = usable_cpus() if options.workers is None else options.workers
        with extraction_pool(min(workers, len(plan.todo)), run.started_at) as pool:
            for index, batch in enumerate(batches):
                if pool is not None:
                    pool.submit(batch)
                    pool.submit(batches[index + 1] if index + 1 < len(batches) else [])
                run_batch(run, batch, local_steps(run, pool))
        remove_documents(run.out, plan.removed)
        for doc_id in plan.removed:
            run.record_removed(doc_id)
        return run.finish()


def ingest(
    raw_dir: Path,
    out_dir: OutDir,
    *,
    on_file: Callable[[Outcome], None] | None = None,
    run_id: str | None = None,
    **options: Any,
) -> IngestReport:
    """:func:`ingest_with` of the :class:`IngestOptions` of these fields, e.g.
    ``ingest(raw, out, provinces=["hung-yen"])``.

    ``provinces`` limits the run to documents of these province slugs (by their rows written so
    far, or, for a new or changed file, by what its extraction finds): the others are neither
    written, removed nor reported. ``allow_empty`` lets a run over a RAW_DIR with no file remove
    every document (:class:`pipeline.ingest.run.NothingToRead` otherwise).
    """
    fields = IngestOptions(raw_dir=raw_dir, out_dir=out_dir, **options)
    return ingest_with(fields, on_file=on_file, run_id=run_id)
