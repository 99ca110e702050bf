from __future__ import annotations

import hashlib
import io
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from conftest import PROCESSED, RAW

from icanalysis import labels as icanalysis_labels
from icanalysis import qdpx
from icanalysis.findings import frame_labels
from icanalysis.pipeline import RunSettings, load_corpus

XSD = Path(__file__).parent / "fixtures" / "refi" / "Project-mrt2019.xsd"
NS = {"q": "urn:QDA-XML:project:1.0"}


# --- helpers --------------------------------------------------------------------------------------

def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def qde(data: bytes) -> bytes:
    return unzip(data)["project.qde"]


def root_of(data: bytes) -> ET.Element:
    return ET.fromstring(qde(data))


def selections(data: bytes) -> dict[str, tuple[int, int, str]]:
    """quote_id -> (startPosition, endPosition, text of the source file)."""
    files = unzip(data)
    out = {}
    for source in root_of(data).iterfind(".//q:TextSource", NS):
        text = files["sources/" + source.get("plainTextPath", "").removeprefix("internal://")].decode("utf-8")
        for sel in source.iterfind("q:PlainTextSelection", NS):
            start, end = int(sel.get("startPosition", "")), int(sel.get("endPosition", ""))
            out[sel.get("name", "")] = (start, end, text)
    return out


def code_names(data: bytes, group: str) -> set[str]:
    root = root_of(data)
    parent = root.find(f"q:CodeBook/q:Codes/q:Code[@name='{group}']", NS)
    assert parent is not None, f"no code group {group}"
    return {c.get("name", "") for c in parent.iterfind("q:Code", NS)}


def codes_of(data: bytes, quote_id: str) -> set[str]:
    root = root_of(data)
    names = {c.get("guid"): c.get("name") for c in root.iterfind(".//q:Code", NS)}
    sel = root.find(f".//q:PlainTextSelection[@name='{quote_id}']", NS)
    assert sel is not None
    return {names[ref.get("targetGUID")] for ref in sel.iterfind("q:Coding/q:CodeRef", NS)}


# --- the bundled corpus ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus() -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str]]:
    articles = pd.read_csv(PROCESSED / "articles.csv", keep_default_na=False)
    quotes = pd.read_csv(PROCESSED / "quotes.csv", keep_default_na=False)
    loaded, _, _ = load_corpus(RAW, RunSettings(progress=False))
    texts = {a.meta["article_id"]: a.text for a in loaded}
    return articles, quotes, texts


@pytest.fixture(scope="module")
def built(corpus: tuple[pd.DataFrame, pd.DataFrame, dict[str, str]]) -> bytes:
    articles, quotes, texts = corpus
    return qdpx.build_qdpx(articles, quotes, texts, project_name="Intimacy coordination",
                           frame_labels=frame_labels())


def test_texts_are_the_ones_the_tables_were_made_from(corpus) -> None:
    articles, _, texts = corpus
    sha = {aid: hashlib.sha256(texts[aid].encode("utf-8")).hexdigest() for aid in articles["article_id"]}
    assert sha == dict(zip(articles["article_id"], articles["text_sha256"], strict=True))


def test_project_validates_against_the_schema(built: bytes) -> None:
    assert qdpx.validate_qde(qde(built), XSD) == []


def test_every_quote_is_one_selection_that_slices_back_to_it(corpus, built: bytes) -> None:
    _, quotes, _ = corpus
    found = selections(built)
    assert len(found) == len(quotes) > 0
    for row in quotes.itertuples():
        start, end, text = found[row.quote_id]
        assert (start, end) == (row.start, row.end)
        assert text[start:end] == row.quote


def test_source_files_are_the_article_texts(corpus, built: bytes) -> None:
    articles, _, texts = corpus
    root = root_of(built)
    files = unzip(built)
    sources = {s.get("name"): s for s in root.iterfind(".//q:TextSource", NS)}
    published = dict(zip(articles["article_id"], articles["published"], strict=True))
    assert set(sources) == set(articles["article_id"])
    for aid, source in sources.items():
        path = "sources/" + source.get("plainTextPath", "").removeprefix("internal://")
        assert files[path] == texts[aid].encode("utf-8")  # UTF-8, no byte order mark
        assert source.find("q:PlainTextContent", NS) is None  # plainTextPath or content, not both
        description = source.findtext("q:Description", "", NS)
        assert f"Published: {published[aid] or 'unknown'}" in description


def test_codes_exist_for_every_value_present(corpus, built: bytes) -> None:
    _, quotes, _ = corpus
    labels = frame_labels()
    for column, group in [("stance", "Stance"), ("speaker_role", "Role"), ("power_tier", "Power tier"),
                          ("kind", "Kind"), ("speaker", "Speaker")]:
        values = {v for v in quotes[column] if v}
        shown = {icanalysis_labels.label(column, v) if column in icanalysis_labels.columns() else v for v in values}
        assert code_names(built, group) == {f"{group}: {v}" for v in shown}, group
    frames = {f for fs in quotes["frames"] for f in fs.split("|") if f}
    assert code_names(built, "Frame") == {f"Frame: {labels[f]}" for f in frames}


def test_a_quote_is_coded_on_each_dimension(built: bytes) -> None:
    assert codes_of(built, "000_d9289583f474c57e:q001") == {
        "Speaker: Mikey Madison", "Role: Actor", "Power tier: Lead talent", "Stance: No stance",
        "Frame: Autonomy and choice", "Kind: Reported speech"}


def test_copied_quotes_are_marked(corpus, built: bytes) -> None:
    _, quotes, _ = corpus
    root = root_of(built)
    copied = set(quotes.loc[quotes["is_copy"], "quote_id"])
    assert copied, "the bundled corpus has copied quotes"
    for row in quotes.itertuples():
        sel = root.find(f".//q:PlainTextSelection[@name='{row.quote_id}']", NS)
        assert sel is not None
        marked = "Copied text" in codes_of(built, row.quote_id)
        assert marked == (row.quote_id in copied)
        assert ("Copied text" in sel.findtext("q:Description", "", NS)) == marked


def test_references_resolve_and_guids_are_unique(built: bytes) -> None:
    root = root_of(built)
    guids = [el.get("guid") for el in root.iter() if el.get("guid")]
    assert len(guids) == len(set(guids))
    codes = {c.get("guid") for c in root.iterfind(".//q:Code", NS)}
    refs = {r.get("targetGUID") for r in root.iterfind(".//q:CodeRef", NS)}
    assert refs and refs <= codes
    users = {u.get("guid") for u in root.iterfind("q:Users/q:User", NS)}
    assert [u.get("name") for u in root.iterfind("q:Users/q:User", NS)] == ["icanalysis"]
    creators = {el.get("creatingUser") for el in root.iter() if el.get("creatingUser")}
    assert creators == users == {root.get("creatingUserGUID")}


def test_two_builds_give_identical_bytes_whatever_the_row_order(corpus, built: bytes) -> None:
    articles, quotes, texts = corpus
    again = qdpx.build_qdpx(articles, quotes, texts, project_name="Intimacy coordination",
                            frame_labels=frame_labels())
    shuffled = qdpx.build_qdpx(articles.iloc[::-1], quotes.sample(frac=1, random_state=1), dict(texts),
                               project_name="Intimacy coordination", frame_labels=frame_labels())
    assert again == built
    assert shuffled == built


def test_zip_entries_are_sorted_with_a_fixed_date(built: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(built)) as zf:
        infos = zf.infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names) and names[0] == "project.qde"
    assert all(n.startswith("sources/") and n.endswith(".txt") for n in names[1:])
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}


def test_a_quote_with_wrong_offsets_is_reported_and_left_out(corpus) -> None:
    articles, quotes, texts = corpus
    broken = quotes.copy()
    broken.loc[0, "start"] += 1
    bad_id = broken.loc[0, "quote_id"]
    problems = qdpx.qdpx_problems(articles, broken, texts)
    assert len(problems) == 1 and bad_id in problems[0]
    data = qdpx.build_qdpx(articles, broken, texts, project_name="p")
    found = selections(data)
    assert bad_id not in found and len(found) == len(quotes) - 1
    assert qdpx.validate_qde(qde(data), XSD) == []
    assert "1 quotes left out" in root_of(data).findtext("q:Description", "", NS)


def test_the_bundled_tables_have_no_problems(corpus) -> None:
    assert qdpx.qdpx_problems(*corpus) == []


# --- hand-built tables ----------------------------------------------------------------------------

TEXT = 'Intro. "We keep it small," said Sean Baker & co. She said it was a choice.'
ARTICLES = pd.DataFrame({"article_id": ["a1"], "title": ["Baker <defends> & \x0b choice"], "outlet": ["x"],
                         "author": [""], "published": [""]})


def quote_rows(**changes: object) -> pd.DataFrame:
    rows = pd.DataFrame({
        "article_id": ["a1", "a1"], "quote_id": ["a1:q1", "a1:q2"], "kind": ["direct", "indirect"],
        "start": [8, 58], "end": [25, 73], "quote": ["We keep it small,", "it was a choice"],
        "speaker": ["Sean Baker & co", ""], "speaker_role": ["director", ""],
        "power_tier": ["hiring_power", ""], "stance": ["favour", "none"],
        "frames": ["creative_control|cost_resources", ""], "is_copy": [False, True]})
    for column, value in changes.items():
        rows[column] = rows[column].astype(object)
        rows.loc[0, column] = value
    return rows


def test_known_answer_on_a_tiny_table() -> None:
    quotes = quote_rows()
    assert [TEXT[s:e] for s, e in zip(quotes["start"], quotes["end"], strict=True)] == list(quotes["quote"])
    data = qdpx.build_qdpx(ARTICLES, quotes, {"a1": TEXT}, project_name="tiny",
                           frame_labels={"creative_control": "Creative control"})
    assert qdpx.validate_qde(qde(data), XSD) == []
    assert selections(data) == {"a1:q1": (8, 25, TEXT), "a1:q2": (58, 73, TEXT)}
    assert codes_of(data, "a1:q1") == {
        "Speaker: Sean Baker & co", "Role: Director", "Power tier: Hiring power", "Stance: In favour",
        "Frame: Creative control", "Frame: cost_resources", "Kind: Direct quote"}  # unlabelled frame: its id
    # empty speaker, role and tier get no code; a copy is coded as one
    assert codes_of(data, "a1:q2") == {"Stance: No stance", "Kind: Reported speech", "Copied text"}
    source = root_of(data).find(".//q:TextSource", NS)
    assert source is not None
    # markup characters escaped, the vertical tab (not allowed in XML 1.0) dropped
    assert source.findtext("q:Description", "", NS).startswith("Title: Baker <defends> &  choice\n")


@pytest.mark.parametrize(("changes", "reason"), [
    ({"start": 9}, "text[9:25]"),  # offsets shifted by one
    ({"quote": "We keep it tiny,"}, "not 'We keep it tiny,'"),  # quote text edited after extraction
    ({"end": 999}, "do not span text"),  # past the end of the text
    ({"start": 25, "end": 8}, "do not span text"),  # reversed
    ({"start": 8, "end": 8, "quote": ""}, "do not span text"),  # empty
    ({"start": "eight"}, "do not span text"),  # not an offset
    ({"article_id": "a2"}, "not in the articles table"),
])
def test_bad_quotes_are_reported_and_left_out(changes: dict[str, object], reason: str) -> None:
    quotes = quote_rows(**changes)
    problems = qdpx.qdpx_problems(ARTICLES, quotes, {"a1": TEXT, "a2": TEXT})
    assert len(problems) == 1
    assert problems[0].startswith("quote a1:q1 ") and reason in problems[0]
    data = qdpx.build_qdpx(ARTICLES, quotes, {"a1": TEXT, "a2": TEXT}, project_name="p")
    assert set(selections(data)) == {"a1:q2"}
    assert qdpx.validate_qde(qde(data), XSD) == []


def test_an_article_without_text_is_reported_with_its_quotes() -> None:
    problems = qdpx.qdpx_problems(ARTICLES, quote_rows(), {})
    assert problems[0].startswith("article a1: no text")
    assert [p.split(" ")[1] for p in problems[1:]] == ["a1:q1", "a1:q2"]
    data = qdpx.build_qdpx(ARTICLES, quote_rows(), {}, project_name="p")
    assert root_of(data).find("q:Sources", NS) is None
    assert qdpx.validate_qde(qde(data), XSD) == []


def test_a_text_that_differs_from_its_hash_is_flagged_but_kept() -> None:
    articles = ARTICLES.assign(text_sha256=[hashlib.sha256(b"another text").hexdigest()])
    problems = qdpx.qdpx_problems(articles, quote_rows(), {"a1": TEXT})
    assert len(problems) == 1 and "text_sha256" in problems[0]
    assert qdpx.qdpx_problems(articles.assign(text_sha256=[""]), quote_rows(), {"a1": TEXT}) == []


@pytest.mark.parametrize("with_articles", [True, False])
def test_empty_tables_still_give_a_valid_project(corpus, with_articles: bool) -> None:
    articles, quotes, texts = corpus
    articles = articles if with_articles else articles.iloc[0:0]
    data = qdpx.build_qdpx(articles, quotes.iloc[0:0], texts, project_name="empty")
    assert qdpx.validate_qde(qde(data), XSD) == []
    assert selections(data) == {}
    assert len(root_of(data).findall(".//q:TextSource", NS)) == len(articles)
    groups = [c.get("name") for c in root_of(data).iterfind("q:CodeBook/q:Codes/q:Code", NS)]
    assert groups == ["Speaker", "Role", "Power tier", "Stance", "Frame", "Kind"]


def test_utf16_positions_differ_only_after_characters_beyond_the_bmp() -> None:
    text = "\U0001f600 " + TEXT  # an emoji: one code point, two UTF-16 code units
    quotes = quote_rows().assign(start=lambda d: d["start"] + 2, end=lambda d: d["end"] + 2)
    by_points = selections(qdpx.build_qdpx(ARTICLES, quotes, {"a1": text}, project_name="p"))
    by_units = selections(qdpx.build_qdpx(ARTICLES, quotes, {"a1": text}, project_name="p",
                                          positions="utf16"))
    assert by_points["a1:q1"][:2] == (10, 27)
    assert by_units["a1:q1"][:2] == (11, 28)
    units = text.encode("utf-16-le")
    for qid, quote in zip(quotes["quote_id"], quotes["quote"], strict=True):
        start, end, _ = by_units[qid]
        assert units[2 * start:2 * end].decode("utf-16-le") == quote
        start, end, _ = by_points[qid]
        assert text[start:end] == quote


# --- caller mistakes and validation ---------------------------------------------------------------

@pytest.mark.parametrize(("call", "message"), [
    (lambda: qdpx.build_qdpx(ARTICLES, quote_rows().drop(columns="stance"), {"a1": TEXT}, project_name="p"),
     "missing column(s) ['stance']"),
    (lambda: qdpx.build_qdpx(ARTICLES.drop(columns="title"), quote_rows(), {"a1": TEXT}, project_name="p"),
     "missing column(s) ['title']"),
    (lambda: qdpx.build_qdpx(ARTICLES, quote_rows(quote_id="a1:q2"), {"a1": TEXT}, project_name="p"),
     "repeated: ['a1:q2']"),
    (lambda: qdpx.build_qdpx(ARTICLES, quote_rows(), {"a1": TEXT}, project_name="p", positions="bytes"),
     "('codepoints', 'utf16')"),
    (lambda: qdpx.build_qdpx(ARTICLES, quote_rows(), {"a1": TEXT}, project_name=" "),
     "project_name"),
])
def test_caller_mistakes_raise(call: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError) as info:
        call()
    assert message in str(info.value)


def test_texts_must_be_strings() -> None:
    with pytest.raises(TypeError, match="a1"):
        qdpx.qdpx_problems(ARTICLES, quote_rows(), {"a1": TEXT.encode()})  # type: ignore[dict-item]


VALID = (b'<Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook><Codes>'
         b'<Code guid="6f1c3c2e-8d5e-4a53-9d0c-3f9c2f1e0a11" name="c" isCodable="true"/>'
         b'</Codes></CodeBook></Project>')


@pytest.mark.parametrize("broken", [
    VALID.replace(b' isCodable="true"', b""),  # a required attribute missing
    VALID.replace(b"6f1c3c2e-8d5e", b"not-a-guid"),  # GUID pattern
    VALID.replace(b' name="p"', b""),  # the project's name is required
    VALID.replace(b"<CodeBook><Codes>", b"<CodeBook><Codes><Users/>"),  # an element out of place
    VALID.replace(b"urn:QDA-XML:project:1.0", b"urn:example"),  # wrong namespace
    VALID[:-3],  # not well-formed
])
def test_validate_qde_reports_errors_in_broken_documents(broken: bytes) -> None:
    assert qdpx.validate_qde(VALID, XSD) == []
    errors = qdpx.validate_qde(broken, XSD)
    assert errors and all(isinstance(e, str) and e for e in errors)
