"""Where per-article results live between the stages: segments on disk, and the per-file cache built on them.

A :class:`SegmentStore` keeps each batch's per-article tables as compressed Arrow (Feather) files, so the main
process holds only what the cross-article stages need (paragraph features, quotes) and the large tables
(paragraphs, removed lines, sentences) are streamed from disk when they are written out.

The per-file cache (:class:`TaskCache`) lets a re-run only process new or changed files.

A file's key is the SHA-256 of its bytes, its manifest row, its relative path, every setting that can change a
result, and a fingerprint of the package's code and data files: change any of them and the file is processed
again. Outputs are stored per batch as compressed Arrow (Feather) segments, one per table, under the cache
folder (``segments/``), with an SQLite index from file key to the segment and the rows the file owns there,
plus its articles' metadata and skips. Entries of files that are no longer in the input are pruned at the end
of a run (the cache describes one input folder: the default cache lives in the output folder).

The cache only skips work: tables built from it are identical to freshly computed ones (tests/test_cache.py).
It is verified, never trusted: every segment carries the SHA-256 of its files, and a segment that fails the
check is recomputed (and reported), never read; an index that cannot be read is rebuilt empty.
"""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import paths
from .loading import Skip

# what a batch leaves in a segment: the per-article tables and what the cross-article stages need of them
TABLES = ("paragraphs", "removed", "quotes", "sentences", "features", "article_features", "quote_features")


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


class SegmentStore:
    """Per-batch tables on disk: ``FOLDER/NAME.TABLE.feather``, written atomically, read back by columns."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._last: tuple[str, str, tuple[str, ...] | None, pd.DataFrame] | None = None
        self._verified: dict[str, bool] = {}

    def path(self, name: str, table: str) -> Path:
        return self.folder / f"{name}.{table}.feather"

    def digest_path(self, name: str) -> Path:
        return self.folder / f"{name}.sha256.json"

    def has(self, name: str) -> bool:
        """Whether segment ``name`` is complete on disk (checked once per segment and run: consecutive files
        share a segment)."""
        if self._verified.get(name):
            return True
        return all(self.path(name, t).exists() for t in TABLES) and self.digest_path(name).exists()

    def put(self, name: str, tables: dict[str, pd.DataFrame]) -> None:
        digests = {}
        for table in TABLES:
            target = self.path(name, table)
            tmp = target.with_suffix(".tmp")
            buffer = io.BytesIO()  # hashed as written, not read back
            tables[table].reset_index(drop=True).to_feather(buffer, compression="zstd")
            data = buffer.getvalue()
            digests[table] = hashlib.sha256(data).hexdigest()
            tmp.write_bytes(data)
            tmp.replace(target)
        tmp = self.digest_path(name).with_suffix(".tmp")
        tmp.write_text(json.dumps(digests, sort_keys=True), encoding="utf-8")
        tmp.replace(self.digest_path(name))  # last: a segment without its checksums is never trusted
        self._verified[name] = True

    def verify(self, name: str) -> bool:
        """Whether every table file of segment ``name`` still has the SHA-256 recorded when it was written
        (checked once per segment and run)."""
        if name not in self._verified:
            try:
                digests = json.loads(self.digest_path(name).read_text(encoding="utf-8"))
                self._verified[name] = all(
                    hashlib.sha256(self.path(name, t).read_bytes()).hexdigest() == digests.get(t) for t in TABLES)
            except (OSError, ValueError, AttributeError):
                self._verified[name] = False
        return self._verified[name]

    def read(self, name: str, table: str, columns: list[str] | None = None) -> pd.DataFrame:
        """One table of a segment (the last one read is kept: consecutive files share a segment)."""
        key = tuple(columns) if columns is not None else None
        if self._last is None or self._last[:3] != (name, table, key):
            self._last = (name, table, key, pd.read_feather(self.path(name, table), columns=columns))
        return self._last[3]

    def names(self) -> set[str]:
        return {path.name.split(".")[0] for path in self.folder.glob("*.feather")}

    def delete(self, names: set[str]) -> None:
        for pattern in ("*.feather", "*.sha256.json"):
            for path in self.folder.glob(pattern):
                if path.name.split(".")[0] in names:
                    path.unlink()


class TaskCache:
    """An index of cached per-file outputs and the segments that hold their rows."""

    def __init__(self, folder: Path, salt: str) -> None:
        self.folder = Path(folder)
        self.store = SegmentStore(self.folder / "segments")
        ignore = self.folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# created by icanalysis: the cache is not part of the results\n*\n", encoding="utf-8")
        self.salt = salt
        self.index_rebuilt = False  # the index could not be read and was started afresh
        self.corrupt: set[str] = set()  # segments whose checksums failed: their files are recomputed
        try:
            self.db = self._open()
        except sqlite3.DatabaseError:
            (self.folder / "index.sqlite").unlink(missing_ok=True)
            self.db = self._open()
            self.index_rebuilt = True
        self.kept: set[str] = set()  # keys of this run's files: what :meth:`prune` keeps

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.folder / "index.sqlite")
        try:
            db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, segment TEXT, info TEXT)")
            db.execute("SELECT count(*) FROM entries").fetchone()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def key(self, rel: str, path: str, manifest_row: dict[str, str] | None, has_manifest: bool) -> str:
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        spec = json.dumps([self.salt, rel, manifest_row, has_manifest, digest], sort_keys=True)
        return hashlib.sha256(spec.encode()).hexdigest()

    def get(self, key: str) -> Entry | None:
        row = self.db.execute("SELECT segment, info FROM entries WHERE key = ?", (key,)).fetchone()
        if row is None or not self.store.has(row[0]):
            return None
        if not self.store.verify(row[0]):  # a flipped byte: recompute, never use
            self.corrupt.add(row[0])
            return None
        try:
            info = json.loads(row[1])
        except ValueError:
            return None
        return Entry(row[0], {t: (int(a), int(b)) for t, (a, b) in info["ranges"].items()}, info["metas"],
                     [Skip(**s) for s in info["skips"]])

    @staticmethod
    def segment_name(keys: list[str]) -> str:
        return hashlib.sha256("".join(keys).encode()).hexdigest()[:32]

    def index(self, keys: list[str], segment: str, ranges: list[dict[str, tuple[int, int]]],
              metas: list[list[dict[str, str]]], skips: list[list[Skip]]) -> None:
        """Record one entry per file of a batch already stored as ``segment`` in :attr:`store`."""
        rows = [(key, segment, json.dumps({"ranges": r, "metas": m, "skips": [s.as_dict() for s in k]}))
                for key, r, m, k in zip(keys, ranges, metas, skips, strict=True)]
        self.db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", rows)
        self.db.commit()

    def prune(self, keep: set[str]) -> None:
        """Forget files not in ``keep`` and delete segments no entry uses."""
        stored = [k for (k,) in self.db.execute("SELECT key FROM entries")]
        self.db.executemany("DELETE FROM entries WHERE key = ?", [(k,) for k in stored if k not in keep])
        self.db.commit()
        used = {s for (s,) in self.db.execute("SELECT DISTINCT segment FROM entries")}
        self.store.delete(self.store.names() - used)

    def close(self) -> None:
        self.db.close()
