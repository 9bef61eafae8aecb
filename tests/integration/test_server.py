"""Prefect's temporary server, started by `qdx ingest` when no PREFECT_API_URL is set, does not
outlive the run, even when the run is SIGKILLed (its atexit hook then never runs)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from ..conftest import RAW_DIR, ROOT

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
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(QDX_NO_PREFECT="0", PREFECT_HOME=str(home))
    return raw, out, home, env


def test_killed_run_leaves_no_prefect_server(tmp_path: Path) -> None:
    raw, out, _, env = _without_server(tmp_path)
    qdx = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "ingest", str(raw), "--out", str(out)],
        cwd=ROOT,
        env=env,
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
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "starting Prefect's temporary server" in done.stderr
    assert "Traceback" not in done.stderr and "Error" not in done.stderr, done.stderr[-2000:]
    assert (out / "documents").is_dir()
    assert (home / "prefect.db").is_file()  # the runs went to PREFECT_HOME's database
