from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from icanalysis.validation import (
    frame_alphas,
    krippendorff_alpha_nominal,
    multilabel_scores,
    per_class_scores,
    split_labels,
)


def test_per_class_scores_known_answer() -> None:
    out = per_class_scores(["a", "a", "b", "c"], ["a", "b", "b", "c"], ["a", "b", "c"])
    assert out.loc["a", "precision"] == 0.5 and out.loc["a", "recall"] == 1.0
    assert out.loc["a", "f1"] == pytest.approx(2 / 3)
    assert out.loc["b", "precision"] == 1.0 and out.loc["b", "recall"] == 0.5
    assert out.loc["b", "support"] == 2
    assert out.loc["macro", "f1"] == pytest.approx((2 / 3 + 2 / 3 + 1) / 3)


def test_per_class_scores_absent_label_counts_zero() -> None:
    out = per_class_scores(["a", "a"], ["a", "a"], ["a", "b"])
    assert out.loc["b", "f1"] == 0.0 and out.loc["b", "support"] == 0
    assert out.loc["macro", "f1"] == 0.5


def test_per_class_scores_errors() -> None:
    with pytest.raises(ValueError, match="not in"):
        per_class_scores(["x"], ["a"], ["a"])
    with pytest.raises(ValueError, match="items"):
        per_class_scores(["a"], ["a", "a"], ["a"])


def test_multilabel_known_answer() -> None:
    pred = [{"s"}, {"s", "c"}, set()]
    gold = [{"s"}, {"c"}, {"c"}]
    out = multilabel_scores(pred, gold, ["s", "c"])
    assert out.loc["s", "precision"] == 0.5 and out.loc["s", "recall"] == 1.0
    assert out.loc["c", "precision"] == 1.0 and out.loc["c", "recall"] == 0.5
    # micro: tp=2, fp=1, fn=1
    assert out.loc["micro", "f1"] == pytest.approx(2 / 3)


def test_split_labels() -> None:
    assert split_labels(["a|b", "", None, float("nan"), " c "]) == [
        frozenset({"a", "b"}), frozenset(), frozenset(), frozenset(), frozenset({"c"})]


def test_alpha_known_answer_krippendorff_example() -> None:
    """Krippendorff's reliability example (3 coders, 15 units), nominal alpha 0.691."""
    nan = np.nan
    data = [[nan, nan, nan, nan, nan, 3, 4, 1, 2, 1, 1, 3, 3, nan, 3],
            [1, nan, 2, 1, 3, 3, 4, 3, nan, nan, nan, nan, nan, nan, nan],
            [nan, nan, 2, 1, 3, 4, 4, nan, 2, 1, 1, 3, 3, nan, 4]]
    codings = pd.DataFrame(np.array(data).T, columns=["A", "B", "C"])
    assert krippendorff_alpha_nominal(codings) == pytest.approx(0.691358, abs=1e-6)


def test_alpha_strings_perfect_and_undefined() -> None:
    assert krippendorff_alpha_nominal(pd.DataFrame({"a": ["x", "y", "x"], "b": ["x", "y", "x"]})) == 1.0
    assert math.isnan(krippendorff_alpha_nominal(pd.DataFrame({"a": ["x", "x"], "b": ["x", "x"]})))
    with pytest.raises(ValueError, match="two coder"):
        krippendorff_alpha_nominal(pd.DataFrame({"a": ["x"]}))


def test_frame_alphas() -> None:
    out = frame_alphas([{"s"}, set(), {"s"}, set()], [{"s"}, set(), {"s"}, set()], ["s", "t"])
    assert out["s"] == 1.0 and math.isnan(out["t"])
