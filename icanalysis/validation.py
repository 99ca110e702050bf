"""Scoring automated codings against hand codings, and agreement between coders.

References: Sokolova & Lapalme 2009 (per-class precision/recall/F1, macro averaging); Krippendorff 2004,
*Content Analysis* ch. 11 (alpha, nominal level); Castro, ``krippendorff`` Python package.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from .framing import FRAME_IDS
from .stance import STANCES


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


def load_coded_articles(articles_json: str | Path, coding_csv: str | Path) -> pd.DataFrame:
    """Hand-coded whole articles (format: ``tests/gold/stance_articles/README.md``) as one row per sentence:
    set, article_id, unit_id, para_index, sent_index, text, stance, frames, in reading order. Raises with the
    file name when the coding does not cover exactly the article's sentences or uses values outside the
    scheme."""
    spec = json.loads(Path(articles_json).read_text(encoding="utf-8"))
    rows = []
    for article in spec["articles"]:
        for p, para in enumerate(article["paragraphs"], start=1):
            for s, text in enumerate(para, start=1):
                rows.append({"set": spec["set"], "article_id": article["id"],
                             "unit_id": f"{article['id']}:p{p:02d}s{s:02d}", "para_index": p - 1,
                             "sent_index": s - 1, "text": text})
    units = pd.DataFrame(rows)
    coding = pd.read_csv(coding_csv, dtype=str, keep_default_na=False)
    if list(coding["unit_id"]) != list(units["unit_id"]):
        extra = sorted(set(coding["unit_id"]) - set(units["unit_id"]))[:5]
        missing = sorted(set(units["unit_id"]) - set(coding["unit_id"]))[:5]
        raise ValueError(f"{coding_csv}: units do not match {articles_json} in reading order "
                         f"(missing {missing}, extra {extra})")
    bad_stance = sorted(set(coding["stance"]) - set(STANCES))
    bad_frames = sorted({f for fs in split_labels(coding["frames"]) for f in fs} - set(FRAME_IDS))
    if bad_stance or bad_frames:
        raise ValueError(f"{coding_csv}: values outside the scheme: stance {bad_stance}, frames {bad_frames}")
    units["stance"] = coding["stance"].to_numpy()
    units["frames"] = coding["frames"].to_numpy()
    return units


def score_codings(pred: pd.DataFrame, gold: pd.DataFrame) -> dict[str, float]:
    """Stance and frame scores of ``pred`` (columns stance, stance_topic, frames) against ``gold`` (stance,
    frames), row by row: stance macro-F1 and F1 per stance, on-topic recall (share of gold favour / against /
    mixed units the coder marks on topic), frame macro-F1 over the frames present in the gold and F1 per
    frame present."""
    if len(pred) != len(gold):
        raise ValueError(f"score_codings: {len(pred)} predictions for {len(gold)} gold units")
    stance = per_class_scores(pred["stance"], gold["stance"], STANCES)
    bearing = (gold["stance"] != "none").to_numpy()
    topic = pred["stance_topic"].astype(bool).to_numpy()
    out = {"units": float(len(gold)), "stance_macro_f1": float(stance.loc["macro", "f1"]),
           "topic_recall": float(topic[bearing].mean()) if bearing.any() else float("nan"),
           "topic_precision": float(bearing[topic].mean()) if topic.any() else float("nan")}
    out.update({f"stance_f1_{s}": float(stance.loc[s, "f1"]) for s in STANCES})
    gold_sets, pred_sets = split_labels(gold["frames"]), split_labels(pred["frames"])
    present = [f for f in FRAME_IDS if any(f in g for g in gold_sets)]
    frames = multilabel_scores(pred_sets, gold_sets, FRAME_IDS)  # a frame predicted but absent from the gold is not an error here
    out["frames_macro_f1"] = float(frames.loc[present, "f1"].mean()) if present else float("nan")
    out.update({f"frame_f1_{f}": float(frames.loc[f, "f1"]) for f in present})
    return out
