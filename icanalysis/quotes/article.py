"""The article's people: full names, their mentions (sentence subject or not), genders and descriptors.

:class:`Article` holds what the later steps need to know about the article: its paragraphs, the candidate
and accepted quoted spans, and the people found by :func:`collect_persons` (full names as written, each
mention's position and whether it is the subject of its sentence), :func:`estimate_genders` and
:func:`descriptor_for` (the appositive or title next to a name, the ``mention_context`` column).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from ..lexicons import given_names, name_affixes, reporting_verbs, role_nouns
from ..sentences import quote_aware_sentences
from .resources import (
    ALL_MARKS,
    APPOSITIVE_OPENERS,
    DETERMINERS,
    EPITHETS,
    GENDERED_NOUN_RE,
    GENDERED_NOUNS,
    GENDERED_PRONOUN_RE,
    NAME_PARTICLES,
    NAME_STOPS,
    NICKNAME_RE,
    NOT_NAME,
    NUMBER_WORDS,
    ORG_HEADS,
    ORG_WORDS,
    PREPOSITIONS,
    PRONOUNS_GENDERED,
    SUBORDINATORS,
    UNNAMED_HEADS,
    VERBISH_AFTER,
    WORD_RE,
    fold,
    is_cap,
    names_role,
    role_tokens,
    verb_pattern,
    word_tokens,
)


def name_chunks(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """Runs of capitalised word tokens (with particles) in text[lo:hi], at most 4 tokens."""
    out = []
    toks = [(m.start(), m.end(), m.group(0)) for m in WORD_RE.finditer(text, lo, hi)]
    taken = 0  # tokens before this index belong to a chunk already
    for i, (_s, _e, w) in enumerate(toks):
        # is_cap inlined (tokens are never empty): this test runs on every word of the article
        if i < taken or not w[0].isupper() or (len(w) > 4 and w.isupper()):
            continue
        j = i + 1
        while j < len(toks) and not toks[j - 1][2].endswith(("’s", "'s")):
            gap = text[toks[j - 1][1]:toks[j][0]]
            w2 = toks[j][2]
            if gap in ("' ", "’ ") and toks[j - 1][2].endswith("s") and fold(w2) in ORG_HEADS:
                j += 1  # a plural possessive inside an organisation name: "Writers' Guild"
                continue
            initial = len(toks[j - 1][2]) == 1 and toks[j - 1][2].isupper() and gap in (". ", ".")
            if gap not in (" ", "\u00a0") and not initial:  # "Donald J. Trump", "J.M. Berger" stay one name
                break
            if (w2 in ("of", "for") and fold(toks[j - 1][2]) in ORG_HEADS and j + 1 < len(toks)
                    and is_cap(toks[j + 1][2]) and text[toks[j][1]:toks[j + 1][0]] == " "):
                j += 2  # "Guild of Set Painters": an organisation name keeps its "of"
                continue
            if fold(w2) in NAME_STOPS:
                break
            if is_cap(w2) or (w2.lower() in NAME_PARTICLES and _particles_then_cap(toks, j)):
                j += 1
            else:
                break
        # a possessive on the last token ("Doe’s") stays: clean_name drops it
        chunk = toks[i:j]
        out.append((chunk[0][0], chunk[-1][1], text[chunk[0][0]:chunk[-1][1]]))
        taken = j
    return out


def _particles_then_cap(toks: list[tuple[int, int, str]], j: int) -> bool:
    """Whether the particles from token ``j`` on ("de la") lead to a capitalised word ("Fuente")."""
    k = j
    while k < len(toks) and toks[k][2].lower() in NAME_PARTICLES:
        k += 1
    return k < len(toks) and is_cap(toks[k][2])


# A hyphenated epithet before a name ("Oscar-winning", "London-based", "Emmy-nominated"), not a hyphenated
# given name ("Hyun-woo", "Jean-Luc").
_EPITHET_HYPHEN_RE = re.compile(r"-(?:[a-z]+(?:ed|ing)|born|old|time|year|star|bred|made|run|led|owned)$")


@lru_cache(maxsize=65536)
def clean_name(name: str) -> str:
    """Drop leading non-name words ("Director John Doe" -> "John Doe"), titles and epithets from
    name_affixes.csv with any words before them ("Employment Judge Jo Roe" -> "Jo Roe"), post-nominals
    ("Jo Roe KC" -> "Jo Roe") and a possessive ending."""
    toks = name.split()
    roles = role_tokens()
    prefixes, suffixes = name_affixes()
    cut = 0
    for i, tok in enumerate(toks[:3]):
        if i < len(toks) - 1 and fold(tok).rstrip(".") in prefixes and is_cap(toks[i + 1]):
            cut = i + 1
    toks = toks[cut:]
    first_given = next((i for i, t in enumerate(toks[:4]) if fold(t) in given_names()), -1)
    if 0 < first_given < len(toks) - 1:
        toks = toks[first_given:]  # "U.N. Ambassador John Bolton", "House Speaker Paul Ryan": titles before a given name
    while len(toks) > 1 and re.sub(r"['’]s?$", "", fold(toks[-1]).rstrip(".,")) in suffixes \
            and fold(toks[-2]) not in NAME_PARTICLES:
        toks = toks[:-1]
    organisation = len(toks) >= 2 and fold(toks[-1]).rstrip(".") in ORG_HEADS | ORG_WORDS
    while toks and (fold(toks[0]) in NOT_NAME or (fold(toks[0]) in roles and not organisation)
                    or fold(toks[0]) in EPITHETS or _EPITHET_HYPHEN_RE.search(toks[0])):
        if len(toks) > 2 and toks[1] in ("of", "for") and fold(toks[0]) in ORG_HEADS:
            break  # "Guild of Set Painters" is an organisation's name, not a title before a name
        toks = toks[1:]  # ("Intimacy Professionals Guild" keeps its first word: an organisation's name)
    if toks:
        last = toks[-1]
        for suffix in ("’s", "'s", "’", "'"):
            if last.endswith(suffix):
                toks[-1] = last[: -len(suffix)]
                break
    return " ".join(toks)


_INITIALS_TOKEN_RE = re.compile(r"(?:[A-Z]\.)+[A-Z]?\.?")


@lru_cache(maxsize=65536)
def personish(name: str) -> bool:
    """Whether ``name`` can be a person's name: 1-4 capitalised tokens (particles allowed), no organisation
    word, not only function words, no acronym."""
    toks = name.split()
    if not toks or len(toks) > 4:
        return False
    if any(fold(t).rstrip(".") in ORG_WORDS for t in toks):
        return False
    if all(fold(t) in NOT_NAME for t in toks):
        return False
    if any(t.isupper() and len(t) > 2 and not _INITIALS_TOKEN_RE.fullmatch(t) for t in toks):
        return False  # an acronym ("NBC"), though initials ("D.K.") are a name
    return all(is_cap(t) or t.lower() in NAME_PARTICLES for t in toks)


@dataclass
class Article:
    """One article as the quote stage sees it (filled step by step by :func:`~.extract.quote_rows`)."""

    text: str
    paras: list[tuple[int, int]]
    quoted: list[list[tuple[int, int]]] = field(default_factory=list)  # per paragraph: accepted inner spans
    candidate_spans: list[list[tuple[int, int]]] = field(default_factory=list)
    persons: dict[str, str] = field(default_factory=dict)  # folded full name -> full name as written
    person_pos: list[tuple[int, str, bool]] = field(default_factory=list)  # (pos, full name, is_subject)
    genders: dict[str, str] = field(default_factory=dict)
    evidence: set[str] = field(default_factory=set)  # full names with evidence of a person (see person_evidence)
    contexts: dict[str, str] = field(default_factory=dict)
    sentence_cache: dict[int, list[tuple[int, int]]] = field(default_factory=dict)

    def sentences(self, para: int) -> list[tuple[int, int]]:
        """Sentence spans of a paragraph (computed once ``candidate_spans`` is final, then reused)."""
        if para not in self.sentence_cache:
            lo, hi = self.paras[para]
            self.sentence_cache[para] = quote_aware_sentences(self.text, lo, hi, self.candidate_spans[para])
        return self.sentence_cache[para]

    def sentence_at(self, para: int, pos: int) -> tuple[int, int]:
        """The sentence of paragraph ``para`` holding ``pos``; the whole paragraph if none does."""
        for s, e in self.sentences(para):
            if s <= pos < e:
                return s, e
        return self.paras[para]

    def para_of(self, pos: int) -> int:
        """Index of the paragraph holding ``pos`` (its end included), -1 if none."""
        for i, (s, e) in enumerate(self.paras):
            if s <= pos < e or pos == e:
                return i
        return -1

    def in_quote(self, pos: int, para: int) -> bool:
        """Whether ``pos`` lies inside a candidate quoted span of paragraph ``para``."""
        return any(s <= pos < e for s, e in self.candidate_spans[para]) if 0 <= para < len(self.paras) else False


_ADVERBIAL_AFTER_NAME_RE = re.compile(r"\s+(?:(?:on|last|this|earlier|later|also|then|again|now|still|"
                                      r"previously|recently|once|has|had|have|will|would)\b\s*(?:[A-Z][a-z]+day\b|week\b|"
                                      r"month\b|year\b)?\s*)+")


def _is_subject(text: str, sent_lo: int, name_start: int, name_end: int, para_hi: int) -> bool:
    """Whether the name at ``text[name_start:name_end]`` is the subject of the sentence starting at ``sent_lo``."""
    before = text[sent_lo:name_start]
    after = text[name_end:min(para_hi, name_end + 60)]
    prev_words = word_tokens(before)
    after_words = word_tokens(after)
    nxt = after_words[0].lower() if after_words else ""
    if after.lstrip()[:1] in ALL_MARKS:
        nxt = ""  # the next word is quoted material
    roles = role_tokens()
    k = len(prev_words)
    while k > 0 and (prev_words[k - 1].lower() in roles or prev_words[k - 1].lower() in DETERMINERS):
        k -= 1
    prev = prev_words[k - 1].lower() if k > 0 else ""
    clause_and = k >= 2 and prev == "and" and before.rstrip().endswith(("and", "and " )) and re.search(
        r",\s*and\s*$", before)
    if (prev in ("and", "or") and not clause_and) or nxt in ("and", "or") or after.lstrip().startswith("&"):
        return False  # coordinated subjects ("Roe and Doe are ...") are plural
    prev = prev_words[-1].lower() if prev_words else ""
    lead = prev_words
    # sentence start: nothing but descriptors / capitalised words / an introductory clause ending in ","
    stripped = before.rstrip()
    skip = _ADVERBIAL_AFTER_NAME_RE.match(after)  # "Cruz on Friday played down", "Roe also said"
    if skip and skip.end() < len(after):
        following = word_tokens(after[skip.end():])
        nxt = following[0].lower() if following else nxt
        after = after[skip.end():]
    verbish = nxt in reporting_verbs() or nxt in VERBISH_AFTER or bool(
        re.fullmatch(r"[a-z]{2,}(?:[^s\W]s|ed)", nxt)) or bool(verb_pattern().match(after.lstrip()))
    if not lead:
        return True
    if stripped.endswith(",") and verbish and not re.search(r"\b(?:and|with|to|of|by|for)\s*,?$", stripped):
        return True
    if all(is_cap(w) or w.lower() in roles or w.lower() in DETERMINERS for w in lead) and len(lead) <= 5:
        return True
    if prev in SUBORDINATORS or prev in PREPOSITIONS:
        return False
    if verb_pattern().search(before):
        return False  # a name after a reporting verb sits in the reported clause
    return verbish


def collect_persons(art: Article) -> None:
    """Full names (2-4 capitalised tokens, not organisations) into ``art.persons``, and their mentions outside
    quotes (with whether each is a sentence subject) into ``art.person_pos``."""
    mentions: list[tuple[int, int, str, int]] = []  # (start, end, name, paragraph)
    for p, (lo, hi) in enumerate(art.paras):
        nicknamed = _nickname_mentions(art, p, lo, hi, mentions)
        _name_mentions(art, p, lo, hi, nicknamed, mentions)
    _link_mentions(art, mentions)
    _unnamed_subjects(art)


_UNNAMED_SUBJECT_RE = re.compile(r"(?:(?:But|And|Still|Yet),?\s+)?((?:A|An|One|Another)\s+(?:[\w’'\-]+\s+){0,5}?"
                                 r"([a-z][\w\-]+))\b")


def _unnamed_subjects(art: Article) -> None:
    """Unnamed people who open a sentence that reports speech ("One crew member, who asked not to be named,
    said ...", "A producer who has hired her twice ... said") into ``art.person_pos`` as their description, a
    subject a later "he"/"she" or "the producer" may refer back to."""
    heads = role_nouns().keys() | UNNAMED_HEADS
    for p in range(len(art.paras)):
        for lo, hi in art.sentences(p):
            m = _UNNAMED_SUBJECT_RE.match(art.text, lo, hi)
            if m is None or m.group(2) not in heads or art.in_quote(lo, p):
                continue
            if verb_pattern().search(art.text, m.end(), hi) is None:
                continue
            art.person_pos.append((m.start(1), m.group(1)[:1].lower() + m.group(1)[1:], True))
    art.person_pos.sort()


def _nickname_mentions(art: Article, p: int, lo: int, hi: int,
                       mentions: list[tuple[int, int, str, int]]) -> list[tuple[int, int]]:
    """Names with a nickname between first name and surname (Ray "The Hammer" Dolan: one name); returns
    the spans they cover."""
    text = art.text
    nicknamed: list[tuple[int, int]] = []
    for nm in NICKNAME_RE.finditer(text, lo, hi):
        first = clean_name(nm.group("first"))
        name = f"{first} {nm.group('last')}" if first else ""
        if len(name.split()) >= 2 and personish(name):
            ns = nm.start("first") + nm.group("first").rfind(first)
            art.persons.setdefault(fold(name), name)
            mentions.append((ns, nm.end("last"), name, p))
            nicknamed.append((nm.start(), nm.end()))
    return nicknamed


def _name_mentions(art: Article, p: int, lo: int, hi: int, nicknamed: list[tuple[int, int]],
                   mentions: list[tuple[int, int, str, int]]) -> None:
    """Capitalised runs of paragraph ``p`` as name mentions; full names and role-introduced single names
    ("producer Madison") become persons."""
    text = art.text
    words = word_tokens(text[lo:hi])
    headline = len(words) >= 4 and sum(w[:1].isupper() for w in words) >= 0.7 * len(words)
    for s, _e, chunk in name_chunks(text, lo, hi):
        if any(a <= s < b for a, b in nicknamed):
            continue
        if headline:  # a Title Case headline ("Media Growls In Response To Trump") names no one by its capitals
            mentions.append((s, s + len(chunk), clean_name(chunk) or chunk, p))
            continue
        if fold(chunk.split()[0]) in NUMBER_WORDS:
            continue  # "Five Short Tales": a title, not a person
        name = clean_name(chunk)
        if not name:
            continue
        offset = chunk.find(name.split()[0])
        ns = s + max(offset, 0)
        ne = ns + len(name)
        prev = word_tokens(text[max(lo, s - 30):s])
        first = fold(chunk.split()[0]).rstrip(".")
        honorific = offset > 0 and any(fold(w).rstrip(".") in name_affixes()[0] for w in chunk.split()[:3])
        role_before = bool(prev) and prev[-1].islower() and prev[-1] in role_nouns()
        described = (first in ("the", "a", "an") or (bool(prev) and prev[-1].lower() in ("the", "a", "an"))) and \
            not any(fold(w) in role_tokens() for w in chunk.split())  # "the director Cathal Ó Duibhir" is a name
        if len(name.split()) >= 2 and personish(name) and (not described or honorific) and (
                not art.in_quote(ns, p) or not _shares_surname(art, name)):
            # "the Wisconsin Republican", "a Clinton backer" describe someone; they are not names; a name
            # inside a quotation does not take a surname from a person the article itself introduces
            art.persons.setdefault(fold(name), name)
            if honorific or role_before or fold(name.split()[0]) in given_names():
                art.evidence.add(art.persons[fold(name)])
        elif len(name.split()) == 1 and personish(name) and fold(name) not in NOT_NAME and (honorific or role_before):
            art.persons.setdefault(fold(name), name)  # "Ms. Bigbee", "producer Madison"
            art.evidence.add(art.persons[fold(name)])
        mentions.append((ns, ne, name, p))


def _shares_surname(art: Article, name: str) -> bool:
    last = fold(name.split()[-1])
    return any(fold(known.split()[-1]) == last for known in art.persons.values())


_APPOSITIVE_ROLE_RE = re.compile(r",\s+(?:an?|the|one|who)\s")


def _link_mentions(art: Article, mentions: list[tuple[int, int, str, int]]) -> None:
    """Each mention outside quotes that names a known person (a single token: a first name or surname of
    one) into ``art.person_pos``, with whether it is the subject of its sentence."""
    text = art.text
    by_token: dict[str, list[str]] = {}  # folded first name or surname -> full names
    for known in art.persons.values():
        toks = known.split()
        by_token.setdefault(fold(toks[-1]), []).append(known)
        by_token.setdefault(fold(toks[0]), []).append(known)
    for ns, ne, name, p in mentions:
        if art.in_quote(ns, p):
            continue
        full: str | None = None
        key = fold(name)
        if key in art.persons:
            full = art.persons[key]
        elif len(name.split()) == 1 and key in by_token:
            full = closest_full(art, by_token[key], ns)
        # a longer chunk that is not a known name ("John Doe’s Storm") names no one
        if full is None:
            continue
        sent_lo = art.sentence_at(p, ns)[0]
        in_parens = text.rfind("(", sent_lo, ns) > text.rfind(")", sent_lo, ns)
        # a person introduced with an appositive (", a senior fellow at ...") is a new voice, like a subject
        introduced = _APPOSITIVE_ROLE_RE.match(text, ne) is not None and names_role(
            text[ne:min(art.paras[p][1], ne + 80)].lower(), people_only=True)
        art.person_pos.append((ns, full, not in_parens and (
            introduced or _is_subject(text, sent_lo, ns, ne, art.paras[p][1]))))
    art.person_pos.sort()


def closest_full(art: Article, cands: list[str], pos: int) -> str:
    """Among full names sharing a token, the one a surname or first name at ``pos`` refers to: one written
    out in the same paragraph before ``pos`` (the latest), else the one introduced first (an article's
    "Fiorina" is the Fiorina it is about, not the husband named in passing)."""
    if len(cands) == 1:
        return cands[0]
    para = art.para_of(pos)
    here = art.paras[para][0] if para >= 0 else 0
    latest, latest_pos = None, -1
    first, first_pos = cands[0], len(art.text) + 1
    for full in cands:
        idx = art.text.rfind(full, here, pos)
        if idx > latest_pos:
            latest, latest_pos = full, idx
        at = art.text.find(full)
        if 0 <= at < first_pos:
            first, first_pos = full, at
    return latest if latest is not None else first


def estimate_genders(art: Article) -> None:
    """Gender of each person into ``art.genders``, from the pronouns used about them (the nearest preceding
    mention gets the vote) and from kinship or role nouns before their name ("his wife, Jo Roe")."""
    votes: dict[str, dict[str, int]] = {}
    starts = [x[0] for x in art.person_pos]  # person_pos is sorted: the mentions in [a, b) are a slice
    for p, (lo, hi) in enumerate(art.paras):
        _pronoun_votes(art, p, lo, hi, starts, votes)
        _noun_votes(art, lo, hi, starts, votes)
    for who, v in votes.items():
        f, mm = v.get("female", 0), v.get("male", 0)
        if f > mm:
            art.genders[who] = "female"
        elif mm > f:
            art.genders[who] = "male"


def _pronoun_votes(art: Article, p: int, lo: int, hi: int, starts: list[int],
                   votes: dict[str, dict[str, int]]) -> None:
    """he/she/her/his... outside quotes vote for the nearest person mentioned before them."""
    text = art.text
    positions = art.person_pos
    for m in GENDERED_PRONOUN_RE.finditer(text[lo:hi]):
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


def _noun_votes(art: Article, lo: int, hi: int, starts: list[int], votes: dict[str, dict[str, int]]) -> None:
    """A gendered noun right before a person's name ("his wife, Jo Roe") votes for that person."""
    positions = art.person_pos
    for m in GENDERED_NOUN_RE.finditer(art.text[lo:hi]):
        pos = lo + m.start(2)
        nxt = positions[bisect_left(starts, pos):bisect_right(starts, pos)]
        g = GENDERED_NOUNS[m.group(1)]
        if nxt and g:
            votes.setdefault(nxt[0][1], {}).setdefault(g, 0)
            votes[nxt[0][1]][g] += 4  # stated outright: outweighs pronouns guessed to refer


def _find_all(text: str, sub: str) -> Iterator[int]:
    """Start of every non-overlapping occurrence of ``sub`` in ``text``, left to right (as ``re.finditer``)."""
    s = text.find(sub)
    while s >= 0:
        yield s
        s = text.find(sub, s + max(len(sub), 1))


_ROLE_BEFORE_RE = re.compile(r"\b((?:the|a|an|its|their|his|her|our|one)\s+[^,.;:“”\"]{2,70}?),"
                             r"\s*(?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+|(?:[\w’'\-]+\s+){1,2}(?=[A-Z]))?$", re.IGNORECASE)


_JOB_PREDICATE_RE = re.compile(
    r"\b(?:(?:works?|worked|working|hired|trained|serves?|served|serving|employed|began|started|acts?|acted)\s+"
    r"(?:\w+\s+){0,2}?as\s+(?:an?\s+|the\s+)?[^,.;:“”\"]{2,50}"
    r"|(?:has|had|have)?\s*(?:coordinat|choreograph)\w*\s+(?:an?\s+)?intima\w+(?:\s+\w+)?)")


def descriptor_for(art: Article, full: str) -> str:
    """What the article says a person is, from the first of their mentions that has it (full name or
    surname): an appositive or relative clause after it (", an intimacy coordinator," / ", who works as an
    intimacy director"), a title before it ("intimacy coordinator Jane Roe"), a role phrase before it ("The
    costume designer, Dmitri Osei,"), or a parenthesis ("Jane Roe (producer)")."""
    text = art.text
    starts = sorted({*_find_all(text, full), *(pos for pos, who, _ in art.person_pos if who == full)})
    for s in starts:
        e = s + len(full) if text.startswith(full, s) else _mention_end(text, s)
        p = art.para_of(s)
        if p < 0:
            continue
        phrase = _descriptor_at(art, p, s, e)
        if phrase:
            return phrase
    return ""


def _mention_end(text: str, s: int) -> int:
    """End of the capitalised name (with particles and hyphens) starting at ``s``."""
    m = re.match(r"[\w’'\-.]+(?:\s+(?:[A-Z][\w’'\-.]*|" + "|".join(sorted(NAME_PARTICLES)) + r"))*", text[s:])
    return s + (m.end() if m else 0)


def _descriptor_at(art: Article, p: int, s: int, e: int) -> str:
    text = art.text
    lo, hi = art.paras[p]
    roles = role_nouns()
    # title before: "intimacy coordinator Jane Roe", "Director John Doe", "film writer X"
    before = text[max(lo, s - 80):s]
    taken: list[str] = []
    for w in reversed(before.split()):
        wl = w.lower().strip(",")
        if w.endswith(",") or w.endswith("."):
            break
        if wl in role_tokens() or wl in ("ceo", "of") or (is_cap(w) and wl in roles):
            taken.insert(0, w)
            continue
        if wl in DETERMINERS and taken:
            taken.insert(0, w)
        break
    phrase = " ".join(taken).strip()
    if phrase and names_role(phrase.lower()):
        return phrase
    # appositive or relative clause after: ", an intimacy coordinator who ..., " / ", CEO of X," / ", who ..."
    after = text[e:hi]
    am = re.match(r"\s*(?:\([^)]{0,60}\)\s*)?,\s*([^,.;:“”\"]{3,120}?)(?:,|\.|;|:|$| said| says)", after)
    if am:
        phrase = am.group(1).strip()
        first = phrase.split()[0]
        if names_role(phrase.lower(), people_only=True) and (
                first.lower() in DETERMINERS or is_cap(first) or first.lower() in role_tokens()
                or first.lower() in APPOSITIVE_OPENERS):
            return phrase
    # a role phrase before the name: "The costume designer, Dmitri Osei," / "a psychologist, Dr. Femi Ade,"
    rm = _ROLE_BEFORE_RE.search(text, lo, s)
    if rm and names_role(rm.group(1).lower()):
        return rm.group(1)
    # the job in a predicate: "X started working as an intimacy coordinator", "X has coordinated intimate
    # scenes on 60 productions", "X was first hired as a movement director"
    sent_hi = art.sentence_at(p, s)[1]
    for pm_ in _JOB_PREDICATE_RE.finditer(text, e, min(sent_hi, e + 140)):
        between = text[e:pm_.start()]
        if re.search(r"\b(?:and|but|while|whereas)\b|[;:]", between) or any(is_cap(w) for w in between.split()):
            break  # the predicate belongs to someone else ("X plays herself, and Baker serves as ...")
        if names_role(pm_.group(0).lower(), people_only=True):
            return pm_.group(0).strip()
    # parenthetical role: "Jane Roe (producer)"
    pm = re.match(r"\s*\(([^)]{2,40})\)", after)
    if pm and names_role(pm.group(1).lower()):
        return pm.group(1)
    return ""


def known_token(art: Article, name: str) -> bool:
    """Whether ``name`` is the first name or surname of a person of the article."""
    key = fold(name)
    return any(key in (fold(f.split()[0]), fold(f.split()[-1])) for f in art.persons.values())

