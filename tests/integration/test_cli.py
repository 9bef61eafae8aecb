"""What the user sees of `qdx` (issue 16): an unknown --province refused, --version, the
summary's singulars and plurals, the counts of unchanged documents, stray files skipped, --force
on untouched files, plain lines when stdout is no terminal, unknown options and the help. Run
with typer's CliRunner on the app (its stdout is no terminal), `--no-prefect`."""

from __future__ import annotations

import io
import json
import re
import shutil
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner, Result

from flows.cli import _print_summary, app
from pipeline.build.extract import supported_suffixes
from pipeline.ingest import ingest
from pipeline.ingest.sources import READ_SUFFIXES
from pipeline.store.datasets import read_dataset
from pipeline.store.writer import MANIFEST_NAME, load_manifest
from pipeline.version import extractor_version

from ..conftest import BAD_DIR, RAW_DIR, SAMPLES

runner = CliRunner()


def _raw(tmp_path: Path, *samples: str) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    for sample in samples:
        shutil.copy(RAW_DIR / SAMPLES[sample], raw)
    return raw


@pytest.mark.parametrize("command", ["ingest", "serve"])
@pytest.mark.parametrize(
    ("bad", "hint"),
    [("nowhere", ""), ("Cao-Bang", " (did you mean cao-bang?)"), ("cao_bang", " (did you mean")],
    ids=["unknown", "wrong case", "underscore"],
)
def test_issue_16_unknown_province_exits_2_naming_it_and_the_known_slugs(
    tmp_path: Path, command: str, bad: str, hint: str
) -> None:
    raw, out = _raw(tmp_path, "cao_bang"), tmp_path / "out"
    args = [command, str(raw), "--out", str(out), "--province", "hung-yen", "--province", bad]
    result = runner.invoke(app, [*args, "--no-prefect"] if command == "ingest" else args)
    assert result.exit_code == 2
    assert f"error --province '{bad}' is not a province slug{hint}" in result.stderr
    listed = result.stderr.split("Known slugs: ", 1)[1].strip().split(", ")
    assert len(listed) == 63 + 2  # the 63 pre-2025 provinces, then national and unknown
    assert listed[:3] == ["an-giang", "ba-ria-vung-tau", "bac-giang"]
    assert listed[-2:] == ["national", "unknown"]
    assert {"hung-yen", "binh-phuoc", "cao-bang", "dong-nai", "ho-chi-minh"} <= set(listed)
    assert result.stdout == ""
    assert not out.exists()  # refused before anything was written


def test_known_province_slugs_run(tmp_path: Path) -> None:
    raw, out = _raw(tmp_path, "cao_bang"), tmp_path / "out"
    for slugs in (["cao-bang"], ["national", "unknown"]):
        province = [arg for slug in slugs for arg in ("--province", slug)]
        result = runner.invoke(
            app, ["ingest", str(raw), "--out", str(out), *province, "--no-prefect"]
        )
        assert result.exit_code == 0, result.stderr
    assert (out / "documents" / "province=cao-bang" / "period=2016-2020").is_dir()


def test_version_prints_the_package_and_extractor_versions() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    package = metadata.version("qdx")
    assert result.stdout == f"qdx {package} (extractor {extractor_version()})\n"
    assert re.fullmatch(rf"{re.escape(package)}\+[0-9a-f]{{12}}", extractor_version())


def test_summary_counts_one_file_in_the_singular(tmp_path: Path) -> None:
    raw, out = _raw(tmp_path, "hung_yen", "cao_bang"), tmp_path / "out"
    result = runner.invoke(app, ["ingest", str(raw), "--out", str(out), "--no-prefect"])
    assert result.exit_code == 0, result.stderr
    assert "\n2 files: 2 added\n" in result.stdout

    with (raw / SAMPLES["hung_yen"]).open("a", encoding="utf-8") as f:
        f.write("\n")  # changed, but outside the filter: left alone
    only = ["ingest", str(raw), "--out", str(out), "--province", "cao-bang", "--no-prefect"]
    result = runner.invoke(app, only)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "1 file: 1 unchanged",
        "1 document outside --province left alone",
    ]

    (raw / SAMPLES["hung_yen"]).unlink()
    result = runner.invoke(app, ["ingest", str(raw), "--out", str(out), "--no-prefect"])
    assert result.exit_code == 0, result.stderr
    # The files seen in RAW_DIR, then the document whose file is gone (issue 16: not "2 files").
    assert "\n1 file: 1 unchanged; 1 document removed\n" in result.stdout
    assert "1 files" not in result.stdout


def _ingest(raw: Path, out: Path, *options: str) -> Result:
    return runner.invoke(app, ["ingest", str(raw), "--out", str(out), "--no-prefect", *options])


def _json(result: Result) -> dict[str, Any]:
    assert result.exit_code in (0, 1), result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _stored_issue_counts(out: Path) -> dict[str, tuple[int, int]]:
    """Each document's rows of the issues dataset, and of them severity error, as written."""
    issues = read_dataset("issues", out)
    return {
        str(doc_id): (len(rows), int((rows["severity"] == "error").sum()))
        for doc_id, rows in issues.groupby("doc_id", observed=True)
    }


def test_issue_16_rerun_reports_the_stored_issue_counts(tmp_path: Path) -> None:
    raw, out = _raw(tmp_path, "hung_yen", "cao_bang"), tmp_path / "out"
    first = _json(_ingest(raw, out, "--json"))
    added = {f["doc_id"]: (f["issues"], f["source_errors"]) for f in first["files"]}
    stored = _stored_issue_counts(out)
    assert added == stored
    assert stored[SAMPLES["hung_yen"]][1] > 0  # Hưng Yên's years do not add up: errors

    again = _json(_ingest(raw, out, "--json"))
    assert [f["change"] for f in again["files"]] == ["unchanged", "unchanged"]
    assert {f["doc_id"]: (f["issues"], f["source_errors"]) for f in again["files"]} == stored

    # A manifest saved before the counts were kept: read once from the dataset, then kept.
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    for entry in manifest["documents"].values():
        del entry["n_issues"], entry["n_errors"]
    (out / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")
    old = _json(_ingest(raw, out, "--json"))
    assert {f["doc_id"]: (f["issues"], f["source_errors"]) for f in old["files"]} == stored
    kept = load_manifest(out).documents
    assert {d: (e.n_issues, e.n_errors) for d, e in kept.items()} == stored


def test_issue_16_province_filter_lists_the_documents_it_leaves_alone(tmp_path: Path) -> None:
    raw, out = _raw(tmp_path, "hung_yen", "cao_bang", "dong_nai"), tmp_path / "out"
    assert _ingest(raw, out).exit_code == 0
    (raw / SAMPLES["dong_nai"]).unlink()  # gone, but outside the filter: its rows stay
    report = _json(_ingest(raw, out, "--province", "cao-bang", "--json"))
    assert [(f["doc_id"], f["change"]) for f in report["files"]] == [
        (SAMPLES["cao_bang"], "unchanged")
    ]
    assert report["skipped"] == sorted([SAMPLES["hung_yen"], SAMPLES["dong_nai"]])
    assert SAMPLES["dong_nai"] in set(read_dataset("documents", out)["doc_id"])


def test_issue_16_stray_files_are_skipped_not_failed(tmp_path: Path) -> None:
    raw, out = _raw(tmp_path, "hung_yen", "cao_bang"), tmp_path / "out"
    (raw / "notes.md").write_text("# what is in this folder\n", encoding="utf-8")
    (raw / "README").write_text("Decisions downloaded by hand.\n", encoding="utf-8")
    (raw / "budget.xlsx").write_bytes(b"PK\x03\x04 not read")
    result = _ingest(raw, out)
    assert result.exit_code == 0, result.stderr
    assert "\n5 files: 2 added, 3 skipped\n" in result.stdout
    reason = "not a file type qdx reads: '.md' (it reads .txt, .docx, .doc, .pdf)"
    assert f"skipped {raw / 'notes.md'}: {reason}\n" in result.stderr
    assert "error" not in result.stderr
    runs = read_dataset("runs", out).set_index("doc_id")
    assert runs.loc["notes.md", "change"] == "skipped"
    assert runs.loc["notes.md", "error"] == reason
    assert runs.loc["README", "error"].startswith("not a file type qdx reads: no extension")
    assert runs.loc["budget.xlsx", "change"] == "skipped"
    assert set(read_dataset("documents", out)["doc_id"]) == {
        SAMPLES["hung_yen"],
        SAMPLES["cao_bang"],
    }

    # A broken file of a type qdx reads is still a failure.
    (raw / "broken.pdf").write_bytes(b"")
    result = _ingest(raw, out)
    assert result.exit_code == 1
    assert "\n6 files: 2 unchanged, 1 failed, 3 skipped\n" in result.stdout
    assert f"error {raw / 'broken.pdf'}: empty file" in result.stderr
    (raw / "broken.pdf").unlink()

    # --strict: a file of a type qdx does not read fails the run.
    result = _ingest(raw, out, "--strict")
    assert result.exit_code == 1
    assert "\n5 files: 2 unchanged, 3 failed; 1 document removed\n" in result.stdout
    assert f"error {raw / 'notes.md'}: unsupported file type '.md'" in result.stderr


def test_extractors_read_the_suffixes_a_listing_keeps() -> None:
    assert supported_suffixes() == READ_SUFFIXES


def test_issue_16_force_on_untouched_files_reports_unchanged(tmp_path: Path) -> None:
    raw, out = _raw(tmp_path, "hung_yen", "cao_bang"), tmp_path / "out"
    shutil.copy(raw / SAMPLES["cao_bang"], raw / "copy.txt")  # a duplicate, marked by the run
    assert _ingest(raw, out).exit_code == 0
    result = _ingest(raw, out, "--force")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "3 files: 3 unchanged (3 re-extracted)"
    assert "no differences" not in result.stdout
    assert not re.search(r"\bchanged\b", result.stdout)
    report = _json(_ingest(raw, out, "--force", "--json"))
    assert report["re_extracted"] == 3
    assert {f["change"] for f in report["files"]} == {"unchanged"}
    summary = "re-extracted (--force): no differences in the records"
    assert {f["summary"] for f in report["files"]} == {summary}
    runs = read_dataset("runs", out)
    forced = runs[runs["run_id"] == report["run_id"]]
    assert set(forced["change"]) == {"unchanged"} and set(forced["summary"]) == {summary}
    assert dict(zip(forced["doc_id"], forced["n_issues"], strict=True)) == {
        d: n for d, (n, _) in _stored_issue_counts(out).items()
    }
    # An edit that changes the records is still a change.
    path = raw / SAMPLES["hung_yen"]
    path.write_text(path.read_text(encoding="utf-8").replace("3.696", "3.646"), "utf-8")
    result = _ingest(raw, out, "--force")
    assert "\n3 files: 1 changed, 2 unchanged (2 re-extracted)\n" in result.stdout


def test_issue_16_output_to_a_log_is_plain_lines_with_whole_values(tmp_path: Path) -> None:
    raw, out = _raw(tmp_path, "binh_phuoc"), tmp_path / "out"
    deep = raw / "quyet-dinh-cua-uy-ban-nhan-dan-tinh-binh-phuoc" / "ve-chuong-trinh-khuyen-cong"
    deep.mkdir(parents=True)
    scan = "ke-hoach-khuyen-cong-giai-doan-2011-2015-ban-scan.pdf"
    shutil.copy(BAD_DIR / "scan.pdf", deep / scan)
    bad = f"{deep.relative_to(raw).as_posix()}/{scan}"
    assert len(bad) > 80
    reason = "no text layer; OCR is not supported (the pages hold no text)"

    result = _ingest(raw, out)  # CliRunner's stdout is no terminal, as a log or cron mail
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"qdx ingest {raw} → {out}"
    assert lines[1].split() == ["change", "province", "period", "errors", "issues", "file"]
    assert lines[2].split() == ["added", "binh-phuoc", "2011-2015", "0", "2", SAMPLES["binh_phuoc"]]
    assert lines[3].split(maxsplit=5) == [
        "failed",
        "unknown",
        "unknown",
        "1",
        "1",
        f"{bad}: {reason}",
    ]
    assert lines[4] == "2 files: 1 added, 1 failed"
    assert lines[5].startswith(f"change log: {out}/runs/")
    assert len(lines) == 6
    assert not any(ch in result.stdout for ch in "│┃━─")  # no table
    assert f"error {deep / scan}: {reason}\n" in result.stderr


def test_issue_16_unknown_option_suggests_only_a_close_one() -> None:
    result = runner.invoke(app, ["ingest", "--bogus"])
    assert result.exit_code == 2
    assert "No such option: --bogus" in result.stderr
    assert "Possible options" not in result.stderr
    result = runner.invoke(app, ["ingest", "--forse"])
    assert result.exit_code == 2
    assert "No such option: --forse (Possible options: --force)" in result.stderr
    result = runner.invoke(app, ["--verison"])
    assert "(Possible options: --version)" in result.stderr


@pytest.mark.parametrize("command", [[], ["ingest"], ["serve"], ["show"]], ids=str)
def test_issue_16_help_shows_no_placeholder_for_flags(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "<bool>" not in result.stdout and "BOOLEAN" not in result.stdout
    flags = {"ingest": "--force", "serve": "--run-now", "show": "--json"}
    flag = flags.get(command[0], "--version") if command else "--version"
    line = next(line for line in result.stdout.splitlines() if f" {flag} " in line)
    assert re.search(rf"{flag}\s+[A-Z][a-z]", line), line  # the help text, no type between


def test_a_terminal_gets_the_table(tmp_path: Path) -> None:
    raw, out = _raw(tmp_path, "binh_phuoc"), tmp_path / "out"
    (raw / "notes.md").write_text("# notes\n", encoding="utf-8")
    report = ingest(raw, out)
    screen = io.StringIO()
    _print_summary(Console(file=screen, force_terminal=True, width=250, color_system=None), report)
    lines = [line.rstrip() for line in screen.getvalue().splitlines()]
    top = next(i for i, line in enumerate(lines) if line.startswith("┏"))
    assert " ".join(lines[:top]) == f"qdx ingest {raw} → {out}"  # the title, as wide as the table
    lines = lines[top - 1 :]
    reason = re.escape("not a file type qdx reads: '.md' (it reads .txt, .docx, .doc, .pdf)")
    assert re.fullmatch(rf"│ notes\.md\s+│ skipped │\s+│\s+│\s+│ {reason} │", lines[4])
    assert re.fullmatch(
        rf"│ {SAMPLES['binh_phuoc']}\s+│ added\s+│ binh-phuoc\s+│ 2011-2015\s+│ 0\s+│ 2\s+│",
        lines[5],
    )
    assert "2 files: 1 added, 1 skipped" in lines
