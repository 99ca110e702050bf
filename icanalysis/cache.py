"""Per-file cache of the per-article stages, so a re-run only processes new or changed files.

A file's key is the SHA-256 of its bytes, its manifest row, its relative path, every setting that can change a
result, and a fingerprint of the package's code and data files: change any of them and the file is processed
again. Outputs are stored per batch as compressed Arrow (Feather) segments, one per table, under the cache
folder (``segments/``), with an SQLite index from file key to the segment and the rows the file owns there,
plus its articles' metadata and skips. Entries of files that are no longer in the input are pruned at the end
of a run (the cache describes one input folder: the default cache lives in the output folder).

The cache only skips work: tables built from it are identical to freshly computed ones (tests/test_cache.py).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import paths
from .loading import Skip

TABLES = ("paragraphs", "removed", "quotes", "sentences")


def code_fingerprint() -> str:
    """SHA-256 over the package's Python and data files (any code or lexicon change invalidates the cache)."""
    digest = hashlib.sha256()
    for path in sorted(paths.PACKAGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".csv", ".txt", ".json", ".toml", ".md"} \
                and "__pycache__" not in path.parts:
            digest.update(path.relative_to(paths.PACKAGE_DIR).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class Entry:
    """What the cache holds for one file."""

    segment: str
    ranges: dict[str, tuple[int, int]]
    metas: list[dict[str, str]]
    skips: list[Skip]


class TaskCache:
    """An index of cached per-file outputs and the segments that hold their rows."""

    def __init__(self, folder: Path, salt: str) -> None:
        self.folder = Path(folder)
        (self.folder / "segments").mkdir(parents=True, exist_ok=True)
        ignore = self.folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# created by icanalysis: the cache is not part of the results\n*\n", encoding="utf-8")
        self.salt = salt
        self.db = sqlite3.connect(self.folder / "index.sqlite")
        self.db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, segment TEXT, info TEXT)")
        self._segments: dict[str, dict[str, pd.DataFrame]] = {}

    def key(self, rel: str, path: str, manifest_row: dict[str, str] | None, has_manifest: bool) -> str:
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        spec = json.dumps([self.salt, rel, manifest_row, has_manifest, digest], sort_keys=True)
        return hashlib.sha256(spec.encode()).hexdigest()

    def get(self, key: str) -> Entry | None:
        row = self.db.execute("SELECT segment, info FROM entries WHERE key = ?", (key,)).fetchone()
        if row is None or not all((self.folder / "segments" / f"{row[0]}.{t}.feather").exists() for t in TABLES):
            return None
        info = json.loads(row[1])
        return Entry(row[0], {t: (int(a), int(b)) for t, (a, b) in info["ranges"].items()}, info["metas"],
                     [Skip(**s) for s in info["skips"]])

    def segment(self, name: str) -> dict[str, pd.DataFrame]:
        """The tables of a segment (read once per run)."""
        if name not in self._segments:
            self._segments[name] = {t: pd.read_feather(self.folder / "segments" / f"{name}.{t}.feather")
                                    for t in TABLES}
        return self._segments[name]

    def put(self, keys: list[str], tables: dict[str, pd.DataFrame], ranges: list[dict[str, tuple[int, int]]],
            metas: list[list[dict[str, str]]], skips: list[list[Skip]]) -> None:
        """Store one batch: its tables as a segment, and an entry per file."""
        name = hashlib.sha256("".join(keys).encode()).hexdigest()[:32]
        for table in TABLES:
            target = self.folder / "segments" / f"{name}.{table}.feather"
            tmp = target.with_suffix(".tmp")
            tables[table].reset_index(drop=True).to_feather(tmp, compression="zstd")
            tmp.replace(target)
        rows = [(key, name, json.dumps({"ranges": r, "metas": m, "skips": [s.as_dict() for s in k]}))
                for key, r, m, k in zip(keys, ranges, metas, skips, strict=True)]
        self.db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", rows)
        self.db.commit()

    def prune(self, keep: set[str]) -> None:
        """Forget files not in ``keep`` and delete segments no entry uses."""
        stored = [k for (k,) in self.db.execute("SELECT key FROM entries")]
        self.db.executemany("DELETE FROM entries WHERE key = ?", [(k,) for k in stored if k not in keep])
        self.db.commit()
        used = {s for (s,) in self.db.execute("SELECT DISTINCT segment FROM entries")}
        for path in (self.folder / "segments").glob("*.feather"):
            if path.name.split(".")[0] not in used:
                path.unlink()

    def close(self) -> None:
        self.db.close()
        self._segments.clear()
