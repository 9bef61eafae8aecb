"""One core against two: the library path with ``--workers 1`` and ``--workers 2`` (issue 15).

On the same files — a generated corpus (``bench/corpus.py``: perturbed copies of the five text
samples and of their DOCX renderings) and the corpus's real web copies
(``../shared/corpus/text`` beside the checkout, or ``--text``) — each run is
``pipeline.ingest.ingest_with(IngestOptions(workers=N))`` into a fresh folder, in a child
process of its own (imports left out of the time; the pool's start, the forkserver's imports
and warm-up, is in it). The runs alternate 1, 2, 1, 2, … ``--repeat`` times each, so that a
burst of load from elsewhere hits both; the figure is the median. Speedup = median with one
worker ÷ median with two; parallel efficiency = speedup ÷ 2. Every run's rows are compared
with the first one-worker run's (``extracted_at`` left out): the numbers of workers must not
change a row.

It also times the pool's start-up apart: a new pool's first document (forkserver start,
imports, warm-up, fork) against the same file's first extraction in the run's own process.

Writes ``docs/benchmarks-cores.md``.

    .venv/bin/python bench/cores_bench.py [--docs 200] [--text DIR] [--text-files N] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


# --- in the child processes ----------------------------------------------------------------------


def _digest(out: Path) -> str:
    """One digest of every document dataset's rows (sorted, ``extracted_at`` left out)."""
    from pipeline.store.datasets import read_table
    from pipeline.store.writer import DOCUMENT_DATASETS

    h = hashlib.sha256()
    for name in DOCUMENT_DATASETS:
        table = read_table(name, out)
        if "extracted_at" in table.column_names:
            table = table.drop_columns(["extracted_at"])
        for row in sorted(repr(r) for r in table.to_pylist()):
            h.update(row.encode())
    return h.hexdigest()


def child_run(raw: Path, out: Path, workers: int) -> dict[str, Any]:
    from pipeline.ingest import IngestOptions, ingest_with
    from pipeline.kinds import Change

    start, cpu = time.perf_counter(), time.process_time()
    report = ingest_with(IngestOptions(raw_dir=raw, out_dir=out, workers=workers))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {
        "seconds": seconds,
        "cpu": cpu,  # of the run's own process (the workers' not included)
        "added": report.count(Change.ADDED),
        "failed": report.count(Change.FAILED),
        "digest": _digest(out),
    }


def child_startup(raw: Path) -> dict[str, Any]:
    """Seconds to a new pool's first document, and to the same file's first extraction here."""
    from pipeline.ingest import prepare
    from pipeline.ingest.pool import ExtractionPool
    from pipeline.ingest.sources import scan

    source = scan(raw)[0]
    at = dt.datetime.now(dt.UTC)
    start = time.perf_counter()
    pool = ExtractionPool(2, at)
    pool.extract([source])
    pool_first = time.perf_counter() - start
    start = time.perf_counter()
    pool.extract([scan(raw)[1]])
    pool_next = time.perf_counter() - start
    pool.close()
    start = time.perf_counter()
    prepare(source, at)
    here_first = time.perf_counter() - start
    start = time.perf_counter()
    prepare(source, at)
    here_next = time.perf_counter() - start
    return {
        "pool_first": pool_first,
        "pool_next": pool_next,
        "here_first": here_first,
        "here_next": here_next,
    }


def run_child(*args: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"child {args} exited {done.returncode}: {done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["load"] = os.getloadavg()[0]
    return result


# --- the measurement ------------------------------------------------------------------------------


def measure(name: str, raw: Path, work: Path, repeat: int) -> dict[str, Any]:
    n = sum(1 for p in raw.rglob("*") if p.is_file() and not p.name.startswith("."))
    runs: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
    for i in range(repeat):
        for workers in (1, 2):
            out = work / f"{name}-{workers}-{i}"
            r = run_child("run", str(raw), str(out), str(workers))
            runs[workers].append(r)
            print(
                f"  {name} --workers {workers} #{i + 1}: {r['seconds']:.1f} s"
                f" (load {r['load']:.1f}, {r['added']} added, {r['failed']} failed)",
                flush=True,
            )
    digests = {r["digest"] for rs in runs.values() for r in rs}
    one = statistics.median(r["seconds"] for r in runs[1])
    two = statistics.median(r["seconds"] for r in runs[2])
    cpu = {w: statistics.median(r["cpu"] for r in rs) for w, rs in runs.items()}
    return {
        "cpu": cpu,
        "name": name,
        "raw": str(raw),
        "files": n,
        "runs": runs,
        "one": one,
        "two": two,
        "speedup": one / two,
        "same_rows": len(digests) == 1,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200, help="generated documents per format")
    parser.add_argument("--text", type=Path, default=ROOT.parent / "shared" / "corpus" / "text")
    parser.add_argument(
        "--text-files", type=int, default=None, help="only the first N web copies (sorted)"
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks-cores.md")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.argv = sys.argv[1:] if argv is None else argv
    if args.child:
        kind, *rest = args.child
        if kind == "run":
            result = child_run(Path(rest[0]), Path(rest[1]), int(rest[2]))
        else:
            result = child_startup(Path(rest[0]))
        print(json.dumps(result), flush=True)
        return 0

    import corpus

    from pipeline.ingest.pool import start_method, usable_cpus

    with tempfile.TemporaryDirectory(prefix="qdx-cores-") as tmp:
        work = Path(tmp)
        corpora: list[tuple[str, Path]] = []
        for fmt, write in (("txt", corpus.write_txt), ("docx", corpus.write_docx)):
            folder = work / "corpus" / fmt
            folder.mkdir(parents=True)
            write(folder, args.docs)
            corpora.append((f"generated {fmt}", folder))
        if args.text.is_dir():
            text = args.text
            if args.text_files:
                text = work / "corpus" / "web"
                text.mkdir()
                for path in sorted(args.text.glob("*.txt"))[: args.text_files]:
                    shutil.copy(path, text / path.name)
            corpora.append(("corpus web copies (text)", text))
        print("pool start-up …", flush=True)
        startups = [run_child("startup", str(ROOT / "data" / "raw")) for _ in range(args.repeat)]
        results = []
        for name, raw in corpora:
            print(f"{name}: {raw}", flush=True)
            results.append(measure(name.split(" ")[1], raw, work, args.repeat) | {"label": name})
    text = report(args, results, startups, usable_cpus(), start_method())
    args.output.write_text(text, encoding="utf-8")
    print(text)
    return 0


def _autogroup_note(load: float, cpus: int) -> list[str]:
    """Why a loaded machine hides the second worker's gain, when it does."""
    try:
        autogroup = Path("/proc/sys/kernel/sched_autogroup_enabled").read_text().strip() == "1"
    except OSError:
        autogroup = False
    if load <= cpus:
        return []
    note = (
        "The machine was shared: the figures are noisy and say what two workers got out of"
        " what the other work left."
    )
    if autogroup:
        note += (
            " Here Linux schedules by autogroup (`/proc/sys/kernel/sched_autogroup_enabled` is"
            " 1): each session gets an equal share of the CPUs, however many processes it runs,"
            " so while other sessions keep both cores busy a second worker process gets no more"
            " CPU for the run, only the pool's costs (its start, pickling). The speedup on an"
            " idle machine is not measured here; the last column shows how much of the work the"
            " run's own process still does with two workers (the rest is the workers')."
        )
    return [note]


def report(
    args: argparse.Namespace,
    results: list[dict[str, Any]],
    startups: list[dict[str, Any]],
    cpus: int,
    method: str,
) -> str:
    loads = [r["load"] for res in results for rs in res["runs"].values() for r in rs]
    lines = [
        "# One core against two (`--workers 1` and `--workers 2`)",
        "",
        f"Written by `bench/cores_bench.py` (`make bench`) on {dt.date.today().isoformat()}:"
        f" {cpus} usable CPUs, worker start method `{method}`. Each run is the library path"
        " (`qdx ingest --no-prefect`, `ingest_with`) into a fresh folder, in a child process of"
        " its own, imports left out of the time and the pool's start in it; the runs alternate"
        f" one and two workers, {args.repeat} times each, and the figures are medians.",
        "",
        f"- command: `python bench/cores_bench.py{''.join(' ' + a for a in args.argv)}`",
        "",
        f"The 1-minute load average was {min(loads):.1f} to {max(loads):.1f} over the runs"
        f" ({cpus} would mean every CPU busy).",
        *_autogroup_note(max(loads), cpus),
        "",
        "| corpus | files | 1 worker s | 2 workers s | docs/s 1 → 2 | speedup | parallel"
        " efficiency | run's process CPU s, 1 → 2 | same rows |",
        "| --- | ---: | ---: | ---: | --- | ---: | ---: | --- | --- |",
    ]
    for r in results:
        n = r["files"]
        all_one = ", ".join(f"{x['seconds']:.1f}" for x in r["runs"][1])
        all_two = ", ".join(f"{x['seconds']:.1f}" for x in r["runs"][2])
        lines.append(
            f"| {r['label']} | {n} | {r['one']:.1f} ({all_one}) | {r['two']:.1f} ({all_two})"
            f" | {n / r['one']:.1f} → {n / r['two']:.1f} | {r['speedup']:.2f}×"
            f" | {r['speedup'] / 2:.0%} | {r['cpu'][1]:.1f} → {r['cpu'][2]:.1f}"
            f" | {'yes' if r['same_rows'] else '**no**'} |"
        )
    first = statistics.median(s["pool_first"] for s in startups)
    here = statistics.median(s["here_first"] for s in startups)
    pool_next = statistics.median(s["pool_next"] for s in startups)
    here_next = statistics.median(s["here_next"] for s in startups)
    lines += [
        "",
        "Same rows: every run's datasets (`extracted_at` left out) have one digest, that of the"
        " first one-worker run.",
        "",
        "## The pool's start-up",
        "",
        f"A new pool's first document (`data/raw`'s first file): {first:.2f} s (median of"
        f" {len(startups)}), the forkserver's start, its imports and warm-up"
        " (`pipeline/ingest/warm_up.py`), the fork of two workers and the document itself;"
        f" the next document through the pool {pool_next:.2f} s. The same first document in"
        f" the run's own process, which pays the one-off loads itself: {here:.2f} s, then"
        f" {here_next:.2f} s. The pool's start thus costs about {first - here:+.1f} s of wall"
        " time on a run; `qdx ingest` starts no pool when fewer than two files are to be"
        " extracted (a no-op re-run starts none).",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
