"""Attribution cues: where a quote's cue is recognised, and the speaker mention it names.

:func:`find_cues` gives every candidate span its cue, in order of preference: a cue right after the quote
(:func:`cue_after`: ``," she said``, ``," says Roe``), a cue right before it (:func:`cue_before`: ``Roe
concurs: "``, ``Roe says, "``, ``According to Roe, "``), a reporting verb earlier in the same sentence (a
partial quote inside reported speech) or a colon introduction. The mention is the verb's subject
(:func:`mention_before_verb`), the name after an inverted verb (:func:`mention_after_verb`) or the sentence
subject (:func:`sentence_subject`); resolve.py turns it into a speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexicons import ReportingVerb, name_affixes, reporting_verbs, role_nouns
from .article import Article, clean_name, known_token, name_chunks, personish
from .marks import Span, mask_quoted
from .parse import (
    Parsed,
    cue_subject,
    governs,
    parsed_sentence,
    parser_available,
    prefetch_sentences,
    speech_verbs,
)
from .resources import (
    ACCORDING_RE,
    ADVERB_TAIL_RE,
    ANONYMOUS_NOUNS,
    APPOSITIVE_NAME_RE,
    APPOSITIVE_ORG_RE,
    DETERMINERS,
    GROUP_SUBJECT_RE,
    NAME_AFTER_VERB_RE,
    NAME_AT_END_RE,
    NAME_THEN_APPOSITIVE_RE,
    NOT_NAME,
    ORG_HEADS,
    TAG_END_RE,
    fold,
    is_cap,
    role_tokens,
    verb_pattern,
)
from .shape import quote_shape
from .types import Mention, QuoteSettings


@dataclass
class Cue:
    """The attribution of a candidate quote: the cue word and the mention it names."""

    cue: str
    cue_start: int
    mention: Mention | None
    tight: bool  # right next to the quote (vs. earlier in the sentence)
    where: str  # after | before | sentence | colon | according


def find_cues(art: Article, spans: list[Span], settings: QuoteSettings) -> list[Cue | None]:
    """The cue of every candidate span (``spans`` in text order), None where there is none."""
    text = art.text
    cues = [_rule_cue(art, sp, settings) for sp in spans]
    if parser_available(settings):
        wanted = {b for sp, cue in zip(spans, cues, strict=True) for b in _sentences_to_parse(art, sp, cue)}
        prefetch_sentences(text, [(lo, hi, art.candidate_spans[p]) for p, lo, hi in sorted(wanted)])
        cues = [_parsed_refinement(art, sp, cue) for sp, cue in zip(spans, cues, strict=True)]
    # chain: "X" and "Y," Roe said -> X inherits the cue of Y
    for k in range(len(spans) - 1):
        a, b = spans[k], spans[k + 1]
        if cues[k] is None and a.close_pos is not None and b.open_pos is not None and a.para == b.para:
            gap = text[a.close_pos + 1:b.open_pos]
            nxt_cue = cues[k + 1]
            if re.fullmatch(r"\s*,?\s*(?:and|or|but)?\s*", gap) and nxt_cue is not None:
                cues[k] = Cue(nxt_cue.cue, nxt_cue.cue_start, nxt_cue.mention, False, "sentence")
    return cues


def _sentences_to_parse(art: Article, sp: Span, cue: Cue | None) -> list[tuple[int, int, int]]:
    """(paragraph, start, end) of the sentences :func:`_parsed_refinement` will parse for this span."""
    if cue is None or cue.mention is None or cue.where == "colon":
        if cue is None and quote_shape(art.text[sp.start:sp.end]).title:
            return []  # a title ("Quiet Garden"): no cue a parse finds would make it a quote
        anchors = [p for p in (sp.close_pos, sp.open_pos) if p is not None]
        bounds = {art.sentence_at(sp.para, a) for a in anchors}
        return [(sp.para, lo, hi) for lo, hi in bounds if _has_verb_of_saying(art, sp.para, lo, hi)]
    if cue.where in ("after", "before", "sentence") and cue.cue and not _plain_tag(art.text, cue):
        return [(sp.para, *art.sentence_at(sp.para, cue.cue_start))]
    return []


def _has_verb_of_saying(art: Article, para: int, lo: int, hi: int) -> bool:
    return verb_pattern().search(mask_quoted(art.text, lo, hi, art.candidate_spans[para])) is not None


def _parsed_refinement(art: Article, sp: Span, cue: Cue | None) -> Cue | None:
    """The rules' cue, or where the rules found no speaker or more than a plain tag, the cue verb's parsed
    subject (``parse.py``)."""
    if cue is None and quote_shape(art.text[sp.start:sp.end]).title:
        return None
    if cue is None or cue.mention is None or cue.where == "colon":
        return _parsed_cue(art, sp) or cue  # a verb of saying beats a colon's guess at the subject
    if cue.where in ("after", "before", "sentence") and cue.cue and not _plain_tag(art.text, cue):
        parsed = _parsed_around(art, sp.para, cue.cue_start)
        verb = parsed.token_at(cue.cue_start)
        if verb is None or not verb.tag_.startswith("VB"):
            return _parsed_cue(art, sp)  # the rules' "verb" is a noun here ("her remarks", "the United States")
        men = cue_subject(parsed, art.text, cue.cue_start)
        rule = cue.mention
        if men is not None and men.kind == "title" and rule.kind == "name" and men.start <= rule.start < cue.cue_start:
            return cue  # the name the rules found inside a described subject: "The producer, a man called Jo Roe,"
        if men is not None:
            return Cue(cue.cue, cue.cue_start, named(men), cue.tight, cue.where)
    return cue


def _plain_tag(text: str, cue: Cue) -> bool:
    """A tag the rules read by position alone: a pronoun right next to its verb (``," she said``), or a bare
    name of one to three capitalised words, no descriptor, between the quotation and its verb (``," Jo Roe
    said``) or after its verb ending the sentence or clause (``," said Jo Roe.``), no title or initial in it."""
    men = cue.mention
    if men is None or men.descriptor or men.kind not in ("pronoun", "name") or len(men.text.split()) > 3:
        return False
    end = men.start + len(men.text)
    if men.start > cue.cue_start:  # inverted: said Jo Roe
        gap, before, after = text[cue.cue_start + len(cue.cue):men.start], "", text[end:end + 3]
        if men.kind == "name" and not re.match(r"(?:[,;:]|\.(?:\s|$)|$)", after):
            return False
    else:
        gap, before, after = text[end:cue.cue_start], text[max(0, men.start - 3):men.start], ""
        if men.kind == "name" and not re.search(r"(?:[”\"’',]|[—–-]\s)\s*$|^\s*$|(?:^|\s)[Aa]s\s$", before):
            return False  # something stands before the name: "Holtz-Eakin", "resident Whit Symms"
    if gap.strip():
        return False
    if men.kind == "pronoun":
        return True
    prefixes, _ = name_affixes()
    return all(is_cap(w) and fold(w).rstrip(".") not in prefixes and all(len(part) > 1 for part in w.rstrip(".").split("."))
               for w in men.text.split())


def _parsed_around(art: Article, para: int, pos: int) -> Parsed:
    s_lo, s_hi = art.sentence_at(para, pos)
    return parsed_sentence(art.text, s_lo, s_hi, art.candidate_spans[para])


def named(men: Mention) -> Mention:
    """A parsed name without its leading title ("South Carolina Gov. Jim Hodges" -> "Jim Hodges"), which
    joins the descriptor."""
    if men.kind == "title" and all(is_cap(w) for w in men.text.split()) and fold(men.text.split()[0]) not in NOT_NAME:
        men = Mention(men.text, men.start, "name", men.descriptor)  # a name the tagger took for a noun
    if men.kind != "name":
        return men
    if len(men.text.split()) == 1 and (fold(men.text).rstrip(".") in name_affixes()[0] | name_affixes()[1]
                                       or fold(men.text) in role_nouns()):
        return Mention(men.text, men.start, "title", men.descriptor)  # "the MP for Ashby Vale said"
    name = clean_name(men.text)
    if not name or name == men.text:
        return men
    at = men.text.find(name.split()[0])
    if at <= 0:
        return Mention(name, men.start, men.kind, men.descriptor)
    title = men.text[:at].strip()
    return Mention(name, men.start + at, "name", ", ".join(d for d in (title, men.descriptor) if d))


def _parsed_cue(art: Article, sp: Span) -> Cue | None:
    """A cue the rules missed: the reporting verb nearest the quote, outside any quotation, in the quote's
    sentence(s), whose parsed subject is not the quotation itself."""
    anchors = [p for p in (sp.close_pos, sp.open_pos) if p is not None]
    seen: set[tuple[int, int]] = set()
    found: list[tuple[int, Cue]] = []
    for anchor in anchors:
        bounds = art.sentence_at(sp.para, anchor)
        if bounds in seen:
            continue
        seen.add(bounds)
        if not _has_verb_of_saying(art, sp.para, *bounds):
            continue  # no verb of saying outside the quotations: nothing for a parse to find
        parsed = parsed_sentence(art.text, bounds[0], bounds[1], art.candidate_spans[sp.para])
        for tok, pos in speech_verbs(parsed):
            entry = _verb_entry(tok.text)
            if entry is None or not entry.quote_cue or not governs(parsed, tok, sp.start):
                continue  # '"new normal," as some call it, has critics': the verb does not govern the quote
            men = cue_subject(parsed, art.text, pos)
            if men is None:
                continue
            after = pos >= sp.end
            distance = pos - sp.end if after else sp.start - pos
            found.append((distance, Cue(tok.text, pos, named(men), False, "after" if after else "sentence")))
    return min(found, key=lambda x: x[0])[1] if found else None


def _rule_cue(art: Article, sp: Span, settings: QuoteSettings) -> Cue | None:
    """A tight cue before the quote if the quote ends its sentence (or has no cue after it), else the cue
    after it, else any cue before it."""
    text = art.text
    ends_sentence = bool(re.search(r"[.!?]$", text[sp.start:sp.end].rstrip()))
    before = None
    if sp.open_pos is not None and not sp.continued:
        s_lo, _ = art.sentence_at(sp.para, sp.open_pos)
        before = cue_before(text, s_lo, sp.open_pos, art, sp.para)
    after = None
    if sp.close_pos is not None:
        after = cue_after(text, sp.close_pos + 1, art.paras[sp.para][1], settings.cue_window, ends_sentence)
    if before is not None and before.tight and (ends_sentence or after is None):
        return before
    if after is not None:
        return after
    return before


def _verb_entry(verb: str) -> ReportingVerb | None:
    """The lexicon entry of a reporting verb as matched in the text (any case, any spacing)."""
    return reporting_verbs().get(re.sub(r"\s+", " ", verb.lower()))


# --------------------------------------------------------------------------------------------------
# After the quote


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
    return _inverted_tag(text, pos, rest, hi, sentence_final) or _subject_tag(text, pos, rest, sentence_final)


def _inverted_tag(text: str, pos: int, rest: str, hi: int, sentence_final: bool) -> Cue | None:
    """``," says Roe``: the verb first, the speaker after it."""
    vm = verb_pattern().match(rest)
    if vm is None:
        return None
    entry = _verb_entry(vm.group(0))
    if entry is None or not entry.inverted_ok:
        return None
    men = mention_after_verb(text, pos + vm.end(), hi)
    if men is None or (sentence_final and _introduces_next(text[men.start + len(men.text):hi])):
        return None
    return Cue(vm.group(0), pos, men, True, "after")


def _subject_tag(text: str, pos: int, rest: str, sentence_final: bool) -> Cue | None:
    """``," she said`` / ``," Roe says`` / ``," one user wrote`` / ``," Roe previously told``."""
    for vm in verb_pattern().finditer(rest, 0, min(len(rest), 90)):
        entry = _verb_entry(vm.group(0))
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
        if lead.strip() and (sentence_final or not lead.rstrip().endswith(",") and not all(
                w.lower() in role_tokens() or w.lower() in DETERMINERS for w in lead.split())):
            return None  # "...” And as Roe puts it" belongs to the next sentence
        if sentence_final and _introduces_next(rest[vm.end():]):
            return None  # '“...” Roe said, “' introduces the next quote
        if sentence_final and rest[:1].isupper() and not TAG_END_RE.match(rest[vm.end():]):
            return None  # '“...end.” Some users called the remark ...': a new sentence, not a tag
        return Cue(vm.group(0), pos + vm.start(), men, True, "after")
    return None


# --------------------------------------------------------------------------------------------------
# Before the quote


def cue_before(text: str, sent_lo: int, open_pos: int, art: Article, para: int) -> Cue | None:
    """Cue before an opening mark in the same sentence (tight or governing a partial quote)."""
    mpre = mask_quoted(text, sent_lo, open_pos, art.candidate_spans[para])  # quoted material in the prefix masked
    stripped = mpre.rstrip()
    tight_tail = stripped.endswith((",", ":", "—", "–"))
    found = list(verb_pattern().finditer(mpre))
    according = None  # the last "according to" of the prefix
    for am in ACCORDING_RE.finditer(mpre):
        according = am
    cue = _verb_cue_before(text, sent_lo, open_pos, art, mpre, found, according, tight_tail)
    if cue is not None:
        return cue
    gm = GROUP_SUBJECT_RE.search(mpre)  # "Some fans called it ..."
    if gm and found:
        return Cue(found[-1].group(0), sent_lo + found[-1].start(), Mention(gm.group(1), sent_lo + gm.start(1),
                                                                             "title"), False, "sentence")
    if gm:
        return Cue("", sent_lo + gm.start(1), Mention(gm.group(1), sent_lo + gm.start(1), "title"), False,
                   "sentence")
    if according is not None:
        cue = _according_cue(text, sent_lo, open_pos, mpre, according, tight_tail)
        if cue is not None:
            return cue
    if stripped.endswith(":"):
        # colon introduction: the sentence subject speaks
        colon = sent_lo + len(stripped) - 1
        return Cue(":", colon, sentence_subject(text, sent_lo, colon, art), True, "colon")
    return None


def _verb_cue_before(text: str, sent_lo: int, open_pos: int, art: Article, mpre: str, found: list[re.Match[str]],
                     according: re.Match[str] | None, tight_tail: bool) -> Cue | None:
    """The last reporting verb of the prefix (after any "according to") whose speaker can be found."""
    for vm in reversed(found):
        verb = vm.group(0)
        if according is not None and according.start() > vm.end():
            break
        tail = mpre[vm.end():].strip()
        men = mention_before_verb(text, sent_lo, sent_lo + vm.start())
        entry = _verb_entry(verb)
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
    return None


def _according_cue(text: str, sent_lo: int, open_pos: int, mpre: str, according: re.Match[str],
                   tight_tail: bool) -> Cue | None:
    """``According to Roe, "..."`` / ``according to its website, "..."``."""
    men = mention_after_verb(text, sent_lo + according.end() - 1, open_pos)
    if men is None:
        dm = re.match(r"((?:its|the|a|an|his|her|their)\s+[\w’'\-]+)", mpre[according.end():])
        if dm:
            men = Mention(dm.group(1), sent_lo + according.end(), "title")
    if men is None:
        return None
    return Cue(text[sent_lo + according.start():sent_lo + according.end()].strip(), sent_lo + according.start(),
               men, tight_tail, "according")


# --------------------------------------------------------------------------------------------------
# Mentions: who the cue names


def mention_before_verb(text: str, lo: int, verb_start: int) -> Mention | None:
    """The subject of a reporting verb: pronoun, name (possibly with appositive) or description."""
    seg = _strip_adverbs(text[lo:verb_start].rstrip())
    if seg.endswith(","):
        return _appositive_subject(text, lo, seg[:-1])
    # parenthetical after the name: "Jane Roe (Some Show) told"
    seg = re.sub(r"\s*\([^)]{0,80}\)$", "", seg)
    tail = seg[-120:]
    return _subject_at_end(text, lo, tail, lo + len(seg) - len(tail))


def _strip_adverbs(seg: str) -> str:
    """``seg`` without the adverbs and auxiliaries before the verb: "Roe previously told", "Doe has said"."""
    while True:
        m = ADVERB_TAIL_RE.search(" " + seg)
        if not m or is_cap(m.group(1)):
            return seg
        seg = seg[: len(seg) - len(m.group(0)) + 1].rstrip()


def _appositive_subject(text: str, lo: int, inner: str) -> Mention | None:
    """The subject when an appositive stands before the verb (``inner``: the text up to its last comma)."""
    # "The head of the X Festival, Jane Roe, said" / "..., the Guild of X, said"
    nm2 = APPOSITIVE_NAME_RE.search(inner) or APPOSITIVE_ORG_RE.search(inner)
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
    # "Jane Roe, CEO of X Inc., concurs"
    am = NAME_THEN_APPOSITIVE_RE.search(inner)
    if am:
        name = clean_name(am.group(1))
        if name and fold(name.split()[0]) not in NOT_NAME:
            ns = lo + am.start(1) + am.group(1).find(name.split()[0])
            return Mention(name, ns, "name", am.group(2).strip())
    return None


def _subject_at_end(text: str, lo: int, tail: str, off: int) -> Mention | None:
    """The subject ending ``tail`` (the text before the verb, starting at ``off``): a pronoun, a role phrase
    with its organisation, a name or a description."""
    pm = re.search(r"\b(she|he|they|She|He|They|I|we|We|it)$", tail)
    if pm:
        return Mention(pm.group(1), off + pm.start(1), "pronoun")
    qm0 = re.search(r"\b((?:one|another|a|an|the|some)\s+(?:[\w’'\-]+\s+){0,2}?[\w’'\-]+)\s+(?:on|in|at|from|for)\s+"
                    r"[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*$", tail, re.IGNORECASE)
    if qm0 and is_role_phrase(qm0.group(1).lower().split()):
        return Mention(qm0.group(1), off + qm0.start(1), "title")  # "a spokesperson for Acme"
    return _name_at_end(text, lo, tail, off) or _description_at_end(tail, off)


def _name_at_end(text: str, lo: int, tail: str, off: int) -> Mention | None:
    # a relative clause: "..., director Jo Roe, who told reporters"
    rm = re.search(r"([A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,3})\s*,\s+(?:[^,]{1,60},\s+)?who$", tail)
    if rm:
        name = clean_name(rm.group(1))
        if name and personish(name):
            return Mention(name, off + rm.start(1) + rm.group(1).find(name.split()[0]), "name")
    # a name at the end (an organisation keeps its "of": "the Guild of Set Painters")
    nm = NAME_AT_END_RE.search(tail)
    if nm:
        om = re.search(r"([A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,3})\s+(?:of|for)\s+(?:the\s+)?$", tail[:nm.start(1)])
        if om and fold(om.group(1).split()[-1]) in ORG_HEADS:
            nm = re.search(re.escape(tail[om.start(1):]) + "$", tail)
    if nm and is_cap(nm.group(0).split()[-1]):
        chunk = nm.group(0)
        name = clean_name(chunk)
        if name and fold(name.split()[-1]) not in NOT_NAME:
            ns = off + nm.start() + chunk.rfind(name)
            return Mention(name, ns, "name", _title_before(text, lo, ns))
    return None


def _description_at_end(tail: str, off: int) -> Mention | None:
    """"one user", "another", "the star", "a spokesperson for the studio"."""
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
    """The role words right before a name ("intimacy coordinator" Jane Roe)."""
    before = text[max(lo, pos - 80):pos]
    taken: list[str] = []
    roles = role_tokens()
    for w in reversed(before.split()):
        if w.lower() not in roles:
            break
        taken.insert(0, w)
    return " ".join(taken)


def mention_after_verb(text: str, pos: int, hi: int) -> Mention | None:
    """Inverted cue: ``says [descriptor] Jane Roe`` / ``says one user``."""
    seg = text[pos:min(hi, pos + 140)]
    m = NAME_AFTER_VERB_RE.match(seg)
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


def sentence_subject(text: str, lo: int, hi: int, art: Article) -> Mention | None:
    """The subject of the clause ``text[lo:hi]``: a pronoun (at its start or after a comma) or a known
    person's name, whichever comes first; else "one/another/some ..." or "the + role noun" at its start."""
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
