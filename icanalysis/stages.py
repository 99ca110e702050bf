"""The per-article chain, in one place: an article's text -> its paragraph, removed-line, quote and sentence
rows (cleaning -> quotes -> sentences).

The pipeline runs :func:`process_article` on every article of a run (in worker processes), ``icanalysis
quotes`` (``pipeline.quotes_for_files``) on single files, and :func:`quotes_for_text` on a text. Pure: no
file I/O; the cross-article stages (duplicates, canonical speakers) run on the batched rows afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .cleaning import clean_text
from .quotes import QuoteRow, paragraph_spans, quote_rows, quotes_frame
from .sentiment import sentence_rows
from .settings import RunSettings
from .speakers import load_codebook, resolve_speakers


@dataclass(frozen=True)
class ArticleRows:
    """The per-article rows of one article; the pipeline batches them into the tables of the same names."""

    paragraphs: list[dict]
    removed: list[dict]
    quotes: list[QuoteRow]
    sentences: list[dict]
    notes: tuple[str, ...] = ()  # what the run report should say about this article (e.g. paragraphs not scanned)


def process_article(text: str, meta: dict[str, str], settings: RunSettings = RunSettings(), *,
                    spans: list[tuple[int, int]] | None = None) -> ArticleRows:
    """Clean one article, extract its quotes from the kept paragraphs, split those into sentences.

    Args:
        text: the article's source text (every offset refers to it).
        meta: the article's metadata: ``article_id``, and the title, author and date the cleaning stage
            removes when the text repeats them.
        settings: the run's settings (``clean`` and ``quotes`` are used).
        spans: paragraph spans to take the quotes from instead of cleaning the text; then there are no
            paragraph, removed-line or sentence rows.
    """
    article_id = meta["article_id"]
    paragraphs: list[dict] = []
    removed: list[dict] = []
    if spans is None:
        paragraphs, removed = clean_text(text, article_id, meta=meta, settings=settings.clean)
        spans = [(p["start"], p["end"]) for p in paragraphs]
    crowded: list[int] = []
    quotes = quote_rows(text, article_id, spans=spans, settings=settings.quotes, not_searched=crowded)
    notes = (f"{len(crowded)} paragraph(s) with more than {settings.quotes.max_marks_per_paragraph} quotation "
             f"marks not searched for quotes (paragraph index {', '.join(map(str, crowded[:10]))})",) if crowded else ()
    return ArticleRows(paragraphs, removed, quotes, sentence_rows(paragraphs), notes)


def quotes_for_text(text: str, article_id: str, *, spans: list[tuple[int, int]] | None = None) -> pd.DataFrame:
    """The quotes of one text with canonical speakers (packaged codebook, default settings).

    The text is not cleaned: the quotes come from ``spans`` (kept paragraph spans), or every non-empty line.
    """
    if not isinstance(text, str):
        raise TypeError(f"quotes_for_text expects text as str, got {type(text).__name__}")
    rows = process_article(text, {"article_id": article_id}, spans=paragraph_spans(text, spans))
    resolved, _speakers, _merges = resolve_speakers(quotes_frame(rows.quotes), load_codebook())
    return resolved
