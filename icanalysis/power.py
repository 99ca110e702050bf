"""Source-power metrics on the quotes table: who is given voice, how much, first, and about whom.

Groups are any column of the quotes table (``speaker_role``, ``power_tier``, ``gender``); a missing
value counts as the group ``"unknown"``. Every metric takes ``collapse_syndicated``: when True, quotes in
articles that are non-canonical copies are dropped (needs ``articles`` with ``is_canonical``) and then
only the first occurrence (by article_id, start) of each ``quote_cluster`` is kept, so a syndicated
story or a quote recycled across outlets counts once. Confidence intervals come from
:func:`bootstrap_ci`, which resamples whole articles (quotes within an article are not independent).

References: Hall, Critcher, Jefferson, Clarke & Roberts 1978, *Policing the Crisis* (primary
definers); Sigal 1973 and Gans 1979 (source hierarchies in news); Shannon 1948 (entropy); Simpson 1949
(diversity index; Gini-Simpson = 1 - sum p^2); Efron & Tibshirani 1993 (bootstrap percentile
intervals); Asr, Mazraeh, Lopes et al. 2021 (Gender Gap Tracker: quote and speaker shares).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from . import io, paths
from .sentences import tokenize_words
from .textnorm import category_id

UNKNOWN = "unknown"
QUOTE_COLUMNS: tuple[str, ...] = ("article_id", "quote_id", "start", "end", "quote", "speaker")


@dataclass(frozen=True)
class PowerSettings:
    """Options for the concentration and mention metrics.

    elite_tiers: power tiers counted as hiring power + lead talent.
    professional_tiers: tiers counted as intimacy professionals + below the line.
    role_nouns_file: table noun, role, power_tier in ``icanalysis/data`` (shared with ``speakers.py``).
    """

    elite_tiers: tuple[str, ...] = ("hiring_power", "lead_talent")
    professional_tiers: tuple[str, ...] = ("intimacy_professionals", "below_the_line")
    role_nouns_file: str = "role_nouns.csv"


# --- helpers --------------------------------------------------------------------------------------

def _require(df: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{what}: missing column(s) {missing}; got {list(df.columns)}")


def _keys(by: str | Sequence[str]) -> list[str]:
    return [by] if isinstance(by, str) else list(by)


def _with_groups(quotes: pd.DataFrame, by: str | Sequence[str]) -> pd.DataFrame:
    keys = _keys(by)
    _require(quotes, keys, "quotes")
    out = quotes.copy()
    for k in keys:
        out[k] = out[k].astype(object).where(out[k].notna() & (out[k].astype(str) != ""), UNKNOWN)
    return out


@lru_cache(maxsize=65536)
def _word_count(text: str) -> int:
    return len(tokenize_words(text))


def quote_words(quotes: pd.DataFrame) -> pd.Series:
    """Word count of each quote (``sentences.tokenize_words``; counts are cached per text for the bootstrap)."""
    return quotes["quote"].map(lambda q: _word_count(q) if isinstance(q, str) else 0)


def collapse_quotes(
    quotes: pd.DataFrame, articles: pd.DataFrame | None = None, *, collapse_syndicated: bool = True
) -> pd.DataFrame:
    """The quotes a metric counts: all, or (collapsed) those in canonical articles, one per quote_cluster."""
    _require(quotes, QUOTE_COLUMNS, "quotes")
    if not collapse_syndicated:
        return quotes
    out = quotes
    if articles is not None:
        _require(articles, ["article_id", "is_canonical"], "articles")
        canonical = set(articles.loc[articles["is_canonical"].astype(bool), "article_id"])
        out = out[out["article_id"].isin(canonical)]
    elif "quote_cluster" not in out.columns:
        raise ValueError("collapse_syndicated=True needs articles (with is_canonical) or a quote_cluster column")
    if "quote_cluster" in out.columns:
        # the original report of a statement is kept, its copies dropped
        order = (["is_copy"] if "is_copy" in out.columns else []) + ["article_id", "start"]
        ordered = out.sort_values(order, kind="stable")
        clustered = ordered["quote_cluster"].notna() & (ordered["quote_cluster"].astype(str) != "")
        dup = clustered & ordered["quote_cluster"].duplicated(keep="first")
        out = ordered[~dup].sort_index()
    return out


def _article_ids(quotes: pd.DataFrame, articles: pd.DataFrame | None, collapse_syndicated: bool) -> list[str]:
    if articles is None:
        return sorted(quotes["article_id"].unique())
    keep = articles
    if collapse_syndicated:
        keep = articles[articles["is_canonical"].astype(bool)]
    return sorted(keep["article_id"].unique())


# --- diversity indices ----------------------------------------------------------------------------

def gini_simpson(counts: Sequence[float] | pd.Series) -> float:
    """1 - sum p_i^2: the chance two draws (with replacement) differ. NaN for no observations.

    References: Simpson 1949.
    """
    values = np.asarray(list(counts), dtype=float)
    total = values.sum()
    if total <= 0:
        return math.nan
    p = values / total
    return float(1.0 - np.sum(p * p))


def shannon(counts: Sequence[float] | pd.Series, *, base: float = math.e) -> float:
    """Shannon entropy -sum p_i log p_i (natural log by default). NaN for no observations.

    References: Shannon 1948.
    """
    values = np.asarray(list(counts), dtype=float)
    total = values.sum()
    if total <= 0:
        return math.nan
    p = values[values > 0] / total
    return float(-np.sum(p * np.log(p)) / math.log(base))


# --- voice metrics --------------------------------------------------------------------------------

def voice_shares(
    quotes: pd.DataFrame,
    by: str | Sequence[str] = "speaker_role",
    *,
    collapse_syndicated: bool,
    articles: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per group: quote, speaker and quoted-word counts and shares, and article reach.

    article_reach = share of articles in which the group is quoted at least once; the denominator is the
    articles in ``articles`` (canonical ones if collapsed) or, without it, the articles that have quotes.
    Speakers are distinct non-empty ``speaker`` values; unattributed quotes count for quotes and words only.
    """
    keys = _keys(by)
    q = _with_groups(collapse_quotes(quotes, articles, collapse_syndicated=collapse_syndicated), keys)
    q = q.assign(_words=quote_words(q))
    named = q[q["speaker"].notna() & (q["speaker"].astype(str) != "")]
    n_articles = len(_article_ids(q, articles, collapse_syndicated))
    grouped = q.groupby(keys, sort=True)
    out = pd.DataFrame({
        "n_quotes": grouped.size(),
        "n_words": grouped["_words"].sum(),
        "n_articles": grouped["article_id"].nunique(),
    })
    out["n_speakers"] = named.groupby(keys, sort=True)["speaker"].nunique().reindex(out.index).fillna(0).astype(int)
    total_speakers = named["speaker"].nunique()
    out["quote_share"] = out["n_quotes"] / out["n_quotes"].sum() if len(q) else np.nan
    out["speaker_share"] = out["n_speakers"] / total_speakers if total_speakers else np.nan
    out["word_share"] = out["n_words"] / out["n_words"].sum() if out["n_words"].sum() else np.nan
    out["article_reach"] = out["n_articles"] / n_articles if n_articles else np.nan
    cols = ["n_quotes", "quote_share", "n_speakers", "speaker_share", "n_words", "word_share",
            "n_articles", "article_reach"]
    return out[cols].reset_index()


def primary_definers(
    quotes: pd.DataFrame,
    by: str | Sequence[str] = "speaker_role",
    *,
    collapse_syndicated: bool,
    articles: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per group: number and share of articles whose first quote (lowest start offset) is the group's.

    References: Hall et al. 1978 (primary definers: the sources who first set the terms of a story).
    """
    keys = _keys(by)
    q = _with_groups(collapse_quotes(quotes, articles, collapse_syndicated=collapse_syndicated), keys)
    first = q.sort_values(["article_id", "start", "quote_id"], kind="stable").groupby("article_id").head(1)
    counts = first.groupby(keys, sort=True).size().rename("n_articles")
    out = counts.to_frame()
    out["share"] = out["n_articles"] / len(first) if len(first) else np.nan
    return out.reset_index()


def _name_patterns(name: str) -> re.Pattern[str]:
    parts = [name.strip()]
    tokens = name.split()
    if len(tokens) > 1:
        parts.append(tokens[-1])
    alternatives = "|".join(re.escape(p).replace("'", "['’]") for p in parts if p)
    return re.compile(rf"\b(?:{alternatives})\b")


def lead_presence(
    quotes: pd.DataFrame,
    articles: pd.DataFrame,
    paragraphs: pd.DataFrame,
    by: str | Sequence[str] = "speaker_role",
    *,
    collapse_syndicated: bool,
) -> pd.DataFrame:
    """Per group: share of (article, speaker) pairs whose speaker is named in the title or first paragraph.

    A speaker is named if the full name or the last word of the name (surname) occurs as a whole word
    (case-sensitive). Unattributed quotes are left out.
    """
    keys = _keys(by)
    _require(articles, ["article_id", "title"], "articles")
    _require(paragraphs, ["article_id", "para_index", "text"], "paragraphs")
    q = _with_groups(collapse_quotes(quotes, articles, collapse_syndicated=collapse_syndicated), keys)
    q = q[q["speaker"].notna() & (q["speaker"].astype(str) != "")]
    firsts = paragraphs.sort_values(["article_id", "para_index"]).groupby("article_id").head(1)
    lead_text = dict(zip(firsts["article_id"], firsts["text"].fillna(""), strict=True))
    titles = dict(zip(articles["article_id"], articles["title"].fillna(""), strict=True))
    pairs = q.drop_duplicates(["article_id", "speaker"])[["article_id", "speaker", *keys]].copy()
    pairs["in_lead"] = [
        bool(_name_patterns(str(s)).search(f"{titles.get(a, '')}\n{lead_text.get(a, '')}"))
        for a, s in zip(pairs["article_id"], pairs["speaker"], strict=True)
    ]
    grouped = pairs.groupby(keys, sort=True)["in_lead"]
    out = pd.DataFrame({"n_speaker_articles": grouped.size(), "n_in_lead": grouped.sum().astype(int)})
    out["share"] = out["n_in_lead"] / out["n_speaker_articles"]
    return out.reset_index()


def voices_per_article(
    quotes: pd.DataFrame,
    by: str = "speaker_role",
    *,
    collapse_syndicated: bool,
    articles: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per article: quotes, distinct named voices, distinct groups, and the groups' diversity over voices.

    Diversity is computed over distinct speakers (one count per voice, by its ``by`` group): Gini-Simpson
    and Shannon (natural log). Articles in ``articles`` without quotes get 0 voices and NaN diversity.

    References: Simpson 1949; Shannon 1948.
    """
    q = _with_groups(collapse_quotes(quotes, articles, collapse_syndicated=collapse_syndicated), by)
    named = q[q["speaker"].notna() & (q["speaker"].astype(str) != "")]
    voices = named.drop_duplicates(["article_id", "speaker"])
    rows = []
    for article_id in _article_ids(q, articles, collapse_syndicated):
        counts = voices.loc[voices["article_id"] == article_id, by].value_counts()
        rows.append({
            "article_id": article_id,
            "n_quotes": int((q["article_id"] == article_id).sum()),
            "n_voices": int(counts.sum()),
            "n_groups": int(len(counts)),
            "gini_simpson": gini_simpson(counts),
            "shannon": shannon(counts),
        })
    return pd.DataFrame(rows, columns=["article_id", "n_quotes", "n_voices", "n_groups", "gini_simpson", "shannon"])


def voice_concentration(
    quotes: pd.DataFrame,
    *,
    collapse_syndicated: bool,
    articles: pd.DataFrame | None = None,
    settings: PowerSettings = PowerSettings(),
) -> pd.Series:
    """Shares of all quotes and quoted words from elite tiers vs intimacy professionals + below the line.

    Returns quote_share_elite, quote_share_professional, word_share_elite, word_share_professional and
    elite_to_professional_words (ratio; inf if professionals have no words). Other tiers (outside voices,
    unknown) stay in the denominators.
    """
    _require(quotes, ["power_tier"], "quotes")
    q = collapse_quotes(quotes, articles, collapse_syndicated=collapse_syndicated)
    words = quote_words(q)
    tiers = q["power_tier"].map(_tier_id)
    elite = tiers.isin({_tier_id(t) for t in settings.elite_tiers})
    prof = tiers.isin({_tier_id(t) for t in settings.professional_tiers})
    n, w = len(q), words.sum()
    w_elite, w_prof = float(words[elite].sum()), float(words[prof].sum())
    return pd.Series({
        "quote_share_elite": elite.sum() / n if n else np.nan,
        "quote_share_professional": prof.sum() / n if n else np.nan,
        "word_share_elite": w_elite / w if w else np.nan,
        "word_share_professional": w_prof / w if w else np.nan,
        "elite_to_professional_words": (w_elite / w_prof if w_prof else (math.inf if w_elite else np.nan)),
    })


# --- mentions -------------------------------------------------------------------------------------

@lru_cache(maxsize=4)
def _role_noun_table(role_nouns_file: str) -> pd.DataFrame:
    return io.read_csv_strict(paths.data_file(role_nouns_file))


def _tier_id(tier: object) -> str:
    """The tier id of a value (``UNKNOWN`` for empty; older spellings such as "hiring power" read as the id)."""
    if not isinstance(tier, str) or not tier.strip():
        return UNKNOWN
    return category_id(tier)


def _mention_matcher(role_nouns: pd.DataFrame) -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    _require(role_nouns, ["noun", "role", "power_tier"], "role_nouns")
    lookup: dict[str, tuple[str, str]] = {}
    alternatives = []
    for noun, role, tier in sorted(
        zip(role_nouns["noun"], role_nouns["role"], role_nouns["power_tier"], strict=True), key=lambda r: -len(r[0])
    ):
        key = noun.lower().strip()
        lookup[key] = (role, _tier_id(tier))
        if key == "ic":
            alternatives.append(r"(?-i:ICs?)")  # the abbreviation only in capitals
        else:
            body = "".join(r"[\s\-]+" if ch == " " else r"[\s\-]?" if ch == "-" else re.escape(ch) for ch in key)
            alternatives.append(body + r"(?:s|es)?")
    pattern = re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)
    return pattern, lookup


def _lookup_mention(text: str, lookup: dict[str, tuple[str, str]]) -> tuple[str, str, str] | None:
    norm = re.sub(r"[\s\-]+", " ", text.lower())
    for candidate in (norm, norm[:-1], norm[:-2]):
        for key in (candidate, candidate.replace(" ", "-"), candidate.replace(" ", "")):
            if key in lookup:
                return (key, *lookup[key])
    return None


def find_mentions(
    text: str, *, people: pd.DataFrame | None = None, role_nouns: pd.DataFrame | None = None,
    settings: PowerSettings = PowerSettings(),
) -> list[tuple[str, str, str]]:
    """(surface, role, power_tier) for each role noun and each known person's name in ``text``.

    Args:
        people: codebook with canonical_name, aliases ('|'-separated), role, power_tier.
    """
    nouns = role_nouns if role_nouns is not None else _role_noun_table(settings.role_nouns_file)
    pattern, lookup = _mention_matcher(nouns)
    found = []
    for m in pattern.finditer(text):
        hit = _lookup_mention(m.group(0), lookup)
        if hit is not None:
            found.append(hit)
    if people is not None:
        _require(people, ["canonical_name", "role", "power_tier"], "people")
        for row in people.itertuples(index=False):
            names = [row.canonical_name, *[a for a in str(getattr(row, "aliases", "") or "").split("|") if a]]
            rx = re.compile(r"\b(?:" + "|".join(re.escape(n).replace("'", "['’]") for n in names) + r")\b")
            found.extend((m.group(0), row.role, _tier_id(row.power_tier)) for m in rx.finditer(text))
    return found


def who_speaks_about_whom(
    quotes: pd.DataFrame,
    people: pd.DataFrame | None = None,
    *,
    collapse_syndicated: bool,
    articles: pd.DataFrame | None = None,
    role_nouns: pd.DataFrame | None = None,
    settings: PowerSettings = PowerSettings(),
) -> pd.DataFrame:
    """Counts of (speaker_role -> mentioned_role) over role nouns and known names inside quotes.

    Returns speaker_role, mentioned_role, n_mentions, n_quotes (quotes with at least one such mention).
    """
    q = _with_groups(collapse_quotes(quotes, articles, collapse_syndicated=collapse_syndicated), "speaker_role")
    rows = []
    for quote, role in zip(q["quote"], q["speaker_role"], strict=True):
        mentions = find_mentions(quote if isinstance(quote, str) else "", people=people,
                                 role_nouns=role_nouns, settings=settings)
        for _, mentioned_role, _ in mentions:
            rows.append({"speaker_role": role, "mentioned_role": mentioned_role, "_first": 1})
        seen = {m[1] for m in mentions}
        for r in seen:
            rows.append({"speaker_role": role, "mentioned_role": r, "_first": 0, "_quote": 1})
    if not rows:
        return pd.DataFrame(columns=["speaker_role", "mentioned_role", "n_mentions", "n_quotes"])
    df = pd.DataFrame(rows).fillna({"_quote": 0})
    out = df.groupby(["speaker_role", "mentioned_role"], sort=True).agg(
        n_mentions=("_first", "sum"), n_quotes=("_quote", "sum"))
    return out.astype(int).reset_index()


def talked_about_not_quoted(
    paragraphs: pd.DataFrame,
    quotes: pd.DataFrame,
    *,
    collapse_syndicated: bool,
    articles: pd.DataFrame | None = None,
    role_nouns: pd.DataFrame | None = None,
    settings: PowerSettings = PowerSettings(),
) -> pd.DataFrame:
    """Groups (role, power_tier) named in article text by role nouns, with how often they are quoted.

    "Background actors", "extras" and "dancers" map to (actor, below_the_line), "crew members" to
    (crew, below_the_line); a group is ``never_quoted`` when no quote has that speaker_role and
    power_tier. Returns role, power_tier, nouns (surface forms seen), n_mentions, n_articles, n_quotes,
    never_quoted; sorted with never-quoted groups first.
    """
    _require(paragraphs, ["article_id", "text"], "paragraphs")
    _require(quotes, ["speaker_role", "power_tier"], "quotes")
    q = collapse_quotes(quotes, articles, collapse_syndicated=collapse_syndicated)
    paras = paragraphs
    if collapse_syndicated and articles is not None:
        paras = paras[paras["article_id"].isin(_article_ids(q, articles, True))]
    rows = []
    for article_id, text in zip(paras["article_id"], paras["text"], strict=True):
        for surface, role, tier in find_mentions(text if isinstance(text, str) else "",
                                                 role_nouns=role_nouns, settings=settings):
            rows.append({"article_id": article_id, "surface": surface.lower(), "role": role, "power_tier": tier})
    columns = ["role", "power_tier", "nouns", "n_mentions", "n_articles", "n_quotes", "never_quoted"]
    if not rows:
        return pd.DataFrame(columns=columns)
    m = pd.DataFrame(rows)
    out = m.groupby(["role", "power_tier"], sort=True).agg(
        nouns=("surface", lambda s: "|".join(sorted(set(s)))),
        n_mentions=("surface", "size"),
        n_articles=("article_id", "nunique"),
    ).reset_index()
    quoted = q.assign(_tier=q["power_tier"].map(_tier_id)).groupby(["speaker_role", "_tier"]).size()
    out["n_quotes"] = [int(quoted.get((r, t), 0)) for r, t in zip(out["role"], out["power_tier"], strict=True)]
    out["never_quoted"] = out["n_quotes"] == 0
    out = out.sort_values(["never_quoted", "n_mentions"], ascending=[False, False], kind="stable")
    return out[columns].reset_index(drop=True)


# --- crosstabs ------------------------------------------------------------------------------------

def role_crosstab(
    quotes: pd.DataFrame,
    column: str,
    *,
    by: str = "speaker_role",
    collapse_syndicated: bool,
    articles: pd.DataFrame | None = None,
    normalize: bool = False,
) -> pd.DataFrame:
    """Quotes of each group (rows) by a coded column (``stance``, or ``frames`` '|'-joined: one count per frame).

    With ``normalize`` each row sums to 1 (shares of the group's quotes, or of its frame codes).
    """
    _require(quotes, [column], "quotes")
    q = _with_groups(collapse_quotes(quotes, articles, collapse_syndicated=collapse_syndicated), by)
    values = q[column]
    if column == "frames":
        values = values.fillna("").astype(str).str.split("|")
        q = q.assign(**{column: values}).explode(column)
        q = q[q[column].astype(str) != ""]
    table = pd.crosstab(q[by], q[column])
    if normalize:
        table = table.div(table.sum(axis=1), axis=0)
    return table


# --- uncertainty ----------------------------------------------------------------------------------

def bootstrap_ci(
    df: pd.DataFrame,
    metric_fn: Callable[[pd.DataFrame], float | pd.Series],
    *,
    n_boot: int = 1000,
    seed: int = 0,
    level: float = 0.95,
    fill_value: float | None = None,
) -> pd.DataFrame:
    """Percentile bootstrap CI of ``metric_fn(df)``, resampling articles (clusters) with replacement.

    Each replicate draws as many article ids as ``df`` has, with replacement, and stacks their rows; a
    repeated article gets a distinct id (``<id>#<k>``) so it counts as a separate article. Deterministic
    for a given ``seed``.

    Args:
        metric_fn: returns a float or a Series (one estimate per key, e.g. per group).
        fill_value: value for a key missing from a replicate (0.0 for shares of groups that may be absent
            from a resample); None leaves it NaN and it is ignored in the percentiles.

    Returns one row per key: estimate (on ``df``), lo, hi, n_boot.

    References: Efron & Tibshirani 1993, ch. 13 (percentile interval); Field & Welsh 2007 (cluster
    bootstrap).
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level}")
    if n_boot < 1:
        raise ValueError(f"n_boot must be >= 1, got {n_boot}")
    _require(df, ["article_id"], "bootstrap_ci(df)")

    def as_series(value: float | pd.Series) -> pd.Series:
        return value if isinstance(value, pd.Series) else pd.Series({"value": float(value)})

    estimate = as_series(metric_fn(df))
    ids = sorted(df["article_id"].unique())
    parts = {a: g for a, g in df.groupby("article_id", sort=True)}
    rng = np.random.default_rng(seed)
    replicates = []
    for _ in range(n_boot):
        draw = rng.integers(0, len(ids), size=len(ids))
        sample = pd.concat(
            [parts[ids[i]].assign(article_id=f"{ids[i]}#{k}") for k, i in enumerate(draw)], ignore_index=True
        )
        rep = as_series(metric_fn(sample)).reindex(estimate.index)
        if fill_value is not None:
            rep = rep.fillna(fill_value)
        replicates.append(rep.to_numpy(dtype=float))
    matrix = np.vstack(replicates)
    alpha = (1 - level) / 2
    with np.errstate(all="ignore"):
        lo = np.nanquantile(matrix, alpha, axis=0)
        hi = np.nanquantile(matrix, 1 - alpha, axis=0)
    return pd.DataFrame(
        {"estimate": estimate.to_numpy(dtype=float), "lo": lo, "hi": hi, "n_boot": n_boot}, index=estimate.index
    )


def bootstrap_voice_shares(
    quotes: pd.DataFrame,
    by: str = "speaker_role",
    *,
    metric: str = "quote_share",
    collapse_syndicated: bool,
    articles: pd.DataFrame | None = None,
    n_boot: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> pd.DataFrame:
    """:func:`voice_shares` ``metric`` per group with a percentile CI from resampling articles.

    The quotes are collapsed once, before resampling (collapsing inside a replicate would merge the
    quotes of an article drawn twice). A group absent from a replicate counts as share 0.

    Returns by, estimate, lo, hi, n_boot (sorted by estimate, largest first).

    References: Efron & Tibshirani 1993 (percentile bootstrap); Field & Welsh 2007 (cluster bootstrap).
    """
    valid = ("quote_share", "speaker_share", "word_share")
    if metric not in valid:
        raise ValueError(f"metric must be one of {valid}, got {metric!r}")
    q = collapse_quotes(quotes, articles, collapse_syndicated=collapse_syndicated)
    # Fewer columns and word counts computed once: each replicate then needs only a groupby (same
    # definitions as voice_shares, which gives the point estimate).
    q = _with_groups(q.loc[:, list(dict.fromkeys([*QUOTE_COLUMNS, by]))], by).assign(_words=quote_words(q))
    estimate = voice_shares(q, by, collapse_syndicated=False).set_index(by)[metric]

    def statistic(sample: pd.DataFrame) -> pd.Series:
        if metric == "quote_share":
            values = sample.groupby(by, sort=True).size()
        elif metric == "word_share":
            values = sample.groupby(by, sort=True)["_words"].sum()
        else:
            named = sample[sample["speaker"].notna() & (sample["speaker"].astype(str) != "")]
            values = named.groupby(by, sort=True)["speaker"].nunique()
            total = named["speaker"].nunique()
            return values / total if total else values * np.nan
        return values / values.sum() if values.sum() else values * np.nan

    out = bootstrap_ci(q, statistic, n_boot=n_boot, seed=seed, level=level, fill_value=0.0)
    if not np.allclose(out["estimate"].to_numpy(), estimate.reindex(out.index).to_numpy(), equal_nan=True):
        raise AssertionError("bootstrap_voice_shares: fast statistic disagrees with voice_shares")  # pragma: no cover
    out.index.name = by
    return out.reset_index().sort_values(["estimate", by], ascending=[False, True], kind="stable").reset_index(drop=True)


def bootstrap_concentration(
    quotes: pd.DataFrame,
    *,
    collapse_syndicated: bool,
    articles: pd.DataFrame | None = None,
    n_boot: int = 1000,
    seed: int = 0,
    level: float = 0.95,
    settings: PowerSettings = PowerSettings(),
) -> pd.DataFrame:
    """:func:`voice_concentration` with percentile CIs from resampling articles (quotes collapsed first).

    Returns one row per measure: estimate, lo, hi, n_boot.
    """
    _require(quotes, ["power_tier"], "quotes")
    q = collapse_quotes(quotes, articles, collapse_syndicated=collapse_syndicated)
    q = q.loc[:, [*QUOTE_COLUMNS, "power_tier"]]  # fewer columns: faster resampling

    def statistic(sample: pd.DataFrame) -> pd.Series:
        return voice_concentration(sample, collapse_syndicated=False, settings=settings)

    out = bootstrap_ci(q, statistic, n_boot=n_boot, seed=seed, level=level)
    out.index.name = "measure"
    return out.reset_index()
