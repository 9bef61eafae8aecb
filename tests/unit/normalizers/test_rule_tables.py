"""The typed loader of the rule tables: header and values checked against the row type."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import pytest

from normalizers import tables
from normalizers.tables import RuleTableError, load_rows, rule_table


class _Colour(StrEnum):
    RED = "red"
    BLUE = "blue"


@dataclass(frozen=True, slots=True)
class _Row:
    name: str
    colour: _Colour
    weight: int
    enabled: bool
    words: tuple[str, ...]
    note: str | None


def _table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str) -> type:
    (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(tables, "DATA_DIR", tmp_path)

    @dataclass(frozen=True, slots=True)
    class Row(_Row):
        pass

    return rule_table(name)(Row)


def test_rows_are_converted_by_field_type(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        "# Source: a test\nname,colour,weight,enabled,words,note\n"
        "sun,red,3,1,a | b,\nsea,blue,0,0,,deep\n"
    )
    row_type = _table(tmp_path, monkeypatch, "t_ok.csv", text)
    first, second = load_rows(row_type)
    assert (first.name, first.colour, first.weight, first.enabled) == ("sun", _Colour.RED, 3, True)
    assert first.words == ("a", "b") and first.note is None
    assert second.enabled is False and second.words == () and second.note == "deep"


def test_a_value_outside_the_enum_names_table_line_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "# Source: a test\nname,colour,weight,enabled,words,note\nsun,green,3,1,,\n"
    row_type = _table(tmp_path, monkeypatch, "t_enum.csv", text)
    with pytest.raises(
        RuleTableError, match=r"t_enum\.csv, line 3, column colour: 'green' is not one of red, blue"
    ):
        load_rows(row_type)


def test_a_header_that_does_not_match_the_row_type_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "name,color,weight,enabled,words,note\nsun,red,3,1,,\n"
    row_type = _table(tmp_path, monkeypatch, "t_header.csv", text)
    with pytest.raises(RuleTableError, match=r"t_header\.csv: header"):
        load_rows(row_type)


def test_a_ragged_row_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "name,colour,weight,enabled,words,note\nsun,red,3\n"
    row_type = _table(tmp_path, monkeypatch, "t_ragged.csv", text)
    with pytest.raises(RuleTableError, match=r"t_ragged\.csv, line 2: 3 cells for 6 columns"):
        load_rows(row_type)


# --- every table of normalizers/data through its row type -----------------------------------


def _import_library() -> None:
    """Import every module of the library, so that every row type is registered."""
    import importlib
    import pkgutil

    for package in ("normalizers", "extractors", "pipeline"):
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
            if not info.name.endswith(".__main__"):  # runs the command line
                importlib.import_module(info.name)


@pytest.mark.parametrize("name", sorted(path.name for path in tables.DATA_DIR.glob("*.csv")))
def test_every_table_loads_through_its_registered_row_type(name: str) -> None:
    _import_library()
    assert name in tables.REGISTRY, f"{name} has no row type registered with @rule_table"
    rows = load_rows(tables.REGISTRY[name])
    assert rows, f"{name} has no rows"
    text = (tables.DATA_DIR / name).read_text(encoding="utf-8")
    assert text.startswith("# Source"), f"{name} does not name its source on its first line"


def test_every_registered_row_type_has_its_table() -> None:
    _import_library()
    files = {path.name for path in tables.DATA_DIR.glob("*.csv")}
    library = ("normalizers", "extractors", "pipeline")  # not this file's own test tables
    registered = {n for n, t in tables.REGISTRY.items() if t.__module__.split(".")[0] in library}
    assert registered - files == set()


def test_the_document_kinds_are_the_doc_kind_values() -> None:
    """doc_kinds.csv has a row for every DocKind but OTHER, which is what no row names."""
    from normalizers.documents import doc_kinds
    from pipeline.kinds import DocKind

    kinds = [row.kind for row in doc_kinds()]
    assert len(kinds) == len(set(kinds))
    assert set(kinds) == {kind.value for kind in DocKind} - {DocKind.OTHER.value}


def test_the_structure_levels_are_level_values() -> None:
    from normalizers.documents import structure_markers
    from pipeline.kinds import Level

    levels = {marker.level for marker in structure_markers()}
    assert levels <= {level.value for level in Level}
    assert {level.value for level in Level} - levels == {"van_ban", "can_cu", "noi_nhan", "chu_ky"}
