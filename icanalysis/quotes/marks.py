"""Paragraph spans and quotation-mark pairing, paragraph by paragraph, with a status for broken marks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .resources import (
    ALL_MARKS,
    CLOSE_CONTEXT,
    DECADE_RE,
    DOUBLE_AMBIG,
    DOUBLE_CLOSE,
    DOUBLE_OPEN,
    ELISIONS,
    LETTERS_RE,
    LINE_RE,
    OPEN_CONTEXT,
    SINGLE_CLOSE,
    SINGLE_OPEN,
    verb_pattern,
)


def paragraph_spans(text: str, spans: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Paragraph spans: ``spans`` validated and trimmed of outer whitespace, or the non-empty lines."""
    if spans is None:
        raw = [(m.start(), m.end()) for m in LINE_RE.finditer(text)]
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


@dataclass
class Span:
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
        m = DECADE_RE.match(text, i + 1, hi)  # pos/endpos: as on text[i + 1:hi], without copying it
        if m:
            return True
    if nxt.isalpha():
        m = LETTERS_RE.match(text, i + 1, hi)
        if m and m.group(0).lower() in ELISIONS and (prev == "" or prev.isspace() or prev.isalpha()):
            return True
    return False


@lru_cache(maxsize=8)
def _mark_re(marks: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(marks)}]")


def _pair_in_paragraph(text: str, lo: int, hi: int, para: int, marks: str, single: bool,
                       masked: list[tuple[int, int]]) -> list[Span]:
    """Pair marks of one family inside text[lo:hi]; unclosed spans run to ``hi`` (status set later)."""
    out: list[Span] = []
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
                out.append(Span(content_start, end, open_pos, None, para, single, "unbalanced_marks_resynced"))
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
                    out.append(Span(content_start, i, open_pos, i, para, single))
                    open_pos, fallback = None, None
            elif not seen_mark and not single:
                prev = text[i - 1] if i > lo else ""
                if prev in ",.?!…—–-" or prev.isalpha():
                    out.append(Span(lo, i, None, i, para, single, "missing_open_mark"))
            elif out and out[-1].close_pos is not None and out[-1].close_pos == i - 1:
                pass  # doubled closing marks
        seen_mark = True
        i += 1
    if open_pos is not None:
        if fallback is not None:
            out.append(Span(content_start, fallback, open_pos, fallback, para, single))
        else:
            end = hi
            while end > content_start and (text[end - 1].isspace()):
                end -= 1
            out.append(Span(content_start, end, open_pos, None, para, single, "unclosed"))
    return out


def _starts_with_open(text: str, lo: int, hi: int, marks: str) -> bool:
    return lo < hi and text[lo] in marks and _mark_role(text, lo, lo, hi) in ("open", "either")


def _has_inner_cue(span: str) -> bool:
    """An unclosed span that contains its own attribution (``..., he said.``) lost its closing mark."""
    m = re.search(r"[,.?!]\s+(?:he|she|they|[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)?)\s+(\w+(?:\s+\w+)?)", span)
    return bool(m and verb_pattern().match(m.group(1)))


def find_mark_spans(text: str, paras: list[tuple[int, int]], marks: str, single: bool,
                    masked: list[list[tuple[int, int]]] | None = None) -> list[Span]:
    """Quoted spans of one mark family, paragraph by paragraph, with paragraph-spanning quotes linked."""
    out: list[Span] = []
    per_para: list[list[Span]] = []
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


def mask_quoted(text: str, lo: int, hi: int, spans: list[tuple[int, int]]) -> str:
    """text[lo:hi] with the inside of quoted spans replaced by 'x' (same length)."""
    out = text[lo:hi]
    for s, e in spans:
        a, b = max(s, lo), min(e, hi)
        if a < b:
            out = out[:a - lo] + "x" * (b - a) + out[b - lo:]
    return out

