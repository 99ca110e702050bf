"""Stance toward intimacy coordinators (favour / against / mixed / none) by transparent cue rules.

Rules, in order, for each text (a sentence or a quote):

1. Topic gate: the text mentions intimacy coordinat*/intimacy director(s)/IC(s), or contains an anaphor
   (``StanceSettings.anaphors``: they, them, clause-final one, the role, this profession ...) and one of the
   ``anaphor_window`` texts right before it (same group/article) mentions them, or (passage) it is one of
   the ``passage_window`` texts after a text that names ICs and takes a stance, so an argument that goes on
   without naming them ("our role extends far beyond that", "it is imperative") still counts. Off-topic
   texts are ``none`` whatever their cues.
2. Cues: every cue of ``icanalysis/data/stance_cues.csv`` found in the text adds its weight to its
   stance (favour, against or mixed).
3. Negation: a favour/against cue preceded, within ``negation_window`` words of the same clause, by an
   odd number of negators (not, no, never, without, ...n't) counts for the opposite stance ("does not need
   an intimacy coordinator" -> against). Negators inside the cue itself do not count ("not just there for
   the lead actors" stays favour).
4. Decision: any mixed (conditional) cue -> ``mixed``; favour and against both present -> the larger
   side if it is at least ``dominance_ratio`` times the other, otherwise ``mixed``; one side -> that
   side; no cue -> ``none`` (a neutral mention).
5. Quote continuation: a text without cues that continues a quotation left open by an earlier text of the
   same group (no opening quote mark of its own) takes the stance the quotation has so far: the same speaker
   is still making the same argument. topic_source is then ``quote``.

The coding scheme these labels follow is ``tests/gold/CODING_SCHEME.md``.

References: Mohammad et al. 2016 (SemEval stance detection: stance toward a named target); the
cue-lexicon-plus-negation-window design follows Wiebe, Wilson & Cardie 2005 and Polanyi & Zaenen 2006
(contextual valence shifters).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from . import io, paths
from .memo import text_memo
from .sentences import IC_PATTERN, cue_pattern, screen_cues, tokenize_words

STANCES: tuple[str, ...] = ("favour", "against", "mixed", "none")
_CUE_STANCES = ("favour", "against", "mixed")
_FLIP = {"favour": "against", "against": "favour"}
_CLAUSE_BREAK_RE = re.compile(r"[,;:()\[\]“”\"—–]|\bbut\b|\bwhile\b|\bthough\b", re.IGNORECASE)
_IC_RE = re.compile(IC_PATTERN, re.IGNORECASE)
_OPENS_QUOTE_RE = re.compile(r"\s*[“\"]")
_QUOTE_MARK_RE = re.compile(r"[“”\"]")


@dataclass(frozen=True)
class StanceSettings:
    """Options for :func:`code_stance`.

    negation_window: words before a cue (same clause) searched for negators.
    negators: words that flip a cue; "not only"/"not just" never count.
    anaphors: regular expressions (case-insensitive, whole words) that may refer back to ICs; "one"
        only at the end of a clause ("declined to use one.", not "one user").
    anaphor_window: how many preceding texts of the same group may supply the IC mention an anaphor
        refers to (1 = only the text right before).
    dominance_ratio: favour vs against weight ratio needed to call a text one-sided when both occur.
    passage_window: how many texts after a stance-taking text that names ICs are on topic (0 = off).
    passage_chain: if True, a stance found through an anaphor or a passage extends the passage too
        (off by default: passages would run on through whole articles).
    cue_file: cue table in ``icanalysis/data``.
    """

    negation_window: int = 4
    anaphor_window: int = 1
    dominance_ratio: float = 2.0
    passage_window: int = 2
    passage_chain: bool = False
    negators: tuple[str, ...] = (
        "not", "no", "never", "without", "nor", "neither", "hardly", "nobody", "nothing", "cannot",
    )
    anaphors: tuple[str, ...] = (
        r"they", r"them", r"their", r"one(?=\s*[^\w\s]|\s*$)", r"coordinators?", r"(?:the|this) role",
        r"the position", r"the job",
        r"(?:our|their|this|that) (?:role|job|work|craft|profession|field|practice)", r"(?:the|this) practice",
        r"(?:a|the|this) (?:trained |qualified )?professional", r"(?:such|this) (?:support|guidance)",
    )
    cue_file: str = "stance_cues.csv"


@dataclass(frozen=True)
class _Cue:
    cue: str
    stance: str
    weight: float
    pattern: re.Pattern[str]


@lru_cache(maxsize=8)
def load_cues(cue_file: str = "stance_cues.csv") -> tuple[_Cue, ...]:
    """Read and compile the stance cue table (columns cue, stance, weight, note)."""
    table = io.read_csv_strict(paths.data_file(cue_file))
    missing = [c for c in ("cue", "stance", "weight", "note") if c not in table.columns]
    if missing:
        raise ValueError(f"{cue_file}: missing column(s) {missing}; got {list(table.columns)}")
    cues = []
    for i, row in table.iterrows():
        if row["stance"] not in _CUE_STANCES:
            raise ValueError(
                f"{cue_file} row {i + 2}: stance {row['stance']!r} not one of {', '.join(_CUE_STANCES)}"
            )
        cues.append(_Cue(row["cue"], row["stance"], float(row["weight"]), cue_pattern(row["cue"])))
    return tuple(cues)


@lru_cache(maxsize=8)
def _anaphor_re(anaphors: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(anaphors)
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


def mentions_ic(text: str) -> bool:
    """True if ``text`` names intimacy coordinators/coordination, intimacy directors or IC(s)."""
    return bool(_IC_RE.search(text))


def _negated(text: str, start: int, settings: StanceSettings) -> bool:
    before = text[:start]
    breaks = list(_CLAUSE_BREAK_RE.finditer(before))
    clause = before[breaks[-1].end():] if breaks else before
    words = [w.lower().replace("’", "'") for w in tokenize_words(clause)]
    words = words[-settings.negation_window:] + [""]
    count = sum(
        1
        for w, nxt in zip(words, words[1:], strict=False)
        if (w in settings.negators or w.endswith("n't")) and nxt not in ("only", "just")
    )
    return count % 2 == 1


def _quote_open_after(text: str, open_before: bool) -> bool:
    """Whether a quotation is still open after ``text`` (curly quotes nest as open/close, straight ones toggle)."""
    state = open_before
    for ch in _QUOTE_MARK_RE.findall(text):  # only the marks change the state
        if ch == "“":
            state = True
        elif ch == "”":
            state = False
        elif ch == '"':
            state = not state
    return state


@lru_cache(maxsize=8)
def _cue_texts(cue_file: str) -> tuple[str, ...]:
    return tuple(cue.cue for cue in load_cues(cue_file))


def score_text(text: str, *, settings: StanceSettings = StanceSettings()) -> dict[str, object]:
    """Cue weights and matched cues of one text (no topic gate; see :func:`code_stance`)."""
    return dict(_score_text(text, settings))


@text_memo()
def _score_text(text: str, settings: StanceSettings) -> tuple[tuple[str, object], ...]:
    weights = dict.fromkeys(_CUE_STANCES, 0.0)
    matched: list[str] = []
    cues = load_cues(settings.cue_file)
    for i in sorted(screen_cues(text, _cue_texts(settings.cue_file))):  # the other cues cannot match
        cue = cues[i]
        for m in cue.pattern.finditer(text):
            stance = cue.stance
            label = f"{m.group(0)}:{stance}"
            if stance in _FLIP and _negated(text, m.start(), settings):
                stance = _FLIP[stance]
                label = f"NOT {m.group(0)}:{stance}"
            weights[stance] += cue.weight
            matched.append(label)
    return (("favour_score", weights["favour"]), ("against_score", weights["against"]),
            ("mixed_score", weights["mixed"]), ("cues", "|".join(matched)))


def decide(favour: float, against: float, mixed: float, *, settings: StanceSettings = StanceSettings()) -> str:
    """Stance from cue weights (rule 4 of the module docstring)."""
    if mixed > 0:
        return "mixed"
    if favour > 0 and against > 0:
        if favour >= settings.dominance_ratio * against:
            return "favour"
        if against >= settings.dominance_ratio * favour:
            return "against"
        return "mixed"
    if favour > 0:
        return "favour"
    if against > 0:
        return "against"
    return "none"


def code_stance(
    texts: pd.Series,
    *,
    groups: pd.Series | None = None,
    settings: StanceSettings = StanceSettings(),
) -> pd.DataFrame:
    """Stance per text, on ``texts``' index, in reading order.

    Args:
        texts: sentences or quotes, in reading order within each group.
        groups: article id per text (same index); anaphors never reach across groups. Without it all
            texts form one group.

    Returns columns: stance, topic (bool), topic_source ('explicit' | 'anaphor' | 'passage' | 'quote' |
    'none'),
    favour_score, against_score, mixed_score, cues ('|'-joined ``match:stance``, ``NOT`` marks a
    negated cue).
    """
    if not isinstance(texts, pd.Series):
        raise TypeError(f"code_stance expects a pandas Series of str, got {type(texts).__name__}")
    if groups is not None and not groups.index.equals(texts.index):
        raise ValueError("code_stance: groups must have the same index as texts")
    group_values = groups.tolist() if groups is not None else [None] * len(texts)
    anaphor_re = _anaphor_re(settings.anaphors)
    rows = []
    recent: list[bool] = []
    since_stance = settings.passage_window + 1  # texts since the last stance-bearing on-topic text
    quote_open, quote_stance = False, "none"  # a quotation left open by an earlier text, and its stance
    previous_group: object = object()
    for text, group in zip(texts.tolist(), group_values, strict=True):
        if group != previous_group:
            recent, previous_group = [], group
            since_stance, quote_open, quote_stance = settings.passage_window + 1, False, "none"
        text = text if isinstance(text, str) else ""
        explicit = mentions_ic(text)
        continues_quote = quote_open and not _OPENS_QUOTE_RE.match(text)
        if not continues_quote:
            quote_stance = "none"
        if explicit:
            source = "explicit"
        elif any(recent[-settings.anaphor_window:]) and anaphor_re.search(text):
            source = "anaphor"
        elif since_stance <= settings.passage_window:
            source = "passage"
        elif continues_quote and quote_stance != "none":
            source = "quote"
        else:
            source = "none"
        recent.append(explicit)
        scores = score_text(text, settings=settings)
        topic = source != "none"
        stance = (
            decide(scores["favour_score"], scores["against_score"], scores["mixed_score"], settings=settings)  # type: ignore[arg-type]
            if topic
            else "none"
        )
        if stance == "none" and continues_quote and quote_stance != "none" and not scores["cues"]:
            stance = quote_stance  # same speaker, same quotation: the stance carries over
        if stance != "none" and (source == "explicit" or settings.passage_chain):
            since_stance = 1
        else:
            since_stance += 1
        quote_open = _quote_open_after(text, quote_open)
        quote_stance = stance if quote_open and stance != "none" else (quote_stance if quote_open else "none")
        rows.append({"stance": stance, "topic": topic, "topic_source": source, **scores})
    columns = ["stance", "topic", "topic_source", "favour_score", "against_score", "mixed_score", "cues"]
    return pd.DataFrame(rows, index=texts.index, columns=columns)
