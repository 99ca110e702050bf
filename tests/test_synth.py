"""Synthetic archive generator: determinism, valid truth offsets, copy kinds, verbatim lifts, Jaccard bands."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from icanalysis.synth import (
    COPY_KINDS,
    QUOTE_STYLES,
    SynthArticle,
    SynthSettings,
    iter_articles,
    write_archive,
)

N = 500
_TOKEN = re.compile(r"[a-z0-9]+")


@pytest.fixture(scope="module")
def articles() -> list[SynthArticle]:
    return list(iter_articles(N, SynthSettings(seed=11)))


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _paragraphs(article: SynthArticle) -> list[str]:
    """Paragraphs by the truth definition: non-boilerplate, non-empty lines."""
    boilerplate = set(article.boilerplate_lines)
    return [line for line in article.text.split("\n") if line and line not in boilerplate]


def _shingles(text: str, k: int = 5) -> set[tuple[str, ...]]:
    words = _TOKEN.findall(text.lower())
    return {tuple(words[i:i + k]) for i in range(len(words) - k + 1)}


def _jaccard(a: str, b: str) -> float:
    sa, sb = _shingles(a), _shingles(b)
    return len(sa & sb) / len(sa | sb)


@pytest.mark.parametrize("fmt", ["txt", "jsonl"])
def test_same_seed_same_bytes_different_seed_different(tmp_path: Path, fmt: str) -> None:
    settings = SynthSettings(seed=5)
    write_archive(60, tmp_path / "a", settings=settings, fmt=fmt)
    write_archive(60, tmp_path / "b", settings=settings, fmt=fmt)
    write_archive(60, tmp_path / "c", settings=SynthSettings(seed=6), fmt=fmt)
    first, second, other = _digest(tmp_path / "a"), _digest(tmp_path / "b"), _digest(tmp_path / "c")
    assert first == second
    assert first.keys() == other.keys()
    assert first != other
    assert not [name for name in first if name.endswith(".tmp")]


def test_prefix_does_not_depend_on_n() -> None:
    short = [a.text for a in iter_articles(20, SynthSettings(seed=3))]
    long = [a.text for a in iter_articles(40, SynthSettings(seed=3))]
    assert long[:20] == short


def test_quote_offsets_and_fields(articles: list[SynthArticle]) -> None:
    styles = Counter()
    for art in articles:
        for q in art.quotes:
            assert art.text[q["start"]:q["end"]] == q["quote"]
            assert q["quote"] == q["quote"].strip() and not q["quote"].endswith(",")
            assert q["kind"] in ("direct", "indirect")
            assert q["speaker"] in {s["name"] for s in art.speakers}
            styles[q["style"]] += 1
    assert set(styles) == set(QUOTE_STYLES)


def test_speakers_are_introduced_by_full_name(articles: list[SynthArticle]) -> None:
    for art in articles:
        if art.copy_kind:
            continue
        for speaker in art.speakers:
            assert speaker["gender"] in ("female", "male")
            first_quote = min(q["start"] for q in art.quotes if q["speaker"] == speaker["name"])
            end_of_paragraph = art.text.find("\n", first_quote)
            assert 0 <= art.text.find(speaker["name"]) < end_of_paragraph
            body = "\n".join(_paragraphs(art))  # bylines and credits never share a speaker's surname
            surname = speaker["name"].split()[-1]
            assert body.find(surname) == body.find(speaker["name"]) + len(speaker["name"]) - len(surname)


def test_copy_kinds_in_expected_proportions(articles: list[SynthArticle]) -> None:
    settings = SynthSettings()
    counts = Counter(a.copy_kind for a in articles)
    for kind, share in settings.copy_shares.items():
        assert abs(counts[kind] / N - share) < 0.04, (kind, counts[kind])
    copies = sum(counts[k] for k in COPY_KINDS)
    assert 0.18 <= copies / N <= 0.30


def test_copies_follow_their_source(articles: list[SynthArticle]) -> None:
    by_id = {a.article_id: a for a in articles}
    for art in articles:
        if not art.copy_kind:
            assert art.copy_of == "" and art.lifted_paragraphs == []
            continue
        source = by_id[art.copy_of]
        assert source.copy_kind == ""
        assert source.article_id < art.article_id
        assert source.published < art.published <= "2025-12-31"
        assert art.outlet != source.outlet


def test_blog_lifts_are_verbatim(articles: list[SynthArticle]) -> None:
    by_id = {a.article_id: a for a in articles}
    blogs = [a for a in articles if a.copy_kind == "blog_lift"]
    assert blogs
    for blog in blogs:
        assert 2 <= len(blog.lifted_paragraphs) <= 4
        source_paras, blog_paras = _paragraphs(by_id[blog.copy_of]), _paragraphs(blog)
        for source_index, para_index in blog.lifted_paragraphs:
            assert blog_paras[para_index] == source_paras[source_index]


def test_reused_paragraphs_are_identical(articles: list[SynthArticle]) -> None:
    by_id = {a.article_id: a for a in articles}
    for art in articles:
        if art.copy_kind:
            source_paras, paras = _paragraphs(by_id[art.copy_of]), _paragraphs(art)
            for source_index, para_index in art.reused_paragraphs:
                assert paras[para_index] == source_paras[source_index]


def test_boilerplate_lines_are_whole_lines(articles: list[SynthArticle]) -> None:
    for art in articles:
        lines = art.text.split("\n")
        assert art.title in lines[:3] and art.title in art.boilerplate_lines
        counts = Counter(lines)
        for line, n in Counter(art.boilerplate_lines).items():
            assert counts[line] == n
        assert art.text.endswith("\n") and "\n\n\n" not in art.text and "\r" not in art.text


@pytest.mark.parametrize(("kind", "low", "high"), [
    ("wire_copy", 0.75, 1.0),
    ("light_edit", 0.35, 0.55),
    ("heavy_rewrite", 0.18, 0.32),
    ("blog_lift", 0.10, 0.22),
])
def test_known_answer_jaccard_bands(articles: list[SynthArticle], kind: str, low: float, high: float) -> None:
    """Mean article-level Jaccard (word 5-gram shingles, boilerplate lines removed) per copy kind."""
    by_id = {a.article_id: a for a in articles}
    values = [_jaccard("\n".join(_paragraphs(a)), "\n".join(_paragraphs(by_id[a.copy_of])))
              for a in articles if a.copy_kind == kind]
    mean = sum(values) / len(values)
    assert low <= mean <= high, (kind, round(mean, 3))


def test_unrelated_originals_share_little(articles: list[SynthArticle]) -> None:
    originals = [a for a in articles if not a.copy_kind][:60]
    values = [_jaccard(a.text, b.text) for a, b in zip(originals, originals[1:], strict=False)]
    assert max(values) < 0.1


def test_write_archive_tables(tmp_path: Path) -> None:
    counts = write_archive(80, tmp_path / "txt", settings=SynthSettings(seed=2))
    folder = tmp_path / "txt"
    with open(folder / "raw" / "manifest.csv", newline="", encoding="utf-8") as handle:
        manifest = list(csv.DictReader(handle))
    assert list(manifest[0]) == ["article_id", "file", "outlet", "title", "author", "published", "url", "notes",
                                 "derived_from"]
    assert len(manifest) == counts["articles"] == 80
    assert all(row["derived_from"] == "" for row in manifest)
    texts = {row["article_id"]: (folder / "raw" / row["file"]).read_text(encoding="utf-8") for row in manifest}
    with open(folder / "truth" / "quotes.csv", newline="", encoding="utf-8") as handle:
        quotes = list(csv.DictReader(handle))
    assert len(quotes) == counts["quotes"]
    for q in quotes:
        assert texts[q["article_id"]][int(q["start"]):int(q["end"])] == q["quote"]
    with open(folder / "truth" / "duplicates.csv", newline="", encoding="utf-8") as handle:
        dups = list(csv.DictReader(handle))
    assert len(dups) == sum(counts[k] for k in COPY_KINDS)
    assert {d["copy_kind"] for d in dups} <= set(COPY_KINDS)
    for name in ("paragraph_reuse.csv", "boilerplate.csv", "speakers.csv"):
        assert (folder / "truth" / name).exists()

    write_archive(10, tmp_path / "jsonl", settings=SynthSettings(seed=2), fmt="jsonl")
    lines = (tmp_path / "jsonl" / "raw" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert list(records[0]) == ["id", "text", "title", "outlet", "author", "published", "url"]
    assert [r["text"] for r in records] == [texts[f"syn{i:06d}"] for i in range(10)]


@pytest.mark.parametrize(("call", "error"), [
    (lambda p: write_archive(5, p, fmt="html"), ValueError),
    (lambda p: write_archive(-1, p), ValueError),
    (lambda p: list(iter_articles("5")), TypeError),  # type: ignore[arg-type]
    (lambda p: SynthSettings(wire_copy_share=1.5), ValueError),
    (lambda p: SynthSettings(min_paragraphs=9, max_paragraphs=8), ValueError),
    (lambda p: SynthSettings(light_edit_rate=(0.2, 0.1)), ValueError),
])
def test_caller_mistakes_raise(tmp_path: Path, call, error) -> None:
    with pytest.raises(error):
        call(tmp_path / "out")


def test_refuses_non_empty_folder_unless_overwrite(tmp_path: Path) -> None:
    write_archive(3, tmp_path)
    with pytest.raises(FileExistsError):
        write_archive(3, tmp_path)
    write_archive(3, tmp_path, overwrite=True)
