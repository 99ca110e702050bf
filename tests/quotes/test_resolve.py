"""Tests for icanalysis.quotes.resolve: pronouns, role nouns, surnames, transcript turns, Q&A answers and
follow-on quotes resolved to the in-article speaker."""

from __future__ import annotations

import pytest
from conftest import direct_quotes


@pytest.mark.parametrize(("text", "expected"), [
    # a nickname between first name and surname keeps the name whole for surname and pronoun resolution
    ('When Lou "The Anvil" Barker ran the stunt team, nobody rehearsed. Barker, now 70, laughs about it. '
     '"We were lucky nobody died," he said.', [("We were lucky nobody died,", "Lou Barker")]),
    # "he" after a woman and a man: pronoun evidence makes the man male, not the object "her"
    ("Pia Sand runs the stunt unit; she has done so for years. Her old rival, Rob Tate, is now one of her "
     'fans; he called her "the calmest person in any crisis."', [("the calmest person in any crisis.", "Rob Tate")]),
    # kinship noun before a name gives gender evidence
    ("Reality star Sam 'Sunny' Pike has quit the show. Sam, 24, told pals he felt betrayed. "
     "Sam's mum, Gail Pike, said: 'He is devastated.' 'I came to have fun, not to be a pawn,' he said.",
     [("He is devastated.", "Gail Pike"), ("I came to have fun, not to be a pawn,", "Sam Pike")]),
    # a sentence-final quote followed by a new sentence with a different subject keeps the earlier cue
    ('On the podcast, Jon Reed says that stunt doubles "deserve their own award." Some listeners called '
     'the idea overdue.', [("deserve their own award.", "Jon Reed")]),
    # a headline quote repeated by the speaker in the story
    ("PRODUCER HITS BACK: 'I DID NOTHING WRONG'\n\nProducer Ed Munro insisted: 'I did nothing wrong and "
     "I will prove it.'", [("I DID NOTHING WRONG", "Ed Munro"), ("I did nothing wrong and I will prove it.", "Ed Munro")]),
])
def test_speaker_families(text: str, expected: list[tuple[str, str]]) -> None:
    assert direct_quotes(text) == expected


def test_transcript_turns_and_coordinated_predicates() -> None:
    text = ("[Podcast transcript]\n\nHOST (Mina Lowe): How did the shoot start?\n\n"
            "GUEST (Otto Berg): Badly. The producer, a man called Karl Wiest, phoned me and said, "
            "\"We have lost the location.\" And I said, \"Then we find another one.\"\n\nMINA LOWE: Wow.")
    assert direct_quotes(text) == [("We have lost the location.", "Karl Wiest"), ("Then we find another one.", "Otto Berg")]


def test_question_and_answer_layout() -> None:
    text = ("Three questions for Nell Okafor, the costume designer behind the festival's opening film.\n\n"
            'Why period costume? "Because the seams tell you how people lived and worked every day."\n\n'
            'What is next? "A western, and I am terrified of horses, honestly."')
    assert direct_quotes(text) == [("Because the seams tell you how people lived and worked every day.", "Nell Okafor"),
                            ("A western, and I am terrified of horses, honestly.", "Nell Okafor")]


@pytest.mark.parametrize(("text", "expected"), [
    # a person named inside the quote is not the speaker of its pronoun tag
    ('Nadia Voss edits the film. Her partner on the project, producer Colm Reilly, is pleased. '
     '"Nadia cuts faster than anyone I know," he says.', [("Nadia cuts faster than anyone I know,", "Colm Reilly")]),
    ('Pia Lund has been cast in the remake from director Tomas Ek. According to Ek, hundreds auditioned. '
     '"Pia read one page and I stopped the tape," he said.', [("Pia read one page and I stopped the tape,", "Tomas Ek")]),
    # the object of an introductory phrase is not the antecedent of the subject pronoun after it
    ('Lena Moor won best actress. Speaking to Harbour Radio afterwards, she said little. '
     '"I had no speech ready at all," she said.', [("I had no speech ready at all,", "Lena Moor")]),
    # a woman introduced in this paragraph, after a woman who was the subject of an earlier one
    ('Mara Stein won the top prize on Sunday.\n\nBest short went to "Tides", whose director, Ruth Obi, thanked '
     'her mother. "She paid for my first camera," she said.', [("She paid for my first camera,", "Ruth Obi")]),
])
def test_pronoun_antecedents(text: str, expected: list[tuple[str, str]]) -> None:
    assert direct_quotes(text) == expected


def test_alternating_speakers_and_a_third_voice() -> None:
    text = ("Two critics, Paul Greer and Omar Haddad, argued for an hour.\n\n"
            '"It is a masterpiece," Greer said.\n\n"It is a mess," Haddad shot back.\n\n'
            'The moderator, festival director Ivan Petrov, ended the session. "We have run out of time," he said.')
    assert direct_quotes(text) == [("It is a masterpiece,", "Paul Greer"), ("It is a mess,", "Omar Haddad"),
                            ("We have run out of time,", "Ivan Petrov")]
