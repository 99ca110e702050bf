"""Indirect (reported) speech: clauses a reporting verb governs, "according to" clauses, trailing tags.

Every sentence outside direct quotes is tried for, in order: a fronted ``As Roe puts it, ...``; a reporting
verb governing a that-clause (also after an adverbial: ``said in a statement that``) or a bare clause (``says
budgets remain ...``, ``told pals the claims were ...``); a tag after the clause (``..., Roe says.`` / ``X,
Roe says, Y``); ``According to Roe, ...`` / ``..., according to the union.``. A clause that wraps a direct
partial quote is kept whole (it overlaps the direct rows); a clause with fewer than two words outside the
marks is not (the direct rows carry it).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from ..lexicons import reporting_verbs
from .article import Article, clean_name
from .cues import Mention, is_role_phrase, mention_before_verb, named, sentence_subject
from .marks import mask_quoted
from .parse import (
    Parsed,
    clause_of,
    cue_subject,
    parsed_sentence,
    parser_available,
    prefetch_sentences,
    speech_verbs,
)
from .resolve import Resolver
from .resources import (
    ACCORDING_APPOS_RE,
    ACCORDING_LEAD_RE,
    ACCORDING_TAIL_RE,
    ANONYMOUS_HEADS,
    AS_REPORTED_BY_RE,
    DETERMINERS,
    DOUBLE_MARKS,
    LEAD_CONNECTIVE_RE,
    NAMED_NOT_PERSON,
    NOT_NAME,
    ORG_NOUNS,
    PARTICIPLE_TAG_RE,
    REFUSAL_RE,
    REFUSAL_VERBS,
    SINGLE_MARKS,
    SOURCE_NOUNS,
    STUDY_SOURCE_RE,
    THOUGHT_VERBS,
    UNNAMED_GROUPS,
    fold,
    indirect_patterns,
    is_cap,
    role_tokens,
    second_report_pattern,
    speech_word_pattern,
    tag_at_end_pattern,
    trailing_pattern,
    verb_pattern,
    word_tokens,
)
from .types import QuoteRow, QuoteSettings

if TYPE_CHECKING:
    from spacy.tokens import Token



class _Report(NamedTuple):
    """A reported clause found in a sentence."""

    mention: Mention
    start: int  # the clause, before trimming
    end: int
    cue: str
    cue_start: int
    plain: bool = False  # "Roe said that ...": the rules' reading needs no parse


def indirect_rows(art: Article, article_id: str, resolver: Resolver, settings: QuoteSettings) -> list[QuoteRow]:
    """Indirect speech rows (kind=indirect).

    A clause may contain direct (partial) quotes: the indirect row then spans the whole reported clause,
    marks included, and overlaps the direct rows (count statements with ``kind == "direct"`` plus the
    indirect rows that contain no direct row).
    """
    text = art.text
    rows: list[QuoteRow] = []
    parse = parser_available(settings)
    found: list[tuple[int, int, int, _Report | None, bool]] = []  # (paragraph, start, end, rule report, parse?)
    for p in range(len(art.paras)):
        for s_lo, s_hi in art.sentences(p):
            if any(s <= s_lo < e for s, e in art.quoted[p]):
                continue  # the sentence sits inside a direct quote
            rule = _find_report(art, p, s_lo, s_hi)
            settled = rule is not None and (rule.plain or rule.cue.lower().startswith("according"))
            wants = parse and not settled and _report_shaped(
                mask_quoted(text, s_lo, s_hi, art.candidate_spans[p]))
            found.append((p, s_lo, s_hi, rule, wants))
    if parse:
        prefetch_sentences(text, [(s_lo, s_hi, art.candidate_spans[p]) for p, s_lo, s_hi, _, w in found if w])
    for p, s_lo, s_hi, rule, wants in found:
        reports = [rule] if rule is not None else []
        if wants:
            reports = _parsed_reports(art, p, s_lo, s_hi) or reports
        for report in reports:
            clause = _clause_bounds(art, p, report)
            if clause is None:
                continue
            c_lo, c_hi = clause
            men = report.mention
            speaker, gender, attribution = resolver.resolve(men, men.start)
            rows.append(QuoteRow(
                article_id=article_id, quote_id="", kind="indirect", start=c_lo, end=c_hi,
                quote=text[c_lo:c_hi], para_index=p, cue=report.cue, cue_start=report.cue_start,
                mention=men.text, mention_start=men.start, attribution=attribution, speaker_local=speaker,
                gender_local=gender, mention_context=men.descriptor or (men.text if men.kind == "title" else ""),
                status="ok",
            ))
    return rows


def _parsed_reports(art: Article, p: int, s_lo: int, s_hi: int) -> list[_Report]:
    """Reported clauses of a sentence from its parse: the clausal complement of each verb of saying that has a
    subject ("Roe said the guild would ...", "The guild would ..., Roe said"), not under a negation or a
    refusal ("declined to say whether"); none when no verb of saying stands outside the quotations."""
    msent = mask_quoted(art.text, s_lo, s_hi, art.candidate_spans[p])
    parsed = parsed_sentence(art.text, s_lo, s_hi, art.candidate_spans[p])
    out: list[_Report] = []
    for verb, pos in speech_verbs(parsed):
        entry = reporting_verbs().get(verb.text.lower())
        if entry is None or not entry.takes_that or entry.lemma in THOUGHT_VERBS or _negated(verb):
            continue  # a thought ("I think that ...") is not reported speech
        if msent.rfind("[", 0, pos - s_lo) > msent.rfind("]", 0, pos - s_lo):
            continue  # an editor's bracketed insertion is not a report
        men = cue_subject(parsed, art.text, pos)
        if men is None:
            continue
        clause = clause_of(parsed, art.text, verb)
        tag = (min(men.start, pos), max(_tag_end(parsed, verb, pos), men.start + len(men.text)))
        if (verb.dep_ in ("ROOT", "parataxis") and _parenthetical(msent, s_lo, *tag)
                and not any(c.dep_ in _TAG_ADJUNCTS and c.i > verb.i for c in verb.children)):
            # "Mrs. Roe, these people said, would be open to ...": the sentence around the tag; not when the
            # words after the tag are the tag's own ("..., Roe says, having managed ensembles herself")
            clause = (s_lo, s_hi)
        if clause is None and verb.dep_ == "ROOT" and men.start > pos:
            clause = _before_inverted_tag(msent, s_lo, pos)  # "That history matters, says Jo Roe, the ..."
        if clause is None or any(c[0] < clause[1] and clause[0] < c[1] for c in ((r.start, r.end) for r in out)):
            continue
        if _stray_mark(art, p, clause):
            continue  # the clause runs into or out of a quotation the pairing could not close
        if _bracketed(msent, clause[0] - s_lo):
            continue  # an editor's bracketed insertion ('she notes [the Academy announced ...]') is not a report
        out.append(_Report(named(men), clause[0], clause[1], verb.text, pos))
    return out


_TAG_ADJUNCTS = frozenset({"advcl", "xcomp", "conj", "acl"})  # a clause of the tag's own after it


def _before_inverted_tag(msent: str, s_lo: int, verb_start: int) -> tuple[int, int] | None:
    """The words before an inverted tag ("..., says Jo Roe"): two or more words ending in a comma."""
    before = msent[:verb_start - s_lo].rstrip()
    if not before.endswith(",") or len(before.split()) < 2:
        return None
    return s_lo, s_lo + len(before) - 1


def _tag_end(parsed: Parsed, verb: Token, pos: int) -> int:
    """Where a tag ends: after the verb and what it governs to its right that is not a clause ("told
    reporters on Tuesday"; an inverted subject with its appositive: "says Bettina Roe, the director who
    ...")."""
    end = pos + len(verb.text)
    for c in verb.children:
        if c.i > verb.i and c.dep_ in ("dobj", "dative", "prep", "npadvmod", "advmod", "prt", "nsubj"):
            end = max(end, parsed.span(c.left_edge, c.right_edge)[1])
    return end


def _parenthetical(msent: str, s_lo: int, tag_start: int, tag_end: int) -> bool:
    """Whether the tag ``[tag_start, tag_end)`` (subject to verb) stands between commas inside its sentence,
    with words of the report before and after it."""
    before = msent[:tag_start - s_lo].rstrip()
    after = msent[tag_end - s_lo:]
    return (before.endswith(",") and len(before.split()) >= 2 and after.startswith(",")
            and len(after.strip(" ,.").split()) >= 2)


def _bracketed(msent: str, at: int) -> bool:
    """Whether offset ``at`` of the sentence lies inside square brackets."""
    return msent.rfind("[", 0, at + 1) > msent.rfind("]", 0, at + 1)


def _stray_mark(art: Article, p: int, clause: tuple[int, int]) -> bool:
    """Whether a double quotation mark inside the clause belongs to no paired quotation."""
    spans = art.candidate_spans[p]
    for i in range(clause[0], clause[1]):
        if art.text[i] in DOUBLE_MARKS and not any(s - 1 <= i <= e for s, e in spans):
            return True
    return False


def _report_shaped(msent: str) -> bool:
    """Whether a sentence (quotations masked) holds the shape of a report the rules know: a verb of saying
    before a that-clause or a bare clause, or a tag after a clause ("..., Roe said")."""
    that_re, nothat_re, _ = indirect_patterns()
    if ("that" in msent and that_re.search(msent)) or nothat_re.search(msent):
        return True
    for m in [*trailing_pattern().finditer(msent), *tag_at_end_pattern().finditer(msent)]:
        tag = msent[m.start():m.end() + 2]
        if not any(mark in tag for mark in DOUBLE_MARKS + SINGLE_MARKS):
            return True  # a tag after a clause, not a direct quotation's tag ('"...," Roe says')
    for m in speech_word_pattern().finditer(msent):
        near = msent[max(0, m.start() - 30):m.end() + 30]
        if not any(mark in near for mark in DOUBLE_MARKS) and not re.search(r"(?<!\w)[‘']\w|[’'](?!\w)", near):
            return True  # a verb of saying away from any quotation: the parse decides
    return False


def _negated(verb: Token) -> bool:
    """"did not say", "never said", "declined to say", "refused to tell": nothing is reported."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    return verb.dep_ == "xcomp" and verb.head.text.lower() in REFUSAL_VERBS


def _find_report(art: Article, p: int, s_lo: int, s_hi: int) -> _Report | None:
    """The reported clause of sentence ``text[s_lo:s_hi]`` of paragraph ``p``, if it has one."""
    msent = mask_quoted(art.text, s_lo, s_hi, art.candidate_spans[p])  # quoted words masked
    report = _fronted(art, msent, s_lo, s_hi) or _reporting_frame(art, msent, s_lo, s_hi)
    if report is not None:
        return report
    report, after_direct = _trailing_tag(art, p, msent, s_lo, s_hi)
    if after_direct:
        return None  # the tag follows a direct quote: the direct row carries it
    return report or _according_clause(msent, s_lo, s_hi)


def _clause_bounds(art: Article, p: int, report: _Report) -> tuple[int, int] | None:
    """The reported clause without a trailing participle tag (", adding ...") or a second verb of saying
    ("and noted that ..."), a leading connective and its final punctuation; None if fewer than two words of
    it are outside quotation marks."""
    text, c_lo, c_hi = art.text, report.start, report.end
    masked = mask_quoted(text, c_lo, c_hi, art.candidate_spans[p])
    tags = [m for m in (PARTICIPLE_TAG_RE.search(masked), second_report_pattern().search(masked)) if m]
    if tags:
        c_hi = c_lo + min(m.start() for m in tags)  # ", adding ...", "and noted that ...": a second report
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
        return None  # nothing reported outside the quotation marks: the direct rows carry it
    return c_lo, c_hi


def _fronted(art: Article, msent: str, s_lo: int, s_hi: int) -> _Report | None:
    """``As Roe puts it, ...``."""
    fm = indirect_patterns()[2].match(msent)
    if not fm:
        by = AS_REPORTED_BY_RE.match(msent)  # "As reported by the Tribune, ..."
        men = by and _according_mention(by.group("who"), s_lo + by.start("who"))
        return _Report(men, s_lo + by.end(), s_hi, by.group("verb"), s_lo + by.start("verb")) if by and men else None
    text = art.text
    men = mention_before_verb(text, s_lo, s_lo + fm.start("verb"))
    if men is None:
        men = sentence_subject(text, s_lo + fm.start("who"), s_lo + fm.end("who"), art)
    if men is None:
        return None
    return _Report(men, s_lo + fm.end(), s_hi, fm.group("verb"), s_lo + fm.start("verb"))


def _reporting_frame(art: Article, msent: str, s_lo: int, s_hi: int) -> _Report | None:
    """A reporting verb governing a that-clause or a bare clause, with a subject that can speak."""
    text = art.text
    that_re, nothat_re, _ = indirect_patterns()
    that_hits = that_re.finditer(msent) if "that" in msent else ()  # the pattern needs " that "
    for m in [*that_hits, *nothat_re.finditer(msent)]:
        vgroup = next(g for g in ("verb", "verb2", "verb3") if g in m.re.groupindex and m.group(g))
        if _not_a_frame(msent, m, vgroup, bare=vgroup != "verb" or m.re is nothat_re):
            continue
        vstart = s_lo + m.start(vgroup)
        verb = m.group(vgroup)
        entry = reporting_verbs().get(verb.lower())
        if m.re is nothat_re and entry is not None and entry.lemma in THOUGHT_VERBS:
            continue  # an opinion verb reports only with "that" ("he thinks the job should be boring")
        if verb.lower().endswith("ing"):
            men = _participle_subject(text, s_lo, vstart, art)
        else:
            men = mention_before_verb(text, s_lo, vstart)
            if men is None and re.search(r"\bto\s*$", msent[:m.start(vgroup)]):
                men = sentence_subject(text, s_lo, vstart, art)
        if men is None or (men.kind == "title" and not is_role_phrase(men.text.lower().split())
                           and men.text.split()[0].lower() not in ANONYMOUS_HEADS):
            continue
        return _Report(men, s_lo + m.end(), s_hi, verb, vstart, _plain_frame(msent, s_lo, m, vgroup, men))
    return None


def _plain_frame(msent: str, s_lo: int, m: re.Match[str], vgroup: str, men: Mention) -> bool:
    """"Roe said that ..." / "Jo Roe, an intimacy coordinator, explains that ...": the only verb of saying
    in the sentence, an explicit "that", and its subject a pronoun or a name opening the sentence."""
    if vgroup != "verb" or " that " not in m.group(0) + " " or len(verb_pattern().findall(msent[:m.end()])) != 1:
        return False
    before = msent[:m.start(vgroup)].strip()
    if men.kind == "pronoun":
        return before.lower() == men.text.lower()
    return men.kind == "name" and msent.startswith(men.text, men.start - s_lo) and men.start - s_lo <= 1


def _not_a_frame(msent: str, m: re.Match[str], vgroup: str, bare: bool) -> bool:
    """A verb match that reports nothing: a refusal, inside an editor's brackets, or (a bare clause) an
    inverted tag after a quote or a verb naming its speaker right after it."""
    before = msent[:m.start(vgroup)]
    if REFUSAL_RE.search(before):
        return True  # a refusal to speak reports nothing
    if msent.rfind("[", 0, m.start(vgroup)) > msent.rfind("]", 0, m.start(vgroup)):
        return True  # an editor's bracketed insertion is not the speaker's report
    if bare:
        if re.search(r"[”\"’]\s*,?\s*$", before):
            return True  # '"...," said Roe': an inverted tag, not a reporting frame
        if vgroup == "verb3" and re.match(r"\s+[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,3}\s*(?:[,.;:]|$)",
                                          msent[m.end(vgroup):]):
            return True  # "said Roe, ..." names the speaker after the verb
    return False


def _participle_subject(text: str, lo: int, verb_start: int, art: Article) -> Mention | None:
    """Subject of a participle tag ("..., she said, adding that"; "Roe slammed X, saying ...")."""
    seg = text[lo:verb_start]
    m = re.search(r"\b(she|he|they)\s+\w+[,]?\s*$", seg)
    if m:
        return Mention(m.group(1), lo + m.start(1), "pronoun")
    return sentence_subject(text, lo, verb_start, art)


def _trailing_tag(art: Article, p: int, msent: str, s_lo: int, s_hi: int) -> tuple[_Report | None, bool]:
    """``Clause, Roe says.`` / ``X, Roe says, Y``: (the report, whether the tag only follows a direct quote)."""
    tm = trailing_pattern().search(msent)
    if tm is None:
        return None, False
    entry = reporting_verbs().get(re.sub(r"\s+", " ", tm.group("verb").lower()))
    if entry is None or not entry.takes_that:
        return None, False
    who = tm.group("who")
    kind = "pronoun" if who in ("she", "he", "they") else "title" if who.startswith("the ") else "name"
    name = clean_name(who) if kind == "name" else who
    if kind == "title" and not (is_role_phrase(who.split()) or who.split()[1] in ORG_NOUNS):
        name = ""
    if not name:
        return None, False
    mid = tm.group("end").strip() == "," and tm.end() < len(msent.rstrip()) - 1
    spans = art.candidate_spans[p]
    before_tag = mask_quoted(art.text, s_lo, s_lo + tm.start(), spans)
    n_before = len([w for w in word_tokens(before_tag) if w.strip("x")])
    quoted_before = any(s_lo <= s < s_lo + tm.start() for s, _e in spans)
    if n_before < 3 and (quoted_before or not mid or n_before == 0):
        return None, True
    c_hi = s_hi if mid else s_lo + tm.start()
    if not mid and msent[tm.start()] in "”\"’":
        c_hi += 1  # the clause ends with a closing mark: keep it
    return _Report(Mention(name, s_lo + tm.start("who"), kind), s_lo, c_hi, tm.group("verb"),
                   s_lo + tm.start("verb")), False


def _according_clause(msent: str, s_lo: int, s_hi: int) -> _Report | None:
    """``According to X, clause.`` / ``Clause, according to X.``."""
    m = ACCORDING_LEAD_RE.match(msent)
    am = ACCORDING_APPOS_RE.match(msent)
    if am and any(w.lower() in role_tokens() for w in word_tokens(am.group("appos"))):
        m = am  # "According to Jane Roe, head of training at X, ..."
    if m:
        men = _according_mention(m.group("who"), s_lo + m.start("who"))
        if men is not None:
            return _Report(men, s_lo + m.end(), s_hi, m.group("cue"), s_lo + m.start("cue"))
    m = ACCORDING_TAIL_RE.search(msent)
    if m and len(word_tokens(msent[:m.start()])) >= 3:
        men = _according_mention(m.group("who"), s_lo + m.start("who"))
        if men is not None:
            return _Report(men, s_lo, s_lo + m.start(), m.group("cue"), s_lo + m.start("cue"))
    return None


def _according_mention(who: str, start: int) -> Mention | None:
    """The source named after "according to": a name or organisation (a news outlet too: "according to CNN"),
    "the union"/"its website", a document ("F.A.A. records", "the results of the latest poll"), unnamed people
    ("people familiar with the plans") or a described person ("conservative columnist Jane Roe")."""
    study = STUDY_SOURCE_RE.match(who)
    if study is not None:
        return Mention(who[study.end():].strip(), start + study.end(), "name")
    lead = re.match(r"(?:the\s+)?(?=[A-Z])", who)
    if lead is not None:
        name = who[lead.end():].strip()
        first = fold(name.split()[0])
        if ((first not in NOT_NAME or first in NAMED_NOT_PERSON)
                and all(is_cap(t) or t in ("of", "and", "for", "&") for t in name.split())):
            return Mention(name, start + lead.end(), "name")
    words = who.lower().split()
    if len(words) == 2 and words[0] in ("the", "its", "their", "his", "her") and (
            words[1] in ORG_NOUNS or is_role_phrase(words)):
        return Mention(who, start, "title")
    if any(w in SOURCE_NOUNS for w in words[:6]):
        return Mention(who.strip(), start, "title")  # "Senate filings", "the results of the latest poll"
    if words and (words[0] in DETERMINERS | ANONYMOUS_HEADS | UNNAMED_GROUPS or words[-1] in UNNAMED_GROUPS) and (
            len(words) <= 8):
        return Mention(who.strip(), start, "title")  # "one global index", "people familiar with the plans"
    tokens = who.split()
    k = len(tokens)
    while k > 0 and is_cap(tokens[k - 1]):
        k -= 1
    if 0 < k < len(tokens) and tokens[k - 1].lower() in role_tokens():
        name_at = start + who.index(tokens[k], len(" ".join(tokens[:k])))
        return Mention(" ".join(tokens[k:]), name_at, "name")  # "conservative columnist Jane Roe"
    return None
