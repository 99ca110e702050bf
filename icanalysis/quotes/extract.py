"""The quote stage in order: paragraphs -> candidate spans -> people -> cues -> accept -> attribute -> rows."""

from __future__ import annotations

from operator import attrgetter

import pandas as pd

from .accept import accept_quotes
from .article import Article, collect_persons, descriptor_for, estimate_genders
from .cues import find_cues
from .indirect import indirect_rows
from .marks import blank_marks, candidate_spans, crowded_paragraphs, doubled_singles_as_marks, paragraph_spans
from .resolve import Resolver, attribute_direct
from .resources import is_cap
from .types import QUOTE_COLUMNS, QuoteRow, QuoteSettings

_INT_COLUMNS = ("start", "end", "para_index", "cue_start", "mention_start")
_row_values = attrgetter(*QUOTE_COLUMNS)


def extract_quotes(text: str, article_id: str, *, spans: list[tuple[int, int]] | None = None,
                   settings: QuoteSettings = QuoteSettings()) -> pd.DataFrame:
    """Direct and indirect quotes of one article, with offsets into ``text``.

    Args:
        text: the article's source text (offsets refer to it).
        article_id: id written into every row and into ``quote_id``.
        spans: kept paragraph spans ``(start, end)`` from the cleaning stage; None = non-empty lines.
        settings: extractor options.

    References: Pareti 2016 (PARC 3.0); Asr et al. 2021 (Gender Gap Tracker).
    """
    return quotes_frame(quote_rows(text, article_id, spans=spans, settings=settings))


def quotes_frame(rows: list[QuoteRow]) -> pd.DataFrame:
    """The ``quotes`` table of rows from :func:`quote_rows` (one article or many, in order)."""
    df = pd.DataFrame([_row_values(r) for r in rows], columns=list(QUOTE_COLUMNS))
    if df.empty:
        return df.astype(dict.fromkeys(_INT_COLUMNS, "int64"))
    return df


def quote_rows(text: str, article_id: str, *, spans: list[tuple[int, int]] | None = None,
               settings: QuoteSettings = QuoteSettings(), not_searched: list[int] | None = None) -> list[QuoteRow]:
    """The rows of :func:`extract_quotes` (no DataFrame per article: the pipeline batches them).

    ``not_searched``: a list the indexes of the paragraphs left unsearched (over the mark budget) are added to,
    for the run report."""
    if not isinstance(text, str):
        raise TypeError(f"extract_quotes expects text as str, got {type(text).__name__}")
    if not isinstance(settings, QuoteSettings):
        raise TypeError(f"settings must be a QuoteSettings, got {type(settings).__name__}")
    paras = paragraph_spans(text, spans)
    source, text = text, doubled_singles_as_marks(text)  # same offsets; rows quote the source text
    crowded = crowded_paragraphs(text, paras, settings)
    text = blank_marks(text, paras, crowded)  # bounded work per paragraph
    if not_searched is not None:
        not_searched.extend(crowded)
    art = Article(text, paras, quoted=[[] for _ in paras], candidate_spans=[[] for _ in paras])
    candidates = candidate_spans(text, paras, settings)
    for sp in candidates:
        art.candidate_spans[sp.para].append((sp.start, sp.end))
    collect_persons(art)
    estimate_genders(art)
    cues = find_cues(art, candidates, settings)
    accepted = accept_quotes(art, candidates, cues, settings)
    resolver = Resolver(art, settings)
    rows = attribute_direct(art, resolver, accepted, article_id, settings)
    if settings.indirect:
        rows.extend(indirect_rows(art, article_id, resolver, settings))
    _finish(art, rows, article_id)
    if text is not source:
        for r in rows:
            r.quote = source[r.start:r.end]
    return rows


def _finish(art: Article, rows: list[QuoteRow], article_id: str) -> None:
    """Genders and descriptors as known after the whole article; rows in text order; quote ids."""
    for r in rows:
        who = r.speaker_local
        if who and who in art.genders:
            r.gender_local = art.genders[who]
        if who and " " in who and is_cap(who):
            if who not in art.contexts:
                art.contexts[who] = descriptor_for(art, who)
            r.mention_context = art.contexts[who] or r.mention_context
    rows.sort(key=lambda r: (r.start, r.kind))
    for n, r in enumerate(rows, start=1):
        r.quote_id = f"{article_id}:q{n:03d}"
