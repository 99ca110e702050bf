from __future__ import annotations

import pytest

from icanalysis.textnorm import (
    DASH_MAP,
    QUOTE_MAP,
    SPACE_MAP,
    fold_name,
    normalize_dashes,
    normalize_for_hashing,
    normalize_for_matching,
    normalize_quotes,
    normalize_spaces,
    pipeline,
    strip_accents,
    words,
)


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


def test_matching_normalisation_is_the_three_step_pipeline():
    maps = (QUOTE_MAP, DASH_MAP, SPACE_MAP)
    keys = [set(m) for m in maps]
    assert sum(map(len, keys)) == len(set().union(*keys))  # disjoint keys
    assert not {v for m in maps for v in m.values()} & set().union(*keys)  # no output is another's input
    steps = pipeline(normalize_quotes, normalize_dashes, normalize_spaces)
    every_key = "".join(k for m in maps for k in m) + "plain text\n"
    assert normalize_for_matching(every_key) == steps(every_key)


@pytest.mark.parametrize(("step", "mapping"), [
    (normalize_quotes, QUOTE_MAP), (normalize_dashes, DASH_MAP), (normalize_spaces, SPACE_MAP),
])
def test_each_normaliser_is_its_translation_table(step, mapping):
    text = "".join(mapping) + " plain [text]\\- ^\n" + "".join(mapping)
    assert step(text) == text.translate(str.maketrans(mapping))


def test_strip_accents_leaves_ascii_as_is():
    ascii_text = "".join(map(chr, range(128)))
    assert strip_accents(ascii_text) == ascii_text
    assert strip_accents("Noé’s café") == "Noe’s cafe"


@pytest.mark.parametrize(("name", "kwargs", "expected"), [
    ("Noé  Roe ", {}, "noe roe"),
    ("O’Neil", {}, "o'neil"),
    ("J.R. Roe", {"dots": True}, "j r roe"),
    ("J.R. Roe", {}, "j.r. roe"),
    (" Jane  Roe ", {"collapse": False}, "jane  roe"),
    ("Jane\u00a0Roe", {}, "jane roe"),  # NFKD reads a no-break space as a space
    (None, {}, ""),
    (float("nan"), {"dots": True}, ""),
    # negative: case and accents fold, but letters are never dropped or merged
    ("Zoë Roe-Smith", {}, "zoe roe-smith"),
])
def test_fold_name(name, kwargs, expected):
    assert fold_name(name, **kwargs) == expected
