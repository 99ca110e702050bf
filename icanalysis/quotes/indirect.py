"""Indirect (reported) speech: clauses governed by a reporting verb, "according to", trailing tags."""

from __future__ import annotations

import re

from ..lexicons import reporting_verbs
from .article import Article, clean_name
from .cues import Mention, is_role_phrase, mention_before_verb, sentence_subject
from .marks import mask_quoted
from .resolve import Resolver
from .resources import (
    ACCORDING_APPOS_RE,
    ACCORDING_LEAD_RE,
    ACCORDING_TAIL_RE,
    ANONYMOUS_HEADS,
    LEAD_CONNECTIVE_RE,
    NOT_NAME,
    ORG_NOUNS,
    fold,
    indirect_patterns,
    is_cap,
    role_tokens,
    trailing_pattern,
    word_tokens,
)
from .types import QuoteSettings


def _participle_subject(text: str, lo: int, verb_start: int, art: Article) -> Mention | None:
    """Subject of a participle tag ("..., she said, adding that"; "Roe slammed X, saying ...")."""
    seg = text[lo:verb_start]
    m = re.search(r"\b(she|he|they)\s+\w+[,]?\s*$", seg)
    if m:
        return Mention(m.group(1), lo + m.start(1), "pronoun")
    return sentence_subject(text, lo, verb_start, art)


def _according_mention(who: str, start: int) -> Mention | None:
    """The source named after "according to": a name or organisation, or "the union"/"its website"."""
    study = re.match(r"(?:an?|the|one)\s+(?:new\s+|recent\s+)?(?:study|report|survey|analysis|review|poll|statement)\s+"
                     r"(?:from|by|of)\s+(?:the\s+)?(?=[A-Z])", who)
    if study is not None:
        return Mention(who[study.end():].strip(), start + study.end(), "name")
    lead = re.match(r"(?:the\s+)?(?=[A-Z])", who)
    if lead is not None:
        name = who[lead.end():].strip()
        if fold(name.split()[0]) in NOT_NAME or not all(is_cap(t) or t in ("of", "and", "for", "&")
                                                         for t in name.split()):
            return None
        return Mention(name, start + lead.end(), "name")
    words = who.lower().split()
    if len(words) == 2 and words[0] in ("the", "its", "their", "his", "her") and (
            words[1] in ORG_NOUNS or is_role_phrase(words)):
        return Mention(who, start, "title")
    return None


def _according_clause(text: str, msent: str, s_lo: int, s_hi: int
                      ) -> tuple[Mention, int, int, str, int] | None:
    """``According to X, clause.`` / ``Clause, according to X.``: (mention, clause start, end, cue, cue start)."""
    m = ACCORDING_LEAD_RE.match(msent)
    am = ACCORDING_APPOS_RE.match(msent)
    if am and any(w.lower() in role_tokens() for w in word_tokens(am.group("appos"))):
        m = am  # "According to Jane Roe, head of training at X, ..."
    if m:
        men = _according_mention(m.group("who"), s_lo + m.start("who"))
        if men is not None:
            return men, s_lo + m.end(), s_hi, m.group("cue"), s_lo + m.start("cue")
    m = ACCORDING_TAIL_RE.search(msent)
    if m and len(word_tokens(msent[:m.start()])) >= 3:
        men = _according_mention(m.group("who"), s_lo + m.start("who"))
        if men is not None:
            return men, s_lo, s_lo + m.start(), m.group("cue"), s_lo + m.start("cue")
    return None


def indirect_rows(art: Article, article_id: str, resolver: Resolver, sentences, settings: QuoteSettings
              ) -> list[dict[str, object]]:
    """Indirect speech rows (kind=indirect).

    A clause may contain direct (partial) quotes: the indirect row then spans the whole reported clause,
    marks included, and overlaps the direct rows (count statements with ``kind == "direct"`` plus the
    indirect rows that contain no direct row).
    """
    text = art.text
    rows: list[dict[str, object]] = []
    that_re, nothat_re, fronted_re = indirect_patterns()
    for p in range(len(art.paras)):
        quoted = art.quoted[p]
        for s_lo, s_hi in sentences(p):
            if any(s <= s_lo < e for s, e in quoted):
                continue  # the sentence sits inside a direct quote
            msent = mask_quoted(text, s_lo, s_hi, art.candidate_spans[p])
            found = None
            fm = fronted_re.match(msent)
            if fm:
                men = mention_before_verb(text, s_lo, s_lo + fm.start("verb"))
                if men is None:
                    men = sentence_subject(text, s_lo + fm.start("who"), s_lo + fm.end("who"), art)
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
                        men = mention_before_verb(text, s_lo, vstart)
                        if men is None and re.search(r"\bto\s*$", msent[:m.start(vgroup)]):
                            men = sentence_subject(text, s_lo, vstart, art)
                    if men is None or (men.kind == "title" and not is_role_phrase(men.text.lower().split())
                                       and men.text.split()[0].lower() not in ANONYMOUS_HEADS):
                        continue
                    found = (men, s_lo + m.end(), s_hi, verb, vstart)
                    break
            if found is None:
                tm = None
                for tm_ in trailing_pattern().finditer(msent):
                    tm = tm_
                    break
                if tm is not None:
                    entry = reporting_verbs().get(re.sub(r"\s+", " ", tm.group("verb").lower()))
                    who = tm.group("who")
                    if entry is not None and entry.takes_that:
                        kind = ("pronoun" if who in ("she", "he", "they") else
                                "title" if who.startswith("the ") else "name")
                        name = clean_name(who) if kind == "name" else who
                        if kind == "title" and not (is_role_phrase(who.split()) or who.split()[1] in ORG_NOUNS):
                            name = ""
                        if name:
                            men = Mention(name, s_lo + tm.start("who"), kind)
                            mid = tm.group("end").strip() == "," and tm.end() < len(msent.rstrip()) - 1
                            before_tag = mask_quoted(text, s_lo, s_lo + tm.start(), art.candidate_spans[p])
                            n_before = len([w for w in word_tokens(before_tag) if w.strip("x")])
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
                            mask_quoted(text, c_lo, c_hi, art.candidate_spans[p]))
            if tag:
                c_hi = c_lo + tag.start()
            clause = text[c_lo:c_hi]
            lead = LEAD_CONNECTIVE_RE.match(clause)
            if lead:
                c_lo += lead.end()
                clause = clause[lead.end():]
            clause_r = clause.rstrip()
            if clause_r.endswith((".", "!", "?", "…")):
                clause_r = clause_r.rstrip(".!?…").rstrip()
            c_hi = c_lo + len(clause_r)
            outside = mask_quoted(text, c_lo, c_hi, art.candidate_spans[p])
            if len([w for w in word_tokens(outside) if w.strip("x")]) < 2:
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

