"""What a run did: one :class:`Outcome` a source entry, gathered in an :class:`IngestReport`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.kinds import Change
from pipeline.records import Difference
from pipeline.store.writer import OutDir


def plural(n: int, noun: str) -> str:
    """``1 file``, ``2 files``, ``0 files``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


@dataclass(frozen=True, slots=True)
class Outcome:
    doc_id: str
    source_path: str
    change: Change
    province: str | None = None
    period: str | None = None
    error: str | None = None
    # Its rows of ``issues``, and of them severity error (what the source gets wrong): as
    # extracted, or for an unchanged document as written (None when no count was kept).
    n_issues: int | None = 0
    n_errors: int | None = 0
    source_sha256: str | None = None
    previous_sha256: str | None = None
    # For a changed document: what differs, in one line; for one re-extracted unchanged: why it
    # was extracted again.
    summary: str | None = None
    differences: tuple[Difference, ...] = ()
    from_cache: bool = False  # the flow took the extraction from Prefect's cache
    re_extracted: bool = False  # unchanged, but extracted again (--force, a new extractor, …)


@dataclass(slots=True)
class IngestReport:
    raw_dir: Path
    out_dir: OutDir
    started_at: dt.datetime
    outcomes: list[Outcome] = field(default_factory=list)
    run_id: str = ""
    finished_at: dt.datetime | None = None
    # Documents left alone, outside the province filter: unchanged, changed, new or gone.
    skipped: list[str] = field(default_factory=list)
    runs_file: str | None = None  # the file of this run's rows in the runs dataset
    # Every duplicate document under OUT_DIR after the run: its original and why.
    duplicates: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Change logs of killed runs that this run wrote (see Manifest.unlogged).
    recovered_runs: list[str] = field(default_factory=list)
    # Why the run as a whole did not complete (set by the flow, which reports instead of
    # raising): the output is locked, RAW_DIR is empty, OUT could not be written.
    fatal: str | None = None
    locked: bool = False
    # Documents under a folder that could not be listed: not seen this run, their rows kept.
    kept_unseen: list[str] = field(default_factory=list)

    def count(self, change: Change) -> int:
        return sum(1 for o in self.outcomes if o.change == change)

    @property
    def files(self) -> list[Outcome]:
        """The outcomes of the entries of RAW_DIR the run looked at (every one but the
        documents removed, whose files are gone)."""
        return [o for o in self.outcomes if o.change != Change.REMOVED]

    def counts_line(self) -> str:
        """What the run did, in one line: ``6 files: 5 unchanged, 1 skipped; 1 document
        removed`` (files seen in RAW_DIR first, then the documents whose file is gone)."""
        by_change = []
        for change in Change:
            n = self.count(change)
            if change == Change.REMOVED or not n:
                continue
            again = sum(1 for o in self.outcomes if o.change == change and o.re_extracted)
            by_change.append(f"{n} {change.value}" + (f" ({again} re-extracted)" if again else ""))
        line = plural(len(self.files), "file")
        if by_change:
            line += ": " + ", ".join(by_change)
        removed = self.count(Change.REMOVED)
        if removed:
            line += f"; {plural(removed, 'document')} removed"
        elif not by_change:
            line += ": nothing to do"
        return line

    @property
    def exit_code(self) -> int:
        """0 when every file was extracted (warnings allowed), 1 when any file failed or the run
        could not complete, 3 when another run holds the output's lock."""
        if self.locked:
            return 3
        return 1 if self.fatal or self.count(Change.FAILED) else 0
