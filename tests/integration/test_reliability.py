"""Faults a nightly run meets (issue 11): nothing lost, nothing leaked, one clear line each.

Each test reproduces one fault an operator met: unreadable folders and files, an empty RAW_DIR,
links out of RAW_DIR, names that are not UTF-8, files that are not qdx's under OUT_DIR, a killed
run's change log, duplicate content, file modes, huge files, bad ``--out`` values, a read-only
or full OUT_DIR. Permission faults need a process without root's DAC override: as root the
test runs the CLI under ``setpriv`` with those capabilities dropped.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from flows.cli import main
from pipeline import read_dataset
from pipeline.ingest import ingest
from pipeline.kinds import Change
from pipeline.store.writer import MANIFEST_NAME, load_manifest

from ..conftest import FORMATS_DIR, RAW_DIR, ROOT, SAMPLES

HUNG_YEN = SAMPLES["hung_yen"]
CAO_BANG = SAMPLES["cao_bang"]


@pytest.fixture()
def raw(tmp_path: Path) -> Path:
    """Two samples, one of them in a subfolder."""
    folder = tmp_path / "raw"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(RAW_DIR / HUNG_YEN, folder / HUNG_YEN)
    shutil.copy(RAW_DIR / CAO_BANG, folder / "sub" / CAO_BANG)
    return folder


def _doc_ids(out: Path, dataset: str = "documents") -> list[str]:
    return sorted(read_dataset(dataset, out)["doc_id"])


def _runs(out: Path) -> pd.DataFrame:
    return read_dataset("runs", out)


def _unprivileged(*args: str) -> subprocess.CompletedProcess[str]:
    """``qdx`` in a child process that file permissions apply to: as root, under setpriv with
    the DAC-override capabilities dropped from its bounding set."""
    command = [sys.executable, "-m", "pipeline", *args]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("root without setpriv: permissions cannot be tested")
        command = [setpriv, "--bounding-set=-dac_override,-dac_read_search", *command]
    env = {**os.environ, "QDX_NO_PREFECT": "1", "COLUMNS": "200"}
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)


# --- data loss ----------------------------------------------------------------------------------


def test_issue_11_unreadable_folder_keeps_its_documents(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert ingest(raw, out).count(Change.ADDED) == 2
    (raw / "sub").chmod(0)
    try:
        result = _unprivileged("ingest", str(raw), "--out", str(out))
    finally:
        (raw / "sub").chmod(0o755)
    assert result.returncode == 1, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error")]
    assert len(errors) == 1 and "sub" in errors[0] and "Permission denied" in errors[0]
    assert "removed" not in result.stdout
    assert _doc_ids(out) == [HUNG_YEN, f"sub/{CAO_BANG}"]  # the rows are kept
    issues = read_dataset("issues", out)
    folder = issues[issues["check"] == "folder_unreadable"]
    assert list(folder["doc_id"]) == ["sub/"]
    # Readable again: the document is as it was, the folder's issue row is gone.
    report = ingest(raw, out)
    assert report.count(Change.UNCHANGED) == 2
    assert [o.doc_id for o in report.outcomes if o.change == Change.REMOVED] == ["sub/"]
    assert "folder_unreadable" not in set(read_dataset("issues", out)["check"])


def test_issue_11_unreadable_raw_dir_removes_nothing(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    ingest(raw, out)
    raw.chmod(0)
    try:
        result = _unprivileged("ingest", str(raw), "--out", str(out))
    finally:
        raw.chmod(0o755)
    assert result.returncode == 2  # the command line refuses a RAW_DIR it cannot read
    assert "is not readable" in result.stderr
    assert _doc_ids(out) == [HUNG_YEN, f"sub/{CAO_BANG}"]


def test_issue_11_empty_raw_dir_is_refused_unless_allowed(raw: Path, tmp_path: Path, capsys):
    out = tmp_path / "out"
    ingest(raw, out)
    shutil.rmtree(raw)
    raw.mkdir()  # an unmounted share: the mount point is there, empty
    capsys.readouterr()
    assert main(["ingest", str(raw), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "refusing to remove them all" in err and "--allow-empty" in err
    assert len(err.strip().splitlines()) == 1
    assert _doc_ids(out) == [HUNG_YEN, f"sub/{CAO_BANG}"]
    assert main(["ingest", str(raw), "--out", str(out), "--allow-empty"]) == 0
    assert _doc_ids(out) == []


def test_issue_11_read_error_keeps_last_good_rows(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    ingest(raw, out)
    source = raw / HUNG_YEN
    source.chmod(0)
    try:
        result = _unprivileged("ingest", str(raw), "--out", str(out))
    finally:
        source.chmod(0o644)
    assert result.returncode == 1
    assert "Permission denied" in result.stderr and "kept" in result.stderr
    documents = read_dataset("documents", out)
    assert HUNG_YEN in set(documents["doc_id"])
    assert set(documents[documents["doc_id"] == HUNG_YEN]["total_budget_vnd"]) == {8_374_000_000}
    failed = _runs(out).query("change == 'failed'")
    assert list(failed["doc_id"]) == [HUNG_YEN]
    assert "rows are kept" in failed["error"].iloc[0]
    # Readable again: extracted again (the stale mark forces it), the failure row is gone.
    report = ingest(raw, out)
    assert {o.doc_id: o.change for o in report.outcomes}[HUNG_YEN] == Change.CHANGED
    issues = read_dataset("issues", out)
    assert "extract_failed" not in set(issues["check"])


def test_issue_11_file_that_fails_to_extract_keeps_last_good_rows(raw: Path, tmp_path: Path):
    out = tmp_path / "out"
    ingest(raw, out)
    budget_lines = len(read_dataset("budget_lines", out))
    (raw / HUNG_YEN).write_bytes(b"")  # truncated mid-copy
    report = ingest(raw, out)
    assert report.exit_code == 1
    (failed,) = [o for o in report.outcomes if o.change == Change.FAILED]
    assert failed.doc_id == HUNG_YEN and "empty file" in (failed.error or "")
    assert HUNG_YEN in _doc_ids(out)
    assert len(read_dataset("budget_lines", out)) == budget_lines
    issues = read_dataset("issues", out).query("check == 'extract_failed'")
    assert list(issues["doc_id"]) == [HUNG_YEN]
    assert "the rows are kept from the file as read before" in issues["message"].iloc[0]
    # Failing again replaces the failure row instead of adding a second one.
    ingest(raw, out)
    assert len(read_dataset("issues", out).query("check == 'extract_failed'")) == 1


def test_issue_11_cleanup_removes_only_qdx_temporary_files(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    ingest(raw, out)
    foreign = [out / "notes" / ".draft.docx.tmp", out / "documents" / ".mine.tmp"]
    for path in foreign:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("a user's file")
    leftover = out / "documents" / f".qdx-{'0' * 32}.tmp"  # what a killed run leaves
    leftover.write_bytes(b"half a file")
    ingest(raw, out)
    assert all(path.read_text() == "a user's file" for path in foreign)
    assert not leftover.exists()


def test_issue_11_link_out_of_raw_dir_is_skipped(raw: Path, tmp_path: Path, capsys) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(
        (RAW_DIR / SAMPLES["dong_nai"]).read_text(encoding="utf-8") + "\nSECRET-LINE-42\n",
        encoding="utf-8",
    )
    (raw / "passwd.txt").symlink_to(secret)
    (raw / "inside.txt").symlink_to(raw / HUNG_YEN)  # a link within RAW_DIR is read
    (raw / "folder-link").symlink_to(tmp_path, target_is_directory=True)
    os.mkfifo(raw / "pipe.txt")  # reading it would block the run forever
    out = tmp_path / "out"
    assert main(["ingest", str(raw), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "passwd.txt" in err and "outside RAW_DIR" in err
    assert "passwd.txt" not in _doc_ids(out)
    assert "inside.txt" in _doc_ids(out)
    sections = read_dataset("sections", out)
    assert not sections["text"].str.contains("SECRET-LINE-42").any()
    skipped = _runs(out).query("change == 'skipped'")
    assert sorted(skipped["doc_id"]) == ["folder-link", "passwd.txt", "pipe.txt"]
    assert set(skipped["error"]) == {
        f"a link to {secret}, outside RAW_DIR",
        "a link to a folder",
        "not a regular file",
    }


def test_issue_11_killed_run_keeps_its_change_log(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    ingest(raw, out)
    for path in (raw / HUNG_YEN, raw / "sub" / CAO_BANG):  # two corrected files
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("Điều 1.", "Điều 1 .", 1) + "\nGhi chú.\n", encoding="utf-8")
    # A run of one file a batch, killed while recording the second document: the first one's
    # files and manifest entry are saved, its change log is not written yet.
    script = textwrap.dedent(
        f"""
        import os, signal
        from pathlib import Path
        from pipeline.ingest import ingest
        from pipeline.kinds import Change

        def on_file(outcome):
            if outcome.change == Change.CHANGED and outcome.doc_id.startswith("sub/"):
                os.kill(os.getpid(), signal.SIGKILL)

        ingest(Path({str(raw)!r}), Path({str(out)!r}), batch_size=1, on_file=on_file)
        """
    )
    killed = subprocess.run([sys.executable, "-c", script], cwd=ROOT, timeout=300)
    assert killed.returncode == -signal.SIGKILL
    assert load_manifest(out).unlogged  # the change is on record, not yet in runs
    report = ingest(raw, out)
    assert report.recovered_runs
    changes = _runs(out).query("change == 'changed'")
    assert HUNG_YEN in set(changes["doc_id"])  # logged once, by the recovered change log
    logged = _runs(out).query(f"doc_id == '{HUNG_YEN}'")["change"]
    # Once each (two runs started in the same second are listed in either order).
    assert sorted(c for c in logged if c != "unchanged") == ["added", "changed"]
    assert not load_manifest(out).unlogged


def test_issue_11_duplicate_content_is_flagged_and_left_out(raw: Path, tmp_path: Path, capsys):
    shutil.copy(raw / HUNG_YEN, raw / "copy of decision.txt")  # the same bytes
    docx = FORMATS_DIR / HUNG_YEN.replace(".txt", ".docx")
    shutil.copy(docx, raw / docx.name)  # the same decision as Word
    out = tmp_path / "out"
    assert main(["ingest", str(raw), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "2 duplicates left out of sums" in printed
    # The original is the first by id: the Word file; the text and its copy duplicate it.
    documents = read_dataset("documents", out).set_index("doc_id")
    assert pd.isna(documents.loc[docx.name, "duplicate_of"])
    assert documents.loc[HUNG_YEN, "duplicate_of"] == docx.name
    assert documents.loc["copy of decision.txt", "duplicate_of"] == docx.name
    originals = documents[documents["duplicate_of"].isna()]
    assert sorted(originals.index) == sorted([docx.name, f"sub/{CAO_BANG}"])
    issues = read_dataset("issues", out).query("check == 'duplicate_document'")
    assert sorted(issues["doc_id"]) == sorted(["copy of decision.txt", HUNG_YEN])
    assert set(issues["severity"]) == {"warning"}
    # The sum over originals counts Hưng Yên's 8,374 million once.
    assert originals["total_budget_vnd"].sum() == 8_374_000_000 + 11_200_000_000
    # The original leaves: the next by id becomes the original, its warning goes.
    (raw / docx.name).unlink()
    ingest(raw, out)
    documents = read_dataset("documents", out).set_index("doc_id")
    assert pd.isna(documents.loc[HUNG_YEN, "duplicate_of"])
    assert documents.loc["copy of decision.txt", "duplicate_of"] == HUNG_YEN
    issues = read_dataset("issues", out).query("check == 'duplicate_document'")
    assert list(issues["doc_id"]) == ["copy of decision.txt"]
    assert "the same file as" in issues["message"].iloc[0]


def test_issue_15_duplicate_marks_are_written_a_batch_at_a_time(
    raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Five more copies of Hưng Yên's bytes: with batches of 2, their marks go in three writes of
    # at most 2 documents, not one write of all (a run marking thousands holds a batch at once).
    for i in range(5):
        shutil.copy(raw / HUNG_YEN, raw / f"copy {i}.txt")
    import pipeline.ingest.run as run_module

    sizes: list[int] = []
    write = run_module.write_documents

    def counting(out_dir, writes, index):  # type: ignore[no-untyped-def]
        sizes.append(len(writes))
        return write(out_dir, writes, index)

    monkeypatch.setattr(run_module, "write_documents", counting)
    out = tmp_path / "out"
    report = ingest(raw, out, batch_size=2)
    assert sizes == [2, 2, 1]
    assert sorted(report.duplicates) == [f"copy {i}.txt" for i in range(5)]
    documents = read_dataset("documents", out).set_index("doc_id")
    assert set(documents.loc[[f"copy {i}.txt" for i in range(5)], "duplicate_of"]) == {HUNG_YEN}
    issues = read_dataset("issues", out).query("check == 'duplicate_document'")
    assert sorted(issues["doc_id"]) == [f"copy {i}.txt" for i in range(5)]
    entries = load_manifest(out).documents
    assert all(entries[f"copy {i}.txt"].duplicate_of == HUNG_YEN for i in range(5))


def test_issue_11_output_files_follow_the_umask(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    previous = os.umask(0o022)
    try:
        ingest(raw, out)
    finally:
        os.umask(previous)
    modes = {stat.S_IMODE(p.stat().st_mode) for p in out.rglob("*") if p.is_file()}
    assert modes == {0o644}


# --- crashes and unbounded cost ------------------------------------------------------------------


def test_issue_11_name_that_is_not_utf8_fails_alone(raw: Path, tmp_path: Path, capsys) -> None:
    bad = os.fsencode(raw) + b"/caf\xe9.txt"
    with open(bad, "wb") as f:
        f.write((RAW_DIR / SAMPLES["dong_nai"]).read_bytes())
    shutil.copy(RAW_DIR / SAMPLES["an_giang"], raw / "two\nlines\x1b[31m.txt")
    out = tmp_path / "out"
    assert main(["ingest", str(raw), "--out", str(out)]) == 1
    captured = capsys.readouterr()
    (error,) = [line for line in captured.err.splitlines() if line.startswith("error")]
    assert "caf\\xe9.txt" in error and "not valid UTF-8" in error
    assert "two\\nlines\\x1b[31m.txt" in captured.out  # escaped, on one line
    assert "\x1b[31m" not in captured.out + captured.err
    issues = read_dataset("issues", out).query("check == 'extract_failed'")
    assert list(issues["doc_id"]) == ["caf\\xe9.txt"]
    assert "two\nlines\x1b[31m.txt" in _doc_ids(out)
    assert len(_doc_ids(out)) == 3


def test_issue_11_huge_file_is_refused_with_flat_memory(raw: Path, tmp_path: Path) -> None:
    with open(raw / "dump.txt", "wb") as f:
        f.truncate(2**30)  # 1 GiB, sparse
    out = tmp_path / "out"
    result, peak_kib = _measured("ingest", str(raw), "--out", str(out))
    assert result.returncode == 1
    assert "dump.txt: too large for one decision: 1024.0 MB of text" in result.stderr
    assert _doc_ids(out) == [HUNG_YEN, f"sub/{CAO_BANG}"]
    assert peak_kib < 500 * 1024, result.stderr  # under 500 MB, though the file is 1 GiB


def _clauses(n: int) -> str:
    return "\n".join(["QUYẾT ĐỊNH:", "Điều 1.", *(f"{i}. Nội dung thứ {i}." for i in range(n))])


def test_issue_11_a_million_clause_lines_are_refused_cheaply(raw: Path, tmp_path: Path) -> None:
    text = _clauses(1_000_000)  # about 27 MB: cut under the 20 MB limit, some 700,000 lines
    (raw / "clauses.txt").write_text(text[: 19 * 2**20 // 2], encoding="utf-8")
    out = tmp_path / "out"
    result, peak_kib = _measured("ingest", str(raw), "--out", str(out))
    assert result.returncode == 1
    assert "clauses.txt: too long for one decision: " in result.stderr
    assert "(the limit is 50,000; set QDX_MAX_LINES to raise it)" in result.stderr
    assert _doc_ids(out) == [HUNG_YEN, f"sub/{CAO_BANG}"]
    assert peak_kib < 500 * 1024


def test_issue_11_a_document_at_the_line_limit_stays_in_bounds(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "clauses.txt").write_text(_clauses(49_990), encoding="utf-8")
    result, peak_kib = _measured("ingest", str(raw), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert peak_kib < 500 * 1024


def _measured(*args: str) -> tuple[subprocess.CompletedProcess[str], int]:
    """``qdx`` in a child process, and the child's own peak memory in KiB: VmHWM (ru_maxrss
    would carry over the size of the forked pytest)."""
    script = (
        "import re, sys; from flows.cli import main; code = main(sys.argv[1:]); "
        "status = open('/proc/self/status').read(); "
        "print('peak', re.search(r'VmHWM:\\s+(\\d+)', status).group(1), file=sys.stderr); "
        "sys.exit(code)"
    )
    env = {**os.environ, "QDX_NO_PREFECT": "1"}
    command = [sys.executable, "-c", script, *args]
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    return result, int(result.stderr.rsplit("peak ", 1)[1].split()[0])


# --- bad usage ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("", "empty"),
        ("{raw}", "inside RAW_DIR"),
        ("{raw}/processed", "inside RAW_DIR"),
        ("{raw}/" + HUNG_YEN, "is a file"),
    ],
    ids=["empty", "raw itself", "inside raw", "a file"],
)
def test_issue_11_bad_out_is_usage_error(raw: Path, capsys, out: str, message: str) -> None:
    assert main(["ingest", str(raw), "--out", out.format(raw=raw)]) == 2
    err = " ".join(capsys.readouterr().err.replace("│", " ").split())  # rich's box unwrapped
    assert message in err
    assert sorted(p.name for p in raw.iterdir()) == sorted([HUNG_YEN, "sub"])


def test_issue_11_read_only_out_is_one_line(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        result = _unprivileged("ingest", str(raw), "--out", str(out))
    finally:
        out.chmod(0o755)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"error {out}: cannot write the datasets here: Permission denied"
    ]


def test_issue_11_full_disk_is_one_line(raw: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    import pipeline.ingest.run

    def no_space(*args: object) -> None:
        raise OSError(
            errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp_path / "out" / MANIFEST_NAME)
        )

    monkeypatch.setattr(pipeline.ingest.run, "save_manifest", no_space)
    assert main(["ingest", str(raw), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("error") and "No space left on device" in err[-1]
    assert "Traceback" not in "\n".join(err)
