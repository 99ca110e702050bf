"""Run a command and report its wall time and the peak resident memory of its whole process tree.

Not a test. ``python benchmarks/memwatch.py -- CMD ...`` prints one JSON line: ``wall_s``, ``peak_rss_mb`` (the
largest sum of VmRSS over the process and all its descendants, sampled every 0.2 s from /proc; no psutil),
``peak_main_rss_mb`` and the command's exit code. Linux only.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    return tree


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def tree_rss_mb(root: int) -> tuple[float, float]:
    """(sum of RSS over ``root`` and its descendants, RSS of ``root``) in MB."""
    tree, todo, total = _children(), [root], 0.0
    while todo:
        pid = todo.pop()
        total += _rss_mb(pid)
        todo.extend(tree.get(pid, []))
    return total, _rss_mb(root)


def watch(cmd: list[str], interval: float = 0.2, stderr: Path | None = None) -> dict:
    """Run ``cmd``; wall time and peak memory of its process tree (its stderr to the file ``stderr``, if set)."""
    start = time.perf_counter()
    err = open(stderr, "wb") if stderr is not None else None  # noqa: SIM115 - closed below
    proc = subprocess.Popen(cmd, stderr=err)
    peak, peak_main = 0.0, 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, peak_main
        while not done.is_set():
            total, main = tree_rss_mb(proc.pid)
            peak, peak_main = max(peak, total), max(peak_main, main)
            done.wait(interval)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    code = proc.wait()
    if err is not None:
        err.close()
    done.set()
    thread.join()
    return {"wall_s": round(time.perf_counter() - start, 2), "peak_rss_mb": round(peak, 1),
            "peak_main_rss_mb": round(peak_main, 1), "exit_code": code}


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--"]:
        args = args[1:]
    print(json.dumps(watch(args)))
