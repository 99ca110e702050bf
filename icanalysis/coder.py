"""Stance toward intimacy coordinators and issue frames, per sentence, by a small learned model that reads each
sentence in its article (the default coder), or by the cue rules of :mod:`stance` and :mod:`framing`.

Why a model: the cue rules were written against five articles and found a stance in 13 of 594 sentences of
whole articles written blind to them. News carries stance through quoted speakers arguing over several
sentences, through "they", "the role", "someone in the room", and through concessions; the rules saw only the
words of one sentence. The model sees, for each sentence:

- its words and word pairs (``w=`` / ``b=``; every spelling of "intimacy coordinator(s)", "intimacy
  director" and "IC(s)" is one token ``xicx``);
- the same words again when the context puts the sentence on the topic (``t:``): the sentence or one of the
  two before it names ICs, or it holds an anaphor ("they", "the role", "the job") with a mention in the
  three before it, or it continues a quotation opened earlier;
- the words of the sentence before it (``p:``, half weight): an argument going on;
- where it sits: a mention here / just before / just after, the share of the article's sentences that name
  ICs, an open quotation carried over from earlier sentences;
- what the cue rules find in it (``r:`` cue weights and decision, ``f:`` frame cue hits), so the rules'
  knowledge is one feature among many.

Stance is four one-vs-rest logistic regressions (favour / against / mixed / none, softmax over the scores); each frame is a binary
logistic regression with its own threshold; ``stance_topic`` is P(not none) above a threshold chosen for
on-topic recall. All weights sit in ``icanalysis/data/coder_model.json``, trained reproducibly by
``python3 tasks.py train-coder`` (``benchmarks/train_coder.py``) on the hand-coded development articles in
``tests/gold/stance_articles/``; inference needs only this module (no scikit-learn). Each coding keeps the
features that weighed most for it (``stance_cues``, ``frame_cues``), so a researcher can see why.

Quotes take the codings of the sentences they lie in (:func:`quote_codings`): a quoted speaker's stance is the
stance of the sentence that reports it, read in its context.

References: Mohammad et al. 2016 (stance toward a target); Card et al. 2015 (frames as sentence-level labels);
logistic regression over sparse lexical features as the standard transparent baseline for both.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

import pandas as pd

from . import paths
from .framing import FRAME_IDS, FramingSettings, frame_hits
from .memo import text_memo
from .sentences import IC_PATTERN, tokenize_words
from .stance import STANCES, StanceSettings, _anaphor_re, _quote_open_after, decide, mentions_ic, score_text

CODERS: tuple[str, ...] = ("model", "rules")
MODEL_FILE = "coder_model.json"
VALIDATION_FILE = "coder_validation.json"  # written by benchmarks/eval_coder.py --blind
_IC_RE = re.compile(IC_PATTERN, re.IGNORECASE)
_NUMBER_RE = re.compile(r"\d")
_OPENS_QUOTE_RE = re.compile(r"\s*[“\"]")
_RULES = StanceSettings()
_FRAME_RULES = FramingSettings()
_CONTEXT_WINDOW = 2  # sentences before that may carry the topic
_ANAPHOR_WINDOW = 3


@dataclass(frozen=True)
class CodingSettings:
    """Which coder codes stance and frames.

    coder: "model" (default; :mod:`coder`) or "rules" (the cue rules of :mod:`stance` and :mod:`framing`).
    model_file: model weights in ``icanalysis/data``.
    """

    coder: str = "model"
    model_file: str = MODEL_FILE

    def __post_init__(self) -> None:
        if self.coder not in CODERS:
            raise ValueError(f"CodingSettings.coder {self.coder!r} must be one of {CODERS}")


# --------------------------------------------------------------------------------------------------
# Features


@cache
def _stemmer():  # type: ignore[no-untyped-def]
    from nltk.stem import SnowballStemmer  # rule-based: needs no NLTK data download

    return SnowballStemmer("english")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """Snowball stem of a lower-cased word ("coordinators", "coordinating" -> "coordin"), so that few hand-coded
    sentences cover more of the ways news says the same thing; the IC token stays whole."""
    return word if word == "xicx" else str(_stemmer().stem(word))


@text_memo(max_entries=1 << 16)  # ~4.4 kB an entry: the default 2M let each worker grow by GBs at 100k
def _own_features(text: str) -> tuple[tuple[tuple[str, float], ...], bool, bool, tuple[str, ...]]:
    """Features of a sentence on its own, whether it names ICs, whether it holds an anaphor, and its word
    unigram features (reused for the next sentence's ``p:`` features)."""
    marked = _IC_RE.sub(" xicx ", text)
    words = [_NUMBER_RE.sub("0", w.lower().replace("’", "'")) for w in tokenize_words(marked)]
    words = [_stem(w) for w in words]
    unigrams = tuple(dict.fromkeys(f"w={w}" for w in words))
    bigrams = tuple(dict.fromkeys(f"b={a} {b}" for a, b in zip(["<s>", *words], [*words, "</s>"], strict=True)))
    feats: dict[str, float] = dict.fromkeys((*unigrams, *bigrams), 1.0)
    scores = score_text(text, settings=_RULES)
    for side in ("favour", "against", "mixed"):
        if scores[f"{side}_score"]:
            feats[f"r:{side}"] = math.log1p(float(scores[f"{side}_score"]))  # type: ignore[arg-type]
    rule = decide(float(scores["favour_score"]), float(scores["against_score"]),  # type: ignore[arg-type]
                  float(scores["mixed_score"]), settings=_RULES)  # type: ignore[arg-type]
    feats[f"r={rule}"] = 1.0
    for frame, hits in frame_hits(text, settings=_FRAME_RULES).items():
        if hits:
            feats[f"f:{frame}"] = 1.0
    if "“" in text or '"' in text:
        feats["quote_marks"] = 1.0
    feats["len"] = min(len(words), 60) / 30.0
    explicit = "xicx" in words
    anaphor = bool(_anaphor_re(_RULES.anaphors).search(text))
    return tuple(feats.items()), explicit, anaphor, unigrams


def article_features(texts: Sequence[str]) -> list[dict[str, float]]:
    """The model's features for each sentence of one article, in reading order (see the module docstring)."""
    own = [_own_features(t if isinstance(t, str) else "") for t in texts]
    explicit = [o[1] for o in own]
    share = sum(explicit) / len(own) if own else 0.0
    out: list[dict[str, float]] = []
    quote_open = False
    for i, (feats, here, anaphor, unigrams) in enumerate(own):
        text = texts[i] if isinstance(texts[i], str) else ""
        before = explicit[max(0, i - _CONTEXT_WINDOW):i]
        continues_quote = quote_open and not _OPENS_QUOTE_RE.match(text)
        topical = (here or any(before) or continues_quote
                   or (anaphor and any(explicit[max(0, i - _ANAPHOR_WINDOW):i])))
        row = dict(feats)
        row["bias_ic_here"] = float(here)
        row["ic_prev"] = float(any(before))
        row["ic_next"] = float(i + 1 < len(own) and explicit[i + 1])
        row["anaphor"] = float(anaphor)
        row["topical"] = float(topical)
        row["continues_quote"] = float(continues_quote)
        row["article_ic_share"] = share
        row["article_ic_none"] = float(share == 0.0)
        if topical:
            for name in unigrams:
                row["t:" + name] = 1.0
        if i > 0:
            for name in own[i - 1][3]:
                row["p:" + name] = 0.5
        out.append(row)
        quote_open = _quote_open_after(text, quote_open)
    return out


# --------------------------------------------------------------------------------------------------
# The model


@dataclass(frozen=True)
class _Linear:
    classes: tuple[str, ...]
    weights: dict[str, tuple[float, ...]]
    intercept: tuple[float, ...]

    def scores(self, feats: dict[str, float]) -> list[float]:
        total = list(self.intercept)
        for name, value in feats.items():
            w = self.weights.get(name)
            if w is not None:
                for k, wk in enumerate(w):
                    total[k] += wk * value
        return total


@dataclass(frozen=True)
class CoderModel:
    """Weights of the stance model, the frame models and their thresholds, plus the model card (``meta``)."""

    stance: _Linear
    topic_threshold: float
    frames: dict[str, tuple[_Linear, float]]
    meta: dict[str, object]

    @cached_property
    def joint(self) -> _Linear:
        """The stance and frame models as one: per feature the weights of every output (stance classes, then
        one per frame in ``FRAME_IDS`` order; 0.0 where a model lacks the feature), so a sentence's features
        are looked up once instead of once per model. Adding 0.0 leaves a sum unchanged, and each output still
        sums its features in the same order, so the scores are those of the separate models."""
        models = [self.stance, *(self.frames[f][0] for f in FRAME_IDS)]
        names = dict.fromkeys(n for m in models for n in m.weights)
        weights = {n: tuple(w for m in models for w in m.weights.get(n, (0.0,) * len(m.intercept))) for n in names}
        return _Linear((*self.stance.classes, *FRAME_IDS), weights,
                       tuple(b for m in models for b in m.intercept))


def _linear(spec: dict) -> _Linear:
    return _Linear(tuple(spec["classes"]), {k: tuple(v) for k, v in spec["weights"].items()},
                   tuple(spec["intercept"]))


@lru_cache(maxsize=4)
def load_model(model_file: str = MODEL_FILE) -> CoderModel:
    """Read the model file (``icanalysis/data``); a clear error names it when it is missing or malformed."""
    path = paths.data_file(model_file)
    try:
        spec = json.loads(path.read_text(encoding="utf-8"))
        stance = _linear(spec["stance"])
        frames = {f: (_linear(s), float(s["threshold"])) for f, s in spec["frames"].items()}
        model = CoderModel(stance, float(spec["topic_threshold"]), frames, dict(spec.get("meta", {})))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path}: not a readable coder model ({exc}); rebuild it with "
                         "`python3 tasks.py train-coder`") from exc
    if tuple(model.stance.classes) != STANCES or set(model.frames) != set(FRAME_IDS):
        raise ValueError(f"{path}: classes {model.stance.classes} / frames {sorted(model.frames)} do not match "
                         f"the coding scheme ({STANCES}, {FRAME_IDS})")
    return model


def _softmax(scores: list[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def _top(feats: dict[str, float], weights: dict[str, tuple[float, ...]], k: int, n: int = 3) -> str:
    """The ``n`` present features that pushed hardest toward output ``k`` ('|'-joined, weight rounded)."""
    pushed = sorted(((weights[f][k] * v, f) for f, v in feats.items() if f in weights), reverse=True)
    return "|".join(f"{f}:{c:+.2f}" for c, f in pushed[:n] if c > 0)


def code_article(texts: Sequence[str], *, model: CoderModel) -> list[dict[str, object]]:
    """Stance, topic and frames for each sentence of one article (reading order)."""
    rows = []
    n_stances = len(model.stance.classes)
    for feats in article_features(texts):
        joint = model.joint.scores(feats)
        probs = _softmax(joint[:n_stances])
        k = max(range(len(probs)), key=lambda j: (probs[j], -j))
        stance = model.stance.classes[k]
        row: dict[str, object] = {
            "stance": stance,
            "stance_topic": 1.0 - probs[model.stance.classes.index("none")] >= model.topic_threshold,
            "stance_cues": _top(feats, model.stance.weights, k) if stance != "none" else "",
        }
        cues: list[str] = []
        for j, frame in enumerate(FRAME_IDS, start=n_stances):
            linear, threshold = model.frames[frame]
            p = 1.0 / (1.0 + math.exp(-joint[j]))
            row[frame] = p >= threshold
            if row[frame]:
                cues.extend(f"{frame}:{c}" for c in _top(feats, linear.weights, 0, 2).split("|") if c)
        row["frames"] = "|".join(f for f in FRAME_IDS if row[f])
        row["frame_cues"] = "|".join(cues)
        rows.append(row)
    return rows


CODED_COLUMNS: tuple[str, ...] = ("stance", "stance_topic", "stance_cues", *FRAME_IDS, "frames", "frame_cues")


def code_sentences(texts: pd.Series, *, groups: pd.Series | None = None,
                   settings: CodingSettings = CodingSettings()) -> pd.DataFrame:
    """Stance and frame columns (:data:`CODED_COLUMNS`) for sentences in reading order, on ``texts``' index.

    Args:
        texts: sentences, in reading order within each article.
        groups: article id per sentence (same index); context never reaches across articles. Without it
            all sentences form one article.
    """
    if not isinstance(texts, pd.Series):
        raise TypeError(f"code_sentences expects a pandas Series of str, got {type(texts).__name__}")
    if groups is not None and not groups.index.equals(texts.index):
        raise ValueError("code_sentences: groups must have the same index as texts")
    if settings.coder == "rules":
        return _rules_columns(texts, groups)
    model = load_model(settings.model_file)
    values = texts.tolist()
    keys = groups.tolist() if groups is not None else [None] * len(values)
    rows: list[dict[str, object]] = []
    start = 0
    for end in range(1, len(values) + 1):
        if end == len(values) or keys[end] != keys[start]:
            rows.extend(code_article(values[start:end], model=model))
            start = end
    return pd.DataFrame(rows, index=texts.index, columns=list(CODED_COLUMNS))


def _rules_columns(texts: pd.Series, groups: pd.Series | None) -> pd.DataFrame:
    from .framing import code_frames
    from .stance import code_stance

    stance = code_stance(texts, groups=groups)
    frames = code_frames(texts)
    out = pd.concat([stance[["stance", "topic", "cues"]].rename(
        columns={"topic": "stance_topic", "cues": "stance_cues"}), frames], axis=1)
    return out[list(CODED_COLUMNS)]


def _truthy(value: object) -> bool:
    """What pandas' ``Series.any()`` counts as true: truthy, and not a missing value."""
    return bool(value) and not (isinstance(value, float) and value != value)


def quote_codings(quotes: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Stance and frame columns for each quote from the coded sentences it lies in (same article, overlapping
    offsets): the most frequent stance other than ``none`` among them (a quote running over sentences coded
    favour and against is ``mixed``), the frames of all of them; a quote no sentence covers gets ``none`` and
    no frames. On ``quotes``' index."""
    needed = ("article_id", "start", "end")
    for name, table in (("quotes", quotes), ("sentences", sentences)):
        missing = [c for c in (*needed, *(CODED_COLUMNS if name == "sentences" else ())) if c not in table.columns]
        if missing:
            raise ValueError(f"quote_codings: {name} lacks column(s) {missing}")
    # plain tuples per article: a boolean mask over a DataFrame per quote cost a fifth of the per-article stages
    columns = ["start", "end", "stance", "stance_topic", "stance_cues", *FRAME_IDS, "frame_cues"]
    by_article: dict[object, list[tuple]] = {}
    for rec in sentences[["article_id", *columns]].itertuples(index=False, name=None):
        by_article.setdefault(rec[0], []).append(rec[1:])
    stance_at, topic_at, cues_at, frame_cues_at = 2, 3, 4, 5 + len(FRAME_IDS)  # positions in those tuples
    rows = []
    for aid, q_start, q_end in quotes[list(needed)].itertuples(index=False, name=None):
        cover = [s for s in by_article.get(aid, ()) if s[0] < q_end and s[1] > q_start]
        stances = [s[stance_at] for s in cover if s[stance_at] != "none"]
        if not stances:
            stance = "none"
        elif "favour" in stances and "against" in stances:
            stance = "mixed"
        else:
            stance = max(dict.fromkeys(stances), key=stances.count)
        row: dict[str, object] = {
            "stance": stance,
            "stance_topic": any(_truthy(s[topic_at]) for s in cover),
            "stance_cues": "|".join(s[cues_at] for s in cover if s[cues_at]),
        }
        for i, frame in enumerate(FRAME_IDS, start=5):
            row[frame] = any(_truthy(s[i]) for s in cover)
        row["frames"] = "|".join(f for f in FRAME_IDS if row[f])
        row["frame_cues"] = "|".join(s[frame_cues_at] for s in cover if s[frame_cues_at])
        rows.append(row)
    return pd.DataFrame(rows, index=quotes.index, columns=list(CODED_COLUMNS))


def model_sha256(model_file: str = MODEL_FILE) -> str:
    """SHA-256 of the model file's bytes (the validation card names the model it scored)."""
    return hashlib.sha256(paths.data_file(model_file).read_bytes()).hexdigest()


def model_card(settings: CodingSettings = CodingSettings()) -> dict[str, object]:
    """Who coded: the coder's name, what it was trained on and its accuracy on unseen articles (from the
    validation card, only when that card scored this very model file)."""
    if settings.coder == "rules":
        return {"coder": "rules", "description": "cue rules (stance_cues.csv, frames.csv)"}
    card: dict[str, object] = {"coder": "model", **load_model(settings.model_file).meta}
    validation = paths.DATA_FILES / VALIDATION_FILE
    if validation.is_file():
        scored = json.loads(validation.read_text(encoding="utf-8"))
        if scored.get("model_sha256") == model_sha256(settings.model_file):
            card["validation"] = scored
    return card


def stance_by(table: pd.DataFrame, by: str | list[str]) -> pd.DataFrame:
    """Stance counts per group (a speaker, an article, a role): ``n`` units, ``on_topic``, one count per
    stance, ``net`` = (favour - against) / units with a stance (NaN without one), and ``overall``: the
    stance of most of the group's stance-bearing units, ``mixed`` when favour and against tie, ``none``
    when no unit takes a stance."""
    keys = [by] if isinstance(by, str) else list(by)
    missing = [k for k in [*keys, "stance", "stance_topic"] if k not in table.columns]
    if missing:
        raise ValueError(f"stance_by: missing column(s) {missing}; got {list(table.columns)}")
    counts = pd.crosstab([table[k] for k in keys], table["stance"]).reindex(columns=list(STANCES), fill_value=0)
    out = counts.copy()
    out.insert(0, "on_topic", table.groupby(keys, sort=True)["stance_topic"].sum().astype(int))
    out.insert(0, "n", counts.sum(axis=1))
    taking = counts[["favour", "against", "mixed"]].sum(axis=1)
    out["net"] = ((counts["favour"] - counts["against"]) / taking.where(taking > 0)).round(3)
    out["overall"] = [_overall(r.favour, r.against, r.mixed) for r in counts.itertuples()]
    out.columns.name = None
    return out.reset_index()


def _overall(favour: int, against: int, mixed: int) -> str:
    if favour + against + mixed == 0:
        return "none"
    if favour == against:
        return "mixed"
    best = max((favour, "favour"), (against, "against"), (mixed, "mixed"))
    return best[1]


def topic_check(sentences: pd.DataFrame, settings: CodingSettings = CodingSettings()) -> dict[str, object]:
    """How much of the archive the coder judged on topic, against what hand coders found in articles of the
    same kind. Over the articles that name ICs at least once: the share of their sentences coded on topic,
    the share the development coders gave a stance (from the model card), and ``warning``: a sentence to show
    when the first is below half the second (the coder may be missing how this archive refers to ICs), else
    an empty string."""
    for column in ("article_id", "text", "stance_topic"):
        if column not in sentences.columns:
            raise ValueError(f"topic_check: sentences lack column {column!r}")
    names = sentences["text"].fillna("").astype(str).map(mentions_ic)
    about = sentences[names.groupby(sentences["article_id"]).transform("any").astype(bool)]
    share = float(about["stance_topic"].mean()) if len(about) else float("nan")
    expected = model_card(settings).get("gold_stance_share")
    warning = ""
    if isinstance(expected, float) and len(about) and share < expected / 2:
        warning = (f"Only {share:.0%} of the sentences of the {about['article_id'].nunique()} articles that name "
                   f"intimacy coordinators were coded on topic; hand coders gave a stance to {expected:.0%} of "
                   "the sentences of such articles. Check a sample by hand before trusting the stance tables.")
    return {"articles_naming_ics": int(about["article_id"].nunique()), "sentences": int(len(about)),
            "on_topic_share": share, "gold_stance_share": expected, "warning": warning}

