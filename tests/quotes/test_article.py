"""Tests for icanalysis.quotes.article: the article's people (names without titles and post-nominals,
organisation names kept whole, genders, descriptors)."""

from __future__ import annotations

import pytest
from conftest import direct_quotes

from icanalysis.quotes import extract_quotes


def test_gender_from_pronouns_and_mention_context() -> None:
    text = ('Intimacy coordinator Ann Lee has worked on ten films. She trained as a dancer.\n'
            '"It is paperwork and patience," she says.')
    row = extract_quotes(text, "a").iloc[0]
    assert row["gender_local"] == "female"
    assert "intimacy coordinator" in row["mention_context"].lower()


# Error families found on the development set blind2.yaml (sentences invented for these tests)

@pytest.mark.parametrize(("text", "expected"), [
    # titles and epithets before a name, post-nominals after it (data/name_affixes.csv)
    ('Circuit Judge Wendell Ashby said: "The claim fails on every count."',
     [("The claim fails on every count.", "Wendell Ashby")]),
    ('"We will appeal this ruling," said Portia Linney KC.', [("We will appeal this ruling,", "Portia Linney")]),
    ('Rookie Danny Okoro took the stage first. "I could not sleep last night," he said.',
     [("I could not sleep last night,", "Danny Okoro")]),
    ('Dame Hester Quill opened the season. "The house is full again," Quill said.',
     [("The house is full again,", "Hester Quill")]),
    # a surname that is also a title word stays ("Judge" last, "Winner" alone)
    ('"I never wanted to direct," says Mike Judge.', [("I never wanted to direct,", "Mike Judge")]),
])
def test_name_affixes_are_stripped(text: str, expected: list[tuple[str, str]]) -> None:
    assert direct_quotes(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # "X of Y" and a plural possessive stay inside an organisation's name
    ('"We expected far more from this deal," the Federation of Lighting Technicians said.',
     [("We expected far more from this deal,", "Federation of Lighting Technicians")]),
    ('The Set Painters\' Collective has written to the studios. "Our members are exhausted," the collective said.',
     [("Our members are exhausted,", "Set Painters' Collective")]),
    # an organisation that spoke is never the antecedent of "she"
    ('The Set Painters\' Collective published a letter. "Rates have fallen," the collective said. Among the '
     'signatories is director Ada Fenn, who said she was underpaid. "Nothing has changed in ten years," she said.',
     [("Rates have fallen,", "Set Painters' Collective"), ("Nothing has changed in ten years,", "Ada Fenn")]),
    # a festival named before an appositive person: the person speaks
    ('The jury president of the Marlow Film Festival, Danish director Sune Holt, said the selection was '
     '"braver than ever."', [("braver than ever.", "Sune Holt")]),
    # a relative pronoun takes the name before it
    ('The prize went to a drama by first-time director Amir Saleh, who told reporters he had made it '
     '"for my sister, who never saw a film."', [("for my sister, who never saw a film.", "Amir Saleh")]),
])
def test_organisation_and_appositive_speakers(text: str, expected: list[tuple[str, str]]) -> None:
    assert direct_quotes(text) == expected
