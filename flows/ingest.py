"""The ``qdx-ingest`` Prefect flow: :mod:`pipeline.ingest`'s steps as tasks, batch by batch.

::

    scan ─► extract-batch[i] ─► diff-batch[i] ─► write-batch[i] ─► remove-documents ─► finish-run
             (no retries)        (retries)         (retries)          (retries)          (retries)

The flow is thin: every step is a library function, and the flow adds what Prefect is for —
tasks that run on a thread pool or on Dask workers, retries on I/O, a per-document cache of
extractions (:mod:`flows.cache`), logs, artifacts, schedules. The flow's own process holds the
output's lock and is the only one that touches the manifest; extraction, diff and write tasks
may run on other machines (see ``docs/flows.md``).

One task handles a batch of ``batch_size`` files so that Prefect's cost per task (tens of
milliseconds) stays small beside the extraction of the batch. Extraction is not retried: a file
that cannot be parsed is data (an issue row), and a retry would give the same answer. Reading
(scan, diff) and writing are retried twice, one second apart.
"""

from __future__ import annotations

import datetime as dt
import os
import queue
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from prefect import allow_failure, flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run
from prefect.task_runners import ThreadPoolTaskRunner

from flows import cache
from pipeline.ingest import (
    DEFAULT_BATCH_SIZE,
    DocumentDiff,
    IngestReport,
    NothingToRead,
    Outcome,
    Prepared,
    Run,
    Source,
    batched,
    diff_previous,
    open_run,
    prepare,
    remove_documents,
    scan,
    write_prepared,
)
from pipeline.ingest.sources import printable
from pipeline.kinds import Change
from pipeline.store.writer import (
    ManifestEntry,
    ManifestVersionError,
    OutputLocked,
    file_key,
    index_documents,
)
from pipeline.version import extractor_version

THREADS = "threads"
DASK = "dask"
TASK_RUNNERS = (THREADS, DASK)
DEFAULT_CRON = "0 2 * * *"
_RETRIES = 2  # of the I/O tasks (scan, diff, write, remove, finish), one second apart
_TABLE_ROWS = 500  # rows of the table artifact at most

# Extraction is CPU-bound Python: threads do not run it in parallel, and two extractions at once
# only fight over the GIL (+15 % on 200 documents with four). One extraction at a time, with a
# second thread for the diff and write tasks of the batch before.
_THREAD_POOL: Any = ThreadPoolTaskRunner(max_workers=2)

# Progress callback of the caller (the CLI's progress bar); flow parameters must be data.
_on_file: Callable[[Outcome], None] | None = None


# --- tasks --------------------------------------------------------------------------------------


@task(
    name="scan",
    retries=_RETRIES,
    retry_delay_seconds=1,
    cache_policy=NO_CACHE,
    persist_result=False,
)
def scan_sources(raw_dir: str) -> list[Source]:
    """Every file under RAW_DIR with its content digest."""
    return scan(Path(raw_dir))


@task(
    name="extract-batch",
    task_run_name="extract-{index}",
    cache_policy=NO_CACHE,
    persist_result=False,
)
def extract_batch(
    index: int,
    sources: list[Source],
    extracted_at: dt.datetime,
    version: str,
    use_cache: bool = True,
) -> list[Prepared]:
    """Extract and validate a batch of files; a file that fails is a failed document, not an
    error of the task. Not retried."""
    here = extractor_version()
    if here != version:
        raise RuntimeError(
            f"this worker runs extractor version {here}, the flow {version}: "
            "install the same qdx on every worker"
        )
    store = cache.result_store() if use_cache else None
    prepared = []
    for source in sources:
        hit = cache.load(store, source, version, extracted_at) if store else None
        if hit is None:
            hit = prepare(source, extracted_at)
            if store:
                cache.save(store, source, version, hit)
        prepared.append(hit)
    return prepared


@task(
    name="diff-batch",
    task_run_name="diff-{index}",
    retries=_RETRIES,
    retry_delay_seconds=1,
    cache_policy=NO_CACHE,
    persist_result=False,
)
def diff_batch(index: int, out_dir: str, prepared: list[Prepared]) -> dict[str, DocumentDiff]:
    """Read the rows written now of the batch's changed documents and compare (before write)."""
    files = index_documents(out_dir)
    return {
        p.doc_id: diff_previous(out_dir, p, files.get(file_key(p.doc_id), {})) for p in prepared
    }


@task(
    name="write-batch",
    task_run_name="write-{index}",
    retries=_RETRIES,
    retry_delay_seconds=1,
    cache_policy=NO_CACHE,
    persist_result=False,
)
def write_batch(
    index: int,
    out_dir: str,
    prepared: list[Prepared],
    keep: dict[str, ManifestEntry] | None = None,
) -> list[str]:
    """Replace the files of every document of the batch (idempotent, so safe to retry).
    ``keep``: the failed documents whose last good rows stay (see ``write_prepared``)."""
    files = index_documents(out_dir)  # one listing a batch, not a search a document
    keep = keep or {}
    for p in prepared:
        write_prepared(out_dir, p, files.get(file_key(p.doc_id), {}), keep.get(p.doc_id))
    return [p.doc_id for p in prepared]


@task(
    name="remove-documents",
    retries=_RETRIES,
    retry_delay_seconds=1,
    cache_policy=NO_CACHE,
    persist_result=False,
)
def remove_task(out_dir: str, doc_ids: list[str]) -> None:
    remove_documents(out_dir, doc_ids)


@task(
    name="finish-run",
    retries=_RETRIES,
    retry_delay_seconds=1,
    cache_policy=NO_CACHE,
    persist_result=False,
)
def finish_task(run: Run) -> IngestReport:
    """Write the run's change log (``runs`` dataset) and the manifest."""
    return run.finish()


# --- the flow -----------------------------------------------------------------------------------


@flow(
    name="qdx-ingest",
    task_runner=_THREAD_POOL,
    persist_result=False,
    validate_parameters=True,
)
def ingest_flow(
    raw_dir: str = "data/raw",
    out_dir: str = "data/processed",
    force: bool = False,
    provinces: list[str] | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    use_cache: bool = True,
    task_runner: str = THREADS,
    dask_address: str | None = None,
    dask_workers: int | None = None,
    allow_empty: bool = False,
) -> IngestReport:
    """Bring the datasets under OUT_DIR (a folder or an fsspec URL such as ``s3://bucket/qdx``)
    up to date with the files under RAW_DIR.

    ``provinces`` limits the run to these province slugs; ``task_runner="dask"`` runs the
    extraction, diff and write tasks on Dask workers: a local cluster (``dask_workers``
    processes) or the scheduler at ``dask_address``. ``allow_empty`` lets a RAW_DIR with no
    file remove every document.
    """
    run_id = str(flow_run.get_id() or uuid.uuid4())
    arguments = (raw_dir, out_dir, force, provinces, batch_size, use_cache, run_id, allow_empty)
    if task_runner == DASK or dask_address:
        runner = dask_task_runner(dask_address, dask_workers)
        return ingest_on_dask.with_options(task_runner=runner)(*arguments)
    if task_runner != THREADS:
        raise ValueError(f"unknown task runner {task_runner!r} (known: {', '.join(TASK_RUNNERS)})")
    return _ingest(*arguments, extractions_in_flight=1)


@flow(name="qdx-ingest-dask", persist_result=False)
def ingest_on_dask(
    raw_dir: str,
    out_dir: str,
    force: bool,
    provinces: list[str] | None,
    batch_size: int,
    use_cache: bool,
    run_id: str,
    allow_empty: bool = False,
) -> IngestReport:
    """The body of :func:`ingest_flow` as a subflow whose task runner is a DaskTaskRunner."""
    return _ingest(
        raw_dir,
        out_dir,
        force,
        provinces,
        batch_size,
        use_cache,
        run_id,
        allow_empty,
        extractions_in_flight=0,
    )


def dask_task_runner(address: str | None = None, workers: int | None = None) -> Any:
    """prefect-dask's DaskTaskRunner: on the scheduler at ``address``, else on a local cluster of
    ``workers`` processes with one thread each (extraction is CPU-bound Python)."""
    from prefect_dask import DaskTaskRunner

    if address:
        return DaskTaskRunner(address=address)
    n_workers = workers or max(1, min(4, os.cpu_count() or 1))
    return DaskTaskRunner(
        cluster_kwargs={
            "n_workers": n_workers,
            "threads_per_worker": 1,
            "processes": True,
            "dashboard_address": None,
        }
    )


def _ingest(
    raw_dir: str,
    out_dir: str,
    force: bool,
    provinces: list[str] | None,
    batch_size: int,
    use_cache: bool,
    run_id: str,
    allow_empty: bool = False,
    extractions_in_flight: int = 0,
) -> IngestReport:
    """The run, as the library's :func:`pipeline.ingest.ingest` does it, in tasks. What stops a
    run as a whole (the lock held, an empty RAW_DIR, an OUT that cannot be written, a manifest
    of a newer qdx) is logged in
    one line and returned in the report (``fatal``), not raised as a traceback."""
    logger = get_run_logger()
    raw = Path(raw_dir)
    if not raw.is_dir():
        raise NotADirectoryError(f"{raw_dir} is not a folder")
    started_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        with open_run(
            raw,
            out_dir,
            force=force,
            provinces=provinces,
            run_id=run_id,
            on_file=_on_file,
            allow_empty=allow_empty,
        ) as run:
            plan = run.plan(scan_sources(raw_dir))
            logger.info(
                "%d files: %d to extract, %d unchanged, %d removed",
                len(plan.todo) + len(plan.unchanged),
                len(plan.todo),
                len(plan.unchanged),
                len(plan.removed),
            )
            for outcome in [*plan.skipped, *plan.unchanged]:
                run.add(outcome)
            batches = batched(plan.todo, batch_size)
            _extract_and_write(run, out_dir, batches, use_cache, extractions_in_flight)
            if plan.removed:
                remove_task(out_dir, plan.removed)
                for doc_id in plan.removed:
                    run.record_removed(doc_id)
            report = finish_task(run)
    except (OutputLocked, NothingToRead, ManifestVersionError, OSError) as exc:
        logger.error("%s", exc)
        return IngestReport(
            raw,
            out_dir,
            started_at,
            run_id=run_id,
            fatal=str(exc),
            locked=isinstance(exc, OutputLocked),
        )
    _log_summary(report)
    publish_artifacts(report)
    return report


def _extract_and_write(
    run: Run, out_dir: str, batches: list[list[Source]], use_cache: bool, in_flight: int = 0
) -> None:
    """Submit the batches' extractions, ``in_flight`` at a time (0: all at once, for Dask to
    schedule); as each ends, submit its diff and write, and the next extraction; as each write
    ends, record its documents and save the manifest. All bookkeeping happens in this thread."""
    logger = get_run_logger()
    done: queue.Queue[PrefectFuture[Any]] = queue.Queue()
    jobs: dict[PrefectFuture[Any], tuple[int, Any]] = {}

    def watch(future: PrefectFuture[Any], index: int, payload: Any) -> None:
        jobs[future] = (index, payload)
        future.add_done_callback(done.put)

    waiting = list(enumerate(batches))

    def extract_next() -> None:
        if waiting:
            index, batch = waiting.pop(0)
            future = extract_batch.submit(index, batch, run.started_at, run.version, use_cache)
            watch(future, index, batch)

    for _ in range(in_flight or len(waiting)):
        extract_next()
    while jobs:
        future = done.get()
        index, payload = jobs.pop(future)
        if isinstance(payload, list):  # an extraction ended
            extract_next()
            try:
                prepared = future.result()
            except Exception as exc:
                logger.error("extraction of batch %d failed: %s", index, exc)
                for source in payload:
                    run.add(
                        Outcome(source.doc_id, source.source_path, Change.FAILED, error=str(exc))
                    )
                continue
            taken = run.take(prepared)  # pending in the saved manifest before any write
            if not taken:
                continue
            changed = [p for p in taken if not p.failed and run.previous(p.doc_id)]
            diff = diff_batch.submit(index, out_dir, changed) if changed else None
            wait_for: list[Any] = [allow_failure(diff)] if diff is not None else []
            keep = {p.doc_id: entry for p in taken if (entry := run.keeps(p))}
            write = write_batch.submit(
                index, out_dir, taken, keep, wait_for=wait_for, return_state=False
            )
            watch(write, index, (taken, diff))
        else:  # a write ended
            taken, diff = payload
            diffs: dict[str, DocumentDiff] = {}
            if diff is not None:
                try:
                    diffs = diff.result()
                except Exception as exc:
                    logger.warning("batch %d: previous rows not compared: %s", index, exc)
            try:
                future.result()
            except Exception as exc:
                logger.error("batch %d could not be written: %s", index, exc)
                for p in taken:
                    run.record_write_failure(p, exc)
            else:
                for p in taken:
                    run.record(p, diffs.get(p.doc_id))
            run.checkpoint()


# --- reporting ----------------------------------------------------------------------------------


def _log_summary(report: IngestReport) -> None:
    logger = get_run_logger()
    counts = ", ".join(f"{report.count(c)} {c.value}" for c in Change if report.count(c))
    logger.info("%d files: %s", len(report.outcomes), counts or "nothing to do")
    for o in report.outcomes:
        if o.change == Change.FAILED:
            logger.error("%s: %s", printable(o.source_path), printable(o.error or ""))
        elif o.change == Change.CHANGED:
            logger.info("%s changed: %s", o.doc_id, o.summary)


def publish_artifacts(report: IngestReport) -> None:
    """A table artifact of the documents the run touched and a markdown summary (keys
    ``qdx-ingest-changes`` and ``qdx-ingest-summary``: one version per run in the UI)."""
    touched = [o for o in report.outcomes if o.change != Change.UNCHANGED]
    rows = [
        {
            "doc_id": o.doc_id,
            "change": o.change.value,
            "province": o.province or "",
            "period": o.period or "",
            "issues": o.n_issues,
            "source errors": o.n_errors,
            "what": (o.error if o.change == Change.FAILED else o.summary) or "",
        }
        for o in touched[:_TABLE_ROWS]
    ]
    counts = {c.value: report.count(c) for c in Change}
    create_table_artifact(
        key="qdx-ingest-changes",
        table=rows or [{"doc_id": "", "change": "nothing changed"}],
        description=f"qdx ingest run {report.run_id}: documents added, changed, removed, failed",
    )
    create_markdown_artifact(
        key="qdx-ingest-summary",
        markdown=summary_markdown(report, counts),
        description=f"qdx ingest run {report.run_id}",
    )


def summary_markdown(report: IngestReport, counts: dict[str, int]) -> str:
    lines = [
        f"# qdx ingest `{report.raw_dir}` → `{report.out_dir}`",
        "",
        f"run `{report.run_id}`, started {report.started_at.isoformat()}"
        + (f", finished {report.finished_at.isoformat()}" if report.finished_at else ""),
        "",
        "| change | documents |",
        "| --- | ---: |",
        *(f"| {change} | {n} |" for change, n in counts.items()),
        "",
    ]
    changed = [o for o in report.outcomes if o.change == Change.CHANGED]
    failed = [o for o in report.outcomes if o.change == Change.FAILED]
    if changed:
        lines += ["## Changed", ""]
        lines += [f"- `{o.doc_id}`: {o.summary}" for o in changed[:50]]
        lines += [f"- … and {len(changed) - 50} more"] if len(changed) > 50 else []
        lines.append("")
    if failed:
        lines += ["## Failed", ""]
        lines += [f"- `{o.source_path}`: {o.error}" for o in failed[:50]]
        lines += [f"- … and {len(failed) - 50} more"] if len(failed) > 50 else []
        lines.append("")
    if report.skipped:
        lines += [f"{len(report.skipped)} files outside the province filter left alone.", ""]
    if report.runs_file:
        lines += [f"Change log: `{report.runs_file}` (dataset `runs`).", ""]
    return "\n".join(lines)


# --- entry points for the CLI -------------------------------------------------------------------


def run_ingest(
    raw_dir: Path,
    out_dir: str | Path,
    *,
    force: bool = False,
    provinces: list[str] | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    use_cache: bool = True,
    task_runner: str = THREADS,
    dask_address: str | None = None,
    dask_workers: int | None = None,
    on_file: Callable[[Outcome], None] | None = None,
    allow_empty: bool = False,
) -> IngestReport:
    """Run :func:`ingest_flow` in this process (against PREFECT_API_URL, else a temporary local
    server that ends with the run: :mod:`flows.server`), calling ``on_file`` for each document
    as it is done."""
    from flows.server import prefect_api

    global _on_file
    _on_file = on_file
    try:
        with prefect_api():
            return ingest_flow(
                raw_dir=str(raw_dir),
                out_dir=str(out_dir),
                force=force,
                provinces=provinces,
                batch_size=batch_size,
                use_cache=use_cache,
                task_runner=task_runner,
                dask_address=dask_address,
                dask_workers=dask_workers,
                allow_empty=allow_empty,
            )
    finally:
        _on_file = None


def deployment_parameters(
    raw_dir: str | Path,
    out_dir: str | Path,
    *,
    provinces: list[str] | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    task_runner: str = THREADS,
    dask_address: str | None = None,
    dask_workers: int | None = None,
) -> dict[str, Any]:
    """The flow parameters of a scheduled run (paths made absolute: the runner's working folder
    may differ from the caller's)."""
    out = str(out_dir)
    if "://" not in out:
        out = str(Path(out).absolute())
    parameters: dict[str, Any] = {
        "raw_dir": str(Path(raw_dir).absolute()),
        "out_dir": out,
        "batch_size": batch_size,
        "task_runner": task_runner,
    }
    if provinces:
        parameters["provinces"] = list(provinces)
    if dask_address:
        parameters["dask_address"] = dask_address
    if dask_workers:
        parameters["dask_workers"] = dask_workers
    return parameters


def serve(name: str, cron: str, parameters: dict[str, Any]) -> None:
    """Serve :func:`ingest_flow` on a cron schedule until interrupted (``qdx serve``)."""
    ingest_flow.serve(
        name=name,
        cron=cron,
        parameters=parameters,
        description="qdx ingest on a schedule: RAW_DIR into the datasets under OUT_DIR",
        tags=["qdx"],
    )
