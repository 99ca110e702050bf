"""PolNeAR attribution annotations -> gold quotes, and the rules that score a speaker against them.

PolNeAR (Newell, Margolin and Ruths, LREC 2018) annotates every attribution in 1,008 US election news
articles as brat standoff: Source, Cue and Content spans tied by an Attribution relation. This module turns
one compartment (``train`` or ``dev``) into the gold tables the benchmark scores against. The rules are
written out in ``benchmarks/POLNEAR_GOLD.md``; in short:

- **direct quotes**: every span between a pair of quotation marks (double marks, and single curly marks
  outside double-quoted text) whose characters lie at least half inside one attribution's Content; the
  speaker mention is that attribution's Source. Spans of two or more words are scored; one-word spans
  inside a Content are "don't care" (neither a hit nor a false alarm).
- **reported speech**: a Content with no quotation mark inside it, whose Cue is a verb of saying (the
  list ``SPEECH_VERBS``) or ``according to``. Contents with other cues (``thinks``, ``poll shows``) are
  "don't care".
- **source kinds**: ``name`` (the Source ends in a capitalised word: "Mr. Trump", "campaign spokesman
  Brian Fallon"), ``pronoun`` (he, she, they, I, who ...), ``description`` (a noun phrase: "the
  spokesman", "a senior aide"), ``none`` (no Source). A pronoun or description is scored against its
  **named antecedent**: hand-annotated for ``dev`` (``benchmarks/polnear_antecedents/dev.csv``, written by
  an annotator who never saw the extractor); for ``train`` a heuristic (the nearest preceding named
  Source), good enough for development and never reported.
- **speaker match** (``speaker_matches``): the predicted canonical speaker and the gold name agree when
  their last name words agree (honorifics, initials and Jr./Sr. ignored, accents and case folded) and,
  when both give more than a surname, the predicted first name is one of the gold name's words (or an
  initial of one): "Paul Ryan" names "House Speaker Paul Ryan"; "Bill Clinton" does not name "Hillary Clinton".
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "Annotation",
    "PolnearArticle",
    "direct_gold",
    "gold_name",
    "indirect_gold",
    "load_split",
    "source_kind",
    "speaker_matches",
]

DOUBLE = "“”\""
_DOUBLE_RE = re.compile(r"''|[“”\"]")  # two apostrophes stand for a double mark (New York Times texts)
PRONOUNS = frozenset({"he", "she", "they", "i", "we", "it", "you", "who", "which", "that", "him", "her",
                      "them", "me", "us", "his", "their", "its", "whom", "whose", "one", "this", "these",
                      "those", "my", "our", "your"})
# Verbs of saying that report a proposition (they take a clause: "said (that) ..."), fixed before any tuning.
# Verbs whose Content is usually a noun phrase or an order ("called X a liar", "criticized X", "urged X to",
# "asked whether", "predicted a win") are left out: their Contents are don't-care rows.
SPEECH_LEMMAS = (
    "say", "tell", "add", "state", "claim", "argue", "insist", "note", "explain", "write", "tweet", "post",
    "warn", "acknowledge", "admit", "announce", "declare", "contend", "maintain", "assert", "allege",
    "concede", "confirm", "reply", "respond", "suggest", "recall", "report", "point out", "stress",
    "emphasize", "emphasise", "reiterate", "complain", "testify", "promise", "caution", "agree", "observe",
    "remark", "comment", "continue", "conclude", "counter", "boast", "predict", "disclose", "reveal",
    "assure", "inform", "estimate", "speculate", "contend", "vow", "pledge", "joke", "quip", "retort",
)
_IRREGULAR = {"say": ("said",), "tell": ("told",), "write": ("wrote", "written"), "speak": ("spoke", "spoken")}
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sen", "senator", "gov", "governor", "rep",
                        "president", "vice", "gen", "general", "rev", "prof", "professor", "judge", "justice",
                        "secretary", "speaker", "sir", "dame", "lord", "lady", "attorney", "former", "mayor",
                        "chairman", "chairwoman", "candidate", "nominee", "republican", "democratic",
                        "democrat", "the", "a", "an"})
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"})
_WORD_RE = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*\.?")


def _inflections(lemma: str) -> set[str]:
    words = lemma.split()
    head, rest = words[0], " ".join(words[1:])
    forms = {head, head + "s", head + "ed", head + "d", head + "ing", head[:-1] + "ied", head[:-1] + "ies",
             head + head[-1] + "ed", head + head[-1] + "ing", head[:-1] + "ing"}
    forms |= set(_IRREGULAR.get(head, ()))
    return {f"{f} {rest}".strip() for f in forms}


SPEECH_VERBS: frozenset[str] = frozenset(f for lemma in SPEECH_LEMMAS for f in _inflections(lemma))


@dataclass(frozen=True)
class Annotation:
    """One brat text-bound annotation: type, character ranges (possibly discontinuous) and text."""

    tid: str
    kind: str
    ranges: tuple[tuple[int, int], ...]
    text: str

    @property
    def start(self) -> int:
        return min(s for s, _ in self.ranges)

    @property
    def end(self) -> int:
        return max(e for _, e in self.ranges)


@dataclass(frozen=True)
class Attribution:
    """An Attribution relation: its Source (may be absent), Cue and Content annotations."""

    source: Annotation | None
    cue: Annotation | None
    content: Annotation


@dataclass(frozen=True)
class PolnearArticle:
    name: str
    text: str
    attributions: tuple[Attribution, ...]
    annotator: str


def _read_ann(path: Path) -> tuple[Attribution, ...]:
    spans: dict[str, Annotation] = {}
    relations: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not re.match(r"[TE]\d+\t", line):
            continue  # a span text broken over lines continues here; the offsets say where it is
        parts = line.split("\t")
        if line.startswith("T"):
            kind, _, where = parts[1].partition(" ")
            ranges = tuple((int(a), int(b)) for a, b in (r.split() for r in where.split(";")))
            spans[parts[0]] = Annotation(parts[0], kind, ranges, parts[2] if len(parts) > 2 else "")
        elif line.startswith("E"):
            relations.append(dict(item.split(":", 1) for item in parts[1].split()))
    out = []
    for rel in relations:
        content = spans.get(rel.get("Content", ""))
        if content is None:
            continue
        out.append(Attribution(spans.get(rel.get("Source", "")), spans.get(rel.get("Cue", "")), content))
    return tuple(out)


def load_split(root: Path, split: str) -> list[PolnearArticle]:
    """Articles of one compartment with one annotator's relations (the first annotator code, sorted)."""
    if split not in ("train", "dev"):
        raise ValueError(f"split must be 'train' or 'dev', got {split!r} (the test compartment is held back)")
    folder = Path(root) / split
    if not (folder / "text").is_dir():
        raise FileNotFoundError(f"{folder / 'text'} not found: point --polnear at PolNeAR's folder")
    out = []
    for text_path in sorted((folder / "text").glob("*.txt")):
        anns = sorted((folder / "attributions").glob(f"{text_path.stem}_*.ann"))
        if not anns:
            continue
        ann = anns[0]
        text = text_path.read_text(encoding="utf-8")
        out.append(PolnearArticle(text_path.stem, text, _read_ann(ann), ann.stem.rsplit("_", 1)[1]))
    return out


# ---------------------------------------------------------------------------------------------------------
# Quotation marks (independent of the extractor: a plain pairing, written for this corpus' conventions)

def _mark_spans(text: str) -> list[tuple[int, int]]:
    """Inner spans of quotation-mark pairs, paragraph by paragraph (a quote running over a paragraph break
    gives one span per paragraph part). Double marks first; single curly marks outside them."""
    out: list[tuple[int, int]] = []
    pos = 0
    paragraphs = []
    for line in text.split("\n"):
        paragraphs.append((pos, pos + len(line)))
        pos += len(line) + 1
    for k, (lo, hi) in enumerate(paragraphs):
        open_end: int | None = None  # end of the opening mark of the quote being read
        for m in _DOUBLE_RE.finditer(text, lo, hi):
            mark = m.group(0)
            if mark == "“" or (mark != "”" and open_end is None):
                if open_end is None:
                    open_end = m.end()
                continue
            if open_end is not None:
                out.append((open_end, m.start()))
                open_end = None
        if open_end is not None:
            nxt = next((p for p in paragraphs[k + 1:] if p[1] > p[0]), None)
            if nxt is not None and _DOUBLE_RE.match(text, nxt[0]) and text[nxt[0]] != "”":
                out.append((open_end, hi))  # continues in the next paragraph
    doubles = list(out)
    for lo, hi in paragraphs:
        open_at = None
        for i in range(lo, hi):
            ch = text[i]
            if any(s <= i < e for s, e in doubles):
                continue
            prev = text[i - 1] if i > lo else " "
            nxt = text[i + 1] if i + 1 < hi else " "
            if ch == "‘" and not prev.isalnum():
                open_at = i
            elif ch == "’" and open_at is not None and not nxt.isalnum():
                out.append((open_at + 1, i))
                open_at = None
    return sorted(set(out))


def _n_words(s: str) -> int:
    return len(re.findall(r"[^\W_]+(?:['’-][^\W_]+)*", s))


def _inside(a: tuple[int, int], ranges: tuple[tuple[int, int], ...]) -> int:
    return sum(max(0, min(a[1], e) - max(a[0], s)) for s, e in ranges)


def source_kind(source: Annotation | None) -> str:
    """``name``, ``pronoun``, ``description`` or ``none`` for a Source annotation (see the module doc)."""
    if source is None or not source.text.strip():
        return "none"
    words = _WORD_RE.findall(source_core(source.text))
    if not words:
        return "none"
    if len(words) == 1 and words[0].lower() in PRONOUNS:
        return "pronoun"
    last = re.sub(r"['’]s?$", "", words[-1])
    if last[:1].isupper() and last.lower() not in PRONOUNS and last != "I":
        return "name"
    return "description"


ORG_HEADS = frozenset({"board", "department", "university", "bureau", "institute", "center", "centre", "office",
                       "secretary", "school", "college", "society", "association", "league", "chamber", "house",
                       "council", "committee", "party", "church", "bank", "court", "ministry", "union",
                       "federation", "state", "states", "fund", "foundation", "academy", "commission", "agency",
                       "republic", "kingdom", "army", "corps", "division", "service", "friends", "daughters",
                       "sons", "people", "united", "city", "county", "port", "coalition", "alliance"})
_POSTMODIFIER_RE = re.compile(r"\s+(?:who|whom|whose|which|that|known|of|for|at|from|in|to|with|on|by|about|"
                              r"close|among)\s+")


def source_core(mention: str) -> str:
    """The head noun phrase of a Source: cut at an appositive or parenthesis ("Jo Roe, a lawyer" -> "Jo
    Roe"), a relative clause ("Jo Roe, who ..." / "a member who supports Trump" -> "a member") and a
    prepositional phrase after it ("a longtime adviser to both Clintons" -> "a longtime adviser", "Stu
    Rothenberg of the Political Report" -> "Stu Rothenberg"), except "of" inside an organisation's name
    ("the Illinois Board of Elections")."""
    core = re.split(r"\s*\(|,\s", mention.strip(), maxsplit=1)[0].strip(" ,")
    for m in _POSTMODIFIER_RE.finditer(core):
        before = core[:m.start()].split()
        if not before:
            continue
        last = re.sub(r"['’]s?$", "", before[-1])
        if m.group(0).strip() == "of" and last[:1].isupper() and last.lower().strip(".") in ORG_HEADS:
            continue  # "Board of Elections", "Secretary of State"
        return core[:m.start()]
    return core


def gold_name(mention: str) -> str:
    """The name a Source names: its last run of capitalised words, honorifics dropped ("Mr. Trump" -> "Trump";
    "Clinton campaign spokesman Brian Fallon" -> "Brian Fallon")."""
    words = _WORD_RE.findall(source_core(mention))
    run: list[str] = []
    for w in reversed(words):
        bare = re.sub(r"['’]s$", "", w)
        if bare[:1].isupper() or (run and bare.lower() in ("de", "van", "von", "der", "la", "le", "du", "da")):
            run.insert(0, bare)
            continue
        break
    while run and _fold_word(run[0]) in HONORIFICS and len(run) > 1:
        run = run[1:]
    return " ".join(run)


def _fold_word(w: str) -> str:
    w = unicodedata.normalize("NFKD", w.replace("’", "'"))
    return "".join(c for c in w if not unicodedata.combining(c)).lower().strip(".,'")


def _name_words(name: str) -> list[str]:
    words = [_fold_word(w) for w in _WORD_RE.findall(name or "")]
    words = [w for w in words if w and w not in NAME_SUFFIXES]
    while len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    # drop middle initials ("Donald J. Trump")
    if len(words) > 2:
        words = [words[0], *[w for w in words[1:-1] if len(w) > 1], words[-1]]
    return words


def speaker_matches(predicted: object, gold: str) -> bool:
    """Whether a predicted speaker names the gold person (see the module doc for the rule)."""
    if not isinstance(predicted, str) or not predicted.strip() or not gold.strip():
        return False
    p, g = _name_words(predicted), _name_words(gold)
    if not p or not g or p[-1] != g[-1]:
        return False
    if len(p) >= 2 and len(g) >= 2:  # the predicted first name must be one of the gold name's words
        a = p[0]
        return any(a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))
                   for b in g[:-1])
    return True


# ---------------------------------------------------------------------------------------------------------
# Gold tables

GOLD_FIELDS = ("article_id", "start", "end", "quote", "kind", "scored", "source", "source_start", "source_kind",
               "source_name", "cue", "content_start", "content_end")


def _innermost(span: tuple[int, int], attributions: tuple[Attribution, ...]) -> Attribution | None:
    best, best_len = None, None
    length = span[1] - span[0]
    for att in attributions:
        if length and _inside(span, att.content.ranges) * 2 >= length:
            size = att.content.end - att.content.start
            if best_len is None or size < best_len:
                best, best_len = att, size
    return best


def _source_fields(att: Attribution) -> dict[str, object]:
    kind = source_kind(att.source)
    src = att.source
    return {"source": src.text if src else "", "source_start": src.start if src else -1, "source_kind": kind,
            "source_name": gold_name(src.text) if src is not None and kind == "name" else "",
            "cue": att.cue.text if att.cue else "", "content_start": att.content.start,
            "content_end": att.content.end}


def direct_gold(article: PolnearArticle) -> list[dict[str, object]]:
    """Gold direct quotes of one article (``scored`` False for one-word spans: don't care)."""
    rows = []
    for s, e in _mark_spans(article.text):
        att = _innermost((s, e), article.attributions)
        if att is None:
            continue
        quote = article.text[s:e]
        rows.append({"article_id": article.name, "start": s, "end": e, "quote": quote, "kind": "direct",
                     "scored": _n_words(quote) >= 2, **_source_fields(att)})
    return rows


def is_speech_cue(cue: str) -> bool:
    """A Cue is a verb of saying when one of its words (or two-word phrase) is an inflection of SPEECH_LEMMAS,
    or it is ``according to``."""
    low = cue.lower().strip(" :,")
    if re.fullmatch(r"according\s+to", low):
        return True
    words = re.findall(r"[a-z]+", low)
    pairs = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    return any(w in SPEECH_VERBS for w in words + pairs)


def holds_quotation(chunk: str) -> bool:
    """Whether a span holds a quotation mark: a double mark (or '' for one) or an opening single mark; a right
    single mark alone is an apostrophe ("wasn’t") and does not count."""
    return bool(_DOUBLE_RE.search(chunk)) or "‘" in chunk


def indirect_gold(article: PolnearArticle) -> list[dict[str, object]]:
    """Gold reported speech of one article (``scored`` False for contents outside the definition: don't care).

    The gold span covers the Content from its first to its last character (a discontinuous Content is
    covered whole), without a leading "that" and without trailing punctuation.
    """
    rows = []
    for att in article.attributions:
        s, e = att.content.start, att.content.end
        chunk = article.text[s:e]
        if holds_quotation(chunk):
            continue  # holds a direct quote: scored as direct quotes
        lead = re.match(r"(?:that|whether|if)\s+", chunk)
        if lead:
            s += lead.end()
        while e > s and article.text[e - 1] in " .,;:!?":
            e -= 1
        scored = att.cue is not None and is_speech_cue(att.cue.text) and _n_words(article.text[s:e]) >= 3
        rows.append({"article_id": article.name, "start": s, "end": e, "quote": article.text[s:e],
                     "kind": "indirect", "scored": scored, **_source_fields(att)})
    return rows


def train_antecedent(article: PolnearArticle, source_start: int) -> str:
    """Development-only heuristic antecedent: the nearest named Source before ``source_start``."""
    best, best_pos = "", -1
    for att in article.attributions:
        src = att.source
        if src is None or source_kind(src) != "name" or src.start >= source_start:
            continue
        if src.start > best_pos:
            best, best_pos = gold_name(src.text), src.start
    return best


def read_antecedents(path: Path) -> dict[tuple[str, int], str]:
    """Hand-annotated antecedents: (article_id, source_start) -> name ('' when the source names nobody)."""
    out: dict[tuple[str, int], str] = {}
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            out[(row["article_id"], int(row["source_start"]))] = row["antecedent"].strip()
    return out
