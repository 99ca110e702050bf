"""Packaged lexicons, rule sets and codebooks (files in ``icanalysis/data``), read once and cached."""

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


def read_boilerplate_rules(path: Path) -> tuple[BoilerplateRule, ...]:
    """Parse a boilerplate rules CSV (columns rule_id, kind, scope, pattern, description, example)."""
    rules = []
    with open(path, newline="", encoding="utf-8") as handle:
        for n, row in enumerate(csv.DictReader(handle), start=2):
            scope = row.get("scope", "")
            if scope not in RULE_SCOPES:
                raise ValueError(f"{path}: line {n}: scope {scope!r} must be one of {RULE_SCOPES}")
            try:
                pattern = re.compile(row["pattern"], re.IGNORECASE)
            except re.error as exc:
                raise ValueError(f"{path}: line {n}: rule {row.get('rule_id')!r} has a bad regex: {exc}") from exc
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
