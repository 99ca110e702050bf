"""Execution engines for the per-article stages: in process, a local process pool, or Dask.

Every engine returns batch outputs in input order, so the tables are identical whichever runs them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from .pipeline import RunSettings

T = TypeVar("T")
R = TypeVar("R")


def batches(items: list[T], size: int) -> list[list[T]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def worker_count(requested: int) -> int:
    """``requested`` workers, 0 meaning every core this process may use."""
    if requested > 0:
        return requested
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def map_batches(fn: Callable[[list[T], Any], R], items: list[T], settings: RunSettings) -> list[R]:
    """Apply ``fn(batch, settings)`` to consecutive batches of ``items``; results in input order."""
    chunks = batches(items, settings.batch_size)
    if settings.engine == "dask":
        return _dask_map(fn, chunks, settings)
    workers = min(worker_count(settings.workers), max(len(chunks), 1))
    progress = _progress_bar(len(chunks), settings)
    try:
        if workers <= 1:
            results = []
            for chunk in chunks:
                results.append(fn(chunk, settings))
                progress.update(1)
            return results
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            results = []
            for result in pool.map(fn, chunks, [settings] * len(chunks)):
                results.append(result)
                progress.update(1)
            return results
    finally:
        progress.close()


def _progress_bar(total: int, settings: RunSettings):  # type: ignore[no-untyped-def]
    from tqdm import tqdm

    return tqdm(total=total, desc="articles", unit="batch", disable=not settings.progress or total < 2,
                leave=False)


def _dask_map(fn: Callable[[list[T], Any], R], chunks: list[list[T]], settings: RunSettings) -> list[R]:
    import dask.bag as db
    from dask.distributed import Client

    client = Client(settings.scheduler) if settings.scheduler else None
    try:
        bag = db.from_sequence(chunks, npartitions=max(len(chunks), 1)).map(fn, settings)
        return list(bag.compute(scheduler=client if client is not None else "processes"))
    finally:
        if client is not None:
            client.close()
