"""One executor for a dataset's background work: named jobs, their order declared, shut down cleanly.

Opening a dataset starts the slow derived data (term index, totals, text index …) here so the
first page does not wait for all of it; pages read a result when it is ready (``ready``) or wait
for it (``result``). With ``workers=0`` every job runs at once in the caller's thread: a dataset
then opens and answers with no background thread at all (tests, tools).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

log = logging.getLogger(__name__)

# Jobs a dataset starts at once (reads, index, warm-up, totals, text index), some waiting for
# others: enough workers that a waiting job never holds up the ones it waits for.
WORKERS = 8


class Jobs:
    """Named background jobs on one thread pool (or run inline with ``workers=0``)."""

    def __init__(self, workers: int = WORKERS, name: str = "chipwar-store") -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=name) if workers else None
        self._jobs: dict[str, Future] = {}
        self._lock = threading.Lock()

    def start(self, name: str, fn: Callable[..., object], *args: object, after: Iterable[str] = ()) -> Future:
        """Run ``fn(*args)`` as job ``name``, once the jobs named in ``after`` have ended (failed or
        not), waited for in that order (a job may start the next ones it names)."""
        after = tuple(after)

        def run() -> object:
            for other in after:
                self.wait(other)  # a failed job before does not stop this one
            return fn(*args)

        if self._pool is None:
            job: Future = Future()
            try:
                job.set_result(run())
            except Exception as exc:  # kept for ``result`` to raise, like a pool's future
                job.set_exception(exc)
        else:
            job = self._pool.submit(run)
        with self._lock:
            self._jobs[name] = job
        return job

    def result(self, name: str) -> object:
        """The result of job ``name`` (waits for it; raises what it raised)."""
        return self._jobs[name].result()

    def ready(self, name: str) -> object | None:
        """The result of job ``name`` if it has finished without error, else None (never waits)."""
        job = self._jobs.get(name)
        if job is None or not job.done() or job.exception() is not None:
            return None
        return job.result()

    def discard(self, name: str) -> None:
        """Forget job ``name`` (its result is no longer kept once it has ended)."""
        with self._lock:
            self._jobs.pop(name, None)

    def wait(self, name: str) -> None:
        """Wait for job ``name`` to end, whatever its outcome."""
        with self._lock:
            job = self._jobs.get(name)
        if job is not None:
            job.exception()

    def close(self) -> None:
        """Cancel what has not started and wait for the running jobs (the threads end)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    @contextlib.contextmanager
    def without(self, *names: str) -> Iterator[None]:
        """Answer as if the jobs ``names`` had never been started (to compare the general path)."""
        with self._lock:
            saved = {n: self._jobs.pop(n) for n in names if n in self._jobs}
        try:
            yield
        finally:
            with self._lock:
                self._jobs.update(saved)
