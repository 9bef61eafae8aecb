"""Legacy Word ``.doc`` files: converted to DOCX with LibreOffice, then read as one."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from extractors.docx.extract import extract_docx_file
from extractors.model import Document, ExtractionError, SourceFormat

SOFFICE_TIMEOUT_S = 180
_NO_DOC_MESSAGE = (
    "a .doc file needs LibreOffice to convert it: install libreoffice-writer, or save it as .docx"
)


def convert_doc_to_docx(path: Path, out_dir: Path) -> Path:
    """Convert a legacy Word ``.doc`` file to ``.docx`` in ``out_dir`` with LibreOffice.

    Raises :class:`ExtractionError` when LibreOffice is not installed or the conversion fails.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ExtractionError(_NO_DOC_MESSAGE)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{path.stem}.docx"
    # A profile of its own: LibreOffice does nothing when another instance holds the default one.
    with tempfile.TemporaryDirectory(prefix="qdx-lo-") as profile:
        try:
            result = subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation={Path(profile).as_uri()}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "docx:MS Word 2007 XML",
                    "--outdir",
                    str(out_dir),
                    str(path),
                ],
                capture_output=True,
                timeout=SOFFICE_TIMEOUT_S,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise ExtractionError(
                f"LibreOffice did not convert {path.name} within {SOFFICE_TIMEOUT_S} s"
            ) from None
        except OSError as exc:
            raise ExtractionError(f"LibreOffice could not be started ({exc})") from None
    if result.returncode != 0 or not target.exists():
        detail = (result.stderr or result.stdout).decode("utf-8", "replace").strip()
        raise ExtractionError(
            f"LibreOffice could not convert {path.name} to .docx"
            + (f": {detail.splitlines()[-1]}" if detail else "")
        )
    return target


def extract_doc_file(path: Path, data: bytes | None = None) -> Document:
    """Read a legacy Word ``.doc`` file: converted to DOCX with LibreOffice, then read as one.

    The Document keeps the ``.doc`` file's path and digest.
    """
    data = path.read_bytes() if data is None else data
    if not data:
        raise ExtractionError("empty file: no text to extract")
    with tempfile.TemporaryDirectory(prefix="qdx-doc-") as tmp:
        source = Path(tmp) / f"source{path.suffix.lower()}"
        source.write_bytes(data)
        converted = convert_doc_to_docx(source, Path(tmp) / "out")
        document = extract_docx_file(converted)
    return replace(
        document,
        source_path=str(path),
        source_sha256=hashlib.sha256(data).hexdigest(),
        source_format=SourceFormat.DOC,
    )
