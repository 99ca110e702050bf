from __future__ import annotations

import pytest

from icanalysis.sentences import cue_pattern, split_sentences, tokenize_words


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
