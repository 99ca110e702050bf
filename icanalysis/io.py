"""All file reading and writing. Stage modules never touch files; they get and return tables."""

from __future__ import annotations

import io as _io
import json
import os
import tempfile
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

TABLE_FORMATS = ("csv", "parquet")


@cache
def _umask_mode() -> int:
    """The mode a plain ``open()`` would give a new file (0o666 less the umask; 0o644 under the usual 022):
    temporary files are created 0o600, and a table shared with collaborators must not stay that way."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _temporary(path: Path) -> tuple[int, str]:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    if hasattr(os, "fchmod"):  # not on Windows, where files have no such mode bits
        os.fchmod(fd, _umask_mode())
    return fd, tmp


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename, so readers never see half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _temporary(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def table_to_bytes(table: pd.DataFrame, fmt: str = "csv") -> bytes:
    """Serialise a table deterministically (same table -> same bytes)."""
    if fmt == "csv":
        return table.to_csv(index=False, lineterminator="\n").encode("utf-8")
    if fmt == "parquet":
        buffer = _io.BytesIO()
        table.to_parquet(buffer, index=False, engine="pyarrow", compression="zstd")
        return buffer.getvalue()
    raise ValueError(f"unknown table format {fmt!r}; valid formats: {', '.join(TABLE_FORMATS)}")


def write_table(table: pd.DataFrame, path: Path, fmt: str = "csv") -> Path:
    """Write ``table`` atomically to ``path`` (suffix replaced by the format's)."""
    path = Path(path).with_suffix(f".{fmt}")
    atomic_write_bytes(path, table_to_bytes(table, fmt))
    return path


class TableWriter:
    """Write a table chunk by chunk (rows appended in order) to ``path`` atomically: the rows go to a temporary
    file that replaces ``path`` only when :meth:`close` succeeds, so a large table never has to be in memory.

    CSV chunks give the bytes :func:`table_to_bytes` gives for the concatenated table (one header, same
    formatting); Parquet chunks become row groups of one file with the schema of the first chunk (columns of
    unknown type, e.g. all-empty text, are written as strings).
    """

    def __init__(self, path: Path, fmt: str = "csv", *, row_group_rows: int = 200_000) -> None:
        if fmt not in TABLE_FORMATS:
            raise ValueError(f"unknown table format {fmt!r}; valid formats: {', '.join(TABLE_FORMATS)}")
        self.path = Path(path).with_suffix(f".{fmt}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fmt = fmt
        self.row_group_rows = row_group_rows
        fd, self._tmp = _temporary(self.path)
        self._handle = os.fdopen(fd, "wb")
        self._pending: list[pd.DataFrame] = []
        self._pending_rows = 0
        self._writer: Any = None
        self._schema: Any = None
        self._columns: list[str] | None = None
        self._columns_written = False
        self.rows = 0

    def append(self, chunk: pd.DataFrame) -> None:
        if self._columns is None:
            self._columns = list(chunk.columns)
            self._columns_written = False
        elif list(chunk.columns) != self._columns:
            raise ValueError(f"{self.path.name}: chunk columns {list(chunk.columns)} differ from {self._columns}")
        if self.fmt == "csv":
            self._handle.write(chunk.to_csv(index=False, header=not self._columns_written,
                                            lineterminator="\n").encode("utf-8"))
            self._columns_written = True
        else:
            self._pending.append(chunk)
            self._pending_rows += len(chunk)
            if self._pending_rows >= self.row_group_rows:
                self._flush()
        self.rows += len(chunk)

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self._pending:
            return
        frame = self._pending[0] if len(self._pending) == 1 else pd.concat(self._pending, ignore_index=True)
        self._pending, self._pending_rows = [], 0
        if self._schema is None:
            inferred = pa.Schema.from_pandas(frame, preserve_index=False)
            self._schema = pa.schema([f.with_type(pa.string()) if pa.types.is_null(f.type) else f
                                      for f in inferred]).with_metadata(inferred.metadata)
            self._writer = pq.ParquetWriter(self._handle, self._schema, compression="zstd")
        self._writer.write_table(pa.Table.from_pandas(frame, schema=self._schema, preserve_index=False))

    def close(self, empty: pd.DataFrame | None = None) -> Path:
        """Finish the file (``empty`` gives the columns of a table that received no row) and move it into place."""
        try:
            if self._columns is None:  # no chunk at all
                self._handle.write(table_to_bytes(empty if empty is not None else pd.DataFrame(), self.fmt))
            elif self.fmt == "parquet":
                self._flush()
                self._writer.close()
            if not self._handle.closed:
                self._handle.flush()
                os.fsync(self._handle.fileno())
                self._handle.close()
            os.replace(self._tmp, self.path)
        except BaseException:
            self.abort()
            raise
        return self.path

    def abort(self) -> None:
        if not self._handle.closed:
            self._handle.close()
        Path(self._tmp).unlink(missing_ok=True)


def read_table(path: Path) -> pd.DataFrame:
    """Read a processed table written by :func:`write_table` (CSV or Parquet, by suffix)."""
    path = Path(path)
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    if path.suffix == ".csv":
        return pd.read_csv(path, keep_default_na=False, na_values=[""], dtype={"article_id": str})
    raise ValueError(f"{path}: unknown table suffix {path.suffix!r}; valid: .csv, .parquet")


def processed_folder(folder: str | Path | None = None) -> Path:
    """``folder``, or by default the current project's processed tables (:func:`paths.current_project`)."""
    from .paths import current_project

    return Path(folder) if folder is not None else current_project().processed


def table_path(name: str, folder: str | Path | None = None) -> Path:
    """The file of processed table ``name`` (CSV or Parquet, whichever exists) in :func:`processed_folder`."""
    base = processed_folder(folder)
    for fmt in TABLE_FORMATS:
        candidate = base / f"{name}.{fmt}"
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"no table {name!r} (.csv or .parquet) in {base}; run `icanalysis run` first")


def read_processed(name: str, folder: Path | None = None) -> pd.DataFrame:
    """Read table ``name`` from a processed folder (default: the current project's), whichever format it was
    written in."""
    from .tableset import read_ready

    base = processed_folder(folder)
    read_ready(base)  # finish a table-set commit a killed run left half done, so no read sees a mix
    return read_table(table_path(name, base))


def write_json(path: Path, obj: Mapping[str, Any]) -> None:
    atomic_write_text(Path(path), json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def read_bytes(path: Path) -> bytes:
    return Path(path).read_bytes()


def read_csv_strict(path: Path) -> pd.DataFrame:
    """Read a small CSV (manifest, codebook, lexicon) with every cell as a string, empty cells as ''."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
