"""Paragraphs and quotation marks: the article's paragraph spans, its marks paired paragraph by paragraph
(a status records how a broken mark was handled), and the candidate quoted spans of an article."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .resources import (
    ALL_MARKS,
    CLOSE_CONTEXT,
    DECADE_RE,
    DOUBLE_AMBIG,
    DOUBLE_CLOSE,
    DOUBLE_MARKS,
    DOUBLE_OPEN,
    ELISIONS,
    LETTERS_RE,
    LINE_RE,
    OPEN_CONTEXT,
    SINGLE_CLOSE,
    SINGLE_MARKS,
    SINGLE_OPEN,
    verb_pattern,
    word_tokens,
)
from .types import QuoteSettings


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


_DOUBLED_SINGLE_RE = re.compile(r"(?<!['‘’`])(?:''|‘‘|’’|``)(?!['‘’`])")


def doubled_singles_as_marks(text: str) -> str:
    """``text`` with a pair of single marks that stands for a double mark (``''It's'' he said``, the style
    of the New York Times and of many archive exports; also ``‘‘ ’’`` and ````) written as one double mark
    and a space, so that pairing sees one mark.

    The mark sits where the quoted words begin or end (`` "It`` for an opening pair, ``it" `` for a closing
    one), so offsets are unchanged and the quoted words are still ``text[start:end]``.
    """
    if "''" not in text and "‘‘" not in text and "’’" not in text and "``" not in text:
        return text
    out = list(text)
    for m in _DOUBLED_SINGLE_RE.finditer(text):
        i = m.start()
        prev = text[i - 1] if i > 0 else " "
        opening = m.group(0) in ("‘‘", "``") or (m.group(0) == "''" and (prev.isspace() or prev in OPEN_CONTEXT))
        out[i], out[i + 1] = (" ", '"') if opening else ('"', " ")
    return "".join(out)


@dataclass
class Span:
    """A candidate quoted span: the words between a pair of marks (or up to a paragraph end)."""

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


@dataclass
class _Pairing:
    """Pairing the marks of one family in one paragraph ``text[lo:hi]``: the spans found so far and the
    quote open at the current mark, if any."""

    text: str
    lo: int
    hi: int
    para: int
    single: bool
    out: list[Span] = field(default_factory=list)
    open_pos: int | None = None  # the opening mark of the quote open now
    content_start: int = 0
    fallback: int | None = None  # a weak close ("workers' ") for single marks
    seen_mark: bool = False

    def opening(self, i: int) -> None:
        text = self.text
        if self.open_pos is None:
            self.open_pos, self.content_start, self.fallback = i, i + 1, None
        elif not text[self.content_start:i].strip(" " + ALL_MARKS):
            self.content_start = i + 1  # doubled opening marks: “ “Title”
        elif not self.single:
            # an opening mark while a quote is open: the earlier mark was never closed
            end = i
            while end > self.content_start and text[end - 1].isspace():
                end -= 1
            self.out.append(Span(self.content_start, end, self.open_pos, None, self.para, self.single,
                                 "unbalanced_marks_resynced"))
            self.open_pos, self.content_start = i, i + 1

    def closing(self, i: int) -> None:
        text, out = self.text, self.out
        if self.open_pos is not None:
            prev = text[i - 1]
            nxt = text[i + 1] if i + 1 < self.hi else ""
            weak = self.single and prev.lower() == "s" and nxt == " " and re.match(r" [a-z]", text[i + 1:i + 3] or "")
            if weak:
                if self.fallback is None:
                    self.fallback = i
            else:
                out.append(Span(self.content_start, i, self.open_pos, i, self.para, self.single))
                self.open_pos, self.fallback = None, None
        elif not self.seen_mark and not self.single:
            prev = text[i - 1] if i > self.lo else ""
            if prev in ",.?!…—–-" or prev.isalpha():
                out.append(Span(self.lo, i, None, i, self.para, self.single, "missing_open_mark"))
        # otherwise a stray or doubled closing mark: nothing to pair

    def finish(self) -> list[Span]:
        """The spans, a quote still open running to the paragraph end (or its weak close)."""
        if self.open_pos is not None:
            if self.fallback is not None:
                self.out.append(Span(self.content_start, self.fallback, self.open_pos, self.fallback, self.para,
                                     self.single))
            else:
                end = self.hi
                while end > self.content_start and (self.text[end - 1].isspace()):
                    end -= 1
                self.out.append(Span(self.content_start, end, self.open_pos, None, self.para, self.single,
                                     "unclosed"))
        return self.out


def _pair_in_paragraph(text: str, lo: int, hi: int, para: int, marks: str, single: bool,
                       masked: list[tuple[int, int]]) -> list[Span]:
    """Pair marks of one family inside text[lo:hi], skipping ``masked`` spans; unclosed spans run to ``hi``
    (status set later)."""
    pairing = _Pairing(text, lo, hi, para, single)
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
            role = "open" if pairing.open_pos is None else "close"
        if role == "open":
            pairing.opening(i)
        else:
            pairing.closing(i)
        pairing.seen_mark = True
        i += 1
    return pairing.finish()


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


def candidate_spans(text: str, paras: list[tuple[int, int]], settings: QuoteSettings) -> list[Span]:
    """Every quoted span of the article in text order: double marks, then (``settings.single_quotes``) single
    marks outside the double-quoted spans of three or more words."""
    doubles = find_mark_spans(text, paras, DOUBLE_MARKS, single=False)
    singles: list[Span] = []
    if settings.single_quotes == "auto":
        masks = [[(sp.open_pos if sp.open_pos is not None else sp.start, (sp.close_pos or sp.end) + 1)
                  for sp in doubles if sp.para == p and len(word_tokens(text[sp.start:sp.end])) >= 3]
                 for p in range(len(paras))]
        singles = find_mark_spans(text, paras, SINGLE_MARKS, single=True, masked=masks)
    return sorted(doubles + singles, key=lambda s: (s.start, s.end))


def mask_quoted(text: str, lo: int, hi: int, spans: list[tuple[int, int]]) -> str:
    """text[lo:hi] with the inside of quoted spans replaced by 'x' (same length).

    Built in one pass from the spans that overlap the window (the old version copied the whole window once per
    span of the paragraph, so a paragraph full of quotation marks cost the cube of its marks)."""
    pieces: list[str] = []
    pos = lo
    for a, b in sorted((max(s, lo), min(e, hi)) for s, e in spans if s < hi and e > lo):
        a = max(a, pos)
        if a < b:
            pieces.append(text[pos:a])
            pieces.append("x" * (b - a))
            pos = b
    pieces.append(text[pos:hi])
    return "".join(pieces)


_MARK_RE = re.compile("[" + re.escape(DOUBLE_MARKS + SINGLE_MARKS) + "]")


def crowded_paragraphs(text: str, paras: list[tuple[int, int]], settings: QuoteSettings) -> list[int]:
    """Indexes of the paragraphs holding more quotation marks than ``settings.max_marks_per_paragraph``."""
    limit = settings.max_marks_per_paragraph
    return [i for i, (lo, hi) in enumerate(paras) if hi - lo > limit and len(_MARK_RE.findall(text, lo, hi)) > limit]


def blank_marks(text: str, paras: list[tuple[int, int]], skip: list[int]) -> str:
    """``text`` with the quotation marks of the paragraphs ``skip`` replaced by spaces (same offsets)."""
    if not skip:
        return text
    pieces, pos = [], 0
    for i in skip:
        lo, hi = paras[i]
        pieces.append(text[pos:lo])
        pieces.append(_MARK_RE.sub(" ", text[lo:hi]))
        pos = hi
    pieces.append(text[pos:])
    return "".join(pieces)
