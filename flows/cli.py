"""The ``qdx`` command line (also ``python -m pipeline``, ``python -m flows``): a thin layer on
top of the library and the flows, beside them in ``flows/`` so that imports point down.

``qdx ingest`` builds one :class:`pipeline.ingest.IngestOptions` and runs the Prefect flow
:func:`flows.ingest.ingest_flow` with it (against PREFECT_API_URL, else Prefect's temporary
local server); ``--no-prefect`` or ``QDX_NO_PREFECT=1`` calls :func:`pipeline.ingest.ingest_with`
directly. ``qdx serve`` runs the flow on a cron schedule. Prefect is imported only when used.

Exit codes: 0 every file extracted (warnings allowed, files of types qdx does not read skipped);
1 at least one file failed (every other file still written; with --strict, a file of a type qdx
does not read too), or the run could not write OUT, refused to empty it, or found a manifest of
a newer qdx; 2 bad usage (missing
folder, unknown option, OUT empty, a file, or inside RAW_DIR, a --province that is no known
slug); 3 another run holds OUT's lock.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

# typer (0.29) vendors its own click: its commands take and raise these classes, not click's.
from typer._click import Command, Context, HelpFormatter
from typer._click.exceptions import NoSuchOption
from typer.core import TyperCommand, TyperGroup, TyperOption

# Only light modules at import time, so that `qdx --help` starts at once: the library's heavy
# parts (pyarrow, the extractors, record building) are imported by the command that runs them.
from pipeline.ingest.options import DEFAULT_BATCH_SIZE, IngestOptions, TaskRunner
from pipeline.ingest.sources import READ_SUFFIXES, printable, walk
from pipeline.kinds import Change

if TYPE_CHECKING:
    from pipeline.ingest.report import IngestReport, Outcome

EXIT_FAILED = 1  # a file failed, or OUT could not be written
EXIT_LOCKED = 3  # another qdx run is writing to OUT


def _close_option(name: str, command: Command, ctx: Context) -> list[str]:
    """The one option of ``command`` close to a mistyped ``name`` (``--forse``: ``--force``), or
    none. Click compares whole names, so the shared ``--`` made ``--bogus`` close to ``--out``;
    here the names are compared without their dashes."""
    from difflib import get_close_matches

    names = [o for p in command.get_params(ctx) for o in (*p.opts, *p.secondary_opts)]
    longs = {o.lstrip("-"): o for o in names if o.startswith("--")}
    close = get_close_matches(name.lstrip("-"), list(longs), n=1)
    return [longs[close[0]]] if close else []


class _Usage(Command):
    """What qdx's commands and ``qdx`` itself change in typer's: an unknown option suggests
    only a close one, and the help shows no type beside a flag (typer prints ``--force
    <bool>``, though a flag takes no value: an empty metavar leaves the column blank)."""

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except NoSuchOption as exc:
            close = _close_option(exc.option_name, self, ctx)
            raise NoSuchOption(exc.option_name, possibilities=close, ctx=ctx) from None

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        for param in self.get_params(ctx):
            if isinstance(param, TyperOption) and param.is_flag:
                param.metavar = ""
        super().format_help(ctx, formatter)


class _Command(_Usage, TyperCommand):
    pass


class _Group(_Usage, TyperGroup):
    pass


app = typer.Typer(
    name="qdx",
    help="Extract Vietnamese provincial decisions on industrial promotion into Parquet datasets.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=_Group,
)

_SUMMARY_ROWS = 20


def _err_console() -> Console:
    return Console(stderr=True, soft_wrap=True)


def _print_error(message: str) -> None:
    """``error <message>`` on stderr, on one line, what the message holds printed escaped."""
    _err_console().print(
        f"[red]error[/red] {escape(printable(message))}", highlight=False, soft_wrap=True
    )


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def _out_location(out: str) -> str | Path:
    """OUT as given: an fsspec URL (``s3://bucket/prefix``) stays a string, else a path."""
    return out if "://" in out else Path(out)


def _prefect_quiet(console_level: str = "CRITICAL") -> None:
    """Before Prefect is imported: its console gets ``console_level`` and above only (the API
    and UI still get every log line), and its temporary server sends no telemetry (as
    ./prefect.toml says for a run from the checkout), unless the user said otherwise.

    ``qdx ingest`` prints each failure, a fatal error and the summary itself: Prefect's console
    copy of the flow's log lines (``ERROR | Flow run …``) printed each failure a second time."""
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", console_level)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


_TASK_RUNNER_HELP = "Where the extraction tasks run: threads of this process, or Dask workers."

# The arguments `qdx ingest` and `qdx serve` share, defined once.
RawDirArgument = Annotated[
    Path,
    typer.Argument(
        help=f"Folder of source files ({', '.join(READ_SUFFIXES)}; recursive).",
        metavar="RAW_DIR",
        show_default=True,
    ),
]
OutOption = Annotated[
    str,
    typer.Option(
        "--out", help="Folder of the datasets, or an fsspec URL (s3://…).", metavar="OUT_DIR"
    ),
]
ProvinceOption = Annotated[
    list[str] | None,
    typer.Option(
        "--province", help="Only documents of this province slug (repeatable).", metavar="SLUG"
    ),
]
TaskRunnerOption = Annotated[
    str, typer.Option("--task-runner", help=_TASK_RUNNER_HELP, metavar="threads|dask")
]
DaskAddressOption = Annotated[
    str | None,
    typer.Option(
        "--dask-address", help="An existing Dask scheduler (implies dask).", metavar="ADDR"
    ),
]
DaskWorkersOption = Annotated[
    int | None,
    typer.Option("--dask-workers", min=1, help="Processes of the local Dask cluster.", metavar="N"),
]
BatchSizeOption = Annotated[
    int, typer.Option("--batch-size", min=1, help="Files per Prefect task.", metavar="N")
]
StrictOption = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="A file of a type qdx does not read (notes.md, README, .xlsx) fails the run "
        "(it is skipped otherwise).",
    ),
]


def _check_provinces(provinces: list[str] | None) -> None:
    """Bad usage, before anything is read or written: a --province that is no partition value
    (a province's slug, ``national`` or ``unknown``), which would select nothing."""
    if not provinces:
        return
    from difflib import get_close_matches

    from normalizers.provinces import province_names
    from normalizers.text import slugify
    from pipeline.build.assemble import NATIONAL, UNKNOWN

    known = [*sorted(slugify(name) for name in province_names()), NATIONAL, UNKNOWN]
    for slug in provinces:
        if slug not in known:
            close = get_close_matches(slugify(slug), known, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            _err_console().print(
                f"[red]error[/red] --province {escape(repr(slug))} is not a province slug{hint}."
                f" Known slugs: {', '.join(known)}",
                highlight=False,
                soft_wrap=True,
            )
            raise typer.Exit(2)


def _check_folders(raw_dir: Path, out: str) -> None:
    """Bad usage, before anything is read or written: RAW_DIR not a folder, OUT empty, a file,
    or inside RAW_DIR (the next run would read its own output)."""
    if not raw_dir.is_dir():
        raise typer.BadParameter(f"{raw_dir} is not a folder", param_hint="RAW_DIR")
    if not out.strip():
        raise typer.BadParameter("empty: name the folder of the datasets", param_hint="--out")
    if "://" in out and not out.startswith("file://"):
        return
    out_path = Path(out.removeprefix("file://"))
    if out_path.exists() and not out_path.is_dir():
        raise typer.BadParameter(f"{out} is a file, not a folder", param_hint="--out")
    raw, target = raw_dir.resolve(), out_path.resolve()
    if target.is_relative_to(raw):
        raise typer.BadParameter(
            f"{out} is inside RAW_DIR {raw_dir}: the datasets would be read as sources",
            param_hint="--out",
        )


@app.command("ingest", cls=_Command)
def ingest_command(
    ctx: typer.Context,
    raw_dir: RawDirArgument = Path("data/raw"),
    out: OutOption = "data/processed",
    force: Annotated[
        bool, typer.Option("--force", help="Re-extract files even when unchanged.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    province: ProvinceOption = None,
    no_prefect: Annotated[
        bool,
        typer.Option(
            "--no-prefect",
            help="Run the library directly, without Prefect (also QDX_NO_PREFECT=1).",
        ),
    ] = False,
    task_runner: TaskRunnerOption = "threads",
    dask_address: DaskAddressOption = None,
    dask_workers: DaskWorkersOption = None,
    batch_size: BatchSizeOption = DEFAULT_BATCH_SIZE,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Do not use Prefect's cache of extractions.")
    ] = False,
    allow_empty: Annotated[
        bool,
        typer.Option(
            "--allow-empty",
            help="Let a RAW_DIR with no file remove every document (refused otherwise).",
        ),
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            envvar="QDX_WORKERS",
            show_envvar=False,
            metavar="N",
            help="Extraction processes with --no-prefect (default: the usable CPUs; 1: none,"
            " in this process; also QDX_WORKERS).",
        ),
    ] = None,
    strict: StrictOption = False,
) -> None:
    """Extract every file under RAW_DIR into the datasets under OUT_DIR."""
    _check_folders(raw_dir, out)
    _check_provinces(province)
    options = _options(
        raw_dir=raw_dir,
        out_dir=_out_location(out),
        force=force,
        provinces=tuple(province) if province else None,
        batch_size=batch_size,
        use_cache=not no_cache,
        task_runner=task_runner,
        dask_address=dask_address,
        dask_workers=dask_workers,
        allow_empty=allow_empty,
        workers=workers,
        strict=strict,
    )
    use_prefect = not (no_prefect or _truthy(os.environ.get("QDX_NO_PREFECT")))
    if not use_prefect and options.task_runner != TaskRunner.THREADS:
        raise typer.BadParameter(
            "Dask needs Prefect: drop --no-prefect", param_hint="--task-runner"
        )
    if use_prefect and _given(ctx, "workers"):  # QDX_WORKERS alone: for --no-prefect runs
        raise typer.BadParameter(
            "the library's extraction processes: add --no-prefect (the flow extracts on its"
            " task runner; --task-runner dask for processes)",
            param_hint="--workers",
        )
    from pipeline.ingest.batch import ingest_with
    from pipeline.ingest.run import NothingToRead
    from pipeline.store.writer import ManifestVersionError, OutputLocked, check_writable

    console = Console()
    err = _err_console()
    total = len(walk(raw_dir, strict=strict))  # one outcome each, skipped entries too
    progress = Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=err,
        disable=not err.is_terminal or as_json,
        transient=True,
    )

    def on_file(outcome: Outcome) -> None:
        progress.update(task, advance=1, description=outcome.doc_id)
        if outcome.change in (Change.FAILED, Change.SKIPPED):
            where = escape(printable(f"{outcome.source_path}: {outcome.error}"))
            label = (
                "[red]error[/red]"
                if outcome.change == Change.FAILED
                else "[yellow]skipped[/yellow]"
            )
            err.print(f"{label} {where}", highlight=False, soft_wrap=True)

    def fail(message: str, code: int = EXIT_FAILED) -> typer.Exit:
        _print_error(message)
        return typer.Exit(code)

    try:
        check_writable(options.out_dir)  # a read-only OUT says so in one line, before any work
    except OutputLocked as exc:
        raise fail(str(exc), EXIT_LOCKED) from None
    except OSError as exc:
        raise fail(f"{out}: cannot write the datasets here: {exc.strerror or exc}") from None
    try:
        with progress:
            task = progress.add_task("", total=total)
            if use_prefect:
                _prefect_quiet()
                from flows.ingest import run_flow
                from flows.server import ServerUnavailable

                try:
                    report = run_flow(options, on_file=on_file)
                except ServerUnavailable as exc:
                    raise fail(str(exc)) from None
            else:
                report = ingest_with(options, on_file=on_file)
    except OutputLocked as exc:
        raise fail(str(exc), EXIT_LOCKED) from None
    except (NothingToRead, ManifestVersionError) as exc:
        raise fail(str(exc)) from None
    except OSError as exc:  # the manifest or change log could not be saved: disk full, …
        where = f" ({exc.filename})" if exc.filename else ""
        raise fail(f"{out}: could not save the run's state{where}: {exc.strerror or exc}") from None
    if report.fatal:
        raise fail(report.fatal, report.exit_code)
    if as_json:
        print(json.dumps(_report_json(report), ensure_ascii=False, indent=2))
    else:
        _print_summary(console, report)
    raise typer.Exit(report.exit_code)


@app.command("serve", cls=_Command)
def serve_command(
    raw_dir: RawDirArgument = Path("data/raw"),
    out: OutOption = "data/processed",
    cron: Annotated[
        str,
        typer.Option(
            "--cron",
            envvar="QDX_CRON",
            help="When to run, a cron expression (UTC).",
            metavar="CRON",
        ),
    ] = "0 2 * * *",
    name: Annotated[
        str, typer.Option("--name", help="The deployment's name.", metavar="NAME")
    ] = "qdx-ingest",
    province: ProvinceOption = None,
    task_runner: TaskRunnerOption = "threads",
    dask_address: DaskAddressOption = None,
    dask_workers: DaskWorkersOption = None,
    batch_size: BatchSizeOption = DEFAULT_BATCH_SIZE,
    run_now: Annotated[
        bool, typer.Option("--run-now", help="Start a first run at once, then on schedule.")
    ] = False,
    strict: StrictOption = False,
) -> None:
    """Run the ingest flow on a schedule with Prefect until interrupted (Ctrl-C or SIGTERM):
    against PREFECT_API_URL, else a Prefect server started for it that `qdx ingest` reuses."""
    _check_folders(raw_dir, out)
    _check_provinces(province)
    options = _options(
        raw_dir=raw_dir,
        out_dir=out,
        provinces=tuple(province) if province else None,
        batch_size=batch_size,
        task_runner=task_runner,
        dask_address=dask_address,
        dask_workers=dask_workers,
        strict=strict,
    )
    if not _valid_cron(cron):
        raise typer.BadParameter(f"{cron!r} is not a cron expression", param_hint="--cron")
    _prefect_quiet("INFO")  # each run's lines: its start, its summary, its change log
    from flows.ingest import flow_parameters, serve
    from flows.server import ServerUnavailable, prefect_api

    parameters = flow_parameters(options)
    try:
        with prefect_api(keep_for_others=True):
            serve(name, cron, parameters, run_now=run_now)
    except ServerUnavailable as exc:
        _print_error(str(exc))
        raise typer.Exit(EXIT_FAILED) from None


def _given(ctx: typer.Context, parameter: str) -> bool:
    """Whether the command line itself gave this option (not its default, not its envvar)."""
    source = ctx.get_parameter_source(parameter)
    return source is not None and source.name == "COMMANDLINE"


def _options(**fields: Any) -> IngestOptions:
    """The run's options, checked once; a value they refuse is bad usage of its option."""
    try:
        return IngestOptions(**fields)
    except ValidationError as exc:
        if any(error["loc"][:1] == ("task_runner",) for error in exc.errors()):
            raise typer.BadParameter("threads or dask", param_hint="--task-runner") from None
        raise


def _valid_cron(expression: str) -> bool:
    from prefect.client.schemas.schedules import CronSchedule

    try:
        CronSchedule(cron=expression)
    except ValueError:
        return False
    return True


def _report_json(report: IngestReport) -> dict[str, object]:
    return {
        "raw_dir": str(report.raw_dir),
        "out_dir": str(report.out_dir),
        "started_at": report.started_at.isoformat(),
        "run_id": report.run_id,
        "runs_file": report.runs_file,
        "files_seen": len(report.files),
        "counts": {c.value: report.count(c) for c in Change},
        "re_extracted": sum(1 for o in report.outcomes if o.re_extracted),
        "skipped": report.skipped,
        "duplicates": {d: {"original": o, "reason": r} for d, (o, r) in report.duplicates.items()},
        "recovered_runs": report.recovered_runs,
        "kept_unseen": report.kept_unseen,
        "files": [
            {
                "doc_id": o.doc_id,
                "source_path": o.source_path,
                "change": o.change.value,
                "province": o.province,
                "period": o.period,
                "issues": _counts(o)[0],
                "source_errors": _counts(o)[1],
                "error": o.error,
                "summary": o.summary,
            }
            for o in report.outcomes
        ],
    }


def _print_summary(console: Console, report: IngestReport) -> None:
    """The run's summary: on a terminal a table of the documents it touched (the first
    ``_SUMMARY_ROWS``); elsewhere (a log, cron mail, CI) one plain line per document, every
    value whole, so that nothing is wrapped mid-word at 80 columns. Then the counts."""
    from pipeline.ingest.report import plural

    terminal = console.is_terminal
    limit = _SUMMARY_ROWS if terminal else None

    def say(line: str, style: str | None = None) -> None:
        console.print(escape(printable(line)), style=style, highlight=False, soft_wrap=True)

    touched = [o for o in report.outcomes if o.change != Change.UNCHANGED]
    title = f"qdx ingest {report.raw_dir} → {report.out_dir}"
    if touched and terminal:
        console.print(_summary_table(title, touched))
    elif touched:
        say(title)
        for line in _summary_lines(touched):
            say(line)
    say(report.counts_line())
    if terminal:  # the plain lines carry each summary already
        changed = [o for o in touched if o.change == Change.CHANGED and o.summary]
        for o in changed[:limit]:
            say(f"  {o.doc_id}: {o.summary}")
    if report.kept_unseen:
        n = len(report.kept_unseen)
        say(
            f"{plural(n, 'document')} under folders that could not be read "
            f"{'keeps its' if n == 1 else 'keep their'} rows"
        )
    if report.duplicates:
        n = len(report.duplicates)
        say(f"{plural(n, 'duplicate')} left out of sums (documents.duplicate_of):")
        for doc_id, (original, reason) in list(report.duplicates.items())[:limit]:
            say(f"  {doc_id} = {original} ({reason})")
        if limit is not None and n > limit:
            say(f"  … and {n - limit} more")
    for path in report.recovered_runs:
        say(f"change log of an interrupted run written: {path}")
    if report.skipped:
        say(f"{plural(len(report.skipped), 'document')} outside --province left alone")
    if report.runs_file:  # under OUT_DIR as the user named it (--json has the full path)
        name = report.runs_file.rsplit("/", 1)[-1]
        say(f"change log: {str(report.out_dir).rstrip('/')}/runs/{name}", style="dim")


_COLUMNS = ("file", "change", "province", "period", "errors", "issues")  # of the table


def _counts(o: Outcome) -> tuple[int | None, int | None]:
    """A document's issue rows and errors, None for what has none: a removed document, a
    skipped entry (or an unchanged one whose counts were not kept)."""
    if o.change in (Change.REMOVED, Change.SKIPPED):
        return None, None
    return o.n_issues, o.n_errors


def _cells(o: Outcome) -> tuple[str, ...]:
    """A touched document's table cells: for one failed or skipped, the reason in place of
    the counts."""
    if o.change in (Change.FAILED, Change.SKIPPED):
        counts: tuple[str, ...] = ("", o.error or "")
    else:
        counts = tuple("" if n is None else str(n) for n in reversed(_counts(o)))
    return (o.doc_id, o.change.value, o.province or "", o.period or "", *counts)


def _summary_table(title: str, touched: list[Outcome]) -> Table:
    table = Table(title=escape(title), title_justify="left")
    table.add_column("file", no_wrap=True)
    for column in _COLUMNS[1:]:
        table.add_column(column, overflow="fold")
    for o in touched[:_SUMMARY_ROWS]:
        style = {Change.FAILED: "red", Change.SKIPPED: "yellow"}.get(o.change)
        table.add_row(*(escape(printable(c)) for c in _cells(o)), style=style)
    if len(touched) > _SUMMARY_ROWS:
        table.caption = f"… and {len(touched) - _SUMMARY_ROWS} more"
    return table


def _summary_lines(touched: list[Outcome]) -> list[str]:
    """One line per document: its change, province, period, errors and issues in aligned
    columns (``-`` for none), then the file and what changed or why it failed, whole and
    unpadded, so that one long name widens no other line::

        skipped  -         -          -       -       notes.md: not a file type qdx reads: …
    """
    columns = ("change", "province", "period", "errors", "issues")
    rows = []
    for o in touched:
        n_issues, n_errors = _counts(o)
        counts = ("-" if n is None else str(n) for n in (n_errors, n_issues))
        note = o.error if o.change in (Change.FAILED, Change.SKIPPED) else o.summary
        file = f"{o.doc_id}: {note}" if note else o.doc_id
        rows.append((o.change.value, o.province or "-", o.period or "-", *counts, file))
    table = [(*columns, "file"), *rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(columns))]
    return [
        "  ".join([*(c.ljust(w) for c, w in zip(row, widths, strict=False)), row[-1]])
        for row in table
    ]


@app.command("show", cls=_Command)
def show_command(
    file: Annotated[Path, typer.Argument(help="One source file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the records as JSON.")] = False,
) -> None:
    """Extract one file and print its records, writing nothing (flows/show.py says how)."""
    if not file.is_file():
        raise typer.BadParameter(f"{file} is not a file", param_hint="FILE")
    from flows.show import extraction_json, print_extraction
    from pipeline.build.extract import extract

    extraction = extract(file)
    if extraction.failed:  # on stderr, as `qdx ingest` prints a failure
        _print_error(f"{extraction.source_path}: {extraction.error}")
    if as_json:
        print(json.dumps(extraction_json(extraction), ensure_ascii=False, indent=2))
    elif not extraction.failed:
        print_extraction(Console(), extraction)
    raise typer.Exit(EXIT_FAILED if extraction.failed else 0)


def _print_version(value: bool) -> None:
    if not value:
        return
    from pipeline.version import extractor_version

    extractor = extractor_version()  # the package version + the digest of the code
    print(f"qdx {extractor.rsplit('+', 1)[0]} (extractor {extractor})")
    raise typer.Exit(0)


@app.callback()
def _qdx_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the version of qdx and of its extractor, and exit.",
        ),
    ] = False,
) -> None:
    """The options before the command: ``qdx --version``."""


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (2 for bad usage)."""
    command = typer.main.get_command(app)
    try:
        command.main(args=argv, prog_name="qdx", standalone_mode=True)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
    return 0


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
