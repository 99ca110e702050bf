"""Attribution cues around a quote (after, before, earlier in the sentence, colon, according to) and the
speaker mention each names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexicons import reporting_verbs, role_nouns
from .article import Article, clean_name, known_token, name_chunks, personish
from .marks import mask_quoted
from .resources import (
    ACCORDING_RE,
    ADVERB_WORDS,
    ANONYMOUS_NOUNS,
    DETERMINERS,
    GROUP_SUBJECT_RE,
    NOT_NAME,
    ORG_HEADS,
    TAG_END_RE,
    fold,
    is_cap,
    role_tokens,
    verb_pattern,
)


@dataclass
class Mention:
    text: str  # as written (the speaker phrase: "she", "Roe", "one user", "the star")
    start: int
    kind: str  # name | pronoun | title
    descriptor: str = ""  # role phrase next to it ("intimacy coordinator", "CEO of X")


@dataclass
class Cue:
    cue: str
    cue_start: int
    mention: Mention | None
    tight: bool  # right next to the quote (vs. earlier in the sentence)
    where: str  # after | before | sentence | colon | according


def mention_before_verb(text: str, lo: int, verb_start: int) -> Mention | None:
    """The subject of a reporting verb: pronoun, name (possibly with appositive) or description."""
    seg = text[lo:verb_start]
    seg_stripped = seg.rstrip()
    # skip adverbs: "Roe previously told", "Doe bluntly stated"
    while True:
        m = re.search(r"\s(\w+ly|" + "|".join(ADVERB_WORDS) + r"|has|have|had|will|would|could|may|might|must|did|does|do)"
                      r"\s*$", " " + seg_stripped)
        if not m or is_cap(m.group(1)):
            break
        seg_stripped = seg_stripped[: len(seg_stripped) - len(m.group(0)) + 1].rstrip()
    end = lo + len(seg_stripped)
    # appositive: "Jane Roe, CEO of X Inc., concurs"
    if seg_stripped.endswith(","):
        inner = seg_stripped[:-1]
        nm2 = (re.search(r",\s+([A-Z][\w’'\-+]*(?:\s+(?:[A-Z][\w’'\-+]*|de|van|von|der|da|di|le|la)){0,3})$", inner)
               or re.search(r",\s+the\s+([A-Z][\w’'\-+]*(?:\s+(?:[A-Z][\w’'\-+]*|of|and|for|&)){0,5})$", inner))
        if nm2:
            name = clean_name(nm2.group(1))
            if name and fold(name.split()[0]) not in NOT_NAME:
                desc = inner[:nm2.start()].strip()
                desc_words = desc.split()[-6:]
                return Mention(name, lo + nm2.start(1) + nm2.group(1).find(name.split()[0]), "name",
                                " ".join(desc_words))
        # "The head of the X Festival, veteran programmer Jo Roe, said": the person in the appositive
        pm2 = re.search(r",\s+((?:[A-Za-z][\w’'\-]*\s+){1,4}?)([A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){1,3})$", inner)
        if pm2 and any(w in role_nouns() for w in pm2.group(1).split() if w.islower()):
            name = clean_name(pm2.group(2))
            if len(name.split()) >= 2 and personish(name):
                return Mention(name, lo + pm2.start(2) + pm2.group(2).find(name.split()[0]), "name",
                                pm2.group(1).strip())
        am = re.search(r"([A-Z][\w’'\-]*(?:\s+(?:[A-Z][\w’'\-]*|de|van|von|der|da|di|le|la))*)\s*,\s*"
                       r"([^,]{2,120}(?:,[^,]{2,40})?)$", inner)
        if am:
            name = clean_name(am.group(1))
            if name and fold(name.split()[0]) not in NOT_NAME:
                ns = lo + am.start(1) + am.group(1).find(name.split()[0])
                return Mention(name, ns, "name", am.group(2).strip())
        return None
    # parenthetical after the name: "Jane Roe (Some Show) told"
    seg2 = re.sub(r"\s*\([^)]{0,80}\)$", "", seg_stripped)
    end = lo + len(seg2)
    tail = seg2[-120:]
    off = end - len(tail)
    pm = re.search(r"\b(she|he|they|She|He|They|I|we|We|it)$", tail)
    if pm:
        return Mention(pm.group(1), off + pm.start(1), "pronoun")
    qm0 = re.search(r"\b((?:one|another|a|an|the|some)\s+(?:[\w’'\-]+\s+){0,2}?[\w’'\-]+)\s+(?:on|in|at|from|for)\s+"
                    r"[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*$", tail, re.IGNORECASE)
    if qm0 and is_role_phrase(qm0.group(1).lower().split()):
        return Mention(qm0.group(1), off + qm0.start(1), "title")
    # a relative clause: "..., director Jo Roe, who told reporters"
    rm = re.search(r"([A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,3})\s*,\s+(?:[^,]{1,60},\s+)?who$", tail)
    if rm:
        name = clean_name(rm.group(1))
        if name and personish(name):
            return Mention(name, off + rm.start(1) + rm.group(1).find(name.split()[0]), "name")
    # name at the end (an organisation keeps its "of": "the Guild of Set Painters")
    nm = re.search(r"((?:[A-Z][\w’'\-]*)(?:\s+(?:[A-Z][\w’'\-]*|de|van|von|der|da|di|le|la|"
                   r"d’|d'))*)$", tail)
    if nm:
        om = re.search(r"([A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,3})\s+(?:of|for)\s+(?:the\s+)?$", tail[:nm.start(1)])
        if om and fold(om.group(1).split()[-1]) in ORG_HEADS:
            nm = re.search(re.escape(tail[om.start(1):]) + "$", tail)
    if nm and is_cap(nm.group(0).split()[-1]):
        chunk = nm.group(0)
        name = clean_name(chunk)
        if name and fold(name.split()[-1]) not in NOT_NAME:
            ns = off + nm.start() + chunk.rfind(name)
            desc = _title_before(text, lo, ns)
            return Mention(name, ns, "name", desc)
    # description: "one user", "another", "the star", "a spokesperson for the studio"
    dm = re.search(r"\b((?:one|another|some|several|many|other|the|a|an|her|his|its|their)(?:\s+[\w’'\-]+){0,3})$",
                   tail, re.IGNORECASE)
    if dm:
        phrase = dm.group(1)
        words = phrase.lower().split()
        if words[0] in ("another", "others") and len(words) == 1 or is_role_phrase(words):
            return Mention(phrase, off + dm.start(1), "title")
    qm = re.search(r"\b((?:one|another|a|an|the)\s+(?:[\w’'\-]+\s+){0,2}?[\w’'\-]+)\s+(?:close\s+to|for|at|from|"
                   r"with|of|on)\s+[\w’' \-]{1,50}$", tail, re.IGNORECASE)
    if qm and is_role_phrase(qm.group(1).lower().split()):
        return Mention(qm.group(1), off + qm.start(1), "title")
    wm = re.search(r"\b(another|others|one|someone|somebody)$", tail, re.IGNORECASE)
    if wm:
        return Mention(wm.group(1), off + wm.start(1), "title")
    return None


def is_role_phrase(words: list[str]) -> bool:
    """``one user``, ``the star``, ``a spokesperson``: determiner + modifiers + a role/anonymous noun."""
    if len(words) < 2 or words[0] not in DETERMINERS:
        return False
    last = words[-1]
    return last in role_nouns() or last in ANONYMOUS_NOUNS or last.rstrip("s") in role_nouns()


def _title_before(text: str, lo: int, pos: int) -> str:
    before = text[max(lo, pos - 80):pos]
    words = before.split()
    taken: list[str] = []
    roles = role_tokens()
    for w in reversed(words):
        wl = w.lower()
        if wl in roles:
            taken.insert(0, w)
            continue
        break
    return " ".join(taken)


def mention_after_verb(text: str, pos: int, hi: int) -> Mention | None:
    """Inverted cue: ``says [descriptor] Jane Roe`` / ``says one user``."""
    seg = text[pos:min(hi, pos + 140)]
    m = re.match(r"\s+((?:[\w’'\-]+,?\s+){0,6}?)([A-Z][\w’'\-]*(?:\s+(?:[A-Z][\w’'\-]*|de|van|von|der|da|di|le|la))*)",
                 seg)
    if m:
        desc = m.group(1).strip().rstrip(",")
        dwords = desc.lower().replace(",", "").split()
        roles = role_tokens()
        modifiers_ok = all(w in roles or w in DETERMINERS or w.endswith("ly") or w in ("and",) or is_cap(w)
                           or w == "of" for w in dwords)
        # a noun phrase headed by a role noun ("jury president", "the festival's programmer")
        headed = (0 < len(dwords) <= 4 and dwords[-1].rstrip("’'s") in roles
                  and all(re.fullmatch(r"[a-z][\w’'\-]*", w) for w in dwords))
        if modifiers_ok or headed:
            name = clean_name(m.group(2))
            if name and fold(name.split()[0]) not in NOT_NAME:
                # appositive following: ", an intimacy coordinator who ..."
                after = seg[m.end():]
                am = re.match(r"\s*,\s*([^,.;“”\"]{3,140})", after)
                descriptor = desc
                if am and not descriptor:
                    descriptor = am.group(1).strip()
                return Mention(name, pos + m.start(2) + m.group(2).find(name.split()[0]), "name", descriptor)
    dm = re.match(r"\s+((?:one|another|some|the|a|an)(?:\s+[a-z][\w’'\-]*){0,3})", seg)
    if dm:
        phrase = dm.group(1)
        words = phrase.lower().split()
        while len(words) > 1 and not is_role_phrase(words):
            words = words[:-1]
        if is_role_phrase(words) or words == ["another"]:
            return Mention(" ".join(phrase.split()[:len(words)]), pos + dm.start(1), "title")
    pm = re.match(r"\s+(she|he|they)\b", seg)
    if pm:
        return Mention(pm.group(1), pos + pm.start(1), "pronoun")
    return None


def _introduces_next(after: str) -> bool:
    """True when the text after a cue is ``:`` / ``,`` followed by an opening quotation mark."""
    return bool(re.match(r"\s*[,:]?\s*[“\"‘]", after)) or after.lstrip().startswith(":")


def cue_after(text: str, close_end: int, hi: int, window: int, sentence_final: bool = False) -> Cue | None:
    """Cue right after a closing mark: ``," she said`` / ``," says Roe`` / ``," Roe says of Doe``."""
    seg_end = min(hi, close_end + window)
    m = re.match(r"[\s,]*(?:[—–-]+\s*)?", text[close_end:seg_end])
    pos = close_end + (m.end() if m else 0)
    rest = text[pos:seg_end]
    if not rest:
        return None
    verbs = verb_pattern()
    # inverted: says Roe
    vm = verbs.match(rest)
    if vm:
        verb = vm.group(0)
        entry = reporting_verbs().get(re.sub(r"\s+", " ", verb.lower()))
        if entry is not None and entry.inverted_ok:
            men = mention_after_verb(text, pos + vm.end(), hi)
            if men is not None and not (sentence_final and _introduces_next(text[men.start + len(men.text):hi])):
                return Cue(verb, pos, men, True, "after")
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
        men = mention_before_verb(text, pos, pos + vm.start())
        if men is None:
            continue
        lead = text[pos:men.start]
        if lead.strip() and (sentence_final or not lead.rstrip().endswith(",") and not all(w.lower() in role_tokens() or w.lower() in DETERMINERS
                                                        for w in lead.split())):
            return None  # "...” And as Roe puts it" belongs to the next sentence
        if sentence_final and _introduces_next(rest[vm.end():]):
            return None  # '“...” Roe said, “' introduces the next quote
        if sentence_final and rest[:1].isupper() and not TAG_END_RE.match(rest[vm.end():]):
            return None  # '“...end.” Some users called the remark ...': a new sentence, not a tag
        return Cue(vm.group(0), pos + vm.start(), men, True, "after")
    del sm
    return None


def cue_before(text: str, sent_lo: int, open_pos: int, art: Article, para: int) -> Cue | None:
    """Cue before an opening mark in the same sentence (tight or governing a partial quote)."""
    mpre = mask_quoted(text, sent_lo, open_pos, art.candidate_spans[para])  # quoted material in the prefix masked
    stripped = mpre.rstrip()
    tight_tail = stripped.endswith((",", ":", "—", "–"))
    verbs = verb_pattern()
    found = list(verbs.finditer(mpre))
    # according to X, "..."
    am = None
    for am_ in ACCORDING_RE.finditer(mpre):
        am = am_
    for vm in reversed(found):
        verb = vm.group(0)
        if am is not None and am.start() > vm.end():
            break
        tail = mpre[vm.end():].strip()
        men = mention_before_verb(text, sent_lo, sent_lo + vm.start())
        entry = reporting_verbs().get(re.sub(r"\s+", " ", verb.lower()))
        if men is None and len(tail.rstrip(",:—–").split()) <= 4 and (entry is None or entry.inverted_ok):
            # inverted ("To that, says Roe, ...")
            men = mention_after_verb(text, sent_lo + vm.end(), open_pos)
        if men is None and re.search(r"\band\s+(?:\w+ly\s+|just\s+|then\s+)?$", mpre[:vm.start()]):
            # "Roe grabbed me and said, ...": the subject of the coordinated predicate
            men = sentence_subject(text, sent_lo, sent_lo + vm.start(), art)
        if men is None and re.search(r"\bto\s*$", mpre[:vm.start()]):
            # "Roe went as far as to call ...": the subject of the governing clause
            men = sentence_subject(text, sent_lo, sent_lo + vm.start(), art)
        if men is not None:
            tight = tight_tail and len(tail.rstrip(",:—–").split()) <= 4
            return Cue(verb, sent_lo + vm.start(), men, tight, "before" if tight else "sentence")
    gm = GROUP_SUBJECT_RE.search(mpre)
    if gm and found:
        return Cue(found[-1].group(0), sent_lo + found[-1].start(), Mention(gm.group(1), sent_lo + gm.start(1),
                                                                              "title"), False, "sentence")
    if gm:
        return Cue("", sent_lo + gm.start(1), Mention(gm.group(1), sent_lo + gm.start(1), "title"), False,
                    "sentence")
    if am is not None:
        men = mention_after_verb(text, sent_lo + am.end() - 1, open_pos)
        if men is None:
            dm = re.match(r"((?:its|the|a|an|his|her|their)\s+[\w’'\-]+)", mpre[am.end():])
            if dm:
                men = Mention(dm.group(1), sent_lo + am.end(), "title")
        if men is not None:
            return Cue(text[sent_lo + am.start():sent_lo + am.end()].strip(), sent_lo + am.start(), men,
                        tight_tail, "according")
    if stripped.endswith(":"):
        # colon introduction: the sentence subject speaks
        colon = sent_lo + len(stripped) - 1
        men = sentence_subject(text, sent_lo, colon, art)
        return Cue(":", colon, men, True, "colon")
    return None


def sentence_subject(text: str, lo: int, hi: int, art: Article) -> Mention | None:
    seg = text[lo:hi]
    pm = re.search(r"(?:^|,\s+)(she|he|they|She|He|They|I|we|We)\b", seg)
    nm = None
    for s, _e, chunk in name_chunks(text, lo, hi):
        name = clean_name(chunk)
        if name:
            start = s + chunk.find(name.split()[0])
            if fold(name) in art.persons or known_token(art, name):
                nm = Mention(name, start, "name")
                break
    if pm and (nm is None or lo + pm.start(1) < nm.start):
        return Mention(pm.group(1), lo + pm.start(1), "pronoun")
    if nm is not None:
        return nm
    om = re.match(r"\s*((?:one|another|some|several|other|others)(?:\s+[a-z]+){0,2})", seg, re.IGNORECASE)
    if om:
        return Mention(om.group(1), lo + om.start(1), "title")
    gm = re.match(r"\s*((?:the|a|an)\s+([a-z][\w\-]*))(?:’s|'s)?\b", seg, re.IGNORECASE)
    if gm and gm.group(2).lower() in role_nouns():
        return Mention(gm.group(1).lower(), lo + gm.start(1), "title")
    return None

