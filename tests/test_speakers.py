"""Tests for icanalysis.speakers: codebook, canonical speakers, fuzzy merges, roles, quote clusters."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from icanalysis.quotes import extract_quotes
from icanalysis.speakers import (
    CODEBOOK_COLUMNS,
    MERGE_COLUMNS,
    POWER_TIERS,
    ROLES,
    SPEAKER_COLUMNS,
    SpeakerSettings,
    cluster_quotes,
    infer_role,
    load_codebook,
    resolve_speakers,
)

CODEBOOK_CSV = """canonical_name,aliases,role,power_tier,gender,organisation,note
Jana Novak,Novak|Jana Nowak,director,hiring_power,female,,
Piotr Eydelman,Piotr Eidelman|Eydelman,actor,lead_talent,male,,
Renée Falk,Renee Falk|Falk,intimacy_coordinator,intimacy_professionals,female,Guild,
"""


@pytest.fixture()
def codebook(tmp_path: Path) -> pd.DataFrame:
    path = tmp_path / "speakers.csv"
    path.write_text(CODEBOOK_CSV, encoding="utf-8")
    return load_codebook(path)


def quotes(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    """(article_id, speaker_local, mention_context) rows with one quote each."""
    return pd.DataFrame([{"article_id": a, "quote_id": f"{a}:q{i:03d}", "kind": "direct",
                          "quote": f"statement number {i} about the set and the crew", "speaker_local": s,
                          "gender_local": "unknown", "mention_context": c, "mention": s.split()[-1] if s else ""}
                         for i, (a, s, c) in enumerate(rows)])


def test_packaged_codebook_is_valid() -> None:
    book = load_codebook()
    assert tuple(book.columns) == CODEBOOK_COLUMNS
    assert set(book["role"]) <= set(ROLES)
    assert set(book["power_tier"]) <= set(POWER_TIERS)


def test_codebook_errors_list_valid_values(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(CODEBOOK_CSV.replace("hiring_power", "boss"), encoding="utf-8")
    with pytest.raises(ValueError, match="valid values"):
        load_codebook(path)
    path.write_text("canonical_name,role\nX,actor\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing columns"):
        load_codebook(path)


@pytest.mark.parametrize(("local", "canonical", "method"), [
    ("Jana Novak", "Jana Novak", None),  # exact
    ("Jana Nowak", "Jana Novak", None),  # alias in the codebook: no review row needed
    ("Renee Falk", "Renée Falk", None),  # accents folded
    ("Piotr Eidelmann", "Piotr Eydelman", "fuzzy"),  # spelling variant not in the codebook
    ("Novak", "Jana Novak", "single_token"),  # surname only
    ("Renée", "Renée Falk", "single_token"),  # first name only
    ("Pavel Eydelman", "Pavel Eydelman", None),  # different first initial: kept apart
])
def test_canonical_speakers(codebook: pd.DataFrame, local: str, canonical: str, method: str | None) -> None:
    out, _, merges = resolve_speakers(quotes([("a1", local, "")]), codebook)
    assert out.iloc[0]["speaker"] == canonical
    if method is None:
        assert merges.empty
    else:
        assert list(merges["method"]) == [method]
        assert merges.iloc[0]["mention"] == local and merges.iloc[0]["matched_to"] == canonical


def test_names_not_in_codebook_merge_across_articles(codebook: pd.DataFrame) -> None:
    out, speakers, merges = resolve_speakers(
        quotes([("a1", "Tomasz Wieczorek", ""), ("a2", "Tomasz Wieczoreck", "")]), codebook)
    assert set(out["speaker"]) == {"Tomasz Wieczorek"}
    assert list(merges.columns) == list(MERGE_COLUMNS)
    assert merges.iloc[0]["article_id"] == "a2"
    row = speakers.set_index("speaker").loc["Tomasz Wieczorek"]
    assert row["n_articles"] == 2 and row["n_quotes"] == 2


@pytest.mark.parametrize(("context", "role", "tier"), [
    ("an intimacy coordinator who has worked on the Broadway revival", "intimacy_coordinator",
     "intimacy_professionals"),
    ("CEO of Example Pictures", "executive", "hiring_power"),
    ("Director", "director", "hiring_power"),
    ("film writer", "critic", "outside_voices"),
    ("the film's executive producer", "producer", "hiring_power"),
    ("a background actor", "actor", "below_the_line"),
    ("her neighbour", "", ""),
])
def test_infer_role(context: str, role: str, tier: str) -> None:
    assert infer_role(context) == (role, tier)


def test_role_sources(codebook: pd.DataFrame) -> None:
    out, speakers, _ = resolve_speakers(quotes([("a1", "Jana Novak", "producer"),
                                                ("a1", "Ola Berg", "an intimacy coordinator based in Oslo"),
                                                ("a1", "Kai Lund", "")]), codebook)
    got = out.set_index("speaker")[["speaker_role", "role_source", "power_tier"]].to_dict("index")
    assert got["Jana Novak"] == {"speaker_role": "director", "role_source": "codebook",
                                 "power_tier": "hiring_power"}
    assert got["Ola Berg"]["role_source"] == "inferred"
    assert got["Kai Lund"]["role_source"] == "none"
    assert tuple(speakers.columns) == SPEAKER_COLUMNS


def test_anonymous_social_media_users(codebook: pd.DataFrame) -> None:
    out, _, merges = resolve_speakers(quotes([("a1", "one user", ""), ("a1", "another user", "")]), codebook)
    assert set(out["speaker"]) == {"anonymous social-media user"}
    assert set(out["speaker_role"]) == {"social_media_user"}
    assert merges.empty


def test_quote_clusters_across_outlets() -> None:
    texts = [
        "I think with intimacy coordination, it's a case-by-case basis, film-by-film basis.",
        "I think with intimacy coordination, it’s a case-by-case basis, film-by film-basis.",
        "It is our No. 1 priority to keep our actors safe, protected and comfortable.",
        "Yes.",
        "Yes!",
    ]
    ids = cluster_quotes(texts)
    assert ids[0] == ids[1]
    assert ids[2] not in (ids[0],)
    assert ids[3] == ids[4]


def test_end_to_end_on_text() -> None:
    text = ('"It was a choice that I made," Madison said.\n'
            'Director Sean Baker added, "If an actor requests one, 100 percent."')
    out, speakers, _ = resolve_speakers(extract_quotes(text, "a"), load_codebook())
    assert list(out["speaker"]) == ["Mikey Madison", "Sean Baker"]
    assert list(out["role_source"]) == ["codebook", "codebook"]
    assert out["quote_cluster"].nunique() == 2


def test_bad_input_raises(codebook: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="missing columns"):
        resolve_speakers(pd.DataFrame({"quote": []}), codebook)
    with pytest.raises(ValueError, match="fuzzy_threshold"):
        SpeakerSettings(fuzzy_threshold=101)


def test_quotes_of_different_known_speakers_never_share_a_cluster_even_through_an_unattributed_one():
    from icanalysis.speakers import cluster_quotes

    a = "We kept the set as small as possible because nobody wanted to slow the production down."
    b = "We kept the set as small as possible because nobody wanted to slow the production down at all."
    bridge = "We kept the set as small as possible because nobody wanted to slow the production down!"
    assert cluster_quotes([a, b], speakers=["Ann Lee", "Bo Park"]) == [0, 1]
    clusters = cluster_quotes([a, bridge, b], speakers=["Ann Lee", "", "Bo Park"])
    assert clusters[0] != clusters[2] and clusters[1] in (clusters[0], clusters[2])
    assert cluster_quotes([a, b], speakers=["Ann Lee", "Ann Lee"]) == [0, 0]


def test_a_cluster_holds_one_quote_per_article():
    from icanalysis.speakers import cluster_quotes

    quote = "We kept the set as small as possible because nobody wanted to slow the production down."
    wrapped = "that " + quote
    assert cluster_quotes([quote, wrapped], articles=["a", "a"]) == [0, 1]
    assert cluster_quotes([quote, wrapped], articles=["a", "b"]) == [0, 0]


def test_direct_quotes_link_before_reported_clauses_that_hold_them():
    from icanalysis.speakers import cluster_quotes

    quote = "decided that it would be best just to keep the set small and shoot it quickly"
    clause = "the studio offered her a coordinator, but she and her co-star " + quote  # holds the quotation
    # article a prints the clause and, as its own row, the quotation inside it; article b the quotation
    texts, articles = [clause, quote, quote], ["a", "a", "b"]
    first_come = cluster_quotes(texts, articles=articles)
    assert first_come[0] == first_come[2] != first_come[1]  # the clause took the quotation's place
    linked = cluster_quotes(texts, articles=articles, kinds=["indirect", "direct", "direct"])
    assert linked[1] == linked[2] != linked[0]


def test_clusters_from_prepared_features_equal_clusters_computed_here():
    from icanalysis.speakers import cluster_quotes, quote_features

    texts = ["The set was safe and calm every single day", "the set was safe and calm every single day!",
             "We rehearsed every scene with the coordinator", "Nobody asked me about the scene",
             "We rehearsed every scene with the coordinator and the director", "", "Short one"]
    quotes = pd.DataFrame({"quote_id": [f"q{i}" for i in range(len(texts))], "quote": texts})
    features = quote_features(quotes)
    prepared = list(zip(features["norm"], features["shingles"], strict=True))
    prepared[2] = None  # a quote without stored features (one a researcher added) is prepared on the spot
    articles = ["a", "b", "a", "c", "d", "e", "f"]
    assert cluster_quotes(texts, articles=articles, prepared=prepared) == cluster_quotes(texts, articles=articles)
    assert len(set(cluster_quotes(texts, articles=articles))) < len(texts)  # the case joins something


def test_large_blocks_keep_speakers_and_articles_apart_and_join_the_rest():
    from icanalysis.speakers import cluster_quotes

    # 30 reports of one statement (a block far above the small-block path), some by other speakers, some
    # twice in one article
    texts = [f"we never felt unsafe on that set and the coordinator made sure of it {'again' if i % 3 else ''}"
             for i in range(30)]
    speakers = ["Ana Roe" if i % 4 else ("Ben Cole" if i % 8 == 0 else "") for i in range(30)]
    articles = [f"a{i // 2 if i >= 20 else i}" for i in range(30)]
    clusters = cluster_quotes(texts, speakers=speakers, articles=articles)
    members: dict[int, list[int]] = {}
    for i, c in enumerate(clusters):
        members.setdefault(c, []).append(i)
    for group in members.values():
        assert len({speakers[i] for i in group if speakers[i]}) <= 1
        assert len({articles[i] for i in group}) == len(group)
    ana = [i for i in range(20) if speakers[i] == "Ana Roe"]
    assert len({clusters[i] for i in ana}) == 1  # one statement, one cluster, across articles
