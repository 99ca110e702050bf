"""Tests for icanalysis.quotes.marks: quotation marks paired across house styles, paragraph spans,
broken marks and their status."""

from __future__ import annotations

import pytest
from conftest import direct_quotes

from icanalysis.quotes import QuoteSettings, extract_quotes, paragraph_spans

ROBUSTNESS = [
    # lost opening mark at a paragraph start (drop cap)
    ('Porn is everywhere,” says filmmaker Jane Roe. “But it mirrors our values.”',
     [("Porn is everywhere,", "Jane Roe"), ("But it mirrors our values.", "Jane Roe")]),
    # mixed curly and straight marks inside one quote pair
    ('“I think it is case by case," director Al Ruiz said. "If an actor asks, we hire someone.”',
     [("I think it is case by case,", "Al Ruiz"), ("If an actor asks, we hire someone.", "Al Ruiz")]),
    # British single quotes with apostrophes and a possessive plural inside
    ("Union chief Gareth Penn said: 'The workers' voices have been missing. It's time that changed.'",
     [("The workers' voices have been missing. It's time that changed.", "Gareth Penn")]),
    # nested quote stays inside the outer one
    ('"When framed as ‘Do you want this?’ it makes sense to me," says Joan Steen.',
     [("When framed as ‘Do you want this?’ it makes sense to me,", "Joan Steen")]),
    # decade apostrophe is not an opening mark
    ("'It's the '90s all over again,' Kay Marr said.", [("It's the '90s all over again,", "Kay Marr")]),
]


@pytest.mark.parametrize(("text", "expected"), ROBUSTNESS)
def test_marks_pair_across_styles(text: str, expected: list[tuple[str, str]]) -> None:
    assert direct_quotes(text) == expected


def test_paragraph_spanning_quote_and_resync() -> None:
    text = ('"There were days I did not want to go in," actress Sue Ade said. "Nobody forced me.\n'
            '"That is the part people miss."\n'
            'Producer Vic Amb was not convinced. "We had a tiny crew, he said.\n'
            '"I would hire one now," Amb said.')
    df = extract_quotes(text, "a")
    d = df[df["kind"] == "direct"]
    assert list(d["quote"]) == ["There were days I did not want to go in,", "Nobody forced me.",
                                "That is the part people miss.", "We had a tiny crew, he said.",
                                "I would hire one now,"]
    assert list(d["speaker_local"]) == ["Sue Ade"] * 3 + ["Vic Amb"] * 2
    assert list(d["status"]) == ["ok", "ok", "ok", "unbalanced_marks_resynced", "ok"]


def test_missing_open_mark_status() -> None:
    df = extract_quotes("Porn is everywhere,” says filmmaker Jane Roe.", "a")
    assert df.iloc[0]["status"] == "missing_open_mark"


def test_single_quotes_can_be_switched_off() -> None:
    text = "Union chief Gareth Penn said: 'The voices have been missing from this debate.'"
    assert direct_quotes(text, settings=QuoteSettings(single_quotes="never")) == []


@pytest.mark.parametrize(("text", "spans", "expected"), [
    ("One\n\n  Two  \n", None, [(0, 3), (7, 10)]),  # non-empty lines, trimmed
    ("  One two  ", [(0, 11)], [(2, 9)]),  # given spans are trimmed
    ("One two", [(3, 4)], []),  # negative: a span of whitespace is no paragraph
])
def test_paragraph_spans(text: str, spans: list[tuple[int, int]] | None, expected: list[tuple[int, int]]) -> None:
    assert paragraph_spans(text, spans) == expected
