"""All file reading and writing. Stage modules never touch files; they get and return tables."""

from __future__ import annotations

import io as _io
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

TABLE_FORMATS = ("csv", "parquet")


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename, so readers never see half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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


def read_table(path: Path) -> pd.DataFrame:
    """Read a processed table written by :func:`write_table` (CSV or Parquet, by suffix)."""
    path = Path(path)
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    if path.suffix == ".csv":
        return pd.read_csv(path, keep_default_na=False, na_values=[""], dtype={"article_id": str})
    raise ValueError(f"{path}: unknown table suffix {path.suffix!r}; valid: .csv, .parquet")


def read_processed(name: str, folder: Path | None = None) -> pd.DataFrame:
    """Read table ``name`` from a processed folder, whichever format it was written in."""
    from .paths import PROCESSED_DIR

    folder = Path(folder) if folder is not None else PROCESSED_DIR
    for fmt in TABLE_FORMATS:
        candidate = folder / f"{name}.{fmt}"
        if candidate.exists():
            return read_table(candidate)
    raise FileNotFoundError(f"no table {name!r} (.csv or .parquet) in {folder}; run `icanalysis run` first")


def write_json(path: Path, obj: Mapping[str, Any]) -> None:
    atomic_write_text(Path(path), json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def read_bytes(path: Path) -> bytes:
    return Path(path).read_bytes()


def read_csv_strict(path: Path) -> pd.DataFrame:
    """Read a small CSV (manifest, codebook, lexicon) with every cell as a string, empty cells as ''."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
