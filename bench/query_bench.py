"""An analyst's query over the datasets as ``qdx ingest`` leaves them, against one compacted file
(issue 15): ``make bench``, or on its own.

For each ``--docs`` size (default 1,000 and 10,000): the generated text corpus
(:func:`bench.corpus.write_txt`, perturbed copies of the five samples over 63 provinces), ingested
in a child process by the library path (``ingest()``, no Prefect; its wall and CPU seconds and
peak RSS, the child's VmHWM), then, on ``budget_lines``:

    SELECT province, year, sum(amount_vnd) FROM budget_lines GROUP BY ALL

in DuckDB (``read_parquet('…/budget_lines/**/*.parquet', hive_partitioning = true)``, as the
README shows) and in polars (``scan_parquet(…, hive_partitioning=True)``), median of
``--repeat`` runs taking turns, over the files as written and over the same rows in one file
(``pipeline.read_table`` written by pyarrow), and over the same rows in one file per partition
(the fewest files the contract's ``province=/period=`` folders allow). The answers are checked
equal. Reports the ratios, the partitions, the files per dataset, and writes ``--output``
(default ``docs/benchmarks-query.md``).

``--before DIR`` also ingests the smallest size with the code of another checkout (e.g. a
worktree of main, for the layout of one file per document): its throughput, files and ratios
beside these.

    .venv/bin/python bench/query_bench.py [--docs 1000,10000] [--before ../main] [--repeat 7]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from shared import median_seconds  # bench/shared.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 3.0
QUERY = "SELECT province, year, sum(amount_vnd) AS amount FROM {source} GROUP BY ALL"
DATASETS = (
    "documents",
    "sections",
    "objectives",
    "content_lines",
    "targets",
    "budget_lines",
    "budget",
    "legal_refs",
    "issues",
)


def _child(raw: Path, out: Path) -> None:
    """In the child: ingest, and print seconds, CPU seconds and peak RSS as JSON."""
    from pipeline.ingest import ingest

    start = time.perf_counter()
    cpu = time.process_time()
    report = ingest(raw, out)
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    hwm = 0.0
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                hwm = int(line.split()[1]) / 1024
    docs = len(report.outcomes)
    print(json.dumps({"seconds": seconds, "cpu": cpu, "rss_mib": hwm, "docs": docs}))


def ingest_in_child(code: Path, raw: Path, out: Path) -> dict[str, Any]:
    """``ingest(raw, out)`` with the code of the checkout ``code``, in a child process."""
    env = {**os.environ, "PYTHONPATH": str(code), "QDX_NO_PREFECT": "1"}
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(raw), str(out)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=code)
    if done.returncode != 0:
        raise RuntimeError(f"ingest of {raw} with {code} failed: {done.stderr[-2000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def file_counts(out: Path) -> dict[str, int]:
    return {name: len(list((out / name).rglob("*.parquet"))) for name in DATASETS}


def partition_count(out: Path) -> int:
    """The ``province=/period=`` folders of ``budget_lines``."""
    return len(list((out / "budget_lines").glob("province=*/period=*")))


def one_file_per_partition(single: Path, target: Path) -> None:
    """The rows of ``single`` as one file per partition, hive folders as ``qdx`` names them."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    table = pq.read_table(single)
    keys = table.select(["province", "period"]).group_by(["province", "period"]).aggregate([])
    for province, period in zip(
        keys.column("province").to_pylist(), keys.column("period").to_pylist(), strict=True
    ):
        mask = pc.and_(pc.equal(table["province"], province), pc.equal(table["period"], period))
        rows = table.filter(mask).drop_columns(["province", "period"])
        folder = target / f"province={province}" / f"period={period}"
        folder.mkdir(parents=True)
        pq.write_table(rows, folder / "part-0000.parquet")


def one_file(out: Path, target: Path) -> None:
    """``budget_lines`` as one Parquet file (province and period as columns)."""
    import pyarrow.parquet as pq

    sys.path.insert(0, str(ROOT))
    from pipeline.store.datasets import read_table

    pq.write_table(read_table("budget_lines", out), target)


def time_queries(out: Path, single: Path, floor: Path, repeat: int) -> dict[str, float]:
    import duckdb
    import polars as pl

    glob = (out / "budget_lines" / "**" / "*.parquet").as_posix()
    floor_glob = (floor / "**" / "*.parquet").as_posix()
    written_sql = QUERY.format(source=f"read_parquet('{glob}', hive_partitioning = true)")
    single_sql = QUERY.format(source=f"read_parquet('{single.as_posix()}')")
    floor_sql = QUERY.format(source=f"read_parquet('{floor_glob}', hive_partitioning = true)")
    con = duckdb.connect()

    def duck(sql: str) -> Callable[[], list[Any]]:
        return lambda: sorted(con.sql(sql).fetchall(), key=repr)

    def polars(source: str, hive: bool) -> Callable[[], list[Any]]:
        def run() -> list[Any]:
            frame = pl.scan_parquet(source, hive_partitioning=hive)
            result = frame.group_by("province", "year").agg(pl.col("amount_vnd").sum()).collect()
            return sorted(result.rows(), key=repr)

        return run

    calls = [
        duck(written_sql),
        duck(single_sql),
        duck(floor_sql),
        polars(glob, True),
        polars(single.as_posix(), False),
        polars(floor_glob, True),
    ]
    assert calls[0]() == calls[1]() == calls[2](), "DuckDB: the layouts' answers disagree"
    assert calls[3]() == calls[4]() == calls[5](), "polars: the layouts' answers disagree"
    names = [
        "duckdb_written",
        "duckdb_one",
        "duckdb_partition",
        "polars_written",
        "polars_one",
        "polars_partition",
    ]
    return dict(zip(names, median_seconds(calls, repeat, warm_up=True), strict=True))


def measure(code: Path, raw: Path, work: Path, label: str, repeat: int) -> dict[str, Any]:
    out = work / f"out-{label}"
    shutil.rmtree(out, ignore_errors=True)
    print(f"{label}: ingesting {raw} with {code}", flush=True)
    result = ingest_in_child(code, raw, out)
    result["files"] = file_counts(out)
    result["partitions"] = partition_count(out)
    result["budget_lines_mib"] = (
        sum(p.stat().st_size for p in (out / "budget_lines").rglob("*.parquet")) / 2**20
    )
    single = work / f"one-{label}.parquet"
    one_file(out, single)
    floor = work / f"floor-{label}"
    one_file_per_partition(single, floor)
    result["queries"] = time_queries(out, single, floor, repeat)
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(floor, ignore_errors=True)
    single.unlink()
    q = result["queries"]
    print(
        f"{label}: {result['docs']} docs in {result['seconds']:.1f} s "
        f"({result['cpu']:.1f} s CPU), {result['rss_mib']:.0f} MiB; budget_lines "
        f"{result['files']['budget_lines']} files in {result['partitions']} partitions; DuckDB "
        f"{q['duckdb_written'] * 1000:.1f} ms vs {q['duckdb_one'] * 1000:.1f} ms (one a "
        f"partition {q['duckdb_partition'] * 1000:.1f}), polars {q['polars_written'] * 1000:.1f}"
        f" ms vs {q['polars_one'] * 1000:.1f} ms (one a partition "
        f"{q['polars_partition'] * 1000:.1f})",
        flush=True,
    )
    return result


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def report(results: dict[str, dict[str, Any]], command: str, skipped: Sequence[int]) -> str:
    cpu_model = "?"
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        "# Benchmarks: an analyst's query over the datasets as written",
        "",
        "<!-- Generated by bench/query_bench.py: do not edit by hand. -->",
        "",
        f"`{command}` on {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} cores ({cpu_model}), load average {load} at the end (the machine is "
        "shared: wall seconds vary with it, CPU seconds less).",
        "",
        "The corpus: `bench/corpus.py`'s generated text documents (perturbed copies of the five "
        "samples over 63 provinces), ingested by the library path (`ingest()`, as `qdx ingest "
        "--no-prefect`) into a fresh folder in a child process. The query, median of the runs "
        "taking turns, one warm-up each:",
        "",
        "```sql",
        QUERY.format(source="budget_lines"),
        "```",
        "",
        "in DuckDB over `read_parquet('OUT/budget_lines/**/*.parquet', hive_partitioning = "
        "true)` and in polars over `scan_parquet(…, hive_partitioning=True)`, the files as "
        "`qdx ingest` left them, against the same rows in one Parquet file (the answers are "
        f"checked equal). Target: the files as written within {TARGET_RATIO:.0f}× of one file.",
        "",
        "| code | documents | partitions | budget_lines files | DuckDB written / one file / "
        "one file a partition (ms) | ratio | floor ratio | polars written / one file / one a "
        "partition (ms) | ratio | floor ratio | verdict |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for label, r in results.items():
        q = r["queries"]
        duck = q["duckdb_written"] / q["duckdb_one"]
        pol = q["polars_written"] / q["polars_one"]
        duck_floor = q["duckdb_partition"] / q["duckdb_one"]
        pol_floor = q["polars_partition"] / q["polars_one"]
        if max(duck, pol) <= TARGET_RATIO:
            ok = "**met**"
        elif max(duck_floor, pol_floor) > TARGET_RATIO:
            ok = "missed: the floor (one file a partition) misses it too"
        else:
            ok = "missed"
        lines.append(
            f"| {label} | {r['docs']:,} | {r['partitions']:,} | {r['files']['budget_lines']:,} | "
            f"{_ms(q['duckdb_written'])} / {_ms(q['duckdb_one'])} / {_ms(q['duckdb_partition'])} "
            f"| {duck:.1f}× | {duck_floor:.1f}× | {_ms(q['polars_written'])} / "
            f"{_ms(q['polars_one'])} / {_ms(q['polars_partition'])} | {pol:.1f}× | "
            f"{pol_floor:.1f}× | {ok} |"
        )
    lines += [
        "",
        '"floor ratio": the same rows in one file per partition (the fewest files the '
        "contract's `province=/period=` folders allow) against one file. What a file costs: "
        "(written − one file) / (files − 1), per query:",
        "",
        "| code | documents | budget_lines MiB | DuckDB ms a file | polars ms a file |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for label, r in results.items():
        q = r["queries"]
        extra = max(1, r["files"]["budget_lines"] - 1)
        lines.append(
            f"| {label} | {r['docs']:,} | {r['budget_lines_mib']:.1f} | "
            f"{(q['duckdb_written'] - q['duckdb_one']) * 1000 / extra:.2f} | "
            f"{(q['polars_written'] - q['polars_one']) * 1000 / extra:.2f} |"
        )
    lines += ["", "What the figures say:", ""]
    for label, r in results.items():
        q = r["queries"]
        files, parts = r["files"]["budget_lines"], r["partitions"]
        floor = max(
            q["duckdb_partition"] / q["duckdb_one"], q["polars_partition"] / q["polars_one"]
        )
        per_file = (q["duckdb_partition"] - q["duckdb_one"]) * 1000 / max(1, parts - 1)
        verdict = (
            "so the target cannot be met at this size while the contract's folders stay"
            if floor > TARGET_RATIO
            else "so the contract's folders alone do not keep the target out of reach"
        )
        lines.append(
            f"* {label}: {files:,} `budget_lines` files in {parts:,} `province=/period=` "
            f"partitions ({r['docs'] / parts:.1f} documents a partition). Even one file a "
            f"partition, the fewest the contract allows, is {floor:.1f}× one file at worst "
            f"(DuckDB {_ms(q['duckdb_partition'])} ms, {per_file:.2f} ms a file over one file's "
            f"{_ms(q['duckdb_one'])} ms), {verdict}."
        )
    lines += [
        "",
        "Ingest (the whole run: extraction, validation, diffs, writes, compaction):",
        "",
        "| code | documents | seconds | docs/s | CPU seconds | CPU docs/s | peak RSS (MiB) "
        "| files under OUT (document datasets) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, r in results.items():
        lines.append(
            f"| {label} | {r['docs']:,} | {r['seconds']:.1f} | {r['docs'] / r['seconds']:.1f} | "
            f"{r['cpu']:.1f} | {r['docs'] / r['cpu']:.1f} | {r['rss_mib']:.0f} | "
            f"{sum(r['files'].values()):,} |"
        )
    lines += ["", "Files per dataset:", ""]
    lines.append("| code | documents | " + " | ".join(DATASETS) + " |")
    lines.append("| --- | ---: |" + " ---: |" * len(DATASETS))
    for label, r in results.items():
        counts = " | ".join(f"{r['files'][name]:,}" for name in DATASETS)
        lines.append(f"| {label} | {r['docs']:,} | {counts} |")
    if skipped:
        sizes = ", ".join(f"{n:,}" for n in skipped)
        lines += ["", f"Not measured this time (`--max-seconds` reached): {sizes} documents."]
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        _child(Path(argv[1]), Path(argv[2]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", default="1000,10000", help="corpus sizes, comma-separated")
    parser.add_argument("--before", type=Path, default=None, help="another checkout to compare")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--work", type=Path, default=None, help="a folder for the corpora")
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=None,
        help="skip the sizes not started within this many seconds of the start",
    )
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks-query.md")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON")
    parser.add_argument(
        "--render", type=Path, default=None, help="write --output from a --json file, no run"
    )
    args = parser.parse_args(argv)
    if args.render is not None:
        results = json.loads(args.render.read_text(encoding="utf-8"))
        command = " ".join(["bench/query_bench.py", *results.pop("_argv", [])])
        args.output.write_text(report(results, command, []), encoding="utf-8")
        return 0
    sizes = [int(n) for n in args.docs.split(",") if n.strip()]
    sys.path.insert(0, str(ROOT / "bench"))
    import corpus

    started = time.perf_counter()
    results: dict[str, dict[str, Any]] = {}
    skipped: list[int] = []
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        work = Path(tmp)
        for n in sizes:
            if args.max_seconds and time.perf_counter() - started > args.max_seconds:
                skipped.append(n)
                continue
            raw = work / f"raw-{n}"
            raw.mkdir()
            corpus.write_txt(raw, n)
            if args.before is not None and n == min(sizes):
                before = args.before.resolve()
                results[f"before ({before.name})"] = measure(
                    before, raw, work, f"before-{n}", args.repeat
                )
            results[f"this ({n:,})"] = measure(ROOT, raw, work, f"this-{n}", args.repeat)
            shutil.rmtree(raw)
    command = " ".join(["bench/query_bench.py", *argv])
    args.output.write_text(report(results, command, skipped), encoding="utf-8")
    if args.json is not None:
        saved = {**results, "_argv": list(argv)}
        args.json.write_text(json.dumps(saved, indent=1), encoding="utf-8")
    print(f"wrote {args.output} ({resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
