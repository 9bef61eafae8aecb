"""``normalizers/data/tone_tokens.csv`` is underthesea's tone-placement table, and qdx's token
normaliser over it is underthesea's ``token_normalize`` (issue 15: a run reads the table without
importing underthesea, whose package loads numpy, joblib and its models).

After an upgrade of underthesea changes its table, rewrite ours from the installed package:

    QDX_REGENERATE_TONE_TABLE=1 .venv/bin/pytest tests/unit/normalizers/test_tone_table.py

then run the test again without the flag (it fails while the flag is set).
"""

from __future__ import annotations

import csv
import importlib.metadata
import io
import os
from pathlib import Path

import pytest

from normalizers import text
from normalizers.tables import DATA_DIR

text_normalizer = pytest.importorskip("underthesea.pipeline.text_normalize.text_normalizer")
token_normalize = pytest.importorskip(
    "underthesea.pipeline.text_normalize.token_normalize"
).token_normalize

TABLE = DATA_DIR / "tone_tokens.csv"
REGENERATE = os.environ.get("QDX_REGENERATE_TONE_TABLE") == "1"
RAW_DIR = Path(__file__).resolve().parents[3] / "data" / "raw"


def _table_from_underthesea() -> str:
    version = importlib.metadata.version("underthesea")
    out = io.StringIO()
    out.write(
        f"# Source: underthesea {version}, underthesea/pipeline/text_normalize/"
        f"{text_normalizer.rule_file} (its rule-based token normaliser, token_normalize): "
        "'character' rows are replaced inside every word of at most 6 letters, then a 'token' "
        "row maps such a word whole (old → new tone placement: hoà → hòa, thuỷ → thủy). Written "
        "out of the installed package by QDX_REGENERATE_TONE_TABLE=1 pytest "
        "tests/unit/normalizers/test_tone_table.py, which checks it against the package.\n"
    )
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["rule", "old", "new"])
    writer.writerows(["character", k, v] for k, v in text_normalizer.character_map.items())
    writer.writerows(["token", k, v] for k, v in text_normalizer.token_map.items())
    return out.getvalue()


def test_the_table_is_underthesea_s() -> None:
    expected = _table_from_underthesea()
    if REGENERATE:
        TABLE.write_text(expected, encoding="utf-8")
    assert TABLE.read_text(encoding="utf-8") == expected


def test_the_table_is_not_being_regenerated() -> None:
    assert not REGENERATE, "QDX_REGENERATE_TONE_TABLE is set: the table was rewritten, not checked"


def _words() -> list[str]:
    """Every word of the table, in each case, and every word of the sample decisions."""
    table = [*text_normalizer.token_map, *text_normalizer.token_map.values()]
    cased = [form for word in table for form in (word, word.upper(), word.capitalize())]
    texts = [path.read_text(encoding="utf-8") for path in sorted(RAW_DIR.glob("*.txt"))]
    samples = [word for sample in texts for word in sample.split()]
    odd = ["ð0", "Ðoàn", "hoà2016", "hoàhoà", "thuỷlợi", "ÐÐÐÐÐÐÐ", "", "o\u0300a"]
    return sorted(set(cased + samples + odd))


def test_qdx_normalises_every_word_as_underthesea_does() -> None:
    words = _words()
    assert len(words) > 7_000
    differ = [w for w in words if text._token_normalize(w) != token_normalize(w)]
    assert differ == []
    assert text._token_normalize("hoà") == "hòa" and text._token_normalize("Ðoàn") == "Đoàn"
