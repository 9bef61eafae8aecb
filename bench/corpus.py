"""A benchmark corpus in three formats from the five bundled samples: ``bench/run.py``.

``python bench/corpus.py OUT_DIR [--sizes 10,100,1000] [--max-pdf 100] [--unique-pdf 50]``

Writes ``OUT_DIR/<format>/<size>/`` (format ``txt``, ``docx``, ``pdf``) with ``size`` documents
each, and ``OUT_DIR/corpus.json`` (files, bytes and pages of every folder). Document ``i`` is a
perturbed copy of sample ``i % 5`` so that nothing is served from a cache keyed by content:

* the province name is swapped for another real province (upper-case spelling too), the years
  are shifted by 0-4 (with the copy number), the first three amounts of the document are raised,
  and past the first 315 copies (63 provinces × 5 samples) the decision's own number is raised
  by 10,000 a cycle, so that no two copies are the same decision (``SAMPLE_NUMBERS``);
* ``.txt``: the perturbation is applied to the text of ``data/raw/*.txt``;
* ``.docx``: to the text nodes (``<w:t>``) of ``word/document.xml`` of
  ``tests/fixtures/formats/*.docx``, by string replacement in the XML, and the file re-zipped;
* ``.pdf``: LibreOffice converts the first ``--unique-pdf`` (default 50) perturbed ``.docx`` to
  PDF in one ``soffice --headless --convert-to pdf`` call (about 1 s a file). Further PDFs are
  byte copies of those with a PDF comment line appended after ``%%EOF``
  (``b"\\n%qdx-copy-N\\n"``): the same text and pages, but another content digest, so the
  pipeline's manifest and Prefect's cache see a new document and extract it again. PDF sizes
  above ``--max-pdf`` (default 100) are not generated.

The document sets are nested: the 10-document folder holds the first 10 documents of the
100-document one, and so on. DOCX pages are not stored in the file: ``corpus.json`` gives an
estimate, the page count of LibreOffice's PDF of a perturbed copy of the same sample.
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TXT_DIR = ROOT / "data" / "raw"
FORMATS_DIR = ROOT / "tests" / "fixtures" / "formats"
SAMPLE_PROVINCES = {
    "000_3a0caad79bab0308": "Hưng Yên",
    "001_9789b1cfca0ebaa2": "An Giang",
    "002_4332279ed17429dc": "Bình Phước",
    "003_8c7e4977db864976": "Cao Bằng",
    "004_0f42ce6379190652": "Đồng Nai",
}
# Each sample's own decision number (the Đồng Nai plan prints none): raised in the copies past
# the first province × sample cycle, so that no two copies are one decision (the same number,
# date, province and title), which qdx would mark as duplicates of each other.
SAMPLE_NUMBERS = {
    "000_3a0caad79bab0308": "3355",
    "001_9789b1cfca0ebaa2": "2211",
    "002_4332279ed17429dc": "2818",
    "003_8c7e4977db864976": "270",
}


@functools.cache
def provinces() -> tuple[str, ...]:
    """The 63 pre-2025 provinces (underthesea's mapping), imported when first needed so that a
    benchmark measuring a snapshot of the code imports that snapshot, not this checkout."""
    from normalizers.provinces import province_names

    return province_names()


FORMATS = ("txt", "docx", "pdf")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_AMOUNT = re.compile(r"\b\d{1,3}(?:\.\d{3})+\b")
_W_T = re.compile(r"(<w:t(?: [^>]*)?>)([^<]*)(</w:t>)")


def perturber(stem: str, i: int) -> Callable[[str], str]:
    """The perturbation of copy ``i`` of sample ``stem``, as a function of text that keeps its
    count of amounts across calls (a DOCX is perturbed text node by text node)."""
    own = SAMPLE_PROVINCES[stem]
    province = provinces()[i % len(provinces())]
    if province == own:
        province = provinces()[(i + 1) % len(provinces())]
    shift = (i // len(provinces())) % 5
    # Province and sample repeat every 315 copies, the shift too: the number tells the cycles apart.
    cycle = i // (len(provinces()) * len(SAMPLE_PROVINCES))
    number = SAMPLE_NUMBERS.get(stem)
    own_number = re.compile(rf"\b{number}(?=/QĐ)") if number and cycle else None
    new_number = str(int(number) + 10000 * cycle) if number else ""
    seen = [0]

    def bump(m: re.Match[str]) -> str:
        seen[0] += 1
        if seen[0] > 3:  # the first three amounts only
            return m.group()
        digits = int(m.group().replace(".", "")) + 1000 * (i + 1)
        return f"{digits:,}".replace(",", ".")

    def apply(text: str) -> str:
        text = text.replace(own, province).replace(own.upper(), province.upper())
        if shift:
            text = _YEAR.sub(lambda m: str(int(m.group()) + shift), text)
        if own_number is not None:
            text = own_number.sub(new_number, text)
        return _AMOUNT.sub(bump, text)

    return apply


def samples(folder: Path, suffix: str) -> list[Path]:
    return sorted(p for p in folder.glob(f"*{suffix}") if p.stem in SAMPLE_PROVINCES)


def write_txt(folder: Path, n: int) -> None:
    sources = [(p.stem, p.read_text(encoding="utf-8")) for p in samples(TXT_DIR, ".txt")]
    seen: set[str] = set()
    for i in range(n):
        stem, text = sources[i % len(sources)]
        text = perturber(stem, i)(text)
        while text in seen:  # never two files with the same content
            text += "\n"
        seen.add(text)
        (folder / f"{i:05d}_{stem}.txt").write_text(text, encoding="utf-8")


def docx_bytes(sample: Path, i: int) -> bytes:
    """Copy ``i`` of a sample DOCX: its document.xml text nodes perturbed, the rest as is."""
    apply = perturber(sample.stem, i)
    out = io.BytesIO()
    with zipfile.ZipFile(sample) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                xml = _W_T.sub(lambda m: m.group(1) + apply(m.group(2)) + m.group(3), xml)
                data = xml.encode("utf-8")
            zout.writestr(info, data)
        zout.comment = f"qdx-copy-{i}".encode("ascii")  # never two copies with the same bytes
    return out.getvalue()


def write_docx(folder: Path, n: int) -> None:
    sources = samples(FORMATS_DIR, ".docx")
    for i in range(n):
        sample = sources[i % len(sources)]
        (folder / f"{i:05d}_{sample.stem}.docx").write_bytes(docx_bytes(sample, i))


def convert_to_pdf(docx_files: list[Path], outdir: Path) -> None:
    """All the files in one LibreOffice process (its start-up is paid once)."""
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="qdx-soffice-") as profile:
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                *map(str, docx_files),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=1800,
        )
    missing = [p.name for p in docx_files if not (outdir / f"{p.stem}.pdf").exists()]
    if missing:
        raise RuntimeError(f"LibreOffice did not convert {len(missing)} files: {missing[:5]}")


def pdf_pages(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def write_pdf(folder: Path, n: int, unique: list[Path]) -> None:
    for i in range(n):
        src = unique[i % len(unique)]
        data = src.read_bytes()
        if i >= len(unique):  # the same PDF, another digest: a comment after %%EOF
            data += f"\n%qdx-copy-{i}\n".encode("ascii")
        (folder / f"{i:05d}_{src.stem.split('_', 1)[1]}.pdf").write_bytes(data)


def build(
    out: Path, sizes: list[int], *, max_pdf: int = 100, unique_pdf: int = 50, log=print
) -> dict:
    """Generate the corpus under ``out`` and return what ``corpus.json`` holds."""
    out.mkdir(parents=True, exist_ok=True)
    info: dict = {"sizes": sizes, "max_pdf": max_pdf, "unique_pdf": unique_pdf, "folders": {}}
    pdf_sizes = [s for s in sizes if s <= max_pdf]
    n_unique = min(unique_pdf, max(pdf_sizes, default=0)) or min(unique_pdf, 5)
    # the PDFs: perturbed DOCX converted once, then copied
    stage = out / "_pdf-source"
    (stage / "docx").mkdir(parents=True, exist_ok=True)
    write_docx(stage / "docx", n_unique)
    log(f"  LibreOffice: {n_unique} perturbed DOCX to PDF (one process) …")
    convert_to_pdf(sorted((stage / "docx").glob("*.docx")), stage / "pdf")
    unique = sorted((stage / "pdf").glob("*.pdf"))
    pages_of = {p.name: pdf_pages(p) for p in unique}
    # DOCX pages, estimated: LibreOffice's pages of the first copy of the same sample
    docx_pages = {}
    for p in unique:
        docx_pages.setdefault(p.stem.split("_", 1)[1], pages_of[p.name])
    info["docx_pages_by_sample"] = docx_pages
    for fmt in FORMATS:
        for size in pdf_sizes if fmt == "pdf" else sizes:
            folder = out / fmt / str(size)
            if folder.exists():
                shutil.rmtree(folder)
            folder.mkdir(parents=True)
            if fmt == "txt":
                write_txt(folder, size)
            elif fmt == "docx":
                write_docx(folder, size)
            else:
                write_pdf(folder, size, unique)
            files = sorted(folder.iterdir())
            if fmt == "pdf":
                pages = sum(pages_of[unique[i % len(unique)].name] for i in range(size))
            elif fmt == "docx":
                pages = sum(docx_pages[p.stem.split("_", 1)[1]] for p in files)
            else:
                pages = None
            info["folders"][f"{fmt}/{size}"] = {
                "files": len(files),
                "bytes": sum(p.stat().st_size for p in files),
                "pages": pages,
                "pages_estimated": fmt == "docx",
            }
            log(f"  {fmt}/{size}: {len(files)} files")
    (out / "corpus.json").write_text(json.dumps(info, indent=2), encoding="utf-8")
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--max-pdf", type=int, default=100)
    parser.add_argument("--unique-pdf", type=int, default=50)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    build(args.out, sizes, max_pdf=args.max_pdf, unique_pdf=args.unique_pdf)
    return 0


if __name__ == "__main__":
    sys.exit(main())
