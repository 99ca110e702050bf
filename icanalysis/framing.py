"""Issue frames by cue terms from a codebook (``icanalysis/data/frames.csv``).

A text carries a frame when it contains at least ``FramingSettings.min_hits`` of the frame's cue terms
(multi-label: zero or more frames per text). The nine frames are this project's issue-specific frames
(``tests/gold/CODING_SCHEME.md``); each row also maps its frame to the generic dimensions of the Policy
Frames Codebook, so results can be compared with Media Frames Corpus studies.

References: Entman 1993 (framing); Boydstun, Card, Gross, Resnik & Smith 2014 (Policy Frames
Codebook); Card et al. 2015 (Media Frames Corpus); dictionary-based frame coding as in Matthes &
Kohring 2008 (frames as clusters of cue elements).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from . import io, paths
from .memo import text_memo
from .sentences import cue_pattern, screen_cues

FRAME_IDS: tuple[str, ...] = (
    "safety_consent", "autonomy_choice", "creative_control", "power_hierarchy",
    "standards_professionalisation", "cost_resources", "craft_recognition", "sex_work_portrayal",
    "public_reaction",
)
PFC_DIMENSIONS: tuple[str, ...] = (
    "Economic", "Capacity and resources", "Morality", "Fairness and equality",
    "Legality, constitutionality and jurisprudence", "Policy prescription and evaluation",
    "Crime and punishment", "Security and defense", "Health and safety", "Quality of life",
    "Cultural identity", "Public opinion", "Political", "External regulation and reputation", "Other",
)
CODEBOOK_COLUMNS: tuple[str, ...] = ("frame_id", "label", "definition", "cue_terms", "example", "pfc_dimensions")


@dataclass(frozen=True)
class FramingSettings:
    """Options for :func:`code_frames`.

    min_hits: cue-term matches a text needs to carry a frame.
    codebook_file: frame codebook in ``icanalysis/data``.
    """

    min_hits: int = 1
    codebook_file: str = "frames.csv"


def read_codebook(codebook_file: str = "frames.csv") -> pd.DataFrame:
    """The frame codebook as a table, checked: known frame ids in codebook order, PFC names valid."""
    table = io.read_csv_strict(paths.data_file(codebook_file))
    missing = [c for c in CODEBOOK_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"{codebook_file}: missing column(s) {missing}; got {list(table.columns)}")
    for row in table.itertuples(index=False):
        bad = [d for d in row.pfc_dimensions.split("|") if d not in PFC_DIMENSIONS]
        if bad:
            raise ValueError(
                f"{codebook_file} frame {row.frame_id}: unknown PFC dimension(s) {bad}; valid: {PFC_DIMENSIONS}"
            )
    return table


@lru_cache(maxsize=8)
def _terms(codebook_file: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    table = read_codebook(codebook_file)
    return tuple(
        (row.frame_id, tuple(t.strip() for t in row.cue_terms.split("|") if t.strip()))
        for row in table.itertuples(index=False)
    )


@lru_cache(maxsize=8)
def _compiled(codebook_file: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Every cue term in codebook order, compiled, with its frame id."""
    return tuple((frame, cue_pattern(t)) for frame, terms in _terms(codebook_file) for t in terms)


@lru_cache(maxsize=8)
def _all_terms(codebook_file: str) -> tuple[str, ...]:
    return tuple(t for _, terms in _terms(codebook_file) for t in terms)


def frame_hits(text: str, *, settings: FramingSettings = FramingSettings()) -> dict[str, list[str]]:
    """Matched cue terms per frame id for one text (for transparency)."""
    hits: dict[str, list[str]] = {frame: [] for frame, _ in _terms(settings.codebook_file)}
    cues = _compiled(settings.codebook_file)
    # Only the screened cues can match; visiting them in codebook order keeps each frame's hits in order.
    for i in sorted(screen_cues(text, _all_terms(settings.codebook_file))):
        frame, pattern = cues[i]
        hits[frame].extend(m.group(0) for m in pattern.finditer(text))
    return hits


@text_memo()
def _frame_row(text: str, codebook_file: str, min_hits: int) -> tuple[object, ...]:
    hits = frame_hits(text, settings=FramingSettings(min_hits=min_hits, codebook_file=codebook_file))
    frame_ids = [f for f, _ in _terms(codebook_file)]
    flags = [len(hits[f]) >= min_hits for f in frame_ids]
    return (*flags, "|".join(f for f, flag in zip(frame_ids, flags, strict=True) if flag),
            "|".join(f"{f}:{h}" for f in frame_ids for h in hits[f]))


def frame_values(values: list[object], *, settings: FramingSettings = FramingSettings()) -> list[tuple[object, ...]]:
    """Per text: one bool per frame (codebook order), then ``frames`` and ``frame_cues`` (see :func:`code_frames`)."""
    return [_frame_row(v if isinstance(v, str) else "", settings.codebook_file, settings.min_hits) for v in values]


def code_frames(texts: pd.Series, *, settings: FramingSettings = FramingSettings()) -> pd.DataFrame:
    """One bool column per frame (codebook order), ``frames`` ('|'-joined) and ``frame_cues``, on ``texts``' index."""
    if not isinstance(texts, pd.Series):
        raise TypeError(f"code_frames expects a pandas Series of str, got {type(texts).__name__}")
    frame_ids = [f for f, _ in _terms(settings.codebook_file)]
    rows = [dict(zip([*frame_ids, "frames", "frame_cues"], row, strict=True))
            for row in frame_values(texts.tolist(), settings=settings)]
    return pd.DataFrame(rows, index=texts.index, columns=[*frame_ids, "frames", "frame_cues"])


def _frame_columns(df: pd.DataFrame) -> list[str]:
    cols = [f for f in FRAME_IDS if f in df.columns]
    if not cols:
        raise ValueError(f"no frame columns ({', '.join(FRAME_IDS)}) in {list(df.columns)}; run code_frames first")
    return cols


def primary_frame(article_frames: pd.DataFrame) -> pd.DataFrame:
    """Per article, the most frequent frame over its units; ties go to the earlier frame in the codebook.

    Args:
        article_frames: one row per unit (sentence/quote) with ``article_id`` and the bool frame columns.

    Returns article_id, primary_frame (empty string if no unit carries a frame), n_units, n_framed.
    """
    if "article_id" not in article_frames.columns:
        raise ValueError(f"primary_frame: missing column 'article_id'; got {list(article_frames.columns)}")
    cols = _frame_columns(article_frames)
    counts = article_frames.groupby("article_id", sort=True)[cols].sum()
    best = counts.idxmax(axis=1).where(counts.max(axis=1) > 0, "")  # idxmax: first max = codebook order
    out = pd.DataFrame({
        "article_id": counts.index,
        "primary_frame": best.values,
        "n_units": article_frames.groupby("article_id", sort=True).size().values,
        "n_framed": article_frames[cols].any(axis=1).groupby(article_frames["article_id"], sort=True).sum().values,
    })
    return out.reset_index(drop=True)


def frames_by(df: pd.DataFrame, by: str | list[str]) -> pd.DataFrame:
    """Share of units carrying each frame per group (columns: frame ids), plus ``n`` units per group."""
    keys = [by] if isinstance(by, str) else list(by)
    missing = [k for k in keys if k not in df.columns]
    if missing:
        raise ValueError(f"frames_by: missing column(s) {missing}; got {list(df.columns)}")
    cols = _frame_columns(df)
    grouped = df.groupby(keys, sort=True, dropna=False)
    out = grouped[cols].mean()
    out["n"] = grouped.size()
    return out.reset_index()
