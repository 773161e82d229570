"""Read files in worker processes with a wall-time and a memory limit per file.

One hostile file (a small PDF whose pages share one huge content stream, an HTML page of
100 000 nested ``<div>``s) can keep a reader busy for minutes or make it build gigabytes.
Signals in the stage's own process cannot interrupt C code reliably, so each file is read
in a worker process instead: the stage waits at most ``max_seconds`` for its answer, then
kills the worker, quarantines the file with a plain Norwegian reason and starts a fresh
worker for the next file. The worker's address space is capped (``RLIMIT_AS``), so a
reader that tries to build gigabytes gets a ``MemoryError`` (or dies) instead of taking
the machine down; either way only that file is lost, and the run goes on.

Workers are forked from the stage's process, which has the readers imported already, so a
fresh worker costs milliseconds, and they are recycled after ``tasks_per_worker`` files so that
memory a library keeps does not pile up over a large inbox.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

from pipeline.ingest.model import QUARANTINED, FileResult, ReadContext

log = logging.getLogger(__name__)

TASKS_PER_WORKER = 200
"""A worker is replaced after this many files (memory kept by libraries does not pile up)."""


CRASH_REASON = "lesingen stoppet uventet (trolig for mye minne) – ikke lest"


def time_reason(max_seconds: float) -> str:
    return f"brukte mer enn {max_seconds:g} s – ikke lest"


def memory_reason(max_memory_mb: int) -> str:
    return f"brukte mer enn {max_memory_mb} MB minne – ikke lest"


def _vm_bytes() -> int:
    """This process's current virtual memory size (0 when /proc is not there)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _limit_memory(max_bytes: int) -> None:
    """Cap the address space at what the worker already maps plus ``max_bytes``.

    The forked worker inherits the imported libraries' mappings, so the cap is relative.
    """
    try:
        import resource
    except ImportError:  # not on this platform: the time limit still holds
        return
    limit = _vm_bytes() + max_bytes
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError) as exc:
        log.debug("memory limit not set: %r", exc)


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the stage dies (``kill -9`` included), so an
    interrupted run leaves no reader burning CPU on a hostile file."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the worker ends at its next read
        pass


def _worker(conn: Connection, ctx: ReadContext, max_memory_mb: int) -> None:
    """Read ``(blob, name)`` requests from ``conn`` and answer with ``FileResult`` dicts."""
    from pipeline.ingest import read_file

    _die_with_parent()
    _limit_memory(max_memory_mb * 1024 * 1024)
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        blob, name = request
        try:
            result = read_file(blob, name, ctx)
            out_of_memory = not result.cacheable  # read_file's MemoryError verdict
            if out_of_memory:
                result = FileResult(QUARANTINED, memory_reason(max_memory_mb))
        except MemoryError:
            result, out_of_memory = FileResult(QUARANTINED, memory_reason(max_memory_mb)), True
        try:
            conn.send((result.to_dict(), out_of_memory))
        except MemoryError:
            conn.send((FileResult(QUARANTINED, memory_reason(max_memory_mb)).to_dict(), True))
            return
        if out_of_memory:  # the heap may be fragmented beyond use: start afresh
            return


_CONTEXT = None


def _mp_context():
    """``fork`` where there is one: the worker starts in milliseconds with the readers
    already imported, and (unlike ``spawn``/``forkserver``) never re-imports the caller's
    ``__main__``. Readers use no threads, so forking is safe for them."""
    global _CONTEXT
    if _CONTEXT is None:
        try:
            _CONTEXT = multiprocessing.get_context("fork")
        except ValueError:  # pragma: no cover - platforms without fork
            _CONTEXT = multiprocessing.get_context("spawn")
    return _CONTEXT


@dataclass
class _Slot:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    done: int = 0
    task: int | None = None
    deadline: float = 0.0


class ReadPool:
    """Reads files in up to ``workers`` processes, each file within ``max_seconds``.

    Parameters
    ----------
    ctx:
        The reader context (limits, form mapping).
    max_seconds:
        Wall time per file; a file past it is quarantined and its worker killed.
    max_memory_mb:
        Address space a worker may add while reading one file.
    workers:
        Processes reading side by side.
    """

    def __init__(self, ctx: ReadContext, max_seconds: float, max_memory_mb: int,
                 workers: int = 1, tasks_per_worker: int = TASKS_PER_WORKER):
        self.ctx = ctx
        self.max_seconds = float(max_seconds)
        self.max_memory_mb = int(max_memory_mb)
        self.workers = max(1, int(workers))
        self.tasks_per_worker = max(1, int(tasks_per_worker))
        self.n_killed = 0
        self._slots: list[_Slot] = []

    # -- worker life cycle ---------------------------------------------------------------
    def _start(self) -> _Slot:
        context = _mp_context()
        parent, child = context.Pipe(duplex=True)
        process = context.Process(target=_worker, args=(child, self.ctx, self.max_memory_mb),
                                  daemon=True)
        process.start()
        child.close()
        return _Slot(process, parent)

    @staticmethod
    def _stop(slot: _Slot, kill: bool = False) -> None:
        if not kill:
            try:
                slot.conn.send(None)
            except (OSError, ValueError):
                kill = True
        if kill and slot.process.is_alive():
            slot.process.kill()
        slot.process.join(timeout=5)
        if slot.process.is_alive():  # pragma: no cover - a worker that ignores SIGKILL
            slot.process.kill()
            slot.process.join()
        slot.conn.close()

    def close(self) -> None:
        for slot in self._slots:
            self._stop(slot)
        self._slots = []

    def __enter__(self) -> ReadPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- the work ------------------------------------------------------------------------
    def map(self, items: list[tuple[bytes | None, str]]) -> list[FileResult]:
        """One :class:`FileResult` per ``(blob, name)``, in order; never raises for a file."""
        results: list[FileResult | None] = [None] * len(items)
        pending = deque(i for i, (blob, _) in enumerate(items) if blob is not None)
        for i, (blob, _) in enumerate(items):
            if blob is None:
                results[i] = FileResult(QUARANTINED, "filen kan ikke leses")
        busy: list[_Slot] = []
        retried: set[int] = set()
        idle = self._slots
        self._slots = []
        try:
            while pending or busy:
                while pending and len(busy) < self.workers:
                    slot = idle.pop() if idle else self._start()
                    index = pending.popleft()
                    try:
                        slot.conn.send(items[index])
                    except (OSError, ValueError):  # the worker died while idle
                        self._stop(slot, kill=True)
                        pending.appendleft(index)
                        continue
                    slot.task, slot.deadline = index, time.monotonic() + self.max_seconds
                    busy.append(slot)
                timeout = max(0.0, min(s.deadline for s in busy) - time.monotonic())
                ready = set(wait([s.conn for s in busy], timeout=timeout))
                now = time.monotonic()
                for slot in list(busy):
                    assert slot.task is not None  # a busy slot always has its file
                    index = slot.task
                    if slot.conn in ready:
                        try:
                            data, out_of_memory = slot.conn.recv()
                        except (EOFError, OSError):  # killed by the kernel (memory) or crashed
                            self._stop(slot, kill=True)
                            if index in retried:
                                crashed = FileResult(QUARANTINED, CRASH_REASON)
                                crashed.cacheable = False
                                results[index] = crashed
                            else:  # once more in a fresh worker: the death may not be its fault
                                retried.add(index)
                                pending.appendleft(index)
                        else:
                            results[index] = FileResult.from_dict(data)
                            slot.done += 1
                            if out_of_memory or slot.done >= self.tasks_per_worker:
                                self._stop(slot, kill=out_of_memory)
                            else:
                                slot.task = None
                                idle.append(slot)
                        busy.remove(slot)
                    elif now >= slot.deadline:
                        log.warning("file %d took more than %.0f s; worker stopped",
                                    index, self.max_seconds)
                        self._stop(slot, kill=True)
                        self.n_killed += 1
                        too_slow = FileResult(QUARANTINED, time_reason(self.max_seconds))
                        # Time depends on the machine and its load: try again next run.
                        too_slow.cacheable = False
                        results[index] = too_slow
                        busy.remove(slot)
        except BaseException:
            for slot in busy:
                self._stop(slot, kill=True)
            raise
        finally:
            self._slots = idle
        return [r or FileResult(QUARANTINED, "filen kan ikke leses") for r in results]


def default_workers() -> int:
    """Two readers side by side at most: reading is a small part of a run."""
    return max(1, min(2, os.cpu_count() or 1))
