"""The quote browser: its HTML in Python (escaping, determinism, labels), then in a real Chromium.

The browser tests open the browser for the bundled corpus from a file:// URL and drive it like a reader:
search, filter, sort, page, download; and with JavaScript off, the static first page.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from browser_support import chromium, page_for
from conftest import PROCESSED

from icanalysis import browser, labels

TIER = labels.values("power_tier")[1]  # an id the labels file knows, whatever its spelling
NASTY = 'He wrote “</script><b>x</b>” and <!-- then <script>alert(1)</script>'


def _quotes(*rows: dict[str, Any]) -> pd.DataFrame:
    base = {"article_id": "a1", "kind": "direct", "start": 0, "end": 1, "para_index": 0, "speaker": "Ann Lee",
            "speaker_role": "actor", "power_tier": TIER, "stance": "favour", "frames": "safety_consent",
            "is_copy": False, "attribution": "name"}
    return pd.DataFrame([{**base, "quote_id": f"a1:q{i:03d}", **row} for i, row in enumerate(rows, 1)])


def _data(view: browser.QuoteBrowser) -> dict[str, Any]:
    block = re.search(r'<script type="application/json" class="qb-data">(.*?)</script>', view.html, re.S)
    assert block, "no data block"
    return json.loads(block.group(1))


def _fold(text: str) -> str:
    return text.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


# --- pure Python ---------------------------------------------------------------------------------------------

def test_filter_quotes_and_choices_still_work() -> None:
    quotes = _quotes({"quote": "a", "stance": "against"}, {"quote": "b", "frames": "cost_resources|safety_consent"})
    assert list(browser.filter_quotes(quotes, stance="against")["quote"]) == ["a"]
    assert list(browser.filter_quotes(quotes, frame="cost_resources")["quote"]) == ["b"]
    assert browser.filter_choices(quotes)["stance"] == [browser.ALL, "against", "favour"]
    with pytest.raises(ValueError, match="valid: "):
        browser.filter_quotes(quotes, frame="nope")


def test_a_quote_that_closes_the_script_stays_data_and_shows_as_text() -> None:
    view = browser.quote_browser(_quotes({"quote": NASTY}), context={"a1:q001": f"Before. {NASTY} After."})
    block = view.html.split('class="qb-data">', 1)[1].split("</script>", 1)[0]
    assert "</" not in block and "<!--" not in block and "<script" not in block.lower()
    assert _data(view)["rows"][0][browser.CSV_COLUMNS.index("quote")] == NASTY
    assert view.html.count("</script>") == 2  # the data block's and the code's, nothing from the quote
    assert "&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;" in view.html and "<b>x" not in view.html


def test_output_is_deterministic_and_the_id_follows_the_data() -> None:
    quotes = _quotes({"quote": "one"}, {"quote": "two"})
    first, again = browser.quote_browser(quotes), browser.quote_browser(quotes.copy())
    assert first.html == again.html and repr(first) == "<quote browser: 2 quotes>"
    other = browser.quote_browser(_quotes({"quote": "one"}, {"quote": "three"}))
    ids = [re.match(r'<div class="qb-root" id="(qb-[0-9a-f]{12})"', v.html) for v in (first, other)]
    assert all(ids) and ids[0].group(1) != ids[1].group(1)  # type: ignore[union-attr]
    assert not re.search(r"0x[0-9a-f]{6,}", first.html)


def test_cells_show_labels_and_rows_keep_raw_ids() -> None:
    view = browser.quote_browser(_quotes({"quote": "q", "stance": "none", "power_tier": "", "is_copy": True}))
    row = re.search(r"<tbody>(<tr.*?</tr>)</tbody>", view.html, re.S)
    assert row
    assert 'data-stance="none"' in row.group(1) and 'data-power-tier=""' in row.group(1)
    expected = [labels.label(c, v) for c, v in (("stance", "none"), ("power_tier", ""), ("frame", "safety_consent"),
                                                ("kind", "direct"), ("is_copy", "True"), ("speaker_role", "actor"))]
    assert all(expected) and all(f">{label}<" in row.group(1) for label in expected), expected


@pytest.mark.parametrize("column", ["power_tier", "stance", "speaker_role", "kind"])
def test_labelled_columns_sort_in_labels_order_unknown_values_last(column: str) -> None:
    expected = [*labels.values(column), "zz unknown id"]
    values = expected[::-1]
    data = _data(browser.quote_browser(_quotes(*({"quote": v, column: v} for v in values))))
    position = data["sorts"].index(column)
    by_rank = sorted(range(len(values)), key=lambda i: data["keys"][i][position])
    assert [values[i] for i in by_rank] == expected


def test_static_page_has_page_size_rows_and_hidden_controls() -> None:
    view = browser.quote_browser(_quotes(*({"quote": f"q{i}"} for i in range(12))), page_size=5)
    assert view.html.count("<tr data-quote-id=") == 5
    assert '<div class="qb-controls" data-qb-js hidden>' in view.html and "Showing the first 5 of 12" in view.html


def test_quote_context_is_the_paragraph_by_article_and_index() -> None:
    quotes = _quotes({"quote": "x", "para_index": 1}, {"quote": "y", "para_index": 7})
    paragraphs = pd.DataFrame({"article_id": ["a1", "a1"], "para_index": [0, 1], "text": ["zero", "one x"]})
    assert browser.quote_context(quotes, paragraphs).to_dict() == {"a1:q001": "one x", "a1:q002": ""}


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"page_size": 0}, "page_size must be a positive integer"),
    ({"context": ["a"]}, "context must be a Series or dict"),
    ({"articles": pd.DataFrame({"id": ["a1"]})}, r"articles: missing column\(s\) \['article_id'\]"),
])
def test_caller_mistakes_raise_at_once(kwargs: dict[str, Any], error: str) -> None:
    with pytest.raises((ValueError, TypeError), match=error):
        browser.quote_browser(_quotes({"quote": "q"}), **kwargs)


def test_missing_columns_are_named() -> None:
    with pytest.raises(ValueError, match=r"missing column\(s\) \['stance'\]"):
        browser.quote_browser(_quotes({"quote": "q"}).drop(columns="stance"))


# --- in Chromium ---------------------------------------------------------------------------------------------

def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(PROCESSED / f"{name}.csv", keep_default_na=False, dtype={"article_id": str})


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    """The bundled quotes with their paragraph (``context``) and article columns, as the browser shows them."""
    quotes = _read("quotes")
    context = browser.quote_context(quotes, _read("paragraphs"))
    return quotes.assign(context=context.to_numpy()).merge(
        _read("articles")[["article_id", "outlet", "title"]], on="article_id", how="left")


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """file:// URLs of the bundled corpus's browser and of a page holding two small browsers."""
    folder = tmp_path_factory.mktemp("browser")
    quotes = _read("quotes")
    bundled = browser.quote_browser(quotes, context=browser.quote_context(quotes, _read("paragraphs")),
                                    articles=_read("articles"))
    small = _quotes({"quote": NASTY, "speaker": "Zed"}, {"quote": "plain", "stance": "against"})
    two = browser.quote_browser(small).html + browser.quote_browser(small.iloc[::-1]).html
    urls = {}
    for name, body in (("bundled", bundled.html), ("two", two)):
        path = folder / f"{name}.html"
        path.write_text(f'<!doctype html><meta charset="utf-8"><title>{name}</title><body>{body}</body>',
                        encoding="utf-8")
        urls[name] = path.as_uri()
    return urls


@pytest.fixture(scope="module")
def chrome() -> Iterator[Any]:
    with chromium() as running:
        yield running


def _ids(page: Any) -> list[str]:
    return page.eval_on_selector_all("tbody tr", "rows => rows.map(r => r.dataset.quoteId)")


def test_first_page_and_count(chrome: Any, pages: dict[str, str], corpus: pd.DataFrame) -> None:
    with page_for(chrome, pages["bundled"]) as page:
        assert page.inner_text(".qb-count") == f"{len(corpus)} of {len(corpus)} quotes"
        assert page.inner_text(".qb-page") == f"rows 1–25, page 1 of {-(-len(corpus) // 25)}"
        assert _ids(page) == list(corpus["quote_id"][:25])
        assert page.is_visible(".qb-controls") and not page.is_visible(".qb-note")


def test_script_renders_the_same_rows_as_python(chrome: Any, pages: dict[str, str]) -> None:
    with page_for(chrome, pages["bundled"], javascript=False) as static:
        python_rows = static.inner_html("tbody")
        assert static.locator("tbody tr").count() == 25 and static.is_visible(".qb-note")
        assert not static.is_visible(".qb-controls") and "Context" in static.inner_text("tbody")
    with page_for(chrome, pages["bundled"]) as page:
        assert page.inner_html("tbody") == python_rows


def test_search_narrows_to_rows_containing_the_term(chrome: Any, pages: dict[str, str], corpus: pd.DataFrame) -> None:
    term = "don't"  # the corpus spells it with a curly apostrophe too
    hay = (corpus["quote"] + "\n" + corpus["speaker"] + "\n" + corpus["context"]).map(_fold)
    expected = corpus["quote_id"][hay.str.contains(term, regex=False)]
    assert 0 < len(expected) < len(corpus)
    with page_for(chrome, pages["bundled"]) as page:
        page.fill(".qb-search input", term)
        assert page.inner_text(".qb-count") == f"{len(expected)} of {len(corpus)} quotes"
        assert _ids(page) == list(expected[:25])


def test_stance_filter_shows_only_that_stance(chrome: Any, pages: dict[str, str], corpus: pd.DataFrame) -> None:
    with page_for(chrome, pages["bundled"]) as page:
        page.select_option("select[data-key=stance]", "=against")
        stances = page.eval_on_selector_all("tbody tr", "rows => rows.map(r => r.dataset.stance)")
        assert stances == ["against"] * int((corpus["stance"] == "against").sum())
        cells = page.eval_on_selector_all("td.qb-c-stance", "cells => cells.map(c => c.textContent)")
        assert set(cells) == {labels.label("stance", "against")}


def test_sorting_by_speaker_orders_rows(chrome: Any, pages: dict[str, str], corpus: pd.DataFrame) -> None:
    with page_for(chrome, pages["bundled"]) as page:
        page.select_option(".qb-size", "0")
        page.click("th[data-sort=speaker]")
        speakers = page.eval_on_selector_all("td.qb-c-speaker", "cells => cells.map(c => c.textContent)")
        assert len(speakers) == len(corpus)
        assert speakers == sorted(speakers, key=lambda s: (s == "—", s.casefold()))
        assert page.get_attribute("th[data-sort=speaker]", "aria-sort") == "ascending"
        page.click("th[data-sort=speaker]")
        again = page.eval_on_selector_all("td.qb-c-speaker", "cells => cells.map(c => c.textContent)")
        assert again == speakers[::-1]


def test_next_page_shows_the_next_rows(chrome: Any, pages: dict[str, str], corpus: pd.DataFrame) -> None:
    with page_for(chrome, pages["bundled"]) as page:
        assert page.is_disabled(".qb-prev")
        page.click(".qb-next")
        assert _ids(page) == list(corpus["quote_id"][25:50])
        assert page.inner_text(".qb-page").startswith("rows 26–50, page 2 of")
        page.click(".qb-prev")
        assert _ids(page) == list(corpus["quote_id"][:25])


def test_download_is_the_filtered_rows_as_utf8_csv(chrome: Any, pages: dict[str, str], corpus: pd.DataFrame) -> None:
    with page_for(chrome, pages["bundled"]) as page:
        page.select_option("select[data-key=frame]", "=safety_consent")
        with page.expect_download() as info:
            page.click(".qb-download")
        raw = Path(info.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    expected = corpus[corpus["frames"].str.split("|").map(lambda fs: "safety_consent" in fs)]
    assert list(table[0]) == list(browser.CSV_COLUMNS) and len(table) == len(expected) > 25
    for row, (_, want) in zip(table, expected.iterrows(), strict=True):
        assert (row["quote_id"], row["quote"], row["context"], row["outlet"]) == (
            want["quote_id"], want["quote"], want["context"], want["outlet"])


def test_script_breaking_quote_is_text_and_two_browsers_do_not_clash(chrome: Any, pages: dict[str, str]) -> None:
    with page_for(chrome, pages["two"]) as page:
        roots = page.locator(".qb-root")
        assert roots.count() == 2 and page.locator(".qb-root[data-qb-ready]").count() == 2
        assert page.locator("tbody b").count() == 0 and page.locator("script:not([class]):not([src])").count() == 2
        assert NASTY in roots.nth(0).locator("tbody").inner_text()
        roots.nth(0).locator("select[data-key=stance]").select_option("=against")
        assert [roots.nth(i).locator(".qb-count").inner_text() for i in (0, 1)] == ["1 of 2 quotes", "2 of 2 quotes"]
