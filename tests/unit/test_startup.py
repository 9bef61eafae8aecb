"""What starting the command line imports (issue 15): `qdx --help` and a `--no-prefect` run
must not pay for pandas, Prefect or underthesea, nor the extractors and record building before
a file is read. Checked in a fresh interpreter, whose ``sys.modules`` is the truth.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("pandas", "prefect", "underthesea", "pdfplumber", "docx", "pipeline.build.assemble")


def _imported_after(code: str) -> set[str]:
    """The heavy modules loaded once ``code`` has run in a new interpreter."""
    probe = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    loaded = set(json.loads(out.splitlines()[-1]))
    return {m for m in HEAVY if m in loaded}


@pytest.mark.parametrize(
    "code",
    ["import flows.cli", "import pipeline", "import pipeline.ingest.options"],
    ids=["flows.cli", "pipeline", "pipeline.ingest.options"],
)
def test_importing_imports_nothing_heavy(code: str) -> None:
    assert _imported_after(code) == set()


def test_help_imports_nothing_heavy() -> None:
    code = "from flows.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    assert _imported_after(code) == set()


def test_a_no_prefect_rerun_imports_neither_prefect_nor_pandas(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["ingest", "data/raw", "--out", str(out), "--no-prefect", "--json"]
    first = f"from flows.cli import main\nmain({args!r})"
    assert "prefect" not in _imported_after(first)
    again = _imported_after(first)  # nothing to extract: every file unchanged
    assert again.isdisjoint({"pandas", "prefect", "underthesea"})


def test_a_first_run_of_text_files_imports_neither_underthesea_nor_the_other_readers(
    tmp_path: Path,
) -> None:
    """Extracting the text samples reads underthesea's tables as files (normalizers/text.py,
    normalizers/provinces.py) and imports no PDF or Word reader. pandas is left out of this
    one: pyarrow's ``pa.array``, which builds every record table, imports it when installed."""
    out = tmp_path / "out"
    args = ["ingest", "data/raw", "--out", str(out), "--no-prefect", "--json"]
    loaded = _imported_after(f"from flows.cli import main\nmain({args!r})")
    assert "pipeline.build.assemble" in loaded  # the files were extracted
    assert loaded.isdisjoint({"underthesea", "pdfplumber", "docx", "prefect"})


def test_the_lazy_names_are_still_there() -> None:
    import pipeline
    import pipeline.ingest

    assert pipeline.read_dataset.__module__ == "pipeline.store.datasets"
    assert pipeline.extract.__module__ == "pipeline.build.extract"
    assert pipeline.ingest.ingest_with.__module__ == "pipeline.ingest.batch"
    assert set(pipeline.ingest.__all__) <= set(dir(pipeline.ingest))
    with pytest.raises(AttributeError):
        _ = pipeline.no_such_name
