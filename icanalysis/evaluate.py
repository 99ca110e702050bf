"""Scores of the automatic quote coding against hand-annotated gold quotes.

A predicted quote matches a gold quote of the same kind in the same article when their character spans
overlap with intersection / union >= 0.5; matching is one-to-one and greedy (largest overlap first).

References: Pareti (2016) span-overlap scoring of attribution relations; Asr et al. (2021) Gender Gap
Tracker evaluation (quote and speaker accuracy reported separately).
"""

from __future__ import annotations

import pandas as pd

from .textnorm import fold_name

__all__ = ["GOLD_COLUMNS", "match_quotes", "normalise_speaker", "score_quotes"]

GOLD_COLUMNS: tuple[str, ...] = ("article_id", "start", "end", "quote", "is_quote", "kind", "speaker",
                                 "speaker_role", "power_tier", "cue", "attribution", "note")
PRED_REQUIRED: tuple[str, ...] = ("article_id", "kind", "start", "end")
KINDS: tuple[str, ...] = ("direct", "indirect")
MIN_OVERLAP = 0.5


def normalise_speaker(name: object) -> str:
    """Case-, accent- and space-insensitive form of a speaker name (``"Noé "`` -> ``"noe"``)."""
    return fold_name(name)


def _check(table: pd.DataFrame, required: tuple[str, ...], name: str) -> None:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(table).__name__}")
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise ValueError(f"{name} is missing columns {missing}; required {list(required)}")


def _speaker_column(pred: pd.DataFrame) -> str | None:
    for col in ("speaker", "speaker_local"):
        if col in pred.columns:
            return col
    return None


def _gold_of_kind(gold: pd.DataFrame, kind: str) -> pd.DataFrame:
    is_yes = gold["is_quote"].astype(str).str.strip().str.lower().isin(("yes", "y", "true", "1"))
    return gold[is_yes & (gold["kind"].astype(str).str.strip().str.lower() == kind)]


def match_quotes(pred: pd.DataFrame, gold: pd.DataFrame, kind: str = "direct") -> pd.DataFrame:
    """One-to-one greedy span matches (pred_index, gold_index, overlap) between ``pred`` and ``gold`` rows."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    _check(pred, PRED_REQUIRED, "pred")
    _check(gold, ("article_id", "start", "end", "is_quote", "kind"), "gold")
    p = pred[pred["kind"] == kind]
    g = _gold_of_kind(gold, kind)
    rows = []
    for article, g_art in g.groupby(g["article_id"].astype(str)):
        p_art = p[p["article_id"].astype(str) == article]
        pairs = []
        for pi, ps, pe in zip(p_art.index, p_art["start"].astype(int), p_art["end"].astype(int), strict=False):
            for gi, gs, ge in zip(g_art.index, g_art["start"].astype(int), g_art["end"].astype(int), strict=False):
                inter = min(pe, ge) - max(ps, gs)
                if inter <= 0:
                    continue
                union = max(pe, ge) - min(ps, gs)
                score = inter / union if union else 0.0
                if score >= MIN_OVERLAP:
                    pairs.append((score, pi, gi))
        used_p: set[object] = set()
        used_g: set[object] = set()
        for score, pi, gi in sorted(pairs, key=lambda x: -x[0]):
            if pi in used_p or gi in used_g:
                continue
            used_p.add(pi)
            used_g.add(gi)
            rows.append({"pred_index": pi, "gold_index": gi, "overlap": score})
    return pd.DataFrame(rows, columns=["pred_index", "gold_index", "overlap"])


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    precision = tp / n_pred if n_pred else (1.0 if n_gold == 0 else 0.0)
    recall = tp / n_gold if n_gold else (1.0 if n_pred == 0 else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _score_kind(pred: pd.DataFrame, gold: pd.DataFrame, kind: str) -> dict[str, float]:
    matches = match_quotes(pred, gold, kind)
    n_pred = int((pred["kind"] == kind).sum())
    n_gold = len(_gold_of_kind(gold, kind))
    tp = len(matches)
    precision, recall, f1 = _prf(tp, n_pred, n_gold)
    col = _speaker_column(pred)
    right = 0
    if tp and col is not None and "speaker" in gold.columns:
        for pi, gi in zip(matches["pred_index"], matches["gold_index"], strict=False):
            if normalise_speaker(pred.at[pi, col]) == normalise_speaker(gold.at[gi, "speaker"]):
                right += 1
    speaker_accuracy = right / tp if tp else 0.0
    _, _, attributed_f1 = _prf(right, n_pred, n_gold)
    return {"precision": precision, "recall": recall, "f1": f1, "speaker_accuracy": speaker_accuracy,
            "attributed_f1": attributed_f1, "n_pred": float(n_pred), "n_gold": float(n_gold),
            "n_matched": float(tp), "n_speaker_right": float(right)}


def score_quotes(pred: pd.DataFrame, gold: pd.DataFrame) -> dict[str, object]:
    """Precision, recall, F1, speaker accuracy and attributed F1 for direct quotes (top level) and indirect.

    ``pred`` needs ``article_id, kind, start, end`` and ``speaker`` (else ``speaker_local``); ``gold`` the
    columns of ``tests/gold/quotes_gold.csv``. Only gold rows with ``is_quote=yes`` count. Returns the
    direct scores as top-level keys and the indirect ones under ``"indirect"``.

    References: Pareti 2016 (PARC 3.0 span overlap).
    """
    _check(pred, PRED_REQUIRED, "pred")
    _check(gold, ("article_id", "start", "end", "is_quote", "kind"), "gold")
    out: dict[str, object] = dict(_score_kind(pred, gold, "direct"))
    out["indirect"] = _score_kind(pred, gold, "indirect")
    return out
