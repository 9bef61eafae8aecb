"""How much the Prefect flow costs over the library: `make bench`.

Generates a corpus of perturbed copies of the five bundled samples (another province, years
shifted, amounts changed, so that no two files have the same content and nothing is cached by
content) in a temporary folder, then times a first run and a no-op re-run

* through the library directly (``pipeline.ingest.ingest``, what ``qdx ingest --no-prefect`` does),
* through the flow on the thread pool (what ``qdx ingest`` does), Prefect's temporary local
  server included (started once, timed apart),
* through the flow against a server already running (``prefect server start`` in the background
  with a PREFECT_HOME of its own, its start timed apart, PREFECT_API_URL pointing at it, as a
  user with a server or ``qdx serve`` has it): first run (cache off, since the runs before filled
  the cache) and no-op re-run, and the no-op re-run
  of the ``qdx ingest`` command itself (interpreter, imports and Prefect's client included)
  against ``qdx ingest --no-prefect``'s,
* through the flow on a local Dask cluster (``--task-runner dask``), first run only,

checks that every run wrote the same rows, and writes the figures to ``docs/benchmarks.md``.

    .venv/bin/python bench/flow_bench.py [--docs 1000] [--batch-size 20] [--dask-workers 2]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_txt  # noqa: E402


def make_corpus(raw: Path, n_docs: int) -> None:
    """``n_docs`` perturbed copies of the text samples (:func:`corpus.write_txt`)."""
    raw.mkdir(parents=True, exist_ok=True)
    write_txt(raw, n_docs)


def timed(label: str, call: Callable[[], Any]) -> tuple[float, Any]:
    print(f"  {label} …", end="", flush=True)
    start = time.perf_counter()
    result = call()
    seconds = time.perf_counter() - start
    print(f" {seconds:.1f} s", flush=True)
    return seconds, result


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(home: Path) -> Iterator[tuple[str, float]]:
    """``prefect server start`` in the background with its own PREFECT_HOME (a fresh database),
    UI and services off; its API URL and the seconds until it answered, stopped at the end."""
    import httpx

    home.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",
    }
    env.pop("PREFECT_API_URL", None)
    prefect = Path(sys.executable).with_name("prefect")
    command = [str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    log = (home / "server.log").open("wb")
    start = time.perf_counter()
    server = subprocess.Popen([*command, "--no-ui"], env=env, stdout=log, stderr=log)
    try:
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"prefect server start exited: see {home / 'server.log'}")
            try:
                httpx.get(f"{url}/health", timeout=2).raise_for_status()
                break
            except httpx.HTTPError:
                if time.perf_counter() - start > 300:
                    raise
                time.sleep(0.5)
        yield url, time.perf_counter() - start
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def cli_seconds(args: list[str], env: dict[str, str], repeat: int = 3) -> float:
    """The median wall time of ``python -m flows`` + args in a fresh interpreter."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "flows", *args], env=env, check=True, capture_output=True
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def row_counts(out: Path) -> dict[str, int]:
    from pipeline.store.datasets import read_table
    from pipeline.store.writer import DOCUMENT_DATASETS

    return {name: read_table(name, out).num_rows for name in DOCUMENT_DATASETS}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--batch-size", type=int, default=20)
    parser.add_argument("--dask-workers", type=int, default=2)
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="qdx-bench-"))
    if not os.environ.get("QDX_BENCH_SNAPSHOT"):
        # Run on a copy of the code: the extractor version is a digest of the source files, and
        # Dask workers started later must see the same files as this process even if the
        # checkout is being edited meanwhile.
        src = work / "src"
        for package in ("extractors", "normalizers", "pipeline", "flows"):
            shutil.copytree(
                ROOT / package, src / package, ignore=shutil.ignore_patterns("__pycache__")
            )
        env = {**os.environ, "QDX_BENCH_SNAPSHOT": str(work), "PYTHONPATH": str(src)}
        command = [sys.executable, __file__, *(sys.argv[1:] if argv is None else argv)]
        return subprocess.run(command, env=env, check=False).returncode
    work = Path(os.environ["QDX_BENCH_SNAPSHOT"])
    # A Prefect of its own: a fresh database and result storage, console quiet.
    os.environ["PREFECT_HOME"] = str(work / "prefect-home")
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.pop("PREFECT_API_URL", None)

    from prefect import flow

    import pipeline
    from flows.ingest import run_ingest
    from pipeline.ingest import ingest
    from pipeline.kinds import Change

    assert Path(pipeline.__file__).is_relative_to(work), pipeline.__file__
    raw = work / "raw"
    print(f"corpus: {args.docs} documents in {raw}")
    t_corpus, _ = timed("generate", lambda: make_corpus(raw, args.docs))
    results: dict[str, float] = {"corpus": t_corpus}

    print("library (pipeline.ingest.ingest, no Prefect)")
    results["lib_first"], report = timed(
        "first run", lambda: ingest(raw, work / "lib", batch_size=args.batch_size)
    )
    assert report.count(Change.ADDED) == args.docs, report.count(Change.FAILED)
    results["lib_noop"], report = timed("no-op re-run", lambda: ingest(raw, work / "lib"))
    assert report.count(Change.UNCHANGED) == args.docs

    print("flow (threads), Prefect's temporary local server")

    @flow(name="qdx-bench-warm-up")
    def warm_up() -> None:
        return None

    results["server_start"], _ = timed("server start + empty flow run", warm_up)
    results["flow_first"], report = timed(
        "first run", lambda: run_ingest(raw, work / "flow", batch_size=args.batch_size)
    )
    assert report.count(Change.ADDED) == args.docs
    results["flow_noop"], report = timed("no-op re-run", lambda: run_ingest(raw, work / "flow"))
    assert report.count(Change.UNCHANGED) == args.docs

    results["flow_nocache"], report = timed(
        "first run, --no-cache",
        lambda: run_ingest(raw, work / "flow-nocache", batch_size=args.batch_size, use_cache=False),
    )
    assert report.count(Change.ADDED) == args.docs

    counts = row_counts(work / "lib")
    assert row_counts(work / "flow") == counts, "the flow wrote other rows than the library"

    print("flow (threads), against a running `prefect server start`")
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with running_server(work / "server-home") as (url, started):
        results["running_start"] = started
        print(f"  server started in {started:.1f} s: {url}")
        with temporary_settings({PREFECT_API_URL: url}):
            # Without the cache: with it, every extraction would be read from the cache the runs
            # above wrote (the same PREFECT_HOME's result storage), and this run would time that.
            results["running_first"], report = timed(
                "first run, --no-cache",
                lambda: run_ingest(
                    raw, work / "running", batch_size=args.batch_size, use_cache=False
                ),
            )
            assert report.count(Change.ADDED) == args.docs
            results["running_noop"], report = timed(
                "no-op re-run", lambda: run_ingest(raw, work / "running")
            )
            assert report.count(Change.UNCHANGED) == args.docs
        assert row_counts(work / "running") == counts, "the flow wrote other rows"
        (work / "cli-home").mkdir(exist_ok=True)
        env = {**os.environ, "PREFECT_API_URL": url, "PREFECT_HOME": str(work / "cli-home")}
        env.pop("QDX_NO_PREFECT", None)
        out = str(work / "running")
        _, results["cli_noop_server"] = timed(
            "`qdx ingest` no-op re-run, 3 times",
            lambda: cli_seconds(["ingest", str(raw), "--out", out], env),
        )
        library = str(work / "lib")
        _, results["cli_noop_lib"] = timed(
            "`qdx ingest --no-prefect` no-op re-run, 3 times",
            lambda: cli_seconds(["ingest", str(raw), "--out", library, "--no-prefect"], env),
        )
    if not args.no_dask:
        print(f"flow (dask, local cluster of {args.dask_workers} processes)")
        results["dask_first"], report = timed(
            "first run",
            lambda: run_ingest(
                raw,
                work / "dask",
                batch_size=args.batch_size,
                task_runner="dask",
                dask_workers=args.dask_workers,
                use_cache=False,
            ),
        )
        assert report.count(Change.ADDED) == args.docs
        assert row_counts(work / "dask") == counts, "Dask wrote other rows than the library"

    text = report_markdown(args, results, counts)
    args.output.write_text(text, encoding="utf-8")
    print(f"written to {args.output}")
    return 0


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 2**20:.0f} GiB memory"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} cores{memory}, {platform.system()} {platform.release()}"


def _cache_sentence(cost: float, library: float) -> str:
    """What writing Prefect's cache of extractions costs, from the runs with and without it."""
    if cost < 0.05 * library:  # faster with it, or within the run-to-run noise of a first run
        return (
            "Writing Prefect's cache of extractions costs nothing measurable here: the run with"
            f" it took {cost:+.1f} s against the run without it, run-to-run noise."
        )
    return f"Writing Prefect's cache of extractions costs {cost:+.1f} s of it."


def _dask_sentence(r: dict[str, float], n_docs: int) -> str:
    """What the Dask run shows, from its figures."""
    if "dask_first" not in r:
        return "Dask was not run (`--no-dask`)."
    ratio = r["dask_first"] / r["lib_first"]
    if ratio < 1:
        return (
            "On Dask each worker process extracts in parallel: here"
            f" {ratio:.2f}× the library's time with 2 cores shared by the flow's process,"
            " Prefect's server and the workers; the gain grows with cores and machines."
        )
    return (
        f"On Dask the run took {ratio:.1f}× the library's time here, on 2 cores shared by the"
        " flow's process, Prefect's server and the workers; most likely the local cluster's start"
        " and every batch's records moved between processes cost more than the second core gains"
        f" when a document takes {r['lib_first'] / n_docs * 1000:.0f} ms in the library (not"
        " measured apart). Dask is for more"
        " cores or machines, or slower documents (PDF)."
    )


def _running_sentences(r: dict[str, float]) -> list[str]:
    """The flow/library ratios with and without a running server, from the figures."""
    if "running_first" not in r:
        return []
    temporary = (r["server_start"] + r["flow_first"]) / r["lib_first"]
    return [
        "Flow / library, first run: with a running server"
        f" {r['running_first'] / r['lib_first']:.2f}× ({r['running_first']:.1f} s against"
        f" {r['lib_first']:.1f} s, cache off; {r['flow_nocache']:.1f} s with the temporary"
        " server, cache off, its start not counted); with the temporary server started for the"
        f" run {temporary:.2f}× ({r['server_start']:.0f} s of start included, cache on), or"
        f" {r['flow_first'] / r['lib_first']:.2f}× once it runs. No-op re-run, in process:"
        f" {r['running_noop']:.2f} s against the library's {r['lib_noop']:.2f} s"
        f" ({r['running_noop'] / r['lib_noop']:.0f}×); as commands (`qdx ingest` against"
        f" `qdx ingest --no-prefect`, each in a fresh interpreter): {r['cli_noop_server']:.1f} s"
        f" against {r['cli_noop_lib']:.1f} s ({r['cli_noop_server'] / r['cli_noop_lib']:.1f}×)"
        " with a running server, and"
        f" {r['server_start'] + r['flow_noop']:.0f} s or so without one (the temporary server's"
        " start). A running server (`prefect server start`, or `qdx serve`, which `qdx ingest`"
        " finds through `$PREFECT_HOME/qdx-server.json`) takes the fixed cost away; what stays"
        " is the flow's own cost per run.",
        "",
    ]


def report_markdown(args: argparse.Namespace, r: dict[str, float], counts: dict[str, int]) -> str:
    n = args.docs
    versions = ", ".join(
        f"{name} {metadata.version(name)}"
        for name in ("prefect", "prefect-dask", "distributed", "pyarrow", "pydantic")
    )

    def row(label: str, seconds: float, what: str) -> str:
        return f"| {label} | {seconds:.1f} | {n / seconds:.0f} | {what} |"

    lines = [
        "# Benchmarks",
        "",
        "The cost of running `qdx ingest` as a Prefect flow rather than calling the library, on a",
        f"generated corpus of {n:,} documents: perturbed copies of the five bundled samples",
        "(another province, years shifted, amounts changed), so that every file has its own",
        "content and nothing is served from Prefect's cache of extractions.",
        "",
        f"- date: {dt.date.today().isoformat()}",
        f"- machine: {_machine()}",
        f"- Python {platform.python_version()}; {versions}",
        f"- command: `make bench` (`{Path(sys.executable).name} bench/flow_bench.py --docs {n}"
        f" --batch-size {args.batch_size} --dask-workers {args.dask_workers}`)",
        f"- rows written: {', '.join(f'{k} {v:,}' for k, v in counts.items())}",
        "",
        "| run | seconds | documents / s | what it measures |",
        "| --- | ---: | ---: | --- |",
        row("library, first run", r["lib_first"], "`qdx ingest --no-prefect`: extract and write"),
        row("library, no-op re-run", r["lib_noop"], "hash every file, compare with the manifest"),
        f"| Prefect temporary server | {r['server_start']:.1f} | | start it (a fresh database)"
        " and run an empty flow: paid once per `qdx ingest` without PREFECT_API_URL |",
        row(
            "flow, first run",
            r["flow_first"],
            f"`qdx ingest`: threads, {-(-n // args.batch_size)} extract and write tasks,"
            " the cache written",
        ),
        row(
            "flow, first run, `--no-cache`",
            r["flow_nocache"],
            "the same, cache neither read nor written",
        ),
        row("flow, no-op re-run", r["flow_noop"], "scan task, no extraction"),
    ]
    if "running_first" in r:
        lines += [
            f"| `prefect server start` | {r['running_start']:.1f} | | start it in the background"
            " (a fresh database) until it answers: paid once, not per run |",
            row(
                "flow, first run, `--no-cache`, running server",
                r["running_first"],
                "`qdx ingest --no-cache` with PREFECT_API_URL set: the `--no-cache` run above,"
                " no server to start (with the cache on, the extractions would come from the"
                " cache the runs above wrote)",
            ),
            row("flow, no-op re-run, running server", r["running_noop"], "the same, no-op"),
            row(
                "`qdx ingest` no-op re-run, running server",
                r["cli_noop_server"],
                "the command in a fresh interpreter (median of 3): imports, Prefect's client,"
                " the flow",
            ),
            row(
                "`qdx ingest --no-prefect` no-op re-run",
                r["cli_noop_lib"],
                "the command in a fresh interpreter (median of 3), the library",
            ),
        ]
    if "dask_first" in r:
        lines.append(
            row(
                "flow on Dask, first run",
                r["dask_first"],
                f"`--task-runner dask --dask-workers {args.dask_workers}`, cluster start included,"
                " cache off",
            )
        )
    overhead = r["flow_first"] - r["lib_first"]
    lines += [
        "",
        f"Flow overhead on a first run: {overhead:+.1f} s ({overhead / r['lib_first']:+.0%} of the"
        f" library's time, {1000 * overhead / n:+.1f} ms a document); on a no-op re-run:"
        f" {r['flow_noop'] - r['lib_noop']:+.1f} s. "
        + _cache_sentence(r["flow_first"] - r["flow_nocache"], r["lib_first"])
        + " Starting Prefect's temporary server adds"
        f" {r['server_start']:.0f} s to every `qdx ingest` that has no PREFECT_API_URL (use"
        " `--no-prefect`, or a running `prefect server start`, to avoid it).",
        "",
        *_running_sentences(r),
        "On the thread pool the flow runs one extraction task at a time, with a second thread for"
        " the diff and write tasks of the batch before: extraction is CPU-bound Python, and with"
        " four extractions at once the flow was 15 % slower than the library on 200 documents"
        " (GIL contention). " + _dask_sentence(r, n) + " The machine is shared with other work:"
        " figures vary by about 10 % from one run to the next.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
