"""Nexis text exports: every article split out with its metadata, every line accounted for, a cut file reported."""

from __future__ import annotations

from conftest import TESTS

from icanalysis.loading import load_file
from icanalysis.nexis import looks_like_export, split_export

SAMPLE = TESTS / "fixtures" / "nexis" / "sample.TXT"


def _text() -> str:
    return SAMPLE.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")


def test_every_article_with_its_metadata_and_every_line_accounted_for() -> None:
    text = _text()
    assert looks_like_export(text) and not looks_like_export("A plain article.\n\nNothing else.")
    articles, header = split_export(text)
    assert [a.number for a in articles] == list(range(1, 11))
    third = articles[2]
    assert (third.outlet, third.published, third.author) == ("The Sun (England)", "January 11, 2010", "TREVOR Kavanagh")
    assert third.fields["SECTION"] == "FEATURES; Pg. 6" and third.fields["LENGTH"] == "677 words"
    assert articles[7].title == "PRISONER OF HIS OWN CABINET" and articles[9].author == ""
    for a in articles:
        assert a.body and not any(k in a.body for k in ("BYLINE:", "LOAD-DATE:", "LENGTH:", "All Rights Reserved"))
    non_blank = sum(1 for line in text.split("\n") if line.strip())
    separators = len(articles)
    assert non_blank == header + separators + sum(a.meta_lines + a.body_lines for a in articles)


def test_the_loader_makes_one_article_per_document_and_a_report_row_for_the_rest() -> None:
    articles, skips = load_file("sample.TXT", SAMPLE.read_bytes(), manifest_row=None)
    assert [a.meta["article_id"] for a in articles][:2] == ["sample-001", "sample-002"] and len(articles) == 10
    assert articles[0].meta["format"] == "nexis_txt" and articles[0].meta["outlet"] == "Guardian.com"
    assert articles[2].meta["published"] == "2010-01-11"  # normalised by the loader, as for every format
    assert [s.reason for s in skips] == ["nexis_metadata"]


def test_a_file_cut_in_the_middle_loads_what_is_there_and_says_so() -> None:
    data = SAMPLE.read_bytes()
    articles, skips = load_file("cut.TXT", data[: len(data) // 2], manifest_row=None)
    assert 0 < len(articles) < 10
    assert [s.reason for s in skips if s.status == "warning"] == ["export_truncated"]


def test_word_exports_every_article_every_line_and_corrupt_files_named() -> None:
    import docx

    from icanalysis.nexis import split_docx_paragraphs

    data = (SAMPLE.parent / "sample.DOCX").read_bytes()
    articles, skips = load_file("uni.DOCX", data, manifest_row=None)
    assert len(articles) == 10 and articles[0].meta["format"] == "nexis_docx"
    first = articles[0].meta
    assert (first["outlet"], first["published"], first["author"]) == (
        "The Guardian(London)", "2019-07-01", "Mattha Busby (now), Andrew Sparrow (earlier)")
    assert "LENGTH: 355 words" in first["notes"] and [s.reason for s in skips] == ["nexis_metadata"]
    assert all("End of Document" not in a.text and "Byline:" not in a.text for a in articles)
    import io

    paragraphs = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    found, cover = split_docx_paragraphs(paragraphs)
    assert cover + sum(a.meta_lines + a.body_lines for a in found) == sum(1 for p in paragraphs if p.strip())
    single, _ = load_file("note.docx", (SAMPLE.parent / "test.DOCX").read_bytes(), manifest_row=None)
    assert [a.text for a in single] == ["LexisNexis Uni Test"]  # not an export: one article
    for broken in (b"PK\x03\x04 not really a zip", data[: len(data) // 2]):
        none, why = load_file("broken.docx", broken, manifest_row=None)
        assert not none and why[0].reason == "corrupt_docx" and why[0].file == "broken.docx"


def test_a_factiva_html_page_gives_one_article_per_document_with_its_metadata() -> None:
    from icanalysis.factiva import looks_like_factiva, split_factiva_html

    page = TESTS / "fixtures" / "factiva" / "sample.html"
    html = page.read_text(encoding="utf-8")
    assert looks_like_factiva(html) and not looks_like_factiva("<html><body><p>An article.</p></body></html>")
    found, chrome = split_factiva_html(html)
    assert [a.title for a in found] == ["The coordinators who want a seat at the table", "Guild sets new standards"]
    assert (found[0].author, found[0].outlet, found[0].published) == ("Jane Roe", "The Daily Example", "4 March 2025")
    assert found[0].fields["DOCUMENT"] == "DAIL000020250304el340001" and found[0].fields["SECTION"] == "Arts; 12"
    assert found[0].body.count("\n\n") == 2 and "Copyright" not in found[0].body and chrome > 0
    articles, skips = load_file("sample.html", page.read_bytes(), manifest_row=None)
    assert [a.meta["article_id"] for a in articles] == ["sample-html-001", "sample-html-002"]
    assert articles[0].meta["format"] == "factiva_html" and articles[0].meta["published"] == "2025-03-04"
    assert "DOCUMENT: DAIL000020250304el340001" in articles[0].meta["notes"]
    assert articles[0].text.startswith("Intimacy coordinators say")
    # the German interface's date cannot be read: a warning, the article is kept with the date empty
    assert [(s.record, s.reason) for s in skips] == [("document 2", "malformed_date"), ("", "factiva_metadata")]
    assert articles[1].meta["published"] == ""


def test_a_factiva_page_whose_articles_have_no_body_is_reported_with_how_to_save_it() -> None:
    html = ('<html><body><style>.articleParagraph{}</style><div class="article enArticle"><table><tr><td><b>HD</b>'
            '</td><td>Title</td></tr></table></div></body></html>')
    articles, skips = load_file("odd.html", html.encode(), manifest_row=None)
    assert articles == [] and [s.reason for s in skips] == ["empty_record", "export_empty"]
    assert "'Article' display" in skips[-1].detail


def test_two_factiva_searches_holding_the_same_article_both_load_and_are_flagged_as_copies(tmp_path) -> None:
    from icanalysis.pipeline import RunSettings, build

    page = (TESTS / "fixtures" / "factiva" / "sample.html").read_bytes()
    (tmp_path / "search1.html").write_bytes(page)
    (tmp_path / "search2.html").write_bytes(page)
    result = build(tmp_path, RunSettings(progress=False))
    articles = result.tables["articles"]
    assert sorted(articles["article_id"]) == ["search1-html-001", "search1-html-002", "search2-html-001",
                                              "search2-html-002"]
    assert (articles["is_canonical"].astype(str) == "False").sum() == 2  # the second copy of each is flagged
