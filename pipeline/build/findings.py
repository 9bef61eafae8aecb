"""Findings: what a pipeline step has to say about a document, before it becomes an issue row.

Steps return findings beside their values instead of raising or logging;
:mod:`pipeline.build.assemble` turns them into rows of the ``issues`` dataset with the document id
and page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from pipeline.kinds import Check, Severity

T = TypeVar("T", covariant=True)


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing to report: a check of the registry, at one of the severities it declares.

    ``severity`` is written ``Check.X.severity`` unless the check declares several (then the one
    meant, from ``Check.X.severities``), so that a check's usual severity is stated once.
    """

    check: Check
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
