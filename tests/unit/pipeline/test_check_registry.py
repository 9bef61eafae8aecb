"""Every check that can reach ``issues.check`` is declared in :class:`pipeline.kinds.Check`.

The checks are found in the source, not by running it: each ``Finding(...)`` call of the library
(an ``issues`` row is made from a finding, ``pipeline.build.assemble.issue_record``), its check
argument followed back to the string literals
or registry members it can be (through ``x if … else y``, local and module assignments, ``for``
tuples and the arguments of the calls of the enclosing function). A check written as a literal
still passes when the literal names a registered check, so the modules that emit literals can
switch to the registry entries on their own time; a check that cannot be followed back fails, as
it could be anything.
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
    """A check name a call can emit, with the severity it is emitted at when that is written."""

    name: str
    severity: Severity | None
    where: str


class _Module:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        self.parents: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(self.tree):
            for child in ast.iter_child_nodes(node):
                self.parents[child] = node
        self.unresolved: list[str] = []

    def where(self, node: ast.AST) -> str:
        return f"{self.path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}"

    def function_of(self, node: ast.AST) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                return node
        return None

    def names(self, expr: ast.expr, depth: int = 0) -> set[str]:
        """The check names ``expr`` can be; unresolvable ones are noted in ``unresolved``."""
        if depth > 6:
            self.unresolved.append(self.where(expr))
            return set()
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return {expr.value}
        if isinstance(expr, ast.IfExp):
            return self.names(expr.body, depth + 1) | self.names(expr.orelse, depth + 1)
        if (
            isinstance(expr, ast.Attribute)
            and isinstance(expr.value, ast.Name)
            and expr.value.id == "Check"
        ):
            return {Check[expr.attr].value}
        if isinstance(expr, ast.Name):
            found = self._name(expr, depth)
            if found:
                return found
        self.unresolved.append(f"{self.where(expr)}: {ast.unparse(expr)}")
        return set()

    def _name(self, name: ast.Name, depth: int) -> set[str]:
        function = self.function_of(name)
        scopes: list[ast.AST] = [function] if function else []
        scopes.append(self.tree)
        found: set[str] = set()
        for scope in scopes:
            nodes = ast.walk(scope) if scope is function else ast.iter_child_nodes(scope)
            for node in nodes:
                if isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == name.id for t in node.targets
                ):
                    found |= self.names(node.value, depth + 1)
                elif isinstance(node, ast.For):
                    found |= self._loop(node, name.id, depth)
            if found:
                return found
        if function is not None:
            found |= self._argument(function, name.id, depth)
        return found

    def _loop(self, loop: ast.For, name: str, depth: int) -> set[str]:
        """``for name, … in ((a, …), (b, …))``: a and b."""
        if not isinstance(loop.target, ast.Tuple) or not isinstance(
            loop.iter, ast.Tuple | ast.List
        ):
            return set()
        positions = [
            i for i, t in enumerate(loop.target.elts) if isinstance(t, ast.Name) and t.id == name
        ]
        found: set[str] = set()
        for i in positions:
            for element in loop.iter.elts:
                if isinstance(element, ast.Tuple):
                    found |= self.names(element.elts[i], depth + 1)
        return found

    def _argument(
        self, function: ast.FunctionDef | ast.AsyncFunctionDef, name: str, depth: int
    ) -> set[str]:
        """A parameter: what the calls of its function in this module pass for it."""
        parameters = [a.arg for a in function.args.posonlyargs + function.args.args]
        if name not in parameters and name not in [a.arg for a in function.args.kwonlyargs]:
            return set()
        index = parameters.index(name) if name in parameters else None
        found: set[str] = set()
        for call in ast.walk(self.tree):
            if not isinstance(call, ast.Call) or _called(call) != function.name:
                continue
            passed = [k.value for k in call.keywords if k.arg == name]
            if not passed and index is not None and index < len(call.args):
                passed = [call.args[index]]
            for expr in passed:
                found |= self.names(expr, depth + 1)
        return found

    def emitted(self) -> Iterator[Emitted]:
        for call in ast.walk(self.tree):
            if isinstance(call, ast.Call) and _called(call) == "Finding":
                check = _argument(call, "check", 0)
                if check is not None:
                    severity = _severity(_argument(call, "severity", 1))
                    for name in self.names(check):
                        yield Emitted(name, severity, self.where(call))


def _called(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _argument(call: ast.Call, keyword: str, position: int | None) -> ast.expr | None:
    for k in call.keywords:
        if k.arg == keyword:
            return k.value
    if position is not None and position < len(call.args):
        return call.args[position]
    return None


def _severity(expr: ast.expr | None) -> Severity | None:
    if (
        isinstance(expr, ast.Attribute)
        and isinstance(expr.value, ast.Name)
        and expr.value.id == "Severity"
    ):
        return Severity[expr.attr]
    return None


def _modules() -> list[_Module]:
    return [
        _Module(path)
        for folder in LIBRARY
        for path in sorted((ROOT / folder).rglob("*.py"))
        if "__pycache__" not in path.parts
    ]


@pytest.fixture(scope="module")
def emitted() -> list[Emitted]:
    found: list[Emitted] = []
    unresolved: list[str] = []
    for module in _modules():
        found.extend(module.emitted())
        unresolved.extend(module.unresolved)
    assert not unresolved, f"check names that cannot be followed back to a literal: {unresolved}"
    return found


def test_every_check_the_code_emits_is_registered(emitted: list[Emitted]) -> None:
    registered = {c.value for c in Check}
    unknown = sorted({f"{e.name} ({e.where})" for e in emitted if e.name not in registered})
    assert not unknown, f"checks missing from pipeline.kinds.Check: {unknown}"


def test_every_registered_check_is_emitted(emitted: list[Emitted]) -> None:
    assert {c.value for c in Check} - {e.name for e in emitted} == set()


def test_the_code_finds_the_checks_written_as_literals_and_as_entries(
    emitted: list[Emitted],
) -> None:
    """The scan itself: checks of each way of writing them are found."""
    names = {e.name for e in emitted}
    assert {
        "extract_failed",  # Check.EXTRACT_FAILED
        "prose_years_sum",  # a for tuple, passed on as an argument
        "column_sum",  # x if … else y, assigned, passed on
        "row_sum",  # a literal argument of a helper's call
        "duplicate_document",  # a module constant
    } <= names


def test_each_check_is_emitted_at_its_registered_severity(emitted: list[Emitted]) -> None:
    wrong = sorted(
        f"{e.name} as {e.severity} ({e.where}), registered {', '.join(Check(e.name).severities)}"
        for e in emitted
        if e.severity is not None and e.severity not in Check(e.name).severities
    )
    assert not wrong


def test_each_other_severity_a_check_declares_is_emitted(emitted: list[Emitted]) -> None:
    at = {(e.name, e.severity) for e in emitted}
    for check in Check:
        for severity in check.severities[1:]:
            assert (check.value, severity) in at, (check, severity)


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
