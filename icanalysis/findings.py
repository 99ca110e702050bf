"""Findings paragraphs for the notebooks, computed from the tables, so that every number and name in a
notebook's prose stays true when the corpus or the coder changes.

Each function takes the tables a notebook has already read and returns Markdown (a string; the notebook
shows it with ``IPython.display.Markdown``). Nothing here reads files except the frame labels of the codebook.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .coder import stance_by
from .framing import FRAME_IDS, read_codebook
from .sentiment import not_copy_mask

MIN_GROUP = 3  # groups with fewer units are not named in the prose (their means are too fragile)


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _fmt(value: object, digits: int = 2) -> str:
    if isinstance(value, (int, float)) and not pd.isna(value):
        return f"{value:.{digits}f}"
    return "n/a"


def frame_labels() -> dict[str, str]:
    """Frame id -> human label from the codebook (``Safety and consent``)."""
    book = read_codebook()
    return dict(zip(book["frame_id"], book["label"], strict=True))


def coder_card(card: Mapping[str, object]) -> str:
    """Which coder produced the stance and frame columns, what it learned from, and its accuracy on articles
    it never saw (the blind set), as one Markdown paragraph."""
    if card.get("coder") == "rules":
        return ("**Coder:** the cue rules (`--coder rules`): word lists written against the five bundled "
                "articles; not measured on unseen whole articles by this card. Read every stance and frame "
                "count below as indicative.")
    sets = card.get("trained_on")
    n_dev = sum(str(s).startswith("dev") for s in sets) if isinstance(sets, list) else 0
    text = (f"**Coder:** the learned stance-and-frames model (`icanalysis/coder.py`), trained on "
            f"{card.get('trained_units', '?')} hand-coded sentences of {card.get('trained_articles', '?')} "
            f"articles ({n_dev} development sets in many house styles"
            f"{' and the bundled study' if isinstance(sets, list) and 'bundled' in sets else ''}).")
    val = card.get("validation")
    if not isinstance(val, Mapping) or "blind_model" not in val:
        return text + " It has not been scored on a blind set: no unseen-text accuracy is available."
    blind = val["blind_model"]
    assert isinstance(blind, Mapping)
    text += (f" **On {val.get('blind_units')} sentences of {val.get('blind_articles')} articles it never saw** "
             f"(written and hand-coded blind to it, scored once): stance macro-F1 "
             f"{_fmt(blind.get('stance_macro_f1'))} (favour {_fmt(blind.get('stance_f1_favour'))}, against "
             f"{_fmt(blind.get('stance_f1_against'))}, mixed {_fmt(blind.get('stance_f1_mixed'))}), on-topic "
             f"recall {_fmt(blind.get('topic_recall'))}, frames macro-F1 {_fmt(blind.get('frames_macro_f1'))}.")
    human = val.get("agreement_blind") or val.get("agreement_development")
    if isinstance(human, Mapping) and human:
        text += (f" Two human coders on {human.get('units')} such sentences: stance alpha "
                 f"{_fmt(human.get('stance_alpha'))}, mean frame alpha {_fmt(human.get('frame_alpha_mean'))}.")
    return text


def _top_groups(table: pd.DataFrame, key: str, column: str, k: int = 3) -> str:
    rows = table[table["n"] >= MIN_GROUP].sort_values([column, key], ascending=[False, True]).head(k)
    return ", ".join(f"{r[key]} {_fmt(r[column])} (n={int(r['n'])})" for _, r in rows.iterrows())


def tone_and_stance(sentences: pd.DataFrame, quotes: pd.DataFrame, *, card: Mapping[str, object],
                    topic: Mapping[str, object], in_sample: Mapping[str, float]) -> str:
    """Findings of notebook 03: tone, its lexicon coverage, tone against stance, stance counts by unit,
    speaker and article, and how far the stance coding can be trusted."""
    lines = []
    roles = quotes[not_copy_mask(quotes)].groupby("speaker_role")["vader_compound"].agg(["mean", "size"])
    roles = roles.rename(columns={"size": "n"}).reset_index()
    lines.append(f"- Mean VADER compound over the {len(sentences)} sentences is "
                 f"{_fmt(sentences['vader_compound'].mean())} (TextBlob polarity "
                 f"{_fmt(sentences['polarity'].mean())}); by role (quotes, collapsed, roles with at least "
                 f"{MIN_GROUP} quotes), highest: {_top_groups(roles, 'speaker_role', 'mean')}.")
    unknown = (sentences[["textblob_coverage", "vader_coverage"]].fillna(0) == 0).all(axis=1).mean()
    lines.append(f"- The scores rest on few words: TextBlob knows {sentences['textblob_coverage'].mean():.0%} and "
                 f"VADER {sentences['vader_coverage'].mean():.0%} of a sentence's word tokens on average, and "
                 f"{unknown:.0%} of sentences hold no word either lexicon knows.")
    fav = quotes[quotes["stance"] == "favour"]
    other = quotes[quotes["stance"].isin(["against", "mixed"])]
    lines.append(f"- Tone is not stance: {int((fav['vader_compound'] < -0.05).sum())} of the {len(fav)} quotes "
                 f"coded *favour* score negative on VADER, and {int((other['vader_compound'] > 0.05).sum())} "
                 f"of the {len(other)} coded *against* or *mixed* score positive.")
    counts = quotes["stance"].value_counts()
    scounts = sentences["stance"].value_counts()
    lines.append(f"- {int(quotes['stance_topic'].sum())} of {len(quotes)} quotes are judged on topic; "
                 f"{int(counts.get('favour', 0))} favour ICs, {int(counts.get('against', 0))} are against and "
                 f"{int(counts.get('mixed', 0))} mixed. Over sentences: {int(scounts.get('favour', 0))} favour, "
                 f"{int(scounts.get('against', 0))} against, {int(scounts.get('mixed', 0))} mixed of "
                 f"{len(sentences)}.")
    named = quotes.dropna(subset=["speaker"])
    speakers = stance_by(named[named["speaker"] != "(unattributed)"], "speaker")
    taking = speakers.assign(bearing=speakers[["favour", "against", "mixed"]].sum(axis=1))
    taking = taking[taking["bearing"] > 0].sort_values(["bearing", "speaker"], ascending=[False, True]).head(4)
    if len(taking):
        lines.append("- Speakers with the most stance-bearing quotes: " + "; ".join(
            f"{r.speaker} ({r.favour} favour, {r.against} against, {r.mixed} mixed)" for r in taking.itertuples())
            + ".")
    arts = stance_by(sentences, "article_id")
    overall = arts["overall"].value_counts()
    lines.append("- Article level (most of an article's stance-bearing sentences): " + ", ".join(
        f"{_n(int(overall[s]), 'article')} {s}" for s in ("favour", "against", "mixed", "none") if s in overall)
        + ".")
    lines.append(f"- Trust: as the coder card above says, the unseen-text figures are the ones that speak for "
                 f"other articles. On the bundled articles' hand-coded units the coder reaches "
                 f"macro-F1 {_fmt(in_sample.get('macro_f1'))} against coder A, but this is **in-sample** "
                 "(these units are part of its training data) and says little about other text.")
    if topic.get("warning"):
        lines.append(f"- **Warning:** {topic['warning']}")
    return "\n".join(lines)


def framing(sentences: pd.DataFrame, quotes: pd.DataFrame, *, card: Mapping[str, object],
            primary: pd.DataFrame, by_role: pd.DataFrame, in_sample: Mapping[str, float]) -> str:
    """Findings of notebook 04: frame shares, primary frames per article, frames by role, trust."""
    labels = frame_labels()
    frames = [f for f in FRAME_IDS if f in sentences.columns]
    shares = sentences[frames].mean().sort_values(ascending=False, kind="stable")
    qshares = quotes[frames].mean()
    top = shares.index[0]
    lines = [f"- {labels[top]} is the most common frame: {shares.iloc[0]:.2f} of sentences and "
             f"{qshares[top]:.2f} of quotes carry it; then {labels[shares.index[1]]} ({shares.iloc[1]:.2f}) and "
             f"{labels[shares.index[2]]} ({shares.iloc[2]:.2f}). "
             f"{(~sentences[frames].any(axis=1)).mean():.2f} of sentences and "
             f"{(~quotes[frames].any(axis=1)).mean():.2f} of quotes carry no frame."]
    lead = primary["primary_frame_sentences"].replace("", "(none)").value_counts()
    lines.append("- Primary frame by article (sentences): " + ", ".join(
        f"{labels.get(f, f)} in {_n(int(n), 'article')}" for f, n in lead.items()) + ".")
    role_rows = []
    for role, row in by_role[by_role["n"] >= MIN_GROUP].iterrows():
        best = row[frames].astype(float).idxmax()
        role_rows.append(f"{role} ({labels[best]}, {row[best]:.2f} of {int(row['n'])} quotes)")
    if role_rows:
        lines.append(f"- Most frequent frame by speaker role (collapsed quotes, roles with at least {MIN_GROUP}): "
                     + "; ".join(role_rows) + ".")
    val = card.get("validation")
    blind = val.get("blind_model") if isinstance(val, Mapping) else None
    if isinstance(blind, Mapping):
        per = {f: blind[f"frame_f1_{f}"] for f in FRAME_IDS if f"frame_f1_{f}" in blind}
        worst = min(per, key=lambda f: (per[f], f)) if per else None
        if worst is not None:
            lines.append(f"- Trust: on unseen articles (blind set) frames macro-F1 is "
                         f"{_fmt(blind.get('frames_macro_f1'))}; weakest {labels[worst]} "
                         f"({_fmt(per[worst])}). On the bundled hand-coded units {_fmt(in_sample.get('macro_f1'))}"
                         " (**in-sample**: part of the training data).")
    else:
        lines.append(f"- Trust: {coder_card(card)}")
    return "\n".join(lines)


def stance_by_role(table: pd.DataFrame, *, card: Mapping[str, object]) -> str:
    """A findings bullet from a role-by-stance count table (:func:`power.role_crosstab`): who carries each
    stance, largest first, and which roles the *against* quotes come from."""
    counts = table.reindex(columns=["favour", "against", "mixed", "none"], fill_value=0)
    taking = counts[["favour", "against", "mixed"]].sum(axis=1)
    order = taking[taking > 0].sort_values(ascending=False, kind="stable").index
    parts = [f"{role} ({', '.join(f'{int(counts.at[role, s])} {s}' for s in ('favour', 'against', 'mixed') if counts.at[role, s])})"
             for role in order]
    against = counts["against"][counts["against"] > 0]
    text = f"- Stance toward ICs by role (raw quotes; coder: {card.get('coder', '?')}): " + "; ".join(parts) + "."
    if len(against):
        text += (f" The {int(against.sum())} *against* quotes come from "
                 + ", ".join(f"{role} ({int(n)})" for role, n in against.sort_values(ascending=False, kind="stable").items())
                 + ".")
    return text
