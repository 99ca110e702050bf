from __future__ import annotations

import pytest

from icanalysis.textnorm import normalize_for_hashing, normalize_for_matching, pipeline, strip_accents, words


@pytest.mark.parametrize("text", ["“Quote,” she said — it’s fine…", "a\u00a0b\u2009c", "‘single’ – dash", ""])
def test_matching_normalisation_preserves_length(text):
    assert len(normalize_for_matching(text)) == len(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("“Hi,” she said — ok", '"Hi," she said - ok'),
    ("it’s", "it's"),
    ("a\u00a0b", "a b"),
])
def test_matching_normalisation(text, expected):
    assert normalize_for_matching(text) == expected


def test_hashing_normalisation_folds_case_accents_space():
    assert normalize_for_hashing("  Gaspar  Noé\n") == "gaspar noe"
    assert strip_accents("Hansen-Løve") == "Hansen-Løve"  # ø is a letter, not an accent


def test_words_keep_apostrophes_inside_words():
    assert words("It’s Sean's “film” — 100%") == ["it's", "sean's", "film", "100"]


def test_pipeline_composes_left_to_right():
    assert pipeline(str.upper, lambda s: s + "!")("a") == "A!"
