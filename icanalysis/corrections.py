"""Corrections a researcher makes by hand, applied on every run so they survive re-runs.

A corrections file is a CSV anyone can edit in a spreadsheet (``corrections.csv`` in a project; ``run
--corrections FILE`` for any other):

    article_id,quote,quote_start,field,value,note

``quote`` is the quote's text as in the quotes table (matched whitespace- and case-insensitively), so a
correction still finds its quote when the offsets move (an edited raw file, a changed cleaning rule);
``quote_start`` only chooses among several equal quotes of the article (the nearest is taken). ``field`` is
one of ``speaker``, ``speaker_role``, ``power_tier``, ``stance``, ``frames`` (``|``-joined frame ids, or empty)
or ``not_a_quote`` (the row is removed from the quotes table; value ``yes``).

Corrected codings are marked where the table says why a coding is what it is: ``attribution`` = ``corrected``
(speaker), ``role_source`` = ``corrected`` (role, tier), ``stance_cues`` / ``frame_cues`` = ``corrected``.
A row that matches no quote, or names an unknown field or value, is a run-report warning naming the file and
line: nothing is applied silently and nothing stops the run.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .framing import FRAME_IDS
from .loading import Skip
from .speakers import POWER_TIERS, ROLES
from .stance import STANCES

FIELDS = ("speaker", "speaker_role", "power_tier", "stance", "frames", "not_a_quote")
COLUMNS = ("article_id", "quote", "quote_start", "field", "value", "note")
_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class Correction:
    line: int
    article_id: str
    quote: str
    quote_start: int | None
    field: str
    value: str


def _key(text: object) -> str:
    return _SPACE_RE.sub(" ", str(text)).strip().strip("“”\"'‘’").casefold()


def read_corrections(path: Path) -> tuple[list[Correction], list[Skip], str]:
    """The valid rows of a corrections file, a warning row for each invalid one, and the file's SHA-256."""
    path = Path(path)
    data = path.read_bytes()
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = [c for c in ("article_id", "quote", "field", "value") if c not in table.columns]
    if missing:
        return [], [Skip(path.name, "", "warning", "corrections_unreadable",
                         f"missing column(s) {missing}; expected {list(COLUMNS)}")], hashlib.sha256(data).hexdigest()
    rows, skips = [], []
    for line, rec in enumerate(table.to_dict("records"), start=2):
        field, value = rec["field"].strip(), rec["value"].strip()
        problem = ""
        if field not in FIELDS:
            problem = f"field {field!r} is not one of {list(FIELDS)}"
        elif field == "stance" and value not in STANCES:
            problem = f"stance {value!r} is not one of {list(STANCES)}"
        elif field == "power_tier" and value not in POWER_TIERS:
            problem = f"power tier {value!r} is not one of {list(POWER_TIERS)}"
        elif field == "speaker_role" and value not in ROLES:
            problem = f"role {value!r} is not one of {list(ROLES)}"
        elif field == "frames" and (set(filter(None, value.split("|"))) - set(FRAME_IDS)):
            problem = f"frames {value!r}: unknown frame id(s); valid: {list(FRAME_IDS)}"
        elif field == "not_a_quote" and value.lower() not in ("yes", "y", "true", "1"):
            problem = "not_a_quote takes the value yes"
        start = rec.get("quote_start", "").strip()
        if not problem and start and not start.isdigit():
            problem = f"quote_start {start!r} is not a character offset"
        if problem:
            skips.append(Skip(path.name, f"line {line}", "warning", "correction_invalid", problem))
            continue
        rows.append(Correction(line, rec["article_id"].strip(), rec["quote"], int(start) if start else None,
                               field, value))
    return rows, skips, hashlib.sha256(data).hexdigest()


def apply_corrections(quotes: pd.DataFrame, corrections: list[Correction], source: str
                      ) -> tuple[pd.DataFrame, int, list[Skip]]:
    """``quotes`` with the corrections applied, how many were applied, and a warning row for each that
    matched no quote (``source``: the file name for the run report)."""
    out = quotes.copy()
    index: dict[tuple[str, str], list[int]] = {}
    for i, (aid, text) in enumerate(zip(out["article_id"], out["quote"], strict=True)):
        index.setdefault((str(aid), _key(text)), []).append(i)
    drop: set[int] = set()
    applied, skips = 0, []
    for c in corrections:
        candidates = index.get((c.article_id, _key(c.quote)), [])
        if not candidates:
            skips.append(Skip(source, f"line {c.line}", "warning", "correction_unmatched",
                              f"no quote {c.quote[:60]!r} in article {c.article_id!r} (edited text or a changed "
                              "rule?): not applied"))
            continue
        row = min(candidates, key=lambda i: abs(int(out.iloc[i]["start"]) - c.quote_start)
                  if c.quote_start is not None else 0)
        at = out.index[row]
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
