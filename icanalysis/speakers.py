"""Canonical speakers across articles: codebook, fuzzy merges, roles, power tiers, quote clusters.

Every in-article speaker (``speaker_local`` from :mod:`icanalysis.quotes`) is mapped to one canonical
speaker by, in order: the codebook's canonical names and aliases (accent- and case-insensitive), a
first-name-only or surname-only mention that fits exactly one known full name, and fuzzy matching
(rapidfuzz) against the codebook and the names already seen in other articles (spelling variants such as
transliterations). Every automatic merge that is not an exact codebook hit is written to the
``speaker_merges`` review table. Roles come from the codebook (``role_source=codebook``) or, for people
not in it, from the appositive/title phrase next to their name mapped through ``role_nouns.csv``
(``inferred``); otherwise ``none``. The same statement reported by several outlets gets one
``quote_cluster`` id (normalised text, rapidfuzz token-set/partial ratio, blocked by rare word shingles).

References: Asr et al. (2021) Gender Gap Tracker speaker merging and gender lookup; Christen (2012)
Data Matching (blocking keys to keep pairwise comparison near-linear).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd
from rapidfuzz import fuzz, process

from .lexicons import role_nouns
from .paths import data_file
from .quotes.resources import NAME_PARTICLES
from .textnorm import category_id, fold_name

__all__ = [
    "CODEBOOK_COLUMNS",
    "MERGE_COLUMNS",
    "POWER_TIERS",
    "ROLES",
    "SPEAKER_COLUMNS",
    "SpeakerSettings",
    "load_codebook",
    "resolve_speakers",
]

CODEBOOK_COLUMNS: tuple[str, ...] = ("canonical_name", "aliases", "role", "power_tier", "gender",
                                     "organisation", "note")
# Category values are snake_case ids in every table (labels for display: labels.py, data/labels.csv).
ROLES: tuple[str, ...] = ("director", "producer", "actor", "crew", "intimacy_coordinator", "consultant",
                          "executive", "critic", "journalist", "social_media_user", "organisation", "other")
POWER_TIERS: tuple[str, ...] = ("hiring_power", "lead_talent", "below_the_line", "intimacy_professionals",
                                "outside_voices")
ANONYMOUS_SOCIAL = "anonymous social-media user"
GENDERS: tuple[str, ...] = ("female", "male", "unknown", "")
SPEAKER_COLUMNS: tuple[str, ...] = ("speaker", "role", "role_source", "power_tier", "gender", "organisation",
                                    "n_quotes", "n_articles", "aliases_seen")
MERGE_COLUMNS: tuple[str, ...] = ("mention", "matched_to", "score", "method", "article_id")
ADDED_COLUMNS: tuple[str, ...] = ("speaker", "speaker_role", "role_source", "power_tier", "gender", "quote_cluster")
_PUNCT_RE = re.compile(r"[^\w\s]")


@dataclass(frozen=True)
class SpeakerSettings:
    """Options of speaker canonicalisation and quote clustering.

    Args:
        fuzzy_threshold: minimum rapidfuzz ``token_sort_ratio`` (0-100, on accent-folded names) for merging a
            name not in the codebook into a known one; default 85.
        fuzzy_surname_threshold: the surnames must also reach this ``ratio`` (keeps "John Dean" apart from
            "John Dale"); default 70.
        cluster_threshold: minimum token-set / partial ratio for two quotes to share a ``quote_cluster``;
            default 90.
        cluster_min_words: quotes shorter than this are clustered only on identical normalised text; default 5.
        shingle_size: words per shingle for blocking; default 3.
        max_block: a shingle shared by more quotes than this is too common to block on (keeps the number
            of compared pairs near-linear); default 50.
    """

    fuzzy_threshold: int = 85
    fuzzy_surname_threshold: int = 70
    cluster_threshold: int = 90
    cluster_min_words: int = 5
    shingle_size: int = 3
    max_block: int = 50

    def __post_init__(self) -> None:
        for name in ("fuzzy_threshold", "fuzzy_surname_threshold", "cluster_threshold"):
            value = getattr(self, name)
            if not isinstance(value, int) or not 0 <= value <= 100:
                raise ValueError(f"SpeakerSettings.{name} must be an int in 0..100, got {value!r}")
        for name in ("cluster_min_words", "shingle_size", "max_block"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"SpeakerSettings.{name} must be a positive int, got {value!r}")


def _fold(name: object) -> str:
    """The registry's key of a name: :func:`~icanalysis.textnorm.fold_name` with full stops read as spaces."""
    return fold_name(name, dots=True)


_fold_name = lru_cache(maxsize=1 << 16)(_fold)  # for names, which recur (not for quote texts, which do not)


def load_codebook(path: str | Path | None = None) -> pd.DataFrame:
    """Read the speaker codebook CSV (packaged ``speakers.csv`` by default) and check its values."""
    source = Path(path) if path is not None else data_file("speakers.csv")
    table = pd.read_csv(source, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in CODEBOOK_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"{source}: codebook is missing columns {missing}; expected {list(CODEBOOK_COLUMNS)}")
    for col in ("role", "power_tier"):
        table[col] = table[col].map(lambda v: category_id(v) if v else v)
    for col, valid in (("role", ROLES), ("power_tier", POWER_TIERS), ("gender", GENDERS)):
        bad = sorted(set(table[col]) - set(valid))
        if bad:
            raise ValueError(f"{source}: column {col!r} has invalid values {bad}; valid values are {list(valid)}")
    dup = table["canonical_name"][table["canonical_name"].map(_fold).duplicated()]
    if not dup.empty:
        raise ValueError(f"{source}: duplicate canonical names {sorted(dup)}")
    return table.loc[:, list(CODEBOOK_COLUMNS)].reset_index(drop=True)


def combined_codebook(path: str | Path | None) -> pd.DataFrame:
    """The bundled codebook, extended by the researcher's codebook at ``path`` (a row for a name the bundled one
    also has replaces it). Raises ValueError naming the file when it is not a valid codebook."""
    bundled = load_codebook()
    if path is None:
        return bundled
    own = load_codebook(path)
    names = set(own["canonical_name"].map(_fold))
    return pd.concat([own, bundled[~bundled["canonical_name"].map(_fold).isin(names)]], ignore_index=True)


@lru_cache(maxsize=1 << 16)  # the same mention context recurs in every copy of a story
def infer_role(context: str) -> tuple[str, str]:
    """(role, power_tier) from an appositive/title phrase via ``role_nouns.csv``; ("", "") if none fits.

    The longest role noun found wins ("executive producer" over "producer"); among equally long ones the
    earliest in the phrase; a person's job beats an organisation noun ("the guild's head of training").
    """
    if not context:
        return "", ""
    return _infer_role_folded(_fold(context))


@lru_cache(maxsize=1 << 16)
def _infer_role_folded(low: str) -> tuple[str, str]:
    found: list[tuple[int, int, str]] = []
    for noun, pattern in _role_patterns():
        m = pattern.search(low)
        if m:
            found.append((-len(noun), m.start(), noun))
    if not found:
        return "", ""
    # a person's job beats the organisation the phrase also names ("the union's director of screen")
    people = [f for f in found if role_nouns()[f[2]][0] != "organisation"]
    return role_nouns()[min(people or found)[2]]


@lru_cache(maxsize=1)
def _role_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((noun, re.compile(rf"(?<![\w-]){re.escape(noun)}(?![\w-])")) for noun in role_nouns())


def _organisation_head(name: str) -> str:
    """The organisation noun heading a name ("guild" of "Intimacy Professionals Guild", "studios" of "Alliance
    of Producing Studios"), or ""."""
    words = _fold(name).split()
    if len(words) < 2:
        return ""
    for word in (words[-1], *(w for w, nxt in zip(words, words[1:], strict=False) if nxt in ("of", "for"))):
        entry = role_nouns().get(word)
        if entry is not None and entry[0] == "organisation":
            return word
    return ""


class _Registry:
    """Known canonical speakers (codebook plus names seen so far) and their lookup keys."""

    def __init__(self, codebook: pd.DataFrame, settings: SpeakerSettings) -> None:
        self.settings = settings
        self.exact: dict[str, str] = {}
        self.single: dict[str, set[str]] = defaultdict(set)
        self.info: dict[str, dict[str, str]] = {}
        self.full_keys: dict[str, str] = {}  # folded multiword name -> canonical
        for row in codebook.itertuples(index=False):
            canon = row.canonical_name
            self.info[canon] = {"role": row.role, "power_tier": row.power_tier, "gender": row.gender,
                                "organisation": row.organisation}
            names = [canon, *[a for a in str(row.aliases).split("|") if a.strip()]]
            for name in names:
                key = _fold(name)
                if " " in key or name == canon:
                    self.exact[key] = canon
                    if " " in key:
                        self.full_keys[key] = canon
                else:
                    self.single[key].add(canon)
            parts = _fold(canon).split()
            if len(parts) >= 2:
                self.single[parts[0]].add(canon)
                self.single[parts[-1]].add(canon)
        self.seen: dict[str, str] = {}  # folded full names not in the codebook -> canonical spelling
        # Indexes over ``seen`` so that a lookup does not scan every name met so far (same answers):
        self.seen_by_token: dict[str, set[str]] = defaultdict(set)  # first or last token -> canonicals
        # Fuzzy candidates blocked by first initial (a merge needs agreeing initials) and by length: a
        # token_sort_ratio >= t needs the shorter name to be at least t / (200 - t) of the longer one's length,
        # so no eligible name is skipped and a lookup costs O(names with that initial and length).
        self.by_initial: dict[str, dict[int, list[tuple[int, str]]]] = defaultdict(lambda: defaultdict(list))
        self.n_indexed = 0
        for key in self.full_keys:
            self._index(key)

    def _index(self, key: str) -> None:
        self.by_initial[key[:1]][len(key)].append((self.n_indexed, key))
        self.n_indexed += 1

    def _candidates(self, key: str) -> list[str]:
        t = self.settings.fuzzy_threshold
        low, high = int(len(key) * t / (200 - t)), int(len(key) * (200 - t) / t) + 1
        by_length = self.by_initial.get(key[:1], {})
        found = [item for n in range(low, high + 1) for item in by_length.get(n, ())]
        return [k for _, k in sorted(found)]

    def lookup(self, name: str) -> tuple[str, float, str]:
        """(canonical, score, method); method '' for an exact codebook hit, 'new' for an unknown name."""
        key = _fold_name(name)
        if not key:
            return "", 0.0, "none"
        if key in self.exact:
            return self.exact[key], 100.0, ""
        if key in self.seen:
            return self.seen[key], 100.0, ""
        if " " not in key:
            cands = set(self.single.get(key, set()))
            cands |= self.seen_by_token.get(key, set())
            if len(cands) == 1:
                return next(iter(cands)), 100.0, "single_token"
            return name, 0.0, "new"
        # candidates: names with the same initial and a length that can reach the threshold
        best = process.extractOne(key, self._candidates(key), scorer=fuzz.token_sort_ratio,
                                  score_cutoff=self.settings.fuzzy_threshold)
        if best is not None:
            cand_key, score, _ = best
            surname_score = fuzz.ratio(key.split()[-1], cand_key.split()[-1])
            if surname_score >= self.settings.fuzzy_surname_threshold and _initials_agree(key, cand_key):
                return self.seen.get(cand_key) or self.full_keys[cand_key], float(score), "fuzzy"
        self.seen[key] = name
        self._index(key)
        parts = key.split()
        self.seen_by_token[parts[0]].add(name)
        self.seen_by_token[parts[-1]].add(name)
        return name, 0.0, "new"


def _initials_agree(a: str, b: str) -> bool:
    return a.split()[0][:1] == b.split()[0][:1]


def _normalise_quote(text: str) -> str:
    return " ".join(_PUNCT_RE.sub(" ", _fold(text)).split())


QUOTE_FEATURE_COLUMNS = ("quote_id", "norm", "shingles")


def quote_features(quotes: pd.DataFrame, settings: SpeakerSettings = SpeakerSettings()) -> pd.DataFrame:
    """What :func:`cluster_quotes` needs of each quote, computed once where the quote is found and kept in
    the cache with it: the normalised text and the hashes of its word shingles in text order."""
    from .dedup import shingle_hash_list

    norms = [_normalise_quote(t) for t in quotes["quote"].astype(str).tolist()]
    return pd.DataFrame({"quote_id": pd.Series(quotes["quote_id"].tolist(), dtype=object),
                         "norm": pd.Series(norms, dtype=object),
                         "shingles": pd.Series([shingle_hash_list(n.split(), settings.shingle_size) for n in norms],
                                               dtype=object)}, columns=list(QUOTE_FEATURE_COLUMNS))


def cluster_quotes(texts: list[str], settings: SpeakerSettings = SpeakerSettings(),
                   speakers: list[str] | None = None, articles: list[str] | None = None,
                   kinds: list[str] | None = None, prepared: list[tuple[str, Any] | None] | None = None
                   ) -> list[int]:
    """Cluster index per text: near-identical statements share one.

    With ``speakers``, two quotes attributed to different known speakers are never one statement (a
    shared stock phrase is not a shared quote), which also stops clusters chaining through common phrases.
    With ``articles``, a cluster holds at most one quote per article: it links the reports of one statement
    across outlets, not a quote to the paraphrase around it in the same article.

    Candidate pairs share a word shingle that at most ``max_block`` texts contain; similar-length texts are
    compared with rapidfuzz ``token_set_ratio``, a short text against a much longer one with
    ``partial_ratio`` (one outlet quoting part of what another printed in full).

    With ``kinds``, direct quotes are linked to each other first, and reported clauses join afterwards: a
    reported clause that holds a direct quote would otherwise take the place, in its cluster, of the direct
    quote of the same article.

    ``prepared``: per text, its :func:`quote_features` ``(norm, shingles)`` if known (None: computed here).
    """
    import numpy as np

    from .dedup import shingle_hash_list

    k = settings.shingle_size
    norm, hashed = [], []
    for text, known in zip(texts, prepared if prepared is not None else [None] * len(texts), strict=True):
        if known is None:
            n = _normalise_quote(text)
            known = (n, shingle_hash_list(n.split(), k))
        norm.append(known[0])
        hashed.append(known[1])
    # How many quotes contain each shingle, counted on 64-bit shingle hashes in numpy (a Counter of every
    # shingle string needs several GB at 100k articles); then only shingles that can pair two quotes
    # (2..max_block quotes) become blocks.
    split = [n.split() for n in norm]
    lengths = np.array([len(h) for h in hashed], dtype=np.int64)
    all_hashes = np.concatenate(hashed) if hashed else np.zeros(0, np.uint64)
    owner = np.repeat(np.arange(len(hashed)), lengths)
    order = np.lexsort((owner, all_hashes))  # each (shingle, quote) once: a quote repeating a phrase counts once
    by_hash, by_owner = all_hashes[order], owner[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = (by_hash[1:] != by_hash[:-1]) | (by_owner[1:] != by_owner[:-1])
    distinct, counts = np.unique(by_hash[first], return_counts=True)
    del order, by_hash, by_owner, first
    freq = counts[np.searchsorted(distinct, all_hashes)] if len(all_hashes) else np.zeros(0, np.int64)
    hits = np.flatnonzero((freq >= 2) & (freq <= settings.max_block))
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1])) if len(lengths) else np.zeros(0, np.int64)
    positions: dict[int, list[int]] = defaultdict(list)
    for i, j in zip(owner[hits].tolist(), (hits - starts[owner[hits]]).tolist(), strict=True):
        positions[i].append(j)
    del all_hashes, owner, freq, hits
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, (n, w) in enumerate(zip(norm, split, strict=True)):
        if not n:
            continue
        if len(w) < settings.cluster_min_words:
            blocks["=" + n].append(i)
            continue
        keep = {" ".join(w[j:j + k]) for j in positions.get(i, ())}
        for key in sorted(keep):  # sorted: set order varies with PYTHONHASHSEED, and union order matters
            blocks[key].append(i)
    del split, hashed
    # Blocks with the same members (the shingles of one quote reprinted verbatim by several outlets) are
    # compared once: comparing a block's pairs again changes nothing (a compared pair stays compared, a
    # joined pair stays joined, and clusters that could not join never become compatible again).
    unique_blocks: dict[tuple[int, ...], str] = {}
    for key, members in blocks.items():
        unique_blocks.setdefault(tuple(members), key)
    del blocks
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # the known speaker of each cluster (by root): clusters of different known speakers never merge,
    # also not through an unattributed quote that resembles both
    voice = {i: (speakers[i] if speakers is not None else "") for i in range(len(texts))}
    where: dict[int, frozenset[str]] = {i: frozenset([articles[i]] if articles is not None else [])
                                         for i in range(len(texts))}

    def compatible(ra: int, rb: int) -> bool:
        return not (voice[ra] and voice[rb] and voice[ra] != voice[rb]) and not (where[ra] & where[rb])

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        parent[rb] = ra
        voice[ra] = voice[ra] or voice[rb]
        where[ra] = where[ra] | where[rb]

    # Fixed for good: two quotes of different known speakers, or of one article, never share a cluster.
    # In a large block the pairs left after that are listed at once (numpy, in the loop's order).
    speaker_code = (pd.factorize(pd.Series(speakers, dtype=object).replace("", None))[0] if speakers is not None
                    else np.full(len(texts), -1))
    article_code = (pd.factorize(pd.Series(articles, dtype=object))[0] if articles is not None
                    else np.arange(len(texts)))

    def candidate_pairs(members: tuple[int, ...]) -> Iterable[tuple[int, int]]:
        if len(members) < 8:
            return ((members[x], members[y]) for x in range(len(members)) for y in range(x + 1, len(members)))
        m = np.asarray(members)
        s, w = speaker_code[m], article_code[m]
        fixed = ((s[:, None] != s[None, :]) & (s[:, None] >= 0) & (s[None, :] >= 0)) | (w[:, None] == w[None, :])
        xs, ys = np.nonzero(np.triu(~fixed, 1))
        return zip(m[xs].tolist(), m[ys].tolist(), strict=True)

    compared: set[tuple[int, int]] = set()
    direct = [k != "indirect" for k in kinds] if kinds is not None else None
    for first_pass in ((True, False) if direct is not None else (False,)):
        for block, key in unique_blocks.items():
            group = tuple(m for m in block if direct[m]) if first_pass else block  # type: ignore[index]
            if len(group) < 2 or len({find(m) for m in group}) == 1:
                continue  # direct quotes first; a block already inside one cluster changes nothing
            for a, b in candidate_pairs(group):
                if (a, b) in compared:
                    continue
                ra, rb = find(a), find(b)
                if ra == rb:
                    continue
                if not compatible(ra, rb):
                    compared.add((a, b))  # clusters that cannot join never can later (voices and articles only grow)
                    continue
                compared.add((a, b))
                if key.startswith("="):
                    union(a, b)
                    continue
                short, long_ = sorted((len(norm[a]), len(norm[b])))
                if short < 0.8 * long_:
                    # one report quotes part of the other: contiguous (partial) match of the shorter text
                    score = fuzz.partial_ratio(norm[a], norm[b])
                else:
                    score = fuzz.token_set_ratio(norm[a], norm[b])
                if score >= settings.cluster_threshold:
                    union(a, b)
    roots: dict[int, int] = {}
    return [roots.setdefault(find(i), len(roots)) for i in range(len(texts))]


def resolve_speakers(quotes: pd.DataFrame, codebook: pd.DataFrame, *,
                     settings: SpeakerSettings = SpeakerSettings(), prepared: pd.DataFrame | None = None
                     ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Canonical speaker, role, power tier, gender and quote cluster for every quote.

    Returns ``(quotes + speaker, speaker_role, role_source, power_tier, gender, quote_cluster; speakers;
    speaker_merges)``. ``quotes`` is the output of :func:`icanalysis.quotes.extract_quotes` (one or many
    articles); rows are processed in article order, so the first spelling seen becomes canonical for a
    name the codebook does not know. ``prepared``: :func:`quote_features` of (some of) the quotes, computed
    with the same ``settings``, by ``quote_id``.

    References: Asr et al. 2021 (Gender Gap Tracker).
    """
    if not isinstance(quotes, pd.DataFrame):
        raise TypeError(f"quotes must be a pandas DataFrame, got {type(quotes).__name__}")
    needed = ("article_id", "quote_id", "quote", "speaker_local", "gender_local", "mention_context", "mention")
    missing = [c for c in needed if c not in quotes.columns]
    if missing:
        raise ValueError(f"quotes is missing columns {missing}; run extract_quotes first (needs {list(needed)})")
    missing = [c for c in CODEBOOK_COLUMNS if c not in codebook.columns]
    if missing:
        raise ValueError(f"codebook is missing columns {missing}; expected {list(CODEBOOK_COLUMNS)}")
    registry = _Registry(codebook, settings)
    out = quotes.copy()
    merges: list[dict[str, object]] = []
    speakers, roles, sources, tiers, genders, orgs = [], [], [], [], [], []
    context_by_speaker: dict[str, str] = {}
    merged_seen: set[tuple[str, str, str]] = set()
    # plain lists: iterating pandas' Arrow-backed string columns row by row is slow (~1 us per value)
    columns = [out[c].tolist() for c in ("article_id", "speaker_local", "mention_context", "gender_local")]
    for article_id, speaker_local, mention_context, gender_local in zip(*columns, strict=True):
        local = str(speaker_local or "")
        # a description ("a veteran producer", "online trolls"), not a name ("de la Fuente" is a name)
        anonymous = local[:1].islower() and local.split()[0] not in NAME_PARTICLES
        if not local:
            canon, score, method = "", 0.0, "none"
        elif anonymous:
            canon, score, method = local, 100.0, ""
        else:
            canon, score, method = registry.lookup(local)
        if method in ("fuzzy", "single_token") and (local, canon, str(article_id)) not in merged_seen:
            merged_seen.add((local, canon, str(article_id)))
            merges.append({"mention": local, "matched_to": canon, "score": score, "method": method,
                           "article_id": article_id})
        info = registry.info.get(canon)
        ctx = str(mention_context or "")
        if canon and ctx:
            context_by_speaker.setdefault(canon, ctx)
        if info is not None:
            role, tier, source = info["role"], info["power_tier"], "codebook"
            gender = info["gender"] if info["gender"] not in ("", "unknown") else str(gender_local or "unknown")
            org = info["organisation"]
        else:
            role, tier = infer_role(ctx or context_by_speaker.get(canon, ""))
            if not role and anonymous:
                role, tier = infer_role(local)
            if not anonymous and _organisation_head(local):
                # "Alliance of Producing Studios", "Intimacy Professionals Guild": an organisation's own name
                role, tier = role_nouns()[_organisation_head(local)]
            if not role and local.startswith("@"):
                role, tier = "social_media_user", "outside_voices"  # a handle
            if role == "organisation" and "intimacy" in _fold(canon or local):
                tier = "intimacy_professionals"  # a guild or association of intimacy coordinators
            if anonymous and role == "social_media_user":
                canon = ANONYMOUS_SOCIAL
            elif anonymous:
                canon = ""  # an unnamed source ("a veteran producer"): no person to count, the role stays
            source = "inferred" if role else "none"
            gender = str(gender_local or "unknown") if canon else ""
            org = ""
        speakers.append(canon)
        roles.append(role)
        sources.append(source)
        tiers.append(tier)
        genders.append(gender)
        orgs.append(org)
    out["speaker"] = speakers
    out["speaker_role"] = roles
    out["role_source"] = sources
    out["power_tier"] = tiers
    out["gender"] = genders
    known: dict[str, tuple[str, Any]] = {} if prepared is None else dict(zip(
        prepared["quote_id"].tolist(), zip(prepared["norm"].tolist(), prepared["shingles"].tolist(), strict=True),
        strict=True))
    clusters = cluster_quotes(out["quote"].astype(str).tolist(), settings, speakers=speakers,
                              articles=out["article_id"].astype(str).tolist(),
                              kinds=out["kind"].astype(str).tolist() if "kind" in out else None,
                              prepared=[known.get(q) for q in out["quote_id"].tolist()]) if len(out) else []
    del known
    out["quote_cluster"] = [f"qc{c:05d}" for c in clusters]
    # a speaker whose role was inferred in one article keeps it where another article had no context
    inferred = {s: (r, t) for s, r, t, src in zip(out["speaker"], out["speaker_role"], out["power_tier"],
                                                   out["role_source"], strict=False) if src == "inferred"}
    fill = (out["role_source"] == "none") & out["speaker"].isin(list(inferred))
    if fill.any():
        out.loc[fill, "speaker_role"] = out.loc[fill, "speaker"].map(lambda s: inferred[s][0])
        out.loc[fill, "power_tier"] = out.loc[fill, "speaker"].map(lambda s: inferred[s][1])
        out.loc[fill, "role_source"] = "inferred"

    speakers_table = speaker_table(out, dict(zip(out["speaker"], orgs, strict=False)))
    merges_table = pd.DataFrame(merges, columns=list(MERGE_COLUMNS))
    return out, speakers_table, merges_table


def speaker_table(quotes: pd.DataFrame, organisations: dict[str, str]) -> pd.DataFrame:
    """One row per canonical speaker of ``quotes`` (role, tier and source from their first quote, majority
    gender, counts, the spellings seen); ``organisations``: speaker -> organisation they speak for."""
    table_rows = []
    groups: dict[str, dict] = {}  # one pass in row order (a groupby per speaker is slow at 100k quotes)
    fields = ("speaker", "speaker_role", "role_source", "power_tier", "gender", "speaker_local", "mention",
              "article_id")
    for values in zip(*(quotes[c].tolist() for c in fields), strict=True):  # plain lists: see resolve_speakers
        row = SimpleNamespace(**dict(zip(fields, values, strict=True)))
        name = row.speaker
        if name == "" or not isinstance(name, str):
            continue
        entry = groups.get(name)
        if entry is None:
            entry = groups[name] = {"first": row, "genders": [], "locals": [], "mentions": [], "articles": set(),
                                    "n": 0}
        if row.gender in ("female", "male"):
            entry["genders"].append(row.gender)
        entry["locals"].append(row.speaker_local)
        entry["mentions"].append(row.mention)
        entry["articles"].add(row.article_id)
        entry["n"] += 1
    for name in sorted(groups):
        entry = groups[name]
        first = entry["first"]
        seen = sorted({str(v) for v in entry["locals"] + entry["mentions"] if str(v) and str(v) != "nan"})
        table_rows.append({
            "speaker": name, "role": first.speaker_role, "role_source": first.role_source,
            "power_tier": first.power_tier,
            "gender": Counter(entry["genders"]).most_common(1)[0][0] if entry["genders"] else "unknown",
            "organisation": organisations.get(name, ""), "n_quotes": entry["n"],
            "n_articles": len(entry["articles"]), "aliases_seen": "|".join(seen),
        })
    return pd.DataFrame(table_rows, columns=list(SPEAKER_COLUMNS))
