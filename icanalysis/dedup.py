"""Syndication and reuse: exact and near-duplicate articles and paragraphs (flag, never drop).

Method (all settings in :class:`DedupSettings`):

1. Shingles are word n-grams (default 5) over lower-cased, quote/dash-normalised word tokens, hashed
   stably (BLAKE2b per word, combined by a fixed polynomial), so runs on any machine agree.
2. Paragraphs: an exact-hash fast path over normalised text finds lifted paragraphs at O(n); MinHash +
   LSH (datasketch, fixed seed) proposes near-duplicate candidates, each verified by exact Jaccard.
3. Articles: MinHash + LSH at a low threshold (0.2) proposes candidates, each verified by exact Jaccard
   and containment; article pairs that share copied paragraphs are verified the same way. A verified pair
   is a ``syndicated_copy`` (whole-article reuse) or ``lifts_paragraphs`` (some paragraphs copied).
4. Direction: the earlier publication date is the source; without two dates, a manifest's
   ``derived_from`` declaration; without that, the article with the larger share of its text in the other is
   the copy; last, the article id. The basis is recorded in ``direction_basis``.
5. Story clusters join syndicated copies; each cluster's canonical copy is the earliest published (undated
   articles last), skipping articles declared derived from another member, ties broken by id.

References: Broder 1997 (resemblance and containment, w-shingling); Leskovec, Rajaraman & Ullman,
*Mining of Massive Datasets*, ch. 3 (MinHash, LSH banding); datasketch documentation.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from .schemas import DUPLICATE_COLUMNS
from .textnorm import normalize_for_hashing, words

_MASK32 = np.uint64(0xFFFFFFFF)
_NO_HASHES = np.zeros(0, dtype=np.uint64)
_POLY = np.uint64(0x100000001B3)  # FNV-64 prime: a fixed odd multiplier for combining word hashes


@dataclass(frozen=True)
class DedupSettings:
    """Near-duplicate search settings.

    Attributes:
        shingle_size: words per shingle (5: measured to separate rewrites from topic overlap).
        num_perm: MinHash permutations (accuracy of the LSH candidate step only; pairs are verified exactly).
        seed: MinHash seed; fixed so runs are reproducible.
        article_lsh_threshold: LSH Jaccard threshold for article candidates (low, because every candidate is
            verified). On a 1,000-article synthetic archive (`icanalysis synth`, seed 7) 0.3 found 52% of
            heavy rewrites, 0.2 found 87%, with article-pair precision 0.976 and 0.978; every wire copy,
            light edit and blog lift was found at both.
        article_min_jaccard: verified Jaccard at or above which two articles are syndicated copies (0.2;
            independent reports of one interview in the bundled corpus are at 0.03).
        article_min_containment: verified containment (share of one article's shingles in the other) at or
            above which two articles are syndicated copies even when Jaccard is lower (a cut-down copy).
        paragraph_lsh_threshold: LSH Jaccard threshold for paragraph candidates.
        paragraph_min_jaccard: verified Jaccard at or above which two paragraphs are near-verbatim copies.
        min_paragraph_words: shorter paragraphs (headings, one-liners, stock sentences such as "X did not
            respond to a request for comment") are not matched on their own; 12 measured on synthetic
            archives, where 8 let stock one-sentence quotes pair unrelated articles.
        min_lifted_words: two otherwise different articles ``lift paragraphs`` only when the paragraphs they
            share hold at least this many words (a lifted passage, not a stock sentence or a shared quote
            line); shorter matches are not reported at all. 40 measured on synthetic archives.
        max_bucket: an LSH bucket with more members than this (a stock text: a standard sign-off, a template
            paragraph, a paragraph reprinted by hundreds of outlets) pairs each member with its first member
            only, as exact copies are paired with the earliest report, instead of every pair; otherwise a text
            repeated by k articles costs k^2 candidates and the search grows quadratically with the archive.
            0 lists every pair. See benchmarks/README.md for the measured effect.
        prefilter_sigmas: article candidates whose MinHash estimate is more than this many standard errors
            below what syndication needs are not checked exactly (:func:`plausible_syndication`); at the low
            article threshold most LSH candidates are unrelated articles.
    """

    shingle_size: int = 5
    num_perm: int = 128
    seed: int = 1
    article_lsh_threshold: float = 0.2
    article_min_jaccard: float = 0.2
    article_min_containment: float = 0.7
    paragraph_lsh_threshold: float = 0.5
    paragraph_min_jaccard: float = 0.7
    min_paragraph_words: int = 12
    min_lifted_words: int = 40
    max_bucket: int = 50
    prefilter_sigmas: float = 3.0

    def __post_init__(self) -> None:
        for name in ("article_lsh_threshold", "article_min_jaccard", "article_min_containment",
                     "paragraph_lsh_threshold", "paragraph_min_jaccard"):
            value = getattr(self, name)
            if not 0.0 < value <= 1.0:
                raise ValueError(f"DedupSettings.{name} must be in (0, 1], got {value}")
        if self.shingle_size < 1 or self.num_perm < 16 or self.min_paragraph_words < 1 or self.min_lifted_words < 0 \
                or self.max_bucket < 0:
            raise ValueError("DedupSettings: shingle_size >= 1, num_perm >= 16, min_paragraph_words >= 1, "
                             "min_lifted_words >= 0 and max_bucket >= 0")


@dataclass(frozen=True)
class DedupResult:
    duplicates: pd.DataFrame
    article_flags: pd.DataFrame  # article_id, story_cluster, is_canonical, canonical_id
    paragraph_flags: pd.DataFrame  # para_id, copy_of, copy_match, copy_score


# --------------------------------------------------------------------------------------------- shingles


@lru_cache(maxsize=1 << 20)
def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


def shingle_hash_list(tokens: list[str], size: int) -> np.ndarray:
    """64-bit hashes of the word ``size``-grams of ``tokens`` in text order (one shingle if shorter)."""
    if not tokens:
        return np.zeros(0, dtype=np.uint64)
    wh = np.fromiter((_word_hash(t) for t in tokens), dtype=np.uint64, count=len(tokens))
    k = min(size, len(tokens))
    n = len(tokens) - k + 1
    acc = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(k):
            acc = acc * _POLY + wh[offset:offset + n]
    return acc


def shingle_hashes(tokens: list[str], size: int) -> np.ndarray:
    """Sorted unique 64-bit hashes of the word ``size``-grams of ``tokens`` (one shingle if shorter)."""
    return np.unique(shingle_hash_list(tokens, size))


def jaccard_containment(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    """Exact Jaccard, containment of a in b, containment of b in a, for sorted unique hash arrays."""
    if len(a) == 0 or len(b) == 0:
        return 0.0, 0.0, 0.0
    if len(a) == len(b) and np.array_equal(a, b):  # a verbatim copy (most candidates): no intersection to sort
        return 1.0, 1.0, 1.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter), inter / len(a), inter / len(b)


def _minhash(hashes: np.ndarray, settings: DedupSettings):  # type: ignore[no-untyped-def]
    from datasketch import MinHash

    m = MinHash(num_perm=settings.num_perm, seed=settings.seed, hashfunc=int, scheme="affine32")
    m.update_batch((hashes & _MASK32).tolist())
    return m


@lru_cache(maxsize=8)
def _band_ranges_cached(threshold: float, num_perm: int) -> tuple[tuple[int, int], ...]:
    from datasketch import MinHashLSH

    return tuple(MinHashLSH(threshold=threshold, num_perm=num_perm).hashranges)


@lru_cache(maxsize=8)
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    from datasketch import MinHash

    a, b = MinHash(num_perm=num_perm, seed=seed, hashfunc=int, scheme="affine32").permutations
    return a, b


def signatures(arrays: list[np.ndarray], settings: DedupSettings, *, chunk: int = 1 << 15) -> np.ndarray:
    """MinHash signatures (``len(arrays)`` x ``num_perm``, uint32) equal to datasketch's ``affine32`` MinHash
    of each array's low 32 bits (what :func:`_minhash` computes one by one), computed in bulk.

    Empty arrays get datasketch's empty signature (all ``2**32 - 1``).
    """
    from datasketch.minhash import _fmix

    a, b = _permutations(settings.num_perm, settings.seed)
    out = np.full((len(arrays), settings.num_perm), np.uint32(0xFFFFFFFF), dtype=np.uint32)
    i = 0
    while i < len(arrays):  # chunks of about ``chunk`` shingles bound the (shingles x num_perm) matrix
        j, total = i, 0
        while j < len(arrays) and (total == 0 or total + len(arrays[j]) <= chunk):
            total += len(arrays[j])
            j += 1
        part = [x for x in arrays[i:j]]
        lengths = np.array([len(x) for x in part], dtype=np.int64)
        nonempty = np.flatnonzero(lengths)
        if len(nonempty):
            values = np.concatenate([part[k] for k in nonempty]) & _MASK32
            hv = _fmix(values.astype(np.uint32).reshape(-1, 1), 32)
            phv = hv * a + b
            starts = np.concatenate(([0], np.cumsum(lengths[nonempty])[:-1]))
            out[i + nonempty] = np.minimum.reduceat(phv, starts, axis=0)
        i = j
    return out


_SPLITMIX = (np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB), np.uint64(0x9E3779B97F4A7C15))


def _mix64(x: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser, element-wise on uint64 (a bijection that spreads every input bit)."""
    with np.errstate(over="ignore"):
        x = (x ^ (x >> np.uint64(30))) * _SPLITMIX[0]
        x = (x ^ (x >> np.uint64(27))) * _SPLITMIX[1]
        return x ^ (x >> np.uint64(31))


def band_keys(sig: np.ndarray, ranges: list[tuple[int, int]]) -> np.ndarray:
    """One 64-bit key per LSH band of each signature (``len(sig)`` x ``len(ranges)``, uint64).

    Two signatures whose band is equal get the same key; two that differ get the same key with probability
    about 2**-64 (each value is mixed in turn by SplitMix64's finaliser), and a candidate pair is verified
    by exact Jaccard anyway. Eight bytes per band instead of the band's values: the keys of every paragraph
    are computed once, where the paragraph is cleaned, and kept in the cache with it.
    """
    out = np.empty((len(sig), len(ranges)), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for b, (start, end) in enumerate(ranges):
            h = np.full(len(sig), _SPLITMIX[2] * np.uint64(b + 1), dtype=np.uint64)
            for column in range(start, end):
                h = _mix64((h ^ sig[:, column].astype(np.uint64)) + _SPLITMIX[2])
            out[:, b] = h
    return out


def band_ranges(threshold: float, settings: DedupSettings) -> list[tuple[int, int]]:
    """datasketch's LSH bands for ``threshold``: ``MinHashLSH(threshold, num_perm).hashranges``."""
    return list(_band_ranges_cached(threshold, settings.num_perm))


def bucket_pairs(members: list[int], groups: Any, max_bucket: int) -> Iterable[tuple[int, int]]:
    """Candidate pairs (smaller index first) of one LSH bucket, across groups: every pair, or for a bucket
    larger than ``max_bucket`` (see :class:`DedupSettings`) each member with the bucket's first member."""
    if max_bucket and len(members) > max_bucket:
        hub = min(members)
        return [(hub, y) for y in members if y != hub and groups[y] != groups[hub]]
    members = sorted(members)
    return [(x, y) for i, x in enumerate(members) for y in members[i + 1:] if groups[x] != groups[y]]


def _band_pairs(band: np.ndarray, groups: np.ndarray, max_bucket: int) -> np.ndarray:
    """:func:`bucket_pairs` of every bucket of one band, vectorised: packed ``x * n + y`` (x < y)."""
    n = len(band)
    order = np.argsort(band, kind="stable")  # stable: each bucket's members in index order, first = smallest
    ordered = band[order]
    starts = np.concatenate(([0], np.flatnonzero(ordered[1:] != ordered[:-1]) + 1))
    sizes = np.diff(np.concatenate((starts, [n])))
    found = []
    for size in np.unique(sizes[sizes >= 2]).tolist():
        first = starts[sizes == size]
        if max_bucket and size > max_bucket:
            x = np.repeat(order[first], size - 1)
            y = order[(first[:, None] + np.arange(1, size)).ravel()]
        else:
            i, j = np.triu_indices(size, 1)
            x = order[(first[:, None] + i).ravel()]
            y = order[(first[:, None] + j).ravel()]
        keep = groups[x] != groups[y]
        found.append(x[keep].astype(np.int64) * n + y[keep])
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)


def _lsh_pairs(items: list[tuple[str, np.ndarray]], threshold: float, settings: DedupSettings,
               group: dict[str, str], sig: np.ndarray | None = None, bands: np.ndarray | None = None) -> np.ndarray:
    """Candidate pairs from MinHash LSH, across different groups (articles) only, as item indices
    (``k x 2``, x < y, sorted).

    The pairs datasketch's ``MinHashLSH`` returns when every item is queried before it is inserted (two items
    are candidates when one band of their signatures is equal; buckets over ``max_bucket`` give star pairs),
    found by sorting each band's rows instead of a hash table per band. ``sig``: the items' signatures, if
    the caller has them; ``bands``: their :func:`band_keys` for ``threshold`` instead.
    """
    if len(items) < 2:
        return np.zeros((0, 2), dtype=np.int64)
    groups = np.unique(np.array([group[k] for k, _ in items], dtype=object), return_inverse=True)[1]
    if bands is not None:
        packed = [_band_pairs(np.ascontiguousarray(bands[:, b]), groups, settings.max_bucket)
                  for b in range(bands.shape[1])]
        unique = np.unique(np.concatenate(packed))
        return np.stack((unique // len(items), unique % len(items)), axis=1)
    if sig is None:
        sig = signatures([h for _, h in items], settings)
    packed = [_band_pairs(np.ascontiguousarray(sig[:, start:end]).view(np.dtype((np.void, 4 * (end - start))))
                          .ravel(), groups, settings.max_bucket) for start, end in band_ranges(threshold, settings)]
    unique = np.unique(np.concatenate(packed))
    return np.stack((unique // len(items), unique % len(items)), axis=1)


def plausible_syndication(pairs: np.ndarray, sig: np.ndarray, sizes: np.ndarray, settings: DedupSettings,
                          *, sigmas: float = 3.0, chunk: int = 1 << 20) -> np.ndarray:
    """Mask of candidate article pairs worth an exact check: the MinHash estimate of their Jaccard is within
    ``sigmas`` standard errors of the smallest Jaccard that could make them syndicated copies
    (``article_min_jaccard``, or the Jaccard at which the smaller article is ``article_min_containment``
    inside the larger, from the two shingle counts). At 3 standard errors a pair exactly at the threshold is
    dropped with probability ~0.1%; an unrelated pair (Jaccard ~0.02) almost never passes. Pairs sharing
    copied paragraphs are checked exactly whatever this says.
    """
    keep = np.zeros(len(pairs), dtype=bool)
    for lo in range(0, len(pairs), chunk):
        x, y = pairs[lo:lo + chunk, 0], pairs[lo:lo + chunk, 1]
        estimate = (sig[x] == sig[y]).mean(axis=1)
        small = np.minimum(sizes[x], sizes[y]).astype(float)
        total = (sizes[x] + sizes[y]).astype(float)
        c = settings.article_min_containment
        needed = np.minimum(settings.article_min_jaccard, c * small / np.maximum(total - c * small, 1.0))
        keep[lo:lo + chunk] = estimate >= needed - sigmas * np.sqrt(needed * (1 - needed) / sig.shape[1])
    return keep


# --------------------------------------------------------------------------------------------- direction


def _order_key(meta: dict[str, str]) -> tuple[int, str, str]:
    published = meta.get("published") or ""
    return (0 if published else 1, published, meta["article_id"])


def direction(a: str, b: str, meta: dict[str, dict[str, str]], cont_a: float, cont_b: float) -> tuple[str, str, str]:
    """``(copy, source, basis)`` for two related articles."""
    pa, pb = meta[a].get("published", ""), meta[b].get("published", "")
    if pa and pb and pa != pb:
        return (b, a, "published") if pa < pb else (a, b, "published")
    if meta[a].get("derived_from") == b:
        return a, b, "declared"
    if meta[b].get("derived_from") == a:
        return b, a, "declared"
    if abs(cont_a - cont_b) > 1e-9:
        return (a, b, "containment") if cont_a > cont_b else (b, a, "containment")
    return (b, a, "article_id") if a < b else (a, b, "article_id")


# --------------------------------------------------------------------------------------------- main


PairFinder = Callable[..., np.ndarray]  # (items, threshold, settings, groups, sig=None) -> index pairs


def _keyed(pairs: np.ndarray, items: list[tuple[str, np.ndarray]]) -> list[tuple[str, str]]:
    """Index pairs as key pairs, smaller key first."""
    out = []
    for x, y in pairs.tolist():
        kx, ky = items[x][0], items[y][0]
        out.append((kx, ky) if kx < ky else (ky, kx))
    return out


FEATURE_COLUMNS = ("para_id", "article_id", "n_tokens", "exact_key", "shingles", "bands")
ARTICLE_FEATURE_COLUMNS = ("article_id", "n_shingles", "signature")


def paragraph_features(paragraphs: pd.DataFrame, settings: DedupSettings = DedupSettings()) -> pd.DataFrame:
    """What the near-duplicate search needs of each paragraph, computed once per paragraph (in the worker
    that cleaned it): token count, an exact-match key (paragraphs of at least ``min_paragraph_words`` tokens,
    else empty), the sorted unique shingle hashes and, for paragraphs long enough to be matched, their LSH
    :func:`band_keys` (else empty). The text itself is not needed afterwards.
    """
    ids, articles, counts, keys, hashes = [], [], [], [], []
    for pid, aid, text in zip(paragraphs["para_id"], paragraphs["article_id"], paragraphs["norm_text"],
                              strict=True):
        tokens = words(text)
        ids.append(pid)
        articles.append(aid)
        counts.append(len(tokens))
        keys.append(hashlib.blake2b(normalize_for_hashing(" ".join(tokens)).encode(), digest_size=16).hexdigest()
                    if len(tokens) >= settings.min_paragraph_words else "")
        hashes.append(shingle_hashes(tokens, settings.shingle_size))
    matchable = [i for i, n in enumerate(counts) if n >= settings.min_paragraph_words]
    keyed = band_keys(signatures([hashes[i] for i in matchable], settings),
                      band_ranges(settings.paragraph_lsh_threshold, settings))
    bands = [_NO_HASHES] * len(ids)
    for row, i in enumerate(matchable):
        bands[i] = keyed[row]
    return pd.DataFrame({"para_id": pd.Series(ids, dtype=object), "article_id": pd.Series(articles, dtype=object),
                         "n_tokens": np.array(counts, dtype=np.int64), "exact_key": pd.Series(keys, dtype=object),
                         "shingles": pd.Series(hashes, dtype=object), "bands": pd.Series(bands, dtype=object)},
                        columns=list(FEATURE_COLUMNS))


def article_features(features: pd.DataFrame, settings: DedupSettings = DedupSettings()) -> pd.DataFrame:
    """Per article of :func:`paragraph_features` (in order of first appearance): the number of distinct
    shingles of the whole article and its MinHash signature (uint32 array), computed once, where the article
    is cleaned, and kept in the cache with it."""
    parts: dict[str, list[np.ndarray]] = {}
    for aid, hashes in zip(features["article_id"], features["shingles"], strict=True):
        parts.setdefault(aid, []).append(hashes)
    unions = [np.unique(np.concatenate(p)) for p in parts.values()]
    sig = signatures(unions, settings)
    return pd.DataFrame({"article_id": pd.Series(list(parts), dtype=object),
                         "n_shingles": np.array([len(u) for u in unions], dtype=np.int64),
                         "signature": pd.Series(list(sig), dtype=object)}, columns=list(ARTICLE_FEATURE_COLUMNS))


def matchable_bands(frames: Iterable[pd.DataFrame], settings: DedupSettings = DedupSettings()) -> np.ndarray:
    """The ``bands`` of the paragraphs long enough to be matched, stacked in order (``n x bands``, uint64) from
    chunks of :func:`paragraph_features` (``n_tokens``, ``bands``): 8 bytes per band and paragraph, instead of
    a Python array object per paragraph."""
    width = len(band_ranges(settings.paragraph_lsh_threshold, settings))
    parts = [np.zeros((0, width), np.uint64)]
    for frame in frames:
        rows = frame.loc[frame["n_tokens"] >= settings.min_paragraph_words, "bands"].tolist()
        if rows:
            parts.append(np.stack(rows).astype(np.uint64, copy=False))
    return np.concatenate(parts)


def find_duplicates(paragraphs: pd.DataFrame, articles: pd.DataFrame,
                    settings: DedupSettings = DedupSettings(), *, lsh_pairs: PairFinder | None = None,
                    per_article: pd.DataFrame | None = None, bands: np.ndarray | None = None) -> DedupResult:
    """Flag syndicated articles and reused paragraphs. Pure: tables in, tables out.

    Args:
        paragraphs: the paragraphs table (``para_id``, ``article_id``, ``norm_text``) or its
            :func:`paragraph_features` (what the pipeline passes, so the main process never tokenises).
        lsh_pairs: the LSH candidate search (default: in this process); ``engines.dask_lsh_pairs`` runs it as
            a shuffle on band keys. Any implementation must return the candidate pairs datasketch's LSH does.
        per_article: the articles' :func:`article_features` (computed here when not given).
        bands: :func:`matchable_bands` of ``paragraphs`` (else taken from its ``bands`` column or computed).
    """
    lsh_pairs = lsh_pairs or _lsh_pairs
    features = paragraphs if "shingles" in paragraphs.columns else paragraph_features(paragraphs, settings)
    meta = {row["article_id"]: row for row in articles[["article_id", "published", "derived_from"]]
            .fillna("").astype(str).to_dict("records")}
    para_ids = features["para_id"].tolist()
    para_article = dict(zip(para_ids, features["article_id"], strict=True))
    n_tokens = dict(zip(para_ids, features["n_tokens"].tolist(), strict=True))
    shingles = dict(zip(para_ids, features["shingles"], strict=True))

    # Articles: the union of their paragraphs' shingles, built when needed (never all at once: ~0.5 GB at 100k).
    by_article: dict[str, list[np.ndarray]] = defaultdict(list)
    for pid, hashes in shingles.items():
        by_article[para_article[pid]].append(hashes)

    @lru_cache(maxsize=4096)  # verification visits pairs sorted by their first article
    def article_sh(aid: str) -> np.ndarray:
        parts = by_article.get(aid)
        return np.unique(np.concatenate(parts)) if parts else np.zeros(0, np.uint64)

    # Paragraphs: exact fast path, then verified LSH candidates.
    matchable = [pid for pid in para_ids if n_tokens[pid] >= settings.min_paragraph_words]
    exact_groups: dict[str, list[str]] = defaultdict(list)
    for pid, key in zip(para_ids, features["exact_key"], strict=True):
        if key:
            exact_groups[key].append(pid)
    para_pairs: dict[tuple[str, str], tuple[str, float]] = {}
    for members in exact_groups.values():
        # every copy is paired with the earliest report only: linear in the group size
        first = min(members, key=lambda pid: (_order_key(meta[para_article[pid]]), pid))
        for x in members:
            if para_article[x] != para_article[first]:
                para_pairs[(x, first) if x < first else (first, x)] = ("exact", 1.0)
    items = [(pid, shingles[pid]) for pid in matchable]
    local = lsh_pairs is _lsh_pairs
    if local and bands is None and "bands" in features.columns:  # computed with the paragraphs' features
        bands = matchable_bands([features[["n_tokens", "bands"]]], settings)
    if local and bands is not None:
        if len(bands) != len(matchable):
            raise ValueError(f"bands: {len(bands)} rows for {len(matchable)} matchable paragraphs")
        found = _lsh_pairs(items, settings.paragraph_lsh_threshold, settings, para_article, bands=bands)
        del bands
    else:
        found = lsh_pairs(items, settings.paragraph_lsh_threshold, settings, para_article)
    for x, y in _keyed(found, items):
        if (x, y) in para_pairs:
            continue
        jac, _, _ = jaccard_containment(shingles[x], shingles[y])
        if jac >= settings.paragraph_min_jaccard:
            para_pairs[(x, y)] = ("near", jac)

    # Articles: verified LSH candidates plus every pair that shares a copied paragraph.
    article_ids = sorted(meta)
    if per_article is None:
        per_article = article_features(features, settings)
    known = dict(zip(per_article["article_id"], range(len(per_article)), strict=True))
    stored_sig, stored_size = per_article["signature"].tolist(), per_article["n_shingles"].tolist()
    empty = np.full(settings.num_perm, np.uint32(0xFFFFFFFF), dtype=np.uint32)  # datasketch's empty MinHash
    article_sig = (np.stack([stored_sig[known[aid]] if aid in known else empty for aid in article_ids])
                   .astype(np.uint32) if article_ids else np.zeros((0, settings.num_perm), np.uint32))
    sizes = np.array([stored_size[known[aid]] if aid in known else 0 for aid in article_ids], dtype=np.int64)
    del stored_sig, stored_size, known
    # the local search uses the signatures; another (Dask) computes them from the shingles where it runs
    article_items = [(aid, _NO_HASHES if local else article_sh.__wrapped__(aid))
                     for aid in article_ids]
    found = lsh_pairs(article_items, settings.article_lsh_threshold, settings, {aid: aid for aid in meta},
                      sig=article_sig)
    found = found[plausible_syndication(found, article_sig, sizes, settings, sigmas=settings.prefilter_sigmas)]
    candidates = set(_keyed(found, article_items))
    del article_items, article_sig
    shared_paras: dict[tuple[str, str], int] = defaultdict(int)  # words in paragraphs shared by two articles
    for x, y in para_pairs:
        a, b = sorted((para_article[x], para_article[y]))
        shared_paras[(a, b)] += min(n_tokens[x], n_tokens[y])
    candidates |= set(shared_paras)

    rows: list[dict] = []
    copy_direction: dict[tuple[str, str], tuple[str, str, str]] = {}
    syndicated: list[tuple[str, str]] = []
    for a, b in sorted(candidates):
        jac, cont_a, cont_b = jaccard_containment(article_sh(a), article_sh(b))
        if jac >= settings.article_min_jaccard or max(cont_a, cont_b) >= settings.article_min_containment:
            relation = "syndicated_copy"
        elif shared_paras.get((a, b), 0) >= settings.min_lifted_words:
            relation = "lifts_paragraphs"
        else:
            continue
        copy, source, basis = direction(a, b, meta, cont_a, cont_b)
        copy_direction[(a, b)] = (copy, source, basis)
        if relation == "syndicated_copy":
            syndicated.append((copy, source))
        c_copy, c_source = (cont_a, cont_b) if copy == a else (cont_b, cont_a)
        rows.append({"level": "article", "item_a": copy, "item_b": source, "article_a": copy,
                     "article_b": source, "relation": relation, "method": "minhash_lsh+verified",
                     "jaccard": round(jac, 4), "containment_a": round(c_copy, 4),
                     "containment_b": round(c_source, 4), "direction_basis": basis})

    copy_of: dict[str, tuple[str, str, float]] = {}
    for (x, y), (match, score) in sorted(para_pairs.items()):
        ax, ay = para_article[x], para_article[y]
        pair = (ax, ay) if ax < ay else (ay, ax)
        if pair not in copy_direction:  # a stock line shared by unrelated articles: not a copy
            continue
        copy_article, _, basis = copy_direction[pair]
        copy_pid, source_pid = (x, y) if ax == copy_article else (y, x)
        jac, c_copy, c_source = jaccard_containment(shingles[copy_pid], shingles[source_pid])
        rows.append({"level": "paragraph", "item_a": copy_pid, "item_b": source_pid,
                     "article_a": para_article[copy_pid], "article_b": para_article[source_pid],
                     "relation": "copy", "method": match, "jaccard": round(jac, 4),
                     "containment_a": round(c_copy, 4), "containment_b": round(c_source, 4),
                     "direction_basis": basis})
        best = copy_of.get(copy_pid)
        if best is None or score > best[2]:
            copy_of[copy_pid] = (source_pid, match, round(score, 4))

    duplicates = pd.DataFrame(rows, columns=list(DUPLICATE_COLUMNS))
    article_flags = _story_clusters(meta, syndicated)
    none = ("", "", 0.0)
    paragraph_flags = pd.DataFrame({  # built column by column: a dict per paragraph costs ~0.4 GB at 100k
        "para_id": para_ids,
        "copy_of": [copy_of.get(pid, none)[0] for pid in para_ids],
        "copy_match": [copy_of.get(pid, none)[1] for pid in para_ids],
        "copy_score": [float(copy_of.get(pid, none)[2]) for pid in para_ids]},
        columns=["para_id", "copy_of", "copy_match", "copy_score"])
    return DedupResult(duplicates, article_flags, paragraph_flags)


def _story_clusters(meta: dict[str, dict[str, str]], syndicated: list[tuple[str, str]]) -> pd.DataFrame:
    parent = {aid: aid for aid in meta}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for copy, source in syndicated:
        ra, rb = find(copy), find(source)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[str, list[str]] = defaultdict(list)
    for aid in meta:
        members[find(aid)].append(aid)
    rows = []
    for group in members.values():
        declared = {aid for aid in group if meta[aid].get("derived_from") in group}
        canonical = min(group, key=lambda aid: (aid in declared, *_order_key(meta[aid])))
        for aid in group:
            rows.append({"article_id": aid, "story_cluster": canonical, "is_canonical": aid == canonical,
                         "canonical_id": canonical})
    return pd.DataFrame(rows, columns=["article_id", "story_cluster", "is_canonical", "canonical_id"]) \
        .sort_values("article_id").reset_index(drop=True)
