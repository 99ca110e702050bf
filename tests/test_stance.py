from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from icanalysis.stance import STANCES, StanceSettings, code_stance, decide, load_cues, mentions_ic


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # favour
        ("Intimacy coordinators help keep everyone safe on a set.", "favour"),
        ("But an intimacy coordinator is not just there for the lead actors.", "favour"),
        ("An Intimacy Coordinator isn’t just there for the lead actress.", "favour"),
        ("Intimacy coordinators should be standardized in any film.", "favour"),
        ("Intimacy Coordination doesn’t restrict creative expression.", "favour"),  # negated against cue
        ("Anora could have benefited from an intimacy coordinator.", "favour"),
        # against, including negation of a favour cue
        ("The production does not need an intimacy coordinator.", "against"),
        ("You don’t need an Intimacy Coordinator to win an Oscar.", "against"),
        ("She did not want an intimacy coordinator.", "against"),
        ("Hansen-Løve went as far as to call ICs the “virtue police.”", "against"),
        ("Sean Bean said intimacy coordinators spoil the spontaneity.", "against"),
        # mixed: conditional or both sides
        ("With intimacy coordination, it’s a case-by-case basis.", "mixed"),
        ("I will hire an intimacy coordinator if an actor requests one.", "mixed"),
        ("ICs are vital, though some call them harmful.", "mixed"),
        ("ICs are vital, but some directors slammed them.", "against"),  # weight 2 vs 1: dominance
        # none: neutral mention, or off topic whatever the cues
        ("An intimacy coordinator was on set for two days.", "none"),
        ("The set was safe and everyone felt comfortable.", "none"),  # no IC mention
        ("The basic idea is great.", "none"),  # "ic" inside a word is not IC
        ("They did not need a stunt double.", "none"),
    ],
)
def test_code_stance_table(text: str, expected: str) -> None:
    assert code_stance(pd.Series([text])).loc[0, "stance"] == expected


def test_not_only_is_not_negation() -> None:
    out = code_stance(pd.Series(["ICs not only advocate for safety but also enhance the work."]))
    assert out.loc[0, "stance"] == "favour"
    assert "NOT" not in out.loc[0, "cues"]


def test_cues_are_reported() -> None:
    out = code_stance(pd.Series(["You don’t need an intimacy coordinator."]))
    assert out.loc[0, "cues"].startswith("NOT need an intimacy coordinator:against")
    assert out.loc[0, "against_score"] == 1.0 and out.loc[0, "favour_score"] == 0.0


def test_anaphor_topic_gate_and_groups() -> None:
    texts = pd.Series([
        "Intimacy coordinators are on many sets now.",
        "They help keep actors safe.",          # anaphor right after a mention: on topic
        "They help keep actors safe.",          # two texts after the mention: off topic (window 1)
        "Directors declined to use one.",       # new article: anaphor cannot reach back
    ])
    groups = pd.Series(["a", "a", "a", "b"])
    out = code_stance(texts, groups=groups)
    assert out["topic_source"].tolist() == ["explicit", "anaphor", "none", "none"]
    assert out["stance"].tolist() == ["none", "favour", "none", "none"]
    wider = code_stance(texts, groups=groups, settings=StanceSettings(anaphor_window=2))
    assert wider.loc[2, "stance"] == "favour"


def test_one_is_anaphor_only_at_clause_end() -> None:
    texts = pd.Series(["An intimacy coordinator was offered.", "One user said it was safe."])
    assert code_stance(texts).loc[1, "topic"] == False  # noqa: E712


@pytest.mark.parametrize(
    ("favour", "against", "mixed", "expected"),
    [(0, 0, 0, "none"), (1, 0, 0, "favour"), (0, 2, 0, "against"), (2, 1, 0, "favour"),
     (1, 1, 0, "mixed"), (1, 2, 0, "against"), (3, 0, 1, "mixed")],
)
def test_decide(favour: float, against: float, mixed: float, expected: str) -> None:
    assert decide(favour, against, mixed) == expected


def test_settings_frozen_and_cue_file_valid() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        StanceSettings().negation_window = 2  # type: ignore[misc]
    cues = load_cues()
    assert cues and {c.stance for c in cues} <= set(STANCES)


@pytest.mark.parametrize(
    ("text", "hit"),
    [("intimacy coordination", True), ("Intimacy Directors", True), ("ICs", True), ("ics", False),
     ("critics", False)],
)
def test_mentions_ic(text: str, hit: bool) -> None:
    assert mentions_ic(text) is hit


def test_code_stance_validates_input() -> None:
    with pytest.raises(TypeError):
        code_stance(["text"])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="same index"):
        code_stance(pd.Series(["a"], index=[1]), groups=pd.Series(["g"], index=[2]))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Intimacy coordinators are necessary on every set.", "favour"),
        ("She said an intimacy coordinator was not necessary.", "against"),  # negated favour cue
        ("ICs are invaluable, and the craft deserves recognition.", "favour"),
        ("He called intimacy coordinators pointless.", "against"),
        ("He called the intimacy coordinator a glorified chaperone.", "against"),
        ("Intimacy coordinators can help, but only if they understand the scene.", "mixed"),
        ("The guild made the case for an award for intimacy coordination.", "favour"),
        ("The intimacy coordinator met the cast on Monday.", "none"),  # description
    ],
)
def test_cue_families(text: str, expected: str) -> None:
    assert code_stance(pd.Series([text])).loc[0, "stance"] == expected


def test_passage_carries_topic_after_a_stance_taking_mention() -> None:
    texts = pd.Series([
        "Intimacy coordinators are vital on set.",  # names ICs and takes a stance
        "Our role extends far beyond that.",         # role anaphor
        "It is imperative that everyone feels safe.",  # no IC word: on topic as part of the passage
        "The weather was great.",                    # three texts on: off topic again
    ])
    out = code_stance(texts, groups=pd.Series(["a"] * 4))
    assert out["topic_source"].tolist() == ["explicit", "anaphor", "passage", "none"]
    assert out["stance"].tolist() == ["favour", "none", "favour", "none"]
    off = code_stance(texts, groups=pd.Series(["a"] * 4), settings=StanceSettings(passage_window=0))
    assert off.loc[2, "stance"] == "none"


def test_neutral_mention_opens_no_passage() -> None:
    texts = pd.Series(["An intimacy coordinator was on set.", "Everyone said it was safe."])
    assert code_stance(texts).loc[1, "topic"] == False  # noqa: E712


def test_quote_continuation_keeps_the_speaker_stance() -> None:
    texts = pd.Series([
        "“Intimacy coordinators are essential.",
        "The old way was brutal.",         # still inside the same quotation, no cue: favour carries over
        "I mean it,” she said.",
        "The film opens in May.",          # quotation closed and no IC context left: none
        "Critics said “the plot is thin.",  # new quotation: nothing carries
    ])
    out = code_stance(texts, groups=pd.Series(["a"] * 5), settings=StanceSettings(passage_window=0))
    assert out["stance"].tolist() == ["favour", "favour", "favour", "none", "none"]
    assert out.loc[1, "topic_source"] == "quote"
