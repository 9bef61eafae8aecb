"""Pages per second of the PDF extractor next to pdfplumber's and pdfium's own extraction.

``python bench/pdf_bench.py [--repeat N] [--dir DIR] [--out FILE] [--profile N]``

For every PDF in ``DIR`` (default ``tests/fixtures/formats``) it times, in the same process and
after one warm-up run of each:

- **ours**: ``extractors.pdf.extract_pdf_file(path)``, the whole extractor (text in reading
  order, tables, running headers and footers, normalisation, the Document) on pdfium's reading
  of the pages (:mod:`extractors.pdf.pdfium`);
- **ours, pdfminer**: the same extractor on pdfminer's reading of the pages
  (:func:`extractors.pdf.pages.read_pdf`, the reader before pdfium);
- **pdfplumber**: ``pdfplumber.open(path)`` and, for every page, ``page.extract_text()`` and
  ``page.extract_tables()``;
- **pypdfium2**: ``pypdfium2.PdfDocument(path)`` and, for every page, its text
  (``page.get_textpage().get_text_range()``): pdfium's plain text, no layout, no tables;
- **PyMuPDF**: ``pymupdf.open(path)`` and ``page.get_text()`` on every page, if ``pymupdf``
  can be imported (it is no dependency of qdx: put it on ``PYTHONPATH`` to compare).

Each is run ``N`` times (default 5), in turn, and the best time of each counts. It prints a
table with a total and writes the same table, with the machine and the library versions, to
``OUT`` (default ``docs/benchmarks-pdf.md``). ``--profile N`` also prints the ``N`` functions
where the extractor spends most of its own time (cProfile, one run over all the files).
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
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402
import pypdfium2  # noqa: E402

from extractors.pdf import extract_pdf_file  # noqa: E402
from extractors.pdf.pages import read_pdf as read_with_pdfminer  # noqa: E402

try:
    import pymupdf  # type: ignore[import-not-found, unused-ignore]
except ImportError:  # not a dependency: compared only where it is installed
    pymupdf = None


def ours(path: Path) -> int:
    document = extract_pdf_file(path)
    return document.n_pages or 0


def ours_pdfminer(path: Path) -> int:
    document = extract_pdf_file(path, read_pages=read_with_pdfminer)
    return document.n_pages or 0


def plumber(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()
        return len(pdf.pages)


def pdfium_text(path: Path) -> int:
    pdf = pypdfium2.PdfDocument(path)
    try:
        for page in pdf:
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        return len(pdf)
    finally:
        pdf.close()


def mupdf_text(path: Path) -> int:
    with pymupdf.open(path) as pdf:
        for page in pdf:
            page.get_text()
        return len(pdf)


#: What is timed: a column name and the function reading one file (its pages).
RUNNERS: dict[str, Callable[[Path], int]] = {
    "ours": ours,
    "ours, pdfminer": ours_pdfminer,
    "pdfplumber": plumber,
    "pypdfium2": pdfium_text,
}
if pymupdf is not None:
    RUNNERS["PyMuPDF"] = mupdf_text


@dataclass(frozen=True, slots=True)
class Result:
    name: str
    pages: int
    seconds: dict[str, float]  # runner -> best time


def best_of(repeat: int, path: Path) -> Result:
    pages = 0
    for run in RUNNERS.values():  # warm-up: imports, caches, the file in the page cache
        pages = run(path)
    best = dict.fromkeys(RUNNERS, float("inf"))
    for _ in range(repeat):
        for name, run in RUNNERS.items():
            start = time.perf_counter()
            run(path)
            best[name] = min(best[name], time.perf_counter() - start)
    return Result(path.name, pages, best)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def table(results: list[Result]) -> list[str]:
    names = list(RUNNERS)
    head = " | ".join(f"{n} s" for n in names)
    rows = [
        f"| file | pages | {head} | ours / pdfplumber | ours / pypdfium2 | ours pages/s |",
        "| --- | ---: | " + " | ".join("---:" for _ in names) + " | ---: | ---: | ---: |",
    ]
    totals = [
        *results,
        Result(
            "**total**",
            sum(r.pages for r in results),
            {n: sum(r.seconds[n] for r in results) for n in names},
        ),
    ]
    for r in totals:
        t = r.seconds
        cells = " | ".join(f"{t[n]:.3f}" for n in names)
        rows.append(
            f"| {r.name} | {r.pages} | {cells} | {t['ours'] / t['pdfplumber']:.2f} | "
            f"{t['ours'] / t['pypdfium2']:.1f} | {r.pages / t['ours']:.1f} |"
        )
    return rows


def report(results: list[Result], command: str, repeat: int) -> str:
    names = ["pdfplumber", "pdfminer.six", "pypdfium2"] + (["pymupdf"] if pymupdf else [])
    versions = ", ".join(f"{name} {version(name)}" for name in names)
    lines = [
        "# PDF extraction benchmark",
        "",
        "Seconds and pages per second of `extractors.pdf.extract_pdf_file` (the whole "
        "extractor: text in reading order, tables, running headers and footers removed, "
        "normalisation, the Document) on pdfium's reading of the pages (**ours**) and on "
        "pdfminer's, the reader before it (**ours, pdfminer**), next to pdfplumber's own "
        "`page.extract_text()` + `page.extract_tables()` and the plain text of pypdfium2 "
        "(`get_textpage().get_text_range()`)"
        + (" and PyMuPDF (`page.get_text()`)" if pymupdf else "")
        + " on every page of the same files, in the same process, warm (one run of each "
        f"first), best of {repeat} runs each. A ratio below 1 means the extractor is faster.",
        "",
        *table(results),
        "",
        "Where the time goes: pdfium interprets the pages (pdfminer's page interpreter, in "
        "Python, was 88% of the reader's time before); what is left is Python: two calls into "
        "pdfium a character (its origin and text object; the text comes in one call a page), "
        "the boxes computed as pdfminer's, then the layout (characters into words and lines, "
        "tables, paragraphs), which runs on the same characters whichever reader read them. "
        "pdfplumber still opens the file (pdfminer's parser: the page tree, MediaBox, Rotate, "
        "the font descriptors; no page is interpreted) and its `TableFinder` finds the ruled "
        "tables. `python bench/pdf_bench.py --profile 20` shows the profile; how the records "
        "compare before and after is in [formats.md](formats.md#pdf-the-reader-on-pdfium).",
        "",
        f"- command: `{command}`",
        f"- machine: {os.cpu_count()} CPUs (`nproc`), {cpu_model()}; load average at the end "
        f"{', '.join(f'{v:.2f}' for v in os.getloadavg())} (other work on the same CPUs slows "
        "every column, not in the same measure)",
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
        results.append(best_of(max(args.repeat, 1), path))
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
