"""``extract(path) -> Extraction``: the one call that the CLI, the flows, the tests and a
notebook all make to turn a source file into records.

It never raises for bad input: a file that cannot be read gives an Extraction with
``failed=True`` and a single ``extract_failed`` issue row naming the reason, under
``province=unknown`` / ``period=unknown``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from extractors.model import Document, ExtractionError, limit_from_env, refuse_if_too_large
from extractors.text import extract_text_file, max_text_bytes
from pipeline.build.assemble import UNKNOWN, build_records, issue_record
from pipeline.build.findings import Finding
from pipeline.build.metadata import Metadata
from pipeline.kinds import Check
from pipeline.records import Record


# The Word and PDF readers are imported when a file of theirs is read: python-docx and
# pdfplumber (with pdfminer) are a third of a second of start that a run of text files never
# needs.
def _read_docx(path: Path, data: bytes) -> Document:
    from extractors.docx import extract_docx_file

    return extract_docx_file(path, data)


def _read_doc(path: Path, data: bytes) -> Document:
    from extractors.docx import extract_doc_file

    return extract_doc_file(path, data)


def _read_pdf(path: Path, data: bytes) -> Document:
    from extractors.pdf import extract_pdf_file

    return extract_pdf_file(path, data)


# Suffix → reader. A reader takes the path and its bytes and returns a Document or raises
# ExtractionError with a reason a person understands.
EXTRACTORS: dict[str, Callable[[Path, bytes], Document]] = {
    ".txt": extract_text_file,
    ".docx": _read_docx,
    ".doc": _read_doc,
    ".pdf": _read_pdf,
}


@dataclass(frozen=True, slots=True)
class Extraction:
    """The records of one source file, ready to be written."""

    doc_id: str
    source_path: str
    source_sha256: str | None
    province: str  # partition value: a slug, "national" or "unknown"
    period: str  # partition value: "<start>-<end>" or "unknown"
    records: Mapping[str, tuple[Record, ...]]
    document: Document | None = None
    metadata: Metadata | None = None
    error: str | None = None
    extracted_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    @property
    def failed(self) -> bool:
        return self.error is not None


def supported_suffixes() -> tuple[str, ...]:
    return tuple(EXTRACTORS)


def extract(
    path: str | Path,
    doc_id: str | None = None,
    *,
    extracted_at: dt.datetime | None = None,
) -> Extraction:
    """Extract one file. ``doc_id`` defaults to the file name.

    ``extracted_at`` lets a run stamp all its documents with its own start time.
    """
    path = Path(path)
    doc_id = doc_id or path.name
    extracted_at = extracted_at or dt.datetime.now(dt.UTC)
    data: bytes | None = None
    try:
        reader = EXTRACTORS.get(path.suffix.lower())
        if reader is None:
            supported = ", ".join(supported_suffixes())
            suffix = path.suffix or "(no extension)"
            raise ExtractionError(f"unsupported file type {suffix!r} (supported: {supported})")
        _check_size(path)  # before a byte is read: memory stays bounded whatever the file
        data = path.read_bytes()
        if path.suffix.lower() == ".txt":
            _check_lines(max(data.count(b"\n"), data.count(b"\r")) + 1)  # before decoding
        document = reader(path, data)
        _check_lines(len(document.lines))  # before records are built
    except (ExtractionError, OSError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return _failed(path, doc_id, data, reason, extracted_at)
    return build_extraction(document, doc_id, extracted_at)


# A decision's PDF or Word file is at most tens of megabytes; a file far larger is not one, and
# would be read whole into memory. QDX_MAX_FILE_MB raises the limit (text files have their own,
# smaller one: extractors.text.max_text_bytes).
DEFAULT_MAX_FILE_MB = 200


def max_file_bytes() -> int:
    """The largest ``.docx``, ``.doc`` or ``.pdf`` file read (``QDX_MAX_FILE_MB``, default 200)."""
    return int(limit_from_env("QDX_MAX_FILE_MB", DEFAULT_MAX_FILE_MB) * 2**20)


def _check_size(path: Path) -> None:
    size = path.stat().st_size
    if path.suffix.lower() == ".txt":
        refuse_if_too_large(size, max_text_bytes(), "of text", "QDX_MAX_TEXT_MB")
    else:
        refuse_if_too_large(size, max_file_bytes(), "file", "QDX_MAX_FILE_MB")


# A decision runs to a few thousand lines (the longest of the 299 corpus documents has 10,083);
# record building holds about 2 KB a line, so a file of a million short lines would take
# gigabytes. Refusing more than this keeps a run under 500 MB. QDX_MAX_LINES raises the limit.
DEFAULT_MAX_LINES = 50_000


def max_lines() -> int:
    """The most lines one document may have (``QDX_MAX_LINES``, default 50,000)."""
    try:
        return int(os.environ.get("QDX_MAX_LINES", DEFAULT_MAX_LINES))
    except ValueError:
        return DEFAULT_MAX_LINES


def _check_lines(n_lines: int) -> None:
    limit = max_lines()
    if n_lines > limit:
        raise ExtractionError(
            f"too long for one decision: {n_lines:,} lines "
            f"(the limit is {limit:,}; set QDX_MAX_LINES to raise it)"
        )


def _failed(
    path: Path, doc_id: str, data: bytes | None, reason: str, extracted_at: dt.datetime
) -> Extraction:
    finding = Finding(Check.EXTRACT_FAILED, Check.EXTRACT_FAILED.severity, f"{path.name}: {reason}")
    issue = issue_record(doc_id, str(path), finding)
    return Extraction(
        doc_id=doc_id,
        source_path=str(path),
        source_sha256=hashlib.sha256(data).hexdigest() if data is not None else None,
        province=UNKNOWN,
        period=UNKNOWN,
        records={"documents": (), "issues": (issue,)},
        error=reason,
        extracted_at=extracted_at,
    )


def build_extraction(document: Document, doc_id: str, extracted_at: dt.datetime) -> Extraction:
    """Records from a Document that an extractor has read."""
    built = build_records(document, doc_id, extracted_at)
    return Extraction(
        doc_id=doc_id,
        source_path=document.source_path,
        source_sha256=document.source_sha256,
        province=built.province,
        period=built.period,
        records=built.records,
        document=document,
        metadata=built.metadata,
        extracted_at=extracted_at,
    )
