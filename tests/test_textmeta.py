"""Metadata an article states in its own first lines: taken only from clear patterns, and never body text."""

from __future__ import annotations

import pytest

from icanalysis.cleaning import clean_text
from icanalysis.loading import load_file
from icanalysis.textmeta import byline_author, dateline_date, from_text


@pytest.mark.parametrize(("line", "expected"), [
    ("March 3, 2025", ("2025-03-03", False)),
    ("Published Feb. 28, 2025, 12:20 p.m. ET", ("2025-02-28", False)),
    ("Posted on Tuesday, Sept. 9, 2025", ("2025-09-09", False)),
    ("Date: 12 Jan 2024", ("2024-01-12", False)),
    ("Updated: 3rd March 2025 at 10:15 GMT", ("2025-03-03", True)),
    ("2025-03-03", ("2025-03-03", False)),
    ("The March 3, 2025 screening sold out", ("", False)),  # a sentence mentioning a date is no dateline
    ("February 30, 2025", ("", False)),  # not a date
])
def test_datelines(line, expected):
    assert dateline_date(line) == expected


@pytest.mark.parametrize(("line", "expected"), [
    ("By Jane Roe", "Jane Roe"),
    ("BY JANE ROE, Staff Writer", "Jane Roe"),
    ("By Jane Roe and John de la Cruz", "Jane Roe and John de la Cruz"),
    ("By Ita O’Brien | Special to the Times", "Ita O’Brien"),
    ("Written by Ana Lúcia Souza", "Ana Lúcia Souza"),
    ("By the time she arrived, everyone had gone.", ""),
    ("by and large the set was calm", ""),
    ("By Friday, the studio had hired an intimacy coordinator.", ""),  # a sentence, not a byline
    ("By March the guild had published its standards", ""),
    ("By Christmas, Netflix said", ""),
])
def test_bylines(line, expected):
    assert byline_author(line) == expected


def test_title_needs_a_clear_header_shape():
    assert from_text("A headline about sets\n\nBy Jane Roe\n\nBody one.\n\nBody two.\n")["title"] == "A headline about sets"
    assert from_text("A headline about sets\nBy Jane Roe\nBody one.\n")["title"] == "A headline about sets"
    # a first line that is a sentence, a quotation, or runs straight into the next line is no title
    assert "title" not in from_text("She said it was fine.\n\nMore.\n\nMore.\n")
    assert "title" not in from_text("“We were safe,” she said\n\nMore.\n\nMore.\n")
    assert "title" not in from_text("The first line of a paragraph\nthat goes on here\nand here.\n")
    # Updated is the date only when nothing else dates the article
    assert from_text("T one\n\nUpdated March 4, 2025\nMarch 1, 2025\n\nBody.")["published"] == "2025-03-01"
    assert from_text("T one\n\nUpdated March 4, 2025\n\nBody.")["published"] == "2025-03-04"


def test_a_text_file_without_manifest_row_gets_its_stated_metadata_and_the_header_is_not_body():
    text = ("Why a star declined an intimacy coordinator\n\nBy Jane Roe\nPublished March 3, 2025, 10:20 a.m. ET\n\n"
            "LOS ANGELES (AP) — “It was my choice,” the actor said.\n\nSAG-AFTRA — the union — disagreed.\n\n"
            "Correction: An earlier version of this article misstated the year of the premiere.\n")
    (article,), _ = load_file("story.txt", text.encode(), manifest_row=None)
    meta = article.meta
    assert (meta["title"], meta["author"], meta["published"]) == (
        "Why a star declined an intimacy coordinator", "Jane Roe", "2025-03-03")
    assert meta["meta_from_text"] == "title|author|published"
    paragraphs, removed = clean_text(article.text, "story", meta=meta)
    assert [p["text"] for p in paragraphs] == ["“It was my choice,” the actor said.", "SAG-AFTRA — the union — disagreed."]
    assert {r["rule"] for r in removed} == {"metadata_title", "byline", "dateline", "wire_dateline", "correction_notice"}
    # a manifest row is the researcher's word: nothing is taken from the text
    (listed,), _ = load_file("story.txt", text.encode(), manifest_row={"article_id": "s1", "title": "", "author": ""})
    assert (listed.meta["title"], listed.meta["meta_from_text"]) == ("", "")
