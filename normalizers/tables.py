"""Loading the rule tables kept as CSV under ``normalizers/data/``.

Each table starts with ``#`` comment lines naming its source, then a header row. Tables are
read once per process.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def load_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``normalizers/data/<name>`` as dicts, comment lines skipped.

    >>> load_table("signer_titles.csv")[0]["canonical"]
    'TM. Ủy ban nhân dân'
    """
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return tuple(dict(row) for row in csv.DictReader(lines))
