"""Packaged lexicons, rule sets and codebooks (files in ``icanalysis/data``), read once and cached.

Every stage that needs a packaged list asks this module: boilerplate rules and word lists (cleaning),
reporting verbs, role nouns and name affixes (quotes, speakers). ``icanalysis/data/README.md`` says where
each file came from.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .paths import data_file


@dataclass(frozen=True)
class BoilerplateRule:
    """One boilerplate rule: a case-insensitive regex applied to a whole line or to its start."""

    rule_id: str
    kind: str
    scope: str  # line | prefix
    pattern: re.Pattern[str]
    description: str


RULE_SCOPES = ("line", "prefix")


_WORD_LIST_RE = re.compile(r"\{words:([\w.-]+)\}")


def _with_word_lists(pattern: str) -> str:
    """``pattern`` with each ``{words:FILE}`` replaced by an alternation of the words of the packaged list FILE,
    so that a rule and the code share one list."""
    return _WORD_LIST_RE.sub(lambda m: "|".join(re.escape(w) for w in sorted(word_list(m.group(1)))), pattern)


def read_boilerplate_rules(path: Path) -> tuple[BoilerplateRule, ...]:
    """Parse a boilerplate rules CSV (columns rule_id, kind, scope, pattern, description, example); a pattern
    may name a packaged word list as ``{words:FILE}``."""
    rules = []
    with open(path, newline="", encoding="utf-8") as handle:
        for n, row in enumerate(csv.DictReader(handle), start=2):
            scope = row.get("scope", "")
            if scope not in RULE_SCOPES:
                raise ValueError(f"{path}: line {n}: scope {scope!r} must be one of {RULE_SCOPES}")
            try:
                pattern = re.compile(_with_word_lists(row["pattern"]), re.IGNORECASE)
            except re.error as exc:
                raise ValueError(f"{path}: line {n}: rule {row.get('rule_id')!r} has a bad regex: {exc}") from exc
            except OSError as exc:
                raise ValueError(f"{path}: line {n}: rule {row.get('rule_id')!r} names a word list that is not "
                                 f"in the package: {exc}") from exc
            rules.append(BoilerplateRule(row["rule_id"], row["kind"], scope, pattern, row.get("description", "")))
    return tuple(rules)


@cache
def boilerplate_rules(path: str | None = None) -> tuple[BoilerplateRule, ...]:
    return read_boilerplate_rules(Path(path) if path else data_file("boilerplate_rules.csv"))


@cache
def word_list(name: str) -> frozenset[str]:
    """A one-word-per-line list (``#`` comments allowed) from the packaged data folder."""
    lines = data_file(name).read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


@dataclass(frozen=True)
class ReportingVerb:
    """One form of a reporting verb (reporting_verbs.csv)."""

    lemma: str
    form: str
    takes_that: bool  # may govern a reported clause (indirect speech)
    inverted_ok: bool  # may stand before its speaker ("says Roe")
    quote_cue: bool  # may tag a direct quote (opinion verbs such as "believe" do not)


@cache
def reporting_verbs() -> dict[str, ReportingVerb]:
    """Reporting-verb forms (lower case, may be two words: "points out") -> verb entry."""
    out: dict[str, ReportingVerb] = {}
    with open(data_file("reporting_verbs.csv"), newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for form in row["forms"].split("|"):
                form = form.strip().lower()
                if form:
                    out[form] = ReportingVerb(row["lemma"], form, row["takes_that"] == "yes",
                                              row["inverted_ok"] == "yes", row.get("quote_cue", "yes") != "no")
    return out


@cache
def role_nouns() -> dict[str, tuple[str, str]]:
    """Role noun (lower case) -> (role, power_tier), from role_nouns.csv."""
    out: dict[str, tuple[str, str]] = {}
    with open(data_file("role_nouns.csv"), newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            out[row["noun"].strip().lower()] = (row["role"], row["power_tier"])
    return out


@cache
def name_affixes() -> tuple[frozenset[str], frozenset[str]]:
    """(prefixes, suffixes) from name_affixes.csv: honorifics, titles and epithets before a name;
    post-nominals after it (lower case)."""
    pre: set[str] = set()
    suf: set[str] = set()
    with open(data_file("name_affixes.csv"), newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            affix = row["affix"].strip().lower()
            if row["position"].strip() not in ("prefix", "suffix"):
                raise ValueError(f"name_affixes.csv: position must be prefix or suffix, got {row['position']!r}")
            (pre if row["position"].strip() == "prefix" else suf).add(affix)
    return frozenset(pre), frozenset(suf)


@cache
def given_names() -> frozenset[str]:
    """Common given names (lower case) from given_names.csv: evidence that a capitalised run names a person."""
    with open(data_file("given_names.csv"), newline="", encoding="utf-8") as handle:
        return frozenset(row["name"].strip().lower() for row in csv.DictReader(handle) if row["name"].strip())
