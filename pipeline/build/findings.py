"""Findings: what a pipeline step has to say about a document, before it becomes an issue row.

Steps return findings beside their values instead of raising or logging;
:mod:`pipeline.build.assemble` turns them into rows of the ``issues`` dataset with the document id
and page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from pipeline.kinds import Severity

T = TypeVar("T", covariant=True)


@dataclass(frozen=True, slots=True)
class Finding:
    check: str
    severity: Severity
    message: str
    expected: str | None = None
    actual: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Sourced(Generic[T]):
    """A value with the span of ``Document.text`` it was read from."""

    value: T
    start: int
    end: int
