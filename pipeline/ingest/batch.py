"""The library's loop over a run's batches: what ``qdx ingest --no-prefect`` runs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from pipeline.ingest.changes import DocumentDiff, diff_previous
from pipeline.ingest.prepared import Prepared, prepare
from pipeline.ingest.report import IngestReport, Outcome
from pipeline.ingest.run import Run, open_run
from pipeline.ingest.sources import Source, scan
from pipeline.ingest.write import remove_documents, write_prepared
from pipeline.store.writer import DocumentFiles, OutDir, file_key, index_documents

DEFAULT_BATCH_SIZE = 20


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
