"""Boilerplate removal: rules on many house styles, offsets, and the gate against hand labels."""

from __future__ import annotations

import csv

import pytest
from conftest import GOLD, RAW, floors

from icanalysis.cleaning import CleanSettings, clean_text
from icanalysis.io import read_csv_strict


def removed_kinds(text, meta=None, **options):
    _, removed = clean_text(text, "a", meta=meta or {}, settings=CleanSettings(**options))
    return [(r["text"], r["rule_kind"]) for r in removed]


BODY = "The director said the scene was rehearsed for days before anyone stepped on set."
OTHER = "Producers have since hired a coordinator for every film with nudity or simulated sex."


@pytest.mark.parametrize(("line", "kind"), [
    ("Join our newsletter", "newsletter"),
    ("Sign up for the Daily Brief newsletter", "newsletter"),
    ("Now Reading", "site_label"),
    ("See Also", "site_label"),
    ("Scroll To Top", "site_label"),
    ("Popular on Deadline", "site_label"),
    ("Read More:", "site_label"),
    ("Related: Do Television Sets Still Need Intimacy Coordinators?", "site_label"),
    ("READ MORE: Studio adopts new rules for intimate scenes", "site_label"),
    ("Copyright © 2025 Example Media Inc, All rights reserved", "copyright"),
    ("© 2024 The Daily Planet", "copyright"),
    ("Share this article", "share_prompt"),
    ("Download our app for the latest news", "share_prompt"),
    ("By Jane Roe", "byline"),
    ("Jane Roe contributed to this report.", "byline"),
    ("Additional reporting by Sam Poe", "byline"),
    ("Courtesy of Netflix", "photo_credit"),
    ("Jane Roe/Getty Images", "photo_credit"),
    ("Photo: Sam Poe", "photo_credit"),
    ("AP Photo/John Doe", "photo_credit"),
    ("date 2024-11-02 Some Title Here By Jane Roe Published Nov. 2 2024", "scrape_metadata"),
])
def test_boilerplate_lines_are_removed_with_their_kind(line, kind):
    assert removed_kinds(f"{BODY}\n\n{line}\n\n{OTHER}") == [(line, kind)]


@pytest.mark.parametrize("line", [
    "Hollywood Sets Are Changing, and Slowly",
    "Why didn't the film have an intimacy coordinator?",  # a question heading
    "Pre-Production Planning",  # a section heading: no full stop, no credit next to it
    "But there was no intimacy coordinator on set.",
    "Sharing the set with strangers was hard, she said.",
    "Producer Jane Roe spoke on Monday about the production.",  # short, but a sentence: not a caption
    "The union defends its members.",
    "Popular culture has changed how sets work, the producer says.",
    "“It was a choice,” she said of the copyright dispute.",
])
def test_body_lines_are_kept(line):
    assert removed_kinds(f"{BODY}\n\n{line}\n\n{OTHER}") == []


def test_caption_and_credit_pair():
    text = f"{BODY}\n\nJane Roe on set with performers.\n\nRoe Films\n\n{OTHER}\n\nSam Poe and Ann Lee in Storm\n\nCourtesy Everett Collection\n"
    assert removed_kinds(text) == [("Jane Roe on set with performers.", "caption"), ("Roe Films", "photo_credit"),
                                   ("Sam Poe and Ann Lee in Storm", "caption"),
                                   ("Courtesy Everett Collection", "photo_credit")]


def test_captions_can_be_switched_off():
    assert removed_kinds(f"{BODY}\n\nJane Roe at the 2021 awards.\n", detect_captions=False) == []


def test_repeated_metadata_lines():
    text = "Jane Roe\n\nJane Roe\n\nApril 5, 2025\n\nApril 5, 2025\n\nA Title: Here\n\nA Title: Here\n\n" + BODY
    kinds = [k for _, k in removed_kinds(text)]
    assert kinds == ["repeated_author"] * 2 + ["repeated_date"] * 2 + ["repeated_title"] * 2


def test_title_from_manifest_is_removed_once():
    assert removed_kinds(f"The Big Story\n{BODY}", meta={"title": "The Big Story"}) == [
        ("The Big Story", "repeated_title")]


def test_fused_site_label_prefix_is_cut_and_offsets_kept():
    text = f"{BODY}\nPopular on Deadline Rather than hire someone, they talked.\n"
    paragraphs, removed = clean_text(text, "a")
    assert removed[0]["text"] == "Popular on Deadline" and removed[0]["rule_kind"] == "site_label"
    second = paragraphs[1]
    assert second["text"] == "Rather than hire someone, they talked."
    assert text[second["start"]:second["end"]] == second["text"]


def test_multiword_outlet_from_manifest_prefix():
    text = f"{BODY}\nPopular on The Daily Planet The actor declined.\n"
    paragraphs, _ = clean_text(text, "a", meta={"outlet": "The Daily Planet"})
    assert paragraphs[1]["text"] == "The actor declined."


def test_extra_rules_file_extends_the_rules(tmp_path):
    rules = tmp_path / "mine.csv"
    with open(rules, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["rule_id", "kind", "scope", "pattern", "description", "example"],
                                      ["promo", "other", "line", r"^listen to our podcast\b.*$", "promo", ""]])
    assert removed_kinds(f"{BODY}\nListen to our podcast now\n", extra_rules_path=str(rules)) == [
        ("Listen to our podcast now", "other")]


def test_bad_rule_file_names_the_problem(tmp_path):
    rules = tmp_path / "bad.csv"
    rules.write_text("rule_id,kind,scope,pattern,description,example\nx,other,line,([,d,\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.csv.*bad regex"):
        removed_kinds(BODY, extra_rules_path=str(rules))


def test_every_character_is_kept_or_removed_on_the_corpus(corpus_result):
    paragraphs, removed = corpus_result.tables["paragraphs"], corpus_result.tables["removed"]
    for aid, text in corpus_result.texts.items():
        covered = [False] * len(text)
        for table in (paragraphs, removed):
            for row in table[table["article_id"] == aid].itertuples():
                assert text[row.start:row.end] == row.text
                covered[row.start:row.end] = [True] * (row.end - row.start)
        assert all(covered[i] or text[i].isspace() for i in range(len(text))), aid


def score_boilerplate(corpus_result):
    gold = read_csv_strict(GOLD / "boilerplate_lines.csv")
    removed = corpus_result.tables["removed"]
    tp = fp = fn = 0
    prefix = {(r.article_id, r.line_no): r.text for r in removed.itertuples()}
    whole = {(r.article_id, r.line_no) for r in removed.itertuples()}
    kept = {(r.article_id, r.line_no) for r in corpus_result.tables["paragraphs"].itertuples()}
    for row in gold.itertuples():
        key = (row.file, int(row.line_no))
        if row.kind == "fused":
            assert prefix.get(key, "").strip() == row.fused_prefix.strip(), key
            continue
        predicted = key in whole and key not in kept
        gold_bp = row.label == "boilerplate"
        tp += predicted and gold_bp
        fp += predicted and not gold_bp
        fn += gold_bp and not predicted
    return tp / (tp + fp), tp / (tp + fn)


def test_boilerplate_gate(corpus_result):
    precision, recall = score_boilerplate(corpus_result)
    floor = floors("boilerplate")
    print(f"boilerplate precision {precision:.3f} recall {recall:.3f}")
    assert precision >= floor["precision"] and recall >= floor["recall"]


def test_gold_labels_cover_every_nonempty_line():
    gold = read_csv_strict(GOLD / "boilerplate_lines.csv")
    for path in RAW.glob("*.txt"):
        lines = path.read_text(encoding="utf-8").split("\n")
        expected = {n for n, line in enumerate(lines, start=1) if line.strip()}
        assert set(gold[gold["file"] == path.stem]["line_no"].astype(int)) == expected
