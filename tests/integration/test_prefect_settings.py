"""Issue 16: every Prefect command run from the checkout reads its prefect.toml (telemetry off,
a temporary server given time to start), not only qdx's own runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import ROOT

PREFECT = str(Path(sys.executable).with_name("prefect"))


def _env(home: Path) -> dict[str, str]:
    """The environment of a user's shell: no PREFECT_ variable set (the tests' own are left
    out), a Prefect home of its own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["PREFECT_HOME"] = str(home)
    return env


def test_prefect_reads_the_checkouts_settings(tmp_path: Path) -> None:
    done = subprocess.run(
        [PREFECT, "config", "view", "--show-sources"],
        cwd=ROOT,
        env=_env(tmp_path / "home"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "PREFECT_SERVER_ANALYTICS_ENABLED='False' (from prefect.toml)" in done.stdout
    assert "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS='90' (from prefect.toml)" in (
        done.stdout
    )


@pytest.mark.slow
def test_issue_16_prefect_flow_run_ls_sends_no_telemetry(tmp_path: Path) -> None:
    """`prefect flow-run ls` starts a temporary server (no PREFECT_API_URL); offline its
    telemetry heartbeat printed "Failed to send telemetry: [Errno -2] …"."""
    done = subprocess.run(
        [PREFECT, "flow-run", "ls"],
        cwd=ROOT,
        env=_env(tmp_path / "home"),
        capture_output=True,
        text=True,
        timeout=240,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-2000:]
    assert "No flow runs found." in output
    assert "telemetry" not in output.lower(), output[-2000:]
