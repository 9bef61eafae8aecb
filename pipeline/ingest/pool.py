"""Extraction in worker processes: how the library path (``qdx ingest --no-prefect``) uses every
core (``--workers N``, default the CPUs this process may run on).

Extraction is CPU-bound Python, so threads do not run two at once (the GIL); processes do.
Workers run :func:`pipeline.ingest.prepared.prepare` (extract, then validate into Arrow tables)
and send back the :class:`Prepared` document: on the corpus's web copies a Prepared pickles in
about 5 ms and loads in 1.5 ms, against 7 ms and 8 ms for the :class:`Extraction` it came from
(whose records are pydantic objects and which carries the whole document model), for 100 ms of
extraction. Everything else stays in the parent, in the order of the files: the manifest, the
diff, the write, the change log and the ``on_file`` callback see the documents exactly as with
one worker, so a run writes the same rows whatever the number of workers.

Workers are forked from a *forkserver* that imported the extraction modules and loaded what a
first extraction loads once (:mod:`pipeline.ingest.warm_up`): about 3 s of CPU, paid once a
process, not once a worker. Plain ``fork`` is not used: it copies the run's process with
whatever its other threads hold at that moment (pyarrow's thread pools, a progress bar's
refresh thread). Where there is no forkserver (Windows), ``spawn``, each worker loading it all.
Each worker ignores SIGINT: Ctrl-C reaches the run, which lets the workers finish the file they
hold and stops them. Each worker also ends when the run's process ends, however it ends (a
SIGKILLed run leaves no worker behind).

A worker that dies (a segfault in a native library, the kernel's OOM killer, ``os._exit``)
breaks Python's whole pool (``BrokenProcessPool`` on every file in flight). The files the
workers held at that moment are known (each worker notes the file it is on in shared memory):
each of them is extracted again alone in a process of its own, so that the one that kills its
process fails with what happened to it ("killed by signal SIGSEGV") and the others succeed; the
files that were only queued go to a new pool. The run goes on.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import select
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from typing import Any

from pipeline.ingest.prepared import Prepared, failed_prepared, prepare
from pipeline.ingest.sources import Source

PrepareOne = Callable[[Source, dt.datetime], Prepared]

# Imported once by the forkserver, before it forks any worker: the extraction, warmed up.
_PRELOAD = ["pipeline.ingest.prepared", "pipeline.ingest.warm_up"]
_IDLE = -1
_ATTEMPTS = 2  # a file in two broken pools without being suspected is extracted alone


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask, else the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def start_method() -> str:
    """``forkserver`` where there is one (Linux, macOS), else ``spawn``."""
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def _context() -> BaseContext:
    context = multiprocessing.get_context(start_method())
    if start_method() == "forkserver":
        context.set_forkserver_preload(_PRELOAD)
    return context


# --- in the worker processes ---------------------------------------------------------------------

_slots: Any = None  # the shared array: each worker's slot holds the number of its file, or -1
_slot = 0


def _start_worker(run: int, slots: Any, taken: Any) -> None:
    """A worker's initializer: tied to the run's process ``run``, a slot of the shared array
    taken (and, started by ``spawn``, the first extraction's loads done: the forkserver did
    them)."""
    global _slots, _slot
    _tie_to_the_run(run)
    import pipeline.ingest.warm_up  # noqa: F401

    with taken.get_lock():
        _slot = taken.value
        taken.value += 1
    _slots = slots


def _tie_to_the_run(run: int) -> None:
    """Ctrl-C is the run's to handle (SIGINT ignored here), and this process ends when the run's
    process (pid ``run``) does, however it ends. A worker's parent is the forkserver, which
    itself stays up while any worker lives: without this, a run killed with SIGKILL would leave
    its workers waiting for files for ever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(run,), daemon=True, name="qdx-run-watch").start()


def _exit_with(run: int) -> None:
    try:
        handle = os.pidfd_open(run)  # Linux 5.3+: readable once the process has ended
    except ProcessLookupError:
        os._exit(1)
    except (AttributeError, OSError):  # elsewhere: ask every second
        while _alive(run):
            time.sleep(1)
        os._exit(1)
    select.select([handle], [], [])
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _prepare_in_worker(
    number: int, source: Source, extracted_at: dt.datetime, prepare_one: PrepareOne
) -> Prepared:
    _slots[_slot] = number
    prepared = prepare_one(source, extracted_at)
    _slots[_slot] = _IDLE  # not reached when the process dies: the file is then a suspect
    return prepared


def _prepare_alone(
    connection: Connection,
    run: int,
    source: Source,
    extracted_at: dt.datetime,
    prepare_one: PrepareOne,
) -> None:
    _tie_to_the_run(run)
    connection.send(prepare_one(source, extracted_at))
    connection.close()


# --- in the run's process ------------------------------------------------------------------------


@dataclass(slots=True)
class _Pending:
    number: int
    source: Source
    future: Future[Prepared]
    attempts: int = 1


class ExtractionPool:
    """``workers`` processes extracting files (``prepare_one``, by default :func:`prepare`, a
    module-level function: it is pickled by name) for one run. :meth:`submit` starts files ahead;
    :meth:`extract` returns a batch's documents in the batch's order. Use it as a context
    manager (:func:`extraction_pool`): the workers stop at the end."""

    def __init__(
        self, workers: int, extracted_at: dt.datetime, prepare_one: PrepareOne = prepare
    ) -> None:
        self.workers = workers
        self.extracted_at = extracted_at
        self.prepare_one = prepare_one
        self.restarts = 0  # pools broken by a worker's death, and replaced
        self._context = _context()
        self._pending: dict[str, _Pending] = {}
        self._numbers = 0
        self._executor, self._slots = self._new_executor()

    def _new_executor(self) -> tuple[ProcessPoolExecutor, Any]:
        slots = self._context.Array("q", [_IDLE] * self.workers, lock=False)
        taken = self._context.Value("i", 0)
        executor = ProcessPoolExecutor(
            self.workers,
            mp_context=self._context,
            initializer=_start_worker,
            initargs=(os.getpid(), slots, taken),
        )
        return executor, slots

    def submit(self, sources: Sequence[Source]) -> None:
        """Start extracting these files (those not started yet), in this order."""
        for source in sources:
            if source.doc_id not in self._pending:
                self._pending[source.doc_id] = self._start(source)

    def _start(self, source: Source, attempts: int = 1) -> _Pending:
        self._numbers += 1
        number = self._numbers
        while True:
            try:
                future = self._executor.submit(
                    _prepare_in_worker, number, source, self.extracted_at, self.prepare_one
                )
            except BrokenProcessPool:  # a worker died since the last result was taken
                self._recover()
                continue
            return _Pending(number, source, future, attempts)

    def extract(self, sources: Sequence[Source]) -> list[Prepared]:
        """Every file of a batch extracted and validated, in the batch's order. A file whose
        worker died fails alone (:meth:`_recover`); so does one whose result could not come
        back (a value that cannot be pickled)."""
        self.submit(sources)
        return [self._result(source) for source in sources]

    def _result(self, source: Source) -> Prepared:
        while True:
            pending = self._pending[source.doc_id]
            try:
                prepared = pending.future.result()
            except BrokenProcessPool:
                self._recover()
                continue
            except Exception as exc:
                prepared = self._failed(source, f"internal error: {type(exc).__name__}: {exc}")
            del self._pending[source.doc_id]
            return prepared

    def _recover(self) -> None:
        """After a worker died: the files the workers held are extracted again, each alone;
        the others, queued, go to a new pool."""
        held = {number for number in self._slots if number != _IDLE}
        self._executor.shutdown(wait=True)
        self.restarts += 1
        self._executor, self._slots = self._new_executor()
        broken = [p for p in self._pending.values() if _broken(p.future)]
        for pending in sorted(broken, key=lambda p: p.number):
            doc_id = pending.source.doc_id
            if pending.number in held or pending.attempts >= _ATTEMPTS:
                done: Future[Prepared] = Future()
                done.set_result(self._alone(pending.source))
                self._pending[doc_id] = _Pending(pending.number, pending.source, done)
            else:
                self._pending[doc_id] = self._start(pending.source, pending.attempts + 1)

    def _alone(self, source: Source) -> Prepared:
        """One file extracted in a process of its own: its result, or how the process died."""
        receiver, sender = self._context.Pipe(duplex=False)
        process = self._context.Process(  # type: ignore[attr-defined]
            target=_prepare_alone,
            args=(sender, os.getpid(), source, self.extracted_at, self.prepare_one),
        )
        process.start()
        sender.close()
        try:
            prepared: Prepared | None = receiver.recv()
        except EOFError:
            prepared = None
        finally:
            receiver.close()
            process.join()
        if prepared is None:
            return self._failed(source, f"extraction crashed its process ({_death(process)})")
        return prepared

    def _failed(self, source: Source, reason: str) -> Prepared:
        return failed_prepared(source, reason, self.extracted_at)

    def close(self, *, cancel: bool = False) -> None:
        """Stop the workers (``cancel``: files not started are dropped)."""
        self._executor.shutdown(wait=True, cancel_futures=cancel)


def _broken(future: Future[Prepared]) -> bool:
    return future.done() and isinstance(future.exception(), BrokenProcessPool)


def _death(process: Any) -> str:
    """How a process ended, in words: ``killed by signal SIGSEGV``, ``exited with code 3``."""
    code = process.exitcode
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = str(-code)
        return f"killed by signal {name}"
    return f"exited with code {code}"


@contextmanager
def extraction_pool(
    workers: int | None, extracted_at: dt.datetime, prepare_one: PrepareOne = prepare
) -> Iterator[ExtractionPool | None]:
    """An :class:`ExtractionPool` of ``workers`` processes (None: :func:`usable_cpus`), or None
    for one worker: the files are then extracted in this process, as they always were."""
    n = usable_cpus() if workers is None else workers
    if n <= 1:
        yield None
        return
    pool = ExtractionPool(n, extracted_at, prepare_one)
    try:
        yield pool
    except BaseException:
        pool.close(cancel=True)
        raise
    pool.close()
