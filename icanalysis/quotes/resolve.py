"""Speaker resolution inside the article: names to full names, pronouns, role nouns, follow-on quotes."""

from __future__ import annotations

import re

from .article import Article, closest_full, personish
from .cues import Mention
from .resources import ANONYMOUS_HEADS, ORG_NOUNS, PRONOUNS_SUBJECT, TURN_LABEL_RE, fold, is_cap, word_tokens
from .types import QuoteSettings


def _pronoun_subjects(art: Article) -> list[int]:
    """Positions of he/she opening a sentence or following an introductory clause, outside quotes."""
    out = []
    for p, (lo, hi) in enumerate(art.paras):
        for m in re.finditer(r"(?:^|[.!?]\s+|,\s+)(She|He|she|he)\b", art.text[lo:hi]):
            pos = lo + m.start(1)
            if not art.in_quote(pos, p):
                out.append(pos)
    return sorted(out)


class Resolver:
    """Resolves mentions to in-article full names; accumulates speaker events in reading order."""

    def __init__(self, art: Article, settings: QuoteSettings) -> None:
        self.art = art
        self.settings = settings
        self.events: list[tuple[int, str]] = []  # (pos, full name) of attributed speakers
        self.last_speaker: tuple[int, str, str] | None = None  # (para, speaker, gender)
        self.pending: list[int] = _pronoun_subjects(art)

    def gender(self, name: str) -> str:
        return self.art.genders.get(name, "unknown")

    def full_name(self, name: str, pos: int) -> str:
        art = self.art
        key = fold(name)
        if key in art.persons:
            return art.persons[key]
        toks = name.split()
        cands = [full for k, full in art.persons.items()
                 if fold(full.split()[-1]) == fold(toks[-1]) or (len(toks) == 1 and fold(full.split()[0]) == key)]
        if len(toks) >= 2:
            return name
        if cands:
            return closest_full(art, cands, pos)
        return name

    def named_in(self, start: int, end: int) -> frozenset[str]:
        """Full names of known persons whose name or name token is written in text[start:end] (a quote)."""
        toks = {fold(w) for w in word_tokens(self.art.text[start:end]) if is_cap(w)}
        if not toks:
            return frozenset()
        return frozenset(full for full in self.art.persons.values()
                         if fold(full.split()[0]) in toks or fold(full.split()[-1]) in toks)

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
            if gender in ("female", "male") and not personish(name):
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

    def resolve(self, men: Mention | None, pos: int, exclude: frozenset[str] = frozenset()
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
        m = TURN_LABEL_RE.match(self.art.text, lo, hi)
        if m is None or pos < m.end():
            return None
        name = m.group("name") or m.group("label").title()
        if len(name.split()) < 2 or not personish(name):
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

