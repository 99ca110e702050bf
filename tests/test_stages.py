"""Tests for icanalysis.stages: the one per-article chain (clean -> quotes -> sentences)."""

from __future__ import annotations

import pytest

from icanalysis.cleaning import clean_text
from icanalysis.quotes import QuoteSettings, quote_rows
from icanalysis.settings import RunSettings
from icanalysis.stages import process_article, quotes_for_text

TEXT = ('Share this article\n'
        'Producer Ed Wynn runs a small company. "We had a tiny crew," he said. "It worked."\n'
        'Advertisement\n'
        'Wynn said that the budget was never the issue.\n')
META = {"article_id": "a1"}


def test_process_article_chains_cleaning_quotes_and_sentences() -> None:
    rows = process_article(TEXT, META)
    paragraphs, removed = clean_text(TEXT, "a1", meta=META)
    assert rows.paragraphs == paragraphs and rows.removed == removed
    assert [r["text"] for r in rows.removed] == ["Share this article", "Advertisement"]
    # the quotes come from the kept paragraphs only, with offsets into the source text
    assert rows.quotes == quote_rows(TEXT, "a1", spans=[(p["start"], p["end"]) for p in paragraphs])
    assert [(q.kind, q.quote, q.speaker_local) for q in rows.quotes] == [
        ("direct", "We had a tiny crew,", "Ed Wynn"), ("direct", "It worked.", "Ed Wynn"),
        ("indirect", "the budget was never the issue", "Ed Wynn")]
    assert all(TEXT[q.start:q.end] == q.quote for q in rows.quotes)
    assert [s["text"] for s in rows.sentences][:2] == ["Producer Ed Wynn runs a small company.",
                                                       '"We had a tiny crew," he said.']


def test_process_article_uses_the_run_settings() -> None:
    settings = RunSettings(quotes=QuoteSettings(indirect=False))
    assert {q.kind for q in process_article(TEXT, META, settings).quotes} == {"direct"}


def test_given_spans_skip_cleaning() -> None:
    start = TEXT.index("Wynn said")
    rows = process_article(TEXT, META, spans=[(start, len(TEXT))])
    assert rows.paragraphs == rows.removed == rows.sentences == []
    assert [q.kind for q in rows.quotes] == ["indirect"]


def test_quotes_for_text_adds_canonical_columns() -> None:
    df = quotes_for_text('"It was a choice that I made," Madison said.', "a")
    assert {"speaker", "speaker_role", "power_tier", "quote_cluster"} <= set(df.columns)


def test_quotes_for_text_rejects_bytes() -> None:
    with pytest.raises(TypeError, match="str"):
        quotes_for_text(b"bytes", "a")  # type: ignore[arg-type]
