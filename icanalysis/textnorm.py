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
_MATCHING_MAP = {**QUOTE_MAP, **DASH_MAP, **SPACE_MAP}


def _char_class(mapping: dict[str, str]) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(''.join(mapping))}]")


_QUOTE_CHARS = _char_class(QUOTE_MAP)
_DASH_CHARS = _char_class(DASH_MAP)
_SPACE_CHARS = _char_class(SPACE_MAP)
_MATCHING_CHARS = _char_class(_MATCHING_MAP)
_WS_RUN = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")


def _replace_chars(text: str, chars: re.Pattern[str], mapping: dict[str, str]) -> str:
    """``text.translate(mapping)`` for a one-character map, quicker when few characters change: the regex
    ``chars`` (the map's keys) finds them and the rest is copied, where translate looks up every character."""
    return chars.sub(lambda m: mapping[m.group()], text)


def normalize_quotes(text: str) -> str:
    """Curly, angled and prime quotation marks to ASCII ``"`` and ``'`` (length-preserving)."""
    return _replace_chars(text, _QUOTE_CHARS, QUOTE_MAP)


def normalize_dashes(text: str) -> str:
    """En/em dashes, minus signs and other dashes to ``-`` (length-preserving)."""
    return _replace_chars(text, _DASH_CHARS, DASH_MAP)


def normalize_spaces(text: str) -> str:
    """No-break, thin, zero-width and other spaces to a plain space (length-preserving)."""
    return _replace_chars(text, _SPACE_CHARS, SPACE_MAP)


def collapse_whitespace(text: str) -> str:
    """Runs of whitespace to one space, stripped (not length-preserving)."""
    return _WS_RUN.sub(" ", text).strip()


def strip_accents(text: str) -> str:
    """``Noé`` -> ``Noe`` (not length-preserving for decomposed input)."""
    if text.isascii():
        return text  # ASCII is its own NFKD form and has no combining marks
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


_ID_SEPARATORS_RE = re.compile(r"[\s-]+")


def category_id(value: object) -> str:
    """The snake_case id of a category value as a person may write it ("Hiring power", "social-media user" ->
    "hiring_power", "social_media_user"), so codebooks and corrections in the older spelling still read."""
    return _ID_SEPARATORS_RE.sub("_", str(value).strip().lower())


def fold_name(name: object, *, dots: bool = False, collapse: bool = True) -> str:
    """A key for comparing names: accents and case folded, ``’`` straightened, whitespace stripped
    (``"Noé  Roe "`` -> ``"noe roe"``); None or NaN give ``""``.

    Args:
        dots: read full stops as spaces ("J.R. Roe" -> "j r roe"), as the speaker registry does.
        collapse: turn inner runs of whitespace into one space; False strips only the ends (the quote
            extractor's keys, built from names it has already split on single spaces).
    """
    if name is None or (isinstance(name, float) and name != name):
        return ""
    text = strip_accents(str(name).replace("’", "'")).lower()
    if dots:
        text = text.replace(".", " ")
    return " ".join(text.split()) if collapse else text.strip()


def lowercase(text: str) -> str:
    return text.lower()


def pipeline(*steps: Callable[[str], str]) -> Callable[[str], str]:
    """Compose ``str -> str`` steps left to right."""

    def run(text: str) -> str:
        for step in steps:
            text = step(text)
        return text

    return run


def normalize_for_matching(text: str) -> str:
    """Offset-preserving normalisation used for the ``norm_text`` columns: quotes, dashes and spaces.

    The same as ``pipeline(normalize_quotes, normalize_dashes, normalize_spaces)`` in one pass: the three
    maps have disjoint keys and none maps a character to a key of another.
    """
    return _replace_chars(text, _MATCHING_CHARS, _MATCHING_MAP)


normalize_for_hashing = pipeline(normalize_for_matching, strip_accents, lowercase, collapse_whitespace)
"""Aggressive normalisation for exact-duplicate hashing (offsets are not preserved)."""


def words(text: str) -> list[str]:
    """Lower-cased alphanumeric word tokens (apostrophes kept inside words), no NLTK needed."""
    return _WORD.findall(normalize_quotes(text).lower())
