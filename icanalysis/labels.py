"""Human labels and one display order for the category values of the tables (``data/labels.csv``).

The tables keep their ids (``hiring_power``, ``favour``, ``standards_professionalisation``); figures, notebook
tables, the quote browser and the exports show the labels (``Hiring power``, ``In favour``, ``Standards and
professionalisation``) in the order the file gives, so a role or a tier sits in the same place in every figure.
A value the file does not know is shown as it is and sorted after the known ones.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from functools import cache

import pandas as pd

from .paths import data_file


@cache
def _table() -> dict[str, dict[str, tuple[str, int]]]:
    out: dict[str, dict[str, tuple[str, int]]] = {}
    with open(data_file("labels.csv"), newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            out.setdefault(row["column"], {})[row["value"]] = (row["label"], int(row["order"]))
    return out


def columns() -> tuple[str, ...]:
    """The columns that have labels."""
    return tuple(_table())


def values(column: str) -> tuple[str, ...]:
    """The allowed values of ``column``, in display order."""
    known = _table().get(column)
    if known is None:
        raise ValueError(f"no labels for column {column!r}; labelled columns: {list(_table())}")
    return tuple(v for v, _ in sorted(known.items(), key=lambda kv: kv[1][1]))


def label(column: str, value: object) -> str:
    """The human label of ``value`` in ``column`` (the value itself when the file does not know it)."""
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    return _table().get(column, {}).get(text, (text, 0))[0]


def sort_key(column: str, items: Iterable[object]) -> list[int]:
    """Display positions of ``items`` (unknown values after the known ones, in their given order)."""
    known = _table().get(column, {})
    last = len(known)
    return [known[str(v)][1] if str(v) in known else last + i for i, v in enumerate(items)]


def ordered(column: str, items: Iterable[object]) -> list[object]:
    """``items`` in display order."""
    items = list(items)
    keys = sort_key(column, items)
    return [item for _, item in sorted(zip(keys, items, strict=True), key=lambda pair: pair[0])]


def sort_table(table: pd.DataFrame, column: str) -> pd.DataFrame:
    """``table`` with its rows in the display order of ``column``'s values (stable; index kept)."""
    keys = sort_key(column, table[column].tolist())
    return table.assign(_order=keys).sort_values("_order", kind="stable").drop(columns="_order")
