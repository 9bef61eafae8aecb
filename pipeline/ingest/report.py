"""What a run did: one :class:`Outcome` a source entry, gathered in an :class:`IngestReport`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.kinds import Change
from pipeline.records import Difference
from pipeline.store.writer import OutDir


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
    source_sha256: str | None = None
    previous_sha256: str | None = None
    summary: str | None = None  # for a changed document: what differs, in one line
    differences: tuple[Difference, ...] = ()
    from_cache: bool = False  # the flow took the extraction from Prefect's cache


@dataclass(slots=True)
class IngestReport:
    raw_dir: Path
    out_dir: OutDir
    started_at: dt.datetime
    outcomes: list[Outcome] = field(default_factory=list)
    run_id: str = ""
    finished_at: dt.datetime | None = None
    skipped: list[str] = field(default_factory=list)  # left alone: outside the province filter
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
    def exit_code(self) -> int:
        """0 when every file was extracted (warnings allowed), 1 when any file failed or the run
        could not complete, 3 when another run holds the output's lock."""
        if self.locked:
            return 3
        return 1 if self.fatal or self.count(Change.FAILED) else 0
