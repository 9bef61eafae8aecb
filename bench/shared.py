"""What the bench scripts share: timing calls that take turns, and keeping the hand-written
analysis of a generated report between runs. Imported as a sibling module (``bench/`` is the
script's folder on ``sys.path``)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path


def median_seconds(
    calls: Sequence[Callable[[], object]], repeat: int, *, warm_up: bool = False
) -> list[float]:
    """The median time of each call, the calls taking turns (so that a busy moment of the
    machine weighs on all of them alike); with ``warm_up``, each call runs once untimed first."""
    if warm_up:
        for call in calls:
            call()
    times: list[list[float]] = [[] for _ in calls]
    for _ in range(repeat):
        for call, spent in zip(calls, times, strict=True):
            start = time.perf_counter()
            call()
            spent.append(time.perf_counter() - start)
    return [statistics.median(spent) for spent in times]


def kept_section(output: Path, begin: str, end: str) -> str:
    """The part of the report ``output`` from the marker ``begin`` to the marker ``end`` (both
    kept), or "" when the file or a marker is missing: the hand-written analysis that a run
    regenerating the report carries over."""
    if not output.exists():
        return ""
    text = output.read_text(encoding="utf-8")
    if begin not in text or end not in text:
        return ""
    return text[text.index(begin) : text.index(end) + len(end)]
