from __future__ import annotations

import csv
import re
import string

import pytest
from conftest import GOLD, ROOT

from icanalysis.sentences import (
    ABBREVIATIONS,
    NUMBER_ABBREVIATIONS,
    QUOTE_ABBREVIATIONS,
    SENTENCE_FINAL_ABBREVIATIONS,
    cue_literals,
    cue_pattern,
    fold_case,
    quote_aware_sentences,
    screen_cues,
    split_sentences,
    tokenize_words,
    trie_alternation,
)


def _split(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two.", ["One.", "Two."]),
        ("It is our No. 1 priority. Next.", ["It is our No. 1 priority.", "Next."]),
        ("He said no. Then left.", ["He said no.", "Then left."]),
        ("Published Feb. 28 2025.", ["Published Feb. 28 2025."]),
        ("Mr. Smith and Dr. Jones met.", ["Mr. Smith and Dr. Jones met."]),
        ("We met at 3 p.m. The film ran late.", ["We met at 3 p.m.", "The film ran late."]),
        ("At 12:20 p.m. ET it aired.", ["At 12:20 p.m. ET it aired."]),
        ("In the U.S. Senate, votes.", ["In the U.S. Senate, votes."]),
        ('He said "yes." Then he left.', ['He said "yes."', "Then he left."]),
        ("“Keep it small.” She agreed.", ["“Keep it small.”", "She agreed."]),
        ("“Keep it small,” she said. Fine.", ["“Keep it small,” she said.", "Fine."]),
        ("“Keep it small.” she said.", ["“Keep it small.” she said."]),  # lower case: no break
        ("J. K. Rowling wrote it. Yes!", ["J. K. Rowling wrote it.", "Yes!"]),
        ("Really? “Yes.”", ["Really?", "“Yes.”"]),
        ("Headline\nBody text.", ["Headline", "Body text."]),
        ("  padded.  ", ["padded."]),
        ("", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert _split(text) == expected


def test_spans_are_offsets() -> None:
    text = "  A first one. And a second.\n\nThird"
    for a, b in split_sentences(text):
        assert text[a:b] == text[a:b].strip() and text[a:b]
    assert split_sentences(text)[0] == (2, 14)


def test_split_rejects_non_str() -> None:
    with pytest.raises(TypeError):
        split_sentences(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I don’t know.", ["I", "don’t", "know"]),
        ("Madison's 100% case-by-case", ["Madison's", "100", "case", "by", "case"]),
        ("under_score", ["under", "score"]),
        ("…", []),
    ],
)
def test_tokenize_words(text: str, expected: list[str]) -> None:
    assert tokenize_words(text) == expected


@pytest.mark.parametrize(
    ("cue", "text", "hit"),
    [
        ("comfort*", "comfortable", True),
        ("comfort*", "discomfort", False),
        ("case by case", "a case-by-case basis", True),
        ("need/needs [a/an] {ref}", "you need an intimacy coordinator", True),
        ("need/needs [a/an] {ref}", "you need them", True),
        ("need/needs [a/an] {ref}", "you need one user", False),  # "one" only clause-final
        ("{ic}", "the ICs", True),
        ("{ic}", "a basic idea", False),  # "ic" inside words / lower case is not IC
        ("isn't just there", "isn’t just there", True),
        ("care", "career", False),
    ],
)
def test_cue_pattern(cue: str, text: str, hit: bool) -> None:
    assert bool(cue_pattern(cue).search(text)) is hit


def test_cue_pattern_rejects_bad_token() -> None:
    with pytest.raises(ValueError, match="valid forms"):
        cue_pattern("need {who}")


@pytest.mark.parametrize(
    ("cue", "literals"),
    [
        ("comfort*", ("comfort",)),
        ("a voice", ("voice",)),  # the rarer word
        ("the art of", ("art",)),  # a tie goes to the later word
        ("well-being", ("well",)),  # a hyphen may match a space: the literal stops there
        ("need/needs [a/an/the] {ref}", ("need", "needs")),
        ("not/isn't just/only [there] for", ("just", "only")),
        ("[a/an] role", ("role",)),  # optional words are never required
        ("{ic}", ("intimacy", "ic")),
    ],
)
def test_cue_literals(cue: str, literals: tuple[str, ...]) -> None:
    assert cue_literals(cue) == literals


def test_fold_case_keeps_every_ignorecase_match() -> None:
    """Every character re.IGNORECASE matches to an ASCII character of a cue folds to it (so screening is safe)."""
    every = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    for c in string.ascii_lowercase + string.digits + string.punctuation:
        for ch in set(re.findall(re.escape(c), every, re.IGNORECASE)):
            assert fold_case(ch) == c, (c, ch)


def _all_cues() -> list[str]:
    with open(ROOT / "icanalysis" / "data" / "frames.csv", newline="", encoding="utf-8") as handle:
        cues = [t.strip() for row in csv.DictReader(handle) for t in row["cue_terms"].split("|") if t.strip()]
    with open(ROOT / "icanalysis" / "data" / "stance_cues.csv", newline="", encoding="utf-8") as handle:
        return cues + [row["cue"] for row in csv.DictReader(handle)]


def test_screen_cues_keeps_every_cue_that_matches() -> None:
    cues = tuple(_all_cues())
    with open(GOLD / "coding_units.csv", newline="", encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    texts += ["SAFE SPACE FOR İNTİMACY COORDİNATORS", "ſafety first", "The ICs were there", "well being",
              "they didn’t see the point", "Intimacy-coordination is a craft", ""]
    patterns = [cue_pattern(c) for c in cues]
    for text in texts:
        matching = {i for i, p in enumerate(patterns) if p.search(text)}
        assert matching <= screen_cues(text, cues), text


@pytest.mark.parametrize("words", [["say", "said", "says", "saying"], ["a", "ab", "abc", "b"], ["x"]])
def test_trie_alternation_matches_the_longest_word(words: list[str]) -> None:
    trie = re.compile(trie_alternation(words))
    for word in words:
        assert trie.fullmatch(word)
        assert trie.match(word + "zz").group(0) == max((w for w in words if word.startswith(w)), key=len)
    assert trie.fullmatch("zz") is None


def _quote_aware(text: str, quoted: list[tuple[int, int]]) -> list[str]:
    return [text[a:b] for a, b in quote_aware_sentences(text, 0, len(text), quoted)]


@pytest.mark.parametrize(("text", "quoted", "expected"), [
    ("One. Two.", [], ["One.", "Two."]),
    # a boundary inside quotation marks is not one; a sentence may end with the quote
    ('He said "Stop. Now." Then he left.', [(9, 19)], ['He said "Stop. Now."', "Then he left."]),
    # abbreviations and initials
    ("Mr. Roe met Dr. Doe. J. K. Roe left.", [], ["Mr. Roe met Dr. Doe.", "J. K. Roe left."]),
    ("Roe works for Acme Inc. The firm grew.", [], ["Roe works for Acme Inc. The firm grew."]),
    # negatives: no capital after the period, a line break alone
    ("It cost 5 p. more. ok", [], ["It cost 5 p. more. ok"]),
    ("First line\nSecond line", [], ["First line\nSecond line"]),
])
def test_quote_aware_sentences(text: str, quoted: list[tuple[int, int]], expected: list[str]) -> None:
    assert _quote_aware(text, quoted) == expected


def test_quote_aware_abbreviations_come_from_the_shared_lists() -> None:
    shared = {*ABBREVIATIONS, *NUMBER_ABBREVIATIONS, *SENTENCE_FINAL_ABBREVIATIONS}
    assert QUOTE_ABBREVIATIONS.issubset(shared)
