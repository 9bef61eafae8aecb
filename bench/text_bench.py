"""Text documents per second against a floor, and the command line's start-up (issue 15).

One run measures, on the corpus's real web copies (``../shared/corpus/text`` beside the
checkout, or ``--text``):

- qdx: ``ingest_with`` (the ``--no-prefect`` library path, ``force``) into a fresh folder;
- the floor: read each file, NFC-normalise it, scan every line for numbers and write the lines
  of all files to one Parquet file;
- the lighter floor: read + NFC + one regex pass over the whole text;
- the start-up: the wall time of ``qdx --help`` (median of ``--repeat`` runs) and the top
  entries of ``python -X importtime -c "import flows.cli"``;
- with ``--profile N``, the N functions of qdx with the most cumulative time under cProfile
  while ``extract`` reads every file (cProfile's own cost inflates small functions: read the
  shares, not the seconds).

It prints the figures and writes ``docs/benchmarks-text.md`` with the verdicts against the
targets (qdx within 2× the floor; ``qdx --help`` within 0.6 s). The hand-written analysis
between the ``analysis`` markers of that file (where the time goes, what was done) is kept.

    .venv/bin/python bench/text_bench.py [--text DIR] [--repeat 5] [--profile 15]
                                         [--output FILE.md]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from shared import kept_section  # bench/shared.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.ingest import IngestOptions, ingest_with  # noqa: E402

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
NOTES_BEGIN = "<!-- analysis: begin (kept by bench/text_bench.py) -->"
NOTES_END = "<!-- analysis: end -->"
FLOOR_RATIO = 2.0  # the target: qdx within 2× the floor
STARTUP_TARGET_S = 0.6


def floor(files: list[Path], out: Path) -> float:
    """Seconds to read, NFC-normalise, scan every line for numbers and write every line."""
    start = time.perf_counter()
    paths, numbers, texts = [], [], []
    for path in files:
        text = unicodedata.normalize("NFC", path.read_bytes().decode("utf-8", "replace"))
        for line in text.splitlines():
            paths.append(path.name)
            numbers.append(len(NUMBER.findall(line)))
            texts.append(line)
    table = pa.table({"path": paths, "numbers": numbers, "text": texts})
    pq.write_table(table, out / "floor.parquet")
    return time.perf_counter() - start


def lighter_floor(files: list[Path]) -> float:
    """Seconds to read, NFC-normalise and run one regex pass over each file."""
    start = time.perf_counter()
    for path in files:
        text = unicodedata.normalize("NFC", path.read_bytes().decode("utf-8", "replace"))
        NUMBER.findall(text)
    return time.perf_counter() - start


def qdx(raw: Path, out: Path) -> float:
    """Seconds for the library path (``qdx ingest --no-prefect --force``) over ``raw``."""
    start = time.perf_counter()
    report = ingest_with(IngestOptions(raw_dir=raw, out_dir=out, force=True))
    elapsed = time.perf_counter() - start
    assert report.outcomes, f"no document read under {raw}"
    return elapsed


def help_seconds(repeat: int) -> list[float]:
    """Wall times of ``python -m flows.cli --help`` in a fresh interpreter."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "flows.cli", "--help"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - start)
    return times


def import_times(top: int = 8) -> list[tuple[int, str]]:
    """The ``top`` imports of the CLI module by cumulative microseconds."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import flows.cli"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    rows = []
    for line in done.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    return sorted(rows, reverse=True)[:top]


def profile(files: list[Path], top: int) -> tuple[float, list[tuple[float, float, str]]]:
    """The cumulative seconds of ``extract`` under cProfile while it reads each file (after one
    file to load the rules), and the ``top`` functions of this checkout by cumulative seconds,
    with their own seconds."""
    import cProfile
    import pstats

    from pipeline.build.extract import extract

    extract(files[0])
    profiler = cProfile.Profile()
    profiler.enable()
    for path in files:
        extract(path)
    profiler.disable()
    stats = pstats.Stats(profiler)
    rows = []
    for (filename, line, name), (_, _, own, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        if filename.startswith(str(ROOT)) and "/bench/" not in filename:
            where = f"{Path(filename).relative_to(ROOT)}:{line} {name}"
            rows.append((cumulative, own, where))
    rows.sort(reverse=True)
    return rows[0][0], rows[:top]


def kept_analysis(output: Path) -> str:
    """The hand-written analysis of the output file (between the NOTES markers), if any."""
    return kept_section(output, NOTES_BEGIN, NOTES_END)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text", type=Path, default=ROOT.parent / "shared" / "corpus" / "text")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks-text.md")
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    args = parser.parse_args(argv)
    files = sorted(p for p in args.text.rglob("*.txt") if not p.name.startswith("."))
    n = len(files)
    with tempfile.TemporaryDirectory() as tmp:
        cpu = time.process_time()
        floor_s = floor(files, Path(tmp))
        floor_cpu = time.process_time() - cpu
        light_s = lighter_floor(files)
        cpu = time.process_time()
        qdx_s = qdx(args.text, Path(tmp) / "out")
        qdx_cpu = time.process_time() - cpu
    helps = help_seconds(args.repeat)
    help_s = statistics.median(helps)
    imports = import_times()
    rate, floor_rate, light_rate = n / qdx_s, n / floor_s, n / light_s
    ratio = qdx_s / floor_s
    target_rate = floor_rate / FLOOR_RATIO
    lines = [
        "# Text documents and start-up",
        "",
        f"Written by `bench/text_bench.py` on {n} text files under `{args.text}`, "
        f"{os.cpu_count()} CPUs (load average {os.getloadavg()[0]:.1f} at the end: the machine "
        "is shared, so the figures are upper bounds of the cost).",
        "",
        "| what | seconds | CPU seconds | docs/s |",
        "| --- | ---: | ---: | ---: |",
        f"| qdx (`ingest --no-prefect --force`) | {qdx_s:.2f} | {qdx_cpu:.2f} | {rate:.1f} |",
        f"| floor: read + NFC + numbers on every line + one Parquet file | {floor_s:.2f} "
        f"| {floor_cpu:.2f} | {floor_rate:.1f} |",
        f"| lighter floor: read + NFC + one regex pass | {light_s:.3f} | | {light_rate:.1f} |",
        "",
        f"qdx is {ratio:.1f}× the floor ({qdx_s / light_s:.0f}× the lighter floor; "
        f"{qdx_cpu / floor_cpu:.1f}× in CPU time, which a loaded machine inflates less); the "
        f"target is ≤ {FLOOR_RATIO:.0f}× the floor, {target_rate:.0f} docs/s here: "
        f"**{'met' if ratio <= FLOOR_RATIO else 'not met'}**.",
        "",
        "## Start-up",
        "",
        f"`qdx --help`: median {help_s:.2f} s of {len(helps)} runs "
        f"({', '.join(f'{t:.2f}' for t in helps)}); target ≤ {STARTUP_TARGET_S} s: "
        f"**{'met' if help_s <= STARTUP_TARGET_S else 'not met'}**.",
        "",
        "Top imports of `flows.cli` (`python -X importtime`, cumulative):",
        "",
        "| µs | module |",
        "| ---: | --- |",
        *(f"| {us} | `{name.strip()}` |" for us, name in imports),
        "",
    ]
    if args.profile:
        total, rows = profile(files, args.profile)
        lines += [
            f"## Profile (`--profile {args.profile}`)",
            "",
            f"cProfile while `extract` reads the {n} files: {total:.1f} s in `extract` (cProfile's "
            "own cost included: the shares of that time are what to read).",
            "",
            "| cumulative s | share | own s | function |",
            "| ---: | ---: | ---: | --- |",
            *(
                f"| {cum:.2f} | {100 * cum / total:.0f} % | {own:.2f} | `{where}` |"
                for cum, own, where in rows
            ),
            "",
        ]
    analysis = kept_analysis(args.output)
    if analysis:
        lines += [analysis, ""]
    args.output.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
