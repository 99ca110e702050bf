"""Tests for icanalysis.quotes.extract: the quotes table (columns, offsets, ids, settings, caller mistakes)
and the accuracy gate on the bundled articles."""

from __future__ import annotations

from dataclasses import fields

import pandas as pd
import pytest
from conftest import GOLD, RAW
from conftest import floors as pinned_floors

from icanalysis.quotes import (
    QUOTE_COLUMNS,
    QuoteRow,
    QuoteSettings,
    extract_quotes,
    paragraph_spans,
    quote_rows,
)

GOLD_QUOTES = GOLD / "quotes_gold.csv"


def test_offsets_columns_and_ids() -> None:
    text = 'Intro line.\n\n"It was a choice that I made," Mia Long said. "We kept it small."\n'
    df = extract_quotes(text, "a1")
    assert tuple(df.columns) == QUOTE_COLUMNS
    assert list(df["quote_id"]) == ["a1:q001", "a1:q002"]
    for row in df.itertuples():
        assert text[row.start:row.end] == row.quote
    assert list(df["para_index"]) == [1, 1]
    assert text[df.iloc[0]["cue_start"]:].startswith("said")
    assert text[df.iloc[0]["mention_start"]:].startswith("Mia Long")
    assert df.iloc[1]["attribution"] == "previous"


def test_spans_limit_paragraphs_to_kept_text() -> None:
    text = 'Subscribe now! "Click here to read more about it," the site said.\n"It was fine," Ann Lee said.'
    start = text.index('"It was')
    df = extract_quotes(text, "a", spans=[(start, len(text))])
    assert list(df["quote"]) == ["It was fine,"]


def test_empty_text_gives_empty_table() -> None:
    df = extract_quotes("", "a")
    assert df.empty and tuple(df.columns) == QUOTE_COLUMNS


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"max_quote_chars": -1}, "max_quote_chars"),
    ({"single_quotes": "always"}, "single_quotes"),
])
def test_settings_validation(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        QuoteSettings(**kwargs)


def test_caller_mistakes_raise() -> None:
    with pytest.raises(TypeError):
        extract_quotes(b"bytes", "a")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="outside the text"):
        paragraph_spans("short", [(0, 99)])


def test_quote_rows_are_quote_row_records_in_column_order() -> None:
    rows = quote_rows('"It was a choice that I made," Mia Long said.', "a")
    assert [type(r) for r in rows] == [QuoteRow]
    assert tuple(f.name for f in fields(QuoteRow)) == QUOTE_COLUMNS
    assert rows[0].quote_id == "a:q001" and rows[0].speaker_local == "Mia Long"


def _gold_scores() -> dict:
    from icanalysis.evaluate import score_quotes
    from icanalysis.speakers import load_codebook, resolve_speakers

    gold = pd.read_csv(GOLD_QUOTES, dtype=str, keep_default_na=False)
    gold["start"] = gold["start"].astype(int)
    gold["end"] = gold["end"].astype(int)
    parts = []
    for path in sorted(RAW.glob("*.txt")):
        parts.append(extract_quotes(path.read_bytes().decode("utf-8"), path.stem))
    pred, _, _ = resolve_speakers(pd.concat(parts, ignore_index=True), load_codebook())
    return score_quotes(pred, gold)


def test_gold_quotes_meet_floors() -> None:
    assert GOLD_QUOTES.exists(), f"{GOLD_QUOTES} is missing: the quote gate cannot run"
    floors = pinned_floors("quotes_gold")
    scores = _gold_scores()
    assert scores["f1"] >= floors["direct_f1"], scores
    assert scores["speaker_accuracy"] >= floors["speaker_accuracy"], scores
    assert scores["attributed_f1"] >= floors["attributed_f1"], scores
    assert scores["indirect"]["f1"] >= floors["indirect_f1"], scores
