"""The fuzzing gate: property-based tests (hypothesis) over generated article texts and raw files.

Whatever the text (random Unicode with right-to-left and zero-width marks, unbalanced and mixed quotation marks
of many scripts, CR/CRLF line ends, byte-order marks, very long lines, many tiny paragraphs), the per-article
chain never raises, every quote row quotes its offsets exactly (``text[start:end] == quote``), offsets lie in
bounds, and every raw file becomes articles or a run-report row. CI runs a bounded number of examples
(``FUZZ_EXAMPLES``, default 40, the same examples every run); ``benchmarks/fuzz.py`` runs the same properties
long with fresh random examples (``FUZZ_RANDOM=1``) and reports the count.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from icanalysis.loading import load_file
from icanalysis.quotes import QuoteSettings
from icanalysis.settings import RunSettings
from icanalysis.stages import process_article

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
MARKS = "\"'“”‘’„‚«»‹›「」『』《》〝〞＂＇`´"
SPECIAL = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u00ad"
RTL = "אבגדהוזחטיכלמנסעפצקרשתابتثجحخدذرزسشصضطظعغفقكلمنهوي"
WORDS = ["said", "says", "told", "according to", "Ann Lee", "the director", "she", "he", "they", "intimacy",
         "coordinator", "Mr", "Dr.", "St.", "e.g.", "U.S.", "—", "–", "...", ":", ";", ",", ".", "?", "!"]

_piece = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),  # any Unicode but surrogates
    st.sampled_from(WORDS),
    st.text(alphabet=MARKS, min_size=1, max_size=6),
    st.text(alphabet=SPECIAL + RTL, min_size=1, max_size=12),
    st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\n\n\n", " ", "\t"]),
    st.integers(min_value=200, max_value=4000).map(lambda n: "word " * (n // 5)),  # a long line
)
texts = st.lists(_piece, max_size=60).map(" ".join)
tiny_paragraphs = st.lists(st.text(alphabet="ab“”\" .", min_size=1, max_size=5), min_size=50, max_size=300).map(
    "\n\n".join)
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("FUZZ_RANDOM"),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _check_article(text: str, settings: RunSettings = RunSettings()) -> None:
    rows = process_article(text, {"article_id": "f"}, settings)
    n = len(text)
    for q in rows.quotes:
        assert 0 <= q.start <= q.end <= n, (q.start, q.end, n)
        assert text[q.start:q.end] == q.quote, (q.start, q.end, q.quote)
    for p in rows.paragraphs:
        assert 0 <= p["start"] <= p["end"] <= n
        assert text[p["start"]:p["end"]] == p["text"]
    for s in rows.sentences:
        assert 0 <= s["start"] <= s["end"] <= n
        assert text[s["start"]:s["end"]] == s["text"]


@FUZZ
@given(texts)
def test_any_text_gives_exact_offsets(text: str) -> None:
    _check_article(text)


@FUZZ
@given(tiny_paragraphs)
def test_many_tiny_paragraphs(text: str) -> None:
    _check_article(text)


@FUZZ
@given(texts)
def test_paragraphs_over_the_mark_budget_keep_exact_offsets(text: str) -> None:
    """A budget of five marks puts most generated paragraphs over it: blanked, not searched, offsets exact."""
    _check_article(text, RunSettings(quotes=QuoteSettings(max_marks_per_paragraph=5)))


@FUZZ
@given(st.binary(max_size=3000), st.sampled_from(["a.txt", "a.html", "a.jsonl", "a.csv", "a.docx", "a.bin"]),
       st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]))
def test_any_bytes_become_articles_or_a_report_row(data: bytes, name: str, bom: bytes) -> None:
    articles, skips = load_file(name, bom + data, manifest_row=None)
    assert articles or skips  # every input accounted for
    for article in articles:
        article.text.encode("utf-8")  # writable
        assert article.meta["article_id"]
