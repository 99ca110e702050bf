"""Tests for icanalysis.quotes.accept: quote or not (titles, scare quotes, terms, short partial quotes)."""

from __future__ import annotations

import pytest
from conftest import direct_quotes

NEGATIVE = [
    'The film "Night Harbour" opens next month.',  # title of a work
    'The recent phenomenon of on-set "intimacy coordinators" is new.',  # scare quote
    'The "sex-positive" filmmaker has a new studio.',  # single term
    'Think "Pretty Woman" and "Moulin Rouge!" and the "hooker with a heart of gold" trope.',  # titles, trope
    "'Anora' Is an Oscar Favorite, but Why Wasn't There a Coordinator?",  # headline with single-quoted title
    "The workers' union and the actors' guild met on Tuesday. It's the '90s again.",  # apostrophes only
    'Her credits include ““Salt Flats” and “Morning Tide,” among others.',  # doubled marks around titles
    'The erotic tale was, initially, a "cliché" porn story.',  # scare quote, no reporting frame
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_not_quotes(text: str) -> None:
    assert direct_quotes(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    # a one- or two-word evaluation governed by a reporting verb is the speaker's word
    ('Some viewers called the final episode "hurried," while others stayed silent.',
     [("hurried,", "some viewers")]),
    ('One critic described the film as "a slog."', [("a slog.", "one critic")]),
    # a one-word answer after a tagged quote
    ('"We counted every person in the room," says Tove Brandt, who starred in the drama "Frostline." "Nine."',
     [("We counted every person in the room,", "Tove Brandt"), ("Nine.", "Tove Brandt")]),
    # a sentence that ends in a title-cue word does not make the next quote a title
    ('Jo Roe kept it short. "She is being far too modest," he said.', [("She is being far too modest,", "Jo Roe")]),
    # negatives: scare quotes, titles after a title cue
    ('The so-called "golden age" of the musical is long over.', []),
    ('She directed the short "Lanterns" in 2019 and the episode "Homecoming" a year later.', []),
])
def test_short_partial_quotes(text: str, expected: list[tuple[str, str]]) -> None:
    assert direct_quotes(text) == expected
