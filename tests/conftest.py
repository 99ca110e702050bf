"""Shared fixtures: paths are addressed from this file, never from the working directory."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
GOLD = TESTS / "gold"
RAW = ROOT / "data" / "raw"
PROCESSED = ROOT / "data" / "processed"

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def direct_quotes(text: str, **kw) -> list[tuple[str, str]]:
    """(quote, speaker_local) of the direct quotes ``extract_quotes`` finds in ``text``."""
    from icanalysis.quotes import extract_quotes

    df = extract_quotes(text, "t", **kw)
    d = df[df["kind"] == "direct"]
    return list(zip(d["quote"], d["speaker_local"], strict=False))


def indirect_quotes(text: str) -> list[tuple[str, str]]:
    """(clause, speaker_local) of the indirect quotes ``extract_quotes`` finds in ``text``."""
    from icanalysis.quotes import extract_quotes

    df = extract_quotes(text, "t")
    ind = df[df["kind"] == "indirect"]
    return list(zip(ind["quote"], ind["speaker_local"], strict=False))


def floors(section: str) -> dict[str, float]:
    """Accuracy floors pinned in tests/floors.toml (only ever raised)."""
    with open(TESTS / "floors.toml", "rb") as handle:
        return tomllib.load(handle)[section]


@pytest.fixture(scope="session")
def corpus_result():
    """The pipeline's in-memory result on the bundled corpus (built once per test session)."""
    from icanalysis.pipeline import RunSettings, build

    return build(RAW, RunSettings(progress=False))
