"""Shared fixtures: the bundled sample decisions and their extractions (made once per session)."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, settings

from extractors.model import Cell, Document, SourceFormat, Table
from extractors.text import build_lines
from pipeline.build.extract import Extraction, extract

# Hypothesis: no per-example deadline on CI (a shared runner's pauses are not the code's speed),
# examples derived from the test so a CI failure reproduces; locally, the default profile.
# HYPOTHESIS_PROFILE picks one by name.
settings.register_profile(
    "ci", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

ROOT = Path(__file__).resolve().parent.parent
RAW_DIR = ROOT / "data" / "raw"
# The samples rendered to DOCX and PDF, and the bad files (tests/fixtures/make_formats.py).
FIXTURES_DIR = ROOT / "tests" / "fixtures"
FORMATS_DIR = FIXTURES_DIR / "formats"
BAD_DIR = FIXTURES_DIR / "bad"
SAMPLES = {
    "hung_yen": "000_3a0caad79bab0308.txt",
    "an_giang": "001_9789b1cfca0ebaa2.txt",
    "binh_phuoc": "002_4332279ed17429dc.txt",
    "cao_bang": "003_8c7e4977db864976.txt",
    "dong_nai": "004_0f42ce6379190652.txt",
}


def bench_module(name: str) -> ModuleType:
    """The script ``bench/<name>.py`` as a module (bench/ is no package), registered in
    ``sys.modules`` under ``name`` so that its dataclasses and doctests resolve."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def text_document(text: str) -> Document:
    """A Document of text held in memory, read as the text extractor reads a file."""
    normalised, lines = build_lines(text, web=True)
    return Document("memory.txt", "0" * 64, SourceFormat.TXT, text, normalised, lines)


def grid_table(
    rows: Sequence[Sequence[str]],
    spans: dict[tuple[int, int], int] | None = None,
    *,
    empty_cells: bool = True,
) -> Table:
    """A DOCX/PDF-like table, one cell a position; ``spans`` gives the column span of a cell.
    With ``empty_cells=False`` a blank position has no cell unless it spans, as a Word grid's
    blank cell under a merged heading has none."""
    spans = spans or {}
    cells = tuple(
        Cell(r, c, text, col_span=spans.get((r, c), 1))
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
        if empty_cells or text or (r, c) in spans
    )
    return Table(cells=cells, n_rows=len(rows), n_cols=max(len(row) for row in rows))


def table_rows(table: Table) -> list[list[str]]:
    """A table's cell texts, row by row."""
    rows: list[list[str]] = [[] for _ in range(table.n_rows)]
    for cell in table.cells:
        rows[cell.row].append(cell.text)
    return rows


@pytest.fixture(scope="session")
def sample_extractions() -> dict[str, Extraction]:
    return {name: extract(RAW_DIR / file) for name, file in SAMPLES.items()}


@pytest.fixture(scope="session", autouse=True)
def _cli_without_prefect() -> Iterator[None]:
    """`qdx ingest` runs the Prefect flow by default; the CLI tests that do not test Prefect run
    the library directly (QDX_NO_PREFECT=1); a test of the CLI through Prefect sets it to 0.
    They extract in this process (QDX_WORKERS=1), where a test's monkeypatch applies; the tests
    of the worker processes pass --workers (tests/integration/test_pool.py)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("QDX_NO_PREFECT", "1")
        mp.setenv("QDX_WORKERS", "1")
        yield


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """One Prefect test server (SQLite in a temporary folder) for the whole session, with the
    flow's extraction cache in a temporary folder too."""
    from prefect.settings import PREFECT_LOCAL_STORAGE_PATH, temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    storage = tmp_path_factory.mktemp("prefect-storage")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PREFECT_SERVER_ANALYTICS_ENABLED", "false")  # the test server: no telemetry
        mp.setenv("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")  # for subprocesses
        # the start timeout of ./prefect.toml (90 s), not the harness's 30 s: a loaded machine
        with (
            prefect_test_harness(server_startup_timeout=None),
            temporary_settings({PREFECT_LOCAL_STORAGE_PATH: storage}),
        ):
            yield


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that starts Prefect (through the ``prefect_harness`` fixture) is ``slow``, as
    are the ones marked so by hand (Dask, S3, the temporary server): ``make test-fast`` leaves
    them out, ``make test`` runs them all."""
    for item in items:
        if "prefect_harness" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


def clear_rule_caches() -> None:
    """Forget every table read and everything built from one: the ``functools`` caches of the
    loaded library modules (the loader's and each consumer's)."""
    import sys

    for name, module in list(sys.modules.items()):
        if name.split(".")[0] not in ("normalizers", "extractors", "pipeline"):
            continue
        for value in list(vars(module).values()):
            if callable(value) and hasattr(value, "cache_clear"):
                value.cache_clear()


@pytest.fixture
def rule_tables(tmp_path: Path) -> Iterator[Path]:
    """A copy of every rule table in a temporary folder that the loader reads instead of
    ``normalizers/data``: a test edits a table there and sees what the pipeline makes of it."""
    from normalizers import tables

    copy = tmp_path / "data"
    copy.mkdir()
    for table in tables.DATA_DIR.glob("*.csv"):
        (copy / table.name).write_bytes(table.read_bytes())
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(tables, "DATA_DIR", copy)
        clear_rule_caches()
        yield copy
    clear_rule_caches()


def edit_table(folder: Path, name: str, old: str | None, new: str | None) -> None:
    """Replace the line ``old`` of table ``name`` with ``new``: ``old`` None appends ``new``,
    ``new`` None deletes ``old``. Then forget what was read before."""
    path = folder / name
    lines = path.read_text(encoding="utf-8").splitlines()
    if old is None:
        lines.append(str(new))
    elif new is None:
        lines.remove(old)
    else:
        lines[lines.index(old)] = new
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    clear_rule_caches()
