"""The per-text codings the pipeline adds to sentences and quotes: tone, stance toward ICs, frames.

A composition of :mod:`sentiment` (tone of each text) and :mod:`coder` (stance and frames of each sentence read
in its article; quotes take the codings of the sentences they lie in). Each is validated on its own against
hand coding (tests/test_coding_gate.py, tests/test_coder.py).
"""

from __future__ import annotations

import pandas as pd

from .coder import CODED_COLUMNS, CodingSettings, code_sentences, quote_codings
from .sentiment import SCORE_COLUMNS, score_texts

CODING_COLUMNS: tuple[str, ...] = (*SCORE_COLUMNS, *CODED_COLUMNS)


def _empty(out: pd.DataFrame) -> pd.DataFrame:
    for column in CODING_COLUMNS:
        out[column] = pd.Series(dtype=object)
    return out


def code_units(table: pd.DataFrame, *, text_column: str, coding: CodingSettings = CodingSettings()) -> pd.DataFrame:
    """``table`` (sentences in reading order, grouped by ``article_id`` when present) plus tone, stance and
    frame columns for the texts in ``text_column``."""
    if text_column not in table.columns:
        raise ValueError(f"code_units: no column {text_column!r} in {list(table.columns)}")
    out = table.reset_index(drop=True)
    if out.empty:
        return _empty(out)
    texts = out[text_column].fillna("").astype(str)
    tone = score_texts(texts).round(4)
    coded = code_sentences(texts, groups=out["article_id"] if "article_id" in out.columns else None,
                           settings=coding)
    return pd.concat([out, tone, coded], axis=1)[[*out.columns, *CODING_COLUMNS]]


def code_quotes(quotes: pd.DataFrame, coded_sentences: pd.DataFrame) -> pd.DataFrame:
    """``quotes`` plus the tone of each quote's own words and the stance and frames of the coded sentences it
    lies in (:func:`coder.quote_codings`)."""
    out = quotes.reset_index(drop=True)
    if out.empty:
        return _empty(out)
    tone = score_texts(out["quote"].fillna("").astype(str)).round(4)
    coded = quote_codings(out, coded_sentences)
    return pd.concat([out, tone, coded], axis=1)[[*out.columns, *CODING_COLUMNS]]
