"""Synthetic news archives with known answers, for benchmarking cleaning, dedup and quote extraction.

Articles are news-like English about film sets and intimacy coordination, generated from a small phrase
grammar and word lists in ``icanalysis/data/synth_*.csv`` (invented names, outlets and titles; no real
people). Every article carries its answers: the exact boilerplate lines inserted, every quote with
character offsets, speaker and house style, and, for syndicated copies, the source and kind of copy:

- ``wire_copy``: the source near-verbatim (1-2% of words edited) under another outlet's boilerplate;
- ``light_edit``: 8-11% of words edited, plus one narrative paragraph cut or added;
- ``heavy_rewrite``: 13-17% of words edited, sentences reordered, 1-3 narrative paragraphs cut, new title;
- ``blog_lift``: a new short blog post that lifts 2-4 consecutive paragraphs of the source verbatim.

Words are edited by substitution or deletion from ``synth_synonyms.csv`` (names, quotation marks and
attributions are never edited). The rates are tuned so the exact Jaccard of word 5-gram shingle sets
(lower-cased alphanumeric tokens, boilerplate lines removed) between copy and source lands near 0.88
(wire), 0.44 (light), 0.25 (heavy) and 0.18 (blog); on the whole text, boilerplate included, about 0.74,
0.38, 0.22 and 0.16. Unrelated originals share about 0.01. Copies are always of originals, published 1-60
days after them; several copies of one source are duplicates of each other too (``truth/duplicates.csv``
lists copy -> source only).

Quote truth follows the ``quotes`` table convention: ``quote == text[start:end]`` is the text between the
quotation marks, without the comma that belongs to the attribution (``"It works," she says.`` gives
``It works``); for an indirect quote it is the reported clause without its final period. Film titles in
quotation marks, apostrophes inside British single quotes and boilerplate lines are left as negative cases.

Everything is drawn from one ``random.Random(settings.seed)``: the same seed gives byte-identical output,
and the first ``k`` articles do not depend on ``n``.

References: Broder 1997 (resemblance of documents by w-shingling) for the Jaccard targets.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import random
import re
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import IO, Any

from .paths import data_file

COPY_KINDS = ("wire_copy", "light_edit", "heavy_rewrite", "blog_lift")
FORMATS = ("txt", "jsonl")
QUOTE_STYLES = ("quote_name_verb", "quote_verb_name", "name_colon", "to_that", "according_to", "as_noted",
                "split", "follow_on", "told_outlet", "said_that")
MANIFEST_COLUMNS = ("article_id", "file", "outlet", "title", "author", "published", "url", "notes", "derived_from")
QUOTE_COLUMNS = ("article_id", "start", "end", "quote", "speaker", "kind", "style", "attribution")
DUPLICATE_COLUMNS = ("article_a", "article_b", "copy_kind")
REUSE_COLUMNS = ("article_id", "para_index", "source_article_id", "source_para_index")
BOILERPLATE_COLUMNS = ("article_id", "line")
SPEAKER_COLUMNS = ("article_id", "speaker", "gender", "role")

_FIRST_DATE = dt.date(2024, 1, 1).toordinal()
_LAST_ORIGINAL_DATE = dt.date(2025, 12, 1).toordinal()
_LAST_DATE = dt.date(2025, 12, 31).toordinal()
_COPY_LAG_DAYS = {"wire_copy": (1, 3), "light_edit": (1, 10), "heavy_rewrite": (2, 45), "blog_lift": (1, 60)}

# Quote-construct weights (follow_on is decided per paragraph by SynthSettings.follow_on_rate).
_STYLE_WEIGHTS = (("quote_name_verb", 20), ("quote_verb_name", 14), ("name_colon", 8), ("to_that", 7),
                  ("according_to", 8), ("as_noted", 7), ("split", 12), ("told_outlet", 10), ("said_that", 14))
_MARKS = {"straight": ('"', '"'), "curly": ("\u201c", "\u201d"), "single": ("\u2018", "\u2019")}
_FILM_MARKS = {"straight": ("", ""), "curly": ("\u201c", "\u201d"), "single": ("\u2018", "\u2019")}
_HEADLINE_FILM_MARKS = {"straight": ("'", "'"), "curly": ("'", "'"), "single": ("\u2018", "\u2019")}
_SMALL_WORDS = frozenset(["a", "an", "the", "and", "or", "but", "nor", "of", "on", "in", "at", "to", "for", "with",
                          "by", "from", "over", "as"])
_SLOT = re.compile(r"\{(\w+)\}")
_A_AN = re.compile(r"\b([Aa]) (?=[AEIOUaeiou])(?!uni|use|one|Uni|Use|One)")
_TRAILING_PUNCT = ",.;:?!"


@dataclass(frozen=True)
class SynthSettings:
    """How a synthetic archive is generated.

    Attributes:
        seed: seed of the one random stream behind the whole archive.
        wire_copy_share, light_edit_share, heavy_rewrite_share, blog_lift_share: expected share of articles
            that are copies of each kind (defaults: 8 + 6 + 5 + 5 = 24% copies).
        min_paragraphs, max_paragraphs: body paragraphs of an original article (inclusive range).
        quote_density: chance that a body paragraph after the lede carries a quote.
        follow_on_rate: chance that a paragraph after a direct quote continues it unattributed.
        boilerplate_rate: chance of a boilerplate line in each gap between body paragraphs (title, byline
            and footer lines come on top).
        wire_edit_rate, light_edit_rate, heavy_edit_rate: (low, high) share of all words edited in a copy
            of that kind, drawn uniformly per copy; tuned for the Jaccard targets in the module docstring.
        blog_lift_paragraphs: (low, high) consecutive source paragraphs a blog post lifts verbatim.
        blog_own_paragraphs: (low, high) bounds on the blog's own commentary paragraphs after the lifted
            run (within them, as many as put the blog's Jaccard with its source near 0.1-0.2).
        source_window: copies are drawn from the most recent this-many originals (keeps memory flat).
    """

    seed: int = 0
    wire_copy_share: float = 0.08
    light_edit_share: float = 0.06
    heavy_rewrite_share: float = 0.05
    blog_lift_share: float = 0.05
    min_paragraphs: int = 6
    max_paragraphs: int = 14
    quote_density: float = 0.55
    follow_on_rate: float = 0.25
    boilerplate_rate: float = 0.2
    wire_edit_rate: tuple[float, float] = (0.01, 0.02)
    light_edit_rate: tuple[float, float] = (0.08, 0.11)
    heavy_edit_rate: tuple[float, float] = (0.13, 0.17)
    blog_lift_paragraphs: tuple[int, int] = (2, 4)
    blog_own_paragraphs: tuple[int, int] = (2, 8)
    source_window: int = 2000

    def __post_init__(self) -> None:
        if not isinstance(self.seed, int) or isinstance(self.seed, bool):
            raise TypeError(f"SynthSettings.seed must be an int, got {type(self.seed).__name__}")
        for name in ("wire_copy_share", "light_edit_share", "heavy_rewrite_share", "blog_lift_share",
                     "quote_density", "follow_on_rate", "boilerplate_rate"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"SynthSettings.{name} must be in [0, 1], got {value}")
        if sum(self.copy_shares.values()) > 0.9:
            raise ValueError(f"SynthSettings: copy shares must sum to at most 0.9, got {self.copy_shares}")
        if not 4 <= self.min_paragraphs <= self.max_paragraphs:
            raise ValueError("SynthSettings: need 4 <= min_paragraphs <= max_paragraphs, got "
                             f"{self.min_paragraphs}, {self.max_paragraphs}")
        for name in ("wire_edit_rate", "light_edit_rate", "heavy_edit_rate"):
            low, high = getattr(self, name)
            if not 0.0 <= low <= high <= 0.5:
                raise ValueError(f"SynthSettings.{name} must be (low, high) with 0 <= low <= high <= 0.5")
        for name in ("blog_lift_paragraphs", "blog_own_paragraphs"):
            low, high = getattr(self, name)
            if not 1 <= low <= high:
                raise ValueError(f"SynthSettings.{name} must be (low, high) with 1 <= low <= high")
        if self.source_window < 1:
            raise ValueError("SynthSettings.source_window must be >= 1")

    @property
    def copy_shares(self) -> dict[str, float]:
        return {"wire_copy": self.wire_copy_share, "light_edit": self.light_edit_share,
                "heavy_rewrite": self.heavy_rewrite_share, "blog_lift": self.blog_lift_share}


@dataclass(frozen=True)
class SynthArticle:
    """One generated article and its known answers.

    ``quotes`` holds dicts with start, end, quote, speaker, kind (direct|indirect), style (one of
    ``QUOTE_STYLES``) and attribution (name|pronoun|none). ``lifted_paragraphs`` lists
    (source_para_index, para_index) for a blog_lift; ``reused_paragraphs`` lists every paragraph identical
    to a source paragraph, for any copy kind. Paragraph indexes count the non-boilerplate, non-empty lines.
    ``speakers`` holds name, gender and role of each quoted person.
    """

    article_id: str
    outlet: str
    title: str
    author: str
    published: str
    url: str
    text: str
    boilerplate_lines: list[str]
    quotes: list[dict[str, Any]]
    copy_of: str = ""
    copy_kind: str = ""
    lifted_paragraphs: list[tuple[int, int]] = field(default_factory=list)
    reused_paragraphs: list[tuple[int, int]] = field(default_factory=list)
    speakers: list[dict[str, str]] = field(default_factory=list)


# --------------------------------------------------------------------------------------------------------
# Word lists


@dataclass(frozen=True)
class _Lexicon:
    grammar: dict[str, tuple[tuple[str, ...], ...]]
    female: tuple[str, ...]
    male: tuple[str, ...]
    surnames: tuple[str, ...]
    news_outlets: tuple[dict[str, str], ...]
    blog_outlets: tuple[dict[str, str], ...]
    roles: tuple[dict[str, str], ...]
    verbs: tuple[tuple[str, str], ...]
    inverted_verbs: tuple[tuple[str, str], ...]
    response_verbs: tuple[tuple[str, str], ...]
    boilerplate: dict[str, tuple[tuple[str, ...], ...]]
    synonyms: dict[str, tuple[str, ...]]


def _read_rows(name: str) -> list[dict[str, str]]:
    with open(data_file(name), newline="", encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines))


def _parse(template: str) -> tuple[str, ...]:
    """'a {x} b' -> ('a ', 'x', ' b'): literals at even positions, slot names at odd ones."""
    return tuple(_SLOT.split(template))


@cache
def _lexicon() -> _Lexicon:
    grammar: dict[str, list[tuple[str, ...]]] = {}
    for row in _read_rows("synth_lexicon.csv"):
        grammar.setdefault(row["category"], []).append(_parse(row["text"]))
    names = _read_rows("synth_first_names.csv")
    outlets = _read_rows("synth_outlets.csv")
    verbs = _read_rows("synth_reporting_verbs.csv")
    boilerplate: dict[str, list[tuple[str, ...]]] = {}
    for row in _read_rows("synth_boilerplate.csv"):
        boilerplate.setdefault(row["position"], []).append(_parse(row["template"]))
    synonyms = {row["word"]: tuple(row["alternatives"].split("|")) for row in _read_rows("synth_synonyms.csv")}
    return _Lexicon(
        grammar={k: tuple(v) for k, v in grammar.items()},
        female=tuple(r["name"] for r in names if r["gender"] == "female"),
        male=tuple(r["name"] for r in names if r["gender"] == "male"),
        surnames=tuple(r["name"] for r in _read_rows("synth_surnames.csv")),
        news_outlets=tuple(r for r in outlets if r["kind"] == "news"),
        blog_outlets=tuple(r for r in outlets if r["kind"] == "blog"),
        roles=tuple(_read_rows("synth_roles.csv")),
        verbs=tuple((r["present"], r["past"]) for r in verbs if r["responds"] == "no"),
        inverted_verbs=tuple((r["present"], r["past"]) for r in verbs if r["inverted_ok"] == "yes"),
        response_verbs=tuple((r["present"], r["past"]) for r in verbs if r["responds"] == "yes"),
        boilerplate={k: tuple(v) for k, v in boilerplate.items()},
        synonyms=synonyms,
    )


# --------------------------------------------------------------------------------------------------------
# Internal article structure: paragraphs of sentences of segments. A segment is (role, text, meta): role
# "T" narrative (editable), "Q" quoted words (editable; meta = speaker, kind, style, attribution),
# "P" protected (quotation marks, attributions, names).

_Seg = tuple[str, str, Any]
_Sentence = tuple[_Seg, ...]
_Para = tuple[str, tuple[_Sentence, ...]]  # (kind: narr|quote|follow|own, sentences)


@dataclass(frozen=True)
class _Person:
    first: str
    last: str
    gender: str
    role: str
    link: str

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def subject(self) -> str:
        return "she" if self.gender == "female" else "he"

    @property
    def object(self) -> str:
        return "her" if self.gender == "female" else "him"


@dataclass
class _Doc:
    """An original kept in the source window so later copies can be made of it."""

    article_id: str
    outlet: dict[str, str]
    date: int
    ctx: dict[str, str]
    persons: dict[str, _Person]
    title: str
    author: str
    paras: list[_Para]
    para_texts: list[str]


def _para_text(para: _Para) -> str:
    return " ".join("".join(seg[1] for seg in sent) for sent in para[1])


def _titlecase(text: str) -> str:
    words = text.split(" ")
    out = []
    for i, word in enumerate(words):
        if i and word in _SMALL_WORDS:
            out.append(word)
        elif word[:1].islower():
            out.append(word[0].upper() + word[1:])
        else:
            out.append(word)
    return " ".join(out)


def _slug(title: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", title.lower())[:8])


class _Generator:
    """Draws articles from one random stream; holds the per-article context and the source window."""

    def __init__(self, settings: SynthSettings) -> None:
        self.s = settings
        self.lex = _lexicon()
        self.rng = random.Random(settings.seed)
        self.r = self.rng.random
        self.pool: deque[_Doc] = deque(maxlen=settings.source_window)
        kinds = []
        total = 0.0
        for kind, share in settings.copy_shares.items():
            total += share
            kinds.append((total, kind))
        self.kind_thresholds = tuple(kinds)
        styles, weights = zip(*_STYLE_WEIGHTS, strict=True)
        self.styles = styles
        self.style_cum = tuple(sum(weights[: i + 1]) / sum(weights) for i in range(len(weights)))
        self.special: dict[str, Callable[[], str]] = {
            "film": self._film, "film_plain": self._film_plain, "film_h": self._film_h,
            "studio": lambda: self._ctx_or("studio", "studio_name"),
            "festival": lambda: self._ctx_or("festival", "festival_name"),
            "award": lambda: self._ctx_or("award", "award_name"),
            "city": lambda: self._ctx_or("city", "city_name"),
            "year": lambda: str(self.year - int(self.r() * 7)),
            "role": lambda: self._role()["role"],
            "a_role": lambda: f"{self._role()['article']} {self._role_ic()['role']}",
            "role_pl": lambda: self._role_ic()["plural"],
            "prole": lambda: self.person.role,
            "the_prole_of": self._the_prole_of,
            "photog": self._random_name, "author": lambda: self.author,
            "outlet": lambda: self.outlet["outlet"], "company": lambda: self.outlet["company"],
            "other_headline": lambda: self._headline("headline"),
            "date_long": self._date_long,
            "src_outlet": lambda: self.ctx["src_outlet"], "people_list": lambda: self.ctx["people_list"],
        }
        self.person = _Person("", "", "female", "", "")
        self._set_outlet(self.lex.news_outlets[0])
        self.date = _FIRST_DATE
        self.year = 2024
        self.ctx: dict[str, str] = {}
        self.author = ""
        self.avoid: frozenset[str] = frozenset()

    # -- small draws -------------------------------------------------------------------------------------

    def _pick(self, seq: Sequence[Any]) -> Any:
        return seq[int(self.r() * len(seq))]

    def _randint(self, low: int, high: int) -> int:
        return low + int(self.r() * (high - low + 1))

    def _uniform(self, bounds: tuple[float, float]) -> float:
        return bounds[0] + (bounds[1] - bounds[0]) * self.r()

    def _x(self, category: str) -> str:
        """Expand a random template of ``category``."""
        options = self.lex.grammar[category]
        return self._fill(options[int(self.r() * len(options))])

    def _fill(self, parts: tuple[str, ...]) -> str:
        if len(parts) == 1:
            return parts[0]
        out = [parts[0]]
        special = self.special
        for j in range(1, len(parts), 2):
            name = parts[j]
            fn = special.get(name)
            out.append(fn() if fn is not None else self._x(name))
            out.append(parts[j + 1])
        return "".join(out)

    def _text(self, category: str) -> str:
        """A sentence or phrase in the current house style: a/an agreement, apostrophes, capital."""
        text = _A_AN.sub(r"\1n ", self._x(category))
        if self.curly:
            text = text.replace("'", "\u2019")
        return text

    def _sentence(self, category: str) -> str:
        text = self._text(category)
        return text[0].upper() + text[1:] if text[:1].islower() else text

    def _ctx_or(self, key: str, category: str) -> str:
        return self.ctx[key] if self.r() < 0.6 else self._x(category)

    def _film_title(self) -> str:
        return self._x("film_title")

    def _film_plain(self) -> str:
        return self.ctx["film"] if self.r() < 0.75 else self._film_title()

    def _film(self) -> str:
        return f"{self.film_open}{self._film_plain()}{self.film_close}"

    def _film_h(self) -> str:
        return f"{self.head_open}{self.ctx['film']}{self.head_close}"

    def _date_long(self) -> str:
        day = dt.date.fromordinal(self.date)
        return f"{day:%B} {day.day}, {day.year}"

    def _role(self) -> dict[str, str]:
        return self._pick(self.lex.roles)

    def _role_ic(self) -> dict[str, str]:
        """A role, intimacy coordinator half the time (the archive's topic)."""
        return self.lex.roles[0] if self.r() < 0.5 else self._pick(self.lex.roles)

    def _the_prole_of(self) -> str:
        if self.person.link:
            return f"the {self.person.role} {self.person.link} {self._film()}"
        return f"a {self._x('qual')} {self.person.role}"

    def _random_name(self) -> str:
        """A bylined or credited name; never shares a surname with the article's people."""
        first = self._pick(self.lex.female if self.r() < 0.5 else self.lex.male)
        last = self._pick(self.lex.surnames)
        while last in self.avoid:
            last = self._pick(self.lex.surnames)
        return f"{first} {last}"

    def _headline(self, category: str) -> str:
        text = _A_AN.sub(r"\1n ", self._x(category))
        if self.outlet["quote_style"] == "single":
            text = text.replace("'", "\u2019")
        return _titlecase(text)

    def _set_outlet(self, outlet: dict[str, str]) -> None:
        self.outlet = outlet
        style = outlet["quote_style"]
        self.curly = style != "straight"
        self.open, self.close = _MARKS[style]
        self.film_open, self.film_close = _FILM_MARKS[style]
        self.head_open, self.head_close = _HEADLINE_FILM_MARKS[style]
        self.past = outlet["tense"] == "past"

    def _new_ctx(self) -> dict[str, str]:
        return {"film": self._film_title(), "studio": self._x("studio_name"), "festival": self._x("festival_name"),
                "award": self._x("award_name"), "city": self._x("city_name")}

    def _begin(self, outlet: dict[str, str], date: int, ctx: dict[str, str]) -> None:
        self._set_outlet(outlet)
        self.date = date
        self.year = dt.date.fromordinal(date).year
        self.ctx = ctx

    def _verb(self, verbs: Sequence[tuple[str, str]]) -> str:
        return self._pick(verbs)[1 if self.past else 0]

    # -- bodies ------------------------------------------------------------------------------------------

    def _persons(self, k: int) -> list[_Person]:
        people: list[_Person] = []
        used: list[str] = []
        while len(people) < k:
            female = self.r() < 0.5
            first = self._pick(self.lex.female if female else self.lex.male)
            last = self._pick(self.lex.surnames)
            if last in used or first in used:
                continue
            used += [first, last]
            role = self.lex.roles[0] if self.r() < 0.35 else self._pick(self.lex.roles)
            people.append(_Person(first, last, "female" if female else "male", role["role"], role["link"]))
        return people

    def _narr_para(self, low: int = 2, high: int = 4, kind: str = "narr") -> _Para:
        sents = tuple((("T", self._sentence("narr"), None),) for _ in range(self._randint(low, high)))
        return (kind, sents)

    def _quote_words(self, low: int, high: int) -> str:
        return " ".join(self._sentence("qs") for _ in range(self._randint(low, high)))

    def _mention(self, p: _Person, *, pronoun_ok: bool = True, obj: bool = False,
                 capital: bool = False) -> tuple[str, str, bool]:
        """(how p is named here, attribution, first mention?) and update who was mentioned last."""
        if p.full not in self.introduced:
            self.introduced.add(p.full)
            self.last_person = p.full
            return p.full, "name", True
        use_pronoun = pronoun_ok and self.last_person == p.full and self.r() < 0.8
        self.last_person = p.full
        if use_pronoun:
            word = p.object if obj else p.subject
            return (word.capitalize() if capital else word), "pronoun", False
        return p.last, "name", False

    def _appositive(self, p: _Person) -> str:
        self.person = p
        text = _A_AN.sub(r"\1n ", self._x("appositive"))
        return text.replace("'", "\u2019") if self.curly else text

    def _quote_construct(self, p: _Person) -> tuple[_Sentence, bool]:
        """One attributed quote by ``p`` in a randomly drawn house style; (sentence, direct?)."""
        u = self.r()
        style = self.styles[-1]
        for name, cum in zip(self.styles, self.style_cum, strict=True):
            if u < cum:
                style = name
                break
        other_quoted = any(s != p.full for s in self.quoted)
        if style in ("name_colon", "to_that") and not other_quoted:
            style = "quote_name_verb"
        o, c = self.open, self.close

        def q(text: str, attribution: str, kind: str = "direct", st: str = style) -> _Seg:
            return ("Q", text, (p.full, kind, st, attribution))

        def quote_then(attr_builder: Callable[[], tuple[str, str]], words: str) -> _Sentence:
            # words ends in . or ?; the period becomes the attribution's comma
            attr, how = attr_builder()
            if words.endswith("?"):
                return (("P", o, None), q(words, how), ("P", f"{c} ", None), ("P", attr, None))
            return (("P", o, None), q(words[:-1], how), ("P", f",{c} ", None), ("P", attr, None))

        if style == "quote_name_verb":
            words = self._quote_words(1, 3)

            def attr() -> tuple[str, str]:
                who, how, intro = self._mention(p)
                verb = self._verb(self.lex.verbs)
                return (f"{who}, {self._appositive(p)}, {verb}." if intro else f"{who} {verb}."), how
            sent = quote_then(attr, words)
        elif style == "quote_verb_name":
            words = self._quote_words(1, 3)

            def attr() -> tuple[str, str]:
                who, how, intro = self._mention(p, pronoun_ok=False)
                verb = self._verb(self.lex.inverted_verbs)
                return (f"{verb} {who}, {self._appositive(p)}." if intro else f"{verb} {who}."), how
            sent = quote_then(attr, words)
        elif style == "split":
            first, rest = self._quote_words(1, 1), self._quote_words(1, 2)
            who, how, intro = self._mention(p, capital=False)
            verb = self._verb(self.lex.verbs)
            said = f"{who}, {self._appositive(p)}, {verb}." if intro else f"{who} {verb}."
            head = (("P", o, None), q(first, how), ("P", f"{c} ", None)) if first.endswith("?") else \
                (("P", o, None), q(first[:-1], how), ("P", f",{c} ", None))
            sent = head + (("P", f"{said} {o}", None), q(rest, how), ("P", c, None))
        elif style == "told_outlet":
            words = self._quote_words(1, 2)
            other = self._pick(self.lex.news_outlets)["outlet"]

            def attr() -> tuple[str, str]:
                who, how, intro = self._mention(p)
                return (f"{who}, {self._appositive(p)}, told {other}." if intro else f"{who} told {other}."), how
            sent = quote_then(attr, words)
        elif style in ("name_colon", "to_that", "as_noted"):
            words = self._quote_words(1, 3)
            if style == "name_colon":
                who, how, intro = self._mention(p, capital=True)
                verb = self._verb(self.lex.response_verbs)
                lead = f"{who}, {self._appositive(p)}, {verb}: " if intro else f"{who} {verb}: "
            elif style == "to_that":
                who, how, intro = self._mention(p)
                verb = self._verb(self.lex.inverted_verbs)
                lead = f"To that, {who}, {self._appositive(p)}, {verb}, " if intro else f"To that, {who} {verb}, "
            else:
                who, how, intro = self._mention(p)
                when = self._text("when")
                lead = (f"As {who}, {self._appositive(p)}, noted {when}, " if intro
                        else f"As {who} noted {when}, ")
            sent = (("P", lead + o, None), q(words, how), ("P", c, None))
        else:  # according_to, said_that: indirect
            clause = self._text("iclause")
            if style == "according_to":
                who, how, intro = self._mention(p, obj=True)
                lead = f"According to {who}, {self._appositive(p)}, " if intro else f"According to {who}, "
            else:
                who, how, intro = self._mention(p, capital=True)
                verb = self._pick(self.lex.verbs[:7])[1 if self.past else 0]
                lead = f"{who}, {self._appositive(p)}, {verb} that " if intro else f"{who} {verb} that "
            sent = (("P", lead, None), q(clause, how, "indirect"), ("P", ".", None))
            self.quoted.append(p.full)
            return sent, False
        self.quoted.append(p.full)
        return sent, True

    def _body(self, persons: list[_Person], n_paras: int) -> list[_Para]:
        self.introduced: set[str] = set()
        self.last_person = ""
        self.quoted: list[str] = []
        paras = [self._narr_para(2, 3)]
        follow_speaker: _Person | None = None
        for _ in range(1, n_paras):
            if follow_speaker is not None and self.last_person == follow_speaker.full \
                    and self.r() < self.s.follow_on_rate:
                p = follow_speaker
                words = self._quote_words(1, 3)
                sent: _Sentence = (("P", self.open, None), ("Q", words, (p.full, "direct", "follow_on", "none")),
                        ("P", self.close, None))
                self.quoted.append(p.full)
                paras.append(("follow", (sent,)))
                continue
            if self.r() >= self.s.quote_density:
                paras.append(self._narr_para())
                follow_speaker = None
                self.last_person = ""  # no pronoun reference across narrative text
                continue
            sents: list[_Sentence] = []
            if self.r() < 0.35:
                sents.append((("T", self._sentence("narr"), None),))
                self.last_person = ""
            p = self._pick(persons)
            sent, direct = self._quote_construct(p)
            sents.append(sent)
            if self.r() < 0.15:
                p = self._pick(persons)
                sent, direct = self._quote_construct(p)
                sents.append(sent)
            follow_speaker = p if direct else None
            if self.r() < 0.25:
                sents.append((("T", self._sentence("narr"), None),))
                follow_speaker = None
                self.last_person = ""
            paras.append(("quote", tuple(sents)))
        return paras

    # -- copies ------------------------------------------------------------------------------------------

    def _edit(self, paras: list[tuple[int, _Para]], rate: float) -> list[tuple[int, _Para]]:
        """Substitute or delete about ``rate`` of all words (only words the synonym list knows)."""
        syn = self.lex.synonyms
        total = eligible = 0
        for _, para in paras:
            for sent in para[1]:
                for role, text, _meta in sent:
                    if role == "P":
                        continue
                    for token in text.split(" "):
                        total += 1
                        core = token[:-1] if token and token[-1] in _TRAILING_PUNCT else token
                        if core in syn:
                            eligible += 1
        if not eligible or rate <= 0:
            return paras
        prob = min(1.0, rate * total / eligible)
        r = self.r
        curly = self.curly
        out = []
        for src, (kind, sents) in paras:
            new_sents = []
            for sent in sents:
                new_segs = []
                for seg in sent:
                    role, text, meta = seg
                    if role == "P":
                        new_segs.append(seg)
                        continue
                    tokens = text.split(" ")
                    deleted: set[int] = set()
                    changed = False
                    for i, token in enumerate(tokens):
                        punct = token[-1] if token and token[-1] in _TRAILING_PUNCT else ""
                        core = token[:-1] if punct else token
                        alts = syn.get(core)
                        if alts is None or r() >= prob:
                            continue
                        alt = alts[int(r() * len(alts))]
                        if alt == "-":
                            if not punct and 0 < i < len(tokens) - 1:
                                deleted.add(i)
                        else:
                            tokens[i] = (alt.replace("'", "\u2019") if curly else alt) + punct
                            changed = True
                    if changed or deleted:
                        text = " ".join(t for i, t in enumerate(tokens) if i not in deleted)
                        new_segs.append((role, text, meta))
                    else:
                        new_segs.append(seg)
                new_sents.append(tuple(new_segs))
            out.append((src, (kind, tuple(new_sents))))
        return out

    def _narr_slots(self, paras: list[tuple[int, _Para]]) -> list[int]:
        return [i for i, (_, para) in enumerate(paras) if para[0] == "narr"]

    def _copy(self, kind: str, src: _Doc, i: int) -> tuple[_Doc, list[tuple[int, _Para]]]:
        lag_low, lag_high = _COPY_LAG_DAYS[kind]
        date = min(src.date + self._randint(lag_low, lag_high), _LAST_DATE)
        if kind == "blog_lift":
            outlet = self._pick(self.lex.blog_outlets)
        else:
            outlet = self._pick([o for o in self.lex.news_outlets if o is not src.outlet])
        ctx = dict(src.ctx)
        self._begin(outlet, date, ctx)
        self.avoid = frozenset(p.last for p in src.persons.values())
        paras: list[tuple[int, _Para]] = list(enumerate(src.paras))
        title, author = src.title, src.author
        if kind == "wire_copy":
            paras = self._edit(paras, self._uniform(self.s.wire_edit_rate))
        elif kind == "light_edit":
            narr = self._narr_slots(paras)
            if narr and self.r() < 0.5 and len(paras) > 4:
                del paras[self._pick(narr)]
            else:
                paras.insert(self._randint(1, len(paras)), (-1, self._narr_para()))
            paras = self._edit(paras, self._uniform(self.s.light_edit_rate))
            title = self._headline("headline") if self.r() < 0.3 else title
            author = self._random_name() if self.r() < 0.5 else author
        elif kind == "heavy_rewrite":
            for _ in range(self._randint(1, 3)):
                narr = self._narr_slots(paras)
                if narr and len(paras) > 4:
                    del paras[self._pick(narr)]
            for j in self._narr_slots(paras):
                src_index, (pkind, sents) = paras[j]
                order = list(sents)
                self.rng.shuffle(order)
                paras[j] = (src_index, (pkind, tuple(order)))
            if self.r() < 0.5:
                paras.insert(self._randint(1, len(paras)), (-1, self._narr_para()))
            paras = self._edit(paras, self._uniform(self.s.heavy_edit_rate))
            title, author = self._headline("headline"), self._random_name()
        else:
            paras, title, author = self._blog(src), self._headline("blog_headline"), self._random_name()
        doc = _Doc(f"syn{i:06d}", outlet, date, ctx, src.persons, title, author, [p for _, p in paras], [])
        return doc, paras

    def _blog(self, src: _Doc) -> list[tuple[int, _Para]]:
        n_src = len(src.paras)
        k = min(self._randint(*self.s.blog_lift_paragraphs), n_src)
        starts = [j for j in range(n_src - k + 1) if src.paras[j][0] != "follow"] or [0]
        start = self._pick(starts)
        lifted = list(range(start, start + k))
        speakers: list[str] = []
        for j in lifted:
            for sent in src.paras[j][1]:
                for role, _text, meta in sent:
                    if role == "Q" and meta[0] not in speakers:
                        speakers.append(meta[0])
        self.ctx["src_outlet"] = src.outlet["outlet"]
        intro: list[_Sentence] = [(("T", self._sentence("blog_intro"), None),)]
        if speakers:
            # introduce the first speaker of the lifted run last, so a leading pronoun points at them
            named = [f"{name}, {self._appositive(src.persons[name])}" for name in reversed(speakers)]
            listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + ", and " + named[-1]
            self.ctx["people_list"] = "{people_list}"
            template = self._text("blog_people")
            before, _, after = template.partition("{people_list}")
            intro.append((("T", before, None), ("P", listed, None), ("T", after, None)))
        intro.append((("T", self._sentence("blog_lead_in"), None),))
        paras: list[tuple[int, _Para]] = [(-1, ("own", tuple(intro)))]
        paras += [(j, src.paras[j]) for j in lifted]
        # enough own text for an article-level Jaccard of about 0.1-0.2 with the source
        target = 0.08 + 0.1 * self.r()
        low, high = self.s.blog_own_paragraphs
        for _ in range(min(high, max(low, round(k / target - n_src)))):
            paras.append((-1, self._narr_para(2, 3, kind="own")))
        kind, sents = paras[-1][1]
        paras[-1] = (-1, (kind, sents + ((("T", self._sentence("blog_close"), None),),)))
        return paras

    # -- assembly ----------------------------------------------------------------------------------------

    def _boilerplate(self, position: str) -> str:
        text = self._fill(self._pick(self.lex.boilerplate[position]))
        return text

    def _assemble(self, i: int, doc: _Doc, paras: list[tuple[int, _Para]], copy_of: str = "",
                  copy_kind: str = "", src: _Doc | None = None) -> SynthArticle:
        r = self.r
        self.author = doc.author
        blocks: list[tuple[bool, str]] = [(True, doc.title)]
        if r() < 0.25:
            blocks.append((True, doc.title))
        if r() < 0.08:
            blocks = [(True, "Now Reading"), (True, doc.title)] + blocks
        if r() < 0.75:
            blocks.append((True, f"By {doc.author}"))
        if r() < 0.5:
            blocks.append((True, self._boilerplate("top")))
        if r() < 0.45:
            blocks.append((True, self._boilerplate("credit")))
        rate = self.s.boilerplate_rate
        for j, (_, para) in enumerate(paras):
            blocks.append((False, _para_text(para)))
            if j < len(paras) - 1 and r() < rate:
                blocks.append((True, self._boilerplate("credit" if r() < 0.25 else "middle")))
        for _ in range(self._randint(0, 3)):
            blocks.append((True, self._boilerplate("bottom")))

        quotes: list[dict[str, Any]] = []
        para_texts: list[str] = []
        pos = 0
        k = 0
        for is_bp, block in blocks:
            if not is_bp:
                para = paras[k][1]
                k += 1
                para_texts.append(block)
                cur = pos
                for si, sent in enumerate(para[1]):
                    if si:
                        cur += 1
                    for role, seg_text, meta in sent:
                        if role == "Q":
                            quotes.append({"start": cur, "end": cur + len(seg_text), "quote": seg_text,
                                           "speaker": meta[0], "kind": meta[1], "style": meta[2],
                                           "attribution": meta[3]})
                        cur += len(seg_text)
            pos += len(block) + 2
        text = "\n\n".join(block for _, block in blocks) + "\n"
        doc.para_texts = para_texts

        reused: list[tuple[int, int]] = []
        lifted: list[tuple[int, int]] = []
        if src is not None:
            for j, (src_index, _) in enumerate(paras):
                if src_index >= 0 and para_texts[j] == src.para_texts[src_index]:
                    reused.append((src_index, j))
            if copy_kind == "blog_lift":
                lifted = list(reused)
        seen: list[str] = []
        for quote in quotes:
            if quote["speaker"] not in seen:
                seen.append(quote["speaker"])
        speakers = [{"name": name, "gender": doc.persons[name].gender, "role": doc.persons[name].role}
                    for name in seen]
        published = dt.date.fromordinal(doc.date)
        url = (f"https://www.{doc.outlet['domain']}/{published.year}/{published.month:02d}/"
               f"{_slug(doc.title)}-{i}")
        return SynthArticle(
            article_id=doc.article_id, outlet=doc.outlet["outlet"], title=doc.title, author=doc.author,
            published=published.isoformat(), url=url, text=text,
            boilerplate_lines=[block for is_bp, block in blocks if is_bp], quotes=quotes,
            copy_of=copy_of, copy_kind=copy_kind, lifted_paragraphs=lifted, reused_paragraphs=reused,
            speakers=speakers)

    def article(self, i: int) -> SynthArticle:
        u = self.r()
        kind = ""
        if self.pool:
            for threshold, name in self.kind_thresholds:
                if u < threshold:
                    kind = name
                    break
        if kind:
            src = self.pool[int(self.r() * len(self.pool))]
            doc, paras = self._copy(kind, src, i)
            return self._assemble(i, doc, paras, src.article_id, kind, src)
        outlet = self._pick(self.lex.news_outlets)
        date = self._randint(_FIRST_DATE, _LAST_ORIGINAL_DATE)
        self._begin(outlet, date, {})
        self.ctx = self._new_ctx()
        persons = self._persons(self._randint(2, 4))
        self.avoid = frozenset(p.last for p in persons)
        body = self._body(persons, self._randint(self.s.min_paragraphs, self.s.max_paragraphs))
        title = self._headline("headline")
        doc = _Doc(f"syn{i:06d}", outlet, date, self.ctx, {p.full: p for p in persons}, title,
                   self._random_name(), body, [])
        article = self._assemble(i, doc, list(enumerate(body)))
        self.pool.append(doc)
        return article


# --------------------------------------------------------------------------------------------------------
# Public API


def _check_n(n: int) -> None:
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError(f"n must be an int, got {type(n).__name__}")
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")


def iter_articles(n: int, settings: SynthSettings = SynthSettings()) -> Iterator[SynthArticle]:
    """Generate ``n`` synthetic articles with known answers, one at a time (memory stays flat).

    Article ``i`` is ``syn{i:06d}``; copies always come after their source in the stream.
    """
    _check_n(n)
    if not isinstance(settings, SynthSettings):
        raise TypeError(f"settings must be a SynthSettings, got {type(settings).__name__}")
    gen = _Generator(settings)
    for i in range(n):
        yield gen.article(i)


class _AtomicFiles:
    """Open files written under temporary names in their own folder and renamed into place on success."""

    def __init__(self, stack: ExitStack) -> None:
        self.stack = stack
        self.pending: list[tuple[Path, Path]] = []

    def open(self, path: Path) -> IO[str]:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        handle = self.stack.enter_context(open(tmp, "w", encoding="utf-8", newline="\n"))  # noqa: SIM115
        self.pending.append((tmp, path))
        return handle

    def commit(self) -> None:
        self.stack.close()
        for tmp, path in self.pending:
            os.replace(tmp, path)
        self.pending = []

    def discard(self) -> None:
        self.stack.close()
        for tmp, _ in self.pending:
            tmp.unlink(missing_ok=True)


def _write_bytes_atomic(path: Path, data: bytes) -> None:
    """Temporary file + rename, without fsync (an archive has up to 10^5 small files)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_archive(n: int, out_dir: Path, *, settings: SynthSettings = SynthSettings(), fmt: str = "txt",
                  overwrite: bool = False) -> dict[str, Any]:
    """Write ``n`` synthetic articles and their answers to ``out_dir``; return counts.

    The archive goes to ``out_dir/raw/`` (``fmt="txt"``: one ``<article_id>.txt`` per article and
    ``manifest.csv``; ``fmt="jsonl"``: ``articles.jsonl``), its answers to ``out_dir/truth/``. Both write ``truth/quotes.csv``, ``truth/duplicates.csv`` (copy, source, kind),
    ``truth/paragraph_reuse.csv`` (paragraphs identical to a source paragraph: every blog lift, and
    untouched paragraphs of other copies), ``truth/boilerplate.csv`` and ``truth/speakers.csv``.

    Args:
        overwrite: allow a folder that is not empty (same-named files are replaced; files of an earlier,
            larger archive stay); without it a non-empty ``out_dir`` is an error.
    """
    _check_n(n)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; valid formats: {', '.join(FORMATS)}")
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()) and not overwrite:
        raise FileExistsError(f"{out_dir} is not empty; pass overwrite=True (or choose an empty folder)")
    out_dir.mkdir(parents=True, exist_ok=True)
    counts: dict[str, Any] = {"articles": 0, "originals": 0, **{k: 0 for k in COPY_KINDS}, "quotes": 0,
                              "boilerplate_lines": 0, "paragraph_reuse": 0, "speakers": 0}
    files = _AtomicFiles(ExitStack())
    try:
        def table(path: Path, columns: Sequence[str]) -> Any:
            writer = csv.writer(files.open(path), lineterminator="\n")
            writer.writerow(columns)
            return writer

        truth = out_dir / "truth"
        raw = out_dir / "raw"  # the archive apart from its answers: `icanalysis run --raw OUT/raw`
        quotes = table(truth / "quotes.csv", QUOTE_COLUMNS)
        dups = table(truth / "duplicates.csv", DUPLICATE_COLUMNS)
        reuse = table(truth / "paragraph_reuse.csv", REUSE_COLUMNS)
        boiler = table(truth / "boilerplate.csv", BOILERPLATE_COLUMNS)
        speakers = table(truth / "speakers.csv", SPEAKER_COLUMNS)
        manifest = table(raw / "manifest.csv", MANIFEST_COLUMNS) if fmt == "txt" else None
        jsonl = files.open(raw / "articles.jsonl") if fmt == "jsonl" else None
        notes = f"synthetic (seed {settings.seed})"
        for art in iter_articles(n, settings):
            aid = art.article_id
            if manifest is not None:
                name = f"{aid}.txt"
                _write_bytes_atomic(raw / name, art.text.encode("utf-8"))
                manifest.writerow((aid, name, art.outlet, art.title, art.author, art.published, art.url, notes, ""))
            else:
                record = {"id": aid, "text": art.text, "title": art.title, "outlet": art.outlet,
                          "author": art.author, "published": art.published, "url": art.url}
                jsonl.write(json.dumps(record, ensure_ascii=False) + "\n")  # type: ignore[union-attr]
            for qt in art.quotes:
                quotes.writerow((aid, qt["start"], qt["end"], qt["quote"], qt["speaker"], qt["kind"],
                                 qt["style"], qt["attribution"]))
            if art.copy_kind:
                dups.writerow((aid, art.copy_of, art.copy_kind))
                counts[art.copy_kind] += 1
            else:
                counts["originals"] += 1
            for src_index, para_index in art.reused_paragraphs:
                reuse.writerow((aid, para_index, art.copy_of, src_index))
            for line in art.boilerplate_lines:
                boiler.writerow((aid, line))
            for sp in art.speakers:
                speakers.writerow((aid, sp["name"], sp["gender"], sp["role"]))
            counts["articles"] += 1
            counts["quotes"] += len(art.quotes)
            counts["boilerplate_lines"] += len(art.boilerplate_lines)
            counts["paragraph_reuse"] += len(art.reused_paragraphs)
            counts["speakers"] += len(art.speakers)
        files.commit()
    except BaseException:
        files.discard()
        raise
    return counts
