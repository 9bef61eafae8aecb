"""The record enums hold exactly the values the rule tables that produce them can give."""

from __future__ import annotations

import csv
from enum import StrEnum
from pathlib import Path

import pytest

from normalizers.tables import DATA_DIR
from pipeline.kinds import ContentArea, ObjectiveKind
from pipeline.records import DATASETS


def _column(table: str, column: str, **where: str) -> set[str]:
    """The values of a column of a rule table, read as plain CSV (comment lines skipped)."""
    path = Path(DATA_DIR) / table
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    rows = csv.DictReader(lines)
    return {row[column] for row in rows if all(row[k] == v for k, v in where.items())}


def test_content_areas_are_the_table_categories_and_other() -> None:
    assert {a.value for a in ContentArea} == _column("content_areas.csv", "category") | {"other"}


def test_objective_kinds_are_the_kinds_of_the_objectives_headings() -> None:
    kinds = _column("section_roles.csv", "kind", role="objectives")
    assert {k.value for k in ObjectiveKind} == kinds


@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_no_column_holds_a_closed_set_as_plain_str(dataset: str) -> None:
    """The columns known to hold closed sets are typed by their enums."""
    closed = {
        "objectives": {"kind"},
        "content_lines": {"category"},
        "budget_lines": {"scope", "measure", "funding_source"},
        "targets": {"qualifier"},
        "runs": {"change"},
        "sections": {"level"},
        "legal_refs": {"ref_type", "relation"},
        "documents": {"doc_kind", "source_format"},
        "issues": {"severity"},
    }
    fields = DATASETS[dataset].model_fields
    for name in closed.get(dataset, set()):
        annotation = fields[name].annotation
        assert isinstance(annotation, type) and issubclass(annotation, StrEnum), name
