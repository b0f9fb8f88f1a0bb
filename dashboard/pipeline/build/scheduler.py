"""Where mapped work runs: Dask, and nothing else of the build.

One code path: a ``dask.bag`` of items mapped by the local processes scheduler (default) or by
an existing Dask cluster (``scheduler="tcp://host:8786"``). Work kept in this process
(``workers=0``: small jobs, such as an incremental build's few files) is a plain loop over the
items in the same order, without Dask: building and running a task graph of a few items, and
importing Dask for it, cost more than the items. Results come back in input order, so the tables
do not depend on how the work was split.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Dask is imported only when work leaves this process
    import dask.bag as db

_watching = False


def exit_with_parent() -> None:
    """In a worker process, exit when the build that started it dies (a killed build leaves no orphans).

    Idempotent: one watcher per worker process, whichever task starts it.
    """
    global _watching
    if _watching or multiprocessing.parent_process() is None:
        return
    _watching = True
    ppid = os.getppid()

    def watch() -> None:
        while os.getppid() == ppid:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def default_workers(amount: int, local_min: int) -> int:
    """Below ``local_min`` items of work, starting worker processes costs more than it saves."""
    return 0 if amount < local_min else (os.cpu_count() or 1)


def _progress(bar, name: str, units: Callable[[object], int]):
    """A Dask callback advancing a progress bar as mapped items finish (local schedulers only)."""
    from dask.callbacks import Callback

    class _Progress(Callback):
        def _posttask(self, key, result, dsk, state, id):
            if isinstance(key, tuple) and key[0] == name and isinstance(result, list):
                bar.update(sum(units(r) for r in result))

    return _Progress()


def compute(bag: db.Bag, scheduler: str | None, workers: int) -> list:
    """Compute ``bag`` on a cluster (``scheduler``), in worker processes, or here (``workers`` ≤ 0)."""
    import dask
    import dask.local
    import dask.multiprocessing

    if scheduler:
        from distributed import Client

        with Client(scheduler, set_as_default=False) as client:
            return dask.compute(bag, scheduler=client)[0]
    # The scheduler functions, not their names: a name makes dask import ``distributed`` to look
    # for a client (≈1 s, most of an incremental build's analysis of a few files).
    if workers <= 0:
        return dask.compute(bag, scheduler=dask.local.get_sync)[0]
    return dask.compute(bag, scheduler=dask.multiprocessing.get, num_workers=workers)[0]


def map_items(
    func: Callable, items: Sequence, scheduler: str | None = None, workers: int = 0, *, star: bool = False
) -> list:
    """``func`` over ``items`` (argument tuples when ``star``), one item per task; results in order."""
    if workers <= 0 and not scheduler:
        return [func(*item) if star else func(item) for item in items]
    import dask.bag as db

    bag = db.from_sequence(list(items), partition_size=1)
    return compute(bag.starmap(func) if star else bag.map(func), scheduler, workers)


def map_in_rounds(
    func: Callable,
    args: Sequence[tuple],
    *,
    scheduler: str | None,
    workers: int,
    per_round: int,
    total: int = 0,
    units: Callable[[object], int] = lambda r: 1,
) -> list:
    """``func(*arg)`` for each of ``args``, ``per_round`` at a time (each round in a fresh pool of
    local worker processes); a progress bar over ``total`` units when ``total`` is given."""
    bar = None
    if total:
        from tqdm import tqdm

        bar = tqdm(total=total, desc="files", unit="file", file=sys.stderr, leave=False)
    done: list = []
    try:
        if workers <= 0 and not scheduler:  # here, in order, without Dask
            for arg in args:
                done.append(func(*arg))
                if bar is not None:
                    bar.update(units(done[-1]))
            return done
        import dask.bag as db

        for start in range(0, len(args), per_round):
            bag = db.from_sequence(list(args[start : start + per_round]), partition_size=1).starmap(func)
            if bar is not None and not scheduler:
                with _progress(bar, bag.name, units):
                    done.extend(compute(bag, scheduler, workers))
            else:
                done.extend(compute(bag, scheduler, workers))
    finally:
        if bar is not None:
            bar.close()
    return done
