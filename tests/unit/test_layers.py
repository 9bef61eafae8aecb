"""Layers point down: normalizers ← extractors ← pipeline ← flows (issue 12).

Every module under ``normalizers/``, ``extractors/`` and ``pipeline/`` is parsed, and each of
its imports (at any depth, lazy ones inside functions too) is checked against the layers above
it. ``pipeline/__main__.py`` alone may import ``flows``: it is the ``python -m pipeline`` entry
point, which starts the command line in :mod:`flows.cli`, and no library code imports it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# What each package must not import: the packages above it.
# Prefect and Dask belong to the flows: the extraction library runs without them.
ORCHESTRATION = {"prefect", "prefect_dask", "dask", "distributed"}
ABOVE = {
    "normalizers": {"extractors", "pipeline", "flows"} | ORCHESTRATION,
    "extractors": {"pipeline", "flows"} | ORCHESTRATION,
    "pipeline": {"flows"} | ORCHESTRATION,
}
ENTRY_POINTS = {"pipeline/__main__.py"}


def _imported(tree: ast.AST) -> list[tuple[int, str]]:
    """The top-level package of every absolute import in a module, with its line."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module.split(".")[0]))
    return found


MODULES = sorted(
    path.relative_to(ROOT).as_posix()
    for package in ABOVE
    for path in (ROOT / package).rglob("*.py")
    if "__pycache__" not in path.parts
)


@pytest.mark.parametrize("module", MODULES)
def test_no_module_imports_a_layer_above_its_own(module: str) -> None:
    package = module.split("/")[0]
    forbidden = set() if module in ENTRY_POINTS else ABOVE[package]
    tree = ast.parse((ROOT / module).read_text(encoding="utf-8"), filename=module)
    imports = _imported(tree)
    wrong = [f"{module}:{line} imports {name}" for line, name in imports if name in forbidden]
    assert not wrong, wrong


def test_every_layer_is_checked() -> None:
    assert {m.split("/")[0] for m in MODULES} == {"normalizers", "extractors", "pipeline"}
    assert "pipeline/ingest/batch.py" in MODULES and "pipeline/__main__.py" in MODULES


def test_the_entry_point_is_the_only_exception() -> None:
    tree = ast.parse((ROOT / "pipeline/__main__.py").read_text(encoding="utf-8"))
    assert {name for _, name in _imported(tree)} == {"flows"}
