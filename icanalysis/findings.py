"""Findings paragraphs for the notebooks, computed from the tables, so that every number and name in a
notebook's prose stays true when the corpus or the coder changes.

Each function takes the tables a notebook has already read and returns Markdown (a string; the notebook
shows it with ``IPython.display.Markdown``). Nothing here reads files except the frame labels of the codebook.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

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


def _show(value: object, column: str = "speaker_role") -> str:
    """A category value as prose: its label (labels.csv) in lower case ("intimacy_coordinator" -> "intimacy
    coordinator"); other values as they are."""
    from .labels import label

    text = label(column, value)
    return text[:1].lower() + text[1:] if text != str(value) else text


def _top_groups(table: pd.DataFrame, key: str, column: str, k: int = 3) -> str:
    rows = table[table["n"] >= MIN_GROUP].sort_values([column, key], ascending=[False, True]).head(k)
    return ", ".join(f"{_show(r[key], key)} {_fmt(r[column])} (n={int(r['n'])})" for _, r in rows.iterrows())


def tone_and_stance(sentences: pd.DataFrame, quotes: pd.DataFrame, *, card: Mapping[str, object],
                    topic: Mapping[str, object], in_sample: Mapping[str, float] | None) -> str:
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
    trust = ("- Trust: as the coder card above says, the unseen-text figures are the ones that speak for other "
             "articles.")
    if in_sample is not None:
        trust += (f" On the bundled articles' hand-coded units the coder reaches macro-F1 "
                  f"{_fmt(in_sample.get('macro_f1'))} against coder A, but this is **in-sample** (these units are "
                  "part of its training data) and says little about other text.")
    lines.append(trust)
    if topic.get("warning"):
        lines.append(f"- **Warning:** {topic['warning']}")
    return "\n".join(lines)


def framing(sentences: pd.DataFrame, quotes: pd.DataFrame, *, card: Mapping[str, object],
            primary: pd.DataFrame, by_role: pd.DataFrame, in_sample: Mapping[str, float] | None) -> str:
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
        role_rows.append(f"{_show(role)} ({labels[best]}, {row[best]:.2f} of {int(row['n'])} quotes)")
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
                         f"{_fmt(blind.get('frames_macro_f1'))}; weakest {labels[worst]} ({_fmt(per[worst])})."
                         + ("" if in_sample is None else
                            f" On the bundled hand-coded units {_fmt(in_sample.get('macro_f1'))} (**in-sample**: "
                            "part of the training data)."))
    else:
        lines.append(f"- Trust: {coder_card(card)}")
    return "\n".join(lines)


def stance_by_role(table: pd.DataFrame, *, card: Mapping[str, object]) -> str:
    """A findings bullet from a role-by-stance count table (:func:`power.role_crosstab`): who carries each
    stance, largest first, and which roles the *against* quotes come from."""
    counts = table.reindex(columns=["favour", "against", "mixed", "none"], fill_value=0)
    taking = counts[["favour", "against", "mixed"]].sum(axis=1)
    order = taking[taking > 0].sort_values(ascending=False, kind="stable").index
    parts = [f"{_show(role)} ({', '.join(f'{int(counts.at[role, s])} {s}' for s in ('favour', 'against', 'mixed') if counts.at[role, s])})"
             for role in order]
    against = counts["against"][counts["against"] > 0]
    text = f"- Stance toward ICs by role (raw quotes; coder: {card.get('coder', '?')}): " + "; ".join(parts) + "."
    if len(against):
        text += (f" The {int(against.sum())} *against* quotes come from "
                 + ", ".join(f"{_show(role)} ({int(n)})" for role, n in against.sort_values(ascending=False, kind="stable").items())
                 + ".")
    return text


def short_id(article_id: str) -> str:
    """``000`` for the bundled study's ``000_d9289583f474c57e``; any other id as it is."""
    head, _, tail = str(article_id).partition("_")
    return head if tail and len(tail) == 16 and all(c in "0123456789abcdef" for c in tail) else str(article_id)


def _names(values: list[str], limit: int = 4) -> str:
    shown = ", ".join(values[:limit])
    return shown + (f" and {len(values) - limit} more" if len(values) > limit else "")


def corpus_and_reuse(articles: pd.DataFrame, paragraphs: pd.DataFrame, removed: pd.DataFrame,
                     duplicates: pd.DataFrame, quotes: pd.DataFrame, collapsed_quotes: int) -> str:
    """Findings of notebook 01: the corpus, what cleaning removed, syndication, lifted paragraphs, shared quotes."""
    n = len(articles)
    outlets = sorted(articles["outlet"].dropna().astype(str).unique().tolist())
    dated = int(articles["published"].notna().sum())
    lines = [f"- The corpus is {_n(n, 'article')}; {len(outlets)} name their outlet"
             + (f" ({_names(outlets)})" if outlets else "") + f" and {dated} carry a publication date"
             + (": too few to order the coverage in time." if dated < 3 else ".")]
    per_article = removed.groupby("article_id").agg(n=("rule", "size"), kinds=("rule_kind", lambda k: sorted(set(k))))
    per_article = per_article.sort_values("n", ascending=False, kind="stable")
    kept = (paragraphs["end"] - paragraphs["start"]).groupby(paragraphs["article_id"]).sum()
    cut = (removed["end"] - removed["start"]).groupby(removed["article_id"]).sum()
    share = (cut / (kept.add(cut, fill_value=0))).reindex(articles["article_id"]).fillna(0.0)
    untouched = [short_id(a) for a in articles["article_id"] if a not in per_article.index]
    top = "; ".join(f"{r.n} in {short_id(aid)} ({', '.join(k.replace('_', ' ') for k in r.kinds)})"
                    for aid, r in per_article.head(2).iterrows())
    lines.append(f"- Cleaning removed {len(removed)} lines or prefixes, each by a named rule" + (f": {top}" if top else "")
                 + f". At most {share.max():.0%} of an article's characters were removed ({short_id(share.idxmax())})"
                 + (f"; {_names(untouched)} lost nothing." if untouched else "."))
    pairs = duplicates[duplicates["level"] == "article"]
    copies = pairs[pairs["relation"] == "syndicated_copy"]
    lifts = pairs[pairs["relation"] == "lifts_paragraphs"]
    lifted = paragraphs[paragraphs["copy_of"].notna() & (paragraphs["copy_of"].astype(str) != "")]
    text = ("- No article is a syndicated copy of another" if copies.empty else
            f"- {_n(len(copies), 'article')} {'is a syndicated copy' if len(copies) == 1 else 'are syndicated copies'}"
            " of another")
    if len(lifts):
        parts = []
        for r in lifts.itertuples():
            n_par = int((lifted["article_id"] == r.item_a).sum())
            words = int(lifted.loc[lifted["article_id"] == r.item_a, "n_words"].sum())
            parts.append(f"{short_id(r.item_a)} lifts {_n(n_par, 'paragraph')} of {short_id(r.item_b)} ({words} of "
                         f"{int(paragraphs['n_words'].sum()):,} kept words; {r.containment_a:.0%} of its word 5-grams "
                         f"are found there; direction basis: {str(r.direction_basis).replace('_', ' ')})")
        text += "; " + "; ".join(parts)
    lines.append(text + ".")
    spread = quotes.groupby("quote_cluster")["article_id"].nunique()
    travelling = spread[spread > 1].sort_values(ascending=False, kind="stable")
    if len(travelling):
        cluster = travelling.index[0]
        first = quotes[quotes["quote_cluster"] == cluster].iloc[0]
        tokens = str(first["quote"]).split()
        excerpt = " ".join(tokens[:8]) + ("..." if len(tokens) > 8 else "")
        who = first["speaker"] if isinstance(first["speaker"], str) and first["speaker"] else "an unattributed speaker"
        lines.append(f"- {_n(len(travelling), 'quote')} appear in more than one article; the most widespread, "
                     f"{who}'s \"{excerpt}\", in {int(travelling.iloc[0])}. {int(quotes['is_copy'].sum())} quotes sit in "
                     "lifted paragraphs.")
    lines.append(f"- Collapsing (dropping quotes in copies, counting each quote cluster once) takes {len(quotes)} quotes "
                 f"to {collapsed_quotes}. A cluster can join spans of different length, so collapsing is not only about "
                 "syndication; later notebooks show raw and collapsed side by side.")
    return "\n".join(lines)


def quotes_and_speakers(quotes: pd.DataFrame, speakers: pd.DataFrame, role_shares: pd.DataFrame,
                        merges: pd.DataFrame, scores: Mapping[str, object] | None, n_gold_articles: int) -> str:
    """Findings of notebook 02: who is quoted, by role, and how well the attribution matches hand annotation."""
    kinds = quotes["kind"].value_counts()
    by_article = quotes["article_id"].value_counts()
    top_articles = ", ".join(f"{short_id(a)}: {n}" for a, n in by_article.head(2).items())
    ranked = speakers.sort_values(["n_quotes", "speaker"], ascending=[False, True])
    top_speakers = "; ".join(f"{r.speaker} ({r.n_quotes})" for r in ranked.head(4).itertuples())
    lines = [f"- The pipeline found {len(quotes)} quotes ({int(kinds.get('direct', 0))} direct, "
             f"{int(kinds.get('indirect', 0))} indirect) from {len(speakers)} speakers; most in {top_articles}. "
             f"Quoted most: {top_speakers}."]
    shares = role_shares.sort_values("n_quotes", ascending=False, kind="stable")
    by_quotes = ", ".join(f"{_show(r.speaker_role)} {r.n_quotes} ({r.quote_share:.2f})" for r in shares.head(3).itertuples())
    words = role_shares.sort_values("word_share", ascending=False, kind="stable")
    by_words = ", ".join(f"{_show(r.speaker_role)} {r.word_share:.2f}" for r in words.head(3).itertuples())
    lines.append(f"- By role (raw): {by_quotes} of the quotes; by quoted words: {by_words}. Article reach: "
                 + ", ".join(f"{_show(r.speaker_role)} in {r.n_articles}" for r in shares.head(3).itertuples()) + ".")
    if scores is None:
        lines.append("- No hand-annotated quotes cover this project: the accuracy to quote is the README's on text "
                     "none of the rules were written against (PolNeAR dev and the blind sets).")
    else:
        lines.append(_gold_line(scores, n_gold_articles))
    weak = quotes[quotes["attribution"].isin(["title", "none"]) | quotes["speaker_role"].isna()]
    lines.append(f"- To check by hand first: {_n(len(weak), 'quote')} attributed through a description or not at all, "
                 f"or without a role; {_n(len(merges), 'automatic speaker merge')} to review.")
    return "\n".join(lines)


def _gold_line(scores: Mapping[str, object], n_gold_articles: int) -> str:
    indirect = scores.get("indirect", {})
    assert isinstance(indirect, Mapping)
    return (f"- Against the hand-annotated quotes of the {_n(n_gold_articles, 'article')} the gold covers (in-sample: "
            f"the rules were developed on them): direct precision {_fmt(scores.get('precision'))}, recall "
            f"{_fmt(scores.get('recall'))}, speaker right for {int(scores.get('n_speaker_right', 0))} of "  # type: ignore[call-overload]
            f"{int(scores.get('n_matched', 0))}; indirect precision {_fmt(indirect.get('precision'))}, "  # type: ignore[call-overload]
            f"recall {_fmt(indirect.get('recall'))}. The figures for text the rules never saw are in the README "
            "(PolNeAR dev and the blind sets).")


def source_power(concentration: pd.DataFrame, intervals: pd.DataFrame, role_ci: pd.DataFrame,
                 definers: pd.DataFrame, lead: pd.DataFrame, voices: pd.DataFrame, unquoted: pd.DataFrame,
                 level: float) -> str:
    """Findings of notebook 05 (raw and collapsed concentration with intervals, per-role intervals, primary
    definers, lead presence, voices per article, groups talked about but never quoted)."""
    raw, col = concentration["raw"], concentration["collapsed"]
    ratio = intervals.set_index("measure").loc["elite_to_professional_words"]
    hi = "no finite upper bound" if not pd.notna(ratio["hi"]) or ratio["hi"] == float("inf") else f"{ratio['hi']:.2f}"
    lines = [f"- Hiring power and lead talent hold {raw['quote_share_elite']:.2f} of the quotes and "
             f"{raw['word_share_elite']:.2f} of the quoted words (collapsed {col['quote_share_elite']:.2f} and "
             f"{col['word_share_elite']:.2f}); intimacy professionals and below-the-line voices "
             f"{raw['quote_share_professional']:.2f} and {raw['word_share_professional']:.2f} (collapsed "
             f"{col['quote_share_professional']:.2f} and {col['word_share_professional']:.2f}). The elite-to-professional "
             f"word ratio is {raw['elite_to_professional_words']:.2f} raw; its {level:.0%} bootstrap interval runs from "
             f"{ratio['lo']:.2f} to {hi}"
             + (": the data cannot say which side dominates." if ratio["lo"] < 1 < (ratio["hi"] if pd.notna(ratio["hi"]) else 2)
                else ".")]
    lines.append("- Quote share by role (collapsed, with intervals): " + ", ".join(
        f"{_show(r.speaker_role)} {r.estimate:.2f} ({r.lo:.2f}-{r.hi:.2f})" for r in role_ci.head(3).itertuples()) + ".")
    first = ", ".join(f"{_show(r.speaker_role)} in {_n(int(r.n_articles), 'article')}" for r in definers.itertuples())
    led = lead[lead["n_in_lead"] > 0]
    lines.append(f"- The first quote of each article (primary definers, raw): {first}. Named in a headline or first "
                 "paragraph: " + (", ".join(f"{_show(r.speaker_role)} {int(r.n_in_lead)} of {int(r.n_speaker_articles)}"
                                            for r in led.itertuples()) or "no quoted group")
                 + "; " + (", ".join(sorted(_show(r) for r in lead.loc[lead["n_in_lead"] == 0, "speaker_role"])) or "none")
                 + " never.")
    lines.append(f"- Articles quote {int(voices['n_voices'].min())} to {int(voices['n_voices'].max())} voices; the "
                 f"Gini-Simpson diversity of their roles runs from {voices['gini_simpson'].min():.2f} to "
                 f"{voices['gini_simpson'].max():.2f}.")
    never = unquoted[unquoted["never_quoted"]].sort_values("n_mentions", ascending=False, kind="stable")
    if len(never):
        lines.append("- Talked about but never quoted: " + "; ".join(
            f"{str(r.nouns).replace('|', ', ')} ({r.n_mentions} mentions in {_n(int(r.n_articles), 'article')})"
            for r in never.head(4).itertuples()) + ".")
    return "\n".join(lines)


def review_accuracy(validation_json: Path) -> str:
    """The accuracy a researcher measured on this corpus with ``icanalysis review`` / ``validate``, as Markdown,
    or how to measure it when no review has been validated yet."""
    import json

    if not validation_json.is_file():
        return ("**Accuracy on this corpus:** not measured yet. Draw a sample with `icanalysis review`, mark it, "
                "and run `icanalysis validate`: the per-coding accuracy with 95% intervals then appears here.")
    result = json.loads(validation_json.read_text(encoding="utf-8"))
    rows = [f"{r['coding'].replace('_', ' ')} {r['n_correct']} of {r['n_marked']} ({_fmt(r['accuracy'])}, "
            f"95% interval {_fmt(r['ci_low'])}-{_fmt(r['ci_high'])})"
            for r in result.get("accuracy", []) if r.get("n_marked")]
    text = f"**Accuracy on this corpus** (review sheet `{result.get('sheet', '?')}`): " + "; ".join(rows) + "."
    agreement = result.get("agreement")
    if isinstance(agreement, Mapping):
        text += " Reviewer agreement (alpha): " + ", ".join(
            f"{r['coding'].replace('_', ' ')} {_fmt(r['alpha'])}" for r in agreement.get("alpha", [])) + "."
    return text
