"""Whole-document golden files under tests/golden/<sample>/.

Regenerate them only on purpose, after checking the difference by eye:

    QDX_REGENERATE_GOLDEN=1 .venv/bin/pytest tests/integration/test_golden.py

``test_regeneration_flag_is_off`` fails while the flag is set, so CI cannot pass by regenerating.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pipeline.build.extract import Extraction

from ..conftest import SAMPLES

GOLDEN_DIR = Path(__file__).resolve().parent.parent / "golden"
REGENERATE = os.environ.get("QDX_REGENERATE_GOLDEN") == "1"
# Values that differ from run to run or machine to machine.
VOLATILE = {"extracted_at", "extractor_version", "source_path"}


def _snapshot(extraction: Extraction) -> dict[str, list[dict[str, object]]]:
    snapshot = {}
    for dataset, rows in extraction.records.items():
        snapshot[dataset] = [
            {k: v for k, v in row.model_dump(mode="json").items() if k not in VOLATILE}
            for row in rows
        ]
    return snapshot


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_golden(sample_extractions: dict[str, Extraction], sample: str) -> None:
    path = GOLDEN_DIR / Path(SAMPLES[sample]).stem / "records.json"
    actual = _snapshot(sample_extractions[sample])
    if REGENERATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(actual, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        path.write_text(text, encoding="utf-8")
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert actual == expected


def test_regeneration_flag_is_off() -> None:
    assert not REGENERATE, "QDX_REGENERATE_GOLDEN is set: golden files were rewritten, not checked"
