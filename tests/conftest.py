"""Shared fixtures: the bundled sample decisions and their extractions (made once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract import Extraction, extract

ROOT = Path(__file__).resolve().parent.parent
RAW_DIR = ROOT / "data" / "raw"
SAMPLES = {
    "hung_yen": "000_3a0caad79bab0308.txt",
    "an_giang": "001_9789b1cfca0ebaa2.txt",
    "binh_phuoc": "002_4332279ed17429dc.txt",
    "cao_bang": "003_8c7e4977db864976.txt",
    "dong_nai": "004_0f42ce6379190652.txt",
}


@pytest.fixture(scope="session")
def sample_extractions() -> dict[str, Extraction]:
    return {name: extract(RAW_DIR / file) for name, file in SAMPLES.items()}
