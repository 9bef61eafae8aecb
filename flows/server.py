"""The Prefect API a run in this process reports to: PREFECT_API_URL, else the server a running
``qdx serve`` started (it says where in ``$PREFECT_HOME/qdx-server.json``), else a temporary local
server that dies with the process. Which one is printed on stderr, before the run.

With no PREFECT_API_URL, Prefect starts a temporary server itself
(``prefect.server.api.server.SubprocessASGIServer``: ``python -m uvicorn …
prefect.server.api.server:create_app`` as a child process) and stops it from an ``atexit`` hook,
which never runs when the process is SIGKILLed: the server then runs on for ever.
:func:`prefect_api` starts the same server with Linux's ``PR_SET_PDEATHSIG`` set in the child,
so that the kernel kills it when the thread that started it dies, however it dies; and stops
it when the ``with`` block ends. Elsewhere than Linux, Prefect starts its own server.

The kernel sends SIGKILL, not SIGTERM: the run is dead already, SQLite survives a killed writer,
and uvicorn's graceful shutdown took 8 s with the dead run's connections open (Prefect's own
``stop`` sends SIGTERM, then SIGKILL after 5 s; with the parent gone nobody would send the
second).
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

STARTING = "starting a temporary Prefect server (takes ~10 s)…"
USING = "using the Prefect server at {url}"
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_SERVER_FILE = "qdx-server.json"  # in PREFECT_HOME: the server of a running `qdx serve`


class ServerUnavailable(RuntimeError):
    """The temporary Prefect server could not be started: one line for the user, not a
    traceback."""


@contextmanager
def prefect_api(*, keep_for_others: bool = False) -> Iterator[str | None]:
    """Run the body against PREFECT_API_URL when it is set, else against the server of a
    running ``qdx serve``, else against a temporary server started here and stopped at the end;
    its URL is yielded. ``keep_for_others`` (``qdx serve``): the temporary server is announced
    in ``$PREFECT_HOME/qdx-server.json`` while the body runs, for ``qdx ingest`` to reuse, and
    PREFECT_API_URL is set for the processes the body starts.

    Yields None, and leaves it to Prefect, where the server cannot be tied to this process (not
    Linux), may not be started (``PREFECT_SERVER_EPHEMERAL_ENABLED=false``: Prefect says so), or
    was started already by Prefect in this process.
    """
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_HOME,
        PREFECT_SERVER_EPHEMERAL_ENABLED,
        temporary_settings,
    )

    if url := PREFECT_API_URL.value():
        _say(USING.format(url=url))
        yield url
        return
    announced = Path(PREFECT_HOME.value()) / _SERVER_FILE
    if url := running_server(announced):
        _say(USING.format(url=url) + " (started by qdx serve)")
        with temporary_settings({PREFECT_API_URL: url}):
            yield url
        return
    if not sys.platform.startswith("linux") or not PREFECT_SERVER_EPHEMERAL_ENABLED.value():
        yield None
        return
    _say(STARTING)  # importing Prefect's server takes seconds too
    server = _temporary_server()
    if server is None:
        yield None
        return
    try:
        try:
            server.start()
        except RuntimeError as exc:  # Prefect's "Timed out while attempting to connect …"
            raise ServerUnavailable(
                f"the temporary Prefect server did not start ({exc}): set PREFECT_API_URL to a"
                " running server, raise PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS, or run"
                " with --no-prefect"
            ) from exc
        if keep_for_others:
            announced.parent.mkdir(parents=True, exist_ok=True)
            announced.write_text(json.dumps({"url": server.api_url, "pid": os.getpid()}))
            os.environ["PREFECT_API_URL"] = server.api_url
        with temporary_settings({PREFECT_API_URL: server.api_url}):
            try:
                yield server.api_url
            finally:
                _drain_workers()  # logs and events still queued, while the server is up
    finally:
        if keep_for_others:
            announced.unlink(missing_ok=True)
            os.environ.pop("PREFECT_API_URL", None)
        server.stop()


def running_server(announced: Path) -> str | None:
    """The API URL in ``announced`` when the ``qdx serve`` that wrote it still runs and its
    server answers, else None."""
    import httpx

    try:
        entry = json.loads(announced.read_text())
        url, pid = str(entry["url"]), int(entry["pid"])
        os.kill(pid, 0)  # no signal sent: does the process exist
        httpx.get(f"{url}/health", timeout=2).raise_for_status()
    except (OSError, ValueError, KeyError, TypeError, httpx.HTTPError):
        return None
    return url


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _temporary_server() -> Any:
    """A SubprocessASGIServer whose uvicorn child dies with the calling thread, registered
    where Prefect looks for its own (``SubprocessASGIServer()``, port None) so that any code of
    Prefect's that finds no API URL reuses it instead of starting a second server; None when
    Prefect has one there already."""
    from prefect.server.api.server import SubprocessASGIServer

    class _Server(SubprocessASGIServer):
        def _run_uvicorn_command(self) -> subprocess.Popen[Any]:
            # SubprocessASGIServer._run_uvicorn_command of Prefect 3.8, with preexec_fn.
            import prefect
            from prefect.settings import get_current_settings

            return subprocess.Popen(
                args=[
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "--app-dir",
                    str(prefect.__module_path__.parent),
                    "--factory",
                    "prefect.server.api.server:create_app",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    "--log-level",
                    "error",
                    "--lifespan",
                    "on",
                ],
                env={
                    **os.environ,
                    "PREFECT_UI_ENABLED": "0",
                    "PREFECT__SERVER_EPHEMERAL": "1",
                    "PREFECT__SERVER_FINAL": "1",
                    **get_current_settings().to_environment_variables(exclude_unset=True),
                },
                preexec_fn=die_with_parent(signal.SIGKILL),
            )

    server = _Server()  # Prefect's singleton per port: an existing one is returned as it is
    return server if isinstance(server, _Server) else None


def die_with_parent(sig: signal.Signals) -> Callable[[], None]:
    """A ``preexec_fn`` for :class:`subprocess.Popen` (Linux): the child gets ``sig`` when the
    thread that started it dies, and ends at once if the parent died before the call. libc is
    loaded here, before the fork, so that the child only makes one foreign call."""
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    parent = os.getpid()

    def preexec() -> None:
        if prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")  # Popen raises
        if os.getppid() != parent:  # too late: the parent is gone already
            os._exit(1)

    return preexec


def _drain_workers() -> None:
    """Send what Prefect's log and event workers still hold (what its exit hooks would do)."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        worker.drain_all(timeout=5, at_exit=False)
