"""The quote stage in order: candidates -> cues -> accept -> attribute -> rows."""

from __future__ import annotations

import re

import pandas as pd

from .accept import accept, opens_after_cue
from .article import Article, collect_persons, descriptor_for, estimate_genders, personish
from .cues import Cue, cue_after, cue_before
from .indirect import indirect_rows
from .marks import Span, find_mark_spans, paragraph_spans
from .resolve import Resolver
from .resources import DOUBLE_MARKS, INTERVIEWEE_RE, SINGLE_MARKS, fold, is_cap, word_tokens
from .types import QUOTE_COLUMNS, QuoteSettings


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
    art = Article(text, paras)
    art.candidate_spans = [[] for _ in paras]
    art.quoted = [[] for _ in paras]

    doubles = find_mark_spans(text, paras, DOUBLE_MARKS, single=False)
    for sp in doubles:
        art.candidate_spans[sp.para].append((sp.start, sp.end))
    # provisional acceptance of double spans (to mask them for single marks): sentence-like or cued later
    singles: list[Span] = []
    if settings.single_quotes == "auto":
        masks = [[(sp.open_pos if sp.open_pos is not None else sp.start, (sp.close_pos or sp.end) + 1)
                  for sp in doubles if sp.para == p and len(word_tokens(text[sp.start:sp.end])) >= 3]
                 for p in range(len(paras))]
        singles = find_mark_spans(text, paras, SINGLE_MARKS, single=True, masked=masks)
        for sp in singles:
            art.candidate_spans[sp.para].append((sp.start, sp.end))
    for lst in art.candidate_spans:
        lst.sort()
    spans_all = sorted(doubles + singles, key=lambda s: (s.start, s.end))
    collect_persons(art)
    estimate_genders(art)

    resolver = Resolver(art, settings)
    rows: list[dict[str, object]] = []
    sentences = art.sentences

    def sentence_of(p: int, pos: int) -> tuple[int, int]:
        for s, e in sentences(p):
            if s <= pos < e:
                return s, e
        return paras[p]

    # 1) cues for every candidate
    cues: list[Cue | None] = []
    for sp in spans_all:
        lo, hi = paras[sp.para]
        cue = None
        q = text[sp.start:sp.end]
        ends_sentence = bool(re.search(r"[.!?]$", q.rstrip()))
        before = None
        if sp.open_pos is not None and not sp.continued:
            s_lo, _ = sentence_of(sp.para, sp.open_pos)
            before = cue_before(text, s_lo, sp.open_pos, art, sp.para)
        after = None
        if sp.close_pos is not None:
            after = cue_after(text, sp.close_pos + 1, hi, settings.cue_window, ends_sentence)
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
                cues[k] = Cue(nxt_cue.cue, nxt_cue.cue_start, nxt_cue.mention, False, "sentence")

    # 2) accept and attribute in reading order
    accepted: list[tuple[Span, Cue | None]] = []
    cues_by_span = {id(sp): cues[k] for k, sp in enumerate(spans_all)}
    for k, sp in enumerate(spans_all):
        q = text[sp.start:sp.end]
        cue = cues[k]
        if sp.continued and accepted and accepted[-1][0].continues:
            ok = True
        else:
            ok = accept(sp, q, cue, settings, opens_after_cue(text, accepted, cues_by_span, sp), text)
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
        im = INTERVIEWEE_RE.search(text, lo, hi)
        if im and personish(im.group("name")):
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
        key = " ".join(word_tokens(fold(str(ra["quote"]))))
        if ra["speaker_local"] or len(key.split()) < 2:
            continue
        for rb in rows:
            if rb is not ra and rb["speaker_local"] and f" {key} " in f" {' '.join(word_tokens(fold(str(rb['quote']))))} ":
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
        rows.extend(indirect_rows(art, article_id, resolver, sentences, settings))

    # finalise: contexts, genders (last word after the whole article), ids
    for r in rows:
        who = str(r["speaker_local"])
        if who and who in art.genders:
            r["gender_local"] = art.genders[who]
        if who and " " in who and is_cap(who):
            if who not in art.contexts:
                art.contexts[who] = descriptor_for(art, who)
            ctx = art.contexts[who] or str(r["mention_context"])
            r["mention_context"] = ctx
    rows.sort(key=lambda r: (int(r["start"]), str(r["kind"])))  # type: ignore[call-overload]
    for n, r in enumerate(rows, start=1):
        r["quote_id"] = f"{article_id}:q{n:03d}"
        r.pop("_continues", None)
        r.pop("_continued", None)
    return rows


def quotes_for_text(text: str, article_id: str, *, spans: list[tuple[int, int]] | None = None
                    ) -> pd.DataFrame:
    """Extract quotes and resolve speakers with the packaged codebook (both stages, default settings)."""
    from ..speakers import load_codebook, resolve_speakers

    quotes = extract_quotes(text, article_id, spans=spans)
    resolved, _speakers, _merges = resolve_speakers(quotes, load_codebook())
    return resolved

