"""The extractor version stamped on every row and kept in the manifest.

It is the package version plus a digest of the code and rule tables that shape the records
(``extractors/``, ``normalizers/`` with its data, ``pipeline/``). Any change to them gives a new
version, so ``qdx ingest`` re-extracts documents whose rows were made by older code, even when
nobody remembered to bump the package version.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata
from pathlib import Path

_PACKAGES = ("extractors", "normalizers", "pipeline")
_SUFFIXES = {".py", ".csv", ".json", ".yaml", ".yml", ".txt"}


@cache
def extractor_version() -> str:
    """``<package version>+<12 hex digits of the code digest>``, e.g. ``0.1.0+3f2a…``."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for package in _PACKAGES:
        for path in sorted((root / package).rglob("*")):
            if path.suffix in _SUFFIXES and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    try:
        version = metadata.version("qdx")
    except metadata.PackageNotFoundError:
        version = "0+unknown"
    return f"{version}+{digest.hexdigest()[:12]}"
