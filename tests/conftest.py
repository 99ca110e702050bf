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


def floors(section: str) -> dict[str, float]:
    """Accuracy floors pinned in tests/floors.toml (only ever raised)."""
    with open(TESTS / "floors.toml", "rb") as handle:
        return tomllib.load(handle)[section]


@pytest.fixture(scope="session")
def corpus_result():
    """The pipeline's in-memory result on the bundled corpus (built once per test session)."""
    from icanalysis.pipeline import RunSettings, build

    return build(RAW, RunSettings(progress=False))
