"""Rule-based sentence spans and word tokens (no NLTK data needed).

``split_sentences`` returns ``(start, end)`` character offsets, so every sentence can be traced back to
the text it came from (``text[start:end]``, leading/trailing whitespace excluded). A sentence ends at
``.``, ``!``, ``?`` or ``…`` (plus any closing quotation marks or brackets) when whitespace and an
upper-case letter, digit or opening quotation mark follow; and at every line break. A period after a
known abbreviation does not end a sentence (``Mr.``, ``Feb.``, ``No.``), except that abbreviations
which often close a sentence (``p.m.``, ``U.S.``, ``Inc.``) do end one when a common sentence opener
(``The``, ``But``, ``It`` ...) follows.

The quote stage splits its paragraphs with ``quote_aware_sentences`` instead: no boundary inside a quoted
span, and simpler rules kept as they were (see its docstring for why the two are not one).

References: Kiss & Strunk 2006 (Punkt) motivates the abbreviation/initial rules; this is a much
smaller hand-written subset of them.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Abbreviations after which a period never ends a sentence (compared lower-cased, without the final dot).
ABBREVIATIONS: tuple[str, ...] = (
    "mr", "mrs", "ms", "dr", "prof", "sr", "st", "mt", "rev", "gen", "gov", "sen", "rep", "col", "lt",
    "sgt", "capt", "hon", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "approx", "vs", "v", "cf", "e.g", "i.e", "ca", "dept", "mins", "min", "hr", "hrs",
)
# Abbreviations that stand before a number ("No. 1", "p. 12"): no split when a digit follows.
NUMBER_ABBREVIATIONS: tuple[str, ...] = ("no", "nos", "vol", "pp", "p", "fig", "ch", "art")
# Abbreviations that often close a sentence: split after them only when a sentence opener follows.
SENTENCE_FINAL_ABBREVIATIONS: tuple[str, ...] = (
    "p.m", "a.m", "u.s", "u.k", "u.n", "etc", "inc", "ltd", "co", "corp", "jr", "bros", "d.c",
)
# The quote-aware splitter (:func:`quote_aware_sentences`) reads a period after one of these as never ending a
# sentence, whatever follows. Every one is in the three lists above (tests/test_sentences.py checks it); the
# splitter does not take the whole lists: with them "Lt. Jo Roe" would no longer end a sentence at "Lt.", which
# changes a speaker on the blind set (blind3-04), and outputs must not change in a restructure.
QUOTE_ABBREVIATIONS: frozenset[str] = frozenset({
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "inc", "ltd", "no", "vs", "prof", "gen", "gov", "sen", "rep", "co",
    "corp", "feb", "jan", "aug", "sept", "oct", "nov", "dec", "e.g", "i.e", "u.s", "u.k", "p.m", "a.m",
    "capt", "lt", "col", "sgt", "hon", "rev",
})
SENTENCE_OPENERS: tuple[str, ...] = (
    "The", "A", "An", "It", "It's", "It’s", "He", "She", "They", "We", "I", "You", "This", "That",
    "These", "Those", "There", "But", "And", "Or", "So", "In", "On", "At", "As", "For", "If", "When",
    "While", "After", "Before", "Now", "Then", "His", "Her", "Their", "Our", "My", "What", "Why", "How",
)

_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«(["
_SENTENCE_END_RE = re.compile(rf"[.!?…]+[{re.escape(_CLOSERS)}]*(?=\s)")
_NEXT_START_RE = re.compile(rf"\s+([{re.escape(_OPENERS)}]*)(\S*)")
_TOKEN_BEFORE_RE = re.compile(r"(\S+)$")
# quote_aware_sentences: end punctuation and closing marks, then space, an optional opening mark and a capital
# (ASCII or Latin-1) or digit
_QUOTE_AWARE_END_RE = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9\u00C0-\u00DE])")
_LINE_RE = re.compile(r"[^\n]+")
_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def _is_boundary(line: str, match: re.Match[str]) -> bool:
    nxt = _NEXT_START_RE.match(line, match.end())
    if nxt is None:  # only whitespace follows: end of line handles it
        return False
    opener, word = nxt.group(1), nxt.group(2)
    first = word[:1]
    if not opener and not (first.isupper() or first.isdigit()):
        return False
    if opener and not word:
        return False
    punct = match.group(0)
    if not punct.startswith(".") or len(punct.rstrip(_CLOSERS)) > 1:
        return True  # "!", "?", "…" or "..." always end a sentence before a capital
    before = _TOKEN_BEFORE_RE.search(line, 0, match.start())
    token = before.group(1).lstrip(_OPENERS).lower() if before else ""
    if token in ABBREVIATIONS:
        return False
    if token in NUMBER_ABBREVIATIONS and first.isdigit():
        return False
    if len(token) == 1 and token.isalpha():  # initials: "J. K. Rowling"
        return False
    if token in SENTENCE_FINAL_ABBREVIATIONS:
        return word.rstrip(",;:") in SENTENCE_OPENERS
    return True


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentence spans ``(start, end)`` with ``text[start:end]`` stripped of whitespace."""
    if not isinstance(text, str):
        raise TypeError(f"split_sentences expects str, got {type(text).__name__}")
    spans: list[tuple[int, int]] = []
    for line_match in _LINE_RE.finditer(text):
        line = line_match.group(0)
        offset = line_match.start()
        cuts = [m.end() for m in _SENTENCE_END_RE.finditer(line) if _is_boundary(line, m)]
        begin = 0
        for cut in [*cuts, len(line)]:
            piece = line[begin:cut]
            stripped = piece.strip()
            if stripped:
                lead = len(piece) - len(piece.lstrip())
                s = offset + begin + lead
                spans.append((s, s + len(stripped)))
            begin = cut
    return spans


_INITIALS_RE = re.compile(r"(?:[a-z]\.)+[a-z]")  # initials before their last period: "d.k" of "D.K."


def quote_aware_sentences(text: str, lo: int, hi: int, quoted: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``text[lo:hi]`` (one paragraph) with no boundary inside a ``quoted``
    span; the quote extractor's splitter.

    A sentence may end with a quote (``...process.” Next``: the cut falls after the closing mark). It is older
    and simpler than :func:`split_sentences`: a boundary needs a capital (ASCII or Latin-1) or a digit after
    the space (an opening mark may come first); a period after any of :data:`QUOTE_ABBREVIATIONS` or after a
    single letter never ends a sentence; line breaks are not boundaries; only leading whitespace is
    trimmed. Unifying the two changes quote attributions on the test sets, so both are kept.
    """
    cuts = []
    for m in _QUOTE_AWARE_END_RE.finditer(text, lo, hi):
        pos = m.start()
        if any(s <= pos < e for s, e in quoted):
            # the sentence may end with the quote itself: ``...process.” Next`` -> cut after the mark
            end_marks = m.end()
            if not any(s <= end_marks - 1 < e for s, e in quoted):
                cuts.append(end_marks)
            continue
        if m.group(0).startswith("."):  # the token before the period only matters after a period
            before = _TOKEN_BEFORE_RE.search(text, lo, pos)  # as re.search on text[lo:pos], without the copy
            tok = before.group(1).lower().lstrip("(\"“‘'") if before else ""
            if tok in QUOTE_ABBREVIATIONS or (len(tok) == 1 and tok.isalpha()) or _INITIALS_RE.fullmatch(tok):
                continue  # "Mr.", "J.", "D.K. Arulanandam"
        cuts.append(m.end())
    out = []
    begin = lo
    for c in [*cuts, hi]:
        if c <= begin:
            continue
        seg = text[begin:c]
        lead = len(seg) - len(seg.lstrip())
        if seg.strip():
            out.append((begin + lead, c))
        begin = c
    return out


def tokenize_words(text: str) -> list[str]:
    """Word tokens: runs of letters/digits, keeping internal apostrophes ("don't", "Madison’s")."""
    if not isinstance(text, str):
        raise TypeError(f"tokenize_words expects str, got {type(text).__name__}")
    return _WORD_RE.findall(text)


# --- cue patterns ---------------------------------------------------------------------------------
# The small pattern language used by the cue columns of stance_cues.csv and frames.csv (see
# icanalysis/data/README.md): words separated by spaces (matching spaces or hyphens), ``word*`` a stem,
# ``a/an/the`` alternatives, ``[a/an]`` an optional word, ``{ic}`` a mention of intimacy coordinators,
# ``{ref}`` a mention or an anaphor (them; one at the end of a clause); an apostrophe matches ' or ’. Matching ignores case
# except for the abbreviation "IC(s)".
IC_PATTERN = r"(?:intimacy[\s\-]+(?:coordinat\w*|directors?)|(?-i:\bICs?\b))"
REF_PATTERN = rf"(?:{IC_PATTERN}|\bthem\b|\bone\b(?=\s*[^\w\s]|\s*$))"
_PLACEHOLDERS = {"{ic}": IC_PATTERN, "{ref}": REF_PATTERN}


def _word_pattern(word: str) -> str:
    stem = word.endswith("*")
    word = word.rstrip("*")
    body = "".join(
        "['’]" if ch in "'’" else r"[\s\-]?" if ch == "-" else re.escape(ch) for ch in word
    )
    start = r"\b" if word[:1].isalnum() else ""
    end = r"\w*" if stem else (r"\b" if word[-1:].isalnum() else "")
    return start + body + end


def _token_pattern(token: str) -> str:
    if token in _PLACEHOLDERS:
        return _PLACEHOLDERS[token]
    optional = token.startswith("[") and token.endswith("]")
    if optional:
        token = token[1:-1]
    if not token or "{" in token or "}" in token:
        raise ValueError(f"bad cue token {token!r}: valid forms are word, word*, a/an, [a/an], {{ic}}, {{ref}}")
    alternatives = "|".join(_word_pattern(w) for w in token.split("/"))
    return f"(?:{alternatives})" + ("?" if optional else "")


def cue_pattern(cue: str) -> re.Pattern[str]:
    """Compile one cue written in the cue language above (case-insensitive)."""
    tokens = cue.split()
    if not tokens:
        raise ValueError("empty cue")
    parts = [_token_pattern(t) for t in tokens]
    pattern = ""
    for i, (token, part) in enumerate(zip(tokens, parts, strict=True)):
        if i == 0:
            pattern = part
        elif token.startswith("["):
            pattern += rf"(?:[\s\-]+{part[:-1]})?"
        else:
            pattern += rf"[\s\-]+{part}"
    return re.compile(pattern, re.IGNORECASE)


# --- cue screening --------------------------------------------------------------------------------
# Most texts contain few cue words, so running every cue regex over every text is wasted work. Every match
# of ``cue_pattern(cue)`` contains, after :func:`fold_case`, one of ``cue_literals(cue)``; a cue none of
# whose literals occurs in the folded text cannot match, and callers skip it (same matches, found sooner).
# The literal parts of IC_PATTERN and REF_PATTERN, one of which every match contains: keep them in step.
_PLACEHOLDER_LITERALS = {"{ic}": ("intimacy", "ic"), "{ref}": ("intimacy", "ic", "them", "one")}
# The only characters re.IGNORECASE matches to an ASCII letter that str.lower() does not turn into it
# (tests/test_sentences.py checks every code point): İ (lower() gives "i" + a combining dot), ı, ſ.
_CASE_ALIASES = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def fold_case(text: str) -> str:
    """``text`` lower-cased as :func:`cue_literals` expects (a character matching an ASCII letter becomes it)."""
    return text.lower() if text.isascii() else text.translate(_CASE_ALIASES).lower()


def _literal_run(word: str) -> str:
    """The leading characters of a cue word that its pattern matches literally (up to a hyphen or apostrophe)."""
    return re.split(r"[-'’*]", word.lower(), maxsplit=1)[0]


def _token_literals(token: str) -> tuple[str, ...]:
    """Literals one of which a match of a required cue token contains; ``()`` if none is certain."""
    if token in _PLACEHOLDER_LITERALS:
        return _PLACEHOLDER_LITERALS[token]
    runs = tuple(_literal_run(w) for w in token.split("/"))
    return runs if all(runs) and token.isascii() else ()


def cue_literals(cue: str) -> tuple[str, ...]:
    """Lower-case strings one of which every match of ``cue_pattern(cue)`` contains; ``()`` if none is certain.

    They are the literal beginnings of the alternatives of one required (not ``[optional]``) word of the
    cue: the word whose shortest literal is longest (rarest), the later word on a tie (phrases tend to
    open with function words: "the art of" -> art).
    """
    options = [lits for t in cue.split() if not t.startswith("[") and (lits := _token_literals(t))]
    return max(reversed(options), key=lambda lits: min(map(len, lits)), default=())


def trie_alternation(words: list[str]) -> str:
    """Regex source matching any of the distinct non-empty ``words``, the longest that fits, as a letter trie.

    Python's ``re`` tries the branches of ``a|b|c`` one by one at every position; a trie tries one letter at a
    time, so it finds (or rules out) any of hundreds of words in a few steps.
    """
    branches: dict[str, list[str]] = {}
    for word in words:
        branches.setdefault(word[0], []).append(word[1:])
    parts = []
    for first, rests in branches.items():
        longer = [r for r in rests if r]
        tail = f"(?:{trie_alternation(longer)})" + ("?" if "" in rests else "") if longer else ""
        parts.append(re.escape(first) + tail)
    return "|".join(parts)


@lru_cache(maxsize=16)
def _screen(cues: tuple[str, ...]) -> tuple[re.Pattern[str], dict[str, frozenset[int]], frozenset[int]]:
    """A finder of the longest literal of ``cues`` at every position, the cues each found literal lets
    through (those with a literal that is a prefix of it: every literal starting there), and the cues
    without literals (never screened out)."""
    literals = [cue_literals(cue) for cue in cues]
    owners: dict[str, set[int]] = {}
    for i, lits in enumerate(literals):
        for lit in lits:
            owners.setdefault(lit, set()).add(i)
    finder = re.compile(f"(?=({trie_alternation(sorted(owners))}))" if owners else r"(?!)")
    through = {found: frozenset().union(*(owners.get(found[:k], ()) for k in range(1, len(found) + 1)))
               for found in owners}
    return finder, through, frozenset(i for i, lits in enumerate(literals) if not lits)


def screen_cues(text: str, cues: tuple[str, ...]) -> frozenset[int]:
    """Indexes into ``cues`` of the cues that may match ``text``; the others cannot (see :func:`cue_literals`)."""
    finder, through, unscreened = _screen(cues)
    return unscreened.union(*(through[found] for found in set(finder.findall(fold_case(text)))))
