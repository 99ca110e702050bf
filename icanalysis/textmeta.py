"""Metadata an article states in its own text: the title, the byline (author) and the dateline (published).

Used for articles that arrive without metadata (a text or Word file with no manifest row). Only clear patterns
in the article's first lines count; anything less clear leaves the field empty:

* dateline: a line that is only a date (``March 3, 2025``, ``3 March 2025``, ``2025-03-03``), optionally labelled
  (``Published``, ``Posted``, ``Date:``, ``First published on``) and followed by a time (``12:20 p.m. ET``);
  a line labelled ``Updated`` is taken only when no other dateline is there;
* byline: ``By Jane Roe``, ``By Jane Roe and John Doe``, ``By JANE ROE, Staff Writer``, ``Written by ...``;
* title: the first line, if it is 2-25 words, does not end like a sentence (``.``, ``,``, ``;``, ``:``) nor start with
  a quotation mark, and is followed by a blank line, a byline or a dateline.

The lines themselves are not body text: cleaning removes the title line (``metadata_title``), bylines
(``byline``) and datelines (``dateline``, :func:`dateline_date`) wherever they stand.

:func:`normalize_date`, the one date reader of the package (manifests, records, exports, datelines), lives here.
"""

from __future__ import annotations

import datetime as dt
import re

from .lexicons import word_list

_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%d %B %Y", "%B %d %Y", "%b %d %Y",
                 "%d %b %Y", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d %H:%M:%S")
_YEAR_RE = re.compile(r"\d{4}")  # strptime reads %Y, in every format above, as four digits (\d\d\d\d)


def normalize_date(value: str) -> tuple[str, str]:
    """ISO date for a date string, or ('', problem) when it cannot be read."""
    value = (value or "").strip()
    if not value:
        return "", ""
    for fmt in _DATE_FORMATS if _YEAR_RE.search(value) else ():  # no four digits: no format can match
        try:
            return dt.datetime.strptime(value, fmt).date().isoformat(), ""
        except ValueError:
            continue
    return "", f"malformed date {value!r}: expected YYYY-MM-DD"


HEADER_LINES = 6  # only the first non-empty lines can carry the metadata
MAX_TITLE_WORDS = 25
MAX_DATELINE_WORDS = 12

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_DATE = (rf"(?P<date>\d{{4}}-\d{{2}}-\d{{2}}|{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|"
         rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\.?,?\s+\d{{4}})")
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
_TIME = r"(?:\s*(?:,|at|\||-|–|—)?\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?"
_DATELINE = re.compile(
    rf"^\s*(?P<label>(?:(?:first\s+)?published|posted|date|(?:last\s+)?updated|modified)(?:\s+on)?\s*:?\s+)?"
    rf"{_WEEKDAY}{_DATE}{_TIME}\s*\.?\s*$", re.IGNORECASE)
_NAME = r"[A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]+|de|van|von|der|la|le|del|da|di|bin|al))*"
_BYLINE = re.compile(rf"^\s*(?i:by|written\s+by)\s+(?P<names>{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*?)"
                     r"\s*(?:[,|–—-]\s*.{0,60})?$")
_SENTENCE_END = ".,;:"
_QUOTES = "\"“”‘’'«"


def dateline_date(line: str) -> tuple[str, bool]:
    """(ISO date, labelled 'updated') if ``line`` is a dateline, else ("", False)."""
    if len(line.split()) > MAX_DATELINE_WORDS:
        return "", False
    match = _DATELINE.match(line)
    if not match:
        return "", False
    raw = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", match.group("date"))
    raw = re.sub(r"\bSept\b", "Sep", raw.replace(".", "").replace(",", ""))
    raw = re.sub(r"\s+", " ", raw)
    iso = normalize_date(raw)[0]
    label = (match.group("label") or "").lower()
    return iso, ("updated" in label or "modified" in label)


def byline_author(line: str) -> str:
    """The author name(s) of a byline line ("" if ``line`` is none: "By Friday, the studio had ..." is a
    sentence, not a byline)."""
    match = _BYLINE.match(line)
    if not match or len(line.split()) > 16 or line.rstrip()[-1:] in ".!?":
        return ""
    if match.group("names").split()[0].casefold() in word_list("not_names.txt"):
        return ""
    names = re.split(r"\s*(?:,|\band\b|&)\s*", match.group("names"))
    names = [" ".join(w if not w.isupper() or len(w) <= 2 else w.title() for w in n.split()) for n in names if n]
    return " and ".join(names)


def from_text(text: str) -> dict[str, str]:
    """The title, author and published date the article's first lines state (only the fields found)."""
    raw_lines = text.split("\n")
    lines = [(i, line.strip()) for i, line in enumerate(raw_lines) if line.strip()][:HEADER_LINES]
    found: dict[str, str] = {}
    updated = ""
    for _, line in lines:
        iso, is_update = dateline_date(line)
        if iso and is_update:
            updated = updated or iso
        elif iso:
            found.setdefault("published", iso)
        author = byline_author(line)
        if author:
            found.setdefault("author", author)
    if "published" not in found and updated:
        found["published"] = updated
    if len(lines) >= 3:
        index, first = lines[0]
        next_index, second = lines[1]
        n_words = len(first.split())
        blank_after = next_index > index + 1
        header_after = bool(byline_author(second) or dateline_date(second)[0])
        if (2 <= n_words <= MAX_TITLE_WORDS and first[-1] not in _SENTENCE_END and first[0] not in _QUOTES
                and not byline_author(first) and not dateline_date(first)[0] and (blank_after or header_after)):
            found["title"] = first
    return found
