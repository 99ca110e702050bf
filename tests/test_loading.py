"""Loading accepts what researchers have and names the file and the problem for what it cannot use."""

from __future__ import annotations

import json

import pytest

from icanalysis.loading import (
    InputError,
    LoadSettings,
    decode_bytes,
    load_file,
    normalize_date,
    parse_manifest,
)
from icanalysis.pipeline import RunSettings, build, load_corpus

MANIFEST_HEADER = "article_id,file,outlet,title,author,published,url,notes\n"
BODY = "A paragraph long enough to be an article body, with several words in it.\n"


def write(folder, name, data):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def settings():
    return RunSettings(progress=False)


def test_utf8_text_is_loaded_with_raw_offsets(tmp_path):
    write(tmp_path, "a.txt", BODY)
    articles, skips, _ = load_corpus(tmp_path, settings())
    assert [a.meta["article_id"] for a in articles] == ["a"]
    assert articles[0].meta["offsets_into"] == "raw" and articles[0].text == BODY
    assert [s.reason for s in skips] == []  # no manifest at all: nothing to warn about per file


def test_fallback_encoding_is_detected_and_recorded(tmp_path):
    text = "Café owners said the “déjà vu” was real, and the crew agreed with them entirely. " * 3
    write(tmp_path, "latin.txt", text.encode("cp1252"))
    articles, skips, _ = load_corpus(tmp_path, settings())
    assert "Café" in articles[0].text
    assert articles[0].meta["encoding"] != "utf-8"
    assert any(s.reason == "encoding_fallback" and s.file == "latin.txt" for s in skips)


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty"),
    (b"   \n\n ", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary"),
])
def test_unusable_files_are_skipped_with_reason(tmp_path, data, reason):
    write(tmp_path, "bad.txt", data)
    write(tmp_path, "good.txt", BODY)
    articles, skips, _ = load_corpus(tmp_path, settings())
    assert [a.meta["article_id"] for a in articles] == ["good"]
    assert [(s.file, s.status, s.reason) for s in skips] == [("bad.txt", "skipped", reason)]


def test_decode_reports_undecodable_bytes():
    decoded = decode_bytes(bytes(range(128, 256)) * 4)
    assert decoded.text is None and decoded.problem == "undecodable"
    assert "not UTF-8" in decoded.detail


def test_huge_file_is_skipped_without_reading(tmp_path):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    write(tmp_path, "good.txt", BODY)
    articles, skips, _ = load_corpus(tmp_path, settings())
    assert [a.meta["article_id"] for a in articles] == ["good"]
    assert skips[0].file == "huge.txt" and skips[0].reason == "too_large" and "52.4 MB" in skips[0].detail


def test_manifest_row_without_file_and_file_without_row(tmp_path):
    write(tmp_path, "manifest.csv", MANIFEST_HEADER + "one,one.txt,,,,,,\nghost,ghost.txt,,,,,,\n")
    write(tmp_path, "one.txt", BODY)
    write(tmp_path, "stray.txt", BODY)
    articles, skips, _ = load_corpus(tmp_path, settings())
    assert sorted(a.meta["article_id"] for a in articles) == ["one", "stray"]
    found = {(s.file, s.reason) for s in skips}
    assert ("ghost.txt", "missing_file") in found
    assert ("stray.txt", "not_in_manifest") in found


@pytest.mark.parametrize(("manifest", "message"), [
    (MANIFEST_HEADER + "a,a.txt,,,,,,\na,b.txt,,,,,,\n", "duplicate article_id"),
    (MANIFEST_HEADER + "a,../outside.txt,,,,,,\n", "points outside the raw folder"),
    (MANIFEST_HEADER + "a,/etc/passwd,,,,,,\n", "points outside the raw folder"),
    ("id,path\na,a.txt\n", "lacks required column"),
    (MANIFEST_HEADER + "a,a.txt,,,,,,,,,extra\n", "more fields than the header"),
    (MANIFEST_HEADER + ",a.txt,,,,,,\n", "empty article_id"),
    (MANIFEST_HEADER + "a b,a.txt,,,,,,\n", "must be letters"),
])
def test_malformed_manifest_is_fatal_and_named(tmp_path, manifest, message):
    write(tmp_path, "manifest.csv", manifest)
    write(tmp_path, "a.txt", BODY)
    with pytest.raises(InputError, match=message) as info:
        load_corpus(tmp_path, settings())
    assert "manifest.csv" in str(info.value)


def test_malformed_date_is_a_warning_and_left_empty(tmp_path):
    manifest = parse_manifest((MANIFEST_HEADER + "a,a.txt,,,,31/31/2025,,\n").encode(), name="manifest.csv",
                              raw_dir=tmp_path)
    assert manifest.rows.loc[0, "published"] == ""
    assert manifest.warnings[0].reason == "malformed_date" and "31/31/2025" in manifest.warnings[0].detail


@pytest.mark.parametrize(("value", "expected"), [
    ("2025-02-28", "2025-02-28"), ("April 5, 2025", "2025-04-05"), ("Feb. 28, 2025", "2025-02-28"),
    ("", ""), ("yesterday", ""),
])
def test_normalize_date(value, expected):
    assert normalize_date(value)[0] == expected


def test_duplicate_ids_across_files_are_fatal(tmp_path):
    write(tmp_path, "a.txt", BODY)
    write(tmp_path, "export.jsonl", json.dumps({"id": "a", "text": BODY}) + "\n")
    with pytest.raises(InputError, match="duplicate article id 'a'"):
        load_corpus(tmp_path, settings())


def test_jsonl_export_records_and_bad_lines(tmp_path):
    lines = [json.dumps({"id": "r1", "text": BODY, "title": "T", "published": "2025-01-02"}), "{not json",
             json.dumps({"id": "r2", "body": ""}), json.dumps({"text": BODY})]
    write(tmp_path, "export.jsonl", "\n".join(lines) + "\n")
    articles, skips, _ = load_corpus(tmp_path, settings())
    assert [a.meta["article_id"] for a in articles] == ["r1", "export-4"]
    assert articles[0].meta["title"] == "T" and articles[0].meta["offsets_into"] == "record_text"
    assert {(s.record, s.reason) for s in skips} == {("line 2", "bad_record"), ("line 3", "empty_record")}


def test_csv_export(tmp_path):
    write(tmp_path, "export.csv", "id,title,text\nc1,Title one,\"" + BODY.strip() + "\"\n")
    articles, _, _ = load_corpus(tmp_path, settings())
    assert articles[0].meta["article_id"] == "c1" and articles[0].text == BODY.strip()


def test_html_page_main_text_via_trafilatura(tmp_path):
    html = ("<html><head><title>Page</title><meta name='author' content='Jane Roe'>"
            "<meta property='article:published_time' content='2025-03-01T10:00:00Z'></head><body>"
            "<nav>Home | News | Subscribe</nav><article><h1>Sets without coordinators</h1>"
            "<p>“It was a choice that I made,” the actor said in an interview with a trade paper this week.</p>"
            "<p>Intimacy coordinators say the role protects everyone on a set, including the crew members.</p>"
            "</article><footer>Copyright 2025 Example Media</footer></body></html>")
    write(tmp_path, "page.html", html)
    articles, skips, _ = load_corpus(tmp_path, settings())
    article = articles[0]
    assert article.meta["offsets_into"] == "extracted"
    assert "It was a choice that I made" in article.text and "Subscribe" not in article.text
    assert article.meta["author"] == "Jane Roe" and article.meta["published"] == "2025-03-01"


def test_unknown_suffix_is_ignored_but_reported(tmp_path):
    write(tmp_path, "notes.pdf", b"%PDF-1.4")
    write(tmp_path, "a.txt", BODY)
    _, skips, _ = load_corpus(tmp_path, settings())
    assert [(s.file, s.status, s.reason) for s in skips] == [("notes.pdf", "ignored", "not_an_article_format")]
    assert "save the articles as .txt or .html" in skips[0].detail


def test_no_loadable_article_is_fatal(tmp_path):
    write(tmp_path, "empty.txt", b"")
    with pytest.raises(InputError, match="no article could be loaded"):
        build(tmp_path, settings())


def test_load_file_respects_max_bytes_setting():
    articles, skips = load_file("x.txt", BODY.encode() * 10, manifest_row=None,
                                settings=LoadSettings(max_file_bytes=100))
    assert not articles and skips[0].reason == "too_large"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_files_with_a_byte_order_mark_are_read(codec):
    data = ("\ufeff" if codec == "utf-16-be" else "") + "Café society: " + BODY
    raw = data.encode(codec)  # 'utf-16' and 'utf-32' write their own mark; 'utf-16-be' gets one from the text
    articles, skips = load_file("a.txt", raw, manifest_row=None)
    assert len(articles) == 1 and articles[0].text.startswith("Café society")
    assert [s.reason for s in skips] == ["encoding_fallback"]  # the decoding is recorded, not silent


def test_jsonl_records_hold_line_separators_and_lone_surrogates():
    lines = [json.dumps({"id": "a", "text": "First\u2028still first\u0085and again. " + BODY}, ensure_ascii=False),
             '{"id": "b", "text": "Broken \\ud800 escape. ' + BODY.strip() + '"}']
    articles, skips = load_file("x.jsonl", ("\n".join(lines) + "\n").encode("utf-8"), manifest_row=None)
    assert [a.meta["article_id"] for a in articles] == ["a", "b"]
    assert "\u2028still first\u0085and again" in articles[0].text
    assert "Broken \ufffd escape" in articles[1].text
    assert [(s.record, s.reason) for s in skips] == [("line 2", "lone_surrogate")]
    articles[1].text.encode("utf-8")  # writable as UTF-8


@pytest.mark.parametrize(("rows", "message"), [
    ('a,a.txt,"Outlet A,,,,,\nb,b.txt,Outlet B,,,,,\n', "not valid CSV at line"),  # unbalanced quote
    ("a,a.txt,Outlet A\nb,b.txt,,,,,,\n", "line 2 has fewer fields"),
])
def test_manifest_is_parsed_strictly(tmp_path, rows, message):
    with pytest.raises(InputError, match=message):
        parse_manifest((MANIFEST_HEADER + rows).encode("utf-8"), name="manifest.csv", raw_dir=tmp_path)


def test_csv_export_with_a_very_long_article_keeps_every_record():
    long_body = "A long article body. " * 10_000  # 210,000 characters: over the csv module's default field limit
    export = "id,text\nfirst," + long_body + "\nsecond," + BODY
    articles, skips = load_file("export.csv", export.encode("utf-8"), manifest_row=None)
    assert [a.meta["article_id"] for a in articles] == ["first", "second"] and not skips


def test_latin1_accents_in_mostly_ascii_text_are_read_as_western_european():
    decoded = decode_bytes("Café society and the naïve critics, said Zoë. ".encode("latin-1") * 3)
    assert decoded.text is not None and decoded.text.startswith("Café society and the naïve critics, said Zoë.")
    assert decoded.encoding == "cp1252" and "not UTF-8" in decoded.note


def test_offsets_of_a_crlf_file_point_into_its_text_with_lf_line_ends():
    """What the data dictionary promises: the source text is the decoded file with CRLF/CR read as LF."""
    import hashlib

    raw = "First paragraph here, about the set.\r\n\r\n“We rehearsed it,” she said.\r\n".encode()
    articles, _ = load_file("a.txt", raw, manifest_row=None)
    text = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    assert articles[0].text == text
    assert articles[0].meta["text_sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.mark.parametrize("data", [b"\xef\xbb\xbf", b"\xff\xfe", " \n".encode("utf-16")])
def test_a_file_of_only_a_byte_order_mark_is_empty_not_an_article(data):
    articles, skips = load_file("a.txt", data, manifest_row=None)
    assert not articles and [s.reason for s in skips] == ["empty"]


def test_central_european_text_is_left_to_the_detector():
    decoded = decode_bytes("Małgorzata Żółkiewska zagrała główną rolę w filmie. ".encode("cp1250") * 4)
    assert decoded.encoding != "cp1252" and "ł" in decoded.text
