"""The library path's extraction in worker processes (``--workers``, issue 15): the same rows and
the same order as in one process, a worker that dies fails its file alone, one worker is the
old in-process path."""

from __future__ import annotations

import ctypes
import datetime as dt
import os
import shutil
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from flows.cli import main
from pipeline.ingest import (
    IngestOptions,
    IngestReport,
    Prepared,
    Source,
    batch,
    ingest_with,
    pool,
    prepare,
)
from pipeline.ingest.pool import ExtractionPool, extraction_pool, usable_cpus
from pipeline.ingest.sources import scan
from pipeline.kinds import Change
from pipeline.store.datasets import read_table
from pipeline.store.writer import DOCUMENT_DATASETS

from ..conftest import RAW_DIR, ROOT, SAMPLES

EXIT_MARK = b"QDX-TEST: os._exit"
SEGFAULT_MARK = b"QDX-TEST: segfault"


def crashing_prepare(source: Source, extracted_at: dt.datetime) -> Prepared:
    """:func:`prepare`, except that a file holding a mark kills its process as a native crash
    would: ``os._exit(3)``, or a read at address 0 (SIGSEGV). Module-level: the workers import
    it by name."""
    data = source.path.read_bytes()
    if EXIT_MARK in data:
        os._exit(3)
    if SEGFAULT_MARK in data:
        ctypes.string_at(0)
    return prepare(source, extracted_at)


@pytest.fixture(autouse=True)
def _importable_by_the_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The workers import :func:`crashing_prepare` by name (``tests.integration.test_pool``):
    they get this process's sys.path when they start, and pytest's importlib mode does not put
    the checkout on it."""
    monkeypatch.syspath_prepend(str(ROOT))


def _rows(out: Path, dataset: str) -> list[dict[str, Any]]:
    """A dataset's rows without ``extracted_at`` (each run's start), in a stable order."""
    table = read_table(dataset, out)
    if "extracted_at" in table.column_names:
        table = table.drop_columns(["extracted_at"])
    return sorted(table.to_pylist(), key=repr)


def _outcomes(report: IngestReport) -> list[tuple[Any, ...]]:
    return [
        (o.doc_id, o.change, o.province, o.period, o.error, o.n_issues, o.n_errors)
        for o in report.outcomes
    ]


def _ingest(raw: Path, out: Path, workers: int) -> tuple[IngestReport, list[str]]:
    seen: list[str] = []
    options = IngestOptions(raw_dir=raw, out_dir=out, workers=workers, batch_size=2)
    report = ingest_with(options, on_file=lambda o: seen.append(o.doc_id))
    return report, seen


def test_two_workers_write_what_one_writes_in_the_same_order(tmp_path: Path) -> None:
    one, one_seen = _ingest(RAW_DIR, tmp_path / "one", workers=1)
    two, two_seen = _ingest(RAW_DIR, tmp_path / "two", workers=2)
    assert one_seen == two_seen == sorted(SAMPLES.values())
    assert _outcomes(two) == _outcomes(one)
    assert [o.change for o in two.outcomes] == [Change.ADDED] * 5
    for dataset in DOCUMENT_DATASETS:
        assert _rows(tmp_path / "two", dataset) == _rows(tmp_path / "one", dataset), dataset
    documents = {r["doc_id"]: r for r in _rows(tmp_path / "two", "documents")}
    # Read from the source: "Tổng kinh phí … 8.374 triệu đồng" of the Hưng Yên decision.
    assert documents[SAMPLES["hung_yen"]]["total_budget_vnd"] == 8_374_000_000
    runs = read_table("runs", tmp_path / "two").to_pylist()
    assert [r["doc_id"] for r in runs] == two_seen


@pytest.mark.parametrize(
    ("mark", "death"),
    [(EXIT_MARK, "exited with code 3"), (SEGFAULT_MARK, "killed by signal SIGSEGV")],
    ids=["os._exit", "segfault"],
)
def test_a_worker_that_dies_fails_its_file_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mark: bytes, death: str
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("an_giang", "binh_phuoc", "dong_nai"):
        shutil.copy(RAW_DIR / SAMPLES[name], raw / SAMPLES[name])
    (raw / "002_crash.txt").write_bytes(b"QUYET DINH\n" + mark + b"\n")
    monkeypatch.setattr(
        batch, "extraction_pool", partial(extraction_pool, prepare_one=crashing_prepare)
    )
    report, seen = _ingest(raw, tmp_path / "out", workers=2)
    changes = {o.doc_id: o.change for o in report.outcomes}
    assert seen == sorted(changes)
    assert changes.pop("002_crash.txt") == Change.FAILED
    assert set(changes.values()) == {Change.ADDED}
    failed = next(o for o in report.outcomes if o.doc_id == "002_crash.txt")
    assert failed.error == f"extraction crashed its process ({death})"
    issues = [r for r in _rows(tmp_path / "out", "issues") if r["doc_id"] == "002_crash.txt"]
    assert [(r["check"], r["message"]) for r in issues] == [
        ("extract_failed", f"002_crash.txt: extraction crashed its process ({death})")
    ]
    # The other files' rows are those of a run without the crashing file.
    (raw / "002_crash.txt").unlink()
    _ingest(raw, tmp_path / "clean", workers=1)
    for dataset in DOCUMENT_DATASETS:
        rows = [r for r in _rows(tmp_path / "out", dataset) if r["doc_id"] != "002_crash.txt"]
        assert rows == _rows(tmp_path / "clean", dataset), dataset


def test_the_pool_restarts_after_a_death_and_keeps_the_order(tmp_path: Path) -> None:
    names = [SAMPLES["an_giang"], SAMPLES["dong_nai"], SAMPLES["binh_phuoc"]]
    for name in names:
        shutil.copy(RAW_DIR / name, tmp_path / name)
    (tmp_path / "001_crash.txt").write_bytes(EXIT_MARK)
    sources = scan(tmp_path)
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with extraction_pool(2, at, crashing_prepare) as workers:
        assert isinstance(workers, ExtractionPool)
        got = workers.extract(sources)
        assert workers.restarts == 1
        again = workers.extract(sources)  # the new pool serves as the old one did
    assert [p.doc_id for p in got] == [s.doc_id for s in sources]
    assert [p.failed for p in got] == [p.doc_id == "001_crash.txt" for p in got]
    in_process = [prepare(s, at) for s in sources if s.doc_id != "001_crash.txt"]
    for one, other in zip([p for p in got if not p.failed], in_process, strict=True):
        assert one.doc_id == other.doc_id
        assert {k: t.to_pylist() for k, t in one.tables.items()} == {
            k: t.to_pylist() for k, t in other.tables.items()
        }
    assert [p.error for p in again] == [p.error for p in got]


def test_files_submitted_to_a_broken_pool_go_to_a_new_one(tmp_path: Path) -> None:
    """A worker died while the run wrote a batch: the next submit finds the pool broken (Python
    raises BrokenProcessPool there) and starts a new one instead of failing the run."""
    import concurrent.futures

    (tmp_path / "000_crash.txt").write_bytes(EXIT_MARK)
    shutil.copy(RAW_DIR / SAMPLES["dong_nai"], tmp_path / SAMPLES["dong_nai"])
    crash, sample = scan(tmp_path)
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with extraction_pool(2, at, crashing_prepare) as workers:
        assert isinstance(workers, ExtractionPool)
        workers.submit([crash])
        concurrent.futures.wait([workers._pending[crash.doc_id].future])  # the pool broke
        workers.submit([sample])
        got = workers.extract([crash, sample])
    assert [(p.doc_id, p.error) for p in got] == [
        ("000_crash.txt", "extraction crashed its process (exited with code 3)"),
        (SAMPLES["dong_nai"], None),
    ]


def test_one_worker_extracts_in_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("no process pool with one worker")

    monkeypatch.setattr(pool, "ExtractionPool", no_pool)
    report, _ = _ingest(RAW_DIR, tmp_path / "out", workers=1)
    assert [o.change for o in report.outcomes] == [Change.ADDED] * 5
    with extraction_pool(1, dt.datetime.now(dt.UTC)) as nothing:
        assert nothing is None


def test_never_more_workers_than_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One file to extract: no pool, even with --workers 4 (its start would cost seconds)."""
    started: list[int | None] = []

    def counting(workers: int | None, *args: Any, **kwargs: Any) -> Any:
        started.append(workers)
        return extraction_pool(workers, *args, **kwargs)

    monkeypatch.setattr(batch, "extraction_pool", counting)
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW_DIR / SAMPLES["dong_nai"], raw / SAMPLES["dong_nai"])
    _ingest(raw, tmp_path / "out", workers=4)
    assert started == [1]


def test_usable_cpus_is_this_process_affinity() -> None:
    assert usable_cpus() == len(os.sched_getaffinity(0))


def test_cli_workers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert main(["ingest", str(RAW_DIR), "--out", str(out), "--no-prefect", "--workers", "2"]) == 0
    assert len(_rows(out, "documents")) == 5
    assert main(["ingest", str(RAW_DIR), "--out", str(out), "--no-prefect", "--workers", "0"]) == 2
    assert "--workers" in capsys.readouterr().err
    # The flow extracts on its task runner: --workers is refused there, before any work.
    monkeypatch.setenv("QDX_NO_PREFECT", "0")
    assert main(["ingest", str(RAW_DIR), "--out", str(tmp_path / "flow"), "--workers", "2"]) == 2
    err = capsys.readouterr().err
    assert "Invalid value for --workers: the library's extraction processes" in err
    assert not (tmp_path / "flow").exists()


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _gone(pids: list[int]) -> bool:
    return not any(Path(f"/proc/{pid}").exists() for pid in pids)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_run_killed_with_sigkill_leaves_no_worker_behind(tmp_path: Path) -> None:
    """The workers are the forkserver's children, not the run's: each watches the run's process
    and ends with it (pipeline.ingest.pool._tie_to_the_run)."""
    import signal
    import subprocess
    import sys
    import time

    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(40):
        for name in SAMPLES.values():
            shutil.copy(RAW_DIR / name, raw / f"{i:02d}_{name}")
    code = (
        "import sys; from pathlib import Path\n"
        "from pipeline.ingest import IngestOptions, ingest_with\n"
        "if __name__ == '__main__':\n"
        "    ingest_with(IngestOptions(raw_dir=Path(sys.argv[1]), out_dir=Path(sys.argv[2]),"
        " workers=2))\n"
    )
    script = tmp_path / "run.py"
    script.write_text(code)
    run = subprocess.Popen([sys.executable, str(script), str(raw), str(tmp_path / "out")])
    try:
        deadline = time.monotonic() + 300
        workers: list[int] = []
        while len(workers) < 2 and time.monotonic() < deadline and run.poll() is None:
            workers = [w for child in _children(run.pid) for w in _children(child)]
            time.sleep(0.05)
        assert len(workers) == 2, "the workers never started"
        run.send_signal(signal.SIGKILL)
        run.wait()
        deadline = time.monotonic() + 60
        while not _gone(workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _gone(workers), f"workers {workers} outlived the run"
    finally:
        if run.poll() is None:
            run.kill()
