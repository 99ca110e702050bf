from __future__ import annotations

import math

import pandas as pd
import pytest

from icanalysis import power


@pytest.fixture()
def tables() -> dict[str, pd.DataFrame]:
    quotes = pd.DataFrame({
        "article_id": ["a1", "a1", "a2", "a2", "a3"],
        "quote_id": ["q1", "q2", "q3", "q4", "q5"],
        "kind": ["direct"] * 5,
        "start": [10, 50, 5, 40, 10],
        "end": [26, 84, 27, 55, 26],
        "quote": ["We keep it small", "Extras and crew members matter too", "Safety first for Baker",
                  "It was a choice", "We keep it small"],
        "para_index": [1, 1, 1, 1, 1],
        "speaker": ["Sean Baker", "Marci Liroff", "Marci Liroff", "Mikey Madison", "Sean Baker"],
        "speaker_role": ["director", "intimacy_coordinator", "intimacy_coordinator", "actor", "director"],
        "power_tier": ["hiring_power", "intimacy_professionals", "intimacy_professionals", "lead_talent",
                       "hiring_power"],
        "gender": ["male", "female", "female", "female", "male"],
        "attribution": ["name"] * 5,
        "quote_cluster": ["c1", "c2", "c3", "c4", "c1"],
        "stance": ["mixed", "favour", "favour", "none", "mixed"],
        "frames": ["cost_resources", "power_hierarchy|safety_consent", "safety_consent", "autonomy_choice",
                   "cost_resources"],
    })
    articles = pd.DataFrame({
        "article_id": ["a1", "a2", "a3"],
        "title": ["Baker defends choice", "A new profession", "Baker defends choice"],
        "outlet": ["x", "y", "z"],
        "published": ["2025-01-01"] * 3,
        "story_cluster": ["s1", "s2", "s1"],
        "is_canonical": [True, True, False],
    })
    paragraphs = pd.DataFrame({
        "article_id": ["a1", "a1", "a2", "a2", "a3", "a3"],
        "para_index": [0, 1, 0, 1, 0, 1],
        "start": [0, 12, 0, 15, 0, 12],
        "end": [11, 60, 14, 35, 11, 60],
        "text": ["Intro text.", "Background actors and crew members were there.", "Madison spoke.",
                 "The director agreed.", "Intro text.", "Background actors and crew members were there."],
    })
    people = pd.DataFrame({"canonical_name": ["Sean Baker"], "aliases": ["Baker"], "role": ["director"],
                           "power_tier": ["hiring_power"]})
    return {"quotes": quotes, "articles": articles, "paragraphs": paragraphs, "people": people}


def test_collapse_quotes(tables: dict[str, pd.DataFrame]) -> None:
    q, a = tables["quotes"], tables["articles"]
    assert power.collapse_quotes(q, a, collapse_syndicated=True)["quote_id"].tolist() == ["q1", "q2", "q3", "q4"]
    # without articles: duplicate quote_cluster dropped, first by (article_id, start) kept
    assert "q5" not in power.collapse_quotes(q, collapse_syndicated=True)["quote_id"].tolist()
    assert len(power.collapse_quotes(q, a, collapse_syndicated=False)) == 5
    with pytest.raises(ValueError, match="quote_cluster"):
        power.collapse_quotes(q.drop(columns="quote_cluster"), collapse_syndicated=True)


def test_voice_shares_known_answer(tables: dict[str, pd.DataFrame]) -> None:
    q, a = tables["quotes"], tables["articles"]
    full = power.voice_shares(q, "speaker_role", articles=a, collapse_syndicated=False).set_index("speaker_role")
    assert full.loc["director", "quote_share"] == pytest.approx(2 / 5)
    assert full.loc["director", "word_share"] == pytest.approx(8 / 22)
    assert full.loc["director", "speaker_share"] == pytest.approx(1 / 3)
    assert full.loc["director", "article_reach"] == pytest.approx(2 / 3)
    assert full.loc["actor", "article_reach"] == pytest.approx(1 / 3)
    col = power.voice_shares(q, "speaker_role", articles=a, collapse_syndicated=True).set_index("speaker_role")
    assert col.loc["director", "quote_share"] == pytest.approx(1 / 4)
    assert col.loc["intimacy_coordinator", "word_share"] == pytest.approx(10 / 18)
    assert col.loc["intimacy_coordinator", "article_reach"] == pytest.approx(1.0)
    assert col.loc["director", "article_reach"] == pytest.approx(0.5)
    assert col["quote_share"].sum() == pytest.approx(1.0)


def test_voice_shares_unknown_group(tables: dict[str, pd.DataFrame]) -> None:
    q = tables["quotes"].copy()
    q.loc[3, "gender"] = None
    out = power.voice_shares(q, "gender", collapse_syndicated=False).set_index("gender")
    assert out.loc["unknown", "n_quotes"] == 1


def test_primary_definers_known_answer(tables: dict[str, pd.DataFrame]) -> None:
    out = power.primary_definers(tables["quotes"], "speaker_role", articles=tables["articles"],
                                 collapse_syndicated=True).set_index("speaker_role")
    assert out.loc["director", "share"] == pytest.approx(0.5)
    assert out.loc["intimacy_coordinator", "share"] == pytest.approx(0.5)
    assert "actor" not in out.index


def test_lead_presence_known_answer(tables: dict[str, pd.DataFrame]) -> None:
    out = power.lead_presence(tables["quotes"], tables["articles"], tables["paragraphs"], "speaker_role",
                              collapse_syndicated=True).set_index("speaker_role")
    assert out.loc["director", "share"] == 1.0  # surname in title
    assert out.loc["actor", "share"] == 1.0  # surname in first paragraph
    assert out.loc["intimacy_coordinator", "share"] == 0.0
    assert out.loc["intimacy_coordinator", "n_speaker_articles"] == 2


@pytest.mark.parametrize(
    ("counts", "gs", "h"),
    [([1, 1], 0.5, math.log(2)), ([2, 1, 1], 0.625, 1.5 * math.log(2)), ([5], 0.0, 0.0),
     ([1, 1, 1, 1], 0.75, math.log(4)), ([3, 0], 0.0, 0.0)],
)
def test_diversity_known_answers(counts: list[int], gs: float, h: float) -> None:
    assert power.gini_simpson(counts) == pytest.approx(gs)
    assert power.shannon(counts) == pytest.approx(h)


def test_diversity_empty_is_nan() -> None:
    assert math.isnan(power.gini_simpson([])) and math.isnan(power.shannon([0, 0]))
    assert power.shannon([1, 1], base=2) == pytest.approx(1.0)


def test_voices_per_article(tables: dict[str, pd.DataFrame]) -> None:
    out = power.voices_per_article(tables["quotes"], "speaker_role", articles=tables["articles"],
                                   collapse_syndicated=True).set_index("article_id")
    assert list(out.index) == ["a1", "a2"]
    assert out.loc["a1", "n_voices"] == 2 and out.loc["a1", "n_groups"] == 2
    assert out.loc["a1", "gini_simpson"] == pytest.approx(0.5)
    assert out.loc["a2", "shannon"] == pytest.approx(math.log(2))
    full = power.voices_per_article(tables["quotes"], "speaker_role", articles=tables["articles"],
                                    collapse_syndicated=False).set_index("article_id")
    assert full.loc["a3", "n_voices"] == 1 and full.loc["a3", "gini_simpson"] == 0.0


def test_voice_concentration_known_answer(tables: dict[str, pd.DataFrame]) -> None:
    out = power.voice_concentration(tables["quotes"], articles=tables["articles"], collapse_syndicated=True)
    assert out["quote_share_elite"] == pytest.approx(0.5)
    assert out["quote_share_professional"] == pytest.approx(0.5)
    assert out["word_share_elite"] == pytest.approx(8 / 18)
    assert out["word_share_professional"] == pytest.approx(10 / 18)
    assert out["elite_to_professional_words"] == pytest.approx(0.8)


def test_who_speaks_about_whom(tables: dict[str, pd.DataFrame]) -> None:
    out = power.who_speaks_about_whom(tables["quotes"], tables["people"], articles=tables["articles"],
                                      collapse_syndicated=True)
    pairs = {(r.speaker_role, r.mentioned_role): r.n_mentions for r in out.itertuples()}
    assert pairs == {("intimacy_coordinator", "actor"): 1, ("intimacy_coordinator", "crew"): 1,
                     ("intimacy_coordinator", "director"): 1}


def test_talked_about_not_quoted(tables: dict[str, pd.DataFrame]) -> None:
    out = power.talked_about_not_quoted(tables["paragraphs"], tables["quotes"], articles=tables["articles"],
                                        collapse_syndicated=True)
    by = out.set_index(["role", "power_tier"])
    assert bool(by.loc[("actor", "below_the_line"), "never_quoted"])
    assert bool(by.loc[("crew", "below_the_line"), "never_quoted"])
    assert by.loc[("actor", "below_the_line"), "n_mentions"] == 1  # a3 copy dropped
    assert not bool(by.loc[("director", "hiring_power"), "never_quoted"])
    assert out["never_quoted"].iloc[0]  # never-quoted groups first


def test_role_crosstab(tables: dict[str, pd.DataFrame]) -> None:
    stance = power.role_crosstab(tables["quotes"], "stance", articles=tables["articles"], collapse_syndicated=True)
    assert stance.loc["intimacy_coordinator", "favour"] == 2
    frames = power.role_crosstab(tables["quotes"], "frames", articles=tables["articles"],
                                 collapse_syndicated=True, normalize=True)
    assert frames.loc["intimacy_coordinator", "safety_consent"] == pytest.approx(2 / 3)
    assert frames.sum(axis=1).tolist() == pytest.approx([1.0, 1.0, 1.0])


def test_bootstrap_deterministic_and_known(tables: dict[str, pd.DataFrame]) -> None:
    q = tables["quotes"]

    def metric(df: pd.DataFrame) -> pd.Series:
        return power.voice_shares(df, "speaker_role", collapse_syndicated=False).set_index("speaker_role")["quote_share"]

    one = power.bootstrap_ci(q, metric, n_boot=50, seed=3, fill_value=0.0)
    two = power.bootstrap_ci(q, metric, n_boot=50, seed=3, fill_value=0.0)
    pd.testing.assert_frame_equal(one, two)
    assert one.loc["director", "estimate"] == pytest.approx(0.4)
    assert (one["lo"] <= one["estimate"]).all() and (one["estimate"] <= one["hi"]).all()
    other = power.bootstrap_ci(q, metric, n_boot=50, seed=4, fill_value=0.0)
    assert not other.equals(one)


def test_bootstrap_constant_metric_has_zero_width() -> None:
    df = pd.DataFrame({"article_id": ["a", "b", "c"], "x": [1.0, 1.0, 1.0]})
    out = power.bootstrap_ci(df, lambda d: d["x"].mean(), n_boot=20)
    assert out.loc["value"].tolist()[:3] == [1.0, 1.0, 1.0]


def test_bootstrap_counts_repeated_articles_separately() -> None:
    df = pd.DataFrame({"article_id": ["a", "b"], "x": [1, 2]})
    out = power.bootstrap_ci(df, lambda d: float(d["article_id"].nunique()), n_boot=30, seed=0)
    assert out.loc["value", "lo"] == 2.0 and out.loc["value", "hi"] == 2.0


def test_bootstrap_rejects_bad_level() -> None:
    with pytest.raises(ValueError, match="level"):
        power.bootstrap_ci(pd.DataFrame({"article_id": ["a"]}), lambda d: 1.0, level=95)


def test_collapse_keeps_the_original_report_not_its_copy():
    import pandas as pd

    from icanalysis.power import collapse_quotes

    quotes = pd.DataFrame({"article_id": ["a_copy", "z_orig"], "quote_id": ["a:q1", "z:q1"], "start": [0, 0],
                           "end": [5, 5], "quote": ["hello", "hello"], "speaker": ["X", "X"],
                           "quote_cluster": ["qc1", "qc1"], "is_copy": [True, False]})
    assert collapse_quotes(quotes)["article_id"].tolist() == ["z_orig"]
