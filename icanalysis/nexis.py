"""Nexis / LexisNexis bulk text exports: one ``.TXT`` file, many articles, each with its metadata.

The layout (as read by the R package LexisNexisTools, ``lnt_read``): a request header (download request, time,
terms, sources), then per article a ``N of M DOCUMENTS`` separator, centred lines with the outlet, the date line
and edition lines, the title, ``KEY: value`` fields (``BYLINE``, ``SECTION``, ``LENGTH``, ``DATELINE`` ...), the
body paragraphs, trailer fields (``LOAD-DATE``, ``LANGUAGE``, ``PUBLICATION-TYPE``, ``JOURNAL-CODE`` ...) and a
centred copyright line. :func:`split_export` returns each article's body and metadata and counts the header and
trailer lines, so the run report can account for every line that is not body text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_SEPARATOR_RE = re.compile(r"^\s*(\d+) of (\d+) DOCUMENTS?\s*$", re.MULTILINE)
_FIELD_RE = re.compile(r"^([A-Z][A-Z-]{1,30}):\s?(.*)$")
_TRAILER_KEYS = frozenset({"LOAD-DATE", "LANGUAGE", "PUBLICATION-TYPE", "JOURNAL-CODE", "GRAPHIC", "DOCUMENT-TYPE",
                           "CORRECTION-DATE", "URL", "NOTES", "SUBJECT", "ORGANIZATION", "PERSON", "GEOGRAPHIC",
                           "COUNTRY", "CITY", "STATE", "INDUSTRY", "TICKER", "DISTRIBUTION", "TYPE"})
_DATE_LINE_RE = re.compile(r"^([A-Z][a-z]+ \d{1,2}, \d{4})(?:\s+[A-Z][a-z]+day)?\b")
_COPYRIGHT_RE = re.compile(r"^\s*(Copyright|\u00a9|All Rights Reserved)", re.IGNORECASE)


@dataclass
class NexisArticle:
    """One article of an export: its body (paragraphs separated by blank lines) and metadata."""

    number: int
    body: str
    outlet: str = ""
    published: str = ""  # the date as written ("January 11, 2010"); the loader normalises it
    title: str = ""
    author: str = ""
    fields: dict[str, str] = field(default_factory=dict)  # every KEY: value field, as written
    meta_lines: int = 0  # non-blank lines of the article that are metadata, not body
    body_lines: int = 0  # non-blank lines of the body


def looks_like_export(text: str) -> bool:
    """Whether ``text`` is a Nexis text export (at least one ``N of M DOCUMENTS`` separator line)."""
    return _SEPARATOR_RE.search(text) is not None


def _date_as_written(line: str) -> str:
    """The date a Nexis date line starts with ("January 11, 2010" of "January 11, 2010 Monday"), or ''."""
    match = _DATE_LINE_RE.match(line.strip())
    return match.group(1) if match else ""


def _paragraphs(lines: list[str]) -> str:
    """Body lines (hard-wrapped at ~80 characters) joined into paragraphs separated by a blank line."""
    paras, current = [], []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            paras.append(" ".join(current))
            current = []
    if current:
        paras.append(" ".join(current))
    return "\n\n".join(paras)


def _parse(number: int, block: str) -> NexisArticle:
    lines = block.split("\n")
    art = NexisArticle(number, "")
    head: list[str] = []  # centred lines before the title
    i = 0
    while i < len(lines) and (not lines[i].strip() or lines[i].startswith("  ")):
        if lines[i].strip():
            head.append(lines[i].strip())
        i += 1
    if head:
        art.outlet = head[0]
        for line in head[1:]:
            art.published = art.published or _date_as_written(line)
    title: list[str] = []
    while i < len(lines) and not _FIELD_RE.match(lines[i]):
        if lines[i].strip():
            title.append(lines[i].strip())
        i += 1
    art.title = " ".join(title)
    # the fields before the body: KEY: value lines (and blank lines between them)
    while i < len(lines) and (not lines[i].strip() or _FIELD_RE.match(lines[i])):
        match = _FIELD_RE.match(lines[i])
        if match and match.group(1) not in _TRAILER_KEYS:
            art.fields[match.group(1)] = match.group(2).strip()
        elif match:
            break
        i += 1
    body_start = i
    end = len(lines)
    for j in range(body_start, len(lines)):  # the trailer begins at the first trailer field or copyright line
        match = _FIELD_RE.match(lines[j])
        if (match and match.group(1) in _TRAILER_KEYS) or _COPYRIGHT_RE.match(lines[j]):
            end = j
            break
    for line in lines[end:]:
        match = _FIELD_RE.match(line)
        if match:
            art.fields.setdefault(match.group(1), match.group(2).strip())
    art.body = _paragraphs(lines[body_start:end])
    art.author = art.fields.get("BYLINE", "")
    art.meta_lines = sum(1 for line in lines[:body_start] + lines[end:] if line.strip())
    art.body_lines = sum(1 for line in lines[body_start:end] if line.strip())
    return art


def split_export(text: str) -> tuple[list[NexisArticle], int]:
    """The articles of a Nexis text export (line ends already ``\\n``) and the number of non-blank lines of the
    request header before the first article."""
    matches = list(_SEPARATOR_RE.finditer(text))
    header_lines = sum(1 for line in text[:matches[0].start()].split("\n") if line.strip()) if matches else 0
    articles = []
    for k, match in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        articles.append(_parse(int(match.group(1)), text[match.end():end].strip("\n")))
    return articles, header_lines


_DOCX_FIELD_RE = re.compile(r"^([A-Z][A-Za-z-]+(?: [A-Za-z-]+)?):[\s\u00a0]*(.*)$")
_DOCX_BODY = "Body"
_DOCX_END = "End of Document"


def split_docx_paragraphs(paragraphs: list[str]) -> tuple[list[NexisArticle], int]:
    """The articles of a Nexis Uni Word export given its paragraphs' texts, and the number of non-blank cover
    lines (the job summary and the list of documents) before the first article.

    Each document is: title, outlet, date line, an optional copyright line, ``Key: value`` fields (Section,
    Length, Byline ...), ``Body``, the body paragraphs, optional trailing fields (Load-Date, Language ...), and
    ``End of Document``."""
    lines = [p.strip() for p in paragraphs if p.strip()]
    ends = [i for i, line in enumerate(lines) if line == _DOCX_END]
    if not ends:
        return [], len(lines)
    first_body = next((i for i, line in enumerate(lines) if line == _DOCX_BODY), None)
    if first_body is None or first_body > ends[0]:
        return [], len(lines)
    # the first document starts at its title: the line before outlet and date, above its fields
    start = first_body
    while start > 0 and (_DOCX_FIELD_RE.match(lines[start - 1]) or _COPYRIGHT_RE.match(lines[start - 1])):
        start -= 1
    start = max(0, start - 3)  # title, outlet, date line
    header_lines = start
    articles, begin = [], start
    for number, end in enumerate(ends, start=1):
        articles.append(_parse_docx(number, lines[begin:end]))
        begin = end + 1
    return articles, header_lines


def _parse_docx(number: int, lines: list[str]) -> NexisArticle:
    art = NexisArticle(number, "")
    body_at = lines.index(_DOCX_BODY) if _DOCX_BODY in lines else len(lines)
    head = lines[:body_at]
    plain = [line for line in head if not _DOCX_FIELD_RE.match(line) and not _COPYRIGHT_RE.match(line)]
    if plain:
        art.title = plain[0]
    if len(plain) > 1:
        art.outlet = plain[1]
    for line in plain[2:]:
        art.published = art.published or _date_as_written(line)
    for line in head:
        match = _DOCX_FIELD_RE.match(line)
        if match:
            art.fields[match.group(1).upper().replace(" ", "-")] = match.group(2).strip()
    body, trailer = [], []
    for line in lines[body_at + 1:]:
        match = _DOCX_FIELD_RE.match(line)
        if match and match.group(1).upper().replace(" ", "-") in _TRAILER_KEYS:
            trailer.append(line)
            art.fields.setdefault(match.group(1).upper().replace(" ", "-"), match.group(2).strip())
        elif trailer:
            trailer.append(line)
        else:
            body.append(line)
    art.body = "\n\n".join(body)
    art.author = art.fields.get("BYLINE", "")
    art.body_lines = len(body)
    art.meta_lines = len(head) + (1 if body_at < len(lines) else 0) + len(trailer) + 1  # + "End of Document"
    return art
