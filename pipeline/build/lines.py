"""A header line as the metadata readers see it: without the decoration web copies add."""

from __future__ import annotations

_DECORATION = "*|_# \t"


def clean_line(line: str) -> str:
    """A line without the markdown and cell decoration web copies add (``**``, ``|``)."""
    return line.replace("**", "").strip(_DECORATION)
