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
