"""A table read in one number convention, and the choice of the convention.

:func:`_read` aligns, derives and checks the rows in one convention; :func:`decide_convention`
takes the convention the table's own tokens vote for, or reads the table both ways when they do
not and keeps the reading under which more sums add up (package docstring, **Numbers**).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from extractors.model import Table
from normalizers.numbers import Convention, infer_convention, parse_number
from pipeline.build.budget_tables.alignment import (
    Layout,
    RowReading,
    WideLayout,
    align,
    identity_layout,
    is_wide,
    layout_findings,
    moved_slots,
    wide_layouts,
)
from pipeline.build.budget_tables.derivation import (
    Grouping,
    derive,
    derived_findings,
    find_groups,
    group_by_arithmetic,
)
from pipeline.build.budget_tables.header import Header
from pipeline.build.budget_tables.rows import Row, row_name
from pipeline.build.budget_tables.sums import SUM_CHECKS, Guess, check_sums
from pipeline.build.budget_tables.values import Parsed, parse_row
from pipeline.build.findings import Finding
from pipeline.kinds import Check, Severity


@dataclass(frozen=True, slots=True)
class Reading:
    convention: Convention
    rows: tuple[RowReading, ...]
    findings: tuple[Finding, ...]
    passes: int
    errors: int
    grouping: Grouping


class _SharedWork:
    """The work on the rows of one table that its readings in both conventions share.

    A row none of whose numbers reads two ways (``1,100``) parses alike in both conventions, so
    under the same layout it aligns alike; rows wider than the header whose numbers all read one
    way give the same layouts. When :func:`decide_convention` reads a table both ways, these are
    worked out once, the second reading taking them from here.
    """

    def __init__(self, header: Header, rows: Sequence[Row]) -> None:
        self.header = header
        self.rows = rows
        self.has_total_row = any(row.is_total for row in rows)
        self.is_wide = [is_wide(row, header) for row in rows]
        self.groups = find_groups(rows)
        self._two_way = [
            any(_reads_two_ways(cell.text) for cell in row.value_cells(header)) for row in rows
        ]
        self._wide_two_way = any(
            two_way and wide for two_way, wide in zip(self._two_way, self.is_wide, strict=True)
        )
        self._parsed: dict[tuple[int, Convention | None], Parsed] = {}
        self._layouts: dict[Convention | None, dict[int, WideLayout | None]] = {}
        self._aligned: dict[
            tuple[int, tuple[tuple[int, int], ...] | None, Convention | None],
            tuple[RowReading, str | None],
        ] = {}

    def _row_key(self, index: int, convention: Convention) -> Convention | None:
        """The convention row ``index`` reads in, None when it reads alike in both."""
        return convention if self._two_way[index] else None

    def parsed(self, index: int, convention: Convention) -> Parsed:
        """Row ``index`` read in ``convention`` (:func:`parse_row`)."""
        key = (index, self._row_key(index, convention))
        if key not in self._parsed:
            self._parsed[key] = parse_row(self.rows[index], self.header, convention)
        return self._parsed[key]

    def wide_layouts(self, convention: Convention) -> dict[int, WideLayout | None]:
        """The layouts of the rows wider than the header, read in ``convention``."""
        key = convention if self._wide_two_way else None
        if key not in self._layouts:
            parsed = [self.parsed(i, convention) for i in range(len(self.rows))]
            self._layouts[key] = wide_layouts(self.header, self.rows, parsed)
        return self._layouts[key]

    def align(
        self, index: int, layout: Layout | None, convention: Convention
    ) -> tuple[RowReading, str | None]:
        """Row ``index`` read in ``convention`` and aligned from ``layout`` (:func:`align`)."""
        layout_key = None if layout is None else tuple(sorted(layout.items()))
        key = (index, layout_key, self._row_key(index, convention))
        if key not in self._aligned:
            parsed = self.parsed(index, convention)
            row = self.rows[index]
            self._aligned[key] = align(row, parsed, layout, self.header, self.has_total_row)
        reading, moved = self._aligned[key]
        # A copy, as derivation fills in the slots of the reading it is given.
        return RowReading(dict(reading.slots), reading.ambiguous), moved


def _read(shared: _SharedWork, convention: Convention, guess: Guess | None = None) -> Reading:
    """The table read in one convention: alignment, derivation, checks."""
    header, rows = shared.header, shared.rows
    findings: list[Finding] = []
    wide = shared.wide_layouts(convention)
    findings += layout_findings(header, rows, wide)
    readings: list[RowReading] = []
    for index, row in enumerate(rows):
        if shared.is_wide[index]:
            learned = wide.get(row.width)
            layout = learned.layout if learned else None
        else:
            layout = identity_layout(header, row)
        reading, moved = shared.align(index, layout, convention)
        readings.append(reading)
        if moved:
            reading.moved = moved_slots(reading, shared.parsed(index, convention), layout, header)
            findings.append(
                Finding(
                    Check.CELLS_REALIGNED,
                    Check.CELLS_REALIGNED.severity,
                    f"{row_name(rows, row)} does not add up as laid out; read with {moved}, "
                    "under which it does",
                    start=row.span[0],
                    end=row.span[1],
                )
            )
    grouping = group_by_arithmetic(rows, readings, header, shared.groups)
    derive(rows, readings, header, grouping.groups)
    findings += derived_findings(header, rows, readings, convention)
    checks, passes = check_sums(header, rows, readings, grouping, convention, guess)
    findings += checks
    errors = len(checks)  # every failing sum, certain (an error) or not (a warning)
    return Reading(convention, tuple(readings), tuple(findings), passes, errors, grouping)


def decide_convention(
    header: Header, rows: Sequence[Row], tokens: Sequence[str], table: Table
) -> tuple[Convention, Reading, list[Finding]]:
    shared = _SharedWork(header, rows)
    voted = infer_convention(tokens)
    if voted is not None:
        return voted, _read(shared, voted), []
    two_way = [t for t in tokens if _reads_two_ways(t)]
    if not two_way:
        return Convention.VI, _read(shared, Convention.VI), []
    readings = {c: _read(shared, c) for c in Convention}
    keys = {c: (r.errors, -r.passes) for c, r in readings.items()}
    best = min(Convention, key=lambda c: keys[c])
    other = Convention.EN if best is Convention.VI else Convention.VI
    names = {Convention.VI: "Vietnamese (1.100 = 1100)", Convention.EN: "English (1,100 = 1100)"}
    score = {
        c: f"{readings[c].passes} sums add up and {readings[c].errors} do not" for c in Convention
    }
    if keys[best] != keys[other]:
        message = (
            f"numbers such as '{two_way[0]}' read two ways; read in the {names[best]} "
            f"convention, under which {score[best]} (in the {names[other]} convention "
            f"{score[other]})"
        )
        finding = Finding(
            Check.NUMBER_CONVENTION, Severity.INFO, message, start=table.start, end=table.end
        )
        return best, readings[best], [finding]
    message = (
        f"numbers such as '{two_way[0]}' read two ways and the sums do not tell which "
        f"({score[Convention.VI]} either way); read in the {names[Convention.VI]} convention"
    )
    finding = Finding(
        Check.NUMBER_CONVENTION, Severity.WARNING, message, start=table.start, end=table.end
    )
    ambiguous = [
        Finding(
            Check.CELL_AMBIGUOUS,
            Check.CELL_AMBIGUOUS.severity,
            f"'{cell.text}' in {row_name(rows, row)} reads {_two_readings(cell.text)}; "
            "the table does not tell which",
            actual=cell.text,
            start=cell.start,
            end=cell.end,
        )
        for row in rows
        for cell in row.value_cells(header)
        if _reads_two_ways(cell.text)
    ]
    # Read again with what is uncertain: a sum that fails under both readings fails whatever
    # the convention, and stays an error; the others become warnings that say why.
    certain = frozenset(
        (f.check, f.start) for f in readings[Convention.EN].findings if f.check in SUM_CHECKS
    )
    why = "its numbers read two ways and its sums do not tell which; read in the Vietnamese "
    why += "convention, under the other the sum may hold"
    guessed = _read(shared, Convention.VI, Guess(why, certain))
    return Convention.VI, guessed, [finding, *ambiguous]


def _reads_two_ways(text: str) -> bool:
    """Whether the number ``text`` has a different value in each convention (``1,100``)."""
    number = parse_number(text)
    return number is not None and number.is_ambiguous


def _two_readings(text: str) -> str:
    number = parse_number(text)
    assert number is not None
    return " or ".join(f"{value} ({convention.value})" for convention, value in number.candidates)
