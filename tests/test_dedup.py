"""Near-duplicate search: known-answer cases, direction, determinism and the gate against hand labels."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest
from conftest import GOLD, floors

from icanalysis.cleaning import clean_text, paragraphs_frame
from icanalysis.dedup import DedupSettings, find_duplicates, jaccard_containment, shingle_hashes
from icanalysis.io import read_csv_strict

WORDS = ["the", "a", "coordinator", "director", "actor", "set", "scene", "film", "crew", "studio", "said", "says", "producer", "rehearsal", "consent", "camera", "budget", "shoot", "lead", "background", "performer", "union", "contract", "rider", "nudity", "choreography", "safety", "schedule", "premiere", "festival", "critic", "award", "season", "night", "morning", "week", "story", "interview"]


def prose(seed: int, n_paragraphs: int = 8, n_words: int = 45) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(n_words)).capitalize() + "." for _ in range(n_paragraphs)]


def edit(paragraphs: list[str], share: float, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for p in paragraphs:
        tokens = p.split()
        for i in range(len(tokens)):
            if rng.random() < share:
                tokens[i] = rng.choice(WORDS)
        out.append(" ".join(tokens))
    return out


def tables(docs: dict[str, tuple[list[str], str]], derived: dict[str, str] | None = None):
    rows = []
    for aid, (paras, _) in docs.items():
        rows.extend(clean_text("\n\n".join(paras), aid)[0])
    articles = pd.DataFrame([{"article_id": aid, "published": date, "derived_from": (derived or {}).get(aid, "")}
                             for aid, (_, date) in docs.items()])
    return paragraphs_frame(rows), articles


def run(docs, derived=None, **options):
    paragraphs, articles = tables(docs, derived)
    return find_duplicates(paragraphs, articles, DedupSettings(**options))


def article_rows(result):
    d = result.duplicates
    return d[d["level"] == "article"][["article_a", "article_b", "relation", "direction_basis"]].values.tolist()


def test_article_features_are_the_minhash_of_the_whole_article():
    from icanalysis.dedup import _minhash, article_features, paragraph_features

    paragraphs, _ = tables({"a": (prose(1, 3), ""), "b": (prose(2, 1, 5), "")})
    features = paragraph_features(paragraphs)
    per_article = article_features(features)
    assert per_article["article_id"].tolist() == ["a", "b"]
    for aid, size, sig in per_article.itertuples(index=False):
        union = np.unique(np.concatenate(features.loc[features["article_id"] == aid, "shingles"].tolist()))
        assert size == len(union) and (sig == _minhash(union, DedupSettings()).hashvalues).all()
    short = features["n_tokens"] < DedupSettings().min_paragraph_words  # too short to match: no band keys
    assert short.any() and all(len(b) == 0 for b in features.loc[short, "bands"])
    assert all(len(b) == len(band_ranges_of()) for b in features.loc[~short, "bands"])


def band_ranges_of():
    from icanalysis.dedup import band_ranges

    return band_ranges(DedupSettings().paragraph_lsh_threshold, DedupSettings())


def test_shingles_and_exact_jaccard():
    a = shingle_hashes(["one", "two", "three", "four", "five", "six"], 5)
    b = shingle_hashes(["one", "two", "three", "four", "five", "seven"], 5)
    assert len(a) == 2 and jaccard_containment(a, b) == (pytest.approx(1 / 3), 0.5, 0.5)
    assert len(shingle_hashes(["short"], 5)) == 1
    assert np.array_equal(a, shingle_hashes(["one", "two", "three", "four", "five", "six"], 5))  # stable


def test_wire_copy_is_flagged_and_later_copy_is_not_canonical():
    source = prose(1)
    result = run({"src": (source, "2025-01-01"), "wire": (edit(source, 0.03, 2), "2025-01-03"),
                  "other": (prose(3), "2025-01-02")})
    assert article_rows(result) == [["wire", "src", "syndicated_copy", "published"]]
    flags = result.article_flags.set_index("article_id")
    assert flags.loc["src", "is_canonical"] and not flags.loc["wire", "is_canonical"]
    assert flags.loc["wire", "story_cluster"] == "src" and flags.loc["other", "story_cluster"] == "other"


def test_canonical_is_earliest_published_not_input_order():
    source = prose(1)
    result = run({"a_late": (source, "2025-03-01"), "z_early": (edit(source, 0.02, 5), "2025-01-01")})
    assert article_rows(result)[0][:2] == ["a_late", "z_early"]
    assert result.article_flags.set_index("article_id").loc["z_early", "is_canonical"]


def test_light_rewrite_with_a_cut_paragraph_is_found():
    source = prose(7, n_paragraphs=10)
    rewrite = edit(source[:-1], 0.05, 8)  # ~5% of words edited, one paragraph cut
    assert article_rows(run({"s": (source, "2025-01-01"), "r": (rewrite, "2025-01-02")}))[0][2] == "syndicated_copy"


def test_blog_lifting_paragraphs_is_reuse_not_syndication():
    source = prose(11, n_paragraphs=10)
    blog = prose(12, n_paragraphs=4) + [source[2], source[5]]
    result = run({"feature": (source, "2025-01-01"), "blog": (blog, "2025-01-05")})
    assert article_rows(result) == [["blog", "feature", "lifts_paragraphs", "published"]]
    copies = result.paragraph_flags[result.paragraph_flags["copy_of"] != ""]
    assert copies["copy_of"].tolist() == ["feature:p002", "feature:p005"]
    assert set(copies["copy_match"]) == {"exact"}


def test_near_verbatim_paragraph_is_a_near_copy():
    source = prose(21, n_paragraphs=6)
    lifted = edit([source[3]], 0.02, 22)[0]
    result = run({"f": (source, "2025-01-01"), "b": (prose(23, 3) + [lifted], "2025-01-02")})
    copies = result.paragraph_flags[result.paragraph_flags["copy_of"] != ""]
    assert copies["copy_of"].tolist() == ["f:p003"] and copies["copy_match"].tolist() in (["near"], ["exact"])


def test_independent_articles_on_the_same_event_are_not_duplicates():
    a = ["Actor Jane Roe declined an intimacy coordinator on the set of the film Storm, the studio said on Monday.",
         "The director said the actors rehearsed every scene with him and felt safe throughout the shoot."]
    b = ["Intimacy coordinators criticised the decision by Storm star Jane Roe to work without one on set.",
         "Several coordinators said background performers and crew members also need protection on set."]
    assert run({"a": (a, "2025-01-01"), "b": (b, "2025-01-01")}).duplicates.empty


def test_direction_without_dates_uses_declaration_then_containment():
    source = prose(31, n_paragraphs=10)
    blog = prose(32, n_paragraphs=2) + [source[0], source[1]]
    assert article_rows(run({"a": (source, ""), "b": (blog, "")}))[0][:2] == ["b", "a"]
    assert article_rows(run({"a": (source, ""), "b": (blog, "")}, derived={"a": "b"}))[0] == [
        "a", "b", "lifts_paragraphs", "declared"]
    assert article_rows(run({"a": (source, ""), "b": (blog, "")}))[0][3] == "containment"


def test_deterministic():
    docs = {f"d{i}": (edit(prose(40), 0.1 * (i % 3), i), f"2025-01-{i + 1:02d}") for i in range(6)}
    first, second = run(docs), run(docs)
    pd.testing.assert_frame_equal(first.duplicates, second.duplicates)
    pd.testing.assert_frame_equal(first.article_flags, second.article_flags)


@pytest.mark.parametrize("bad", [{"article_lsh_threshold": 0.0}, {"paragraph_min_jaccard": 1.5},
                                 {"num_perm": 4}])
def test_invalid_settings_are_refused(bad):
    with pytest.raises(ValueError, match="DedupSettings"):
        DedupSettings(**bad)


def test_dedup_gate_against_hand_labels(corpus_result):
    gold = read_csv_strict(GOLD / "duplicate_pairs.csv")
    paragraphs = corpus_result.tables["paragraphs"]
    line_of = {r.para_id: (r.article_id, int(r.line_no)) for r in paragraphs.itertuples()}
    dup = corpus_result.tables["duplicates"]
    found = {(line_of[r.item_a], line_of[r.item_b]) for r in dup[dup["level"] == "paragraph"].itertuples()}
    gold_copies = {((r.article_a, int(r.line_a)), (r.article_b, int(r.line_b)))
                   for r in gold[(gold["level"] == "paragraph") & (gold["relation"] == "copy")].itertuples()}
    precision = len(found & gold_copies) / len(found) if found else 0.0
    recall = len(found & gold_copies) / len(gold_copies)
    articles = dup[dup["level"] == "article"]
    predicted = {frozenset((r.article_a, r.article_b)): (r.article_a, r.relation) for r in articles.itertuples()}
    pairs = gold[gold["level"] == "article"]
    correct = 0
    for r in pairs.itertuples():
        got = predicted.get(frozenset((r.article_a, r.article_b)), (None, "independent"))
        directed = r.relation in ("lifts_paragraphs", "syndicated_copy")
        correct += got[1] == r.relation and (not directed or got[0] == r.article_a)
    accuracy = correct / len(pairs)
    print(f"paragraph copies P {precision:.2f} R {recall:.2f}; article relations {correct}/{len(pairs)}")
    floor = floors("dedup")
    assert precision >= floor["paragraph_copy_precision"] and recall >= floor["paragraph_copy_recall"]
    assert accuracy >= floor["article_relation_accuracy"]
