"""The two lock files: requirements-run.lock (`make run`) is the runtime part of requirements.lock
(`make test`), at the same versions, so that `make test` adds to a runtime .venv what it lacks."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==(\S+)")


def pins(name: str) -> dict[str, str]:
    found = {}
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            found[re.sub(r"[-_.]+", "-", match[1]).lower()] = match[3]
    return found


def requirement_names(requirements: list[str]) -> set[str]:
    return {
        re.sub(r"[-_.]+", "-", re.split(r"[\[<>=!~; ]", r, maxsplit=1)[0]).lower()
        for r in requirements
    }


def test_the_runtime_lock_is_the_dev_lock_s_subset_at_the_same_versions() -> None:
    run, dev = pins("requirements-run.lock"), pins("requirements.lock")
    assert len(run) > 100 and len(dev) > len(run)
    assert {name: version for name, version in run.items() if dev.get(name) != version} == {}


def test_the_runtime_lock_holds_the_runtime_dependencies_and_no_dev_tool() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    run = pins("requirements-run.lock")
    assert requirement_names(project["dependencies"]) <= set(run)
    dev_only = requirement_names(project["optional-dependencies"]["dev"])
    assert dev_only & set(run) == set()
    assert {"moto", "mypy", "ruff", "hypothesis", "pytest", "boto3"} <= dev_only
