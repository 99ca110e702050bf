"""Scoring automated codings against hand codings, and agreement between coders.

References: Sokolova & Lapalme 2009 (per-class precision/recall/F1, macro averaging); Krippendorff 2004,
*Content Analysis* ch. 11 (alpha, nominal level); Castro, ``krippendorff`` Python package.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def per_class_scores(pred: Sequence[str] | pd.Series, gold: Sequence[str] | pd.Series, labels: Sequence[str]) -> pd.DataFrame:
    """Precision, recall, F1 and support (gold count) per label, plus a ``macro`` row (unweighted means).

    A label with no predictions has precision 0; with no gold units, recall 0 (so it pulls the macro
    average down rather than being skipped). Labels outside ``labels`` raise.
    """
    pred_list, gold_list = list(pred), list(gold)
    if len(pred_list) != len(gold_list):
        raise ValueError(f"pred has {len(pred_list)} items, gold has {len(gold_list)}")
    unknown = sorted({str(x) for x in pred_list + gold_list} - set(labels))
    if unknown:
        raise ValueError(f"labels {unknown} not in {list(labels)}")
    rows = []
    for label in labels:
        tp = sum(p == label and g == label for p, g in zip(pred_list, gold_list, strict=True))
        fp = sum(p == label and g != label for p, g in zip(pred_list, gold_list, strict=True))
        fn = sum(p != label and g == label for p, g in zip(pred_list, gold_list, strict=True))
        precision, recall, f1 = _prf(tp, fp, fn)
        rows.append({"label": label, "precision": precision, "recall": recall, "f1": f1, "support": tp + fn})
    table = pd.DataFrame(rows)
    macro = {"label": "macro", **table[["precision", "recall", "f1"]].mean().to_dict(),
             "support": int(table["support"].sum())}
    return pd.concat([table, pd.DataFrame([macro])], ignore_index=True).set_index("label")


def split_labels(values: Iterable[object], sep: str = "|") -> list[frozenset[str]]:
    """'a|b' strings (NaN/empty -> no labels) as sets."""
    out: list[frozenset[str]] = []
    for v in values:
        if v is None or (isinstance(v, float) and math.isnan(v)) or str(v).strip() == "":
            out.append(frozenset())
        else:
            out.append(frozenset(x.strip() for x in str(v).split(sep) if x.strip()))
    return out


def multilabel_scores(
    pred: Sequence[Iterable[str]], gold: Sequence[Iterable[str]], labels: Sequence[str]
) -> pd.DataFrame:
    """Per-label precision, recall, F1, support for multi-label codings, plus ``macro`` and ``micro`` rows."""
    pred_sets, gold_sets = [set(p) for p in pred], [set(g) for g in gold]
    if len(pred_sets) != len(gold_sets):
        raise ValueError(f"pred has {len(pred_sets)} items, gold has {len(gold_sets)}")
    unknown = sorted(set().union(*pred_sets, *gold_sets) - set(labels)) if pred_sets else []
    if unknown:
        raise ValueError(f"labels {unknown} not in {list(labels)}")
    rows, totals = [], np.zeros(3, dtype=int)
    for label in labels:
        tp = sum(label in p and label in g for p, g in zip(pred_sets, gold_sets, strict=True))
        fp = sum(label in p and label not in g for p, g in zip(pred_sets, gold_sets, strict=True))
        fn = sum(label not in p and label in g for p, g in zip(pred_sets, gold_sets, strict=True))
        totals += (tp, fp, fn)
        precision, recall, f1 = _prf(tp, fp, fn)
        rows.append({"label": label, "precision": precision, "recall": recall, "f1": f1, "support": tp + fn})
    table = pd.DataFrame(rows)
    macro = {"label": "macro", **table[["precision", "recall", "f1"]].mean().to_dict(),
             "support": int(table["support"].sum())}
    p, r, f = _prf(*totals)
    micro = {"label": "micro", "precision": p, "recall": r, "f1": f, "support": int(table["support"].sum())}
    return pd.concat([table, pd.DataFrame([macro, micro])], ignore_index=True).set_index("label")


def krippendorff_alpha_nominal(codings: pd.DataFrame) -> float:
    """Krippendorff's alpha (nominal) for a units x coders table (one column per coder, NaN = not coded).

    Returns NaN when alpha is undefined (fewer than two distinct values overall, e.g. a frame no coder
    used).
    """
    import krippendorff

    if codings.shape[1] < 2:
        raise ValueError(f"need at least two coder columns, got {list(codings.columns)}")
    values = pd.unique(codings.stack().dropna().astype(str))
    if len(values) < 2:
        return math.nan
    codes = {v: i for i, v in enumerate(sorted(values))}
    data = codings.apply(lambda col: col.map(lambda x: codes.get(str(x), np.nan) if pd.notna(x) else np.nan))
    matrix = data.to_numpy(dtype=float).T  # coders x units
    return float(krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal"))


def frame_alphas(a: Sequence[Iterable[str]], b: Sequence[Iterable[str]], labels: Sequence[str]) -> pd.Series:
    """Alpha per frame between two coders, each frame coded as present/absent (binary nominal)."""
    out = {}
    for label in labels:
        table = pd.DataFrame({"a": [label in set(x) for x in a], "b": [label in set(x) for x in b]})
        out[label] = krippendorff_alpha_nominal(table)
    return pd.Series(out, name="alpha")
