"""Coverage over time and by outlet: gaps filled, undated articles counted not dropped, copies collapsed."""

from __future__ import annotations

import pandas as pd
import pytest

from icanalysis import timeline


def _articles() -> pd.DataFrame:
    return pd.DataFrame({
        "article_id": ["a", "b", "c", "d", "e"],
        "published": ["2025-01-06", "2025-01-12", "2025-03-02", "", "2025-03-03"],  # Mon, Sun, Sun, -, Mon
        "outlet": ["Variety", "Variety", "", "Deadline", "Deadline"],
        "is_canonical": [True, False, True, True, True],
    })


def test_dating_counts_the_undated_articles() -> None:
    assert timeline.dating(_articles()) == {"n_articles": 5, "n_dated": 4, "n_undated": 1,
                                            "first": "2025-01-06", "last": "2025-03-03"}


def test_coverage_fills_empty_periods_and_weeks_start_on_monday() -> None:
    monthly = timeline.coverage(_articles(), "month")
    assert monthly.to_dict("list") == {"period": ["2025-01", "2025-02", "2025-03"], "n_articles": [2, 0, 2]}
    weekly = timeline.coverage(_articles(), "week")
    assert weekly["period"].iloc[0] == "2025-01-06" and weekly["n_articles"].iloc[0] == 2  # Mon 6 to Sun 12
    assert weekly.set_index("period").loc["2025-02-24", "n_articles"] == 1  # Sunday 2 March
    assert weekly.set_index("period").loc["2025-03-03", "n_articles"] == 1
    assert weekly["n_articles"].sum() == 4
    assert timeline.coverage(_articles(), "month", canonical_only=True)["n_articles"].tolist() == [1, 0, 2]
    assert timeline.coverage(_articles().assign(published=""), "month").empty
    with pytest.raises(ValueError, match="freq must be one of"):
        timeline.coverage(_articles(), "fortnight")


def test_by_outlet_and_voices_over_time() -> None:
    outlets = timeline.by_outlet(_articles()).set_index("outlet")
    assert outlets.loc["Variety", ["n_articles", "n_copies"]].tolist() == [2, 1]
    assert outlets.loc["Deadline", ["n_undated", "first"]].tolist() == [1, "2025-03-03"]
    assert "(no outlet)" in outlets.index
    quotes = pd.DataFrame({"article_id": ["a", "b", "c", "d"], "power_tier": ["lead_talent", "lead_talent",
                                                                              "hiring_power", "lead_talent"],
                           "is_copy": [False, True, False, False]})
    voices = timeline.voices_over_time(quotes, _articles(), "power_tier", "month")
    assert voices.to_dict() == {"hiring_power": {"2025-01": 0, "2025-03": 1}, "lead_talent": {"2025-01": 1, "2025-03": 0}}
