"""Where the project's folders are. Everything else asks this module."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_FILES = PACKAGE_DIR / "data"
PROJECT_ROOT = PACKAGE_DIR.parent
RAW_DIR = PROJECT_ROOT / "data" / "raw"
PROCESSED_DIR = PROJECT_ROOT / "data" / "processed"
FIGURES_DIR = PROJECT_ROOT / "figures"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"


def data_file(name: str) -> Path:
    """Path of a packaged lexicon, rule set or codebook in ``icanalysis/data``."""
    path = DATA_FILES / name
    if not path.is_file():
        raise FileNotFoundError(f"packaged data file {name!r} not found in {DATA_FILES}")
    return path
