"""Who said it, inside the article: where a mention becomes a speaker.

:func:`attribute_direct` gives every accepted direct quote its in-article speaker (``speaker_local``):

- a name mention becomes the full name introduced in the article (:func:`full_name`: "Hill" -> "Sam Hill");
- a pronoun or a role noun ("the star") walks back to the most recent gender-compatible sentence subject or
  speaker, first in the quote's own paragraph (:meth:`Resolver.walk_back`); "I" inside a transcript turn is
  the turn's labelled speaker; "the union" is the organisation named before; "one"/"another" takes the group
  noun before it ("one fan");
- an untagged quote is the answer of a Q&A's interviewee, the paragraph's subject, or (a follow-on quote) the
  previous speaker; a headline quote whose words an attributed quote repeats is that quote's speaker.

The :class:`Resolver` keeps the speakers met so far in reading order (pronoun subjects and attributed
speakers), which later pronouns may refer back to.
"""

from __future__ import annotations

import re

from ..lexicons import given_names, role_nouns
from .article import Article, clean_name, closest_full, name_chunks, personish
from .cues import Cue, Mention
from .marks import Span
from .resources import (
    ANONYMOUS_HEADS,
    ANONYMOUS_NOUNS,
    GROUP_NOUN_RE,
    INTERVIEWEE_RE,
    NOT_NAME,
    ORG_HEADS,
    ORG_NOUNS,
    ORG_WORDS,
    PRONOUNS_SUBJECT,
    SOURCE_NOUNS,
    SPOKES_NOUNS,
    SUBJECT_PRONOUN_RE,
    TURN_LABEL_RE,
    UNNAMED_HEADS,
    fold,
    is_cap,
    word_tokens,
)
from .types import QuoteRow, QuoteSettings

# --------------------------------------------------------------------------------------------------
# What the article itself says about a name or a position


def full_name(art: Article, name: str, pos: int) -> str:
    """The full name a mention at ``pos`` refers to: the name itself if it is known or has two or more
    words; a first name or surname of a known person (the closest before ``pos`` if several); else ``name``."""
    key = fold(name)
    toks = name.split()
    if len(toks) >= 2:
        if key in art.persons:
            return art.persons[key]
        ending = [full for full in art.persons.values() if fold(full).endswith(" " + key)]
        return closest_full(art, ending, pos) if ending else name  # "de la Fuente" -> "Inés de la Fuente"
    longer = [full for full in art.persons.values() if " " in full]
    surname = [full for full in longer if fold(full.split()[-1]) == key]
    given = [full for full in longer if fold(full.split()[0]) == key]
    cands = surname or given  # "Trump" is Donald Trump's surname before it is the first word of "Trump Tower"
    if cands:
        return closest_full(art, cands, pos)
    return art.persons.get(key, name)


def named_in(art: Article, start: int, end: int) -> frozenset[str]:
    """Full names of known persons whose name or name token is written in text[start:end] (a quote)."""
    toks = {fold(w) for w in word_tokens(art.text[start:end]) if is_cap(w)}
    if not toks:
        return frozenset()
    return frozenset(full for full in art.persons.values()
                     if fold(full.split()[0]) in toks or fold(full.split()[-1]) in toks)


def turn_speaker(art: Article, pos: int) -> str | None:
    """The speaker label of the transcript turn holding ``pos`` ("CELESTE AMARI:", "GUEST (Jane Roe):")."""
    para = art.para_of(pos)
    if para < 0:
        return None
    lo, hi = art.paras[para]
    m = TURN_LABEL_RE.match(art.text, lo, hi)
    if m is None or pos < m.end():
        return None
    name = m.group("name") or m.group("label").title()
    if len(name.split()) < 2 or not personish(name):
        return None
    return full_name(art, name, pos)


def organisation(art: Article, noun: str, pos: int) -> str | None:
    """The nearest organisation name before ``pos`` headed by ``noun`` ("the union" -> "Screen Players Union")."""
    head = re.escape(noun.capitalize())
    found = None
    for m in re.finditer(r"\b(?:The\s+)?" + head + r"\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w’'+\-]*"
                         r"(?:\s+[A-Z][\w’'+\-]*){0,3}"  # "the Guild of Set Painters"
                         r"|((?:[A-Z][\w’'+\-]*\s+(?:(?:and|of|for|&)\s+)?){1,5})" + head + r"\b"
                         # "the Clinton campaign", "China's foreign ministry": a name owning the noun
                         r"|\b[A-Z][\w'+\-]*(?:\s+[A-Z][\w'+\-]*){0,2}(?:[’']s)?\s+(?:[a-z]+\s+)?" + re.escape(noun)
                         + r"\b", art.text[:pos]):
        found = m
    if found is None:
        return None
    name = re.sub(r"^(?:The|A|An)\s+", "", found.group(0))
    return name if len(name.split()) >= 2 else None


def _unnamed_person(phrase: str) -> bool:
    """A description of an unnamed person ("one crew member", "a veteran producer"), who a later "he" or
    "she" may refer back to."""
    words = phrase.split()
    return bool(words) and phrase[:1].islower() and (words[-1] in role_nouns() or words[-1] in ANONYMOUS_NOUNS
                                                     or words[-1] in UNNAMED_HEADS)


def subject_organisation(art: Article, pos: int, *, same_paragraph: bool = False) -> str | None:
    """The latest organisation that opened a sentence before ``pos`` ("Twitter acknowledged ...", "Business
    Insider also commented ..."), in this paragraph or the one before: a capitalised run at the sentence start
    that is not a person the article knows."""
    para = art.para_of(pos)
    if para < 0:
        return None
    for p in range(para, max(-1, para - (1 if same_paragraph else 2)), -1):
        for lo, hi in reversed(art.sentences(p)):
            if lo >= pos:
                continue
            m = re.match(r"(?:The\s+)?([A-Z][\w’'&.\-]*(?:\s+(?:[A-Z][\w’'&.\-]*|of|for|and|&))*)(?:’s|'s)?\b",
                         art.text[lo:hi])
            if m is None:
                continue
            name = clean_name(m.group(1))
            known = fold(name) in art.persons or any(fold(name) in (fold(f.split()[-1]), fold(f.split()[0]))
                                                    for f in art.persons.values())
            if name and not known and fold(name.split()[0]) not in NOT_NAME and not personish_with_evidence(art, name):
                return name
    return None


def personish_with_evidence(art: Article, name: str) -> bool:
    """A capitalised run that names a person: a known person, or one whose first word is a given name."""
    return name in art.evidence or fold(name.split()[0]) in given_names()


def nearest_organisation(art: Article, pos: int) -> str | None:
    """The last organisation's name (a capitalised run holding an organisation word: "Erika Lust Films",
    "the Screen Players Union") in the paragraphs up to ``pos``."""
    para = art.para_of(pos)
    lo = art.paras[max(0, para - 3)][0] if para >= 0 else 0
    found = None
    for _s, _e, chunk in name_chunks(art.text, lo, pos):
        name = clean_name(chunk) or chunk
        if any(fold(w).rstrip(".") in ORG_WORDS or fold(w) in ORG_HEADS for w in name.split()):
            found = name
    return found


def group_noun(art: Article, pos: int) -> str | None:
    """Singular head of the nearest group noun before ``pos`` in its paragraph ("Some fans" -> "fan")."""
    para = art.para_of(pos)
    lo = art.paras[para][0] if para >= 0 else 0
    found = None
    for m in GROUP_NOUN_RE.finditer(art.text[lo:pos]):
        found = m.group(1).lower()
    if found is None:
        return None
    return "person" if found == "people" else found.rstrip("s") if found.endswith("s") else found


def interviewee(art: Article) -> str | None:
    """The person a Q&A introduction in the first two paragraphs names ("Five questions for Jane Roe")."""
    for lo, hi in art.paras[:2]:
        im = INTERVIEWEE_RE.search(art.text, lo, hi)
        if im and personish(im.group("name")):
            return full_name(art, im.group("name"), im.start("name"))
    return None


def _pronoun_subjects(art: Article) -> list[int]:
    """Positions of he/she opening a sentence or following an introductory clause, outside quotes."""
    out = []
    for p, (lo, hi) in enumerate(art.paras):
        for m in SUBJECT_PRONOUN_RE.finditer(art.text[lo:hi]):
            pos = lo + m.start(1)
            if not art.in_quote(pos, p):
                out.append(pos)
    return sorted(out)


# --------------------------------------------------------------------------------------------------
# Mentions to speakers, in reading order


class Resolver:
    """Resolves mentions to in-article full names; accumulates speaker events in reading order."""

    def __init__(self, art: Article, settings: QuoteSettings) -> None:
        self.art = art
        self.settings = settings
        self.events: list[tuple[int, str]] = []  # (pos, full name) of attributed speakers and pronoun subjects
        self.last_speaker: tuple[int, str, str] | None = None  # (para, speaker, gender)
        self.pending: list[int] = _pronoun_subjects(art)  # pronoun subjects not yet resolved
        # the head noun of a description met before and whom it named: "a spokesperson for Acme" -> Acme, so that
        # "the spokesperson" later is Acme too; "one crew member" stays that unnamed crew member
        self.described: dict[str, tuple[int, str]] = {}

    def gender(self, name: str) -> str:
        return self.art.genders.get(name, "unknown")

    def advance(self, pos: int) -> None:
        """Resolve sentence-initial pronoun subjects ("That said, she ...") before ``pos`` into events."""
        while self.pending and self.pending[0] < pos:
            ppos = self.pending.pop(0)
            word = self.art.text[ppos:ppos + 3].strip().lower()
            who = self.walk_back(ppos, PRONOUNS_SUBJECT.get(word))
            if who:
                self.events.append((ppos, who))

    def record(self, pos: int, speaker: str, para: int) -> None:
        """``speaker`` spoke at ``pos``: later pronouns may refer back to them."""
        if speaker:
            self.events.append((pos, speaker))
            self.last_speaker = (para, speaker, self.gender(speaker))
            if speaker in self.art.persons.values():
                self.art.evidence.add(speaker)

    def paragraph_subject(self, para: int, pos: int) -> str | None:
        """Most recent subject person or speaker in paragraph ``para`` before ``pos`` (outside quotes)."""
        lo = self.art.paras[para][0]
        cands = [(p, n) for p, n, subj in self.art.person_pos if lo <= p < pos and subj]
        cands += [(p, n) for p, n in self.events if lo <= p < pos]
        return max(cands)[1] if cands else None

    def walk_back(self, pos: int, gender: str | None, exclude: frozenset[str] = frozenset()) -> str | None:
        """The antecedent of a pronoun or role noun at ``pos``: the most recent person (not one of ``exclude``,
        of a compatible gender) up to ``previous_paragraphs`` back, preferring in turn a subject in this
        paragraph, any mention in this paragraph before the pronoun's own sentence ("Speaking to Radio X, she
        said": the object of an introductory phrase is not the antecedent), a subject, any mention."""
        art = self.art
        para = art.para_of(pos)
        lo = art.paras[max(0, para - self.settings.previous_paragraphs)][0] if art.paras else 0
        cands: list[tuple[int, str, bool]] = [(p, n, s) for p, n, s in art.person_pos if lo <= p < pos]
        cands += [(p, n, True) for p, n in self.events if lo <= p < pos]
        cands.sort(key=lambda x: x[0], reverse=True)  # latest first
        here = art.paras[para][0] if para >= 0 else lo
        this_para = [c for c in cands if c[0] >= here]
        ends = list(re.finditer(r"[.!?][\"”’']?\s", art.text[here:pos]))
        sent_lo = here + ends[-1].end() if ends else here

        def ok(name: str) -> bool:
            if name in exclude:
                return False
            if gender in ("female", "male", "person") and not (personish(name) or _unnamed_person(name)):
                return False  # "she"/"he"/"the director" never refers back to an organisation that spoke
            g = self.gender(name)
            return gender in (None, "unknown", "person") or g == "unknown" or g == gender

        # in the pronoun's paragraph the latest subject wins; further back, a name with evidence of being a
        # person (a given name, an honorific, a role noun, a speaker) before a capitalised run without any
        earlier = [c for c in cands if c[0] < here]
        evident = [c for c in earlier if c[1] in art.evidence]
        for tier in ([c for c in this_para if c[2]], [c for c in this_para if c[0] < sent_lo],
                     [c for c in evident if c[2]], evident, [c for c in earlier if c[2]], earlier):
            for _at, name, _subj in tier:
                if ok(name):
                    return name
        return None

    def resolve(self, men: Mention | None, pos: int, exclude: frozenset[str] = frozenset()
                ) -> tuple[str, str, str]:
        """(speaker_local, gender_local, attribution) for a mention at ``pos``.

        ``exclude``: persons named inside the quote being attributed; a pronoun tag never refers to them
        ("'Jo plans the frame,' he says" is not Jo speaking).
        """
        if men is None:
            return "", "unknown", "none"
        if men.kind == "pronoun":
            return self._pronoun(men, exclude)
        if men.kind == "title":
            found = self._title(men)
            self._remember(men.text, men.start, found[0])
            return found
        full = full_name(self.art, men.text, men.start)
        if men.descriptor.lower() in SPOKES_NOUNS:  # an unnamed spokesperson credited to whom they speak for
            self._remember(men.descriptor, men.start, full)
        return full, self.gender(full), "name"

    def _remember(self, phrase: str, pos: int, speaker: str) -> None:
        words = phrase.lower().split()
        if words and words[0] != "the" and speaker:
            self.described[words[-1]] = (self.art.para_of(pos), speaker)

    def _described_before(self, words: list[str], pos: int) -> str | None:
        """Whom "the spokesperson" / "the crew member" named when introduced as "a spokesperson for Acme" /
        "one crew member" up to ``previous_paragraphs`` before."""
        if len(words) < 2 or words[0] != "the":
            return None
        here = self.art.para_of(pos)
        if words[-1] in self.described:
            para, speaker = self.described[words[-1]]
            if 0 <= here - para <= self.settings.previous_paragraphs:
                return speaker
        # an unnamed person introduced as "a producer who ..." (article.py) before "the producer"
        for at, name, _subj in reversed(self.art.person_pos):
            if at < pos and name[:1].islower() and name.split()[-1] == words[-1]:
                return name if 0 <= here - self.art.para_of(at) <= self.settings.previous_paragraphs else None
        return None

    def _pronoun(self, men: Mention, exclude: frozenset[str]) -> tuple[str, str, str]:
        g = PRONOUNS_SUBJECT.get(men.text.lower())
        if men.text.lower() == "it":  # "Acme backtracked ... it said": the organisation that opened a sentence
            org = subject_organisation(self.art, men.start, same_paragraph=True)
            return (org or ""), "unknown", "pronoun"
        who = None if men.text.lower() in ("i", "we") else self.walk_back(men.start, g, exclude)
        if men.text == "I":
            who = turn_speaker(self.art, men.start)
        if who is None:
            return "", g or "unknown", "pronoun"
        if g in ("female", "male") and self.gender(who) == "unknown":
            self.art.genders[who] = g
        return who, self.gender(who), "pronoun"

    def _title(self, men: Mention) -> tuple[str, str, str]:
        """"one user" stays as written; "the union" is the organisation; "the star" walks back to a person."""
        words = men.text.lower().split()
        anonymous = (words[0] in ANONYMOUS_HEADS or words[0] in ("others", "someone", "somebody")
                     or (len(words) > 1 and words[-1] in ANONYMOUS_NOUNS and words[-1].endswith("s")))
        if anonymous or len(words) == 1:
            phrase = men.text.lower()
            if len(words) == 1 and words[0] in ("one", "another"):
                head = group_noun(self.art, men.start)
                if head is None and self.last_speaker and " " in self.last_speaker[1]:
                    last = self.last_speaker[1].split()[-1]
                    head = last if last.islower() else None
                if head:
                    phrase = f"{words[0]} {head}"
            return phrase, "unknown", "title"
        before = self._described_before(words, men.start)
        if before is not None:
            return before, self.gender(before), "title"
        if words[0] in ("its", "their") and words[-1] in SOURCE_NOUNS | ORG_NOUNS:
            org = nearest_organisation(self.art, men.start)  # "its website": the organisation named before
            if org:
                return org, "unknown", "title"
        if words[-1] in SOURCE_NOUNS and words[-1] not in ORG_NOUNS:
            return men.text, "unknown", "title"  # a poll, a report, a letter: no person to walk back to
        if words[-1] in ORG_NOUNS:  # "the union", "the campaign", "the ministry"
            org = organisation(self.art, words[-1], men.start) if len(words) == 2 else None
            who = (org or subject_organisation(self.art, men.start) or nearest_organisation(self.art, men.start)
                   or self.walk_back(men.start, None))
            return (who or men.text), "unknown", "title"
        who = self.walk_back(men.start, "female" if "actress" in words else "person")
        if who is None:
            return men.text, "unknown", "title"
        return who, self.gender(who), "title"


# --------------------------------------------------------------------------------------------------
# Direct quotes


def attribute_direct(art: Article, resolver: Resolver, accepted: list[tuple[Span, Cue | None]], article_id: str,
                     settings: QuoteSettings) -> list[QuoteRow]:
    """One row per accepted direct quote, with its speaker, in reading order."""
    text = art.text
    answerer = interviewee(art)
    rows: list[QuoteRow] = []
    last: tuple[int, str, str] | None = None  # (para, speaker, gender) of the last attributed quote
    for idx, (sp, cue) in enumerate(accepted):
        # the second part of a paragraph-spanning quote has the first part's speaker (which may be attributed
        # later, in this paragraph: see _join_spanning)
        continuation = sp.continued and idx > 0 and accepted[idx - 1][0].continues
        men = cue.mention if cue is not None and not continuation else None
        resolver.advance(men.start if men is not None else sp.start)
        if men is not None:
            speaker, gender, attribution = resolver.resolve(men, men.start, named_in(art, sp.start, sp.end))
            resolver.record(men.start, speaker, sp.para)
        else:
            speaker, gender, attribution = _untagged(art, resolver, sp, continuation, last, answerer, settings)
        if speaker:
            last = (sp.para, speaker, gender)
        rows.append(QuoteRow(
            article_id=article_id, quote_id="", kind="direct", start=sp.start, end=sp.end,
            quote=text[sp.start:sp.end], para_index=sp.para,
            cue=cue.cue if cue is not None and men is not None else "",
            cue_start=cue.cue_start if cue is not None and men is not None else -1,
            mention=men.text if men is not None else "", mention_start=men.start if men is not None else -1,
            attribution=attribution, speaker_local=speaker, gender_local=gender,
            mention_context=_context(men), status=sp.status,
        ))
    _follow_repeated_words(rows)
    _join_spanning(rows, [sp for sp, _ in accepted])
    return rows


def _context(men: Mention | None) -> str:
    """What the text says the speaker is: the descriptor, or a description used as the mention ("the show's
    intimacy director")."""
    if men is None:
        return ""
    return men.descriptor or (men.text if men.kind == "title" else "")


def _untagged(art: Article, resolver: Resolver, sp: Span, continuation: bool, last: tuple[int, str, str] | None,
              answerer: str | None, settings: QuoteSettings) -> tuple[str, str, str]:
    """(speaker, gender, attribution) of a quote without a speaker mention."""
    start = sp.open_pos if sp.open_pos is not None else sp.start
    subj = resolver.paragraph_subject(sp.para, start)
    if answerer and re.search(r"\?\s*$", art.text[art.paras[sp.para][0]:start]):
        # a Q&A: an untagged quote right after the question is the interviewee's answer
        return answerer, resolver.gender(answerer), "name"
    if subj is not None and not continuation:
        return subj, resolver.gender(subj), "previous" if last is not None and last[1] == subj else "name"
    if last is not None and sp.para - last[0] <= 1:
        return last[1], last[2], "previous"
    before = resolver.paragraph_subject(sp.para - 1, art.paras[sp.para - 1][1]) if sp.para > 0 else None
    if before is not None:
        return before, resolver.gender(before), "name"
    if last is not None and sp.para - last[0] <= settings.previous_paragraphs and sp.continued:
        return last[1], last[2], "previous"
    return "", "unknown", "none"


def _follow_repeated_words(rows: list[QuoteRow]) -> None:
    """An unattributed quote (a headline) whose words an attributed quote repeats belongs to that speaker."""
    keys = [" ".join(word_tokens(fold(r.quote))) for r in rows]
    for ra, key in zip(rows, keys, strict=True):
        if ra.speaker_local or len(key.split()) < 2:
            continue
        for rb, key_b in zip(rows, keys, strict=True):
            if rb is not ra and rb.speaker_local and f" {key} " in f" {key_b} ":
                ra.speaker_local, ra.gender_local, ra.attribution = rb.speaker_local, rb.gender_local, "previous"
                break


def _join_spanning(rows: list[QuoteRow], spans: list[Span]) -> None:
    """The two parts of a paragraph-spanning quote get one speaker: the first part takes the second's if only
    the second had a cue, else the second takes the first's."""
    for i in range(len(rows) - 1, 0, -1):
        ra, rb = rows[i - 1], rows[i]
        if not (spans[i - 1].continues and spans[i].continued):
            continue
        if ra.attribution in ("none", "previous") and rb.speaker_local and rb.attribution not in ("none", "previous"):
            ra.speaker_local, ra.gender_local, ra.attribution = rb.speaker_local, rb.gender_local, "previous"
        elif rb.attribution in ("none", "previous") or not rb.speaker_local:
            rb.speaker_local, rb.gender_local = ra.speaker_local, ra.gender_local
            rb.attribution = "previous" if ra.speaker_local else "none"
