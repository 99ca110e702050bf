"""Factiva exports saved as HTML: every article of the page split out with its metadata.

Factiva's "Article" display saved as a web page (the layout the R packages ``newspapers::import_factiva`` and
``tm.plugin.factiva`` read) holds one ``<div class="article xxArticle">`` per document (``xx`` the interface
language): the section in a plain ``<div>`` before the headline, the headline in ``<span class="xxHeadline">``,
the byline in ``<div class="author">``, then plain ``<div>`` fields in a fixed order after the word count
(``877 words``, in the interface language): date, source (outlet), source code, edition, page, language,
copyright; the body is the ``<p class="articleParagraph ...">`` paragraphs; the last ``<p>`` carries the
accession number (``Document NYTF000020050408dp1900j9s``).

The other Factiva layouts (RTF, the "Full Article/Report plus Indexing" tables) are not read: such a page has no
article divisions and gets a run-report row saying how to save it. Parsed with lxml (trafilatura's parser).
"""

from __future__ import annotations

import re

from .nexis import NexisArticle
from .textmeta import byline_author

_WORDS_RE = re.compile(r"^\d[\d,.\s]*\s(?:words|mots|wörter|palabras|parole|palavras|woorden|ord|слов|字|語)$",
                       re.IGNORECASE)
_DOCUMENT_RE = re.compile(r"^(?:Document|Dokument|Documento|Documenten?)\s+(\S+)$")
_SPACE_RE = re.compile(r"\s+")
FIELDS_AFTER_WORDS = ("PUBLISHED", "SOURCE", "SOURCE_CODE", "EDITION", "PAGE", "LANGUAGE", "COPYRIGHT")


def looks_like_factiva(html: str) -> bool:
    """Whether a saved page is a Factiva article display (article divisions and article paragraphs)."""
    return "articleParagraph" in html and re.search(r'class="article [a-z]{2}Article"', html) is not None


def _text(node: object) -> str:
    return _SPACE_RE.sub(" ", str(node.text_content())).strip()  # type: ignore[attr-defined]


def split_factiva_html(html: str) -> tuple[list[NexisArticle], int]:
    """The articles of a Factiva HTML page, and how many text blocks outside the articles (page chrome) it has."""
    from lxml import html as lxml_html

    root = lxml_html.fromstring(html)
    nodes = root.xpath('//div[contains(@class, "Article") and contains(@class, "article")]')
    found = []
    for number, node in enumerate(nodes, start=1):
        headline = node.xpath('.//span[contains(@class, "Headline")]')
        author = node.xpath('.//div[@class="author"]')
        plain = [_text(d) for d in node.xpath("./div[not(@*)]")]
        fields: dict[str, str] = {}
        words_at = next((i for i, v in enumerate(plain) if _WORDS_RE.match(v)), None)
        if words_at is not None:
            fields["LENGTH"] = plain[words_at]
            if words_at > 0:
                fields["SECTION"] = plain[0]
            for name, value in zip(FIELDS_AFTER_WORDS, plain[words_at + 1:], strict=False):
                fields[name] = value
        paragraphs = [_text(p) for p in node.xpath('.//p[contains(@class, "articleParagraph")]')]
        paragraphs = [p for p in paragraphs if p]
        for p in node.xpath(".//p[not(@class)]"):
            match = _DOCUMENT_RE.match(_text(p))
            if match:
                fields["DOCUMENT"] = match.group(1)
        byline = _text(author[0]) if author else ""
        found.append(NexisArticle(
            number=number, body="\n\n".join(paragraphs), outlet=fields.get("SOURCE", ""),
            published=fields.get("PUBLISHED", ""), title=_text(headline[0]) if headline else "",
            author=byline_author(byline) or byline, fields=fields,
            meta_lines=len(plain) + bool(headline) + bool(author), body_lines=len(paragraphs)))
    outside = len([t for t in root.xpath("//body//text()") if str(t).strip()]) - sum(
        len([t for t in n.xpath(".//text()") if str(t).strip()]) for n in nodes)
    return found, max(outside, 0)
