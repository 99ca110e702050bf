"""Direct and indirect quotes with character offsets, cue, speaker mention and in-article speaker.

Rule-based and offline (regex + word lists, no model downloads). The stages, each a plain function:

1. ``paragraph_spans``: the article's kept paragraphs (from the cleaning stage, or non-empty lines).
2. ``find_mark_spans``: pair quotation marks paragraph by paragraph. Marks are classified open/close by
   their context (space before, punctuation after), not only by glyph, so mixed curly/straight marks,
   doubled marks, a lost opening mark at a paragraph start and a quote that runs over a paragraph break
   all resolve; an unbalanced mark never runs past its paragraph (resynchronised at paragraph ends).
   Single marks are read as quotation marks only outside accepted double-quoted spans and never between
   letters (apostrophes: ``it's``, ``workers'``, ``'90s``).
3. ``_find_cue``: attribution by, in order, a cue right after the quote (``," she said``; ``," says
   Roe``), a cue right before it (``Roe concurs: "``; ``Roe says, "``; ``According to Roe, "``; ``As Roe
   noted, "``), a reporting verb earlier in the same sentence (partial quotes inside reported speech),
   a colon introduction, and finally the previous speaker (follow-on quotes).
4. Acceptance (is it a quote at all?): a cue, length and sentence-like content (first/second person
   pronouns, finite verbs, sentence punctuation) against title shape (capitalised words, no cue) and scare
   quotes (one or two words).
5. ``_Resolver``: in-article speaker: surnames and first names to the full name introduced in the article
   (a nickname between first name and surname is skipped; titles, epithets and post-nominals from
   ``data/name_affixes.csv`` are dropped; "Guild of X" and "Makers' Collective" stay whole), pronouns and role
   nouns to the most recent gender-compatible sentence subject or speaker, first in the quote's own paragraph
   (gender from subject pronouns and kinship/role nouns in the text; never a person named inside the quote
   being attributed, never an organisation for he/she, never the object of the pronoun's own introductory
   phrase), "I" inside a transcript turn to the turn's labelled speaker, "the union" to the named
   organisation, untagged answers after a question to the interviewee of a Q&A introduction, and an
   untagged (headline) quote to the speaker of an attributed quote that repeats its words.
6. Indirect speech: a reporting verb governing a that-clause (also after an adverbial: ``said in a
   statement that``) or a bare clause (``says it is ...``, ``says budgets remain ...``, ``told pals the
   claims were ...``, ``concedes the service moved ...``, ``spoke about how ...``), ``As Roe puts it, ...``,
   ``According to Roe, ...`` / ``..., according to the union.`` and ``..., Roe says.`` / ``X, Roe says, ...``
   sentences. Decision: an indirect clause that wraps a direct partial quote IS emitted, spanning the whole
   clause with the quoted words and their marks, and overlaps the direct row(s); a clause with fewer than
   two words outside the marks is not (the direct rows carry it). To count statements without double counting, take the direct
   rows plus the indirect rows that contain no direct row.

References: Pareti (2016) PARC 3.0 attribution relations; Asr et al. (2021) Gender Gap Tracker quote
extraction rules (syntactic patterns, reporting-verb lexicon); Muzny et al. (2017) quote attribution
(quote -> mention -> speaker sieve).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache

import pandas as pd

from .lexicons import name_affixes, reporting_verbs, role_nouns
from .sentences import quote_aware_sentences, trie_alternation
from .textnorm import fold_name

__all__ = [
    "QUOTE_COLUMNS",
    "QuoteSettings",
    "extract_quotes",
    "paragraph_spans",
    "quotes_for_text",
]

QUOTE_COLUMNS: tuple[str, ...] = (
    "article_id", "quote_id", "kind", "start", "end", "quote", "para_index", "cue", "cue_start",
    "mention", "mention_start", "attribution", "speaker_local", "gender_local", "mention_context", "status",
)
ATTRIBUTIONS: tuple[str, ...] = ("name", "pronoun", "title", "previous", "none")


@dataclass(frozen=True)
class QuoteSettings:
    """Options of the quote extractor.

    Args:
        max_quote_chars: a candidate longer than this is not a quote (runaway pairing); default 3000.
        min_words_without_cue: a quoted span with no attribution cue counts as a quote only with at least
            this many words and sentence-like content; default 6.
        min_words_partial: a partial quote governed by a reporting verb (with a resolvable speaker) earlier
            in its sentence needs at least this many words; default 1 (a single reported word, as in
            ``called Doe "sleazy"``, is the speaker's word; ungoverned single words are scare quotes).
        min_words_with_cue: a quote with a cue right next to it needs at least this many words; default 2.
        cue_window: characters after a closing / before an opening mark searched for a cue; default 160.
        previous_paragraphs: how many paragraphs back a follow-on quote or a pronoun may reach; default 3.
        indirect: also extract indirect (reported) speech; default True.
        single_quotes: "auto" (read single marks as quotation marks outside double-quoted text),
            "never"; default "auto".
    """

    max_quote_chars: int = 3000
    min_words_without_cue: int = 6
    min_words_partial: int = 1
    min_words_with_cue: int = 2
    cue_window: int = 160
    previous_paragraphs: int = 3
    indirect: bool = True
    single_quotes: str = "auto"

    def __post_init__(self) -> None:
        for name in ("max_quote_chars", "min_words_without_cue", "min_words_partial", "min_words_with_cue",
                     "cue_window", "previous_paragraphs"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 0:
                raise ValueError(f"QuoteSettings.{name} must be a non-negative int, got {value!r}")
        if self.single_quotes not in ("auto", "never"):
            raise ValueError(f"QuoteSettings.single_quotes must be one of ('auto', 'never'), "
                             f"got {self.single_quotes!r}")


# --------------------------------------------------------------------------------------------------
# Word lists and compiled patterns (constants; data-driven lexicons are loaded lazily below)

DOUBLE_OPEN = "“„«‟"
DOUBLE_CLOSE = "”»"
DOUBLE_AMBIG = "\"″＂"
SINGLE_OPEN = "‘‚‹"
SINGLE_CLOSE = "’›"
SINGLE_AMBIG = "'′"
DOUBLE_MARKS = DOUBLE_OPEN + DOUBLE_CLOSE + DOUBLE_AMBIG
SINGLE_MARKS = SINGLE_OPEN + SINGLE_CLOSE + SINGLE_AMBIG
ALL_MARKS = DOUBLE_MARKS + SINGLE_MARKS
OPEN_CONTEXT = "([{—–-/"
CLOSE_CONTEXT = ".,;:!?)]}—–-…"
ELISIONS = frozenset({"em", "til", "cause", "n", "tis", "twas", "bout", "round", "cos"})

PRONOUNS_SUBJECT = {"she": "female", "he": "male", "they": "unknown"}
PRONOUNS_GENDERED = {"she": "female", "her": "female", "hers": "female", "herself": "female",
                     "he": "male", "him": "male", "his": "male", "himself": "male"}
FIRST_SECOND = frozenset({"i", "i'm", "i’m", "i've", "i’ve", "i'd", "i’d", "i'll", "i’ll", "me", "my", "mine",
                          "myself", "we", "we're", "we’re", "we've", "we’ve", "us", "our", "ours", "you",
                          "your", "you're", "you’re", "yours", "we'll", "we’ll", "you'll", "you’ll"})
FINITE = frozenset({
    "is", "are", "was", "were", "am", "has", "have", "had", "do", "does", "did", "will", "would", "can",
    "could", "should", "shall", "may", "might", "must", "isn't", "aren't", "wasn't", "weren't", "don't",
    "doesn't", "didn't", "won't", "wouldn't", "can't", "couldn't", "shouldn't", "it's", "that's", "there's",
    "what's", "he's", "she's", "they're", "isn’t", "aren’t", "wasn’t", "weren’t", "don’t", "doesn’t",
    "didn’t", "won’t", "wouldn’t", "can’t", "couldn’t", "shouldn’t", "it’s", "that’s", "there’s", "what’s",
    "he’s", "she’s", "they’re", "think", "know", "want", "need", "feel", "makes", "felt", "said",
    "says", "get", "got", "let", "love", "hate", "believe", "mean", "seems", "looks", "goes", "went",
})
TITLE_SMALL = frozenset({"of", "the", "a", "an", "and", "or", "in", "on", "for", "to", "at", "with", "from",
                         "by", "as", "vs", "de", "la", "le", "du", "des", "von", "van", "der", "d’", "d'"})
NAME_PARTICLES = frozenset({"de", "van", "von", "der", "den", "da", "di", "du", "le", "la", "del", "bin",
                            "al", "ter", "dos", "das"})
# Capitalised words that start sentences or name things, never a person's name.
NOT_NAME = frozenset({
    "the", "a", "an", "and", "but", "or", "so", "if", "in", "on", "at", "to", "for", "of", "as", "by", "it",
    "its", "it's", "it’s", "he", "she", "they", "we", "i", "you", "his", "her", "their", "our", "my",
    "this", "that", "these", "those", "there", "here", "what", "why", "how", "when", "where", "who",
    "while", "whereas", "although", "though", "after", "before", "since", "until", "according", "with",
    "without", "from", "into", "about", "despite", "given", "indeed", "meanwhile", "now", "then", "still",
    "yet", "also", "only", "even", "just", "both", "one", "some", "many", "most", "all", "each", "every",
    "another", "others", "other", "no", "not", "yes", "mr", "mrs", "ms", "dr", "sir", "dame", "lady", "lord",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "speaking",
    "ideally", "additionally", "furthermore", "however", "instead", "contrast", "think", "join", "see",
    "popular", "courtesy", "source", "published", "copyright", "read", "more", "related", "photo",
    "getty", "images", "reuters", "ap", "afp", "bbc", "cnn", "oscar", "oscars", "academy", "award",
    "awards", "best", "picture", "film", "films", "festival", "hollywood", "netflix", "hbo", "variety",
    "god", "ok", "okay", "thanks", "thank", "hi", "hello", "hey", "wow", "well", "yeah", "sorry",
    "first", "last", "next", "new", "old", "good", "great", "sex", "men", "women", "people", "everyone",
})
ORG_WORDS = frozenset({
    "inc", "inc.", "ltd", "llc", "corp", "company", "studios", "studio", "pictures", "films", "film",
    "entertainment", "media", "group", "festival", "awards", "academy", "university", "college", "times",
    "magazine", "news", "post", "journal", "guardian", "telegraph", "reporter", "review", "network",
    "records", "productions", "association", "guild", "union", "council", "institute", "foundation",
    "society", "club", "collection", "center", "centre", "school", "museum", "theatre", "theater",
    "coordinators", "directors", "committee", "department", "agency", "bureau", "ministry", "party",
    "street", "beach", "city", "state", "county", "island", "globes", "emmys", "baftas", "day", "week",
    "year", "story", "season", "series", "show", "games", "game", "revival",
    "oscars", "oscar", "picture", "actress", "actor", "screenplay", "bafta", "prize",
    "alliance", "collective", "coalition", "federation", "league", "commission", "tribunal",
})
# Head nouns of organisation names: "Guild of X", "X Makers' Collective" stay one name.
ORG_HEADS = frozenset({
    "alliance", "association", "academy", "guild", "union", "collective", "coalition", "federation", "league",
    "council", "society", "institute", "foundation", "committee", "commission", "board", "trust", "fund",
    "network", "festival", "school", "university", "college", "museum", "agency", "bureau", "ministry",
    "department", "office", "court", "tribunal", "club", "centre", "center", "company", "group", "party",
})
ADVERB_WORDS = frozenset({"also", "later", "previously", "once", "then", "further", "recently", "again",
                          "simply", "just", "now", "still", "even", "often", "famously", "first", "too", "finally", "earlier", "separately", "tersely", "flatly", "bluntly"})
DETERMINERS = frozenset({"the", "its", "his", "her", "their", "a", "an", "our", "this", "that", "one",
                         "another", "some", "several", "many", "two", "three", "other", "film’s", "film's",
                         "show’s", "show's", "project’s", "project's", "movie’s", "movie's", "series’"})
ANONYMOUS_HEADS = frozenset({"one", "another", "some", "several", "many", "others", "a", "an"})
SUBORDINATORS = frozenset({"where", "when", "how", "why", "what", "whether", "if", "because", "that",
                           "who", "whom", "whose", "which", "while", "though", "although", "than", "as"})
PREPOSITIONS = frozenset({"with", "to", "by", "for", "of", "from", "about", "at", "in", "on", "than", "like",
                          "and", "or", "into", "onto", "against", "toward", "towards", "without", "under",
                          "over", "between", "among", "after", "before", "behind", "around", "via", "per",
                          "have", "has", "had", "call", "called", "asked", "told", "tell", "thank",
                          "thanked", "praised", "criticised", "criticized", "slammed", "hired", "cast",
                          "starring", "opposite", "alongside", "beside", "whom", "where", "said", "says"})
VERBISH_AFTER = frozenset({"is", "was", "has", "had", "would", "will", "can", "could", "should", "may",
                           "might", "must", "does", "did", "are", "were", "went", "made", "spoke", "began",
                           "wrote", "read", "took", "gave", "got", "felt", "knew", "thinks", "sees", "saw"})
NUMBER_WORDS = frozenset({"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve",
                          "twenty", "fifty", "hundred", "thousand", "million"})
# A word right before an opening mark that makes the quoted text a title.
TITLE_CUES = frozenset({"titled", "entitled", "named", "dubbed", "film", "movie", "series", "show", "book",
                        "memoir", "album", "song", "novel", "documentary", "play", "episode", "podcast",
                        "sitcom", "drama", "comedy", "thriller", "musical", "revival", "short"})
# Words that may follow a partial quote in running text (a content word there marks modifier use).
FUNCTION_WORDS = frozenset({
    "of", "in", "on", "at", "for", "to", "from", "by", "with", "about", "as", "than", "and", "or", "but",
    "nor", "so", "yet", "because", "if", "when", "while", "that", "which", "who", "it", "he", "she", "they",
    "we", "i", "you", "is", "was", "are", "were", "be", "been", "has", "had", "have", "will", "would", "can",
    "could", "should", "may", "might", "must", "do", "does", "did", "not", "after", "before", "during",
    "over", "into", "onto", "again", "too", "also", "then", "there", "this", "these", "those", "its", "his",
    "her", "their", "our", "my", "your", "a", "an", "the", "said", "says", "say", "told", "one", "all",
})
# Tabloid epithets written capitalised at a sentence start before a name ("Brave Jane Roe").
EPITHETS = frozenset({"brave", "glam", "glamorous", "heartthrob", "hunk", "beauty", "stunning", "tragic",
                      "troubled", "telly", "soap", "reality", "legend", "legendary", "pregnant", "newlywed",
                      "mum", "dad", "singer", "rapper", "model", "busty", "fiery", "outspoken", "smitten",
                      "loved-up", "bombshell", "superstar", "megastar", "icon", "queen", "king", "hero",
                      "heroine", "star", "stars", "favourite", "favorite", "presenter", "host", "sir", "dame"})

_WORD_RE = re.compile(r"\w(?:[\w’'\-]*\w)?")
_TOKEN_RE = re.compile(r"\w(?:[\w’'\-\.]*\w)?|[^\w\s]")
_LEADING_SPACE_RE = re.compile(r"\s*")
_BRACKET_RE = re.compile(r"\s*\[[^\]]{0,200}\]")
_DASH_RE = re.compile(r"\s*[—–-]+\s*")
_ACCORDING_RE = re.compile(r"\baccording\s+to\s+", re.IGNORECASE)
_LINE_RE = re.compile(r"[^\n]+")
_DECADE_RE = re.compile(r"\d\d(s\b|\b)")  # after an apostrophe: ’90s
_LETTERS_RE = re.compile(r"[A-Za-z]+")
_GROUP_SUBJECT_RE = re.compile(r"\b((?:[Ss]ome|[Mm]any|[Ss]everal|[Oo]ther|[Oo]ne|[Aa]nother)\s+(?:social[- ]media\s+)?"
                               r"(?:users|fans|critics|commenters|viewers|observers|posters|people|readers|user|fan|"
                               r"critic|commenter|viewer|reader))\b")


# --------------------------------------------------------------------------------------------------
# Patterns built from the lexicons (lexicons.py reads the data files)

def _verb_start(forms: list[str]) -> str:
    """A lookahead that holds where one of ``forms`` may begin (its first word does).

    Put before an alternation of the forms it only skips positions where no branch could match, so the
    matches stay the same; it saves trying every branch at every word.
    """
    return f"(?={trie_alternation(sorted({f.split()[0] for f in forms}))})"


@cache
def _verb_pattern() -> re.Pattern[str]:
    forms = sorted(reporting_verbs(), key=len, reverse=True)
    alts = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)
    return re.compile(rf"\b{_verb_start(forms)}(?:{alts})\b", re.IGNORECASE)


@cache
def _role_noun_re() -> re.Pattern[str]:
    # One search for "some role noun as a whole word": the regex backtracks through every branch at every
    # position, so it matches exactly when one of the per-noun searches would.
    return re.compile(rf"\b(?:{'|'.join(re.escape(n) for n in role_nouns())})\b")


def _names_role(phrase: str) -> bool:
    """Whether lower-cased ``phrase`` contains a role noun of role_nouns.csv as whole words."""
    return _role_noun_re().search(phrase) is not None


@cache
def _role_tokens() -> frozenset[str]:
    toks: set[str] = set()
    for noun in role_nouns():
        toks.update(noun.split())
    toks.update({"veteran", "acclaimed", "award-winning", "oscar-winning", "famed", "former", "independent", "indie", "british", "american", "french", "film",
                 "stunt", "intimacy", "hollywood", "new", "young", "fellow", "co", "lead", "german",
                 "swedish", "spanish", "canadian", "australian", "irish", "italian", "danish", "dutch"})
    return frozenset(toks)


# --------------------------------------------------------------------------------------------------
# Small helpers

def _words(s: str) -> list[str]:
    return _WORD_RE.findall(s)


@lru_cache(maxsize=65536)
def _fold(s: str) -> str:
    """:func:`~icanalysis.textnorm.fold_name` of a name or token, inner spaces kept (memoised: names are
    folded again and again)."""
    return fold_name(s, collapse=False)


def _is_cap(tok: str) -> bool:
    return bool(tok) and tok[0].isupper()


def paragraph_spans(text: str, spans: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Paragraph spans: ``spans`` validated and trimmed of outer whitespace, or the non-empty lines."""
    if spans is None:
        raw = [(m.start(), m.end()) for m in _LINE_RE.finditer(text)]
    else:
        raw = []
        for item in spans:
            if len(item) != 2:
                raise ValueError(f"spans must be (start, end) pairs, got {item!r}")
            s, e = int(item[0]), int(item[1])
            if not 0 <= s <= e <= len(text):
                raise ValueError(f"span {item!r} is outside the text (length {len(text)})")
            raw.append((s, e))
        raw.sort()
    out = []
    for s, e in raw:
        chunk = text[s:e]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk) - len(chunk.rstrip())
        if e - trail > s + lead:
            out.append((s + lead, e - trail))
    return out


# --------------------------------------------------------------------------------------------------
# Quotation-mark pairing

@dataclass
class _Span:
    start: int  # inner start (absolute)
    end: int  # inner end (absolute)
    open_pos: int | None  # absolute position of opening mark (None: missing)
    close_pos: int | None  # absolute position of closing mark (None: unclosed)
    para: int
    single: bool
    status: str = "ok"
    continues: bool = False  # runs on into the next paragraph
    continued: bool = False  # continues a quote from the previous paragraph


def _mark_role(text: str, i: int, lo: int, hi: int) -> str:
    """'open', 'close' or 'either' for the mark at ``text[i]`` from its neighbours within [lo, hi)."""
    ch = text[i]
    prev = text[i - 1] if i > lo else ""
    nxt = text[i + 1] if i + 1 < hi else ""
    left_open = prev == "" or prev.isspace() or prev in OPEN_CONTEXT or prev in DOUBLE_OPEN + SINGLE_OPEN
    right_close = nxt == "" or nxt.isspace() or nxt in CLOSE_CONTEXT or nxt in DOUBLE_CLOSE + SINGLE_CLOSE
    if ch in DOUBLE_AMBIG and prev in DOUBLE_OPEN + DOUBLE_AMBIG and prev != "":
        left_open = True
    if left_open and not right_close:
        return "open"
    if right_close and not left_open:
        return "close"
    if ch in DOUBLE_OPEN + SINGLE_OPEN:
        return "open"
    if ch in DOUBLE_CLOSE + SINGLE_CLOSE:
        return "close"
    return "either"


def _is_apostrophe(text: str, i: int, lo: int, hi: int) -> bool:
    prev = text[i - 1] if i > lo else ""
    nxt = text[i + 1] if i + 1 < hi else ""
    if prev.isalnum() and nxt.isalnum():
        return True
    if (prev == "" or prev.isspace()) and nxt.isdigit():
        m = _DECADE_RE.match(text, i + 1, hi)  # pos/endpos: as on text[i + 1:hi], without copying it
        if m:
            return True
    if nxt.isalpha():
        m = _LETTERS_RE.match(text, i + 1, hi)
        if m and m.group(0).lower() in ELISIONS and (prev == "" or prev.isspace() or prev.isalpha()):
            return True
    return False


@lru_cache(maxsize=8)
def _mark_re(marks: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(marks)}]")


def _pair_in_paragraph(text: str, lo: int, hi: int, para: int, marks: str, single: bool,
                       masked: list[tuple[int, int]]) -> list[_Span]:
    """Pair marks of one family inside text[lo:hi]; unclosed spans run to ``hi`` (status set later)."""
    out: list[_Span] = []
    open_pos: int | None = None
    content_start = 0
    fallback: int | None = None  # a weak close ("workers' ") for single marks
    seen_mark = False
    next_mark = _mark_re(marks)
    i = lo
    mi = 0
    while i < hi:
        found = next_mark.search(text, i, hi)  # jump over the characters that are not marks
        if found is None:
            break
        i = found.start()
        while mi < len(masked) and masked[mi][1] <= i:
            mi += 1
        if mi < len(masked) and masked[mi][0] <= i < masked[mi][1]:
            i = masked[mi][1]
            continue
        if single and _is_apostrophe(text, i, lo, hi):
            i += 1
            continue
        role = _mark_role(text, i, lo, hi)
        if role == "either":
            role = "open" if open_pos is None else "close"
        if role == "open":
            if open_pos is None:
                open_pos, content_start, fallback = i, i + 1, None
            elif not text[content_start:i].strip(" " + ALL_MARKS):
                content_start = i + 1  # doubled opening marks: “ “Title”
            elif not single:
                # an opening mark while a quote is open: the earlier mark was never closed
                end = i
                while end > content_start and text[end - 1].isspace():
                    end -= 1
                out.append(_Span(content_start, end, open_pos, None, para, single, "unbalanced_marks_resynced"))
                open_pos, content_start = i, i + 1
        else:  # close
            if open_pos is not None:
                prev = text[i - 1]
                nxt = text[i + 1] if i + 1 < hi else ""
                weak = single and prev.lower() == "s" and nxt == " " and re.match(r" [a-z]", text[i + 1:i + 3] or "")
                if weak:
                    if fallback is None:
                        fallback = i
                else:
                    out.append(_Span(content_start, i, open_pos, i, para, single))
                    open_pos, fallback = None, None
            elif not seen_mark and not single:
                prev = text[i - 1] if i > lo else ""
                if prev in ",.?!…—–-" or prev.isalpha():
                    out.append(_Span(lo, i, None, i, para, single, "missing_open_mark"))
            elif out and out[-1].close_pos is not None and out[-1].close_pos == i - 1:
                pass  # doubled closing marks
        seen_mark = True
        i += 1
    if open_pos is not None:
        if fallback is not None:
            out.append(_Span(content_start, fallback, open_pos, fallback, para, single))
        else:
            end = hi
            while end > content_start and (text[end - 1].isspace()):
                end -= 1
            out.append(_Span(content_start, end, open_pos, None, para, single, "unclosed"))
    return out


def _starts_with_open(text: str, lo: int, hi: int, marks: str) -> bool:
    return lo < hi and text[lo] in marks and _mark_role(text, lo, lo, hi) in ("open", "either")


def _has_inner_cue(span: str) -> bool:
    """An unclosed span that contains its own attribution (``..., he said.``) lost its closing mark."""
    m = re.search(r"[,.?!]\s+(?:he|she|they|[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)?)\s+(\w+(?:\s+\w+)?)", span)
    return bool(m and _verb_pattern().match(m.group(1)))


def find_mark_spans(text: str, paras: list[tuple[int, int]], marks: str, single: bool,
                    masked: list[list[tuple[int, int]]] | None = None) -> list[_Span]:
    """Quoted spans of one mark family, paragraph by paragraph, with paragraph-spanning quotes linked."""
    out: list[_Span] = []
    per_para: list[list[_Span]] = []
    for p, (lo, hi) in enumerate(paras):
        per_para.append(_pair_in_paragraph(text, lo, hi, p, marks, single, masked[p] if masked else []))
    for p, spans in enumerate(per_para):
        for sp in spans:
            if sp.status == "unclosed":
                nxt_lo, nxt_hi = paras[p + 1] if p + 1 < len(paras) else (0, 0)
                nxt = per_para[p + 1] if p + 1 < len(paras) else []
                if _has_inner_cue(text[sp.start:sp.end]):
                    sp.status = "drop" if single else "unbalanced_marks_resynced"  # a lost closing mark
                elif p + 1 < len(paras) and _starts_with_open(text, nxt_lo, nxt_hi, marks):
                    sp.status, sp.continues = "ok", True
                    if nxt and nxt[0].open_pos == nxt_lo:
                        nxt[0].continued = True
                elif nxt and nxt[0].status == "missing_open_mark":
                    sp.status, sp.continues = "ok", True
                    nxt[0].continued, nxt[0].status = True, "ok"
                elif single:
                    sp.status = "drop"
                else:
                    sp.status = "unbalanced_marks_resynced"
            if sp.status != "drop":
                out.append(sp)
    return out


# --------------------------------------------------------------------------------------------------
# Mentions and names

@dataclass
class _Mention:
    text: str  # as written (the speaker phrase: "she", "Roe", "one user", "the star")
    start: int
    kind: str  # name | pronoun | title
    descriptor: str = ""  # role phrase next to it ("intimacy coordinator", "CEO of X")


def _name_chunks(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """Runs of capitalised word tokens (with particles) in text[lo:hi], at most 4 tokens."""
    out = []
    toks = [(m.start(), m.end(), m.group(0)) for m in _WORD_RE.finditer(text, lo, hi)]
    taken = 0  # tokens before this index belong to a chunk already
    for i, (_s, _e, w) in enumerate(toks):
        # _is_cap inlined (tokens are never empty): this test runs on every word of the article
        if i < taken or not w[0].isupper() or (len(w) > 4 and w.isupper()):
            continue
        j = i + 1
        while j < len(toks) and not toks[j - 1][2].endswith(("’s", "'s")):
            gap = text[toks[j - 1][1]:toks[j][0]]
            w2 = toks[j][2]
            if gap in ("' ", "’ ") and toks[j - 1][2].endswith("s") and _fold(w2) in ORG_HEADS:
                j += 1  # a plural possessive inside an organisation name: "Writers' Guild"
                continue
            if gap not in (" ",) and not (gap == " " or gap == "\u00a0"):
                break
            if (w2 in ("of", "for") and _fold(toks[j - 1][2]) in ORG_HEADS and j + 1 < len(toks)
                    and _is_cap(toks[j + 1][2]) and text[toks[j][1]:toks[j + 1][0]] == " "):
                j += 2  # "Guild of Set Painters": an organisation name keeps its "of"
                continue
            if _is_cap(w2) or (w2.lower() in NAME_PARTICLES and j + 1 < len(toks) and _is_cap(toks[j + 1][2])):
                j += 1
            else:
                break
        # strip possessive from the last token ("Doe’s")
        chunk = toks[i:j]
        out.append((chunk[0][0], chunk[-1][1], text[chunk[0][0]:chunk[-1][1]]))
        taken = j
    return out


@lru_cache(maxsize=65536)
def _clean_name(name: str) -> str:
    """Drop leading non-name words ("Director John Doe" -> "John Doe"), titles and epithets from
    name_affixes.csv with any words before them ("Employment Judge Jo Roe" -> "Jo Roe"), post-nominals
    ("Jo Roe KC" -> "Jo Roe") and a possessive ending."""
    toks = name.split()
    roles = _role_tokens()
    prefixes, suffixes = name_affixes()
    cut = 0
    for i, tok in enumerate(toks[:3]):
        if i < len(toks) - 1 and _fold(tok).rstrip(".") in prefixes and _is_cap(toks[i + 1]):
            cut = i + 1
    toks = toks[cut:]
    while len(toks) > 1 and re.sub(r"['’]s?$", "", _fold(toks[-1]).rstrip(".,")) in suffixes \
            and _fold(toks[-2]) not in NAME_PARTICLES:
        toks = toks[:-1]
    while toks and (_fold(toks[0]) in NOT_NAME or _fold(toks[0]) in roles or _fold(toks[0]) in EPITHETS
                    or re.search(r"-[a-z]", toks[0])):
        if len(toks) > 2 and toks[1] in ("of", "for") and _fold(toks[0]) in ORG_HEADS:
            break  # "Guild of Set Painters" is an organisation's name, not a title before a name
        toks = toks[1:]
    if toks:
        last = toks[-1]
        for suffix in ("’s", "'s", "’", "'"):
            if last.endswith(suffix):
                toks[-1] = last[: -len(suffix)]
                break
    return " ".join(toks)


@lru_cache(maxsize=65536)
def _personish(name: str) -> bool:
    toks = name.split()
    if not toks or len(toks) > 4:
        return False
    if any(_fold(t).rstrip(".") in ORG_WORDS for t in toks):
        return False
    if all(_fold(t) in NOT_NAME for t in toks):
        return False
    if any(t.isupper() and len(t) > 2 for t in toks):
        return False
    return all(_is_cap(t) or t.lower() in NAME_PARTICLES for t in toks)


# --------------------------------------------------------------------------------------------------
# Article model: paragraphs, quotes, person mentions

@dataclass
class _Article:
    text: str
    paras: list[tuple[int, int]]
    quoted: list[list[tuple[int, int]]] = field(default_factory=list)  # per paragraph: accepted inner spans
    candidate_spans: list[list[tuple[int, int]]] = field(default_factory=list)
    persons: dict[str, str] = field(default_factory=dict)  # folded full name -> full name as written
    person_pos: list[tuple[int, str, bool]] = field(default_factory=list)  # (pos, full name, is_subject)
    genders: dict[str, str] = field(default_factory=dict)
    contexts: dict[str, str] = field(default_factory=dict)
    sentence_cache: dict[int, list[tuple[int, int]]] = field(default_factory=dict)

    def sentences(self, para: int) -> list[tuple[int, int]]:
        """Sentence spans of a paragraph (computed once ``candidate_spans`` is final, then reused)."""
        if para not in self.sentence_cache:
            lo, hi = self.paras[para]
            self.sentence_cache[para] = quote_aware_sentences(self.text, lo, hi, self.candidate_spans[para])
        return self.sentence_cache[para]

    def para_of(self, pos: int) -> int:
        for i, (s, e) in enumerate(self.paras):
            if s <= pos < e or pos == e:
                return i
        return -1

    def in_quote(self, pos: int, para: int) -> bool:
        return any(s <= pos < e for s, e in self.candidate_spans[para]) if 0 <= para < len(self.paras) else False


def _is_subject(text: str, sent_lo: int, name_start: int, name_end: int, para_hi: int) -> bool:
    before = text[sent_lo:name_start]
    after = text[name_end:min(para_hi, name_end + 60)]
    prev_words = _words(before)
    after_words = _words(after)
    nxt = after_words[0].lower() if after_words else ""
    if after.lstrip()[:1] in ALL_MARKS:
        nxt = ""  # the next word is quoted material
    roles = _role_tokens()
    k = len(prev_words)
    while k > 0 and (prev_words[k - 1].lower() in roles or prev_words[k - 1].lower() in DETERMINERS):
        k -= 1
    prev = prev_words[k - 1].lower() if k > 0 else ""
    clause_and = k >= 2 and prev == "and" and before.rstrip().endswith(("and", "and " )) and re.search(
        r",\s*and\s*$", before)
    if (prev in ("and", "or") and not clause_and) or nxt in ("and", "or") or after.lstrip().startswith("&"):
        return False  # coordinated subjects ("Roe and Doe are ...") are plural
    prev = prev_words[-1].lower() if prev_words else ""
    lead = [w for w in prev_words]
    # sentence start: nothing but descriptors / capitalised words / an introductory clause ending in ","
    stripped = before.rstrip()
    verbish = nxt in reporting_verbs() or nxt in VERBISH_AFTER or bool(
        re.fullmatch(r"[a-z]{2,}(?:[^s\W]s|ed)", nxt)) or bool(_verb_pattern().match(after.lstrip()))
    if not lead:
        return True
    if stripped.endswith(",") and verbish and not re.search(r"\b(?:and|with|to|of|by|for)\s*,?$", stripped):
        return True
    if all(_is_cap(w) or w.lower() in roles or w.lower() in DETERMINERS for w in lead) and len(lead) <= 5:
        return True
    if prev in SUBORDINATORS or prev in PREPOSITIONS:
        return False
    if _verb_pattern().search(before):
        return False  # a name after a reporting verb sits in the reported clause
    return verbish


_NICKNAME_RE = re.compile(r"(?P<first>(?:[A-Z][\w’'\-]*\s+){0,2}[A-Z][\w’'\-]*)\s+[“\"‘'](?P<nick>[^“”\"‘’'\n]{1,30})[”\"’']"
                          r"\s+(?P<last>[A-Z][\w’'\-]*)")


def _collect_persons(art: _Article) -> None:
    """Full names (2-4 capitalised tokens, not organisations) and their mentions outside quotes."""
    text = art.text
    counts: dict[str, int] = {}
    mentions: list[tuple[int, int, str, int]] = []
    for p, (lo, hi) in enumerate(art.paras):
        # a nickname between first name and surname (Ray "The Hammer" Dolan) does not break the name
        nicknamed: list[tuple[int, int]] = []
        for nm in _NICKNAME_RE.finditer(text, lo, hi):
            first = _clean_name(nm.group("first"))
            name = f"{first} {nm.group('last')}" if first else ""
            if len(name.split()) >= 2 and _personish(name):
                ns = nm.start("first") + nm.group("first").rfind(first)
                art.persons.setdefault(_fold(name), name)
                mentions.append((ns, nm.end("last"), name, p))
                nicknamed.append((nm.start(), nm.end()))
        for s, _e, chunk in _name_chunks(text, lo, hi):
            if any(a <= s < b for a, b in nicknamed):
                continue
            if _fold(chunk.split()[0]) in NUMBER_WORDS:
                continue  # "Five Short Tales": a title, not a person
            name = _clean_name(chunk)
            if not name:
                continue
            offset = chunk.find(name.split()[0])
            ns = s + max(offset, 0)
            ne = ns + len(name)
            if len(name.split()) >= 2 and _personish(name):
                key = _fold(name)
                art.persons.setdefault(key, name)
                counts[key] = counts.get(key, 0) + 1
            elif len(name.split()) == 1 and _personish(name) and _fold(name) not in NOT_NAME:
                prev = _words(text[max(lo, ns - 30):ns])
                if prev and prev[-1].islower() and prev[-1] in role_nouns():
                    art.persons.setdefault(_fold(name), name)
            mentions.append((ns, ne, name, p))
    # single-token mentions that match a token of a full name become mentions of that person
    last_index: dict[str, list[str]] = {}
    for known in art.persons.values():
        toks = known.split()
        last_index.setdefault(_fold(toks[-1]), []).append(known)
        last_index.setdefault(_fold(toks[0]), []).append(known)
    for ns, ne, name, p in mentions:
        if art.in_quote(ns, p):
            continue
        full: str | None = None
        key = _fold(name)
        if key in art.persons:
            full = art.persons[key]
        elif len(name.split()) == 1 and key in last_index:
            cands = last_index[key]
            full = _closest_full(art, cands, ns)
        elif len(name.split()) > 1:
            # "John Doe’s Storm" style chunks: the first two tokens may be the person
            continue
        if full is None:
            continue
        lo, hi = art.paras[p]
        sent_lo = lo
        for ss, se in art.sentences(p):
            if ss <= ns < se:
                sent_lo = ss
                break
        in_parens = text.rfind("(", sent_lo, ns) > text.rfind(")", sent_lo, ns)
        art.person_pos.append((ns, full, not in_parens and _is_subject(text, sent_lo, ns, ne, hi)))
    art.person_pos.sort()


def _closest_full(art: _Article, cands: list[str], pos: int) -> str:
    """Among full names sharing a token, the one whose first mention precedes ``pos`` most closely."""
    if len(cands) == 1:
        return cands[0]
    best, best_pos = cands[0], -1
    for full in cands:
        idx = art.text.rfind(full, 0, pos)
        if idx > best_pos:
            best, best_pos = full, idx
    return best


def _estimate_genders(art: _Article) -> None:
    """Gender of each person from the pronouns used about them (nearest preceding mention votes)."""
    votes: dict[str, dict[str, int]] = {}
    text = art.text
    positions = art.person_pos
    starts = [x[0] for x in positions]  # positions is sorted: the mentions in [a, b) are a slice
    for p, (lo, hi) in enumerate(art.paras):
        for m in re.finditer(r"\b(she|her|hers|herself|he|him|his|himself)\b", text[lo:hi], re.IGNORECASE):
            pos = lo + m.start()
            if art.in_quote(pos, p):
                continue
            word = m.group(1).lower()
            subject = word in ("she", "he")
            prev = positions[bisect_left(starts, max(lo, pos - (120 if subject else 70))):bisect_left(starts, pos)]
            if not prev:
                continue
            who = prev[-1][1]
            g = PRONOUNS_GENDERED[word]
            opposite = r"\bshe\b" if g == "male" else r"\bhe\b"
            if not subject and re.search(opposite, text[prev[-1][0]:pos], re.IGNORECASE):
                continue  # "he described her": the object is not the subject's antecedent
            votes.setdefault(who, {}).setdefault(g, 0)
            # a subject pronoun is better evidence than her/his/him, which often name someone else
            # ("Reddy, one of her supporters")
            votes[who][g] += 2 if subject else 1
        for m in re.finditer(r"\b(actress|frontwoman|spokeswoman|stuntwoman|wife|mother|daughter|mum|mom|sister|"
                             r"girlfriend|actor|frontman|spokesman|stuntman|husband|father|son|dad|brother|boyfriend)"
                             r"\b,?\s+([A-Z])", text[lo:hi]):
            pos = lo + m.start(2)
            nxt = positions[bisect_left(starts, pos):bisect_right(starts, pos)]
            if nxt:
                female = m.group(1) in ("actress", "frontwoman", "spokeswoman", "stuntwoman", "wife", "mother",
                                        "daughter", "mum", "mom", "sister", "girlfriend")
                g = "female" if female else ("male" if m.group(1) != "actor" else "")
                if g:
                    votes.setdefault(nxt[0][1], {}).setdefault(g, 0)
                    votes[nxt[0][1]][g] += 4  # stated outright: outweighs pronouns guessed to refer
    for who, v in votes.items():
        f, mm = v.get("female", 0), v.get("male", 0)
        if f > mm:
            art.genders[who] = "female"
        elif mm > f:
            art.genders[who] = "male"


def _find_all(text: str, sub: str) -> Iterator[int]:
    """Start of every non-overlapping occurrence of ``sub`` in ``text``, left to right (as ``re.finditer``)."""
    s = text.find(sub)
    while s >= 0:
        yield s
        s = text.find(sub, s + max(len(sub), 1))


def _descriptor_for(art: _Article, full: str) -> str:
    """The appositive or title phrase next to a person's full-name mention (first one found)."""
    text = art.text
    roles = role_nouns()
    for s in _find_all(text, full):
        e = s + len(full)
        p = art.para_of(s)
        if p < 0:
            continue
        lo, hi = art.paras[p]
        # appositive after: ", an intimacy coordinator who ..., " / ", CEO of X,"
        after = text[e:hi]
        am = re.match(r"\s*(?:\([^)]{0,60}\)\s*)?,\s*([^,.;:“”\"]{3,120}?)(?:,|\.|;|:|$| said| says)", after)
        if am:
            phrase = am.group(1).strip()
            low = phrase.lower()
            first = phrase.split()[0]
            if _names_role(low) and (
                    first.lower() in DETERMINERS or _is_cap(first) or first.lower() in _role_tokens()
                    or first.lower() in ("one", "head", "chief", "co-founder", "founder")):
                return phrase
        # title before: "intimacy coordinator Jane Roe", "Director John Doe", "film writer X"
        before = text[max(lo, s - 80):s]
        words = before.split()
        taken: list[str] = []
        for w in reversed(words):
            wl = w.lower().strip(",")
            if w.endswith(",") or w.endswith("."):
                break
            if wl in _role_tokens() or wl in ("ceo", "of") or (_is_cap(w) and wl in roles):
                taken.insert(0, w)
                continue
            if wl in DETERMINERS and taken:
                taken.insert(0, w)
            break
        phrase = " ".join(taken).strip()
        if phrase and _names_role(phrase.lower()):
            return phrase
        # parenthetical role: "Jane Roe (producer)"
        pm = re.match(r"\s*\(([^)]{2,40})\)", after)
        if pm and _names_role(pm.group(1).lower()):
            return pm.group(1)
    return ""


# --------------------------------------------------------------------------------------------------
# Cue finding

@dataclass
class _Cue:
    cue: str
    cue_start: int
    mention: _Mention | None
    tight: bool  # right next to the quote (vs. earlier in the sentence)
    where: str  # after | before | sentence | colon | according


def _mention_before_verb(text: str, lo: int, verb_start: int) -> _Mention | None:
    """The subject of a reporting verb: pronoun, name (possibly with appositive) or description."""
    seg = text[lo:verb_start]
    seg_stripped = seg.rstrip()
    # skip adverbs: "Roe previously told", "Doe bluntly stated"
    while True:
        m = re.search(r"\s(\w+ly|" + "|".join(ADVERB_WORDS) + r"|has|have|had|will|would|could|may|might|must|did|does|do)"
                      r"\s*$", " " + seg_stripped)
        if not m or _is_cap(m.group(1)):
            break
        seg_stripped = seg_stripped[: len(seg_stripped) - len(m.group(0)) + 1].rstrip()
    end = lo + len(seg_stripped)
    # appositive: "Jane Roe, CEO of X Inc., concurs"
    if seg_stripped.endswith(","):
        inner = seg_stripped[:-1]
        nm2 = (re.search(r",\s+([A-Z][\w’'\-+]*(?:\s+(?:[A-Z][\w’'\-+]*|de|van|von|der|da|di|le|la)){0,3})$", inner)
               or re.search(r",\s+the\s+([A-Z][\w’'\-+]*(?:\s+(?:[A-Z][\w’'\-+]*|of|and|for|&)){0,5})$", inner))
        if nm2:
            name = _clean_name(nm2.group(1))
            if name and _fold(name.split()[0]) not in NOT_NAME:
                desc = inner[:nm2.start()].strip()
                desc_words = desc.split()[-6:]
                return _Mention(name, lo + nm2.start(1) + nm2.group(1).find(name.split()[0]), "name",
                                " ".join(desc_words))
        # "The head of the X Festival, veteran programmer Jo Roe, said": the person in the appositive
        pm2 = re.search(r",\s+((?:[A-Za-z][\w’'\-]*\s+){1,4}?)([A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){1,3})$", inner)
        if pm2 and any(w in role_nouns() for w in pm2.group(1).split() if w.islower()):
            name = _clean_name(pm2.group(2))
            if len(name.split()) >= 2 and _personish(name):
                return _Mention(name, lo + pm2.start(2) + pm2.group(2).find(name.split()[0]), "name",
                                pm2.group(1).strip())
        am = re.search(r"([A-Z][\w’'\-]*(?:\s+(?:[A-Z][\w’'\-]*|de|van|von|der|da|di|le|la))*)\s*,\s*"
                       r"([^,]{2,120}(?:,[^,]{2,40})?)$", inner)
        if am:
            name = _clean_name(am.group(1))
            if name and _fold(name.split()[0]) not in NOT_NAME:
                ns = lo + am.start(1) + am.group(1).find(name.split()[0])
                return _Mention(name, ns, "name", am.group(2).strip())
        return None
    # parenthetical after the name: "Jane Roe (Some Show) told"
    seg2 = re.sub(r"\s*\([^)]{0,80}\)$", "", seg_stripped)
    end = lo + len(seg2)
    tail = seg2[-120:]
    off = end - len(tail)
    pm = re.search(r"\b(she|he|they|She|He|They|I|we|We|it)$", tail)
    if pm:
        return _Mention(pm.group(1), off + pm.start(1), "pronoun")
    qm0 = re.search(r"\b((?:one|another|a|an|the|some)\s+(?:[\w’'\-]+\s+){0,2}?[\w’'\-]+)\s+(?:on|in|at|from|for)\s+"
                    r"[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*$", tail, re.IGNORECASE)
    if qm0 and _is_role_phrase(qm0.group(1).lower().split()):
        return _Mention(qm0.group(1), off + qm0.start(1), "title")
    # a relative clause: "..., director Jo Roe, who told reporters"
    rm = re.search(r"([A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,3})\s*,\s+(?:[^,]{1,60},\s+)?who$", tail)
    if rm:
        name = _clean_name(rm.group(1))
        if name and _personish(name):
            return _Mention(name, off + rm.start(1) + rm.group(1).find(name.split()[0]), "name")
    # name at the end (an organisation keeps its "of": "the Guild of Set Painters")
    nm = re.search(r"((?:[A-Z][\w’'\-]*)(?:\s+(?:[A-Z][\w’'\-]*|de|van|von|der|da|di|le|la|"
                   r"d’|d'))*)$", tail)
    if nm:
        om = re.search(r"([A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,3})\s+(?:of|for)\s+(?:the\s+)?$", tail[:nm.start(1)])
        if om and _fold(om.group(1).split()[-1]) in ORG_HEADS:
            nm = re.search(re.escape(tail[om.start(1):]) + "$", tail)
    if nm and _is_cap(nm.group(0).split()[-1]):
        chunk = nm.group(0)
        name = _clean_name(chunk)
        if name and _fold(name.split()[-1]) not in NOT_NAME:
            ns = off + nm.start() + chunk.rfind(name)
            desc = _title_before(text, lo, ns)
            return _Mention(name, ns, "name", desc)
    # description: "one user", "another", "the star", "a spokesperson for the studio"
    dm = re.search(r"\b((?:one|another|some|several|many|other|the|a|an|her|his|its|their)(?:\s+[\w’'\-]+){0,3})$",
                   tail, re.IGNORECASE)
    if dm:
        phrase = dm.group(1)
        words = phrase.lower().split()
        if words[0] in ("another", "others") and len(words) == 1 or _is_role_phrase(words):
            return _Mention(phrase, off + dm.start(1), "title")
    qm = re.search(r"\b((?:one|another|a|an|the)\s+(?:[\w’'\-]+\s+){0,2}?[\w’'\-]+)\s+(?:close\s+to|for|at|from|"
                   r"with|of|on)\s+[\w’' \-]{1,50}$", tail, re.IGNORECASE)
    if qm and _is_role_phrase(qm.group(1).lower().split()):
        return _Mention(qm.group(1), off + qm.start(1), "title")
    wm = re.search(r"\b(another|others|one|someone|somebody)$", tail, re.IGNORECASE)
    if wm:
        return _Mention(wm.group(1), off + wm.start(1), "title")
    return None


ANONYMOUS_NOUNS = frozenset({"user", "users", "fan", "fans", "critic", "critics", "commenter", "commenters",
                             "viewer", "viewers", "poster", "posters", "observer", "observers", "person",
                             "people", "insider", "insiders", "source", "sources", "redditor", "redditors",
                             "follower", "followers", "writer", "reader", "readers", "tweet", "post", "troll",
                             "trolls"})


# Heads of organisation names, for "the union", "the guild" referring back to a named organisation.
ORG_NOUNS = frozenset({"collective", "coalition", "union", "guild", "studio", "studios", "network", "platform", "streamer", "broadcaster",
                       "company", "festival", "council", "association", "agency", "academy", "alliance", "channel",
                       "service", "website", "site", "paper", "magazine", "group", "committee", "board", "body",
                       "organisation", "organization", "federation", "society", "institute", "foundation",
                       "local", "league", "ministry", "department", "commission", "charity", "distributor"})


def _is_role_phrase(words: list[str]) -> bool:
    """``one user``, ``the star``, ``a spokesperson``: determiner + modifiers + a role/anonymous noun."""
    if len(words) < 2 or words[0] not in DETERMINERS:
        return False
    last = words[-1]
    return last in role_nouns() or last in ANONYMOUS_NOUNS or last.rstrip("s") in role_nouns()


def _title_before(text: str, lo: int, pos: int) -> str:
    before = text[max(lo, pos - 80):pos]
    words = before.split()
    taken: list[str] = []
    roles = _role_tokens()
    for w in reversed(words):
        wl = w.lower()
        if wl in roles:
            taken.insert(0, w)
            continue
        break
    return " ".join(taken)


def _mention_after_verb(text: str, pos: int, hi: int) -> _Mention | None:
    """Inverted cue: ``says [descriptor] Jane Roe`` / ``says one user``."""
    seg = text[pos:min(hi, pos + 140)]
    m = re.match(r"\s+((?:[\w’'\-]+,?\s+){0,6}?)([A-Z][\w’'\-]*(?:\s+(?:[A-Z][\w’'\-]*|de|van|von|der|da|di|le|la))*)",
                 seg)
    if m:
        desc = m.group(1).strip().rstrip(",")
        dwords = desc.lower().replace(",", "").split()
        roles = _role_tokens()
        modifiers_ok = all(w in roles or w in DETERMINERS or w.endswith("ly") or w in ("and",) or _is_cap(w)
                           or w == "of" for w in dwords)
        # a noun phrase headed by a role noun ("jury president", "the festival's programmer")
        headed = (0 < len(dwords) <= 4 and dwords[-1].rstrip("’'s") in roles
                  and all(re.fullmatch(r"[a-z][\w’'\-]*", w) for w in dwords))
        if modifiers_ok or headed:
            name = _clean_name(m.group(2))
            if name and _fold(name.split()[0]) not in NOT_NAME:
                # appositive following: ", an intimacy coordinator who ..."
                after = seg[m.end():]
                am = re.match(r"\s*,\s*([^,.;“”\"]{3,140})", after)
                descriptor = desc
                if am and not descriptor:
                    descriptor = am.group(1).strip()
                return _Mention(name, pos + m.start(2) + m.group(2).find(name.split()[0]), "name", descriptor)
    dm = re.match(r"\s+((?:one|another|some|the|a|an)(?:\s+[a-z][\w’'\-]*){0,3})", seg)
    if dm:
        phrase = dm.group(1)
        words = phrase.lower().split()
        while len(words) > 1 and not _is_role_phrase(words):
            words = words[:-1]
        if _is_role_phrase(words) or words == ["another"]:
            return _Mention(" ".join(phrase.split()[:len(words)]), pos + dm.start(1), "title")
    pm = re.match(r"\s+(she|he|they)\b", seg)
    if pm:
        return _Mention(pm.group(1), pos + pm.start(1), "pronoun")
    return None


def _introduces_next(after: str) -> bool:
    """True when the text after a cue is ``:`` / ``,`` followed by an opening quotation mark."""
    return bool(re.match(r"\s*[,:]?\s*[“\"‘]", after)) or after.lstrip().startswith(":")


# What may follow the verb of a tag that stands after a sentence-final quote ('“...” Roe said on Monday.').
_TAG_END_RE = re.compile(r"\s*(?:[.,;:!?—–]|$)|\s+(?:to|on|in|at|of|about|during|after|before|last|this|earlier|"
                         r"later|recently|yesterday|today|afterwards|when|while|as|with|from|over|again|back|"
                         r"[A-Z])")


def _cue_after(text: str, close_end: int, hi: int, window: int, sentence_final: bool = False) -> _Cue | None:
    """Cue right after a closing mark: ``," she said`` / ``," says Roe`` / ``," Roe says of Doe``."""
    seg_end = min(hi, close_end + window)
    m = re.match(r"[\s,]*(?:[—–-]+\s*)?", text[close_end:seg_end])
    pos = close_end + (m.end() if m else 0)
    rest = text[pos:seg_end]
    if not rest:
        return None
    verbs = _verb_pattern()
    # inverted: says Roe
    vm = verbs.match(rest)
    if vm:
        verb = vm.group(0)
        entry = reporting_verbs().get(re.sub(r"\s+", " ", verb.lower()))
        if entry is not None and entry.inverted_ok:
            men = _mention_after_verb(text, pos + vm.end(), hi)
            if men is not None and not (sentence_final and _introduces_next(text[men.start + len(men.text):hi])):
                return _Cue(verb, pos, men, True, "after")
    # subject first: she said / Roe says / one user wrote / the star said / Roe previously told
    sm = re.match(r"((?:[\w’'\-]+[ ]){1,6}?)(?:\w+ly\s+|also\s+|later\s+|previously\s+|once\s+|then\s+)?", rest)
    for vm in verbs.finditer(rest, 0, min(len(rest), 90)):
        entry = reporting_verbs().get(re.sub(r"\s+", " ", vm.group(0).lower()))
        if entry is not None and not entry.quote_cue:
            continue
        before = rest[:vm.start()]
        if re.search(r"[.;:!?“”\"]", before):
            break
        if len(before.split()) > 7:
            break
        men = _mention_before_verb(text, pos, pos + vm.start())
        if men is None:
            continue
        lead = text[pos:men.start]
        if lead.strip() and (sentence_final or not lead.rstrip().endswith(",") and not all(w.lower() in _role_tokens() or w.lower() in DETERMINERS
                                                        for w in lead.split())):
            return None  # "...” And as Roe puts it" belongs to the next sentence
        if sentence_final and _introduces_next(rest[vm.end():]):
            return None  # '“...” Roe said, “' introduces the next quote
        if sentence_final and rest[:1].isupper() and not _TAG_END_RE.match(rest[vm.end():]):
            return None  # '“...end.” Some users called the remark ...': a new sentence, not a tag
        return _Cue(vm.group(0), pos + vm.start(), men, True, "after")
    del sm
    return None


def _cue_before(text: str, sent_lo: int, open_pos: int, art: _Article, para: int) -> _Cue | None:
    """Cue before an opening mark in the same sentence (tight or governing a partial quote)."""
    mpre = _masked(text, sent_lo, open_pos, art.candidate_spans[para])  # quoted material in the prefix masked
    stripped = mpre.rstrip()
    tight_tail = stripped.endswith((",", ":", "—", "–"))
    verbs = _verb_pattern()
    found = list(verbs.finditer(mpre))
    # according to X, "..."
    am = None
    for am_ in _ACCORDING_RE.finditer(mpre):
        am = am_
    for vm in reversed(found):
        verb = vm.group(0)
        if am is not None and am.start() > vm.end():
            break
        tail = mpre[vm.end():].strip()
        men = _mention_before_verb(text, sent_lo, sent_lo + vm.start())
        entry = reporting_verbs().get(re.sub(r"\s+", " ", verb.lower()))
        if men is None and len(tail.rstrip(",:—–").split()) <= 4 and (entry is None or entry.inverted_ok):
            # inverted ("To that, says Roe, ...")
            men = _mention_after_verb(text, sent_lo + vm.end(), open_pos)
        if men is None and re.search(r"\band\s+(?:\w+ly\s+|just\s+|then\s+)?$", mpre[:vm.start()]):
            # "Roe grabbed me and said, ...": the subject of the coordinated predicate
            men = _sentence_subject(text, sent_lo, sent_lo + vm.start(), art)
        if men is None and re.search(r"\bto\s*$", mpre[:vm.start()]):
            # "Roe went as far as to call ...": the subject of the governing clause
            men = _sentence_subject(text, sent_lo, sent_lo + vm.start(), art)
        if men is not None:
            tight = tight_tail and len(tail.rstrip(",:—–").split()) <= 4
            return _Cue(verb, sent_lo + vm.start(), men, tight, "before" if tight else "sentence")
    gm = _GROUP_SUBJECT_RE.search(mpre)
    if gm and found:
        return _Cue(found[-1].group(0), sent_lo + found[-1].start(), _Mention(gm.group(1), sent_lo + gm.start(1),
                                                                              "title"), False, "sentence")
    if gm:
        return _Cue("", sent_lo + gm.start(1), _Mention(gm.group(1), sent_lo + gm.start(1), "title"), False,
                    "sentence")
    if am is not None:
        men = _mention_after_verb(text, sent_lo + am.end() - 1, open_pos)
        if men is None:
            dm = re.match(r"((?:its|the|a|an|his|her|their)\s+[\w’'\-]+)", mpre[am.end():])
            if dm:
                men = _Mention(dm.group(1), sent_lo + am.end(), "title")
        if men is not None:
            return _Cue(text[sent_lo + am.start():sent_lo + am.end()].strip(), sent_lo + am.start(), men,
                        tight_tail, "according")
    if stripped.endswith(":"):
        # colon introduction: the sentence subject speaks
        colon = sent_lo + len(stripped) - 1
        men = _sentence_subject(text, sent_lo, colon, art)
        return _Cue(":", colon, men, True, "colon")
    return None


def _known_token(art: _Article, name: str) -> bool:
    key = _fold(name)
    return any(key in (_fold(f.split()[0]), _fold(f.split()[-1])) for f in art.persons.values())


def _sentence_subject(text: str, lo: int, hi: int, art: _Article) -> _Mention | None:
    seg = text[lo:hi]
    pm = re.search(r"(?:^|,\s+)(she|he|they|She|He|They|I|we|We)\b", seg)
    nm = None
    for s, _e, chunk in _name_chunks(text, lo, hi):
        name = _clean_name(chunk)
        if name:
            start = s + chunk.find(name.split()[0])
            if _fold(name) in art.persons or _known_token(art, name):
                nm = _Mention(name, start, "name")
                break
    if pm and (nm is None or lo + pm.start(1) < nm.start):
        return _Mention(pm.group(1), lo + pm.start(1), "pronoun")
    if nm is not None:
        return nm
    om = re.match(r"\s*((?:one|another|some|several|other|others)(?:\s+[a-z]+){0,2})", seg, re.IGNORECASE)
    if om:
        return _Mention(om.group(1), lo + om.start(1), "title")
    gm = re.match(r"\s*((?:the|a|an)\s+([a-z][\w\-]*))(?:’s|'s)?\b", seg, re.IGNORECASE)
    if gm and gm.group(2).lower() in role_nouns():
        return _Mention(gm.group(1).lower(), lo + gm.start(1), "title")
    return None


# --------------------------------------------------------------------------------------------------
# Acceptance

def _features(q: str) -> dict[str, object]:
    words = _words(q)
    low = [w.lower() for w in words]
    caps = [w for w in words if w.lower() not in TITLE_SMALL]
    cap_share = sum(1 for w in caps if _is_cap(w) or w[0].isdigit()) / len(caps) if caps else 0.0
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


# --------------------------------------------------------------------------------------------------
# Speaker resolution inside the article

def _pronoun_subjects(art: _Article) -> list[int]:
    """Positions of he/she opening a sentence or following an introductory clause, outside quotes."""
    out = []
    for p, (lo, hi) in enumerate(art.paras):
        for m in re.finditer(r"(?:^|[.!?]\s+|,\s+)(She|He|she|he)\b", art.text[lo:hi]):
            pos = lo + m.start(1)
            if not art.in_quote(pos, p):
                out.append(pos)
    return sorted(out)


# A transcript turn: "[00:14:32] JESS ORTEGA: ...", "GUEST (Jane Roe): ...".
_TURN_LABEL_RE = re.compile(r"(?:\[[\d:]+\]\s*)?(?P<label>[A-Z][A-Z.'’\- ]{1,40}?)(?:\s*\((?P<name>[^)]{2,60})\))?:\s")
# The interviewee of a Q&A introduction: "Five questions for Jane Roe", "In conversation with Jane Roe".
_INTERVIEWEE_RE = re.compile(r"\b(?:questions|Q&A|interview|conversation|chat|talks?|sat\s+down|sits\s+down)\s+(?:for|with)\s+"
                             r"(?P<name>[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){1,2})")


class _Resolver:
    """Resolves mentions to in-article full names; accumulates speaker events in reading order."""

    def __init__(self, art: _Article, settings: QuoteSettings) -> None:
        self.art = art
        self.settings = settings
        self.events: list[tuple[int, str]] = []  # (pos, full name) of attributed speakers
        self.last_speaker: tuple[int, str, str] | None = None  # (para, speaker, gender)
        self.pending: list[int] = _pronoun_subjects(art)

    def gender(self, name: str) -> str:
        return self.art.genders.get(name, "unknown")

    def full_name(self, name: str, pos: int) -> str:
        art = self.art
        key = _fold(name)
        if key in art.persons:
            return art.persons[key]
        toks = name.split()
        cands = [full for k, full in art.persons.items()
                 if _fold(full.split()[-1]) == _fold(toks[-1]) or (len(toks) == 1 and _fold(full.split()[0]) == key)]
        if len(toks) >= 2:
            return name
        if cands:
            return _closest_full(art, cands, pos)
        return name

    def named_in(self, start: int, end: int) -> frozenset[str]:
        """Full names of known persons whose name or name token is written in text[start:end] (a quote)."""
        toks = {_fold(w) for w in _words(self.art.text[start:end]) if _is_cap(w)}
        if not toks:
            return frozenset()
        return frozenset(full for full in self.art.persons.values()
                         if _fold(full.split()[0]) in toks or _fold(full.split()[-1]) in toks)

    def walk_back(self, pos: int, gender: str | None, exclude: frozenset[str] = frozenset()) -> str | None:
        """Most recent gender-compatible subject (else any mention) before ``pos``, not one of ``exclude``."""
        art = self.art
        para = art.para_of(pos)
        lo_para = max(0, para - self.settings.previous_paragraphs)
        lo = art.paras[lo_para][0] if art.paras else 0
        cands: list[tuple[int, str, bool]] = [(p, n, s) for p, n, s in art.person_pos if lo <= p < pos]
        cands += [(p, n, True) for p, n in self.events if lo <= p < pos]
        cands.sort(key=lambda x: x[0], reverse=True)

        def ok(name: str) -> bool:
            g = self.gender(name)
            if name in exclude:
                return False
            if gender in ("female", "male") and not _personish(name):
                return False  # "she"/"he" never refers back to an organisation that spoke
            return gender in (None, "unknown") or g == "unknown" or g == gender

        here = art.paras[para][0] if para >= 0 else lo
        for _, name, subj in cands:
            if _ < here:
                break
            if subj and ok(name):
                return name
        # a non-subject earlier in this paragraph, but not one in the pronoun's own sentence ("Speaking to
        # Radio X, she said": the object of an introductory phrase is not the subject pronoun's antecedent)
        ends = list(re.finditer(r"[.!?][\"”’']?\s", art.text[here:pos]))
        sent_lo = here + ends[-1].end() if ends else here
        for _, name, _subj in cands:
            if _ < here:
                break
            if _ < sent_lo and ok(name):
                return name
        for _, name, subj in cands:
            if subj and ok(name):
                return name
        for _, name, _subj in cands:
            if ok(name):
                return name
        return None

    def resolve(self, men: _Mention | None, pos: int, exclude: frozenset[str] = frozenset()
                ) -> tuple[str, str, str]:
        """(speaker_local, gender_local, attribution) for a mention at ``pos``.

        ``exclude``: persons named inside the quote being attributed; a pronoun tag never refers to them
        ("'Jo plans the frame,' he says" is not Jo speaking).
        """
        if men is None:
            return "", "unknown", "none"
        if men.kind == "pronoun":
            g = PRONOUNS_SUBJECT.get(men.text.lower())
            who = None if men.text.lower() in ("i", "we", "it") else self.walk_back(men.start, g, exclude)
            if men.text == "I":
                who = self.turn_speaker(men.start)
            if who is None:
                return "", g or "unknown", "pronoun"
            if g in ("female", "male") and self.gender(who) == "unknown":
                self.art.genders[who] = g
            return who, self.gender(who), "pronoun"
        if men.kind == "title":
            words = men.text.lower().split()
            anonymous = words[0] in ANONYMOUS_HEADS or words[0] in ("others", "someone", "somebody")
            if anonymous or len(words) == 1:
                phrase = men.text.lower()
                if len(words) == 1 and words[0] in ("one", "another"):
                    head = self._group_noun(men.start)
                    if head is None and self.last_speaker and " " in self.last_speaker[1]:
                        last = self.last_speaker[1].split()[-1]
                        head = last if last.islower() else None
                    if head:
                        phrase = f"{words[0]} {head}"
                return phrase, "unknown", "title"
            if len(words) == 2 and words[0] in ("the", "its", "their") and words[1] in ORG_NOUNS:
                org = self.organisation(words[1], men.start)
                if org:
                    return org, "unknown", "title"
            who = self.walk_back(men.start, "female" if "actress" in words else None)
            if who is None:
                return men.text, "unknown", "title"
            return who, self.gender(who), "title"
        full = self.full_name(men.text, men.start)
        return full, self.gender(full), "name"

    def turn_speaker(self, pos: int) -> str | None:
        """The speaker label of the transcript turn holding ``pos`` ("CELESTE AMARI:", "GUEST (Jane Roe):")."""
        para = self.art.para_of(pos)
        if para < 0:
            return None
        lo, hi = self.art.paras[para]
        m = _TURN_LABEL_RE.match(self.art.text, lo, hi)
        if m is None or pos < m.end():
            return None
        name = m.group("name") or m.group("label").title()
        if len(name.split()) < 2 or not _personish(name):
            return None
        return self.full_name(name, pos)

    def organisation(self, noun: str, pos: int) -> str | None:
        """The nearest organisation name before ``pos`` headed by ``noun`` ("the union" -> "Screen Players Union")."""
        head = re.escape(noun.capitalize())
        found = None
        for m in re.finditer(r"\b(?:The\s+)?" + head + r"\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w’'+\-]*"
                             r"(?:\s+[A-Z][\w’'+\-]*){0,3}"  # "the Guild of Set Painters"
                             r"|((?:[A-Z][\w’'+\-]*\s+(?:(?:and|of|for|&)\s+)?){1,5})" + head + r"\b",
                             self.art.text[:pos]):
            found = m
        if found is None:
            return None
        name = re.sub(r"^(?:The|A|An)\s+", "", found.group(0))
        return name if len(name.split()) >= 2 else None

    def _group_noun(self, pos: int) -> str | None:
        """Singular head of the nearest group noun before ``pos`` in its paragraph ("Some fans" -> "fan")."""
        para = self.art.para_of(pos)
        lo = self.art.paras[para][0] if para >= 0 else 0
        found = None
        for m in re.finditer(r"\b(users|fans|commenters|viewers|critics|readers|posters|followers|people|trolls|"
                             r"user|fan|commenter|viewer|critic|reader|poster|follower|troll)\b", self.art.text[lo:pos],
                             re.IGNORECASE):
            found = m.group(1).lower()
        if found is None:
            return None
        return "person" if found == "people" else found.rstrip("s") if found.endswith("s") else found

    def advance(self, pos: int) -> None:
        """Resolve sentence-initial pronoun subjects ("That said, she ...") before ``pos`` into events."""
        while self.pending and self.pending[0] < pos:
            ppos = self.pending.pop(0)
            word = self.art.text[ppos:ppos + 3].strip().lower()
            who = self.walk_back(ppos, PRONOUNS_SUBJECT.get(word))
            if who:
                self.events.append((ppos, who))

    def paragraph_subject(self, para: int, pos: int) -> str | None:
        """Most recent subject person or speaker in paragraph ``para`` before ``pos`` (outside quotes)."""
        lo = self.art.paras[para][0]
        cands = [(p, n) for p, n, subj in self.art.person_pos if lo <= p < pos and subj]
        cands += [(p, n) for p, n in self.events if lo <= p < pos]
        return max(cands)[1] if cands else None

    def record(self, pos: int, speaker: str, para: int) -> None:
        if speaker:
            self.events.append((pos, speaker))
            self.last_speaker = (para, speaker, self.gender(speaker))


# --------------------------------------------------------------------------------------------------
# Main entry points

def _accept(sp: _Span, q: str, cue: _Cue | None, settings: QuoteSettings, follows_cue: bool = False,
            text: str = "") -> bool:
    f = _features(q)
    n = int(f["n_words"])  # type: ignore[call-overload]
    if n == 0 or len(q) > settings.max_quote_chars:
        return False
    if text and sp.open_pos is not None:
        before = _words(text[max(0, sp.open_pos - 30):sp.open_pos])
        ended = bool(re.search(r"[.!?;]\s*$", text[max(0, sp.open_pos - 30):sp.open_pos]))  # "kept it short. “..."
        # 'called the episode "rushed"': a lower-case word governed by a reporting verb is the speaker's, not a title
        governed = bool(f["starts_lower"]) and cue is not None and cue.mention is not None and n <= 3
        if (before and before[-1].lower() in TITLE_CUES and not ended and not governed
                and not (f["pronoun12"] and n >= 4)):
            return False  # 'titled "Rehearsed,"', 'the documentary "Bodies at Work"'
    if text and sp.close_pos is not None and n <= 3 and not (cue is not None and cue.tight):
        after = _words(text[sp.close_pos + 1:sp.close_pos + 30])
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


def _follows_cue(text: str, accepted: list[tuple[_Span, _Cue | None]], cues_by_span: dict[int, _Cue | None],
                 sp: _Span) -> bool:
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


def extract_quotes(text: str, article_id: str, *, spans: list[tuple[int, int]] | None = None,
                   settings: QuoteSettings = QuoteSettings()) -> pd.DataFrame:
    """Direct and indirect quotes of one article, with offsets into ``text``.

    Args:
        text: the article's source text (offsets refer to it).
        article_id: id written into every row and into ``quote_id``.
        spans: kept paragraph spans ``(start, end)`` from the cleaning stage; None = non-empty lines.
        settings: extractor options.

    References: Pareti 2016 (PARC 3.0); Asr et al. 2021 (Gender Gap Tracker).
    """
    return quotes_frame(quote_rows(text, article_id, spans=spans, settings=settings))


def quotes_frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    """The ``quotes`` table of rows from :func:`quote_rows` (one article or many, in order)."""
    df = pd.DataFrame(rows, columns=list(QUOTE_COLUMNS))
    if df.empty:
        return df.astype({"start": "int64", "end": "int64", "para_index": "int64", "cue_start": "int64",
                          "mention_start": "int64"})
    return df


def quote_rows(text: str, article_id: str, *, spans: list[tuple[int, int]] | None = None,
               settings: QuoteSettings = QuoteSettings()) -> list[dict[str, object]]:
    """The rows of :func:`extract_quotes` as dicts (no DataFrame per article: the pipeline batches them)."""
    if not isinstance(text, str):
        raise TypeError(f"extract_quotes expects text as str, got {type(text).__name__}")
    if not isinstance(settings, QuoteSettings):
        raise TypeError(f"settings must be a QuoteSettings, got {type(settings).__name__}")
    paras = paragraph_spans(text, spans)
    art = _Article(text, paras)
    art.candidate_spans = [[] for _ in paras]
    art.quoted = [[] for _ in paras]

    doubles = find_mark_spans(text, paras, DOUBLE_MARKS, single=False)
    for sp in doubles:
        art.candidate_spans[sp.para].append((sp.start, sp.end))
    # provisional acceptance of double spans (to mask them for single marks): sentence-like or cued later
    singles: list[_Span] = []
    if settings.single_quotes == "auto":
        masks = [[(sp.open_pos if sp.open_pos is not None else sp.start, (sp.close_pos or sp.end) + 1)
                  for sp in doubles if sp.para == p and len(_words(text[sp.start:sp.end])) >= 3]
                 for p in range(len(paras))]
        singles = find_mark_spans(text, paras, SINGLE_MARKS, single=True, masked=masks)
        for sp in singles:
            art.candidate_spans[sp.para].append((sp.start, sp.end))
    for lst in art.candidate_spans:
        lst.sort()
    spans_all = sorted(doubles + singles, key=lambda s: (s.start, s.end))
    _collect_persons(art)
    _estimate_genders(art)

    resolver = _Resolver(art, settings)
    rows: list[dict[str, object]] = []
    sentences = art.sentences

    def sentence_of(p: int, pos: int) -> tuple[int, int]:
        for s, e in sentences(p):
            if s <= pos < e:
                return s, e
        return paras[p]

    # 1) cues for every candidate
    cues: list[_Cue | None] = []
    for sp in spans_all:
        lo, hi = paras[sp.para]
        cue = None
        q = text[sp.start:sp.end]
        ends_sentence = bool(re.search(r"[.!?]$", q.rstrip()))
        before = None
        if sp.open_pos is not None and not sp.continued:
            s_lo, _ = sentence_of(sp.para, sp.open_pos)
            before = _cue_before(text, s_lo, sp.open_pos, art, sp.para)
        after = None
        if sp.close_pos is not None:
            after = _cue_after(text, sp.close_pos + 1, hi, settings.cue_window, ends_sentence)
        if before is not None and before.tight and (ends_sentence or after is None):
            cue = before
        elif after is not None:
            cue = after
        else:
            cue = before
        cues.append(cue)
    # chain: "X" and "Y," Roe said -> X inherits the cue of Y
    for k in range(len(spans_all) - 1):
        a, b = spans_all[k], spans_all[k + 1]
        if cues[k] is None and a.close_pos is not None and b.open_pos is not None and a.para == b.para:
            gap = text[a.close_pos + 1:b.open_pos]
            nxt_cue = cues[k + 1]
            if re.fullmatch(r"\s*,?\s*(?:and|or|but)?\s*", gap) and nxt_cue is not None:
                cues[k] = _Cue(nxt_cue.cue, nxt_cue.cue_start, nxt_cue.mention, False, "sentence")

    # 2) accept and attribute in reading order
    accepted: list[tuple[_Span, _Cue | None]] = []
    cues_by_span = {id(sp): cues[k] for k, sp in enumerate(spans_all)}
    for k, sp in enumerate(spans_all):
        q = text[sp.start:sp.end]
        cue = cues[k]
        if sp.continued and accepted and accepted[-1][0].continues:
            ok = True
        else:
            ok = _accept(sp, q, cue, settings, _follows_cue(text, accepted, cues_by_span, sp), text)
        # a span nested inside an accepted span (single marks inside double ones) is part of that quote
        if ok and any(a.start <= sp.start and sp.end <= a.end for a, _ in accepted):
            ok = False
        if not ok:
            continue
        accepted.append((sp, cue))
        art.quoted[sp.para].append((sp.start, sp.end))

    # attribution pass
    interviewee = None
    for lo, hi in paras[:2]:
        im = _INTERVIEWEE_RE.search(text, lo, hi)
        if im and _personish(im.group("name")):
            interviewee = resolver.full_name(im.group("name"), im.start("name"))
            break
    last: tuple[int, str, str, str] | None = None  # (para, speaker, gender, mention)
    for idx, (sp, cue) in enumerate(accepted):
        q = text[sp.start:sp.end]
        men = cue.mention if cue is not None else None
        attribution = "none"
        speaker, gender = "", "unknown"
        if sp.continued and idx > 0 and accepted[idx - 1][0].continues:
            # second part of a paragraph-spanning quote: same speaker as the first part (which may be
            # attributed later, in this paragraph: resolved after the loop)
            men = None
        resolver.advance(men.start if men is not None else sp.start)
        subj = resolver.paragraph_subject(sp.para, sp.open_pos if sp.open_pos is not None else sp.start)
        if men is not None:
            speaker, gender, attribution = resolver.resolve(men, men.start, resolver.named_in(sp.start, sp.end))
            resolver.record(men.start, speaker, sp.para)
        elif interviewee and re.search(r"\?\s*$", text[paras[sp.para][0]:sp.open_pos if sp.open_pos is not None
                                                      else sp.start]):
            # a Q&A: an untagged quote right after the question is the interviewee's answer
            speaker, gender, attribution = interviewee, resolver.gender(interviewee), "name"
        elif subj is not None and not (sp.continued and idx > 0 and accepted[idx - 1][0].continues):
            speaker, gender, attribution = subj, resolver.gender(subj), "name"
            if last is not None and last[1] == subj:
                attribution = "previous"
        elif last is not None and sp.para - last[0] <= 1:
            speaker, gender, attribution = last[1], last[2], "previous"
        elif sp.para > 0 and resolver.paragraph_subject(sp.para - 1, paras[sp.para - 1][1]) is not None:
            speaker = resolver.paragraph_subject(sp.para - 1, paras[sp.para - 1][1]) or ""
            gender, attribution = resolver.gender(speaker), "name"
        elif last is not None and sp.para - last[0] <= settings.previous_paragraphs and sp.continued:
            speaker, gender, attribution = last[1], last[2], "previous"
        if speaker:
            last = (sp.para, speaker, gender, men.text if men else "")
        status = sp.status
        rows.append({
            "article_id": article_id, "kind": "direct", "start": sp.start, "end": sp.end, "quote": q,
            "para_index": sp.para, "cue": cue.cue if cue is not None and men is not None else "",
            "cue_start": cue.cue_start if cue is not None and men is not None else -1,
            "mention": men.text if men is not None else "", "mention_start": men.start if men is not None else -1,
            "attribution": attribution, "speaker_local": speaker, "gender_local": gender,
            "mention_context": men.descriptor if men is not None else "", "status": status,
            "_continues": sp.continues, "_continued": sp.continued,
        })
    # an unattributed quote (a headline) whose words an attributed quote repeats belongs to that speaker
    for ra in rows:
        key = " ".join(_words(_fold(str(ra["quote"]))))
        if ra["speaker_local"] or len(key.split()) < 2:
            continue
        for rb in rows:
            if rb is not ra and rb["speaker_local"] and f" {key} " in f" {' '.join(_words(_fold(str(rb['quote']))))} ":
                ra["speaker_local"], ra["gender_local"], ra["attribution"] = (rb["speaker_local"], rb["gender_local"],
                                                                              "previous")
                break
    # a paragraph-spanning quote whose first part had no cue takes the cue of its continuation
    for i in range(len(rows) - 1, 0, -1):
        ra, rb = rows[i - 1], rows[i]
        if not (ra["_continues"] and rb["_continued"]):
            continue
        if ra["attribution"] in ("none", "previous") and rb["speaker_local"] and rb["attribution"] not in (
                "none", "previous"):
            ra["speaker_local"], ra["gender_local"], ra["attribution"] = (rb["speaker_local"], rb["gender_local"],
                                                                          "previous")
        elif rb["attribution"] in ("none", "previous") or not rb["speaker_local"]:
            rb["speaker_local"], rb["gender_local"] = ra["speaker_local"], ra["gender_local"]
            rb["attribution"] = "previous" if ra["speaker_local"] else "none"

    if settings.indirect:
        rows.extend(_indirect(art, article_id, resolver, sentences, settings))

    # finalise: contexts, genders (last word after the whole article), ids
    for r in rows:
        who = str(r["speaker_local"])
        if who and who in art.genders:
            r["gender_local"] = art.genders[who]
        if who and " " in who and _is_cap(who):
            if who not in art.contexts:
                art.contexts[who] = _descriptor_for(art, who)
            ctx = art.contexts[who] or str(r["mention_context"])
            r["mention_context"] = ctx
    rows.sort(key=lambda r: (int(r["start"]), str(r["kind"])))  # type: ignore[call-overload]
    for n, r in enumerate(rows, start=1):
        r["quote_id"] = f"{article_id}:q{n:03d}"
        r.pop("_continues", None)
        r.pop("_continued", None)
    return rows


# An adverbial between the verb (and its addressee) and "that": "said in a statement that", "wrote on X that".
_ADVERBIAL_RE = (r"(?:\s+(?:on|in|at|during|after|before|via|over|through|to|from|with|earlier|later|last|this|"
                 r"yesterday|today|previously|repeatedly|publicly|privately|recently|again)\b"
                 r"(?:\s+(?!that\b)[\w’'\-\.+]+){{0,5}}?)?")
_THAT_RE_TMPL = (r"(?P<verb>{verbs})(?:\s+(?P<obj>[A-Z][\w’'\-\.]*(?:\s+(?:[A-Z][\w’'\-\.]*|and)){{0,4}}|him|her|"
                 r"them|me|us|reporters|journalists|the\s+\w+|an?\s+\w+))?" + _ADVERBIAL_RE + r"(?:\s+out)?\s+that\s+")
# A finite verb opening the predicate of a bare reported clause (auxiliaries, past tense, common irregular pasts).
_AUX = (r"(?:is|was|are|were|has|had|have|will|would|could|should|may|might|must|can|did|does|do|"
        r"isn[’']t|wasn[’']t|aren[’']t|weren[’']t|hasn[’']t|hadn[’']t|won[’']t|wouldn[’']t|couldn[’']t|"
        r"can[’']t|didn[’']t|doesn[’']t|don[’']t)")
_PAST = (r"(?:[a-z]{{2,}}ed(?!\s+by\b)|came|went|made|took|gave|got|felt|knew|saw|thought|left|lost|won|began|"
         r"became|kept|brought|found|ran|held|stood|paid|met|sent|spent|built|meant|heard|broke|chose|fell|grew|"
         r"led|sold|understood|needs|wants|remains)")
_NOTHAT_RE_TMPL = (r"(?P<verb>{verbs})\s+(?=(?:it|she|he|they|there|we|I|you)\s+\w|(?:how|why|what|whether|while)\s+[“\"‘]?\w"
                   r"|(?:is|was|are|were|has|had|will|would)\s+\w"
                   r"|(?:the|a|an|this|that|these|those|his|her|their|its|our|more|most|many|some)\s+"
                   r"(?:(?!(?:and|or|but|then)\b)[\w’'\-]+\s+){{0,5}}?(?:" + _AUX + "|" + _PAST + r")\s+[\w“\"‘']"
                   r"|(?:the|a|an|this|these|those|his|her|their|its|our|more|most|many|some)\s+"
                   r"(?:(?!(?:and|or|but|then)\b)[\w’'\-]+\s+){{1,4}}?[a-z]+[^s\W’']s\s+[\w“\"‘']"
                   r"|(?:[A-Z][\w’'\-+]*\s+){{1,3}}(?:" + _AUX + "|" + _PAST + r"|[a-z]+[^s\W’']s)\s+[\w“\"‘']"
                   r"|[a-z][\w’'\-]+\s+(?:" + _AUX + "|" + _PAST + r")\s+[\w“\"‘'])")
# "told pals the ... was", "told reporters he would": an addressee, then a bare clause.
_TELL_VERBS = ("tell", "tells", "told", "telling", "assured", "assures", "warned", "warns", "reminded", "reminds")
_TELL_OBJ_RE_TMPL = (r"(?P<verb>" + "|".join(_TELL_VERBS) + r")\s+"
                     r"(?P<obj>him|her|them|me|us|[a-z]+s|[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){{0,2}}|"
                     r"(?:the|this|his|her|their|a)\s+[a-z]+)\s+")
# "says budgets remain ...": say never takes a bare object, so a following word that is not an adverbial,
# a pronoun object or a quotation mark opens the reported clause.
_SAY_VERBS = ("says", "said", "say")
_SAY_BARE_RE_TMPL = (r"(?P<verb>" + "|".join(_SAY_VERBS) + r")\s+(?=(?!(?:in|on|at|to|of|about|during|after|before|with|from|for|by|"
                     r"over|nothing|something|anything|everything|so|yes|no|goodbye|hello|sorry|thanks|thank|little|"
                     r"much|more|less|that|this|it|when|as|than|while|if|afterwards|later|earlier|last|yesterday|"
                     r"today|recently|previously|once|again|too|also|repeatedly|simply|only|just|then|though|however|"
                     r"but|and|or|nor|what|how|who|why|hi|a\s+few|a\s+word|a\s+lot|the\s+same|the\s+words?|"
                     r"grace|amen|cheese|please|otherwise|aloud|out\s+loud|(?:her|his|their|my|our|your|its)\s+"
                     r"(?:goodbyes?|farewells?|piece|prayers?|lines?|vows|name|thanks))\b)[A-Za-z])")
_FRONTED_RE_TMPL = r"^(?:And\s+|But\s+)?[Aa]s\s+(?P<who>[^,]{{2,60}}?)\s+(?P<verb>{verbs})(?:\s+it)?(?:\s+\w+){{0,3}},\s+"
_LEAD_CONNECTIVE_RE = re.compile(r"^(?:But|And|So|Yet|Still|Indeed)\s+")


@cache
def _trailing_pattern() -> re.Pattern[str]:
    forms = sorted(reporting_verbs(), key=len, reverse=True)
    alts = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)
    return re.compile(r"[,”\"’]+\s+(?P<who>(?:[A-Z][\w’'\-]*\s+){0,3}[A-Z][\w’'\-]*|she|he|they|the\s+[a-z]+)\s+"
                      r"(?:\w+ly\s+)?(?P<verb>" + alts + r")\b(?:\s+[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,3})?"
                      r"(?P<end>\s*\.|\s*,\s+|\s+of\s+[^,.]{1,40}\.|\s+(?:on|in|at|last|this|earlier|late|yesterday|"
                      r"today|overnight)\b[^,.;:“”\"]{1,40}\.)")


@cache
def _indirect_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    forms = sorted((f for f, v in reporting_verbs().items() if v.takes_that), key=len, reverse=True)
    alts = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)
    clause = _NOTHAT_RE_TMPL.format(verbs="")[len("(?P<verb>)\\s+"):]
    return (re.compile(r"\b" + _verb_start(forms) + _THAT_RE_TMPL.format(verbs=alts)),
            re.compile(r"\b" + _verb_start([*forms, *_TELL_VERBS, *_SAY_VERBS]) + "(?:"
                       + _NOTHAT_RE_TMPL.format(verbs=alts) + "|" + _TELL_OBJ_RE_TMPL.format().replace(
                "(?P<verb>", "(?P<verb2>").replace("(?P<obj>", "(?:") + clause + "|" + _SAY_BARE_RE_TMPL.format(
                ).replace("(?P<verb>", "(?P<verb3>") + ")"),
            re.compile(_FRONTED_RE_TMPL.format(verbs="|".join(
                re.escape(f).replace(r"\ ", r"\s+") for f in sorted(reporting_verbs(), key=len, reverse=True)))))


def _masked(text: str, lo: int, hi: int, spans: list[tuple[int, int]]) -> str:
    """text[lo:hi] with the inside of quoted spans replaced by 'x' (same length)."""
    out = text[lo:hi]
    for s, e in spans:
        a, b = max(s, lo), min(e, hi)
        if a < b:
            out = out[:a - lo] + "x" * (b - a) + out[b - lo:]
    return out


def _participle_subject(text: str, lo: int, verb_start: int, art: _Article) -> _Mention | None:
    """Subject of a participle tag ("..., she said, adding that"; "Roe slammed X, saying ...")."""
    seg = text[lo:verb_start]
    m = re.search(r"\b(she|he|they)\s+\w+[,]?\s*$", seg)
    if m:
        return _Mention(m.group(1), lo + m.start(1), "pronoun")
    return _sentence_subject(text, lo, verb_start, art)


_ACCORDING_LEAD_RE = re.compile(r"^(?:(?:But|And|Yet|So),?\s+)?(?P<cue>[Aa]ccording\s+to)\s+(?P<who>[^,;:“”\"]{2,80}?),\s+")
_ACCORDING_APPOS_RE = re.compile(r"^(?:(?:But|And|Yet|So),?\s+)?(?P<cue>[Aa]ccording\s+to)\s+(?P<who>[^,;:“”\"]{2,80}?)"
                                 r",\s+(?P<appos>[a-z][^,;:“”\"]{2,100}),\s+")
_ACCORDING_TAIL_RE = re.compile(r",\s+(?P<cue>according\s+to)\s+(?P<who>[^,;:“”\"]{2,80}?)\s*(?:,[^“”\"]*)?[.!?]?\s*$")


def _according_mention(who: str, start: int) -> _Mention | None:
    """The source named after "according to": a name or organisation, or "the union"/"its website"."""
    study = re.match(r"(?:an?|the|one)\s+(?:new\s+|recent\s+)?(?:study|report|survey|analysis|review|poll|statement)\s+"
                     r"(?:from|by|of)\s+(?:the\s+)?(?=[A-Z])", who)
    if study is not None:
        return _Mention(who[study.end():].strip(), start + study.end(), "name")
    lead = re.match(r"(?:the\s+)?(?=[A-Z])", who)
    if lead is not None:
        name = who[lead.end():].strip()
        if _fold(name.split()[0]) in NOT_NAME or not all(_is_cap(t) or t in ("of", "and", "for", "&")
                                                         for t in name.split()):
            return None
        return _Mention(name, start + lead.end(), "name")
    words = who.lower().split()
    if len(words) == 2 and words[0] in ("the", "its", "their", "his", "her") and (
            words[1] in ORG_NOUNS or _is_role_phrase(words)):
        return _Mention(who, start, "title")
    return None


def _according_clause(text: str, msent: str, s_lo: int, s_hi: int
                      ) -> tuple[_Mention, int, int, str, int] | None:
    """``According to X, clause.`` / ``Clause, according to X.``: (mention, clause start, end, cue, cue start)."""
    m = _ACCORDING_LEAD_RE.match(msent)
    am = _ACCORDING_APPOS_RE.match(msent)
    if am and any(w.lower() in _role_tokens() for w in _words(am.group("appos"))):
        m = am  # "According to Jane Roe, head of training at X, ..."
    if m:
        men = _according_mention(m.group("who"), s_lo + m.start("who"))
        if men is not None:
            return men, s_lo + m.end(), s_hi, m.group("cue"), s_lo + m.start("cue")
    m = _ACCORDING_TAIL_RE.search(msent)
    if m and len(_words(msent[:m.start()])) >= 3:
        men = _according_mention(m.group("who"), s_lo + m.start("who"))
        if men is not None:
            return men, s_lo, s_lo + m.start(), m.group("cue"), s_lo + m.start("cue")
    return None


def _indirect(art: _Article, article_id: str, resolver: _Resolver, sentences, settings: QuoteSettings
              ) -> list[dict[str, object]]:
    """Indirect speech rows (kind=indirect).

    A clause may contain direct (partial) quotes: the indirect row then spans the whole reported clause,
    marks included, and overlaps the direct rows (count statements with ``kind == "direct"`` plus the
    indirect rows that contain no direct row).
    """
    text = art.text
    rows: list[dict[str, object]] = []
    that_re, nothat_re, fronted_re = _indirect_patterns()
    for p in range(len(art.paras)):
        quoted = art.quoted[p]
        for s_lo, s_hi in sentences(p):
            if any(s <= s_lo < e for s, e in quoted):
                continue  # the sentence sits inside a direct quote
            msent = _masked(text, s_lo, s_hi, art.candidate_spans[p])
            found = None
            fm = fronted_re.match(msent)
            if fm:
                men = _mention_before_verb(text, s_lo, s_lo + fm.start("verb"))
                if men is None:
                    men = _sentence_subject(text, s_lo + fm.start("who"), s_lo + fm.end("who"), art)
                if men is not None:
                    found = (men, s_lo + fm.end(), s_hi, fm.group("verb"), s_lo + fm.start("verb"))
            if found is None:
                that_hits = that_re.finditer(msent) if "that" in msent else ()  # the pattern needs " that "
                hits = [*that_hits, *nothat_re.finditer(msent)]
                for m in hits:
                    vgroup = next(g for g in ("verb", "verb2", "verb3") if g in m.re.groupindex and m.group(g))
                    vstart = s_lo + m.start(vgroup)
                    verb = m.group(vgroup)
                    if re.search(r"\b(?:declined|refused|declining|refusing|failed|not|n[’']t|never)\s+(?:to\s+)?$",
                                 msent[:m.start(vgroup)]):
                        continue  # a refusal to speak reports nothing
                    if msent.rfind("[", 0, m.start(vgroup)) > msent.rfind("]", 0, m.start(vgroup)):
                        continue  # an editor's bracketed insertion is not the speaker's report
                    if vgroup != "verb" or m.re is nothat_re:
                        if re.search(r"[”\"’]\s*,?\s*$", msent[:m.start(vgroup)]):
                            continue  # '"...," said Roe': an inverted tag, not a reporting frame
                        if vgroup == "verb3" and re.match(r"\s+[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,3}\s*(?:[,.;:]|$)",
                                                          msent[m.end(vgroup):]):
                            continue  # "said Roe, ..." names the speaker after the verb
                    if verb.lower().endswith("ing"):
                        men = _participle_subject(text, s_lo, vstart, art)
                    else:
                        men = _mention_before_verb(text, s_lo, vstart)
                        if men is None and re.search(r"\bto\s*$", msent[:m.start(vgroup)]):
                            men = _sentence_subject(text, s_lo, vstart, art)
                    if men is None or (men.kind == "title" and not _is_role_phrase(men.text.lower().split())
                                       and men.text.split()[0].lower() not in ANONYMOUS_HEADS):
                        continue
                    found = (men, s_lo + m.end(), s_hi, verb, vstart)
                    break
            if found is None:
                tm = None
                for tm_ in _trailing_pattern().finditer(msent):
                    tm = tm_
                    break
                if tm is not None:
                    entry = reporting_verbs().get(re.sub(r"\s+", " ", tm.group("verb").lower()))
                    who = tm.group("who")
                    if entry is not None and entry.takes_that:
                        kind = ("pronoun" if who in ("she", "he", "they") else
                                "title" if who.startswith("the ") else "name")
                        name = _clean_name(who) if kind == "name" else who
                        if kind == "title" and not (_is_role_phrase(who.split()) or who.split()[1] in ORG_NOUNS):
                            name = ""
                        if name:
                            men = _Mention(name, s_lo + tm.start("who"), kind)
                            mid = tm.group("end").strip() == "," and tm.end() < len(msent.rstrip()) - 1
                            before_tag = _masked(text, s_lo, s_lo + tm.start(), art.candidate_spans[p])
                            n_before = len([w for w in _words(before_tag) if w.strip("x")])
                            quoted_before = any(s_lo <= s < s_lo + tm.start() for s, _e in art.candidate_spans[p])
                            if n_before < 3 and (quoted_before or not mid or n_before == 0):
                                continue  # the tag follows a direct quote: the direct row carries it
                            c_hi = s_hi if mid else s_lo + tm.start()
                            if not mid and msent[tm.start()] in "”\"’":
                                c_hi += 1  # the clause ends with a closing mark: keep it
                            found = (men, s_lo, c_hi, tm.group("verb"), s_lo + tm.start("verb"))
            if found is None:
                found = _according_clause(text, msent, s_lo, s_hi)
            if found is None:
                continue
            men, c_lo, c_hi, cue_text, cue_start = found
            tag = re.search(r",\s+(?:adding|saying|noting|explaining|arguing|insisting|claiming)\b",
                            _masked(text, c_lo, c_hi, art.candidate_spans[p]))
            if tag:
                c_hi = c_lo + tag.start()
            clause = text[c_lo:c_hi]
            lead = _LEAD_CONNECTIVE_RE.match(clause)
            if lead:
                c_lo += lead.end()
                clause = clause[lead.end():]
            clause_r = clause.rstrip()
            if clause_r.endswith((".", "!", "?", "…")):
                clause_r = clause_r.rstrip(".!?…").rstrip()
            c_hi = c_lo + len(clause_r)
            outside = _masked(text, c_lo, c_hi, art.candidate_spans[p])
            if len([w for w in _words(outside) if w.strip("x")]) < 2:
                continue  # nothing reported outside the quotation marks: the direct rows carry it
            speaker, gender, attribution = resolver.resolve(men, men.start)
            rows.append({
                "article_id": article_id, "kind": "indirect", "start": c_lo, "end": c_hi,
                "quote": text[c_lo:c_hi], "para_index": p, "cue": cue_text, "cue_start": cue_start,
                "mention": men.text, "mention_start": men.start, "attribution": attribution,
                "speaker_local": speaker, "gender_local": gender, "mention_context": men.descriptor,
                "status": "ok", "_continues": False, "_continued": False,
            })
    return rows


def quotes_for_text(text: str, article_id: str, *, spans: list[tuple[int, int]] | None = None
                    ) -> pd.DataFrame:
    """Extract quotes and resolve speakers with the packaged codebook (both stages, default settings)."""
    from .speakers import load_codebook, resolve_speakers

    quotes = extract_quotes(text, article_id, spans=spans)
    resolved, _speakers, _merges = resolve_speakers(quotes, load_codebook())
    return resolved
