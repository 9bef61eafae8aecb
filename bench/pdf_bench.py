"""Pages per second of the PDF extractor next to pdfplumber's and pdfium's own extraction.

``python bench/pdf_bench.py [--repeat N] [--dir DIR ...] [--every K] [--runs A,B] [--no-warm-up]
[--out FILE] [--profile N]``

For every PDF in each ``DIR`` (default ``tests/fixtures/formats``; ``--every K``: every K-th file
of each, by name) it times, in the same process and after one warm-up run of each (of the first
file only with ``--no-warm-up``, for a large corpus where the warm-up would double the time):

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

Each is run ``N`` times (default 5), in turn, and the best time of each counts (``--runs``: only
these columns, e.g. without the old reader on a large corpus). It prints a table with a total
for each folder and writes the same table, with the machine and the library versions, to
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


def best_of(repeat: int, path: Path, warm_up: bool = True) -> Result:
    pages = 0
    if warm_up:  # imports, caches, the file in the page cache
        for run in RUNNERS.values():
            pages = run(path)
    best = dict.fromkeys(RUNNERS, float("inf"))
    for _ in range(repeat):
        for name, run in RUNNERS.items():
            start = time.perf_counter()
            pages = run(path)
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


def _total(label: str, results: list[Result]) -> Result:
    names = list(RUNNERS)
    return Result(
        label, sum(r.pages for r in results), {n: sum(r.seconds[n] for r in results) for n in names}
    )


def table(groups: dict[str, list[Result]]) -> list[str]:
    """One row a file, a total a folder (and over all of them when there are several)."""
    names = list(RUNNERS)
    head = " | ".join(f"{n} s" for n in names)
    ratios = [c for c in ("pdfplumber", "pypdfium2") if c in names]
    rows = [
        f"| file | pages | {head} | "
        + "".join(f"ours / {c} | " for c in ratios)
        + "ours pages/s |",
        "| --- | ---: |" + " ---: |" * (len(names) + len(ratios) + 1),
    ]
    listed: list[Result] = []
    for folder, results in groups.items():
        listed += [*results, _total(f"**total, {folder}**", results)]
    if len(groups) > 1:
        listed.append(_total("**total**", [r for rs in groups.values() for r in rs]))
    for r in listed:
        t = r.seconds
        cells = " | ".join(f"{t[n]:.3f}" for n in names)
        shares = "".join(f"{t['ours'] / t[c]:.2f} | " for c in ratios)
        rows.append(f"| {r.name} | {r.pages} | {cells} | {shares}{r.pages / t['ours']:.1f} |")
    return rows


def report(groups: dict[str, list[Result]], command: str, repeat: int, warm_up: bool) -> str:
    names = ["pdfplumber", "pdfminer.six", "pypdfium2"] + (["pymupdf"] if pymupdf else [])
    versions = ", ".join(f"{name} {version(name)}" for name in names)
    lines = [
        "# PDF extraction benchmark",
        "",
        "Seconds and pages per second of `extractors.pdf.extract_pdf_file` (the whole "
        "extractor: text in reading order, tables, running headers and footers removed, "
        "normalisation, the Document) on pdfium's reading of the pages (**ours**)"
        + (
            " and on pdfminer's, the reader before it (**ours, pdfminer**)"
            if "ours, pdfminer" in RUNNERS
            else ""
        )
        + ", next to pdfplumber's own "
        "`page.extract_text()` + `page.extract_tables()` and the plain text of pypdfium2 "
        "(`get_textpage().get_text_range()`)"
        + (" and PyMuPDF (`page.get_text()`)" if pymupdf else "")
        + " on every page of the same files, in the same process, "
        + ("warm (one run of each first)" if warm_up else "after one warm-up on the first file")
        + f", best of {repeat} run{'s' if repeat > 1 else ''} each. A ratio below 1 means the "
        "extractor is faster.",
        "",
        *table(groups),
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
    parser.add_argument("--dir", type=Path, action="append", help="a folder of PDFs (repeatable)")
    parser.add_argument("--every", type=int, default=1, metavar="K", help="every K-th file")
    parser.add_argument("--runs", default=None, help="the columns to time, comma-separated")
    parser.add_argument("--no-warm-up", dest="warm_up", action="store_false")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks-pdf.md")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print a profile")
    args = parser.parse_args(argv)
    dirs = args.dir or [ROOT / "tests" / "fixtures" / "formats"]
    if args.runs:
        wanted = [name.strip() for name in args.runs.split(",")]
        # PyMuPDF is left out, not refused, where it is not installed.
        unknown = [name for name in wanted if name not in RUNNERS and name != "PyMuPDF"]
        if unknown or "ours" not in wanted:
            parser.error(f"--runs: 'ours' and some of {', '.join(RUNNERS)}; not {unknown}")
        for name in list(RUNNERS):
            if name not in wanted:
                del RUNNERS[name]
    folders = {}
    for folder in dirs:
        paths = sorted(folder.glob("*.pdf"))[:: max(1, args.every)]
        if not paths:
            parser.error(f"no PDF files in {folder}")
        folders[_shown(folder)] = paths
    if not args.warm_up:
        first = next(iter(folders.values()))[0]
        for run in RUNNERS.values():
            run(first)
    groups = {
        folder: [best_of(max(args.repeat, 1), path, args.warm_up) for path in paths]
        for folder, paths in folders.items()
    }
    print("\n".join(table(groups)))
    command = " ".join(["python bench/pdf_bench.py", *(sys.argv[1:] if argv is None else argv)])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report(groups, command, args.repeat, args.warm_up), encoding="utf-8")
    print(f"written to {args.out}")
    if args.profile:
        print(profile([p for paths in folders.values() for p in paths], args.profile))


def _shown(folder: Path) -> str:
    """A folder as the report names it: relative to the checkout or its parent where it can be."""
    folder = folder.resolve()
    for base, prefix in ((ROOT, ""), (ROOT.parent, "../")):
        if folder.is_relative_to(base):
            return prefix + folder.relative_to(base).as_posix()
    return folder.as_posix()


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
