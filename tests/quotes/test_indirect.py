"""Tests for icanalysis.quotes.indirect: reported speech (that-clauses, bare clauses, according to, trailing
tags) and what is not reported speech."""

from __future__ import annotations

import pytest
from conftest import indirect_quotes

from icanalysis.quotes import extract_quotes


@pytest.mark.parametrize(("text", "clause", "speaker"), [
    ("Its star Mia Long said that she did not want one.", "she did not want one", "Mia Long"),
    ("Director Sam Hill added that he thinks coordinators are needed sometimes.",
     "he thinks coordinators are needed sometimes", "Sam Hill"),
    ("Despite not having lines, each performer would have had a chance to talk, Rita Cole says.",
     "Despite not having lines, each performer would have had a chance to talk", "Rita Cole"),
])
def test_indirect_speech(text: str, clause: str, speaker: str) -> None:
    df = extract_quotes(text, "t")
    ind = df[df["kind"] == "indirect"]
    assert list(zip(ind["quote"], ind["speaker_local"], strict=False)) == [(clause, speaker)]


def test_indirect_clause_wrapping_a_direct_quote_overlaps_it() -> None:
    text = 'Mia Long said that the shoot was "a very positive experience" overall.'
    df = extract_quotes(text, "t")
    assert list(df["kind"]) == ["indirect", "direct"]
    ind, dire = df.iloc[0], df.iloc[1]
    assert ind["quote"] == 'the shoot was "a very positive experience" overall'
    assert ind["start"] < dire["start"] < dire["end"] < ind["end"]


def test_tag_after_a_direct_quote_gives_no_indirect_row() -> None:
    df = extract_quotes('"It was a choice that I made," Mia Long said in an interview.', "t")
    assert list(df["kind"]) == ["direct"]


def test_refusal_to_speak_is_not_reported_speech() -> None:
    df = extract_quotes("Greer declined to say how much the coordinator had been paid.", "t")
    assert df.empty


@pytest.mark.parametrize(("text", "expected"), [
    # bare clause after say (no "that"): a plural noun subject, a name subject
    ("Producer Lena Varga says funding dried up after the pilot.",
     [("funding dried up after the pilot", "Lena Varga")]),
    ("Editor Tom Kell said Brill finally agreed to the cut.", [("Brill finally agreed to the cut", "Tom Kell")]),
    # an adverbial between the verb and "that"
    ("The broadcaster, Northwave, said in a statement that it would review the footage.",
     [("it would review the footage", "Northwave")]),
    ("Writer Ada Pohl wrote on her blog last week that the ending was rushed.",
     [("the ending was rushed", "Ada Pohl")]),
    # an addressee, then a bare clause; a partial quote inside the clause
    ("Singer Rhea Monk, 31, told friends the rumours were 'pure invention'.",
     [("the rumours were 'pure invention'", "Rhea Monk")]),
    # auxiliary before the verb; a concession with a past-tense clause
    ("Actor Pim Boer has admitted he hated the first draft.", [("he hated the first draft", "Pim Boer")]),
    ("Director Ines Dal concedes the museum moved too slowly.", [("the museum moved too slowly", "Ines Dal")]),
    # according to X, leading and trailing; a study names its source
    ("According to Vera Lind, the budget doubled in a year.", [("the budget doubled in a year", "Vera Lind")]),
    ("Ticket sales fell by a third, according to the Regional Cinema Association.",
     [("Ticket sales fell by a third", "Regional Cinema Association")]),
    # a tag after a one-word fronted subject splits the clause
    ('Opera singer Lia Moss was blunt. Touring, she says, "wears down every voice eventually."',
     [('Touring, she says, "wears down every voice eventually."', "Lia Moss")]),
    # "the union" after the clause refers back to the named union
    ("The Scenic Artists Union has filed a complaint against the studio, the union confirmed on Monday.",
     [("The Scenic Artists Union has filed a complaint against the studio", "Scenic Artists Union")]),
])
def test_indirect_speech_families(text: str, expected: list[tuple[str, str]]) -> None:
    assert indirect_quotes(text) == expected


@pytest.mark.parametrize("text", [
    '"We start on Monday," said Kit Rowe, the producer.',  # inverted tag after a direct quote
    "Rowe said goodbye to the crew on the last day.",  # say with an object, no clause
    "Rowe said on Friday.",  # nothing reported
    "The film, said to cost millions, opens in May.",  # participle, not a report
])
def test_indirect_speech_negatives(text: str) -> None:
    assert indirect_quotes(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("The Federation of Lighting Technicians said in a statement that the offer was too low.",
     [("the offer was too low", "Federation of Lighting Technicians")]),
    ("The Guild of Camera Assistants voted on Friday. According to the guild, turnout was above 70 percent.",
     [("turnout was above 70 percent", "Guild of Camera Assistants")]),
    # an editor's bracketed insertion reports nothing
    ('"They finally added a stunt category," she notes [the academy announced the change in May].', []),
])
def test_organisation_indirect_speakers(text: str, expected: list[tuple[str, str]]) -> None:
    assert indirect_quotes(text) == expected
