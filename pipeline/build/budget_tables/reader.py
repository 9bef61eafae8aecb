"""Reading one budget table: the steps of :func:`read_budget_table`, in order.

The grid and its first data row (:mod:`.grid`), what stands above the table (:mod:`.context`),
the header (:mod:`.header`), the data rows (:mod:`.rows`), the reading in the table's number
convention (:mod:`.convention`, which aligns, derives and checks), then the figures and the
findings about single cells (:mod:`.figures`). The package docstring says what each step does.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractors.model import Document, Table
from normalizers.numbers import Convention, parse_number
from pipeline.build.budget_model import BudgetFigure
from pipeline.build.budget_tables.context import context_above
from pipeline.build.budget_tables.convention import decide_convention
from pipeline.build.budget_tables.figures import (
    ambiguous_findings,
    not_number_findings,
    table_figures,
)
from pipeline.build.budget_tables.grid import first_data_row, grid_of
from pipeline.build.budget_tables.header import range_findings, read_header
from pipeline.build.budget_tables.rows import read_rows
from pipeline.build.findings import Finding


@dataclass(frozen=True, slots=True)
class TableReading:
    """What one budget table says: its figures, and what did not add up or had to be decided."""

    table_index: int
    title: str | None  # the heading line(s) above the table
    unit_multiplier: int | None  # đồng per printed unit, from a unit line or a header cell
    convention: Convention  # how the table's two-way numbers were read
    figures: tuple[BudgetFigure, ...]
    findings: tuple[Finding, ...]


def read_budget_table(doc: Document, table: Table, table_index: int) -> TableReading | None:
    """Read ``table`` of ``doc`` into figures and findings; None when it holds no figures."""
    grid = grid_of(table)
    start = first_data_row(grid)
    if not start:  # no data row, or no header above it
        return None
    context = context_above(doc, table)
    header = read_header(grid[:start], grid[start:], context)
    if header is None:
        return None
    rows = read_rows(grid[start:], header)
    tokens = [cell.text for row in rows for cell in row.value_cells(header) if cell.text]
    if not any(parse_number(token) for token in tokens):
        return None
    convention, reading, convention_findings = decide_convention(header, rows, tokens, table)
    figures = table_figures(header, rows, reading, table_index, context.title)
    if not figures:
        return None
    findings = (
        *range_findings(header, context.title, table),
        *convention_findings,
        *reading.findings,
        *not_number_findings(header, rows),
        *ambiguous_findings(header, rows, reading),
    )
    return TableReading(
        table_index=table_index,
        title=context.title,
        unit_multiplier=header.multiplier,
        convention=convention,
        figures=figures,
        findings=tuple(findings),
    )
