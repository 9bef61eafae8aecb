"""The phrases that name where budget money comes from, one table for prose and tables alike.

``normalizers/data/funding_sources.csv`` gives each phrase once, with its
:class:`~pipeline.kinds.FundingSource` and how each reader matches it: the prose reader
(:mod:`pipeline.build.budget_prose`) in the words before an amount, the table reader
(:mod:`pipeline.build.budget_tables.vocabulary`) in header cells and at the start of a row's
content. The table's header comment says what each column means; a new phrase is one line there.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from normalizers.tables import rule_table
from pipeline.kinds import FundingSource


class HeaderMatch(StrEnum):
    """How a table header cell matches a phrase."""

    WORD = "word"  # anywhere in the cell, as whole words
    WHOLE = "whole"  # the whole cell


class RowMatch(StrEnum):
    """How the label or content of a table row matches a phrase."""

    START = "start"  # at its start, as whole words
    WHOLE = "whole"  # the whole text


@rule_table("funding_sources.csv")
@dataclass(frozen=True, slots=True)
class FundingPhrase:
    """A phrase naming a funding source; ``None`` for a reader that never matches it."""

    phrase: str
    source: FundingSource
    header: HeaderMatch | None
    row: RowMatch | None
    prose: bool  # looked for anywhere in the words before an amount, in the order of the table
