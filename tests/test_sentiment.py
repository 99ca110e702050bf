from __future__ import annotations

import math

import pandas as pd
import pytest

from icanalysis.sentiment import (
    SCORE_COLUMNS,
    SentimentSettings,
    aggregate,
    score_text,
    score_texts,
    sentence_table,
    stance_by_tone,
    tone_label,
)


def test_score_texts_columns_index_and_missing() -> None:
    texts = pd.Series(["It was a wonderful, safe set.", None, "The film ran."], index=[10, 11, 12])
    out = score_texts(texts)
    assert list(out.columns) == list(SCORE_COLUMNS)
    assert list(out.index) == [10, 11, 12]
    assert out.loc[10, "polarity"] > 0 and out.loc[10, "vader_compound"] > 0
    assert out.loc[11].isna().all()
    assert 0 <= out.loc[10, "textblob_coverage"] <= 1


def test_pro_safety_quote_scores_negative() -> None:
    """Documented limitation: lexicon tone is not stance."""
    quote = "Trauma first aid matters in case a performer is triggered by abuse and has a panic attack."
    assert score_texts(pd.Series([quote])).loc[0, "vader_compound"] < 0


def test_coverage_known_answer() -> None:
    # tokens: good, xyzzy -> TextBlob knows "good" only; VADER knows "good" only
    out = score_texts(pd.Series(["good xyzzy"]))
    assert out.loc[0, "textblob_coverage"] == 0.5
    assert out.loc[0, "vader_coverage"] == 0.5


def test_empty_text_coverage_is_nan() -> None:
    assert math.isnan(score_texts(pd.Series([""])).loc[0, "vader_coverage"])


def test_long_text_refused_alone_and_left_unscored_in_a_table() -> None:
    settings = SentimentSettings(max_chars=50)
    with pytest.raises(ValueError, match="not whole articles"):
        score_text("word " * 100, settings=settings)
    scores = score_texts(pd.Series(["word " * 100, "A good day."]), settings=settings)
    assert scores.loc[0].isna().all()  # a scraped table with no full stop: not scored, the run goes on
    assert scores.loc[1, "polarity"] > 0


def test_score_texts_type_errors() -> None:
    with pytest.raises(TypeError):
        score_texts(["a"])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        score_texts(pd.Series([3]))


def test_sentence_table_offsets() -> None:
    source = "Title line\n\nFirst one. Second one.\n\nThird."
    paragraphs = pd.DataFrame({
        "article_id": ["a", "a", "a"],
        "para_index": [0, 1, 2],
        "start": [0, 12, 36],
        "end": [10, 34, 42],
        "text": [source[0:10], source[12:34], source[36:42]],
    })
    table = sentence_table(paragraphs)
    assert list(table.columns) == ["article_id", "para_index", "sent_index", "start", "end", "text"]
    assert table["text"].tolist() == ["Title line", "First one.", "Second one.", "Third."]
    assert table["sent_index"].tolist() == [0, 1, 2, 3]
    for row in table.itertuples():
        assert source[row.start:row.end] == row.text


def test_sentence_table_missing_columns() -> None:
    with pytest.raises(ValueError, match="para_index"):
        sentence_table(pd.DataFrame({"article_id": [], "start": [], "end": [], "text": []}))


def test_aggregate_known_answer_and_collapse() -> None:
    scored = pd.DataFrame({
        "outlet": ["x", "x", "y"],
        "polarity": [0.2, 0.4, -1.0],
        "vader_compound": [0.0, 1.0, 0.5],
        "is_copy": [False, True, False],
    })
    full = aggregate(scored, "outlet", collapse_syndicated=False).set_index("outlet")
    assert full.loc["x", "polarity"] == pytest.approx(0.3)
    assert full.loc["x", "n"] == 2
    collapsed = aggregate(scored, "outlet", collapse_syndicated=True).set_index("outlet")
    assert collapsed.loc["x", "polarity"] == pytest.approx(0.2)
    assert collapsed.loc["x", "n"] == 1


def test_aggregate_collapse_needs_copy_column() -> None:
    with pytest.raises(ValueError, match="is_copy"):
        aggregate(pd.DataFrame({"g": [1], "polarity": [0.1]}), "g", collapse_syndicated=True)


def test_tone_label_band() -> None:
    labels = tone_label(pd.Series([-0.06, -0.05, 0.0, 0.05, 0.051, float("nan")]))
    assert labels.tolist()[:5] == ["negative", "neutral", "neutral", "neutral", "positive"]
    assert pd.isna(labels.iloc[5])


def test_stance_by_tone_known_answer() -> None:
    df = pd.DataFrame({
        "stance": ["favour", "favour", "against", "none"],
        "polarity": [-0.3, 0.3, 0.3, 0.0],
    })
    table = stance_by_tone(df)
    assert list(table.columns) == ["negative", "neutral", "positive"]
    assert table.loc["favour"].tolist() == [1, 0, 1]
    assert table.loc["against"].tolist() == [0, 0, 1]
    assert table.loc["none"].tolist() == [0, 1, 0]
