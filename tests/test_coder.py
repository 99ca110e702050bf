"""The stance-and-frames coder (icanalysis.coder): context features, quote codings, speaker/article tables, the
on-topic warning, the model file, and the blind-set gate.

The blind gate scores the shipped model on tests/gold/stance_articles/blind_* (whole articles written and
hand-coded by a helper who never saw the coder); floors in tests/floors.toml [coder_blind] are the values
measured when the model was frozen and are only ever raised.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import GOLD, ROOT
from conftest import floors as read_floors

from icanalysis import coder
from icanalysis.framing import FRAME_IDS
from icanalysis.validation import load_coded_articles, score_codings

SETS = GOLD / "stance_articles"


def _features(texts: list[str]) -> list[dict[str, float]]:
    return coder.article_features(texts)


def test_topic_comes_from_context_not_only_the_sentence() -> None:
    feats = _features(["The film opened in May.",
                       "Producers hired an intimacy coordinator for the shoot.",
                       "They made the actors feel safe.",
                       "The score was composed in Berlin.",
                       "The weather held.",
                       "The weather held again.",
                       "They ate lunch."])
    assert feats[0]["topical"] == 0.0 and feats[0]["ic_next"] == 1.0
    assert feats[1]["bias_ic_here"] == 1.0 and feats[1]["topical"] == 1.0
    assert feats[2]["topical"] == 1.0 and feats[2]["anaphor"] == 1.0  # "they" right after a mention
    assert "t:w=safe" in feats[2] and feats[2]["p:w=xicx"] == 0.5
    assert feats[6]["topical"] == 0.0  # an anaphor far from any mention is not on topic
    assert "t:w=lunch" not in feats[6]


def test_a_quotation_running_over_sentences_keeps_the_topic() -> None:
    feats = _features(["“Intimacy coordinators changed my working life.", "I would never go back.",
                       "It is the best thing to happen to sets.”", "Rain fell on Tuesday."])
    assert [f["continues_quote"] for f in feats] == [0.0, 1.0, 1.0, 0.0]
    assert feats[2]["topical"] == 1.0
    assert feats[3]["topical"] == 0.0


def test_every_spelling_of_the_role_is_one_token() -> None:
    for text in ("An intimacy coordinator was there.", "Intimacy-coordinators were there.",
                 "The IC was there.", "An intimacy director was there."):
        assert _features([text])[0]["w=xicx"] == 1.0, text


def test_model_codes_each_article_on_its_own() -> None:
    texts = pd.Series(["An intimacy coordinator made the set safer.", "They were essential.",
                       "They were essential.", "The bus was late."], index=[7, 8, 9, 10])
    apart = coder.code_sentences(texts, groups=pd.Series(["a", "a", "b", "b"], index=texts.index))
    assert list(apart.columns) == list(coder.CODED_COLUMNS) and apart.index.equals(texts.index)
    one_by_one = pd.concat([coder.code_sentences(texts.iloc[:2]), coder.code_sentences(texts.iloc[2:])])
    pd.testing.assert_frame_equal(apart, one_by_one)
    together = coder.article_features(texts.tolist())
    assert together[2]["topical"] == 1.0  # in one article the mention two sentences up puts "They" on topic
    assert coder.article_features(texts.tolist()[2:])[0]["topical"] == 0.0  # in its own article nothing does
    with pytest.raises(ValueError, match="same index"):
        coder.code_sentences(texts, groups=pd.Series(["a"] * 4))
    with pytest.raises(TypeError):
        coder.code_sentences(["not a series"])  # type: ignore[arg-type]


def test_codings_say_why() -> None:
    coded = coder.code_sentences(pd.Series([
        "Intimacy coordinators are essential and every set should have one, she said.",
        "“Having one protected me,” she said."]))
    taking = coded[coded["stance"] != "none"]
    assert len(taking), "two plainly favourable sentences got no stance"
    assert all(taking["stance_cues"].str.len() > 0)
    for cues, frames in zip(coded["frame_cues"], coded["frames"], strict=True):
        assert bool(cues) == bool(frames)


def test_rules_coder_is_still_available() -> None:
    coded = coder.code_sentences(pd.Series(["Intimacy coordinators are essential."]),
                                 settings=coder.CodingSettings(coder="rules"))
    assert list(coded.columns) == list(coder.CODED_COLUMNS)
    with pytest.raises(ValueError, match="coder"):
        coder.CodingSettings(coder="magic")
    assert coder.model_card(coder.CodingSettings(coder="rules"))["coder"] == "rules"


def test_a_broken_model_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from icanalysis import paths

    bad = tmp_path / "broken.json"
    bad.write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(paths, "data_file", lambda name: tmp_path / name)
    coder.load_model.cache_clear()
    try:
        with pytest.raises(ValueError, match="broken.json.*train-coder"):
            coder.load_model("broken.json")
        wrong = json.loads((ROOT / "icanalysis" / "data" / coder.MODEL_FILE).read_text(encoding="utf-8"))
        wrong["stance"]["classes"] = ["yes", "no"]
        (tmp_path / "wrong.json").write_text(json.dumps(wrong), encoding="utf-8")
        with pytest.raises(ValueError, match="coding scheme"):
            coder.load_model("wrong.json")
    finally:
        coder.load_model.cache_clear()


def _sentences() -> pd.DataFrame:
    rows = [("a1", 0, 30, "favour", True, "safety_consent"), ("a1", 31, 60, "against", True, "cost_resources"),
            ("a1", 61, 90, "none", False, ""), ("a2", 0, 40, "favour", True, "")]
    out = pd.DataFrame(rows, columns=["article_id", "start", "end", "stance", "stance_topic", "frames"])
    for frame in FRAME_IDS:
        out[frame] = out["frames"].str.contains(frame)
    out["stance_cues"] = ["w=safe:+1.00", "w=cost:+1.00", "", "w=good:+1.00"]
    out["frame_cues"] = ["safety_consent:w=safe:+1.00", "cost_resources:w=cost:+1.00", "", ""]
    return out


def test_quotes_take_the_codings_of_the_sentences_they_lie_in() -> None:
    quotes = pd.DataFrame({"article_id": ["a1", "a1", "a1", "a2", "a3"], "start": [2, 5, 65, 1, 0],
                           "end": [20, 50, 80, 10, 5]}, index=[10, 11, 12, 13, 14])
    coded = coder.quote_codings(quotes, _sentences())
    assert coded.index.tolist() == [10, 11, 12, 13, 14]
    assert coded["stance"].tolist() == ["favour", "mixed", "none", "favour", "none"]
    assert coded.loc[11, "frames"] == "safety_consent|cost_resources"
    assert not coded.loc[14, "stance_topic"]  # no sentence of its article covers it
    with pytest.raises(ValueError, match="lacks column"):
        coder.quote_codings(quotes.drop(columns="end"), _sentences())


def test_stance_by_speaker_and_article() -> None:
    table = pd.DataFrame({"speaker": ["Ann", "Ann", "Ann", "Bo", "Bo", "Cy"],
                          "stance": ["favour", "favour", "against", "favour", "against", "none"],
                          "stance_topic": [True, True, True, True, True, False]})
    out = coder.stance_by(table, "speaker").set_index("speaker")
    assert out.loc["Ann", ["n", "on_topic", "favour", "against", "mixed", "none"]].tolist() == [3, 3, 2, 1, 0, 0]
    assert out.loc["Ann", "net"] == pytest.approx(1 / 3, abs=1e-3)
    assert out["overall"].to_dict() == {"Ann": "favour", "Bo": "mixed", "Cy": "none"}
    assert pd.isna(out.loc["Cy", "net"])
    with pytest.raises(ValueError, match="missing column"):
        coder.stance_by(table.drop(columns="stance"), "speaker")


def test_topic_check_warns_when_far_fewer_units_are_on_topic_than_coders_found() -> None:
    expected = coder.model_card()["gold_stance_share"]
    assert isinstance(expected, float) and 0 < expected < 1
    texts = ["Intimacy coordinators were on set."] + ["Filler sentence."] * 9
    low = pd.DataFrame({"article_id": "a", "text": texts, "stance_topic": [False] * 10})
    high = low.assign(stance_topic=[True] * 10)
    assert "Check a sample by hand" in str(coder.topic_check(low)["warning"])
    assert coder.topic_check(high)["warning"] == ""
    none = pd.DataFrame({"article_id": "a", "text": ["Nothing here."], "stance_topic": [False]})
    assert coder.topic_check(none)["articles_naming_ics"] == 0 and coder.topic_check(none)["warning"] == ""


def test_development_sets_load_and_bad_codings_are_named(tmp_path: Path) -> None:
    sets = sorted(SETS.glob("dev*_articles.json"))
    assert sets, f"no development sets in {SETS}"
    for path in sets:
        units = load_coded_articles(path, path.with_name(path.name.replace("_articles.json", "_coding_a.csv")))
        assert len(units) and units["unit_id"].is_unique
    path = sets[0]
    coding = pd.read_csv(path.with_name(path.name.replace("_articles.json", "_coding_a.csv")), dtype=str,
                         keep_default_na=False)
    coding.iloc[:-1].to_csv(tmp_path / "short.csv", index=False)
    with pytest.raises(ValueError, match="short.csv: units do not match"):
        load_coded_articles(path, tmp_path / "short.csv")
    coding.assign(stance="pro").to_csv(tmp_path / "bad.csv", index=False)
    with pytest.raises(ValueError, match="outside the scheme"):
        load_coded_articles(path, tmp_path / "bad.csv")


def test_model_file_is_what_training_produces() -> None:
    """The shipped weights are reproducible: retraining on the development sets gives the same bytes."""
    pytest.importorskip("sklearn")
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "train_coder.py"), "--check"],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


def test_blind_set_gate() -> None:
    """The shipped model on the blind articles, against the floors recorded when it was frozen."""
    blind = load_coded_articles(SETS / "blind_articles.json", SETS / "blind_coding_a.csv")
    coded = coder.code_sentences(blind["text"], groups=blind["article_id"])
    scores = score_codings(coded, blind)
    floors = read_floors("coder_blind")
    low = {k: (round(scores[k], 3), v) for k, v in floors.items() if not scores[k] >= v}
    assert not low, f"coder below its blind-set floors (measured, floor): {low}"


def test_the_unseen_text_figures_are_shown_only_for_the_model_they_scored(tmp_path, monkeypatch) -> None:
    from icanalysis import paths

    assert "validation" in coder.model_card()  # the shipped model is the one the blind set scored
    other = json.loads((ROOT / "icanalysis" / "data" / coder.MODEL_FILE).read_text(encoding="utf-8"))
    other["meta"]["name"] = "a retrained model"
    (tmp_path / "other.json").write_text(json.dumps(other), encoding="utf-8")
    real = paths.data_file
    monkeypatch.setattr(paths, "data_file", lambda name: tmp_path / name if name == "other.json" else real(name))
    coder.load_model.cache_clear()
    try:
        card = coder.model_card(coder.CodingSettings(model_file="other.json"))
        assert card["name"] == "a retrained model" and "validation" not in card
    finally:
        coder.load_model.cache_clear()
