"""Cleaning: split an article's source text into paragraphs with offsets and remove web boilerplate.

A paragraph is a non-empty line of the source text. Every removed line (or fused prefix) goes into the
``removed`` table with the rule that removed it, so the kept and the removed characters together account for
every non-blank character of the source.

Rules come from ``icanalysis/data/boilerplate_rules.csv`` (extendable: pass ``extra_rules``) plus three
context rules that a single regex cannot express: lines repeating the article's own metadata or
repeated back to back by the scrape, captions (short verbless lines, ended by a full stop or next to a
photo credit), and the credit line that follows a caption.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .lexicons import BoilerplateRule, boilerplate_rules, read_boilerplate_rules, word_list
from .schemas import PARAGRAPH_COLUMNS, REMOVED_COLUMNS
from .textmeta import dateline_date, normalize_date
from .textnorm import collapse_whitespace, normalize_for_matching, words

_QUOTE_CHARS = re.compile(r"[\"“”«»]|(?<!\w)['‘’]|['‘’](?!\w)")  # apostrophes inside words do not count
_TITLE_WORD = re.compile(r"^[A-Z0-9][\w.'’&/-]*$")
_CONNECTORS = frozenset({"of", "and", "the", "&", "for", "de", "van", "von", "in", "on", "at"})


@dataclass(frozen=True)
class CleanSettings:
    """Options for boilerplate removal.

    Attributes:
        rules_path: a rules CSV replacing the packaged one (None: packaged rules).
        extra_rules_path: a rules CSV whose rules run after the packaged ones (researchers' additions).
        max_caption_words: longer lines are never taken for captions.
        max_repeat_words: longer lines are never taken for scrape repetitions or metadata repeats.
        detect_captions: turn the caption/credit context rules on or off.
    """

    rules_path: str | None = None
    extra_rules_path: str | None = None
    max_caption_words: int = 14
    max_repeat_words: int = 30
    detect_captions: bool = True


@dataclass(frozen=True)
class Line:
    line_no: int  # 1-based, as an editor shows it
    start: int  # first non-space character
    end: int  # after the last non-space character
    text: str


def iter_lines(text: str) -> Iterator[Line]:
    """Non-empty lines with offsets of their stripped content."""
    pos = 0
    for n, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            yield Line(n, pos + lead, pos + lead + len(stripped), stripped)
        pos += len(raw) + 1


def _key(text: str) -> str:
    return collapse_whitespace(normalize_for_matching(text)).casefold().strip(" .:")


def _rules(settings: CleanSettings) -> tuple[BoilerplateRule, ...]:
    rules = boilerplate_rules(settings.rules_path)
    if settings.extra_rules_path:
        rules = rules + read_boilerplate_rules(Path(settings.extra_rules_path))
    return rules


def _is_verbless(text: str) -> bool:
    verbs = word_list("function_verbs.txt")
    tokens = words(text)
    return bool(tokens) and not any(t in verbs or t.endswith("n't") or (len(t) > 4 and t.endswith("ed"))
                                    for t in tokens)


def _looks_like_name_or_credit(text: str, max_words: int = 5) -> bool:
    tokens = text.split()
    return (0 < len(tokens) <= max_words and text[-1] not in ".?!:;,"
            and all(_TITLE_WORD.match(t) or t.lower() in _CONNECTORS for t in tokens))


def _caption_candidate(line: Line, settings: CleanSettings) -> bool:
    n_words = len(line.text.split())
    return (2 <= n_words <= settings.max_caption_words and not _QUOTE_CHARS.search(line.text)
            and line.text[-1] not in "?!:;," and _is_verbless(line.text))


def classify_lines(lines: list[Line], meta: dict[str, str], settings: CleanSettings) -> dict[int, tuple[str, str]]:
    """Map line index (into ``lines``) to ``(rule_id, kind)`` for every line that is boilerplate."""
    rules = _rules(settings)
    removed: dict[int, tuple[str, str]] = {}
    for i, line in enumerate(lines):
        for rule in rules:
            if rule.scope == "line" and rule.pattern.search(line.text):
                removed[i] = (rule.rule_id, rule.kind)
                break
    # The article's own metadata repeated as a line by the scrape.
    title, author = _key(meta.get("title", "")), _key(meta.get("author", ""))
    keys = [_key(line.text) for line in lines]  # once per line, not once per comparison
    for i, line in enumerate(lines):
        if i in removed or len(line.text.split()) > settings.max_repeat_words:
            continue
        key = keys[i]
        if title and key == title:
            removed[i] = ("metadata_title", "repeated_title")
        elif author and key == author:
            removed[i] = ("metadata_author", "repeated_author")
        elif len(line.text.split()) <= 6 and normalize_date(line.text.strip(" ."))[0]:
            removed[i] = ("date_line", "repeated_date")
        elif dateline_date(line.text)[0]:
            removed[i] = ("dateline", "dateline")
    # Short lines repeated back to back (blank lines between them do not count) are scrape repetition.
    i = 0
    while i < len(lines):
        j = i
        while j + 1 < len(lines) and keys[j + 1] == keys[i]:
            j += 1
        if j > i and len(lines[i].text.split()) <= settings.max_repeat_words:
            kind = "repeated_author" if _looks_like_name_or_credit(lines[i].text, 4) else "repeated_title"
            for k in range(i, j + 1):
                removed.setdefault(k, ("repeated_line", kind))
        i = j + 1
    if settings.detect_captions:
        _mark_captions(lines, removed, settings)
    return removed


def _mark_captions(lines: list[Line], removed: dict[int, tuple[str, str]], settings: CleanSettings) -> None:
    def is_credit(k: int) -> bool:
        return 0 <= k < len(lines) and removed.get(k, ("", ""))[1] == "photo_credit"

    for i, line in enumerate(lines):
        if i in removed or not _caption_candidate(line, settings):
            continue
        if line.text.endswith(".") or is_credit(i + 1) or is_credit(i - 1):
            removed[i] = ("caption", "caption")
            nxt = i + 1
            if nxt < len(lines) and nxt not in removed and _looks_like_name_or_credit(lines[nxt].text):
                removed[nxt] = ("credit_after_caption", "photo_credit")


def _prefix_patterns(rules: tuple[BoilerplateRule, ...], meta: dict[str, str]) -> list[tuple[str, str, re.Pattern[str]]]:
    patterns = [(r.rule_id, r.kind, r.pattern) for r in rules if r.scope == "prefix"]
    outlet = meta.get("outlet", "").strip()
    if outlet:
        label = re.compile(rf"^\s*popular\s+on\s+{re.escape(outlet)}\s+", re.IGNORECASE)
        patterns.insert(0, ("site_label_prefix_outlet", "site_label", label))
    return patterns


def clean_text(text: str, article_id: str, *, meta: dict[str, str] | None = None,
               settings: CleanSettings = CleanSettings()) -> tuple[list[dict], list[dict]]:
    """Paragraph rows and removed-line rows for one article (see the README's data dictionary)."""
    meta = meta or {}
    lines = list(iter_lines(text))
    removed_at = classify_lines(lines, meta, settings)
    prefixes = _prefix_patterns(_rules(settings), meta)
    paragraphs: list[dict] = []
    removed: list[dict] = []
    for i, line in enumerate(lines):
        if i in removed_at:
            rule_id, kind = removed_at[i]
            removed.append({"article_id": article_id, "line_no": line.line_no, "start": line.start,
                            "end": line.end, "text": line.text, "rule": rule_id, "rule_kind": kind})
            continue
        start = line.start
        for rule_id, kind, pattern in prefixes:
            match = pattern.match(line.text)
            if match and match.end() < len(line.text):
                cut = line.start + len(match.group(0).rstrip())
                removed.append({"article_id": article_id, "line_no": line.line_no, "start": line.start,
                                "end": cut, "text": text[line.start:cut], "rule": rule_id, "rule_kind": kind})
                start = line.start + match.end()
                break
        body = text[start:line.end]
        index = len(paragraphs)
        paragraphs.append({
            "article_id": article_id, "para_index": index, "para_id": f"{article_id}:p{index:03d}",
            "line_no": line.line_no, "start": start, "end": line.end, "text": body,
            "norm_text": normalize_for_matching(body), "n_words": len(words(body)),
        })
    return paragraphs, removed


def paragraphs_frame(rows: list[dict]) -> pd.DataFrame:
    columns = [c for c in PARAGRAPH_COLUMNS if c not in ("copy_of", "copy_match", "copy_score")]
    return pd.DataFrame(rows, columns=columns)


def removed_frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(REMOVED_COLUMNS))
