"""Throughput, memory and growth of the extraction by format and corpus size: `make bench`.

``python bench/run.py [--sizes 10,100,1000] [--max-pdf 100] [--flow-size 100] [--output FILE]``

1. Generates a corpus (:mod:`bench.corpus`): perturbed copies of the five bundled samples as
   ``.txt``, ``.docx`` and ``.pdf``, ``--sizes`` documents per format (PDF sizes above
   ``--max-pdf`` left out: about 0.4 s a PDF).
2. For each format and size, in a child process of its own (so that its peak RSS, the child's
   VmHWM, is that run's; ``ru_maxrss`` from ``os.wait4`` is the fallback, but it starts at the
   parent's RSS at fork): ``pipeline.ingest.ingest(raw, out)`` — the library, no Prefect —
   then, in another child, the no-op re-run on the same output.
3. On the same files, each in a child process: the libraries' own cost — pdfplumber's
   ``extract_text()`` + ``extract_tables()`` on every page, python-docx's read in body order
   (paragraph text, table cell text), ``Path.read_text`` of the text files.
4. On the ``--flow-size`` corpora, each document's stages timed apart (read, records, validate,
   write), once as it runs and once *cold*: the bounded caches of our packages emptied before
   each document, since the corpus repeats the lines of its five samples.
5. Through the Prefect flow (``flows.ingest.run_ingest``, Prefect's temporary local server in a
   fresh PREFECT_HOME) on the ``--flow-size`` corpora: server start, first run, no-op re-run;
   and a no-op flow run on the largest library output of each format (1,000 unchanged
   documents written by the library).
6. Writes ``--output`` (default ``docs/benchmarks.md``): the machine, the versions, the tables,
   the ratios ours / library and the verdicts on the targets of issue 7. The section written
   by ``bench/flow_bench.py`` is kept: ``--flow-section FILE`` embeds that file, otherwise the
   flow section already in ``--output`` stays as it is. So is the hand-written analysis between
   the ``analysis`` markers (to be revised after a run).

The code measured is a snapshot copied at the start (the extractor may be edited meanwhile).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Any

from shared import kept_section  # bench/shared.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("extractors", "normalizers", "pipeline", "flows")
FLOW_BEGIN = "<!-- flow_bench.py: begin -->"
FLOW_END = "<!-- flow_bench.py: end -->"
# A hand-written reading of the figures in docs/benchmarks.md, kept as it is by a new run.
NOTES_BEGIN = "<!-- analysis: begin (kept by bench/run.py) -->"
NOTES_END = "<!-- analysis: end -->"
MiB = 1024.0  # ru_maxrss is in KiB on Linux


# --- child processes ----------------------------------------------------------------------------


def _child(args: argparse.Namespace) -> dict[str, Any]:
    raw = Path(args.raw)
    if args.child == "lib":
        from pipeline.ingest import ingest
        from pipeline.kinds import Change

        start = time.perf_counter()
        report = ingest(raw, Path(args.out))
        seconds = time.perf_counter() - start
        return {
            "seconds": seconds,
            "counts": {c.value: report.count(c) for c in Change if report.count(c)},
        }
    if args.child == "stages":
        return _stages(raw, Path(args.out), cold=args.cold)
    if args.child == "flow":
        Path(args.prefect_home).mkdir(parents=True, exist_ok=True)  # Prefect does not
        os.environ["PREFECT_HOME"] = args.prefect_home
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")
        os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
        os.environ.pop("PREFECT_API_URL", None)
        # a fresh database is migrated at start: on a busy machine it takes more than 20 s
        os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
        from prefect import flow

        from flows.ingest import run_ingest
        from pipeline.kinds import Change

        @flow(name="qdx-bench-warm-up")
        def warm_up() -> None:
            return None

        result: dict[str, Any] = {}
        start = time.perf_counter()
        warm_up()
        result["server_start"] = time.perf_counter() - start
        runs = ["noop"] if args.noop_only else ["first", "noop"]
        for name in runs:
            start = time.perf_counter()
            report = run_ingest(raw, Path(args.out))
            result[name] = time.perf_counter() - start
            result[f"{name}_counts"] = {c.value: report.count(c) for c in Change if report.count(c)}
        return result
    files = sorted(p for p in raw.iterdir() if p.is_file())
    pages = 0
    start = time.perf_counter()
    if args.child == "pdfplumber":
        import pdfplumber

        for path in files:
            with pdfplumber.open(path) as pdf:
                for page in pdf.pages:
                    page.extract_text()
                    page.extract_tables()
                pages += len(pdf.pages)
    elif args.child == "python-docx":
        import docx
        from docx.oxml.ns import qn
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        p_tag, tbl_tag = qn("w:p"), qn("w:tbl")
        for path in files:
            document = docx.Document(str(path))
            for element in document.element.body.iterchildren():
                if element.tag == p_tag:
                    Paragraph(element, document).text  # noqa: B018
                elif element.tag == tbl_tag:
                    for row in Table(element, document).rows:
                        for cell in row.cells:
                            cell.text  # noqa: B018
    elif args.child == "read_text":
        for path in files:
            path.read_text(encoding="utf-8")
    else:
        raise SystemExit(f"unknown child {args.child}")
    return {"seconds": time.perf_counter() - start, "pages": pages or None}


STAGES = ("read", "records", "validate", "write")


def _stages(raw: Path, out: Path, *, cold: bool) -> dict[str, Any]:
    """Where a document's time goes: the format's reader (bytes to the Document), the records,
    their validation into Arrow tables, and the write (Parquet, fsync, rename), timed apart.
    ``cold``: every bounded cache of our packages is emptied before each document, as if no
    line, word, table header or reference had been met before (the corpus repeats them: its
    documents are copies of five samples)."""
    from pipeline.build.extract import EXTRACTORS, build_extraction
    from pipeline.ingest import validate, write_prepared

    extracted_at = dt.datetime.now(dt.UTC)
    seconds = dict.fromkeys(STAGES, 0.0)
    files = sorted(p for p in raw.iterdir() if p.is_file())
    for path in files:
        if cold:
            _clear_bounded_caches()
        t0 = time.perf_counter()
        document = EXTRACTORS[path.suffix.lower()](path, path.read_bytes())
        t1 = time.perf_counter()
        extraction = build_extraction(document, path.name, extracted_at)
        t2 = time.perf_counter()
        prepared = validate(extraction)
        t3 = time.perf_counter()
        write_prepared(out, prepared, {})
        t4 = time.perf_counter()
        for stage, took in zip(STAGES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            seconds[stage] += took
    return {"files": len(files), "seconds": seconds}


def _clear_bounded_caches() -> None:
    """Empty the ``lru_cache(maxsize=N)`` caches of our packages (those of lines, words,
    numbers and headers), not the unbounded ones (rule tables, compiled patterns)."""
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] not in PACKAGES:
            continue
        for value in vars(module).values():
            parameters = getattr(value, "cache_parameters", None)
            if callable(parameters) and parameters().get("maxsize") is not None:
                value.cache_clear()


def run_child(snapshot: Path, mode: str, raw: Path, **options: Any) -> dict[str, Any]:
    """Run one measurement in a child process; its result, wall time and peak RSS (MiB)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", mode, "--raw", str(raw)]
    for key, value in options.items():
        if value is True:
            command.append(f"--{key.replace('_', '-')}")
        elif value is not None and value is not False:
            command += [f"--{key.replace('_', '-')}", str(value)]
    env = {**os.environ, "PYTHONPATH": str(snapshot / "src"), "QDX_BENCH_SNAPSHOT": str(snapshot)}
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise RuntimeError(f"{mode} on {raw} exited with {process.returncode}: {text[-2000:]}")
    result = json.loads(text.strip().splitlines()[-1])
    result["wall"] = wall
    result["rss_mib"] = result.get("hwm_mib") or usage.ru_maxrss / MiB
    return result


# --- the run ------------------------------------------------------------------------------------


def snapshot_code(work: Path) -> None:
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, work / "src" / package, ignore=shutil.ignore_patterns("__pycache__")
        )


def say(message: str) -> None:
    print(message, flush=True)


def measure(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT / "bench"))
    import corpus

    sizes = args.sizes
    say(f"corpus in {work / 'corpus'}")
    start = time.perf_counter()
    info = corpus.build(
        work / "corpus", sizes, max_pdf=args.max_pdf, unique_pdf=args.unique_pdf, log=say
    )
    info["seconds"] = time.perf_counter() - start
    results: dict[str, Any] = {"corpus": info, "lib": {}, "baseline": {}, "flow": {}}
    baselines = {"txt": "read_text", "docx": "python-docx", "pdf": "pdfplumber"}
    for fmt in corpus.FORMATS:
        for size in sizes:
            key = f"{fmt}/{size}"
            if key not in info["folders"]:
                continue
            raw, out = work / "corpus" / fmt / str(size), work / "out" / fmt / str(size)
            say(f"{key}: library first run …")
            first = run_child(work, "lib", raw, out=out)
            say(f"  {first['seconds']:.1f} s, {first['rss_mib']:.0f} MiB, {first['counts']}")
            noop = run_child(work, "lib", raw, out=out)
            say(f"  no-op re-run {noop['seconds']:.2f} s, {noop['rss_mib']:.0f} MiB")
            results["lib"][key] = {"first": first, "noop": noop}
            base = run_child(work, baselines[fmt], raw)
            say(f"  {baselines[fmt]}: {base['seconds']:.1f} s, {base['rss_mib']:.0f} MiB")
            results["baseline"][key] = base
    results["stages"] = {}
    for fmt in corpus.FORMATS:
        key = f"{fmt}/{args.flow_size}"
        if key not in info["folders"]:
            continue
        for cold in (False, True):
            label = f"{key} {'cold' if cold else 'warm'}"
            say(f"{label}: stages …")
            raw = work / "corpus" / fmt / str(args.flow_size)
            out = work / "stages-out" / label.replace("/", "-").replace(" ", "-")
            stages = run_child(work, "stages", raw, out=out, cold=cold)
            say("  " + ", ".join(f"{k} {v:.1f} s" for k, v in stages["seconds"].items()))
            results["stages"][label] = stages
    if not args.no_flow:
        for fmt in corpus.FORMATS:
            key = f"{fmt}/{args.flow_size}"
            if key not in info["folders"]:
                continue
            say(f"{key}: flow (Prefect temporary server) …")
            raw = work / "corpus" / fmt / str(args.flow_size)
            try:
                flow = run_child(
                    work,
                    "flow",
                    raw,
                    out=work / "flow-out" / fmt,
                    prefect_home=work / "prefect" / fmt,
                )
            except RuntimeError as exc:
                say(f"  failed: {exc}")
                args.notes.append(f"- The flow run on {key} failed: {str(exc)[-300:]}")
                continue
            say(
                f"  server {flow['server_start']:.1f} s, first {flow['first']:.1f} s,"
                f" no-op {flow['noop']:.2f} s, {flow['rss_mib']:.0f} MiB"
            )
            results["flow"][key] = flow
        for fmt in ("txt", "docx"):
            largest = max((s for s in sizes if f"{fmt}/{s}" in info["folders"]), default=None)
            if largest is None or largest == args.flow_size:
                continue
            key = f"{fmt}/{largest}"
            say(f"{key}: flow no-op re-run on the library's output …")
            try:
                flow = run_child(
                    work,
                    "flow",
                    work / "corpus" / fmt / str(largest),
                    out=work / "out" / fmt / str(largest),
                    prefect_home=work / "prefect" / f"{fmt}-noop",
                    noop_only=True,
                )
            except RuntimeError as exc:
                say(f"  failed: {exc}")
                args.notes.append(f"- The flow no-op run on {key} failed: {str(exc)[-300:]}")
                continue
            say(f"  server {flow['server_start']:.1f} s, no-op {flow['noop']:.2f} s")
            results["flow"][f"{key} no-op"] = flow
    return results


# --- the report ---------------------------------------------------------------------------------


def _machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    kib = int(Path("/proc/meminfo").read_text().split()[1])
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    return {
        "cpu": cpu,
        "nproc": nproc,
        "memory": f"{kib / 2**20:.1f} GiB",
        "os": f"{platform.system()} {platform.release()}",
    }


def _versions() -> str:
    names = ("pdfplumber", "pdfminer.six", "python-docx", "lxml", "pyarrow", "prefect")
    found = []
    for name in names:
        with contextlib.suppress(metadata.PackageNotFoundError):
            found.append(f"{name} {metadata.version(name)}")
    try:
        office = subprocess.run(
            ["soffice", "--version"], capture_output=True, text=True, timeout=60
        )
        found.append(office.stdout.strip().split(" (")[0] or "soffice: unknown version")
    except (OSError, subprocess.SubprocessError):
        pass
    return ", ".join(found)


def _num(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}"


def flow_section(args: argparse.Namespace) -> str:
    """The flow_bench.py section: from --flow-section, else the one in the output file."""
    if args.flow_section and args.flow_section.exists():
        text = args.flow_section.read_text(encoding="utf-8")
    elif args.output.exists():
        text = args.output.read_text(encoding="utf-8")
        if FLOW_BEGIN in text and FLOW_END in text:
            return text[text.index(FLOW_BEGIN) : text.index(FLOW_END) + len(FLOW_END)]
        if "Flow overhead" not in text:
            return ""
    else:
        return ""
    # flow_bench.py writes a whole page: its title becomes a section, its headings one deeper
    title = "## Flow overhead at 1,000 documents (`bench/flow_bench.py`)\n"
    text = re.sub(r"^# Benchmarks\n", title, text.strip(), count=1, flags=re.M)
    text = re.sub(r"^(#{2,5}) (?!Flow overhead at)", r"#\1 ", text, flags=re.M)
    return f"{FLOW_BEGIN}\n{text}\n{FLOW_END}"


def kept_analysis(output: Path) -> str:
    """The hand-written analysis of the output file (between the NOTES markers), if any: it
    says what the figures mean and what remains, and is revised by hand after a run."""
    return kept_section(output, NOTES_BEGIN, NOTES_END)


def report(args: argparse.Namespace, results: dict[str, Any], command: str) -> str:
    info = results["corpus"]
    machine = _machine()
    baselines = {"txt": "`Path.read_text`", "docx": "python-docx", "pdf": "pdfplumber"}
    lines = [
        "# Benchmarks",
        "",
        "What the extraction costs by format and corpus size, next to the cost of the libraries",
        "it is built on, on the same files, and what the Prefect flow adds. Written by",
        "`bench/run.py` (`make bench`); the corpus is described in `bench/corpus.py`.",
        "",
        f"- date: {dt.date.today().isoformat()}",
        f"- machine: {machine['nproc']} CPUs (`nproc`), {machine['cpu']},"
        f" {machine['memory']} memory, {machine['os']}",
        f"- Python {platform.python_version()}; {_versions()}",
        f"- command: `{command}`",
        f"- extractor version (a digest of the code measured): `{results.get('version', '?')}`",
        "",
        "## The corpus",
        "",
        "Copies of the five bundled samples (`data/raw/*.txt`, `tests/fixtures/formats/*.docx`),",
        "each perturbed so that nothing is cached by content: the province name swapped for",
        "another real province, years shifted, the first three amounts raised. DOCX: the text",
        "nodes of `word/document.xml` edited and the file re-zipped. PDF: LibreOffice converts the",
        "first",
        f"{info['unique_pdf']} perturbed DOCX to PDF in one `soffice --headless --convert-to pdf`"
        " call; further",
        "PDFs are byte copies of those with a comment line `%qdx-copy-N` appended after `%%EOF` —",
        "the same text and pages, another content digest, so each is extracted again (neither the",
        "manifest nor Prefect's cache can tell them apart from a new document).",
        f"PDF corpora are capped at {args.max_pdf} documents (`--max-pdf`; about 0.4 s a PDF to",
        "extract plus about 0.9 s for pdfplumber's baseline): "
        + (
            "the 1,000-PDF run is not made by `make bench`."
            if any(s > args.max_pdf for s in args.sizes)
            else "every size was run."
        ),
        "DOCX pages are an estimate: the pages of LibreOffice's PDF of a copy of the same sample.",
        f"Generating the corpus took {info['seconds']:.0f} s.",
        "",
        "## Library: `pipeline.ingest.ingest` (what `qdx ingest --no-prefect` does)",
        "",
        "Each run in a child process of its own; seconds are the `ingest()` call (imports and",
        "interpreter start-up left out), peak RSS is the child's VmHWM (imports included).",
        "The no-op re-run is a second child on the same output: hash every file, compare with the",
        "manifest; nothing changed, so it writes no change log.",
        "",
        "| format | docs | pages | input MB | first run s | docs/s | pages/s | MB/s"
        " | peak RSS MiB | no-op s | no-op peak RSS MiB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key, r in results["lib"].items():
        fmt, _ = key.split("/")
        folder = info["folders"][key]
        n, mb, pages = folder["files"], folder["bytes"] / 1e6, folder["pages"]
        s = r["first"]["seconds"]
        pages_txt = "n/a" if pages is None else f"{pages:,}" + ("*" if fmt == "docx" else "")
        pps = "n/a" if pages is None else _num(pages / s) + ("*" if fmt == "docx" else "")
        lines.append(
            f"| {fmt} | {n:,} | {pages_txt} | {mb:.1f} | {s:.1f} | {n / s:.1f} | {pps}"
            f" | {mb / s:.2f} | {r['first']['rss_mib']:.0f} | {r['noop']['seconds']:.2f}"
            f" | {r['noop']['rss_mib']:.0f} |"
        )
    lines += ["", "\\* DOCX pages estimated (see above).", "", "### Growth with size", ""]
    lines += [
        "| format | sizes | seconds a document | peak RSS MiB | no-op s |",
        "| --- | --- | --- | --- | --- |",
    ]
    growth: dict[str, dict[str, list[float]]] = {}
    for fmt in ("txt", "docx", "pdf"):
        keys = [k for k in results["lib"] if k.startswith(f"{fmt}/")]
        if not keys:
            continue
        per_doc = [
            results["lib"][k]["first"]["seconds"] / info["folders"][k]["files"] for k in keys
        ]
        rss = [results["lib"][k]["first"]["rss_mib"] for k in keys]
        noop = [results["lib"][k]["noop"]["seconds"] for k in keys]
        growth[fmt] = {"per_doc": per_doc, "rss": rss}
        lines.append(
            f"| {fmt} | {' → '.join(k.split('/')[1] for k in keys)}"
            f" | {' → '.join(f'{1000 * x:.0f} ms' for x in per_doc)}"
            f" | {' → '.join(f'{x:.0f}' for x in rss)}"
            f" | {' → '.join(f'{x:.2f}' for x in noop)} |"
        )
    lines += [
        "",
        "## The libraries' own cost on the same files",
        "",
        "In a child process each, same files: pdfplumber's `page.extract_text()` and",
        "`page.extract_tables()` on every page; python-docx's `Document()` and a walk of",
        "`document.element.body` in order, reading each paragraph's text and each table cell's",
        "text; `Path.read_text` of every text file. Ratio = our first run ÷ the library's time",
        "(below 1: ours is faster).",
        "",
        "| format | docs | library | seconds | docs/s | pages/s | peak RSS MiB | ours s"
        " | ours / library |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    ratios: dict[str, float] = {}
    for key, b in results["baseline"].items():
        fmt, _ = key.split("/")
        folder = info["folders"][key]
        n, s, ours = folder["files"], b["seconds"], results["lib"][key]["first"]["seconds"]
        pages = b.get("pages")
        ratios[key] = ours / s
        lines.append(
            f"| {fmt} | {n:,} | {baselines[fmt]} | {s:.2f} | {n / s:,.1f}"
            f" | {_num(pages / s) if pages else 'n/a'} | {b['rss_mib']:.0f} | {ours:.1f}"
            f" | {ours / s:,.2f} |"
        )
    if results.get("stages"):
        lines += [
            "",
            "### Where the time goes",
            "",
            f"The {args.flow_size}-document corpora again, each document's stages timed apart",
            "(`bench/run.py --child stages`), in milliseconds a document: the format's reader",
            "(bytes to lines, pages and tables), the records (segmentation, programme, budget,",
            "checks), their validation into Arrow tables, and the write (Parquet, fsync, rename).",
            "*warm* is the run as it is; *cold* empties the bounded caches of our packages",
            "(lines, words, amounts, table headers, references) before each document. The",
            "corpus's documents are copies of five samples, so warm caches hit far more often than",
            "on real documents; real documents fall between the two rows. The first document",
            "of a run also pays the one-off loads (underthesea and its province mapping, the",
            "rule tables: about half a second), spread here over the corpus.",
            "",
            "| format | caches | read | records | validate | write | total | docs/s |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for label, r in results["stages"].items():
            key, mode = label.split(" ")
            n = r["files"]
            ms = {k: 1000 * v / n for k, v in r["seconds"].items()}
            total = sum(ms.values())
            lines.append(
                f"| {key.split('/')[0]} | {mode} | "
                + " | ".join(f"{ms[k]:.1f}" for k in STAGES)
                + f" | {total:.1f} | {1000 / total:.0f} |"
            )
    if results["flow"]:
        lines += [
            "",
            "## Through the flow (`flows.ingest.run_ingest`, what `qdx ingest` does)",
            "",
            "One child process per format: Prefect's temporary local server started in a fresh",
            "PREFECT_HOME (timed apart, with an empty flow run), then the flow's first run and",
            "its no-op re-run, thread pool, batches of 20, cache on. Peak RSS is the child's",
            "(the temporary server runs as its own process: not included).",
            "",
            "| format | docs | server start s | flow first run s | library first run s"
            " | overhead | flow no-op s | library no-op s | peak RSS MiB |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for key, f in results["flow"].items():
            base_key = key.removesuffix(" no-op")
            lib = results["lib"].get(base_key)
            n = info["folders"][base_key]["files"]
            fmt = base_key.split("/")[0]
            first = f.get("first")
            lib_first = lib["first"]["seconds"] if lib else None
            overhead = (
                f"{first - lib_first:+.1f} s ({(first - lib_first) / lib_first:+.0%})"
                if first is not None and lib_first
                else "n/a"
            )
            first_txt = (
                _num(first) if first is not None else "not run (no-op on the library's output)"
            )
            lines.append(
                f"| {fmt} | {n:,} | {f['server_start']:.1f} | {first_txt}"
                f" | {_num(lib_first)} | {overhead} | {f['noop']:.2f}"
                f" | {lib['noop']['seconds']:.2f} | {f['rss_mib']:.0f} |"
            )
    lines += ["", "## Targets (issue 7)", "", "| target | measured | verdict |"]
    lines += ["| --- | --- | --- |"]

    def verdict(ok: bool | None) -> str:
        return "not measured" if ok is None else ("met" if ok else "**not met**")

    def largest(fmt: str) -> str | None:
        keys = [k for k in results["lib"] if k.startswith(f"{fmt}/")]
        return max(keys, key=lambda k: int(k.split("/")[1])) if keys else None

    pdf_key, docx_key, txt_key = largest("pdf"), largest("docx"), largest("txt")
    if pdf_key:
        r = ratios[pdf_key]
        lines.append(
            f"| PDF end-to-end within 1.2× of pdfplumber | {r:.2f}× ({pdf_key.split('/')[1]}"
            f" PDFs) | {verdict(r <= 1.2)} |"
        )
    if docx_key:
        r = ratios[docx_key]
        lines.append(
            f"| DOCX within 2× of python-docx's read | {r:.2f}× ({docx_key.split('/')[1]}"
            f" DOCX) | {verdict(r <= 2.0)} |"
        )
    if txt_key:
        n = info["folders"][txt_key]["files"]
        dps = n / results["lib"][txt_key]["first"]["seconds"]
        lines.append(
            f"| text documents ≥ 200 per second on one core | {dps:.1f} docs/s"
            f" ({n:,} documents, first run) | {verdict(dps >= 200)} |"
        )
    for fmt in ("txt", "docx"):
        key = largest(fmt)
        if not key:
            continue
        n = info["folders"][key]["files"]
        lib_noop = results["lib"][key]["noop"]["seconds"]
        flow = results["flow"].get(f"{key} no-op") or results["flow"].get(key)
        measured = f"library {lib_noop:.2f} s"
        ok = lib_noop < 3
        if flow:
            measured += f"; flow {flow['noop']:.2f} s + {flow['server_start']:.1f} s server start"
            ok = ok and flow["noop"] < 3
        lines.append(
            f"| no-op re-run of {n:,} unchanged {fmt} documents under 3 s plus Prefect's"
            f" start-up | {measured} | {verdict(ok if n >= 1000 else None)} |"
        )
    for fmt, g in growth.items():
        rss = g["rss"]
        if len(rss) < 2:
            continue
        ratio = rss[-1] / rss[0]
        lines.append(
            f"| peak memory flat as the corpus grows ({fmt}; flat: largest ≤ 1.25× smallest)"
            f" | {' → '.join(f'{x:.0f}' for x in rss)} MiB ({ratio:.2f}×) |"
            f" {verdict(ratio <= 1.25)} |"
        )
    lines += ["", "## Notes", "", *args.notes, ""] if args.notes else [""]
    analysis = kept_analysis(args.output)
    if analysis:
        lines += [analysis, ""]
    flow_text = flow_section(args)
    if flow_text:
        lines += [flow_text, ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--max-pdf", type=int, default=100)
    parser.add_argument("--unique-pdf", type=int, default=50)
    parser.add_argument("--flow-size", type=int, default=100)
    parser.add_argument("--no-flow", action="store_true")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--flow-section", type=Path, default=None)
    parser.add_argument("--results", type=Path, default=None, help="also write the raw JSON")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    # child-process options
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--raw", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--out", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--prefect-home", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--noop-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cold", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        snapshot = os.environ.get("QDX_BENCH_SNAPSHOT")
        result = _child(args)
        if snapshot and args.child in ("lib", "flow", "stages"):
            import pipeline

            assert Path(pipeline.__file__).is_relative_to(snapshot), pipeline.__file__
        # the peak RSS of this process since its exec: ru_maxrss of a child is carried over
        # from the forking parent across exec, VmHWM is not
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                result["hwm_mib"] = int(line.split()[1]) / MiB
        print(json.dumps(result), flush=True)
        return 0

    args.sizes = [int(s) for s in args.sizes.split(",")]
    args.notes = []
    command = "python bench/run.py " + " ".join(sys.argv[1:] if argv is None else argv)
    work = Path(tempfile.mkdtemp(prefix="qdx-bench-run-"))
    try:
        snapshot_code(work)
        code = "from pipeline.version import extractor_version as v; print(v())"
        version = subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONPATH": str(work / "src")},
            capture_output=True,
            text=True,
        ).stdout.strip()
        start = time.perf_counter()
        results = measure(args, work)
        results["version"] = version
        results["total_seconds"] = time.perf_counter() - start
        say(f"total {results['total_seconds']:.0f} s")
        if args.results:
            args.results.write_text(json.dumps(results, indent=2), encoding="utf-8")
        args.output.write_text(report(args, results, command.strip()), encoding="utf-8")
        say(f"written to {args.output}")
    finally:
        if args.keep:
            say(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
