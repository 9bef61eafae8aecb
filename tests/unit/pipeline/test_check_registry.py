"""Every check that can reach ``issues.check`` is a member of :class:`pipeline.kinds.Check`, named
as one, and reported at a severity the registry gives it.

The checks are found in the source, not by running it: each ``Finding(...)`` call of the library
(an ``issues`` row is made from a finding, ``pipeline.build.assemble.issue_record``), its check
argument followed back to the ``Check.X`` members it can be (through ``x if … else y``, local and
module assignments, ``for`` tuples and the arguments of the calls of the enclosing function). A
string on the way fails, registered name or not: a check is named by its member, never spelt. So
does a member the registry lacks, and a check that cannot be followed back, as it could be
anything. The severity is the check's own (``Check.X.severity``, written after the same check
expression), or, for a check the registry declares at several, one of those written out
(``Severity.WARNING``).
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pydantic
import pytest

from pipeline.kinds import Check, Severity
from pipeline.records import IssueRecord

ROOT = Path(__file__).resolve().parents[3]
LIBRARY = ("pipeline", "extractors", "normalizers", "flows")
GOLDEN = ROOT / "tests" / "golden"


@dataclass(frozen=True)
class Emitted:
    """A check a call can emit, with the severity it is written at (None: the check's own)."""

    check: Check
    severity: Severity | None
    where: str


class _Module:
    def __init__(self, source: str, name: str) -> None:
        self.name = name
        self.tree = ast.parse(source, name)
        self.parents: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(self.tree):
            for child in ast.iter_child_nodes(node):
                self.parents[child] = node
        self.problems: list[str] = []  # literals, unknown members, checks not followed back

    @classmethod
    def read(cls, path: Path) -> _Module:
        return cls(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))

    def where(self, node: ast.AST) -> str:
        return f"{self.name}:{getattr(node, 'lineno', '?')}"

    def function_of(self, node: ast.AST) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                return node
        return None

    def checks(self, expr: ast.expr, depth: int = 0) -> set[Check]:
        """The registry members ``expr`` can be; anything else is noted in ``problems``."""
        if depth > 6:
            self.problems.append(f"{self.where(expr)}: too deep to follow")
            return set()
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            self.problems.append(f"{self.where(expr)}: the literal {expr.value!r}")
            return set()
        if isinstance(expr, ast.IfExp):
            return self.checks(expr.body, depth + 1) | self.checks(expr.orelse, depth + 1)
        if (
            isinstance(expr, ast.Attribute)
            and isinstance(expr.value, ast.Name)
            and expr.value.id == "Check"
        ):
            if expr.attr in Check.__members__:
                return {Check[expr.attr]}
            self.problems.append(f"{self.where(expr)}: Check.{expr.attr} is not registered")
            return set()
        if isinstance(expr, ast.Name):
            found = self._name(expr, depth)
            if found:
                return found
        self.problems.append(f"{self.where(expr)}: {ast.unparse(expr)} not followed back")
        return set()

    def _name(self, name: ast.Name, depth: int) -> set[Check]:
        function = self.function_of(name)
        scopes: list[ast.AST] = [function] if function else []
        scopes.append(self.tree)
        found: set[Check] = set()
        for scope in scopes:
            nodes = ast.walk(scope) if scope is function else ast.iter_child_nodes(scope)
            for node in nodes:
                if isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == name.id for t in node.targets
                ):
                    found |= self.checks(node.value, depth + 1)
                elif isinstance(node, ast.For):
                    found |= self._loop(node, name.id, depth)
            if found:
                return found
        if function is not None:
            found |= self._argument(function, name.id, depth)
        return found

    def _loop(self, loop: ast.For, name: str, depth: int) -> set[Check]:
        """``for name, … in ((a, …), (b, …))``: a and b."""
        if not isinstance(loop.target, ast.Tuple) or not isinstance(
            loop.iter, ast.Tuple | ast.List
        ):
            return set()
        positions = [
            i for i, t in enumerate(loop.target.elts) if isinstance(t, ast.Name) and t.id == name
        ]
        found: set[Check] = set()
        for i in positions:
            for element in loop.iter.elts:
                if isinstance(element, ast.Tuple):
                    found |= self.checks(element.elts[i], depth + 1)
        return found

    def _argument(
        self, function: ast.FunctionDef | ast.AsyncFunctionDef, name: str, depth: int
    ) -> set[Check]:
        """A parameter: what the calls of its function in this module pass for it."""
        parameters = [a.arg for a in function.args.posonlyargs + function.args.args]
        if name not in parameters and name not in [a.arg for a in function.args.kwonlyargs]:
            return set()
        index = parameters.index(name) if name in parameters else None
        found: set[Check] = set()
        for call in ast.walk(self.tree):
            if not isinstance(call, ast.Call) or _called(call) != function.name:
                continue
            passed = [k.value for k in call.keywords if k.arg == name]
            if not passed and index is not None and index < len(call.args):
                passed = [call.args[index]]
            for expr in passed:
                found |= self.checks(expr, depth + 1)
        return found

    def emitted(self) -> Iterator[Emitted]:
        for call in ast.walk(self.tree):
            if not (isinstance(call, ast.Call) and _called(call) == "Finding"):
                continue
            check = _argument(call, "check", 0)
            if check is None:
                self.problems.append(f"{self.where(call)}: a finding without a check")
                continue
            written = _argument(call, "severity", 1)
            for member in self.checks(check):
                severity = self._severity(check, written, member, call)
                yield Emitted(member, severity, self.where(call))

    def _severity(
        self, check: ast.expr, written: ast.expr | None, member: Check, call: ast.Call
    ) -> Severity | None:
        """The severity written out, None for ``<the check>.severity``; a problem otherwise."""
        if (
            isinstance(written, ast.Attribute)
            and written.attr == "severity"
            and ast.dump(written.value) == ast.dump(check)
        ):
            return None
        if (
            isinstance(written, ast.Attribute)
            and isinstance(written.value, ast.Name)
            and written.value.id == "Severity"
            and written.attr in Severity.__members__
        ):
            severity = Severity[written.attr]
            if len(member.severities) == 1:
                self.problems.append(
                    f"{self.where(call)}: {member} at {severity} written out; the registry "
                    f"gives it one severity, write {ast.unparse(check)}.severity"
                )
            return severity
        shown = ast.unparse(written) if written is not None else "no severity"
        self.problems.append(f"{self.where(call)}: {member} at {shown}")
        return None


def _called(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _argument(call: ast.Call, keyword: str, position: int) -> ast.expr | None:
    for k in call.keywords:
        if k.arg == keyword:
            return k.value
    if position < len(call.args):
        return call.args[position]
    return None


def _scan(modules: list[_Module]) -> tuple[list[Emitted], list[str]]:
    found = [e for module in modules for e in module.emitted()]
    return found, [p for module in modules for p in module.problems]


@pytest.fixture(scope="module")
def scanned() -> tuple[list[Emitted], list[str]]:
    return _scan(
        [
            _Module.read(path)
            for folder in LIBRARY
            for path in sorted((ROOT / folder).rglob("*.py"))
            if "__pycache__" not in path.parts
        ]
    )


@pytest.fixture(scope="module")
def emitted(scanned: tuple[list[Emitted], list[str]]) -> list[Emitted]:
    return scanned[0]


def test_every_check_is_a_registered_member_at_a_severity_written_once(
    scanned: tuple[list[Emitted], list[str]],
) -> None:
    assert not scanned[1]


def test_every_registered_check_is_emitted(emitted: list[Emitted]) -> None:
    assert set(Check) - {e.check for e in emitted} == set()


def test_the_code_finds_the_checks_each_way_they_are_passed(emitted: list[Emitted]) -> None:
    """The scan itself: checks of each way of passing them on are found."""
    assert {
        Check.EXTRACT_FAILED,  # Check.EXTRACT_FAILED at the call
        Check.PROSE_YEARS_SUM,  # a for tuple, passed on as an argument
        Check.COLUMN_SUM,  # x if … else y, assigned, passed on
        Check.ROW_SUM,  # an argument of a helper's call
        Check.DUPLICATE_DOCUMENT,  # a module constant
    } <= {e.check for e in emitted}


@pytest.mark.parametrize(
    "source",
    [
        'Finding("row_sum", Check.ROW_SUM.severity, "m")',
        'Finding("no_such_check", Severity.ERROR, "m")',
        'CHECK = "row_sum"\nFinding(CHECK, CHECK.severity, "m")',
        'def f(check):\n    return Finding(check, check.severity, "m")\nf("row_sum")',
        'Finding(Check.NO_SUCH_CHECK, Severity.ERROR, "m")',
        'Finding(make_check(), Severity.ERROR, "m")',
        'Finding(Check.DIGITS_WORDS_MISMATCH, Severity.ERROR, "m")',  # its only one, written
        'Finding(Check.NUMBER_CONVENTION, Severity.ERROR, "m")',  # not one of its severities
        'Finding(Check.ROW_SUM, Check.COLUMN_SUM.severity, "m")',  # another check's
    ],
)
def test_the_scan_refuses_a_check_spelt_unregistered_or_at_a_severity_not_its_own(
    source: str,
) -> None:
    found, problems = _scan([_Module(source, "example.py")])
    assert problems or any(e.severity not in e.check.severities for e in found), found


def test_each_check_is_emitted_at_its_registered_severity(emitted: list[Emitted]) -> None:
    wrong = sorted(
        f"{e.check} as {e.severity} ({e.where}), registered {', '.join(e.check.severities)}"
        for e in emitted
        if e.severity is not None and e.severity not in e.check.severities
    )
    assert not wrong


def test_each_other_severity_a_check_declares_is_emitted(emitted: list[Emitted]) -> None:
    at = {(e.check, e.severity or e.check.severity) for e in emitted}
    for check in Check:
        for severity in check.severities[1:]:
            assert (check, severity) in at, (check, severity)


def test_the_golden_issues_carry_registered_checks_at_their_severities() -> None:
    rows = [
        row
        for path in sorted(GOLDEN.glob("*/records.json"))
        for row in json.loads(path.read_text(encoding="utf-8")).get("issues", [])
    ]
    assert rows
    for row in rows:
        assert row["severity"] in Check(row["check"]).severities, row


def test_an_issue_row_refuses_an_unregistered_check() -> None:
    with pytest.raises(pydantic.ValidationError):
        IssueRecord(
            doc_id="a.txt", source_path="a.txt", check="no_such_check", severity="error", message=""
        )
