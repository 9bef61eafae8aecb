"""The extractor version stamped on every row and kept in the manifest.

It is the package version plus a digest of the code and rule tables that shape the records:
the readers (``extractors/``), the normalizers with their rule tables (``normalizers/``), record
building (``pipeline/build/``) and the record definitions (``pipeline/records.py``,
``pipeline/kinds.py``, ``pipeline/schema.py``). Any change to them gives a new version, so
``qdx ingest`` re-extracts documents whose rows were made by older code, even when nobody
remembered to bump the package version. Code that only moves rows (storage, the batch loop, the
command line, the flows) is not digested: editing it keeps every document and Prefect's cache.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata
from pathlib import Path

#: what shapes the records, relative to the checkout: folders (all their files) and files
SHAPES_RECORDS = (
    "extractors",
    "normalizers",
    "pipeline/build",
    "pipeline/kinds.py",
    "pipeline/records.py",
    "pipeline/schema.py",
)
_SUFFIXES = {".py", ".csv", ".json", ".yaml", ".yml", ".txt"}


@cache
def extractor_version() -> str:
    """``<package version>+<12 hex digits of the code digest>``, e.g. ``0.1.0+3f2a…``."""
    try:
        version = metadata.version("qdx")
    except metadata.PackageNotFoundError:
        version = "0+unknown"
    return f"{version}+{code_digest(Path(__file__).resolve().parent.parent)}"


def code_digest(root: Path) -> str:
    """12 hex digits of the digest of what shapes the records in the checkout at ``root``."""
    digest = hashlib.sha256()
    for place in SHAPES_RECORDS:
        paths = [root / place] if place.endswith(".py") else sorted((root / place).rglob("*"))
        for path in paths:
            if path.suffix in _SUFFIXES and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
