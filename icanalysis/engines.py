"""Execution engines for the per-article stages: in process, a local process pool, or Dask.

Every engine returns batch outputs in input order, so the tables are identical whichever runs them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from .settings import RunSettings

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
    return list(iter_batches(fn, items, settings))


def iter_batches(fn: Callable[[list[T], Any], R], items: list[T], settings: RunSettings) -> Iterator[R]:
    """Like :func:`map_batches`, but yields each result in input order as soon as it (and every earlier one)
    is ready, so the caller can store and drop it; the process pool keeps at most ``2 x workers`` batches
    in flight, so finished results never pile up in memory."""
    chunks = batches(items, settings.batch_size)
    if settings.engine == "dask":
        yield from _dask_map(fn, chunks, settings)
        return
    workers = min(worker_count(settings.workers), max(len(chunks), 1))
    progress = _progress_bar(len(items), settings)
    try:
        if workers <= 1:
            for chunk in chunks:
                yield fn(chunk, settings)
                progress.update(len(chunk))
            return
        import multiprocessing
        from collections import deque
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            queue: deque = deque()
            pending = iter(chunks)
            for chunk in pending:
                queue.append(pool.submit(fn, chunk, settings))
                if len(queue) >= 2 * workers:
                    break
            done = iter(chunks)
            while queue:
                result = queue.popleft().result()
                for chunk in pending:
                    queue.append(pool.submit(fn, chunk, settings))
                    break
                yield result
                progress.update(len(next(done)))
    finally:
        progress.close()


def _progress_bar(total: int, settings: RunSettings):  # type: ignore[no-untyped-def]
    """Per-file progress of the per-article stages (files, not batches: a batch of 64 files moves it by 64)."""
    from tqdm import tqdm

    return tqdm(total=total, desc="per-article stages", unit="file", disable=not settings.progress or total < 2,
                leave=False)


def _dask_client(settings: RunSettings):  # type: ignore[no-untyped-def]
    """A client of ``settings.scheduler``, or None for Dask's local process scheduler."""
    if not settings.scheduler:
        return None
    from dask.distributed import Client

    return Client(settings.scheduler)


def _dask_map(fn: Callable[[list[T], Any], R], chunks: list[list[T]], settings: RunSettings) -> list[R]:
    import dask.bag as db

    client = _dask_client(settings)
    try:
        bag = db.from_sequence(chunks, npartitions=max(len(chunks), 1)).map(fn, settings)
        return list(bag.compute(scheduler=client if client is not None else "processes"))
    finally:
        if client is not None:
            client.close()


# ------------------------------------------------------------------------------- near duplicates on Dask


def _band_rows(first: int, hashes: list[Any], groups: list[str], threshold: float, dedup: Any):  # type: ignore[no-untyped-def]
    """One partition: MinHash signatures of its items, exploded to one row per (band key, item).

    The band key is datasketch's own: ``MinHashLSH._H`` of the band's slice of the signature (hex, prefixed
    by the band number), so two items share a key exactly when datasketch's LSH would put them in one bucket.
    """
    import numpy as np
    import pandas as pd
    from datasketch import MinHashLSH

    from .dedup import signatures

    lsh = MinHashLSH(threshold=threshold, num_perm=dedup.num_perm)
    sig = signatures(hashes, dedup)
    rows_key, rows_item, rows_group = [], [], []
    for band, (start, end) in enumerate(lsh.hashranges):
        for i in range(len(hashes)):
            rows_key.append(f"{band}:{lsh._H(sig[i, start:end]).hex()}")
            rows_item.append(first + i)
            rows_group.append(groups[i])
    return pd.DataFrame({"band_key": pd.Series(rows_key, dtype=object),
                         "item": np.array(rows_item, dtype=np.int64),
                         "group": pd.Series(rows_group, dtype=object)})


def _bucket_pairs(part, max_bucket: int):  # type: ignore[no-untyped-def]
    """Candidate pairs (item indices, smaller first) of the buckets in one shuffled partition."""
    import numpy as np
    import pandas as pd

    from .dedup import bucket_pairs

    pairs: set[tuple[int, int]] = set()
    for _, bucket in part.groupby("band_key", sort=False):
        if len(bucket) < 2:
            continue
        groups = dict(zip(bucket["item"].tolist(), bucket["group"].tolist(), strict=True))
        pairs.update(bucket_pairs(list(groups), groups, max_bucket))
    ordered = sorted(pairs)
    return pd.DataFrame({"a": np.array([p[0] for p in ordered], dtype=np.int64),
                         "b": np.array([p[1] for p in ordered], dtype=np.int64)})


def dask_lsh_pairs(settings: RunSettings, *, partition_size: int = 20_000) -> Callable:  # type: ignore[type-arg]
    """An LSH candidate search (see ``dedup.find_duplicates``) run as a Dask shuffle on band keys.

    Signatures are computed per partition, exploded to (band key, item) rows, shuffled so that each band
    key lands in one partition, and each bucket emits its pairs; pairs are deduplicated across bands. No
    worker holds the whole index. Exact verification stays with the caller, which has the shingle sets.
    """

    def find(items: list, threshold: float, dedup: Any, group: dict[str, str], sig: Any = None) -> Any:  # type: ignore[type-arg]
        import dask
        import dask.dataframe as dd
        import numpy as np
        import pandas as pd

        if len(items) < 2:
            return np.zeros((0, 2), dtype=np.int64)
        parts = []
        for first in range(0, len(items), partition_size):
            chunk = items[first:first + partition_size]
            parts.append(dask.delayed(_band_rows)(first, [h for _, h in chunk], [group[k] for k, _ in chunk],
                                                  threshold, dedup))
        meta = pd.DataFrame({"band_key": pd.Series([], dtype=object), "item": np.array([], dtype=np.int64),
                             "group": pd.Series([], dtype=object)})
        rows = dd.from_delayed(parts, meta=meta, verify_meta=False)
        pair_meta = pd.DataFrame({"a": np.array([], dtype=np.int64), "b": np.array([], dtype=np.int64)})
        shuffled = rows.shuffle("band_key", npartitions=max(len(parts), 2))
        pairs = shuffled.map_partitions(_bucket_pairs, dedup.max_bucket, meta=pair_meta)
        client = _dask_client(settings)
        try:
            with dask.config.set({"dataframe.convert-string": False}):
                found = pairs.drop_duplicates().compute(scheduler=client if client is not None else "processes")
        finally:
            if client is not None:
                client.close()
        index_pairs = np.stack((found["a"].to_numpy(np.int64), found["b"].to_numpy(np.int64)), axis=1)
        return index_pairs[np.lexsort((index_pairs[:, 1], index_pairs[:, 0]))]

    return find


def dask_find_duplicates(paragraphs: Any, articles: Any, settings: RunSettings):  # type: ignore[no-untyped-def]
    """``dedup.find_duplicates`` with the LSH candidate search run on Dask (same table as the local engine)."""
    from .dedup import find_duplicates

    return find_duplicates(paragraphs, articles, settings.dedup, lsh_pairs=dask_lsh_pairs(settings))
