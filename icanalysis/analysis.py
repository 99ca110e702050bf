"""The per-text codings the pipeline adds to sentences and quotes: tone, stance toward ICs, frames.

A composition of :mod:`sentiment`, :mod:`stance` and :mod:`framing`; each is validated on its own against
hand coding (see tests/test_coding_gate.py).
"""

from __future__ import annotations

import pandas as pd

from .framing import FRAME_IDS, code_frames
from .sentiment import SCORE_COLUMNS, score_texts
from .stance import code_stance

CODING_COLUMNS: tuple[str, ...] = (*SCORE_COLUMNS, "stance", "stance_topic", "stance_cues", *FRAME_IDS,
                                   "frames", "frame_cues")


def code_units(table: pd.DataFrame, *, text_column: str) -> pd.DataFrame:
    """``table`` plus tone, stance and frame columns for the texts in ``text_column`` (reading order kept)."""
    if text_column not in table.columns:
        raise ValueError(f"code_units: no column {text_column!r} in {list(table.columns)}")
    out = table.reset_index(drop=True)
    texts = out[text_column].fillna("").astype(str)
    if out.empty:
        for column in CODING_COLUMNS:
            out[column] = pd.Series(dtype=object)
        return out
    tone = score_texts(texts).round(4)
    stance = code_stance(texts, groups=out["article_id"] if "article_id" in out.columns else None)
    frames = code_frames(texts)
    coded = pd.concat([tone, stance[["stance", "topic", "cues"]].rename(
        columns={"topic": "stance_topic", "cues": "stance_cues"}), frames], axis=1)
    return pd.concat([out, coded[list(CODING_COLUMNS)]], axis=1)
