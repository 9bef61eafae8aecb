"""Prefect's temporary server, started by `qdx ingest` when no PREFECT_API_URL is set, does not
outlive the run, even when the run is SIGKILLed (its atexit hook then never runs)."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from ..conftest import BAD_DIR, RAW_DIR, ROOT

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc"),
]

_SERVER_MARKERS = ("uvicorn", "prefect.server.api.server:create_app")


def _stat(pid: int) -> tuple[str, int] | None:
    """The state and parent pid of a process from /proc/PID/stat, or None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()  # the name in parentheses may hold spaces
    return fields[0], int(fields[1])


def _alive(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] not in ("Z", "X")  # a zombie has ended


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) and stat[1] == pid:
            found.append(int(entry.name))
    return found


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _wait_for(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return bool(condition())


def _without_server(tmp_path: Path) -> tuple[Path, Path, Path, dict[str, str]]:
    """RAW_DIR (the samples), OUT_DIR, a Prefect home, and an environment for a `qdx ingest`
    through Prefect with no server configured, so that it starts its temporary one."""
    raw, out, home = tmp_path / "raw", tmp_path / "out", tmp_path / "prefect-home"
    shutil.copytree(RAW_DIR, raw)
    # Prefect's settings as a user's shell has them: none of what the session's other tests left
    # in os.environ (the harness's console level, a CLI test's setdefaults, an API URL).
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(QDX_NO_PREFECT="0", PREFECT_HOME=str(home))
    return raw, out, home, env


def test_killed_run_leaves_no_prefect_server(tmp_path: Path) -> None:
    raw, out, _, env = _without_server(tmp_path)
    qdx = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "ingest", str(raw), "--out", str(out)],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,  # as under cron or systemd
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    servers: list[int] = []
    try:

        def server_started() -> bool:
            servers[:] = [
                pid
                for pid in _children(qdx.pid)
                if all(marker in _cmdline(pid) for marker in _SERVER_MARKERS)
            ]
            return bool(servers) or qdx.poll() is not None

        assert _wait_for(server_started, timeout=60)
        if not servers:
            pytest.fail(f"no temporary server started: {qdx.communicate()[1].decode()[-2000:]}")
        qdx.send_signal(signal.SIGKILL)
        qdx.wait(timeout=10)
        assert _wait_for(lambda: not any(_alive(pid) for pid in servers), timeout=5), (
            f"the temporary server outlived its run: {servers}"
        )
    finally:
        if qdx.poll() is None:
            qdx.kill()
            qdx.wait()
        for pid in servers:  # the orphan this test made, if it failed
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_run_against_its_own_server_ends_cleanly(tmp_path: Path) -> None:
    raw, out, home, env = _without_server(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "ingest", str(raw), "--out", str(out), "--json"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,  # as under cron or systemd
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "starting a temporary Prefect server (takes ~10 s)…" in done.stderr
    assert "Traceback" not in done.stderr and "Error" not in done.stderr, done.stderr[-2000:]
    assert (out / "documents").is_dir()
    assert (home / "prefect.db").is_file()  # the runs went to PREFECT_HOME's database


def test_issue_16_each_failure_is_printed_once(tmp_path: Path) -> None:
    raw, out, _, env = _without_server(tmp_path)
    shutil.copy(BAD_DIR / "truncated.pdf", raw / "truncated.pdf")
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "ingest", str(raw), "--out", str(out)],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,  # as under cron or systemd
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 1, done.stderr[-2000:]
    output = done.stdout + done.stderr
    # on stderr: which server, then one line for the failure (stdout has the summary table)
    assert done.stderr.splitlines() == [
        "starting a temporary Prefect server (takes ~10 s)…",
        f"error {raw / 'truncated.pdf'}: not a readable PDF (truncated: the file ends before"
        " its end-of-file marker)",
    ], output[-2000:]
    assert "Flow run" not in output  # Prefect's console copy of the flow's log lines
    assert "6 files: 5 added, 1 failed" in done.stdout


def test_issue_16_serve_logs_each_run_and_stops_on_sigterm(tmp_path: Path) -> None:
    raw, out, home, env = _without_server(tmp_path)
    env["PREFECT_RUNNER_POLL_FREQUENCY"] = "2"  # the --run-now run is picked up within 2 s
    serve = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "serve", str(raw), "--out", str(out), "--run-now"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,  # as under cron or systemd
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    assert serve.stdout is not None
    reader = threading.Thread(target=lambda: lines.extend(serve.stdout), daemon=True)
    reader.start()
    try:
        # Until the first run has written its change log and its state is final (bounded: a run
        # that never ends fails the test instead of hanging it).
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and not _completed_runs(home):
            time.sleep(1)
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=60)
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait()
    reader.join(timeout=10)
    output = "".join(lines)
    assert _completed_runs(home), f"runs: {_runs(home)}\n{output[-3000:]}"
    assert serve.returncode == 0, output[-3000:]
    assert "starting a temporary Prefect server (takes ~10 s)…" in output
    assert "serving qdx-ingest/qdx-ingest on '0 2 * * *' (UTC)" in output
    assert "stopped; " in output and "scheduled runs deleted" in output
    assert "RuntimeWarning" not in output and "Traceback" not in output, output[-3000:]
    assert list((out / "runs").glob("*.parquet"))  # the run's change log
    assert (out / "documents").is_dir()
    assert not (home / "qdx-server.json").exists()  # no longer offered to `qdx ingest`
    with sqlite3.connect(home / "prefect.db") as db:
        states = dict(db.execute("select state_type, count(*) from flow_run group by 1"))
    assert states == {"COMPLETED": 1}, states  # no run left SCHEDULED


def _completed_runs(home: Path) -> int:
    """How many flow runs the server in ``home`` holds as COMPLETED (0 before its database)."""
    return sum(state == "COMPLETED" for _, state, _ in _runs(home))


def _runs(home: Path) -> list[tuple[str, str, str]]:
    """Each flow run the server in ``home`` holds: its name, state type and state name (read
    while the server writes: the connection waits up to 10 s for its lock)."""
    db_path = home / "prefect.db"
    if not db_path.is_file():
        return []
    try:
        with sqlite3.connect(db_path, timeout=10) as db:
            return db.execute("select name, state_type, state_name from flow_run").fetchall()
    except sqlite3.Error as exc:
        return [("", "", f"unreadable database: {exc}")]


def test_a_server_that_does_not_start_is_one_line(tmp_path: Path) -> None:
    raw, out, _, env = _without_server(tmp_path)
    env["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "0"  # gives up at once
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "ingest", str(raw), "--out", str(out)],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 1, done.stderr[-2000:]
    assert done.stderr.splitlines() == [
        "starting a temporary Prefect server (takes ~10 s)…",
        "error the temporary Prefect server did not start (Timed out while attempting to connect"
        " to ephemeral Prefect API server.): set PREFECT_API_URL to a running server, raise"
        " PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS, or run with --no-prefect",
    ], done.stderr[-2000:]
    assert not (out / "documents").exists()  # nothing written
