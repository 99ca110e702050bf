"""Lexicon sentiment per sentence or quote: TextBlob (pattern) polarity/subjectivity and VADER compound.

What these scores measure: the average prior polarity of the words a general-purpose English lexicon
knows, adjusted by simple rules (negation, intensifiers, "but", punctuation in VADER). What they do not
measure: the writer's or speaker's attitude toward intimacy coordinators, or toward anything in
particular. A pro-safety quote full of words like "abuse" and "trauma" scores *negative*: Liroff's
description of IC training in "trauma first aid ... in case a performer ... gets triggered by a scene and
has a panic attack" gets VADER -0.61, and praise for a series that "grappled with abuse, consent, and
sexuality" gets VADER -0.81 and TextBlob -0.20. Use ``stance.py`` for attitude toward ICs, read tone
only as tone, and look at ``stance_by_tone`` before interpreting it. The lexicons also miss most of this
domain's vocabulary (each knows ~8% of the word tokens in the gold units): the ``*_coverage`` columns
report the share of word tokens each lexicon knows, per text.

VADER's runtime grows super-linearly with text length: score sentences or quotes (``sentence_table``),
never whole articles; texts longer than ``SentimentSettings.max_chars`` are refused.

References: Loria, TextBlob (pattern.en lexicon; De Smedt & Daelemans 2012); Hutto & Gilbert 2014
(VADER).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from .memo import text_memo
from .sentences import split_sentences, tokenize_words

SCORE_COLUMNS: tuple[str, ...] = (
    "polarity", "subjectivity", "vader_compound", "textblob_coverage", "vader_coverage",
)
TONE_LABELS: tuple[str, ...] = ("negative", "neutral", "positive")


@dataclass(frozen=True)
class SentimentSettings:
    """Options for :func:`score_texts`.

    max_chars: longest text accepted (VADER is super-linear; score sentences or quotes).
    neutral_band: polarity in [-band, +band] counts as neutral in :func:`tone_label`.
    """

    max_chars: int = 3000
    neutral_band: float = 0.05


@lru_cache(maxsize=1)
def _vader():  # type: ignore[no-untyped-def]
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@lru_cache(maxsize=1)
def _pattern_words() -> frozenset[str]:
    from textblob.en import sentiment as pattern_sentiment

    pattern_sentiment.load()
    return frozenset(w.lower() for w in pattern_sentiment)


def _coverage(tokens: Sequence[str], known: frozenset[str] | dict[str, float]) -> float:
    """Share of ``tokens`` (already lower-cased, apostrophes straightened) in ``known``."""
    if not tokens:
        return math.nan
    return sum(map(known.__contains__, tokens)) / len(tokens)


@lru_cache(maxsize=1)
def _pattern_sentiment():  # type: ignore[no-untyped-def]
    from textblob.en import sentiment as pattern_sentiment

    return pattern_sentiment


@text_memo()
def _scores(text: str) -> tuple[float, float, float, float, float]:
    """The five scores of one text (memoised per run: syndicated copies repeat sentences verbatim)."""
    # Same numbers as ``TextBlob(text).sentiment``, which is ``pattern_sentiment(text)`` wrapped in a
    # namedtuple class built on every call.
    polarity, subjectivity = _pattern_sentiment()(text)
    tokens = [t.lower().replace("’", "'") for t in tokenize_words(text)]
    vader = _vader()
    return (float(polarity), float(subjectivity), float(vader.polarity_scores(text)["compound"]),
            _coverage(tokens, _pattern_words()), _coverage(tokens, vader.lexicon))


def score_text(text: str, *, settings: SentimentSettings = SentimentSettings()) -> dict[str, float]:
    """Scores for one sentence or quote (see :func:`score_texts`)."""
    if len(text) > settings.max_chars:
        raise ValueError(
            f"text of {len(text)} characters exceeds SentimentSettings.max_chars={settings.max_chars}; "
            "score sentences (sentence_table) or quotes, not whole articles"
        )
    return dict(zip(SCORE_COLUMNS, _scores(text), strict=True))


def score_values(values: Sequence[object], *, settings: SentimentSettings = SentimentSettings()
                 ) -> list[tuple[float, ...]]:
    """Score tuples (``SCORE_COLUMNS`` order) for a list of texts; NaN/None, and texts longer than
    ``settings.max_chars`` (a scraped table or list with no full stop: VADER's cost grows faster than the
    length), give a tuple of NaN: one such text never stops a run."""
    rows: list[tuple[float, ...]] = []
    missing = (math.nan,) * len(SCORE_COLUMNS)
    for value in values:
        if isinstance(value, str):
            rows.append(missing if len(value) > settings.max_chars else _scores(value))
        elif value is None or (isinstance(value, float) and math.isnan(value)):
            rows.append(missing)
        else:
            raise TypeError(f"score_texts: expected str or NaN, got {type(value).__name__}: {value!r}")
    return rows


def score_texts(texts: pd.Series, *, settings: SentimentSettings = SentimentSettings()) -> pd.DataFrame:
    """Polarity, subjectivity, VADER compound and lexicon coverage per text, on ``texts``' index.

    Missing texts (NaN/None) and texts longer than ``settings.max_chars`` give a row of NaN rather than being
    dropped (:func:`score_text` refuses the latter).
    """
    if not isinstance(texts, pd.Series):
        raise TypeError(f"score_texts expects a pandas Series of str, got {type(texts).__name__}")
    rows = score_values(texts.tolist(), settings=settings)
    return pd.DataFrame(rows, index=texts.index, columns=list(SCORE_COLUMNS), dtype=float)


_PARAGRAPH_COLUMNS = ("article_id", "para_index", "start", "end", "text")


def _require(df: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{what}: missing column(s) {missing}; got {list(df.columns)}")


def sentence_table(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence: article_id, para_index, sent_index, start, end, text (+ is_copy if present).

    ``start``/``end`` are offsets into the article's source text (paragraph start + offset within the
    paragraph); ``sent_index`` counts sentences within the article from 0 in paragraph order.
    """
    _require(paragraphs, _PARAGRAPH_COLUMNS, "sentence_table(paragraphs)")
    carry = [c for c in ("is_copy",) if c in paragraphs.columns]
    rows: list[dict] = []
    ordered = paragraphs.sort_values(["article_id", "para_index"], kind="stable")
    for _, article in ordered.groupby("article_id", sort=False):
        records = article.to_dict("records")
        found = sentence_rows(records)
        for c in carry:
            by_para = {int(r["para_index"]): r[c] for r in records}
            for row in found:
                row[c] = by_para[row["para_index"]]
        rows.extend(found)
    columns = ["article_id", "para_index", "sent_index", "start", "end", "text", *carry]
    return pd.DataFrame(rows, columns=columns)


def sentence_rows(paragraphs: list[dict]) -> list[dict]:
    """:func:`sentence_table` rows for the paragraph rows of one article, already in ``para_index`` order."""
    rows = []
    n = 0
    for para in paragraphs:
        text = para["text"] if isinstance(para["text"], str) else ""
        start = int(para["start"])
        for a, b in split_sentences(text):
            rows.append({"article_id": para["article_id"], "para_index": int(para["para_index"]), "sent_index": n,
                         "start": start + a, "end": start + b, "text": text[a:b]})
            n += 1
    return rows


def not_copy_mask(df: pd.DataFrame) -> pd.Series:
    """True for rows that are not syndicated copies: ``~is_copy``, else ``is_canonical``, else ``copy_of`` empty."""
    if "is_copy" in df.columns:
        return ~df["is_copy"].astype(bool)
    if "is_canonical" in df.columns:
        return df["is_canonical"].astype(bool)
    if "copy_of" in df.columns:
        return df["copy_of"].isna() | (df["copy_of"].astype(str) == "")
    raise ValueError(
        "collapse_syndicated=True needs a column is_copy, is_canonical or copy_of; got "
        f"{list(df.columns)}"
    )


def aggregate(
    scored: pd.DataFrame, by: str | list[str], *, collapse_syndicated: bool
) -> pd.DataFrame:
    """Mean of each score column and row count ``n`` per group in ``by``.

    With ``collapse_syndicated`` only rows that are not copies are kept (see :func:`not_copy_mask`).
    """
    keys = [by] if isinstance(by, str) else list(by)
    _require(scored, keys, "aggregate(scored)")
    cols = [c for c in SCORE_COLUMNS if c in scored.columns]
    if not cols:
        raise ValueError(f"aggregate: no score columns ({', '.join(SCORE_COLUMNS)}) in {list(scored.columns)}")
    df = scored[not_copy_mask(scored)] if collapse_syndicated else scored
    grouped = df.groupby(keys, sort=True, dropna=False)
    out = grouped[cols].mean()
    out["n"] = grouped.size()
    return out.reset_index()


def tone_label(polarity: pd.Series, *, settings: SentimentSettings = SentimentSettings()) -> pd.Series:
    """'negative' (< -band), 'positive' (> band) or 'neutral' per polarity value (NaN stays NaN)."""
    band = settings.neutral_band
    values = polarity.astype(float)
    labels = np.select([values < -band, values > band], ["negative", "positive"], "neutral")
    out = pd.Series(labels, index=polarity.index, dtype=object)
    out[values.isna()] = np.nan
    return out


def stance_by_tone(
    df: pd.DataFrame,
    *,
    stance_col: str = "stance",
    polarity_col: str = "polarity",
    settings: SentimentSettings = SentimentSettings(),
) -> pd.DataFrame:
    """Counts of stance (rows) by polarity sign (columns negative/neutral/positive, band ±0.05)."""
    _require(df, [stance_col, polarity_col], "stance_by_tone(df)")
    tone = pd.Categorical(tone_label(df[polarity_col], settings=settings), categories=list(TONE_LABELS))
    table = pd.crosstab(df[stance_col], tone, dropna=False)
    table.columns = pd.Index([str(c) for c in table.columns], name="tone")
    table.index.name = stance_col
    return table.reindex(columns=list(TONE_LABELS), fill_value=0)
