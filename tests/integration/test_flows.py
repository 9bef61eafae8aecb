"""The `qdx-ingest` Prefect flow end to end, under one Prefect test server for the session.

Incremental runs (unchanged, corrected, deleted files), the change log in the `runs` dataset,
a run killed midway and finished by the next, the Dask task runner, an S3 round trip against a
local S3-compatible server, validation failures as issue rows, and the CLI on top.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from flows.cli import main
from flows.ingest import deployment_parameters, ingest_flow, run_ingest
from pipeline.build.extract import extract
from pipeline.ingest import IngestOptions, IngestReport, ingest, validate
from pipeline.kinds import Change
from pipeline.store.datasets import read_table
from pipeline.store.writer import DOCUMENT_DATASETS, MANIFEST_NAME, load_manifest

from ..conftest import RAW_DIR, ROOT, SAMPLES

pytestmark = pytest.mark.usefixtures("prefect_harness")

HUNG_YEN = SAMPLES["hung_yen"]
CAO_BANG = SAMPLES["cao_bang"]


def _files(out: Path) -> dict[str, bytes]:
    """Every file under OUT_DIR (the lock file left out) by relative path, with its bytes."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != ".qdx.lock"
    }


def _rows(out: str | Path, dataset: str) -> list[dict[str, Any]]:
    """A dataset's rows, `extracted_at` (the run's start) left out, in a stable order."""
    rows = read_table(dataset, out).drop_columns(
        [c for c in ("extracted_at",) if c in DOCUMENT_DATASETS[dataset].model_fields]
    )
    return sorted(rows.to_pylist(), key=repr)


def _datasets(out: str | Path) -> dict[str, list[dict[str, Any]]]:
    return {name: _rows(out, name) for name in DOCUMENT_DATASETS}


def _runs(out: Path) -> pd.DataFrame:
    return pd.read_parquet(out / "runs")


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, IngestReport]:
    """The five samples ingested once through the flow (copied by each test that changes them)."""
    base = tmp_path_factory.mktemp("first-run")
    raw, out = base / "raw", base / "out"
    shutil.copytree(RAW_DIR, raw)
    report = run_ingest(raw, out)
    return raw, out, report


@pytest.fixture()
def ingested(first_run: tuple[Path, Path, IngestReport], tmp_path: Path) -> tuple[Path, Path]:
    raw, out, _ = first_run
    shutil.copytree(raw, tmp_path / "raw")
    shutil.copytree(out, tmp_path / "out")
    return tmp_path / "raw", tmp_path / "out"


def test_first_run_adds_every_document_and_logs_it(
    first_run: tuple[Path, Path, IngestReport],
) -> None:
    _, out, report = first_run
    assert report.count(Change.ADDED) == 5 and report.exit_code == 0
    assert len(read_table("documents", out)) == 5
    runs = _runs(out)
    assert sorted(runs["doc_id"]) == sorted(SAMPLES.values())
    assert set(runs["change"]) == {"added"}
    assert set(runs["run_id"]) == {report.run_id}
    assert report.runs_file and Path(report.runs_file).is_file()
    assert not load_manifest(out).pending

    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        artifacts = {a.key: a for a in client.read_artifacts() if a.key}
    assert "5 |" in str(artifacts["qdx-ingest-summary"].data)
    assert HUNG_YEN in str(artifacts["qdx-ingest-changes"].data)


def test_second_run_extracts_nothing_and_keeps_every_file(
    ingested: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    raw, out = ingested
    before = _files(out)

    def no_extraction(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unchanged file was extracted")

    monkeypatch.setattr("flows.ingest.prepare", no_extraction)
    monkeypatch.setattr("flows.cache.load", no_extraction)
    report = run_ingest(raw, out)
    assert report.count(Change.UNCHANGED) == 5 and len(report.outcomes) == 5
    assert report.runs_file is None  # nothing changed: no change log file either
    assert _files(out) == before  # every Parquet file, the manifest too, byte for byte


def test_corrected_copy_changes_only_its_rows_and_the_log_names_the_values(
    ingested: tuple[Path, Path],
) -> None:
    raw, out = ingested
    before = _files(out)
    path = raw / HUNG_YEN
    text = path.read_text(encoding="utf-8")
    assert text.count("3.696") == 1
    path.write_text(text.replace("3.696", "3.646"), encoding="utf-8")

    report = run_ingest(raw, out)

    assert [(o.doc_id, o.change) for o in report.outcomes if o.change != Change.UNCHANGED] == [
        (HUNG_YEN, Change.CHANGED)
    ]
    after = _files(out)
    # The corrected document is alone in its partition: only that partition's parts changed.
    partition = "/province=hung-yen/period=2018-2020/"
    differing = {n for n in before.keys() | after.keys() if before.get(n) != after.get(n)}
    data = {n for n in differing if not n.startswith("runs/") and n != MANIFEST_NAME}
    assert data and all(partition in n for n in data)  # only the corrected document's files
    assert any(n.startswith("budget_lines/") for n in data)

    budget = read_table("budget_lines", out).to_pandas()
    mine = budget[budget["doc_id"] == HUNG_YEN]
    assert 3_646_000_000 in set(mine["amount_vnd"]) and 3_696_000_000 not in set(mine["amount_vnd"])

    runs = _runs(out)
    [row] = runs[(runs["run_id"] == report.run_id) & (runs["change"] == "changed")].to_dict(
        "records"
    )
    assert row["doc_id"] == HUNG_YEN
    assert "1 budget line changed" in row["summary"]
    differences = {d["field"]: (d["old"], d["new"]) for d in row["differences"]}
    [amount] = [v for f, v in differences.items() if f.endswith(".amount_vnd")]
    assert amount == ("3696000000", "3646000000")
    assert differences["budget_lines"] == ("148 rows", "148 rows: 1 changed")
    assert set(runs[runs["run_id"] == report.run_id]["change"]) == {"changed", "unchanged"}


def test_deleted_file_loses_its_rows(ingested: tuple[Path, Path]) -> None:
    raw, out = ingested
    (raw / CAO_BANG).unlink()
    report = run_ingest(raw, out)
    assert report.count(Change.REMOVED) == 1 and report.count(Change.UNCHANGED) == 4
    for name in DOCUMENT_DATASETS:
        assert CAO_BANG not in {row["doc_id"] for row in _rows(out, name)}, name
    assert not list(out.rglob("province=cao-bang"))  # its partition held only it: gone
    assert CAO_BANG not in load_manifest(out).documents
    runs = _runs(out)
    assert runs[runs["run_id"] == report.run_id].set_index("doc_id").loc[CAO_BANG, "change"] == (
        "removed"
    )


_KILLER = """
import os, signal, sys
import pipeline.store.writer as writer

limit = int(os.environ["QDX_TEST_KILL_AFTER"])
rename = writer._rename
renamed = 0

def rename_then_die(tmp, target):
    global renamed
    if target.name.endswith(".parquet"):
        renamed += 1
        if renamed > limit:
            os.kill(os.getpid(), signal.SIGKILL)  # mid-batch: some parts in place
    return rename(tmp, target)

writer._rename = rename_then_die
from flows.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _corpus(raw: Path, copies: int) -> None:
    """The five samples, several times over under other folders (same content, other ids)."""
    for i in range(copies):
        shutil.copytree(RAW_DIR, raw / f"batch{i}")


def test_killed_run_is_finished_by_the_next(tmp_path: Path) -> None:
    from prefect.settings import PREFECT_API_URL, PREFECT_LOCAL_STORAGE_PATH

    raw, out, clean = tmp_path / "raw", tmp_path / "out", tmp_path / "clean"
    _corpus(raw, 3)
    env = {
        **os.environ,
        "QDX_NO_PREFECT": "0",
        "QDX_TEST_KILL_AFTER": "20",
        "PREFECT_API_URL": str(PREFECT_API_URL.value()),
        "PREFECT_LOCAL_STORAGE_PATH": str(PREFECT_LOCAL_STORAGE_PATH.value()),
    }
    args = ["ingest", str(raw), "--out", str(out), "--batch-size", "2", "--json"]
    killed = subprocess.run(
        [sys.executable, "-c", _KILLER, *args], env=env, capture_output=True, timeout=120
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()[-2000:]
    manifest = load_manifest(out)
    assert manifest.pending  # documents it was rewriting when killed
    assert len(manifest.documents) < 15
    # Only complete files: every visible file reads; a write cut short is a hidden temporary
    # file (readers skip names starting with "."), removed by the next run.
    for path in out.rglob("*.parquet"):
        pq.read_metadata(path)

    resumed = run_ingest(raw, out, batch_size=2)
    assert resumed.exit_code == 0
    assert resumed.count(Change.UNCHANGED) == len(manifest.documents)
    assert resumed.count(Change.ADDED) == 15 - len(manifest.documents)
    assert not load_manifest(out).pending
    assert not list(out.rglob("*.tmp"))

    reference = run_ingest(raw, clean, use_cache=False)
    assert reference.count(Change.ADDED) == 15
    assert _datasets(out) == _datasets(clean)
    for name in DOCUMENT_DATASETS:  # the same part files, no leftovers
        assert len(list((out / name).rglob("*.parquet"))) == len(
            list((clean / name).rglob("*.parquet"))
        ), name


def test_dask_runner_gives_the_same_datasets(
    first_run: tuple[Path, Path, IngestReport], tmp_path: Path
) -> None:
    pytest.importorskip("prefect_dask")
    raw, reference, _ = first_run
    out = tmp_path / "out"
    try:
        report = run_ingest(raw, out, task_runner="dask", dask_workers=1, use_cache=False)
    except (OSError, TimeoutError) as exc:  # pragma: no cover - a machine without sockets
        pytest.skip(f"a local Dask cluster cannot start here: {exc}")
    assert report.count(Change.ADDED) == 5 and not any(o.from_cache for o in report.outcomes)
    assert _datasets(out) == _datasets(reference)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def s3(monkeypatch: pytest.MonkeyPatch) -> Any:
    """A local S3-compatible server (moto) on 127.0.0.1 and a bucket `qdx-test`."""
    moto_server = pytest.importorskip("moto.server")
    boto3 = pytest.importorskip("boto3")
    import fsspec.config
    import s3fs

    server = moto_server.ThreadedMotoServer(
        ip_address="127.0.0.1", port=_free_port(), verbose=False
    )
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    # What FSSPEC_S3_ENDPOINT_URL=… in the environment gives a fresh process.
    monkeypatch.setitem(fsspec.config.conf, "s3", {"endpoint_url": endpoint})
    boto3.client("s3", endpoint_url=endpoint).create_bucket(Bucket="qdx-test")
    s3fs.S3FileSystem.clear_instance_cache()
    try:
        yield endpoint
    finally:
        s3fs.S3FileSystem.clear_instance_cache()
        server.stop()


def test_s3_round_trip(s3: str, first_run: tuple[Path, Path, IngestReport], tmp_path: Path) -> None:
    import pyarrow.dataset as ds
    import s3fs

    _, reference, _ = first_run
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    url = "s3://qdx-test/qdx/processed"
    report = run_ingest(raw, url)
    assert report.count(Change.ADDED) == 5

    options = {"client_kwargs": {"endpoint_url": s3}}
    documents = pd.read_parquet(f"{url}/documents", storage_options=options)
    assert len(documents) == 5
    assert set(documents["province"].astype(str)) == {
        "hung-yen",
        "an-giang",
        "binh-phuoc",
        "cao-bang",
        "dong-nai",
    }
    fs = s3fs.S3FileSystem(**options)
    assert not fs.exists("qdx-test/qdx/processed/.qdx.lock")  # released
    for name in DOCUMENT_DATASETS:
        table = ds.dataset(
            f"qdx-test/qdx/processed/{name}", filesystem=fs, format="parquet", partitioning="hive"
        ).to_table()
        local = read_table(name, reference)
        assert table.num_rows == local.num_rows, name
    runs = pd.read_parquet(f"{url}/runs", storage_options=options)
    assert sorted(runs["change"]) == ["added"] * 5

    again = run_ingest(raw, url)  # the manifest on S3 says what is there
    assert again.count(Change.UNCHANGED) == 5

    (raw / CAO_BANG).unlink()
    path = raw / HUNG_YEN
    path.write_text(path.read_text(encoding="utf-8").replace("3.696", "3.646"), encoding="utf-8")
    third = run_ingest(raw, url)
    changes = {o.doc_id: o.change for o in third.outcomes if o.change != Change.UNCHANGED}
    assert changes == {CAO_BANG: Change.REMOVED, HUNG_YEN: Change.CHANGED}
    [changed] = [o for o in third.outcomes if o.doc_id == HUNG_YEN]
    assert "1 budget line changed" in (changed.summary or "")
    fs.invalidate_cache()
    assert not [p for p in fs.find("qdx-test/qdx/processed") if "province=cao-bang/" in p]
    documents = pd.read_parquet(f"{url}/documents", storage_options=options)
    assert sorted(documents["doc_id"]) == sorted(set(SAMPLES.values()) - {CAO_BANG})


def test_validation_failure_is_an_issue_row_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sample = extract(RAW_DIR / HUNG_YEN, HUNG_YEN)
    too_big = sample.records["budget_lines"][0].model_copy(update={"amount_vnd": 2**70})
    bad = type(sample)(
        **{
            **{name: getattr(sample, name) for name in type(sample).__dataclass_fields__},
            "records": {**sample.records, "budget_lines": (too_big,)},
        }
    )
    prepared = validate(bad)
    assert prepared.failed and "budget_lines" in (prepared.error or "")
    assert set(prepared.tables) == {"issues"}
    checks = prepared.tables["issues"].column("check").to_pylist()
    assert "validation_failed" in checks and "prose_years_sum" in checks

    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    real_extract = extract

    def extract_with_a_bug(path: Path, doc_id: str | None = None, **kwargs: Any) -> Any:
        return bad if doc_id == HUNG_YEN else real_extract(path, doc_id, **kwargs)

    monkeypatch.setattr("pipeline.ingest.prepared.extract", extract_with_a_bug)
    report = ingest(raw, tmp_path / "out")
    assert report.exit_code == 1
    assert report.count(Change.FAILED) == 1 and report.count(Change.ADDED) == 4
    assert HUNG_YEN not in set(read_table("documents", tmp_path / "out")["doc_id"].to_pylist())
    issues = read_table("issues", tmp_path / "out").to_pandas()
    failed = issues[issues["check"] == "validation_failed"]
    assert list(failed["doc_id"]) == [HUNG_YEN]
    assert failed["message"].iloc[0].startswith("budget_lines: column amount_vnd (int64)")


def test_province_filter_leaves_the_others_alone(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(RAW_DIR, raw)
    report = ingest(raw, out, provinces=["hung-yen", "cao-bang"])
    assert sorted(o.doc_id for o in report.outcomes) == sorted([HUNG_YEN, CAO_BANG])
    assert len(report.skipped) == 3
    assert sorted(read_table("documents", out)["province"].to_pylist()) == ["cao-bang", "hung-yen"]
    (raw / HUNG_YEN).unlink()
    (raw / SAMPLES["an_giang"]).unlink()  # not written yet, outside the filter: nothing to do
    report = ingest(raw, out, provinces=["cao-bang"])
    assert [(o.doc_id, o.change) for o in report.outcomes] == [(CAO_BANG, Change.UNCHANGED)]
    report = ingest(raw, out)
    assert report.count(Change.REMOVED) == 1 and report.count(Change.ADDED) == 2


def test_cli_runs_the_flow(
    first_run: tuple[Path, Path, IngestReport],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    raw, _, _ = first_run
    monkeypatch.setenv("QDX_NO_PREFECT", "0")
    out = tmp_path / "out"
    assert main(["ingest", str(raw), "--out", str(out), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["counts"]["added"] == 5
    assert payload["runs_file"].startswith(str(out / "runs"))
    assert main(["ingest", str(raw), "--out", str(out)]) == 0
    assert "5 files: 5 unchanged" in capsys.readouterr().out
    # bad usage: exit 2, before anything starts
    assert main(["ingest", str(raw), "--no-prefect", "--task-runner", "dask"]) == 2
    assert main(["ingest", str(raw), "--task-runner", "spark"]) == 2
    assert main(["serve", str(raw), "--cron", "every night"]) == 2


def test_schedule_deployment(tmp_path: Path) -> None:
    parameters = deployment_parameters(RAW_DIR, "s3://bucket/qdx", provinces=["hung-yen"])
    assert parameters["raw_dir"] == str(RAW_DIR) and parameters["out_dir"] == "s3://bucket/qdx"
    deployment = ingest_flow.to_deployment(name="nightly", cron="0 2 * * *", parameters=parameters)
    [schedule] = deployment.schedules
    assert getattr(schedule.schedule, "cron", None) == "0 2 * * *"
    assert deployment.entrypoint and deployment.entrypoint.endswith("flows/ingest.py:ingest_flow")
    config = (ROOT / "prefect.yaml").read_text(encoding="utf-8")
    assert "flows/ingest.py:ingest_flow" in config and "cron:" in config


def test_tables_survive_a_round_trip_through_the_cache(tmp_path: Path) -> None:
    from flows import cache
    from pipeline.ingest import Source, prepare, scan

    [source] = [s for s in scan(RAW_DIR) if s.doc_id == CAO_BANG]
    first = prepare(source, pd.Timestamp("2025-01-01", tz="UTC").to_pydatetime())
    copy = tmp_path / "elsewhere" / "copy.txt"
    copy.parent.mkdir()
    shutil.copy(source.path, copy)
    moved = Source(copy, "elsewhere/copy.txt", source.sha256)
    assert cache.cache_key(moved, "v1") == cache.cache_key(source, "v1")  # content, not path
    later = pd.Timestamp("2025-06-01", tz="UTC").to_pydatetime()
    rebound = cache.rebind(first, moved, later)
    fresh = prepare(moved, later)
    for name, table in fresh.tables.items():
        assert rebound.tables[name].equals(table), name
    assert isinstance(rebound.tables["documents"], pa.Table)


def test_issue_11_faults_through_the_flow(ingested: tuple[Path, Path], tmp_path: Path) -> None:
    """The flow keeps a failed file's last rows, marks duplicates and skips a link out of
    RAW_DIR and a file of a type qdx does not read as the library does, and gives the same
    datasets."""
    raw, out = ingested
    (raw / HUNG_YEN).write_bytes(b"")  # truncated: its rows from the last run stay
    shutil.copy(raw / CAO_BANG, raw / "copy.txt")
    outside = tmp_path / "outside.txt"
    shutil.copy(RAW_DIR / SAMPLES["dong_nai"], outside)
    (raw / "link.txt").symlink_to(outside)
    (raw / "notes.md").write_text("# where these came from\n", encoding="utf-8")
    library_out = tmp_path / "library-out"
    shutil.copytree(out, library_out)
    report = run_ingest(raw, out)
    changes = {o.doc_id: o.change for o in report.outcomes}
    assert changes[HUNG_YEN] == Change.FAILED and changes["link.txt"] == Change.SKIPPED
    assert changes["notes.md"] == Change.SKIPPED
    assert report.duplicates == {"copy.txt": (CAO_BANG, "the same file")}
    documents = read_table("documents", out).to_pandas().set_index("doc_id")
    assert documents.loc[HUNG_YEN, "total_budget_vnd"] == 8_374_000_000
    assert pd.isna(documents.loc[CAO_BANG, "duplicate_of"])
    assert documents.loc["copy.txt", "duplicate_of"] == CAO_BANG
    ingest(raw, library_out)
    assert _datasets(out) == _datasets(library_out)


def test_issue_16_strict_through_the_flow(ingested: tuple[Path, Path]) -> None:
    raw, out = ingested
    (raw / "notes.md").write_text("# where these came from\n", encoding="utf-8")
    assert run_ingest(raw, out).exit_code == 0
    report = run_ingest(raw, out, strict=True)
    assert report.exit_code == 1
    [failed] = [o for o in report.outcomes if o.change == Change.FAILED]
    assert failed.doc_id == "notes.md" and failed.error is not None
    assert failed.error.startswith("unsupported file type '.md'")
    assert deployment_parameters(raw, out, strict=True)["strict"] is True
    assert "strict" not in deployment_parameters(raw, out)


def test_the_flow_takes_the_fields_of_the_options() -> None:
    import inspect

    parameters = set(inspect.signature(ingest_flow.fn).parameters)
    assert parameters - {"on_file"} == set(IngestOptions.model_fields)


def test_a_failed_write_fails_its_document_alone_through_the_flow(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.ingest import batch

    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(RAW_DIR, raw)
    real_write = batch.prepared_write
    attempts: list[str] = []

    def write_or_fail(out_dir, prepared, *args, **kwargs):  # type: ignore[no-untyped-def]
        if prepared.doc_id == HUNG_YEN:
            attempts.append(prepared.doc_id)
            raise OSError("disk on fire")
        return real_write(out_dir, prepared, *args, **kwargs)

    monkeypatch.setattr(batch, "prepared_write", write_or_fail)
    report = run_ingest(raw, out, batch_size=5, use_cache=False)
    failed = [(o.doc_id, o.error) for o in report.outcomes if o.change == Change.FAILED]
    assert failed == [(HUNG_YEN, "could not write its rows: disk on fire")]
    assert report.count(Change.ADDED) == 4
    assert len(attempts) == 3  # the write task's two retries, then the document fails
    assert HUNG_YEN in load_manifest(out).pending
