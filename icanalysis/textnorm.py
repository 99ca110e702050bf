"""Tiny ``str -> str`` text helpers that compose with :func:`pipeline`.

Normalisers here map one character to one character wherever they can, so character offsets computed on
the normalised text are valid on the original (``normalize_for_matching`` guarantees it).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

# One character for one character: offsets survive normalisation.
QUOTE_MAP = {
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2033": '"', "\uff02": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u2039": "'",
    "\u203a": "'", "\uff07": "'", "\u0060": "'", "\u00b4": "'",
}
DASH_MAP = {
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\ufe58": "-", "\ufe63": "-", "\uff0d": "-",
}
SPACE_MAP = {
    "\u00a0": " ", "\u2000": " ", "\u2001": " ", "\u2002": " ", "\u2003": " ", "\u2004": " ",
    "\u2005": " ", "\u2006": " ", "\u2007": " ", "\u2008": " ", "\u2009": " ", "\u200a": " ",
    "\u202f": " ", "\u205f": " ", "\u3000": " ", "\t": " ", "\u200b": " ", "\ufeff": " ",
}
_QUOTES = str.maketrans(QUOTE_MAP)
_DASHES = str.maketrans(DASH_MAP)
_SPACES = str.maketrans(SPACE_MAP)
_WS_RUN = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")


def normalize_quotes(text: str) -> str:
    """Curly, angled and prime quotation marks to ASCII ``"`` and ``'`` (length-preserving)."""
    return text.translate(_QUOTES)


def normalize_dashes(text: str) -> str:
    """En/em dashes, minus signs and other dashes to ``-`` (length-preserving)."""
    return text.translate(_DASHES)


def normalize_spaces(text: str) -> str:
    """No-break, thin, zero-width and other spaces to a plain space (length-preserving)."""
    return text.translate(_SPACES)


def collapse_whitespace(text: str) -> str:
    """Runs of whitespace to one space, stripped (not length-preserving)."""
    return _WS_RUN.sub(" ", text).strip()


def strip_accents(text: str) -> str:
    """``Noé`` -> ``Noe`` (not length-preserving for decomposed input)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def lowercase(text: str) -> str:
    return text.lower()


def pipeline(*steps: Callable[[str], str]) -> Callable[[str], str]:
    """Compose ``str -> str`` steps left to right."""

    def run(text: str) -> str:
        for step in steps:
            text = step(text)
        return text

    return run


normalize_for_matching = pipeline(normalize_quotes, normalize_dashes, normalize_spaces)
"""Offset-preserving normalisation used for the ``norm_text`` columns."""

normalize_for_hashing = pipeline(normalize_for_matching, strip_accents, lowercase, collapse_whitespace)
"""Aggressive normalisation for exact-duplicate hashing (offsets are not preserved)."""


def words(text: str) -> list[str]:
    """Lower-cased alphanumeric word tokens (apostrophes kept inside words), no NLTK needed."""
    return _WORD.findall(normalize_quotes(text).lower())
