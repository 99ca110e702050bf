"""Training the stance-and-frames model of :mod:`coder` from hand-coded sentences (scikit-learn, deterministic).

``train(units)`` fits, on sentences with columns article_id, text, stance, frames (reading order within each
article):

- stance: one-vs-rest logistic regressions (L2, ``C``, balanced class weights, liblinear), read as a softmax
  over their scores;
- each frame: binary logistic regression with its own decision threshold;
- the on-topic threshold on P(not none).

Thresholds come from cross-validation grouped by article (``folds`` folds; no article's sentences are both
trained and scored on): a frame's threshold maximises its F1 over the out-of-fold probabilities, the topic
threshold is the highest that keeps on-topic recall >= ``topic_recall``. ``cross_validate`` returns the
out-of-fold codings those choices rest on, for reporting development figures.

The result is a plain JSON-able dict (weights rounded to 5 decimals, features in sorted order) that
:func:`coder.load_model` reads: the same units give the same bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .coder import article_features
from .framing import FRAME_IDS
from .stance import STANCES, mentions_ic
from .validation import split_labels


@dataclass(frozen=True)
class TrainSettings:
    """Regularisation and threshold choices of :func:`train` (see the module docstring)."""

    stance_c: float = 0.25
    frame_c: float = 0.5
    folds: int = 5
    topic_recall: float = 0.92
    min_count: int = 3  # features seen in fewer training sentences are dropped
    prune: float = 0.02  # weights this small are dropped from the file (a smaller model; scores barely move)


def _features(units: pd.DataFrame) -> list[dict[str, float]]:
    """Features of every row, in row order: each run of consecutive rows of one article is read as an article
    (rows must be in reading order within an article; as in :func:`coder.code_sentences`)."""
    feats: list[dict[str, float]] = []
    ids, texts = units["article_id"].tolist(), units["text"].tolist()
    start = 0
    for end in range(1, len(ids) + 1):
        if end == len(ids) or ids[end] != ids[start]:
            feats.extend(article_features(texts[start:end]))
            start = end
    return feats


def _fit(feats: list[dict[str, float]], units: pd.DataFrame, settings: TrainSettings) -> dict[str, object]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts: dict[str, int] = {}
    for row in feats:
        for name in row:
            counts[name] = counts.get(name, 0) + 1
    keep = [{k: v for k, v in row.items() if counts[k] >= settings.min_count} for row in feats]
    vec = DictVectorizer(sort=True)
    x = vec.fit_transform(keep).tocsr()
    x.indices, x.indptr = x.indices.astype(np.int32), x.indptr.astype(np.int32)  # liblinear wants 32-bit
    names = vec.get_feature_names_out()
    stance_y = units["stance"].to_numpy()
    coef, intercept = [], []
    for label in STANCES:  # one-vs-rest: liblinear is fast and exact on sparse features
        lr = LogisticRegression(C=settings.stance_c, class_weight="balanced", solver="liblinear", random_state=0)
        lr.fit(x, stance_y == label)
        coef.append(lr.coef_[0])
        intercept.append(lr.intercept_[0])
    model: dict[str, object] = {"stance": _export(names, np.array(coef), np.array(intercept), STANCES,
                                                  settings.prune)}
    frames = {}
    gold = split_labels(units["frames"])
    for frame in FRAME_IDS:
        y = np.array([frame in g for g in gold])
        if y.all() or not y.any():
            frames[frame] = {"classes": [frame], "weights": {}, "intercept": [10.0 if y.all() else -10.0]}
            continue
        lr = LogisticRegression(C=settings.frame_c, class_weight="balanced", solver="liblinear", random_state=0)
        lr.fit(x, y)
        frames[frame] = _export(names, lr.coef_, lr.intercept_, (frame,), settings.prune)
    model["frames"] = frames
    return model


def _export(names: np.ndarray, coef: np.ndarray, intercept: np.ndarray, classes: tuple[str, ...],
            prune: float) -> dict:
    weights = {}
    for j, name in enumerate(names):
        w = [round(float(v), 4) for v in coef[:, j]]
        if any(abs(v) >= prune for v in w):
            weights[str(name)] = w
    return {"classes": list(classes), "weights": weights, "intercept": [round(float(v), 5) for v in intercept]}


def _fold_of(units: pd.DataFrame, folds: int) -> np.ndarray:
    """Fold per sentence: articles dealt round-robin in order of first appearance (deterministic)."""
    articles = list(dict.fromkeys(units["article_id"]))
    fold = {a: i % folds for i, a in enumerate(articles)}
    return units["article_id"].map(fold).to_numpy()


def _predict(model: dict, feats: list[dict[str, float]]) -> tuple[np.ndarray, np.ndarray]:
    """Stance probabilities (STANCES order) and frame probabilities (FRAME_IDS order) per sentence."""
    from .coder import _linear

    stance = _linear(model["stance"])
    frames = [_linear(model["frames"][f]) for f in FRAME_IDS]
    p_stance = np.array([stance.scores(f) for f in feats])
    p_stance = np.exp(p_stance - p_stance.max(axis=1, keepdims=True))
    p_stance /= p_stance.sum(axis=1, keepdims=True)
    p_frames = 1.0 / (1.0 + np.exp(-np.array([[fr.scores(f)[0] for fr in frames] for f in feats])))
    return p_stance, p_frames


def cross_validate(units: pd.DataFrame, settings: TrainSettings = TrainSettings(), *,
                   feats: list[dict[str, float]] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold stance and frame probabilities for every sentence of ``units`` (grouped by article);
    ``feats``: the rows' features when already computed."""
    units = units.reset_index(drop=True)
    feats = feats if feats is not None else _features(units)
    fold = _fold_of(units, settings.folds)
    p_stance = np.zeros((len(units), len(STANCES)))
    p_frames = np.zeros((len(units), len(FRAME_IDS)))
    for k in range(settings.folds):
        train_idx, test_idx = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
        model = _fit([feats[i] for i in train_idx], units.iloc[train_idx], settings)
        ps, pf = _predict(model, [feats[i] for i in test_idx])
        p_stance[test_idx], p_frames[test_idx] = ps, pf
    return p_stance, p_frames


def _best_threshold(p: np.ndarray, y: np.ndarray) -> float:
    best, best_f1 = 0.5, -1.0
    for t in np.round(np.arange(0.05, 0.951, 0.025), 3):
        pred = p >= t
        tp = float((pred & y).sum())
        f1 = 2 * tp / (pred.sum() + y.sum()) if pred.sum() + y.sum() else 0.0
        if f1 > best_f1 + 1e-12:
            best, best_f1 = float(t), f1
    return best


def _topic_threshold(p_none: np.ndarray, bearing: np.ndarray, recall: float) -> float:
    for t in np.round(np.arange(0.95, 0.0, -0.025), 3):
        if bearing.any() and ((1.0 - p_none) >= t)[bearing].mean() >= recall:
            return float(t)
    return 0.025


def train(units: pd.DataFrame, settings: TrainSettings = TrainSettings(), *,
          meta: dict[str, object] | None = None) -> dict[str, object]:
    """The model file's content for ``units`` (see the module docstring)."""
    units = units.reset_index(drop=True)
    feats = _features(units)
    p_stance, p_frames = cross_validate(units, settings, feats=feats)
    gold = split_labels(units["frames"])
    model = _fit(feats, units, settings)
    for j, frame in enumerate(FRAME_IDS):
        y = np.array([frame in g for g in gold])
        model["frames"][frame]["threshold"] = _best_threshold(p_frames[:, j], y)  # type: ignore[index]
    bearing = (units["stance"] != "none").to_numpy()
    model["topic_threshold"] = _topic_threshold(p_stance[:, STANCES.index("none")], bearing, settings.topic_recall)
    naming = units.groupby("article_id")["text"].transform(lambda t: t.map(mentions_ic).any()).astype(bool)
    model["meta"] = {**(meta or {}), "train_settings": settings.__dict__,
                     "gold_stance_share": round(float((units.loc[naming, "stance"] != "none").mean()), 3),
                     "trained_units": len(units), "trained_articles": int(units["article_id"].nunique())}
    return {k: model[k] for k in ("meta", "topic_threshold", "stance", "frames")}


def dumps(model: dict[str, object]) -> str:
    """The model as the bytes written to the model file (sorted keys, one line per top-level entry)."""
    return json.dumps(model, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"
