"""Property tests of the table sum checks (issue 14, "False alarms cost trust"): a generated
budget table that adds up (rows, columns, groups, in either number convention) gets no sum
finding; the same table with one cell changed gets exactly the findings the changed cell
breaks, as errors, at that cell's row."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.model import Document
from normalizers.numbers import Convention
from pipeline.build.budget_tables import TableReading, read_budget_table
from pipeline.build.budget_tables.sums import SUM_CHECKS
from pipeline.build.tables import find_text_tables
from pipeline.kinds import Check, Severity

from ...conftest import text_document

YEARS = (2016, 2017, 2018)


@dataclass
class Grid:
    """Roman rows with digit children, a total row; ``cells[r]`` the year cells then the total."""

    labels: list[str]
    parents: list[int | None]  # index of the parent row, None for a roman row
    cells: list[list[int]]
    total: int  # index of the total row


def _grid(children: list[list[list[int]]], n_years: int) -> Grid:
    labels, parents, cells = [], [], []
    romans = ["I", "II", "III", "IV"]
    top: list[list[int]] = []
    for g, kids in enumerate(children):
        parent = len(labels)
        sums = [sum(k[y] for k in kids) for y in range(n_years)]
        labels.append(romans[g])
        parents.append(None)
        cells.append([*sums, sum(sums)])
        top.append(sums)
        for i, kid in enumerate(kids, start=1):
            labels.append(str(i))
            parents.append(parent)
            cells.append([*kid, sum(kid)])
    totals = [sum(t[y] for t in top) for y in range(n_years)]
    labels.append("")
    parents.append(None)
    cells.append([*totals, sum(totals)])
    return Grid(labels, parents, cells, len(labels) - 1)


def _printed(value: int, convention: Convention) -> str:
    mark = "." if convention is Convention.VI else ","
    return f"{value:,}".replace(",", mark)


def _text(grid: Grid, n_years: int, convention: Convention) -> str:
    head = ["TT", "Nội dung", *(f"Năm {y}" for y in YEARS[:n_years]), "Tổng cộng"]
    lines = ["ĐVT: triệu đồng", "", "| " + " | ".join(head) + " |"]
    lines.append("|" + "---|" * len(head))
    for r, (label, row) in enumerate(zip(grid.labels, grid.cells, strict=True)):
        name = "Tổng cộng" if r == grid.total else f"Nội dung {r}"
        lines.append(
            "| " + " | ".join([label, name, *(_printed(v, convention) for v in row)]) + " |"
        )
    return "\n".join(lines) + "\n"


def _read(text: str) -> tuple[Document, TableReading]:
    doc = text_document(text)
    [table] = find_text_tables(doc)
    reading = read_budget_table(doc, table, 0)
    assert reading is not None
    return doc, reading


_VALUE = st.integers(min_value=1, max_value=50_000)
_TABLES = st.integers(min_value=2, max_value=3).flatmap(
    lambda n_years: st.tuples(
        st.just(n_years),
        st.lists(
            st.lists(st.lists(_VALUE, min_size=n_years, max_size=n_years), min_size=1, max_size=3),
            min_size=1,
            max_size=3,
        ),
        st.sampled_from(Convention),
    )
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TABLES)
def test_a_table_that_adds_up_gets_no_sum_finding(
    table: tuple[int, list[list[list[int]]], Convention],
) -> None:
    n_years, children, convention = table
    _, reading = _read(_text(_grid(children, n_years), n_years, convention))
    assert [f for f in reading.findings if f.check in SUM_CHECKS] == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TABLES, st.data())
def test_one_changed_cell_gets_exactly_its_findings(
    table: tuple[int, list[list[list[int]]], Convention], data: st.DataObject
) -> None:
    n_years, children, convention = table
    grid = _grid(children, n_years)
    row = data.draw(st.integers(min_value=0, max_value=len(grid.cells) - 1), label="row")
    column = data.draw(st.integers(min_value=0, max_value=n_years), label="column")
    # Far beyond the rounding of any sum (half a unit of each printed cell), and printed with two
    # separators (1.000.017), which read one way only: the table's convention stays decided.
    grid.cells[row][column] += 1_000_000
    doc, reading = _read(_text(grid, n_years, convention))
    found = {
        (f.check, f.severity, _row_of(doc, grid, f.start))
        for f in reading.findings
        if f.check in SUM_CHECKS
    }
    expected = {(Check.ROW_SUM, Severity.ERROR, row)}
    parent = grid.parents[row]
    if row == grid.total:
        expected.add((Check.COLUMN_SUM, Severity.ERROR, row))
    elif parent is not None:
        expected.add((Check.CHILDREN_SUM, Severity.ERROR, parent))
    else:  # a roman row: its children and the total row no longer add up to it, in the column
        expected.add((Check.CHILDREN_SUM, Severity.ERROR, row))
        expected.add((Check.COLUMN_SUM, Severity.ERROR, grid.total))
    assert found == expected


def _row_of(doc: Document, grid: Grid, start: int | None) -> int:
    """The grid row whose line holds ``start``: data lines follow the header and its rule."""
    assert start is not None
    line = doc.text.count("\n", 0, start)
    return line - 4
