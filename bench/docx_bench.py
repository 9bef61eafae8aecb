"""Seconds per file of the DOCX reader, for comparing two versions of it on the same files.

``python bench/docx_bench.py [--code DIR] [--repeat N] [--dir DIR ...] [--against DIR]``

For every ``.docx`` under the ``--dir`` folders (default ``tests/fixtures/formats``; give a
folder of real decisions as well: ``--dir corpus/docx --dir tests/fixtures/formats``) it times
``extractors.docx.extract_docx_file(path, data)`` on bytes already read, after one warm-up run,
``N`` times (default 7), and keeps each file's median. It prints the median and the total of
those per-file medians.

``--code DIR`` imports the extractor from another checkout (``DIR/extractors``), so that the reader
of ``main`` and the reader of a branch run on the same files from one command. ``--against DIR``
times both, in turn file by file, and prints their ratio (this checkout / ``DIR``): the median of
the per-file ratios (the steadiest figure on a busy machine), the ratio of the per-file medians
and the ratio of the totals. It also checks that both give the same raw text, the same text and
the same tables for every file, and exits 1 when they do not.
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
Reader = Callable[[Path, bytes], Any]


def load_reader(code: Path) -> tuple[Reader, ModuleType]:
    """``extract_docx_file`` of the checkout at ``code``; its modules are dropped afterwards so
    that another checkout can be loaded in the same process."""
    for name in [n for n in sys.modules if n == "extractors" or n.startswith("extractors.")]:
        del sys.modules[name]
    sys.path.insert(0, str(code))
    try:
        module = importlib.import_module("extractors.docx")
    finally:
        sys.path.remove(str(code))
    return module.extract_docx_file, module


def files_under(dirs: list[Path]) -> list[tuple[Path, bytes]]:
    return [(path, path.read_bytes()) for d in dirs for path in sorted(d.rglob("*.docx"))]


def time_once(read: Reader, path: Path, data: bytes) -> float:
    start = time.perf_counter()
    read(path, data)
    return time.perf_counter() - start


def median_times(
    readers: list[Reader], files: list[tuple[Path, bytes]], repeat: int
) -> list[list[float]]:
    """Per reader, per file: the median of ``repeat`` runs, the readers taking turns."""
    medians: list[list[float]] = [[] for _ in readers]
    for path, data in files:
        for read in readers:
            read(path, data)  # warm-up
        runs: list[list[float]] = [[] for _ in readers]
        for _ in range(repeat):
            for i, read in enumerate(readers):
                runs[i].append(time_once(read, path, data))
        for i in range(len(readers)):
            medians[i].append(statistics.median(runs[i]))
    return medians


def same_output(a: Reader, b: Reader, files: list[tuple[Path, bytes]]) -> list[str]:
    """The files on which the two readers disagree (raw text, text or tables)."""
    differ = []
    for path, data in files:
        x, y = a(path, data), b(path, data)
        # repr, not ==: the two checkouts' model classes are distinct classes
        if (x.raw_text, x.text, repr(x.tables)) != (y.raw_text, y.text, repr(y.tables)):
            differ.append(path.name)
    return differ


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose reader is timed")
    parser.add_argument("--against", type=Path, help="a second checkout: time both, print ratios")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--dir", type=Path, action="append", dest="dirs")
    args = parser.parse_args(argv)
    dirs = args.dirs or [ROOT / "tests/fixtures/formats"]
    files = files_under(dirs)
    if args.against is None:
        read, _ = load_reader(args.code)
        (times,) = median_times([read], files, args.repeat)
        print(
            f"{len(files)} files, {args.repeat} runs each: median {statistics.median(times):.5f} "
            f"s per file, total {sum(times):.4f} s"
        )
        return 0
    ours, _ = load_reader(args.code)
    theirs, _ = load_reader(args.against)
    # Both modules stay usable after their names left sys.modules: their functions hold them.
    differ = same_output(ours, theirs, files)
    a, b = median_times([ours, theirs], files, args.repeat)
    print(f"{len(files)} files, {args.repeat} runs each, median seconds per file")
    print(f"  {args.against}: {statistics.median(b):.5f} (total {sum(b):.4f})")
    print(f"  {args.code}: {statistics.median(a):.5f} (total {sum(a):.4f})")
    per_file = statistics.median(x / y for x, y in zip(a, b, strict=True))
    print(
        f"  ratio: median of per-file ratios {per_file:.3f}, "
        f"of medians {statistics.median(a) / statistics.median(b):.3f}, "
        f"of totals {sum(a) / sum(b):.3f}"
    )
    print("  same output on every file" if not differ else f"  OUTPUT DIFFERS: {differ}")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
