"""Is a quoted span a quote? Cue, length and sentence-like content against titles and scare quotes."""

from __future__ import annotations

import re

from .cues import Cue
from .marks import Span
from .resources import FINITE, FIRST_SECOND, FUNCTION_WORDS, TITLE_CUES, TITLE_SMALL, is_cap, word_tokens
from .types import QuoteSettings


def _features(q: str) -> dict[str, object]:
    words = word_tokens(q)
    low = [w.lower() for w in words]
    caps = [w for w in words if w.lower() not in TITLE_SMALL]
    cap_share = sum(1 for w in caps if is_cap(w) or w[0].isdigit()) / len(caps) if caps else 0.0
    stripped = q.strip()
    return {
        "n_words": len(words),
        "pronoun12": any(w in FIRST_SECOND or w == "i" and "I" in words for w in low) or "I" in words,
        "finite": any(w in FINITE for w in low),
        "terminal": bool(re.search(r"[.!?…,]$", stripped)) or bool(re.search(r"[.!?]\s", stripped)),
        "title": cap_share >= 0.75 and (not re.search(r"[.;!?]\s*$", stripped.rstrip(",")) or len(words) <= 3)
        and len(words) <= 12
        and not re.search(r"\b(?:I|I’m|I'm|We)\b", stripped),
        "starts_lower": stripped[:1].islower(),
    }


def accept(sp: Span, q: str, cue: Cue | None, settings: QuoteSettings, follows_cue: bool = False,
            text: str = "") -> bool:
    f = _features(q)
    n = int(f["n_words"])  # type: ignore[call-overload]
    if n == 0 or len(q) > settings.max_quote_chars:
        return False
    if text and sp.open_pos is not None:
        before = word_tokens(text[max(0, sp.open_pos - 30):sp.open_pos])
        ended = bool(re.search(r"[.!?;]\s*$", text[max(0, sp.open_pos - 30):sp.open_pos]))  # "kept it short. “..."
        # 'called the episode "rushed"': a lower-case word governed by a reporting verb is the speaker's, not a title
        governed = bool(f["starts_lower"]) and cue is not None and cue.mention is not None and n <= 3
        if (before and before[-1].lower() in TITLE_CUES and not ended and not governed
                and not (f["pronoun12"] and n >= 4)):
            return False  # 'titled "Rehearsed,"', 'the documentary "Bodies at Work"'
    if text and sp.close_pos is not None and n <= 3 and not (cue is not None and cue.tight):
        after = word_tokens(text[sp.close_pos + 1:sp.close_pos + 30])
        if after and after[0].islower() and after[0] not in FUNCTION_WORDS and text[sp.close_pos + 1] == " ":
            return False  # used as a modifier: 'the "fun police" label', 'a "cliché" porn story'
    sentence_like = bool(f["pronoun12"] or f["finite"] or f["terminal"])
    if cue is not None and cue.where == "after" and q.rstrip().endswith((",", "?", "!")):
        # quote-then-cue shape ("Once," she says); a capitalised title needs two or more words
        return not (f["title"] and n >= 2)
    if follows_cue and (cue is None or cue.where in ("after", "before", "colon")):
        # the second half of a quote broken by its attribution: "X," she says. "Y."
        # a one-word answer that ends its sentence ("Eleven.") is speech; a short capitalised span is a title
        return bool(f["terminal"] or f["pronoun12"] or f["finite"]) and not (
            f["title"] and n <= 3 and not (n == 1 and re.search(r"[.!?]$", q.strip())))
    if cue is not None and cue.tight and cue.where != "according":
        if f["title"] and not sentence_like and cue.where in ("colon",):
            return False
        if f["title"] and not (f["pronoun12"] or f["finite"]) and n <= 4:
            return False
        return n >= settings.min_words_with_cue
    if cue is not None:  # reporting verb earlier in the sentence, or according to
        if f["title"]:
            return False
        return n >= settings.min_words_partial and (sentence_like or n >= settings.min_words_partial + 1
                                                    or bool(f["starts_lower"]))
    if sp.status == "missing_open_mark" and n >= 3 and sentence_like:
        return True
    if f["title"]:
        return False
    return n >= settings.min_words_without_cue and bool(f["pronoun12"] or f["finite"])


def opens_after_cue(text: str, accepted: list[tuple[Span, Cue | None]], cues_by_span: dict[int, Cue | None],
                 sp: Span) -> bool:
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

