"""What the user sees of `qdx` (issue 16): an unknown --province refused, --version, and the
summary's singulars and plurals. Run with typer's CliRunner on the app, `--no-prefect`."""

from __future__ import annotations

import re
import shutil
from importlib import metadata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from pipeline.version import extractor_version

from ..conftest import RAW_DIR, SAMPLES

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
        "1 file outside --province left alone",
    ]

    (raw / SAMPLES["hung_yen"]).unlink()
    result = runner.invoke(app, ["ingest", str(raw), "--out", str(out), "--no-prefect"])
    assert result.exit_code == 0, result.stderr
    assert "\n2 files: 1 unchanged, 1 removed\n" in result.stdout
    assert "1 files" not in result.stdout
