"""Tests for icanalysis.quotes.cues: attribution cues after, before and around a quote, and the speaker
they name (resolved to the full name introduced in the article)."""

from __future__ import annotations

import pytest
from conftest import direct_quotes

POSITIVE = [
    # quote then attribution, pronoun resolved to the named subject
    ('Jane Roe runs the union. "It was a choice that I made," she said.',
     [("It was a choice that I made,", "Jane Roe")]),
    # inverted attribution with an appositive
    ('"We are hearing from the people with power," points out Jane Roe, an intimacy coordinator who has '
     'worked on two films.', [("We are hearing from the people with power,", "Jane Roe")]),
    # attribution then quote, with a colon
    ('John Doe, CEO of Example Pictures, concurs: "You budget for stunts, you budget for this."',
     [("You budget for stunts, you budget for this.", "John Doe")]),
    # "To that, X says,"
    ('To that, coordinator Ann Lee says, "She is empowered and I totally get that."',
     [("She is empowered and I totally get that.", "Ann Lee")]),
    # surname resolves to the full name introduced earlier
    ('Director Sam Hill spoke first. "I think it works case by case," Hill says.',
     [("I think it works case by case,", "Sam Hill")]),
    # broken by its attribution: two rows, same speaker
    ('"I was ready," Kim Park says. "As an actress, I approached it as a job."',
     [("I was ready,", "Kim Park"), ("As an actress, I approached it as a job.", "Kim Park")]),
    # follow-on paragraph without attribution belongs to the previous speaker
    ('"We had a tiny crew," producer Ed Wynn said.\n"Everybody knew each other and everybody felt safe."',
     [("We had a tiny crew,", "Ed Wynn"), ("Everybody knew each other and everybody felt safe.", "Ed Wynn")]),
    # partial quote inside reported speech
    ('Mia Long said that the shoot was "a very positive experience" for everyone.',
     [("a very positive experience", "Mia Long")]),
    # as X noted
    ('As film writer Eli Marsh noted last year, "everyone is so focused on what they cannot ask."',
     [("everyone is so focused on what they cannot ask.", "Eli Marsh")]),
    # according to
    ('According to Rita Cole, "the budget was never the issue on that film."',
     [("the budget was never the issue on that film.", "Rita Cole")]),
    # anonymous speakers
    ('"Let adults choose," one user wrote, while another asked, "What is the problem?"',
     [("Let adults choose,", "one user"), ("What is the problem?", "another user")]),
    # role noun resolves to the subject, not the nearest capitalised word
    ('Star Lena Fox praised coordinator Ada Moss. "It was important that we felt safe," the star said.',
     [("It was important that we felt safe,", "Lena Fox")]),
    # pronoun after a quote that mentions another person
    ('"These actors trusted their director," Ivy Chan says of Tom Webb. "But we leave people out," she says.',
     [("These actors trusted their director,", "Ivy Chan"), ("But we leave people out,", "Ivy Chan")]),
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_direct_quotes_and_speakers(text: str, expected: list[tuple[str, str]]) -> None:
    assert direct_quotes(text) == expected
