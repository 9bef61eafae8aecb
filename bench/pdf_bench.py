"""Pages per second of the PDF extractor next to pdfplumber's own text and table extraction.

``python bench/pdf_bench.py [--repeat N] [--dir DIR] [--out FILE] [--profile N]``

For every PDF in ``DIR`` (default ``tests/fixtures/formats``) it times, in the same process and
after one warm-up run of each:

- **ours**: ``extractors.pdf.extract_pdf_file(path)``, the whole extractor (text in reading
  order, tables, running headers and footers, normalisation, the Document);
- **pdfplumber**: ``pdfplumber.open(path)`` and, for every page, ``page.extract_text()`` and
  ``page.extract_tables()``.

The two are run in turn, ``N`` times each (default 5), and the best time of each counts. It
prints a table (file, pages, ours s, pdfplumber s, ratio) with a total and writes the same
table, with the machine and the library versions, to ``OUT`` (default
``docs/benchmarks-pdf.md``). ``--profile N`` also prints the ``N`` functions where the extractor
spends most of its own time (cProfile, one run over all the files).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import sys
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402

from extractors.pdf import extract_pdf_file  # noqa: E402


@dataclass(frozen=True, slots=True)
class Result:
    name: str
    pages: int
    ours: float  # seconds, best of the repeats
    plumber: float

    @property
    def ratio(self) -> float:
        return self.ours / self.plumber


def ours(path: Path) -> int:
    document = extract_pdf_file(path)
    return document.n_pages or 0


def plumber(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()
        return len(pdf.pages)


def best_of(repeat: int, path: Path) -> tuple[float, float, int]:
    ours(path)  # warm-up: imports, caches, the file in the page cache
    pages = plumber(path)
    best_ours = best_plumber = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        ours(path)
        best_ours = min(best_ours, time.perf_counter() - start)
        start = time.perf_counter()
        plumber(path)
        best_plumber = min(best_plumber, time.perf_counter() - start)
    return best_ours, best_plumber, pages


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def table(results: list[Result]) -> list[str]:
    rows = [
        "| file | pages | ours s | pdfplumber s | ratio | ours pages/s | pdfplumber pages/s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        rows.append(
            f"| {r.name} | {r.pages} | {r.ours:.3f} | {r.plumber:.3f} | {r.ratio:.2f} | "
            f"{r.pages / r.ours:.1f} | {r.pages / r.plumber:.1f} |"
        )
    pages = sum(r.pages for r in results)
    total_ours = sum(r.ours for r in results)
    total_plumber = sum(r.plumber for r in results)
    rows.append(
        f"| **total** | {pages} | {total_ours:.3f} | {total_plumber:.3f} | "
        f"{total_ours / total_plumber:.2f} | {pages / total_ours:.1f} | "
        f"{pages / total_plumber:.1f} |"
    )
    return rows


def report(results: list[Result], command: str, repeat: int) -> str:
    versions = ", ".join(
        f"{name} {version(name)}" for name in ("pdfplumber", "pdfminer.six", "pypdfium2")
    )
    lines = [
        "# PDF extraction benchmark",
        "",
        "Pages per second of `extractors.pdf.extract_pdf_file` (the whole extractor: text in "
        "reading order, tables, running headers and footers removed, normalisation, the "
        "Document) next to pdfplumber's own `page.extract_text()` + `page.extract_tables()` on "
        "every page of the same files, in the same process, warm (one run of each first), "
        f"best of {repeat} runs each. A ratio below 1 means the extractor is faster.",
        "",
        *table(results),
        "",
        "Where the time goes: parsing the page content (pdfminer) is most of it for both. "
        "pdfplumber's `page.chars` turns every object of a page into a dict of all its "
        "attributes, which costs about as much again; the extractor reads the characters from "
        "pdfplumber's `page.layout` (with the coordinates `page.chars` would give) and turns "
        "only the lines, rectangles and curves into dicts, for pdfplumber's `TableFinder`, on "
        "pages that have any. Built on `page.chars` + `page.find_tables()` it ran at 1.00× "
        "pdfplumber; `python bench/pdf_bench.py --profile 20` shows the profile.",
        "",
        f"- command: `{command}`",
        f"- machine: {os.cpu_count()} CPUs (`nproc`), {cpu_model()}",
        f"- Python {platform.python_version()} ({platform.system()} {platform.machine()})",
        f"- {versions}",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each (best counts)")
    parser.add_argument("--dir", type=Path, default=ROOT / "tests" / "fixtures" / "formats")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks-pdf.md")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print a profile")
    args = parser.parse_args(argv)
    paths = sorted(args.dir.glob("*.pdf"))
    if not paths:
        parser.error(f"no PDF files in {args.dir}")
    results = []
    for path in paths:
        t_ours, t_plumber, pages = best_of(max(args.repeat, 1), path)
        results.append(Result(path.name, pages, t_ours, t_plumber))
    print("\n".join(table(results)))
    command = "python bench/pdf_bench.py" + (
        f" --repeat {args.repeat}" if args.repeat != parser.get_default("repeat") else ""
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report(results, command, args.repeat), encoding="utf-8")
    print(f"written to {args.out}")
    if args.profile:
        print(profile(paths, args.profile))


def profile(paths: list[Path], n: int) -> str:
    """The ``n`` functions with the most time of their own over one run of every file."""
    profiler = cProfile.Profile()
    profiler.enable()
    for path in paths:
        ours(path)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(n)
    return out.getvalue()


if __name__ == "__main__":
    main()
