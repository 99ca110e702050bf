"""Corrections a researcher makes by hand, applied on every run so they survive re-runs.

A corrections file is a CSV anyone can edit in a spreadsheet (``corrections.csv`` in a project; ``run
--corrections FILE`` for any other; ``icanalysis validate --corrections`` writes one from a marked review sheet):

    article_id,quote,quote_start,field,value,note[,speaker]

Quote rows. ``quote`` is the quote's text as in the quotes table (matched whitespace- and case-insensitively),
so a correction still finds its quote when the offsets move (an edited raw file, a changed cleaning rule);
``quote_start`` only chooses among several equal quotes of the article (the nearest is taken). The text is the
key rather than a hash of it so that a person can read and write it; ``quote_start`` plays the offset's part.
``field`` is one of

* ``speaker``, ``speaker_role``, ``power_tier``, ``stance``, ``frames`` (``|``-joined frame ids, or empty):
  override that coding of the quote;
* ``not_a_quote`` (value ``yes``): the row is removed from the quotes table;
* ``add_quote``: a quote the extractor missed. ``quote`` is its text as it stands in the article (found in
  the article's paragraphs whitespace-, case- and quote-mark-insensitively; ``quote_start`` chooses among
  repeats), ``value`` the speaker's name. The row gets offsets, its paragraph, ``quote_id``
  ``<article>:a<n>``, ``kind`` ``direct`` and ``attribution`` ``corrected``, then goes through speaker resolution
  (codebook role and tier) and is coded like every quote (tone of its words, stance and frames of its sentences).

Speaker rows (``quote`` empty, the optional ``speaker`` column names a speaker of the speakers table):

* ``merge_speaker``: every quote of ``speaker`` becomes ``value``'s (two spellings, or a person the resolver
  split in two); ``article_id`` empty for the whole corpus, or ``|``-joined article ids to limit it.
* ``split_speaker``: the quotes of ``speaker`` in the articles named by ``article_id`` (required) belong to
  another person, ``value`` (two people the resolver merged).
  Both take the role, tier and gender of ``value``'s other quotes when it has any.

Order: added quotes first, then speaker rows, then quote rows (so a quote row can correct an added quote).
Corrected codings are marked where the table says why a coding is what it is: ``attribution`` = ``corrected``
(speaker), ``role_source`` = ``corrected`` (role, tier), ``stance_cues`` / ``frame_cues`` = ``corrected``.
A row that matches no quote, speaker or text, or names an unknown field or value, is a run-report warning naming
the file and line: nothing is applied silently and nothing stops the run.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .framing import FRAME_IDS
from .loading import Skip
from .speakers import POWER_TIERS, ROLES
from .stance import STANCES
from .textnorm import category_id, normalize_for_matching

QUOTE_FIELDS = ("speaker", "speaker_role", "power_tier", "stance", "frames", "not_a_quote")
SPEAKER_FIELDS = ("merge_speaker", "split_speaker")
FIELDS = (*QUOTE_FIELDS, "add_quote", *SPEAKER_FIELDS)
COLUMNS = ("article_id", "quote", "quote_start", "field", "value", "note", "speaker")
_SPACE_RE = re.compile(r"\s+")
_MARKS = "“”\"'‘’"


@dataclass(frozen=True)
class Correction:
    line: int
    article_id: str
    quote: str
    quote_start: int | None
    field: str
    value: str
    speaker: str = ""


@dataclass
class CorrectionSet:
    """The valid rows of one corrections file, a warning row for each invalid one, and the file's identity."""

    file: str
    sha256: str
    rows: list[Correction] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)

    def of(self, *fields: str) -> list[Correction]:
        return [r for r in self.rows if r.field in fields]

    @property
    def added_articles(self) -> set[str]:
        """The articles that get a quote added (their paragraphs and sentences are needed to place it)."""
        return {r.article_id for r in self.of("add_quote")}


def _key(text: object) -> str:
    return _SPACE_RE.sub(" ", str(text)).strip().strip(_MARKS).casefold()


def check_value(field_: str, value: str) -> str:
    """Why ``value`` cannot be a correction of ``field_`` ("" if it can)."""
    if field_ not in FIELDS:
        return f"field {field_!r} is not one of {list(FIELDS)}"
    if field_ == "stance" and value not in STANCES:
        return f"stance {value!r} is not one of {list(STANCES)}"
    if field_ == "power_tier" and value not in POWER_TIERS:
        return f"power tier {value!r} is not one of {list(POWER_TIERS)}"
    if field_ == "speaker_role" and value not in ROLES:
        return f"role {value!r} is not one of {list(ROLES)}"
    if field_ == "frames" and (set(filter(None, value.split("|"))) - set(FRAME_IDS)):
        return f"frames {value!r}: unknown frame id(s); valid: {list(FRAME_IDS)}"
    if field_ == "not_a_quote" and value.lower() not in ("yes", "y", "true", "1"):
        return "not_a_quote takes the value yes"
    return ""


def _problem(field_: str, value: str, rec: dict[str, str]) -> str:
    """Why a row cannot be used ("" if it can)."""
    problem = check_value(field_, value)
    if problem:
        return problem
    if field_ in SPEAKER_FIELDS and not (rec.get("speaker", "").strip() and value):
        return f"{field_} needs the speaker's current name in column 'speaker' and the other name in 'value'"
    if field_ == "split_speaker" and not rec["article_id"].strip():
        return "split_speaker needs the article id(s) whose quotes belong to the other person"
    if field_ not in SPEAKER_FIELDS and not (rec["article_id"].strip() and rec["quote"].strip()):
        return f"{field_} needs an article_id and the quote's text"
    start = rec.get("quote_start", "").strip()
    if start and not start.isdigit():
        return f"quote_start {start!r} is not a character offset"
    return ""


def correction_records(path: Path) -> tuple[list[tuple[int, dict[str, str]]], list[Skip]]:
    """The rows of a corrections file as (line number, column -> text), and a warning for each row that cannot
    be read. Read field by field (csv), not as a table: a file begun with the six-column header (before the
    optional ``speaker`` column) takes rows of six or seven fields, a short row is padded, and a row with too
    many fields is reported on its own line instead of making the whole file unreadable."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
        lines = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except (UnicodeDecodeError, csv.Error) as exc:
        return [], [Skip(path.name, "", "warning", "corrections_unreadable",
                         f"not a readable UTF-8 CSV ({exc}); expected columns {list(COLUMNS)}")]
    if not lines:
        return [], [Skip(path.name, "", "warning", "corrections_unreadable", f"empty; expected columns {list(COLUMNS)}")]
    header = [h.strip() for h in lines[0]]
    missing = [c for c in ("article_id", "quote", "field", "value") if c not in header]
    if missing:
        return [], [Skip(path.name, "", "warning", "corrections_unreadable",
                         f"missing column(s) {missing}; expected {list(COLUMNS)}")]
    columns = header if "speaker" in header else [*header, "speaker"]
    rows, skips = [], []
    for line, fields in enumerate(lines[1:], start=2):
        if not any(f.strip() for f in fields):
            continue
        if len(fields) > len(columns):
            skips.append(Skip(path.name, f"line {line}", "warning", "correction_invalid",
                              f"{len(fields)} fields, the header has {len(header)}: {list(columns)}"))
            continue
        rows.append((line, dict(zip(columns, [*fields, *[""] * (len(columns) - len(fields))], strict=True))))
    return rows, skips


def read_corrections(path: Path) -> CorrectionSet:
    """The corrections of ``path``: valid rows, a warning row for each invalid one, and the file's SHA-256."""
    path = Path(path)
    found = CorrectionSet(path.name, hashlib.sha256(path.read_bytes()).hexdigest())
    records, found.skips = correction_records(path)
    for line, rec in records:
        field_, value = rec["field"].strip(), rec["value"].strip()
        if field_ in ("speaker_role", "power_tier"):
            value = category_id(value)  # "Hiring power" and "hiring power" mean hiring_power
        problem = _problem(field_, value, rec)
        if problem:
            found.skips.append(Skip(path.name, f"line {line}", "warning", "correction_invalid", problem))
            continue
        start = rec.get("quote_start", "").strip()
        found.rows.append(Correction(line, rec["article_id"].strip(), rec["quote"], int(start) if start else None,
                                     field_, value, rec.get("speaker", "").strip()))
    return found


def _unmatched(source: str, c: Correction, what: str) -> Skip:
    return Skip(source, f"line {c.line}", "warning", "correction_unmatched", f"{what}: not applied")


def _nearest(candidates: list[int], starts: list[int], wanted: int | None) -> int:
    return min(candidates, key=lambda i: abs(starts[i] - wanted) if wanted is not None else 0)


def add_quotes(quotes: pd.DataFrame, corrections: CorrectionSet, paragraphs: pd.DataFrame,
               sentences: pd.DataFrame) -> tuple[pd.DataFrame, int, list[Skip]]:
    """``quotes`` (extracted, before speaker resolution) with the ``add_quote`` rows placed in their articles'
    text (``paragraphs``: the articles' paragraphs; ``sentences``: their coded sentences), how many were added,
    and a warning row for each whose text is not in its article."""
    from .analysis import code_quotes

    adds = corrections.of("add_quote")
    if not adds:
        return quotes, 0, []
    paras = {a: g.sort_values("para_index") for a, g in paragraphs.groupby("article_id", sort=False)}
    spans: dict[str, list[tuple[int, int, str]]] = {}  # the article's quotes so far: (start, end, quote_id)
    for aid, lo, hi, qid in zip(quotes["article_id"], quotes["start"], quotes["end"], quotes["quote_id"], strict=True):
        spans.setdefault(str(aid), []).append((int(lo), int(hi), str(qid)))
    rows, skips = [], []
    counter: dict[str, int] = {}
    for c in adds:
        words = normalize_for_matching(c.quote).strip().strip(_MARKS).split()
        pattern = re.compile(r"\s+".join(map(re.escape, words)), re.IGNORECASE) if words else None
        hits = [(int(p.start) + m.start(), int(p.start) + m.end(), int(p.para_index), str(p.text)[m.start():m.end()])
                for p in (paras[c.article_id].itertuples(index=False) if c.article_id in paras else ())
                for m in (pattern.finditer(str(p.norm_text)) if pattern else ())]
        if not hits:
            skips.append(_unmatched(corrections.file, c, f"the text {c.quote[:60]!r} is not in article "
                                                          f"{c.article_id!r}"))
            continue
        start, end, para_index, text = hits[_nearest(list(range(len(hits))), [h[0] for h in hits], c.quote_start)]
        same = [qid for lo, hi, qid in spans.get(c.article_id, []) if (lo, hi) == (start, end)]
        if same:
            skips.append(Skip(corrections.file, f"line {c.line}", "warning", "correction_unmatched",
                              f"{text[:60]!r} is already quote {same[0]}: not added again (correct its speaker "
                              "with a speaker row)"))
            continue
        overlaps = [qid for lo, hi, qid in spans.get(c.article_id, []) if lo < end and start < hi]
        if overlaps:
            skips.append(Skip(corrections.file, f"line {c.line}", "warning", "correction_overlap",
                              f"added, but it overlaps {', '.join(overlaps)}: mark that one not_a_quote if it is "
                              "the extractor's wrong reading of the same words"))
        counter[c.article_id] = counter.get(c.article_id, 0) + 1
        spans.setdefault(c.article_id, []).append((start, end, f"{c.article_id}:a{counter[c.article_id]:03d}"))
        rows.append({"article_id": c.article_id, "quote_id": f"{c.article_id}:a{counter[c.article_id]:03d}",
                     "kind": "direct", "start": start, "end": end, "quote": text, "para_index": para_index,
                     "cue": "", "cue_start": -1, "mention": c.value, "mention_start": -1,
                     "attribution": "corrected", "speaker_local": c.value, "gender_local": "unknown",
                     "mention_context": "", "status": "added"})
    if not rows:
        return quotes, 0, skips
    added = pd.DataFrame(rows)
    coded = code_quotes(added, sentences[sentences["article_id"].isin(set(added["article_id"]))])
    added = coded.reindex(columns=quotes.columns) if len(quotes.columns) else coded
    order = {a: i for i, a in enumerate(dict.fromkeys(quotes["article_id"]))}
    out = pd.concat([quotes, added], ignore_index=True)
    # in reading order within each article (the extracted quotes already are), articles in their order
    out = out.assign(_article=out["article_id"].map(lambda a: order.get(a, len(order))), _start=out["start"].astype(int))
    out = out.sort_values(["_article", "_start"], kind="stable").drop(columns=["_article", "_start"])
    return out.reset_index(drop=True), len(rows), skips


def _speaker_fields(quotes: pd.DataFrame, name: str, exclude: pd.Series) -> dict[str, object] | None:
    """Role, tier, role source and gender of ``name``'s first quote outside ``exclude`` (None if it has none)."""
    own = quotes[(quotes["speaker"] == name) & ~exclude]
    if own.empty:
        return None
    first = own.iloc[0]
    return {c: first[c] for c in ("speaker_role", "role_source", "power_tier", "gender")}


def apply_corrections(quotes: pd.DataFrame, corrections: CorrectionSet) -> tuple[pd.DataFrame, int, list[Skip]]:
    """``quotes`` (speakers resolved) with the speaker and quote rows of ``corrections`` applied, how many were
    applied, and a warning row for each that matched no quote or speaker."""
    out = quotes.copy()
    applied, skips = 0, []
    for c in corrections.of(*SPEAKER_FIELDS):
        scope = out["speaker"] == c.speaker
        if c.article_id:
            scope &= out["article_id"].isin(c.article_id.split("|"))
        if not scope.any():
            where = f" in article(s) {c.article_id!r}" if c.article_id else ""
            skips.append(_unmatched(corrections.file, c, f"no quote of speaker {c.speaker!r}{where}"))
            continue
        taken = _speaker_fields(out, c.value, scope)
        out.loc[scope, ["speaker", "attribution"]] = [c.value, "corrected"]
        if taken is not None:
            out.loc[scope, list(taken)] = list(taken.values())
        applied += 1
    index: dict[tuple[str, str], list[int]] = {}
    for i, (aid, text) in enumerate(zip(out["article_id"], out["quote"], strict=True)):
        index.setdefault((str(aid), _key(text)), []).append(i)
    starts = [int(s) for s in out["start"]]
    drop: set[int] = set()
    for c in corrections.of(*QUOTE_FIELDS):
        candidates = index.get((c.article_id, _key(c.quote)), [])
        if not candidates:
            skips.append(_unmatched(corrections.file, c, f"no quote {c.quote[:60]!r} in article {c.article_id!r} "
                                                         "(edited text or a changed rule?)"))
            continue
        at = out.index[_nearest(candidates, starts, c.quote_start)]
        if c.field == "not_a_quote":
            drop.add(at)
        elif c.field == "speaker":
            out.loc[at, ["speaker", "attribution"]] = [c.value, "corrected"]
        elif c.field in ("speaker_role", "power_tier"):
            out.loc[at, [c.field, "role_source"]] = [c.value, "corrected"]
        elif c.field == "stance":
            out.loc[at, ["stance", "stance_topic", "stance_cues"]] = [c.value, c.value != "none", "corrected"]
        else:  # frames
            chosen = [f for f in FRAME_IDS if f in set(c.value.split("|"))]
            for frame in FRAME_IDS:
                out.loc[at, frame] = frame in chosen
            out.loc[at, ["frames", "frame_cues"]] = ["|".join(chosen), "corrected"]
        applied += 1
    return out.drop(index=sorted(drop)).reset_index(drop=True), applied, skips
