"""The ``qdx-ingest`` Prefect flow: :mod:`pipeline.ingest`'s batch step, its parts as tasks.

::

    scan ─► extract-batch[i] ─► diff-batch[i] ─► write-batch[i] ─► remove-documents ─► finish-run
             (no retries)        (retries)         (retries)          (retries)          (retries)

The flow orchestrates only: each batch goes through the library's
:func:`pipeline.ingest.run_batch`, the same step ``qdx ingest --no-prefect`` runs, with its
extract, diff and write parts as tasks. The flow adds what Prefect is for: tasks on a thread
pool or on Dask workers, retries on I/O, a per-document cache of extractions
(:mod:`flows.cache`), logs, artifacts, schedules. The flow's own process holds the output's
lock and is the only one that touches the manifest; extraction, diff and write tasks may run on
other machines (see ``docs/flows.md``).

One task handles a batch of ``batch_size`` files so that Prefect's cost per task (tens of
milliseconds) stays small beside the extraction of the batch. Extraction is not retried: a file
that cannot be parsed is data (an issue row), and a retry would give the same answer. Reading
(scan, diff) and writing are retried twice, one second apart; a document still not written after
the last attempt fails alone.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import uuid
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.results import ResultStore
from prefect.runner import Runner
from prefect.runtime import flow_run, task_run
from prefect.task_runners import ThreadPoolTaskRunner

from flows import cache
from pipeline.ingest import (
    DEFAULT_BATCH_SIZE,
    BatchNotExtracted,
    DocumentDiff,
    IngestOptions,
    IngestReport,
    NothingToRead,
    Outcome,
    Prepared,
    Run,
    Source,
    Steps,
    TaskRunner,
    WriteOrder,
    batched,
    diff_batch,
    extract_batch,
    open_run,
    prepare,
    remove_documents,
    run_batch,
    scan,
    write_batch,
)
from pipeline.ingest.report import plural
from pipeline.ingest.sources import printable
from pipeline.kinds import Change
from pipeline.store.writer import ManifestVersionError, OutputLocked
from pipeline.version import extractor_version

DEFAULT_CRON = "0 2 * * *"
_RETRIES = 2  # of the I/O tasks (scan, diff, write, remove, finish), one second apart
_TABLE_ROWS = 500  # rows of the table artifact at most

# Extraction is CPU-bound Python: threads do not run it in parallel, and two extractions at once
# only fight over the GIL (+15 % on 200 documents with four). One extraction at a time, with a
# second thread for the diff and write tasks of the batch before.
_THREAD_POOL: Any = ThreadPoolTaskRunner(max_workers=2)


# --- tasks --------------------------------------------------------------------------------------


class RetryBatch(RuntimeError):
    """Some documents of a batch were not read or written: the task is tried again."""


def _retry_while_attempts_remain(failed: Mapping[str, str], what: str) -> None:
    """Raise, so that Prefect tries the task again (its parts are idempotent), while it has
    retries left; on the last attempt the failures are returned, each failing its document."""
    if failed and 0 < task_run.run_count <= _RETRIES:
        doc_id, error = next(iter(failed.items()))
        raise RetryBatch(f"{len(failed)} documents {what}, {doc_id}: {error}")


@task(
    name="scan",
    retries=_RETRIES,
    retry_delay_seconds=1,
    cache_policy=NO_CACHE,
    persist_result=False,
)
def scan_sources(raw_dir: str, strict: bool = False) -> list[Source]:
    """Every file under RAW_DIR with its content digest (``strict``: see IngestOptions)."""
    return scan(Path(raw_dir), strict=strict)


@task(
    name="extract-batch",
    task_run_name="extract-{index}",
    cache_policy=NO_CACHE,
    persist_result=False,
)
def extract_task(
    index: int,
    sources: list[Source],
    extracted_at: dt.datetime,
    version: str,
    use_cache: bool = True,
) -> list[Prepared]:
    """Extract and validate a batch of files (:func:`pipeline.ingest.extract_batch`), through
    the cache of extractions; a file that fails is a failed document, not an error of the task.
    Not retried."""
    here = extractor_version()
    if here != version:
        raise RuntimeError(
            f"this worker runs extractor version {here}, the flow {version}: "
            "install the same qdx on every worker"
        )
    if not use_cache:
        return extract_batch(sources, extracted_at, prepare)
    return extract_batch(
        sources, extracted_at, partial(_prepare_cached, cache.result_store(), version)
    )


def _prepare_cached(
    store: ResultStore, version: str, source: Source, extracted_at: dt.datetime
) -> Prepared:
    hit = cache.load(store, source, version, extracted_at)
    if hit is None:
        hit = prepare(source, extracted_at)
        cache.save(store, source, version, hit)
    return hit


@task(
    name="diff-batch",
    task_run_name="diff-{index}",
    retries=_RETRIES,
    retry_delay_seconds=1,
    cache_policy=NO_CACHE,
    persist_result=False,
)
def diff_task(index: int, out_dir: str, prepared: list[Prepared]) -> dict[str, DocumentDiff]:
    """Read the rows written now of the batch's changed documents and compare (before write):
    :func:`pipeline.ingest.diff_batch`."""
    diffs = diff_batch(out_dir, prepared)
    unread = {doc_id: d.error for doc_id, d in diffs.items() if d.error}
    _retry_while_attempts_remain(unread, "not compared: previous rows unread")
    return diffs


@task(
    name="write-batch",
    task_run_name="write-{index}",
    retries=_RETRIES,
    retry_delay_seconds=1,
    cache_policy=NO_CACHE,
    persist_result=False,
)
def write_task(index: int, out_dir: str, orders: list[WriteOrder]) -> dict[str, str]:
    """Replace the files of every document of the batch (:func:`pipeline.ingest.write_batch`,
    idempotent, so safe to retry); why each document not written failed."""
    errors = write_batch(out_dir, orders)
    _retry_while_attempts_remain(errors, "not written")
    return errors


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
    task_runner: TaskRunner = TaskRunner.THREADS,
    dask_address: str | None = None,
    dask_workers: int | None = None,
    allow_empty: bool = False,
    workers: int | None = None,  # the library's extraction processes: not the flow's
    strict: bool = False,
    on_file: Callable[[Any], None] | None = None,  # of an Outcome; Any: a deployment's run
) -> IngestReport:  # validates its parameters in a module where Outcome is not resolved
    """Bring the datasets under OUT_DIR (a folder or an fsspec URL such as ``s3://bucket/qdx``)
    up to date with the files under RAW_DIR.

    The parameters are the fields of :class:`pipeline.ingest.IngestOptions`, which checks them;
    ``task_runner="dask"`` runs the extraction, diff and write tasks on Dask workers: a local
    cluster (``dask_workers`` processes) or the scheduler at ``dask_address``. ``workers`` is the
    library's (``--no-prefect``): the flow extracts on its task runner. ``on_file`` (not
    a deployment's parameter: a callable of the caller's process, e.g. the CLI's progress bar)
    is called with each document's outcome.
    """
    options = IngestOptions(
        raw_dir=Path(raw_dir),
        out_dir=out_dir,
        force=force,
        provinces=tuple(provinces) if provinces else None,
        batch_size=batch_size,
        use_cache=use_cache,
        task_runner=task_runner,
        dask_address=dask_address,
        dask_workers=dask_workers,
        allow_empty=allow_empty,
        workers=workers,
        strict=strict,
    )
    run_id = str(flow_run.get_id() or uuid.uuid4())
    if options.task_runner == TaskRunner.DASK:
        runner = dask_task_runner(options.dask_address, options.dask_workers)
        return ingest_on_dask.with_options(task_runner=runner)(options, run_id, on_file)
    return _ingest(options, run_id, on_file, extractions_in_flight=1)


@flow(name="qdx-ingest-dask", persist_result=False)
def ingest_on_dask(
    options: IngestOptions,
    run_id: str,
    on_file: Callable[[Outcome], None] | None = None,
) -> IngestReport:
    """The body of :func:`ingest_flow` as a subflow whose task runner is a DaskTaskRunner."""
    return _ingest(options, run_id, on_file, extractions_in_flight=0)


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
    options: IngestOptions,
    run_id: str,
    on_file: Callable[[Outcome], None] | None,
    extractions_in_flight: int = 0,
) -> IngestReport:
    """The run, as the library's :func:`pipeline.ingest.ingest_with` does it, in tasks. What
    stops a run as a whole (the lock held, an empty RAW_DIR, an OUT that cannot be written, a
    manifest of a newer qdx) is logged in one line and returned in the report (``fatal``), not
    raised as a traceback."""
    logger = get_run_logger()
    raw, out_dir = options.raw_dir, str(options.out_dir)
    if not raw.is_dir():
        raise NotADirectoryError(f"{raw} is not a folder")
    started_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        with open_run(options, run_id=run_id, on_file=on_file) as run:
            plan = run.plan(scan_sources(str(raw), options.strict))
            logger.info(
                "%d files: %d to extract, %d unchanged, %d removed",
                len(plan.todo) + len(plan.unchanged),
                len(plan.todo),
                len(plan.unchanged),
                len(plan.removed),
            )
            for outcome in [*plan.skipped, *plan.unchanged]:
                run.add(outcome)
            batches = batched(plan.todo, options.batch_size)
            _run_batches(run, out_dir, batches, options.use_cache, extractions_in_flight)
            if plan.removed:
                remove_task(out_dir, plan.removed)
                for doc_id in plan.removed:
                    run.record_removed(doc_id)
            report = finish_task(run)
    except (OutputLocked, NothingToRead, ManifestVersionError, OSError) as exc:
        logger.error("%s", exc)
        return IngestReport(
            raw,
            options.out_dir,
            started_at,
            run_id=run_id,
            fatal=str(exc),
            locked=isinstance(exc, OutputLocked),
        )
    _log_summary(report)
    publish_artifacts(report)
    return report


def _run_batches(
    run: Run, out_dir: str, batches: list[list[Source]], use_cache: bool, in_flight: int = 0
) -> None:
    """Each batch through :func:`pipeline.ingest.run_batch`, in order, its parts as tasks.
    Extractions are submitted ``in_flight`` ahead (0: all at once, for Dask to schedule), so that
    the next batch is extracted while one is diffed and written. All bookkeeping happens in this
    thread."""
    ahead = in_flight or len(batches)
    extractions: dict[int, PrefectFuture[list[Prepared]]] = {}

    def submit(index: int) -> None:
        if index < len(batches):
            extractions[index] = extract_task.submit(
                index, batches[index], run.started_at, run.version, use_cache
            )

    for index in range(ahead):
        submit(index)
    for index, batch in enumerate(batches):
        extraction = extractions.pop(index)
        extraction.wait()
        submit(index + ahead)
        steps = Steps(
            extract=partial(_extracted, index, extraction),
            diff=partial(_diffed, index, out_dir),
            write=partial(_written, index, out_dir),
        )
        run_batch(run, batch, steps)


def _extracted(
    index: int, extraction: PrefectFuture[list[Prepared]], sources: Sequence[Source]
) -> list[Prepared]:
    try:
        return extraction.result()
    except Exception as exc:
        get_run_logger().error("extraction of batch %d failed: %s", index, exc)
        raise BatchNotExtracted(str(exc)) from exc


def _diffed(index: int, out_dir: str, prepared: Sequence[Prepared]) -> dict[str, DocumentDiff]:
    try:
        return diff_task.submit(index, out_dir, list(prepared)).result()
    except Exception as exc:
        get_run_logger().warning("batch %d: previous rows not compared: %s", index, exc)
        return {}


def _written(index: int, out_dir: str, orders: Sequence[WriteOrder]) -> dict[str, str]:
    try:
        return write_task.submit(index, out_dir, list(orders)).result()
    except Exception as exc:
        get_run_logger().error("batch %d could not be written: %s", index, exc)
        return {order.prepared.doc_id: str(exc) for order in orders}


# --- reporting ----------------------------------------------------------------------------------


def _log_summary(report: IngestReport) -> None:
    logger = get_run_logger()
    logger.info("%s", report.counts_line())
    for o in report.outcomes:
        if o.change == Change.FAILED:
            logger.error("%s: %s", printable(o.source_path), printable(o.error or ""))
        elif o.change == Change.CHANGED:
            logger.info("%s changed: %s", o.doc_id, o.summary)
    if report.runs_file:
        logger.info("change log: %s", report.runs_file)


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
        n = len(report.skipped)
        lines += [f"{plural(n, 'document')} outside the province filter left alone.", ""]
    if report.runs_file:
        lines += [f"Change log: `{report.runs_file}` (dataset `runs`).", ""]
    return "\n".join(lines)


# --- entry points for the CLI -------------------------------------------------------------------


def run_flow(
    options: IngestOptions, *, on_file: Callable[[Outcome], None] | None = None
) -> IngestReport:
    """Run :func:`ingest_flow` with these options in this process (against PREFECT_API_URL, else
    a temporary local server that ends with the run: :mod:`flows.server`), calling ``on_file``
    for each document as it is done."""
    from flows.server import prefect_api

    with prefect_api():
        return ingest_flow(**options.model_dump(mode="json"), on_file=on_file)


def run_ingest(
    raw_dir: Path,
    out_dir: str | Path,
    *,
    on_file: Callable[[Outcome], None] | None = None,
    **options: Any,
) -> IngestReport:
    """:func:`run_flow` with the :class:`~pipeline.ingest.IngestOptions` of these fields."""
    fields = IngestOptions(raw_dir=raw_dir, out_dir=out_dir, **options)
    return run_flow(fields, on_file=on_file)


def flow_parameters(options: IngestOptions) -> dict[str, Any]:
    """The flow parameters of a scheduled run of these options (paths made absolute: the
    runner's working folder may differ from the caller's)."""
    out = str(options.out_dir)
    if "://" not in out:
        out = str(Path(out).absolute())
    parameters: dict[str, Any] = {
        "raw_dir": str(options.raw_dir.absolute()),
        "out_dir": out,
        "batch_size": options.batch_size,
        "task_runner": options.task_runner.value,
    }
    if options.provinces:
        parameters["provinces"] = list(options.provinces)
    if options.dask_address:
        parameters["dask_address"] = options.dask_address
    if options.dask_workers:
        parameters["dask_workers"] = options.dask_workers
    if options.strict:
        parameters["strict"] = True
    return parameters


def deployment_parameters(
    raw_dir: str | Path, out_dir: str | Path, **options: Any
) -> dict[str, Any]:
    """:func:`flow_parameters` of the :class:`~pipeline.ingest.IngestOptions` of these fields."""
    return flow_parameters(IngestOptions(raw_dir=Path(raw_dir), out_dir=out_dir, **options))


def serve(name: str, cron: str, parameters: dict[str, Any], *, run_now: bool = False) -> None:
    """Serve :func:`ingest_flow` on a cron schedule until interrupted (``qdx serve``): Ctrl-C
    and SIGTERM stop it alike, and the deployment's runs still scheduled are deleted, so that
    none is left ``SCHEDULED`` with nobody to run it. ``run_now`` starts a first run at once."""
    with suppress(KeyboardInterrupt):  # asyncio.run raises it again once the runner stopped
        asyncio.run(_serve(name, cron, parameters, run_now=run_now))


class _Runner(Runner):
    def handle_sigterm(self, *args: Any, **kwargs: Any) -> None:
        # Prefect's own handler calls the sync ``stop`` from the event loop's thread, which only
        # makes a coroutine ("coroutine 'Runner.astop' was never awaited"), and exits at once.
        # Here the stop is awaited on the loop: the polling ends, the runner's exit stack runs
        # (it pauses the schedule), then the scheduled runs are deleted, as after Ctrl-C.
        self._stop_task = asyncio.get_running_loop().create_task(self._stop_when_runs_end())

    async def _stop_when_runs_end(self) -> None:
        # ``astop`` cancels every run whose process is still up, and a run that has just sent
        # its COMPLETED state is still up a second or two (its logs drain): cancelled then, it
        # ended CANCELLED (seen in CI). So the runs in progress get a while to end first.
        loop = asyncio.get_running_loop()
        deadline = loop.time() + _SIGTERM_GRACE_SECONDS
        while self._flow_run_process_map and loop.time() < deadline:
            await asyncio.sleep(0.2)
        await self.astop()


# How long SIGTERM lets the runs in progress end before it cancels them.
_SIGTERM_GRACE_SECONDS = 10


async def _serve(name: str, cron: str, parameters: dict[str, Any], *, run_now: bool) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        DeploymentFilter,
        DeploymentFilterId,
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType

    runner = _Runner(name=name, pause_on_shutdown=True)
    deployment_id = await runner.aadd_flow(
        ingest_flow,
        name=name,
        cron=cron,
        parameters=parameters,
        description="qdx ingest on a schedule: RAW_DIR into the datasets under OUT_DIR",
        tags=["qdx"],
    )
    print(f"serving qdx-ingest/{name} on {cron!r} (UTC); Ctrl-C or SIGTERM stops", flush=True)
    if run_now:
        async with get_client() as client:
            await client.create_flow_run_from_deployment(deployment_id)
    try:
        await runner.start()
    finally:
        async with get_client() as client:
            scheduled = await client.read_flow_runs(
                deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id])),
                flow_run_filter=FlowRunFilter(
                    state=FlowRunFilterState(
                        type=FlowRunFilterStateType(any_=[StateType.SCHEDULED])
                    )
                ),
            )
            for run in scheduled:
                await client.delete_flow_run(run.id)
        print(f"stopped; {len(scheduled)} scheduled runs deleted", flush=True)
