"""Findings paragraphs are computed from the tables (icanalysis.findings): they change when the data change."""

from __future__ import annotations

import pandas as pd

from icanalysis import findings

CARD = {"coder": "model", "trained_units": 100, "trained_articles": 7, "trained_on": ["bundled", "dev1", "dev2"],
        "validation": {"blind_units": 50, "blind_articles": 3,
                       "blind_model": {"stance_macro_f1": 0.5, "stance_f1_favour": 0.6, "stance_f1_against": 0.4,
                                       "stance_f1_mixed": 0.3, "topic_recall": 0.9, "frames_macro_f1": 0.55},
                       "agreement_blind": {"units": 50, "stance_alpha": 0.8, "frame_alpha_mean": 0.7}}}


def test_coder_card_names_the_coder_and_its_unseen_accuracy() -> None:
    text = findings.coder_card(CARD)
    assert "100 hand-coded sentences of 7 articles (2 development sets" in text
    assert "On 50 sentences of 3 articles it never saw" in text and "stance macro-F1 0.50" in text
    assert "stance alpha 0.80" in text
    unscored = findings.coder_card({**CARD, "validation": None})
    assert "has not been scored on a blind set" in unscored
    assert "cue rules" in findings.coder_card({"coder": "rules"})


def test_stance_by_role_follows_the_counts() -> None:
    table = pd.DataFrame({"against": [0, 2], "favour": [5, 1], "mixed": [1, 0], "none": [3, 3]},
                         index=pd.Index(["intimacy_coordinator", "director"], name="speaker_role"))
    text = findings.stance_by_role(table, card=CARD)
    assert "intimacy coordinator (5 favour, 1 mixed); director (1 favour, 2 against)" in text
    assert "The 2 *against* quotes come from director (2)." in text
    table.loc["director", "against"] = 0
    assert "*against*" not in findings.stance_by_role(table, card=CARD)


def test_corpus_findings_follow_the_tables() -> None:
    from conftest import PROCESSED

    from icanalysis import power, read_processed

    tables = {n: read_processed(n, PROCESSED) for n in ("articles", "paragraphs", "removed", "duplicates", "quotes")}
    collapsed = len(power.collapse_quotes(tables["quotes"], tables["articles"]))
    text = findings.corpus_and_reuse(tables["articles"], tables["paragraphs"], tables["removed"], tables["duplicates"],
                                     tables["quotes"], collapsed)
    assert f"The corpus is {len(tables['articles'])} articles" in text
    assert f"Cleaning removed {len(tables['removed'])} lines" in text
    assert f"takes {len(tables['quotes'])} quotes to {collapsed}" in text
    fewer = {**tables, "articles": tables["articles"].iloc[1:], "removed": tables["removed"].iloc[3:]}
    changed = findings.corpus_and_reuse(fewer["articles"], fewer["paragraphs"], fewer["removed"], fewer["duplicates"],
                                        fewer["quotes"], collapsed)
    assert f"The corpus is {len(tables['articles']) - 1} articles" in changed
    assert f"Cleaning removed {len(tables['removed']) - 3} lines" in changed


def test_review_accuracy_reads_the_validation_file(tmp_path) -> None:
    import json

    assert "not measured yet" in findings.review_accuracy(tmp_path / "validation.json")
    (tmp_path / "validation.json").write_text(json.dumps({"sheet": "s.csv", "accuracy": [
        {"coding": "speaker", "n_marked": 10, "n_correct": 8, "accuracy": 0.8, "ci_low": 0.49, "ci_high": 0.94},
        {"coding": "frames", "n_marked": 0, "n_correct": 0, "accuracy": None, "ci_low": None, "ci_high": None}]}))
    text = findings.review_accuracy(tmp_path / "validation.json")
    assert "speaker 8 of 10 (0.80, 95% interval 0.49-0.94)" in text and "frames" not in text
