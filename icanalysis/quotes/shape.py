"""What quoted words look like: length, first/second person pronouns, finite verbs, sentence punctuation,
a title's shape. Read by the acceptance decision (accept.py) and by the cue finder, which does not parse a
span shaped like a title (cues.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .resources import FINITE, FIRST_SECOND, TITLE_SMALL, is_cap, word_tokens


@dataclass(frozen=True)
class QuoteShape:
    """What the quoted words look like."""

    n_words: int
    pronoun12: bool  # a first or second person pronoun
    finite: bool  # a finite verb
    terminal: bool  # sentence punctuation (at the end, or inside before a space)
    title: bool  # capitalised words, no sentence end, at most 12 words: a title's shape
    starts_lower: bool


def quote_shape(q: str) -> QuoteShape:
    """The shape of the quoted words ``q``."""
    words = word_tokens(q)
    low = [w.lower() for w in words]
    caps = [w for w in words if w.lower() not in TITLE_SMALL]
    cap_share = sum(1 for w in caps if is_cap(w) or w[0].isdigit()) / len(caps) if caps else 0.0
    stripped = q.strip()
    return QuoteShape(
        n_words=len(words),
        pronoun12=any(w in FIRST_SECOND or w == "i" and "I" in words for w in low) or "I" in words,
        finite=any(w in FINITE for w in low),
        terminal=bool(re.search(r"[.!?…,]$", stripped)) or bool(re.search(r"[.!?]\s", stripped)),
        title=cap_share >= 0.75 and (not re.search(r"[.;!?]\s*$", stripped.rstrip(",")) or len(words) <= 3)
        and len(words) <= 12
        and not re.search(r"\b(?:I|I’m|I'm|We)\b", stripped),
        starts_lower=stripped[:1].islower(),
    )
