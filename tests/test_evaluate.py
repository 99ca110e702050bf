"""Known-answer tests for icanalysis.evaluate on tiny hand-built tables."""

from __future__ import annotations

import pandas as pd
import pytest

from icanalysis.evaluate import match_quotes, normalise_speaker, score_quotes


def gold_table(rows: list[tuple]) -> pd.DataFrame:
    cols = ["article_id", "start", "end", "quote", "is_quote", "kind", "speaker"]
    return pd.DataFrame(rows, columns=cols)


def pred_table(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["article_id", "kind", "start", "end", "speaker"])


GOLD = gold_table([
    ("a", 0, 10, "x" * 10, "yes", "direct", "Jane Roe"),
    ("a", 20, 40, "x" * 20, "yes", "direct", "John Doe"),
    ("a", 50, 60, "x" * 10, "no", "", ""),  # a title: not a quote
    ("b", 0, 10, "x" * 10, "yes", "direct", "Noé Diaz"),
    ("a", 20, 30, "x" * 10, "yes", "indirect", "John Doe"),
])


@pytest.mark.parametrize(("pred", "expected"), [
    # perfect
    ([("a", "direct", 0, 10, "Jane Roe"), ("a", "direct", 20, 40, "John Doe"), ("b", "direct", 0, 10, "Noe Diaz")],
     {"precision": 1.0, "recall": 1.0, "f1": 1.0, "speaker_accuracy": 1.0, "attributed_f1": 1.0}),
    # one span right with the wrong speaker, one missed, one false positive on the title
    ([("a", "direct", 0, 10, "John Doe"), ("a", "direct", 50, 60, "X"), ("b", "direct", 0, 10, "Noé Diaz")],
     {"precision": 2 / 3, "recall": 2 / 3, "f1": 2 / 3, "speaker_accuracy": 0.5, "attributed_f1": 1 / 3}),
    # overlap 12/20 = 0.6 matches; overlap 4/10 = 0.4 does not
    ([("a", "direct", 20, 32, "John Doe"), ("a", "direct", 6, 10, "Jane Roe")],
     {"precision": 0.5, "recall": 1 / 3, "f1": 0.4, "speaker_accuracy": 1.0, "attributed_f1": 0.4}),
    # same spans in the wrong article do not match
    ([("b", "direct", 20, 40, "John Doe")],
     {"precision": 0.0, "recall": 0.0, "f1": 0.0, "speaker_accuracy": 0.0, "attributed_f1": 0.0}),
])
def test_direct_scores(pred: list[tuple], expected: dict[str, float]) -> None:
    scores = score_quotes(pred_table(pred), GOLD)
    for key, value in expected.items():
        assert scores[key] == pytest.approx(value), key


def test_matching_is_one_to_one_greedy() -> None:
    pred = pred_table([("a", "direct", 0, 10, "Jane Roe"), ("a", "direct", 0, 9, "Jane Roe")])
    matches = match_quotes(pred, GOLD)
    assert list(matches["pred_index"]) == [0]
    scores = score_quotes(pred, GOLD)
    assert scores["precision"] == pytest.approx(0.5)


def test_indirect_scored_separately() -> None:
    pred = pred_table([("a", "indirect", 21, 30, "John Doe"), ("a", "direct", 0, 10, "Jane Roe")])
    scores = score_quotes(pred, GOLD)
    assert scores["indirect"]["f1"] == pytest.approx(1.0)
    assert scores["recall"] == pytest.approx(1 / 3)


def test_speaker_local_used_when_no_canonical_column() -> None:
    pred = pd.DataFrame({"article_id": ["a"], "kind": ["direct"], "start": [0], "end": [10],
                         "speaker_local": ["jane  roe"]})
    assert score_quotes(pred, GOLD)["speaker_accuracy"] == 1.0


def test_empty_prediction() -> None:
    scores = score_quotes(pred_table([]), GOLD)
    assert scores["recall"] == 0.0 and scores["f1"] == 0.0


@pytest.mark.parametrize(("raw", "norm"), [("Noé ", "noe"), ("  Jane   ROE", "jane roe"), (None, ""),
                                            (float("nan"), ""), ("O’Brien", "o'brien")])
def test_normalise_speaker(raw: object, norm: str) -> None:
    assert normalise_speaker(raw) == norm


def test_missing_columns_are_named() -> None:
    with pytest.raises(ValueError, match=r"\['end'\]"):
        score_quotes(pred_table([]).drop(columns=["end"]), GOLD)
    with pytest.raises(ValueError, match="kind must be one of"):
        match_quotes(pred_table([]), GOLD, "partial")
