"""Steps 2 and 6 of a run: the plan against the manifest, the manifest kept, the change log.

Only the process that holds the output's lock (:func:`open_run`) touches the manifest; the
extraction, diff and write steps may run anywhere.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace

import pyarrow as pa

from pipeline.ingest.changes import DocumentDiff
from pipeline.ingest.duplicates import duplicate_write, find_duplicates
from pipeline.ingest.options import IngestOptions
from pipeline.ingest.prepared import Prepared
from pipeline.ingest.report import IngestReport, Outcome
from pipeline.ingest.sources import Source
from pipeline.ingest.write import KEPT_NOTE
from pipeline.kinds import Change
from pipeline.records import RunRecord
from pipeline.store.writer import (
    MANIFEST_SCHEMA_VERSION,
    DocumentWrite,
    Manifest,
    ManifestEntry,
    Output,
    file_key,
    index_documents,
    issue_counts,
    legacy_documents,
    load_manifest,
    locked,
    output,
    read_document,
    records_table,
    remove_temporary_files,
    save_manifest,
    stored_issue_counts,
    write_documents,
    write_runs,
)
from pipeline.version import extractor_version


class NothingToRead(RuntimeError):
    """RAW_DIR holds no file while OUT_DIR holds documents: an unmounted share or a wrong path
    looks exactly like this, and removing every document is refused unless asked for."""


@dataclass(frozen=True, slots=True)
class Plan:
    todo: list[Source]  # to extract: new, changed, failed before, pending, or forced
    unchanged: list[Outcome]
    removed: list[str]  # doc ids whose rows are to be removed
    skipped: list[Outcome] = field(default_factory=list)  # entries not read, with the reason


class Run:
    """One ingestion run over an output folder: the manifest in memory, the outcomes so far.

    Read from OUT_DIR by :meth:`open`, which :func:`open_run` calls holding the output's lock;
    the constructor only keeps what it is given. Only the process that opened the run
    touches the manifest; the extraction, diff and write steps may run anywhere.
    """

    def __init__(
        self,
        options: IngestOptions,
        out: Output,
        manifest: Manifest,
        *,
        version: str,
        run_id: str,
        started_at: dt.datetime,
        on_file: Callable[[Outcome], None] | None = None,
    ) -> None:
        """A run over ``manifest``, as read from ``out``; :meth:`open` reads it."""
        self.options = options
        self.raw_dir = options.raw_dir
        self.out = out
        self.provinces = frozenset(options.provinces) if options.provinces else None
        self.started_at = started_at
        self.run_id = run_id
        self.version = version
        self.manifest = manifest
        self.on_file = on_file
        self.report = IngestReport(options.raw_dir, options.out_dir, started_at, run_id=run_id)
        # Why each document written before is extracted again (see plan), for the summary of
        # one whose records come out the same.
        self._why_again: dict[str, str] = {}
        self._saved = self._snapshot()
        self._finished = False

    @classmethod
    def open(
        cls,
        options: IngestOptions,
        *,
        run_id: str | None = None,
        started_at: dt.datetime | None = None,
        on_file: Callable[[Outcome], None] | None = None,
    ) -> Run:
        """The run over OUT_DIR as it is: its manifest read, the temporary files of a killed run
        removed, and the change logs such a run left unwritten written. Call it holding the
        output's lock (:func:`open_run` does)."""
        out = output(options.out_dir)
        run = cls(
            options,
            out,
            load_manifest(out),
            version=extractor_version(),
            run_id=run_id or str(uuid.uuid4()),
            started_at=started_at or dt.datetime.now(dt.UTC).replace(microsecond=0),
            on_file=on_file,
        )
        remove_temporary_files(out)
        run.recover_change_logs()
        run.convert_layout()
        return run

    def convert_layout(self, chunk: int = 200) -> None:
        """Move the rows of an output of layout version 1 (one file per document and dataset)
        into part files, ``chunk`` documents at a time, each document's rows through the batch
        writer (out of its own files, then into the parts: in one file at any instant); its
        documents are pending meanwhile, so that a run killed here redoes them. A document that
        cannot be moved stays pending, and is extracted again by this run."""
        if self.manifest.schema_version >= MANIFEST_SCHEMA_VERSION:
            return
        index = index_documents(self.out)
        keys = set(legacy_documents(index))
        todo = sorted(d for d in self.manifest.documents if file_key(d) in keys)
        for start in range(0, len(todo), chunk):
            ids = todo[start : start + chunk]
            for doc_id in ids:
                self.manifest.pending[doc_id] = self.manifest.documents[doc_id].source_path
            self.checkpoint()
            writes = []
            for doc_id in ids:
                entry = self.manifest.documents[doc_id]
                tables = read_document(self.out, doc_id, index.get(file_key(doc_id), {}))
                writes.append(DocumentWrite(doc_id, entry.province, entry.period, tables))
            errors = write_documents(self.out, writes, index)
            for doc_id in ids:
                if doc_id not in errors:
                    self.manifest.pending.pop(doc_id, None)
            index = index_documents(self.out)
        self.manifest.schema_version = MANIFEST_SCHEMA_VERSION
        self.checkpoint()

    # planning

    def _in_scope(self, *provinces: str | None) -> bool:
        return self.provinces is None or any(p in self.provinces for p in provinces)

    def plan(self, sources: Sequence[Source]) -> Plan:
        """What to do with each source entry, and which documents have left RAW_DIR.

        A document is removed only when RAW_DIR was listed in full where it was: one under a
        folder that could not be read keeps its rows. A listing with no entry at all while the
        manifest holds documents in scope raises :class:`NothingToRead` unless the run allows it.
        """
        todo: list[Source] = []
        unchanged: list[Outcome] = []
        skipped: list[Outcome] = []
        seen: set[str] = set()
        seen_skipped = {s.doc_id for s in sources if s.skipped is not None}
        folders = [s for s in sources if s.folder]
        for source in sources:
            if source.skipped is not None:
                skipped.append(
                    Outcome(source.doc_id, source.source_path, Change.SKIPPED, error=source.skipped)
                )
                continue
            seen.add(source.doc_id)
            previous = self.manifest.documents.get(source.doc_id)
            why = self._why_extract(source, previous)
            if why is not None:
                todo.append(source)
                if previous is not None:
                    self._why_again[source.doc_id] = why
            elif previous is not None and not self._in_scope(previous.province):
                self.report.skipped.append(source.doc_id)
            elif previous is not None:
                unchanged.append(
                    Outcome(
                        source.doc_id,
                        source.source_path,
                        Change.UNCHANGED,
                        previous.province,
                        previous.period,
                        n_issues=previous.n_issues,
                        n_errors=previous.n_errors,
                        source_sha256=source.sha256,
                        previous_sha256=previous.source_sha256,
                    )
                )
        gone = [doc_id for doc_id in self.manifest.documents if doc_id not in seen]
        self.report.skipped += sorted(
            d for d in gone if not self._in_scope(self.manifest.documents[d].province)
        )
        gone = [d for d in gone if self._in_scope(self.manifest.documents[d].province)]
        # Half-written documents of a killed run whose source has gone since.
        gone += [
            doc_id
            for doc_id in self.manifest.pending
            if doc_id not in seen and doc_id not in self.manifest.documents
        ]
        self.manifest.skipped = {
            d: reason for d, reason in self.manifest.skipped.items() if d in seen_skipped
        }
        kept = sorted(d for d in gone if any(f.covers(d) for f in folders))
        removed = sorted(set(gone) - set(kept))
        if not seen and removed and not self.options.allow_empty:
            raise NothingToRead(
                f"{self.raw_dir} holds no file to read, but {self.out.url} holds "
                f"{len(removed)} documents from it: refusing to remove them all (is the folder "
                "mounted?); pass --allow-empty to remove them"
            )
        self.report.kept_unseen = kept
        return Plan(todo, self._with_stored_counts(unchanged), removed, skipped)

    def _why_extract(self, source: Source, previous: ManifestEntry | None) -> str | None:
        """Why a file is to be extracted (None: it is unchanged since its rows were written)."""
        if previous is None:
            return "new"
        if previous.failed:
            return "failed before"
        if source.doc_id in self.manifest.pending:
            return "left half-written by an interrupted run"
        if previous.stale:
            return "failed on the last run"
        if previous.extractor_version != self.version:
            return "a new extractor version"
        if source.sha256 is None or previous.source_sha256 != source.sha256:
            return "the file changed"
        if self.options.force:
            return "--force"
        return None

    def _with_stored_counts(self, unchanged: list[Outcome]) -> list[Outcome]:
        """Unchanged documents with the counts of their ``issues`` rows: from the manifest, or
        for entries saved before it kept them, read once from the dataset (and kept)."""
        missing = [o.doc_id for o in unchanged if o.n_issues is None]
        if not missing:
            return unchanged
        counts = stored_issue_counts(self.out, missing)
        for doc_id, (n_issues, n_errors) in counts.items():
            entry = self.manifest.documents[doc_id]
            self.manifest.documents[doc_id] = replace(entry, n_issues=n_issues, n_errors=n_errors)
        return [
            replace(o, n_issues=counts[o.doc_id][0], n_errors=counts[o.doc_id][1])
            if o.doc_id in counts
            else o
            for o in unchanged
        ]

    def previous(self, doc_id: str) -> ManifestEntry | None:
        return self.manifest.documents.get(doc_id)

    def compares(self, prepared: Prepared) -> bool:
        """Whether a document's new rows are compared with those written now (to say what
        changed): a document written before, read well this time."""
        return not prepared.failed and self.previous(prepared.doc_id) is not None

    def keeps(self, prepared: Prepared) -> ManifestEntry | None:
        """For a document that failed this time, the entry of its last good rows, which are kept
        (:func:`write_prepared`); None when it has none, or did not fail."""
        previous = self.previous(prepared.doc_id)
        if prepared.failed and previous is not None and not previous.failed:
            return previous
        return None

    def take(self, prepared: Iterable[Prepared]) -> list[Prepared]:
        """The prepared documents within the province filter, listed as pending in the saved
        manifest before any of their files is written. The others are skipped (left alone)."""
        taken = []
        for p in prepared:
            previous = self.previous(p.doc_id)
            if self._in_scope(p.province, previous.province if previous else None):
                taken.append(p)
                self.manifest.pending[p.doc_id] = p.source_path
            else:
                self.report.skipped.append(p.doc_id)
        self.checkpoint()
        return taken

    # recording

    def add(self, outcome: Outcome) -> None:
        self.report.outcomes.append(outcome)
        if self._is_news(outcome):
            # Kept in the manifest until this run's change log is written (see finish).
            self.manifest.unlogged.append(self._run_row(outcome))
        if self.on_file:
            self.on_file(outcome)

    def _is_news(self, outcome: Outcome) -> bool:
        """Whether an outcome belongs in the change log: anything but a document left unchanged
        (one extracted again is news: its rows were rewritten) and an entry skipped for the same
        reason as on the run before."""
        if outcome.change == Change.UNCHANGED:
            return outcome.re_extracted
        if outcome.change == Change.SKIPPED:
            if self.manifest.skipped.get(outcome.doc_id) == outcome.error:
                return False
            self.manifest.skipped[outcome.doc_id] = outcome.error or ""
        return True

    def record(self, prepared: Prepared, diff: DocumentDiff | None = None) -> Outcome:
        """A document whose files are written: its manifest entry and outcome. One written
        before whose records come out the same (``diff`` found no difference) is unchanged,
        re-extracted, with why it was extracted again as its summary."""
        previous = self.previous(prepared.doc_id)
        kept = self.keeps(prepared)
        if kept is not None:
            return self._record_kept(prepared, kept)
        again = False
        if prepared.failed:
            change = Change.FAILED
        elif previous is None:
            change = Change.ADDED
        elif diff is not None and diff.error is None and not diff.differences:
            change, again = Change.UNCHANGED, True
        else:
            change = Change.CHANGED
        self.manifest.documents[prepared.doc_id] = ManifestEntry(
            doc_id=prepared.doc_id,
            source_path=prepared.source_path,
            source_sha256=prepared.source_sha256,
            extractor_version=self.version,
            province=prepared.province,
            period=prepared.period,
            failed=prepared.failed,
            identity=prepared.identity,
            n_issues=prepared.n_issues,
            n_errors=prepared.n_errors,
        )
        self.manifest.pending.pop(prepared.doc_id, None)
        diff = diff if change == Change.CHANGED and diff else DocumentDiff()
        if again:
            why = self._why_again.get(prepared.doc_id, "")
            diff = DocumentDiff(summary=f"re-extracted ({why}): no differences in the records")
        outcome = Outcome(
            prepared.doc_id,
            prepared.source_path,
            change,
            prepared.province,
            prepared.period,
            prepared.error,
            prepared.n_issues,
            prepared.n_errors,
            source_sha256=prepared.source_sha256,
            previous_sha256=previous.source_sha256 if previous else None,
            summary=diff.summary,
            differences=diff.differences,
            from_cache=prepared.from_cache,
            re_extracted=again,
        )
        self.add(outcome)
        return outcome

    def _record_kept(self, prepared: Prepared, previous: ManifestEntry) -> Outcome:
        """A document that failed this time and kept its last good rows: its entry is marked
        stale (extracted again next run), the outcome is a failure that says so."""
        self.manifest.documents[prepared.doc_id] = replace(previous, stale=True)
        self.manifest.pending.pop(prepared.doc_id, None)
        outcome = Outcome(
            prepared.doc_id,
            prepared.source_path,
            Change.FAILED,
            previous.province,
            previous.period,
            f"{prepared.error}; {KEPT_NOTE}",
            prepared.n_issues,
            prepared.n_errors,
            source_sha256=prepared.source_sha256,
            previous_sha256=previous.source_sha256,
        )
        self.add(outcome)
        return outcome

    def record_write_failure(self, prepared: Prepared, error: BaseException | str) -> Outcome:
        """A document whose files could not be written: it stays pending (redone next run)."""
        previous = self.previous(prepared.doc_id)
        outcome = Outcome(
            prepared.doc_id,
            prepared.source_path,
            Change.FAILED,
            prepared.province,
            prepared.period,
            f"could not write its rows: {error}",
            source_sha256=prepared.source_sha256,
            previous_sha256=previous.source_sha256 if previous else None,
        )
        self.add(outcome)
        return outcome

    def record_removed(self, doc_id: str) -> Outcome:
        entry = self.manifest.documents.pop(doc_id, None)
        source_path = self.manifest.pending.pop(doc_id, None)
        outcome = Outcome(
            doc_id,
            entry.source_path if entry else source_path or doc_id,
            Change.REMOVED,
            entry.province if entry else None,
            entry.period if entry else None,
            previous_sha256=entry.source_sha256 if entry else None,
        )
        self.add(outcome)
        return outcome

    # duplicates

    def mark_duplicates(self) -> None:
        """Decide over every document written which ones duplicate another, and rewrite the rows
        of those whose status changed (:mod:`pipeline.duplicates`), a batch's worth of documents
        at a time, so that a run marking thousands holds no more rows in memory than a batch."""
        duplicates = find_duplicates(self.manifest.documents)
        self.report.duplicates = duplicates
        changed = [
            entry
            for doc_id, entry in sorted(self.manifest.documents.items())
            if not entry.failed and entry.duplicate_of != duplicates.get(doc_id, (None, None))[0]
        ]
        if not changed:
            return
        size = max(1, self.options.batch_size)
        errors: dict[str, str] = {}
        counts: dict[str, tuple[int, int]] = {}
        for start in range(0, len(changed), size):
            chunk = changed[start : start + size]
            index = index_documents(self.out)
            writes = []
            for entry in chunk:
                original, reason = duplicates.get(entry.doc_id, (None, None))
                existing = index.get(file_key(entry.doc_id), {})
                writes.append(duplicate_write(self.out, entry, original, reason, existing))
            # Written together, as a batch is; a document not rewritten keeps its entry, so the
            # next run marks it again.
            chunk_errors = write_documents(self.out, writes, index)
            errors.update(chunk_errors)
            for entry, write in zip(chunk, writes, strict=True):
                if entry.doc_id in chunk_errors:
                    continue
                original, _ = duplicates.get(entry.doc_id, (None, None))
                n_issues, n_errors = counts[entry.doc_id] = issue_counts(write.tables.get("issues"))
                self.manifest.documents[entry.doc_id] = replace(
                    entry, duplicate_of=original, n_issues=n_issues, n_errors=n_errors
                )
        # What this run reports of these documents: their issue rows as written now.
        self.report.outcomes = [
            replace(o, n_issues=counts[o.doc_id][0], n_errors=counts[o.doc_id][1])
            if o.doc_id in counts and o.change in _WRITTEN
            else o
            for o in self.report.outcomes
        ]
        self.checkpoint()
        if errors:
            doc_id, error = next(iter(errors.items()))
            raise OSError(f"{len(errors)} duplicate marks not written ({doc_id}: {error})")

    # saving

    def _snapshot(self) -> tuple[object, ...]:
        return (
            self.manifest.schema_version,
            tuple(sorted(self.manifest.documents.items())),
            tuple(self.manifest.pending),
            len(self.manifest.unlogged),
            tuple(sorted(self.manifest.skipped.items())),
        )

    def checkpoint(self) -> None:
        """Save the manifest if it changed since it was last saved."""
        snapshot = self._snapshot()
        if snapshot != self._saved:
            save_manifest(self.out, self.manifest)
            self._saved = snapshot

    def _run_row(self, o: Outcome) -> dict[str, object]:
        """An outcome as a row of the ``runs`` dataset, as JSON (``finished_at`` is set when the
        change log is written)."""
        return {
            "run_id": self.run_id,
            "started_at": self.started_at.isoformat(),
            "doc_id": o.doc_id,
            "source_path": o.source_path,
            "province": o.province,
            "change": o.change.value,
            "source_sha256": o.source_sha256,
            "previous_sha256": o.previous_sha256,
            "extractor_version": self.version,
            "error": o.error,
            "n_issues": o.n_issues if o.change in _COUNTED else None,
            "n_errors": o.n_errors if o.change in _COUNTED else None,
            "summary": o.summary if o.change in _SUMMARISED else o.error,
            "differences": [d.model_dump(mode="json") for d in o.differences],
        }

    def runs_table(self, rows: Sequence[Mapping[str, object]] | None = None) -> pa.Table:
        """Rows of the ``runs`` dataset: this run's (every document it touched, the unchanged
        ones too), or the given JSON rows of :meth:`_run_row`."""
        finished_at = self.report.finished_at or dt.datetime.now(dt.UTC)
        if rows is None:
            rows = [self._run_row(o) for o in self.report.outcomes]
        # A killed run's rows saved in the manifest before `province` was a column have none.
        records = [
            RunRecord.model_validate({"province": None, **row, "finished_at": finished_at})
            for row in rows
        ]
        return records_table("runs", records)

    def recover_change_logs(self) -> None:
        """Write the change log a killed run left unwritten (its rows are in the manifest's
        ``unlogged``), one file per run under that run's id, before this run starts."""
        if not self.manifest.unlogged:
            return
        by_run: dict[tuple[str, str], list[dict[str, object]]] = {}
        for row in self.manifest.unlogged:
            by_run.setdefault((str(row["run_id"]), str(row["started_at"])), []).append(row)
        for (run_id, started_at), rows in by_run.items():
            table = self.runs_table(rows)
            started = dt.datetime.fromisoformat(started_at)
            self.report.recovered_runs.append(write_runs(self.out, run_id, started, table))
        self.manifest.unlogged = []
        self.checkpoint()

    def finish(self) -> IngestReport:
        """Mark duplicates, write this run's change log and the manifest; the run's report.

        A run that changed nothing (every file unchanged, every skipped entry skipped before)
        writes no change log, so that it leaves every file of OUT_DIR as it was.
        """
        self.mark_duplicates()
        self.report.skipped.sort()
        self.report.finished_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
        if any(row["run_id"] == self.run_id for row in self.manifest.unlogged):
            table = self.runs_table()
            self.report.runs_file = write_runs(self.out, self.run_id, self.started_at, table)
        self.manifest.unlogged = [r for r in self.manifest.unlogged if r["run_id"] != self.run_id]
        self.checkpoint()
        self._finished = True
        return self.report

    def abort(self) -> None:
        """After an error: save what was done (best effort, the error goes on)."""
        if self._finished:
            return
        with suppress(Exception):
            self.checkpoint()
        with suppress(Exception):
            self.finish()


# The outcomes whose issue counts are known (extracted, or unchanged: kept in the manifest), and
# those whose summary says something (what changed; why an unchanged one was extracted again).
_COUNTED = frozenset({Change.ADDED, Change.CHANGED, Change.UNCHANGED, Change.FAILED})
_SUMMARISED = frozenset({Change.CHANGED, Change.UNCHANGED})
_WRITTEN = frozenset({Change.ADDED, Change.CHANGED, Change.UNCHANGED})  # rows from this file


@contextmanager
def open_run(
    options: IngestOptions,
    *,
    run_id: str | None = None,
    started_at: dt.datetime | None = None,
    on_file: Callable[[Outcome], None] | None = None,
) -> Iterator[Run]:
    """A :class:`Run` holding the output's lock (:class:`pipeline.store.writer.OutputLocked` when
    another run holds it). On an error the manifest and the change log so far are saved."""
    with locked(options.out_dir):
        run = Run.open(options, run_id=run_id, started_at=started_at, on_file=on_file)
        try:
            yield run
        except NothingToRead:
            run.checkpoint()
            raise
        except BaseException:
            run.abort()
            raise
