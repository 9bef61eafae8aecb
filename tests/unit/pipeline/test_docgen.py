"""docs/datasets.md is generated from the record classes and the registry of checks."""

from __future__ import annotations

import typing
from enum import StrEnum
from pathlib import Path

import pytest
from pydantic import BaseModel

from pipeline import docgen
from pipeline.kinds import Check
from pipeline.records import DATASETS, Difference, Provenance
from pipeline.schema import _unwrap_optional
from pipeline.version import SHAPES_RECORDS

MODELS: list[type[BaseModel]] = [*DATASETS.values(), Provenance, Difference]


def test_docs_datasets_md_is_up_to_date() -> None:
    current = docgen.DATASETS_MD.read_text(encoding="utf-8")
    assert current == docgen.render_datasets(), (
        f"docs/datasets.md is stale: run `{docgen.COMMAND}` (python -m pipeline.docgen)"
    )


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_record_and_column_is_described(model: type[BaseModel]) -> None:
    assert model.__doc__ and model.__doc__.strip()
    undescribed = [n for n, info in model.model_fields.items() if not info.description]
    assert not undescribed, f"{model.__name__}: add a docstring below {undescribed}"


def _enum_columns() -> list[tuple[str, str, type[StrEnum]]]:
    columns = []
    for model in MODELS:
        for name, info in model.model_fields.items():
            annotation, _ = _unwrap_optional(info.annotation)
            if isinstance(annotation, type) and issubclass(annotation, StrEnum):
                columns.append((model.__name__, name, annotation))
    return columns


@pytest.mark.parametrize(
    ("model", "column", "enum"), _enum_columns(), ids=lambda v: getattr(v, "__name__", str(v))
)
def test_a_closed_column_names_each_of_its_values(
    model: str, column: str, enum: type[StrEnum]
) -> None:
    if enum is Check:
        return  # the checks have their own table
    description = next(
        typing.cast(str, m.model_fields[column].description) for m in MODELS if m.__name__ == model
    )
    missing = [v.value for v in enum if f"`{v.value}`" not in description]
    assert not missing, f"{model}.{column}: say what {missing} mean in its description"


def test_the_page_lists_every_check_with_its_severities() -> None:
    page = docgen.render_datasets()
    for check in Check:
        assert f"| `{check.value}` | {', '.join(check.severities)} |" in page


def test_the_page_types_columns_as_the_files_do() -> None:
    page = docgen.render_datasets()
    assert "| value | decimal(38, 9) |" in page
    assert "| issue_date | date? |" in page
    assert "| extracted_at | timestamp[us, UTC] |" in page
    assert "| differences | list<struct<field, old, new>> |" in page


def test_check_mode_tells_a_stale_page_and_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "datasets.md"
    page.write_text("# Datasets\n", encoding="utf-8")
    assert docgen.main(["--check", "--output", str(page)]) == 1
    assert docgen.COMMAND in capsys.readouterr().err
    assert docgen.main(["--output", str(page)]) == 0
    assert docgen.main(["--check", "--output", str(page)]) == 0


def test_the_generator_is_not_digested_into_the_extractor_version() -> None:
    assert not any(Path("pipeline/docgen.py").is_relative_to(place) for place in SHAPES_RECORDS)
