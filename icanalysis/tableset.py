"""The output folder changes as one unit: a run's tables are staged, then committed by a journal.

A run writes its whole table set into ``OUT/.staging/``; when every file is complete it writes the journal
``OUT/.staging/COMMIT`` (the files of the new set, and the files of the old set to remove) and moves the files
into ``OUT`` one by one. A kill or a full disk before the journal leaves the old set untouched (the staging
folder is discarded by the next run or reader); a kill after it leaves a journal that the next run or reader
rolls forward. So after a run stops, however it stops, a reader that goes through :func:`read_ready`
(``read_processed`` does) finds the complete old set or the complete new one, never a mix. While a commit is
moving files (milliseconds) a reader that opens several tables may still see some old and some new: read the
tables of a folder while no run writes it.

One run at a time: a lock file ``OUT/.icanalysis.lock`` (py-filelock) makes a second run into the same folder
wait up to ``LOCK_TIMEOUT`` seconds, then stop with a message.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

STAGING = ".staging"
JOURNAL = "COMMIT"
LOCK_FILE = ".icanalysis.lock"
LOCK_TIMEOUT = 600.0  # seconds a second run waits for the first


def _move(source: Path, target: Path) -> None:
    """One file of a commit into place (a seam for the fault-injection tests)."""
    os.replace(source, target)


class OutputBusy(RuntimeError):
    """Another run holds the output folder."""


def _lock(out_dir: Path, timeout: float):  # type: ignore[no-untyped-def]
    from filelock import FileLock

    return FileLock(str(out_dir / LOCK_FILE), timeout=timeout)


def recover(out_dir: Path) -> str:
    """Finish or discard an interrupted commit in ``out_dir`` (call with the lock held). Returns ``"none"``,
    ``"rolled_forward"`` or ``"discarded"``."""
    staging = Path(out_dir) / STAGING
    if not staging.is_dir():
        return "none"
    journal = staging / JOURNAL
    if not journal.is_file():
        shutil.rmtree(staging)
        return "discarded"
    plan = json.loads(journal.read_text(encoding="utf-8"))
    for name in plan["files"]:
        source = staging / name
        if source.exists():  # not moved yet
            _move(source, Path(out_dir) / name)
    for name in plan["remove"]:
        (Path(out_dir) / name).unlink(missing_ok=True)
    shutil.rmtree(staging)
    return "rolled_forward"


def read_ready(out_dir: Path, timeout: float = LOCK_TIMEOUT) -> None:
    """Make ``out_dir`` safe to read: if a commit was interrupted, finish it first (under the lock)."""
    out_dir = Path(out_dir)
    if (out_dir / STAGING / JOURNAL).is_file():
        with _lock(out_dir, timeout):
            recover(out_dir)


@contextmanager
def staged(out_dir: Path, *, stale: tuple[str, ...] = (), timeout: float = LOCK_TIMEOUT) -> Iterator[Path]:
    """Yield a staging folder to write a complete table set into; on success commit it to ``out_dir``.

    ``stale``: file names in ``out_dir`` the new set replaces without overwriting (tables left in the other
    format), removed as part of the commit. On an error nothing in ``out_dir`` changes.
    """
    from filelock import Timeout

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        lock = _lock(out_dir, timeout)
        lock.acquire()
    except Timeout as exc:
        raise OutputBusy(f"{out_dir} is being written by another icanalysis run (lock {LOCK_FILE}); "
                         "wait for it to finish or choose another --out") from exc
    try:
        recover(out_dir)
        staging = out_dir / STAGING
        staging.mkdir()
        try:
            yield staging
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        files = sorted(p.name for p in staging.iterdir() if p.is_file())
        plan = {"files": files, "remove": sorted(set(stale) - set(files))}
        tmp = staging / f"{JOURNAL}.tmp"
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump(plan, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, staging / JOURNAL)  # from here on the new set is the committed one
        recover(out_dir)
    finally:
        lock.release()
