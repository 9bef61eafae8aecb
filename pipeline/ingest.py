"""Batch ingestion: every supported file under a folder into the datasets under another.

Unchanged files (same content digest and extractor version as in the manifest) are skipped,
changed files have all their rows replaced, files that left the folder have their rows removed.
A file that fails is reported and the batch goes on. The manifest is written at the end of the
run (and its entries are only ever added after their files are in place), so a run that dies
midway leaves complete files and the next run redoes what is missing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from pipeline.extract import extract
from pipeline.findings import Severity
from pipeline.records import IssueRecord
from pipeline.version import extractor_version
from pipeline.writer import (
    ManifestEntry,
    locked,
    read_manifest,
    remove_document,
    write_extraction,
    write_manifest,
)


class Change(StrEnum):
    ADDED = "added"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    REMOVED = "removed"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Outcome:
    doc_id: str
    source_path: str
    change: Change
    province: str | None = None
    period: str | None = None
    error: str | None = None
    n_issues: int = 0
    n_errors: int = 0  # issues of severity error: what the source gets wrong


@dataclass(slots=True)
class IngestReport:
    raw_dir: Path
    out_dir: Path
    started_at: dt.datetime
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, change: Change) -> int:
        return sum(1 for o in self.outcomes if o.change == change)

    @property
    def exit_code(self) -> int:
        """0 when every file was extracted (warnings allowed), 1 when any file failed."""
        return 1 if self.count(Change.FAILED) else 0


def discover(raw_dir: Path) -> list[Path]:
    """Every regular file under ``raw_dir`` (hidden files and folders left out), sorted."""
    return sorted(
        p
        for p in raw_dir.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(raw_dir).parts)
    )


def doc_id_for(path: Path, raw_dir: Path) -> str:
    """A document's id: its path under the raw folder, in POSIX form."""
    return path.relative_to(raw_dir).as_posix()


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def ingest(
    raw_dir: Path,
    out_dir: Path,
    *,
    force: bool = False,
    on_file: Callable[[Outcome], None] | None = None,
) -> IngestReport:
    """Bring the datasets under ``out_dir`` up to date with the files under ``raw_dir``."""
    started_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
    report = IngestReport(raw_dir, out_dir, started_at)
    version = extractor_version()
    with locked(out_dir):
        manifest = read_manifest(out_dir)
        seen: set[str] = set()
        for path in discover(raw_dir):
            doc_id = doc_id_for(path, raw_dir)
            seen.add(doc_id)
            previous = manifest.get(doc_id)
            outcome = _ingest_one(path, doc_id, previous, out_dir, version, force, started_at)
            if outcome.change != Change.UNCHANGED:
                manifest[doc_id] = ManifestEntry(
                    doc_id=doc_id,
                    source_path=str(path),
                    source_sha256=_sha256(path),
                    extractor_version=version,
                    province=outcome.province or "unknown",
                    period=outcome.period or "unknown",
                    failed=outcome.change == Change.FAILED,
                )
            report.outcomes.append(outcome)
            if on_file:
                on_file(outcome)
        for doc_id in sorted(set(manifest) - seen):
            remove_document(out_dir, doc_id)
            entry = manifest.pop(doc_id)
            outcome = Outcome(doc_id, entry.source_path, Change.REMOVED)
            report.outcomes.append(outcome)
            if on_file:
                on_file(outcome)
        write_manifest(out_dir, manifest)
    return report


def _ingest_one(
    path: Path,
    doc_id: str,
    previous: ManifestEntry | None,
    out_dir: Path,
    version: str,
    force: bool,
    started_at: dt.datetime,
) -> Outcome:
    if (
        not force
        and previous is not None
        and not previous.failed
        and previous.extractor_version == version
        and previous.source_sha256 == _sha256(path)
    ):
        return Outcome(doc_id, str(path), Change.UNCHANGED, previous.province, previous.period)
    extraction = extract(path, doc_id, extracted_at=started_at)
    write_extraction(out_dir, extraction)
    issues = [i for i in extraction.records.get("issues", ()) if isinstance(i, IssueRecord)]
    if extraction.failed:
        change = Change.FAILED
    else:
        change = Change.ADDED if previous is None else Change.CHANGED
    return Outcome(
        doc_id,
        str(path),
        change,
        extraction.province,
        extraction.period,
        extraction.error,
        len(issues),
        sum(1 for issue in issues if issue.severity == Severity.ERROR),
    )
