"""The extractor version digests what shapes records, and nothing that only moves them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.version import SHAPES_RECORDS, code_digest, extractor_version

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    for folder in ("extractors", "normalizers", "pipeline", "flows"):
        shutil.copytree(
            ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    return tmp_path


def _touch(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")


def test_the_copy_digests_as_the_checkout(checkout: Path) -> None:
    assert extractor_version().endswith("+" + code_digest(checkout))


@pytest.mark.parametrize(
    "edited",
    [
        *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "flows").glob("*.py")),
        "pipeline/store/writer.py",
        "pipeline/store/datasets.py",
        "pipeline/version.py",
        *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pipeline" / "ingest").glob("*.py")),
    ],
)
def test_editing_what_only_moves_rows_keeps_the_version(checkout: Path, edited: str) -> None:
    before = code_digest(checkout)
    _touch(checkout / edited)
    assert code_digest(checkout) == before


@pytest.mark.parametrize(
    "edited",
    [
        "pipeline/build/segment.py",
        "pipeline/records.py",
        "extractors/text.py",
        "normalizers/data/funding_sources.csv",
    ],
)
def test_editing_what_shapes_records_changes_the_version(checkout: Path, edited: str) -> None:
    assert any(edited.startswith(place) for place in SHAPES_RECORDS)
    before = code_digest(checkout)
    _touch(checkout / edited)
    assert code_digest(checkout) != before
