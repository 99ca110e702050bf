"""Quote or not: is a quoted span someone's words, or a title, a scare quote or a term?

The decision weighs the span's cue (cues.py) and its shape: length, first/second person pronouns, finite
verbs, sentence punctuation against title shape (capitalised words) and the words around the marks (a title
cue such as "the film" before it, a content word after a short span used as a modifier).
"""

from __future__ import annotations

import re

from .article import Article
from .cues import Cue
from .marks import Span
from .resources import FUNCTION_WORDS, TITLE_CUES, word_tokens
from .shape import QuoteShape, quote_shape
from .types import QuoteSettings


def accept_quotes(art: Article, spans: list[Span], cues: list[Cue | None], settings: QuoteSettings
                  ) -> list[tuple[Span, Cue | None]]:
    """The candidate spans that are quotes, with their cues, in text order (also recorded in ``art.quoted``).

    The second part of a paragraph-spanning quote goes with its first part; a span nested inside an accepted
    span (single marks inside double ones) is part of that quote.
    """
    text = art.text
    accepted: list[tuple[Span, Cue | None]] = []
    for sp, cue in zip(spans, cues, strict=True):
        if sp.continued and accepted and accepted[-1][0].continues:
            ok = True
        else:
            ok = accept(sp, text[sp.start:sp.end], cue, settings, opens_after_cue(text, accepted, sp), text)
        if ok and any(a.start <= sp.start and sp.end <= a.end for a, _ in accepted):
            ok = False
        if ok:
            accepted.append((sp, cue))
            art.quoted[sp.para].append((sp.start, sp.end))
    return accepted


def accept(sp: Span, q: str, cue: Cue | None, settings: QuoteSettings, follows_cue: bool = False,
           text: str = "") -> bool:
    """Whether span ``sp`` (quoted words ``q``) with ``cue`` is a quote.

    Args:
        follows_cue: ``sp`` opens right after the tag of the previous quote ("X," she says. "Y.").
        text: the article text, to read the words around the marks ("" to judge the words alone).
    """
    f = quote_shape(q)
    if f.n_words == 0 or len(q) > settings.max_quote_chars:
        return False
    if text and _title_or_modifier(text, sp, cue, f):
        return False
    return _decide(sp, q, cue, settings, follows_cue, f)


def _title_or_modifier(text: str, sp: Span, cue: Cue | None, f: QuoteShape) -> bool:
    """The words around the marks make the span a title ('the documentary "Bodies at Work"') or a modifier
    ('the "fun police" label')."""
    n = f.n_words
    if sp.open_pos is not None:
        before = word_tokens(text[max(0, sp.open_pos - 30):sp.open_pos])
        ended = bool(re.search(r"[.!?;]\s*$", text[max(0, sp.open_pos - 30):sp.open_pos]))  # "kept it short. “..."
        # 'called the episode "rushed"': a lower-case word governed by a reporting verb is the speaker's, not a title
        governed = f.starts_lower and cue is not None and cue.mention is not None and n <= 3
        if (before and before[-1].lower() in TITLE_CUES and not ended and not governed
                and not (f.pronoun12 and n >= 4)):
            return True  # 'titled "Rehearsed,"', 'the documentary "Bodies at Work"'
    if sp.close_pos is not None and not (cue is not None and cue.tight):
        after = word_tokens(text[sp.close_pos + 1:sp.close_pos + 30])
        before_word = word_tokens(text[max(0, (sp.open_pos or sp.start) - 12):sp.open_pos or sp.start])
        # a longer span is a modifier only right after a determiner: 'the "hooker with a heart of gold" trope'
        short_or_determined = n <= 3 or (bool(before_word) and before_word[-1].lower() in ("the", "a", "an"))
        if (short_or_determined and after and after[0].islower() and after[0] not in FUNCTION_WORDS
                and text[sp.close_pos + 1] == " "):
            return True  # used as a modifier: 'the "fun police" label', 'a "cliché" porn story'
    return False


def _decide(sp: Span, q: str, cue: Cue | None, settings: QuoteSettings, follows_cue: bool, f: QuoteShape) -> bool:
    """The decision by the kind of cue, from the most to the least telling."""
    n = f.n_words
    sentence_like = f.pronoun12 or f.finite or f.terminal
    if cue is not None and cue.where == "after" and q.rstrip().endswith((",", "?", "!")):
        # quote-then-cue shape ("Once," she says); a capitalised title needs two or more words
        return not (f.title and n >= 2)
    if follows_cue and (cue is None or cue.where in ("after", "before", "colon")):
        # the second half of a quote broken by its attribution: "X," she says. "Y."
        # a one-word answer that ends its sentence ("Eleven.") is speech; a short capitalised span is a title
        return sentence_like and not (f.title and n <= 3 and not (n == 1 and re.search(r"[.!?]$", q.strip())))
    if cue is not None and cue.tight and cue.where != "according":
        if f.title and not sentence_like and cue.where in ("colon",):
            return False
        if f.title and not (f.pronoun12 or f.finite) and n <= 4:
            return False
        return n >= settings.min_words_with_cue
    if cue is not None:  # reporting verb earlier in the sentence, or according to
        if f.title:
            return False
        return n >= settings.min_words_partial and (sentence_like or n >= settings.min_words_partial + 1
                                                    or f.starts_lower)
    if sp.status == "missing_open_mark" and n >= 3 and sentence_like:
        return True
    if f.title:
        return False
    if f.starts_lower and n >= settings.min_words_lower_partial:
        return True  # words of a speaker woven into the writer's sentence: 'hammering his "unsuitability for office"'
    return n >= settings.min_words_without_cue and (f.pronoun12 or f.finite)


def opens_after_cue(text: str, accepted: list[tuple[Span, Cue | None]], sp: Span) -> bool:
    """True when ``sp`` opens right after the trailing cue of the previous accepted quote (same paragraph)."""
    if not accepted or sp.open_pos is None:
        return False
    prev, cue = accepted[-1]
    if prev.para != sp.para or prev.close_pos is None or cue is None or cue.mention is None:
        return False
    gap = text[prev.close_pos + 1:sp.open_pos]
    if cue.where == "after" and prev.close_pos < cue.cue_start < sp.open_pos:
        return len(gap.split()) <= 16 and bool(re.search(r"[.,:;][”\"’']?\s*$", gap))
    return False
