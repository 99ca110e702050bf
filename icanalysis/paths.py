"""Where the project's folders are. Everything else asks this module.

A *project* is a folder with ``raw/``, ``processed/``, ``notebooks/``, ``figures/`` and a small config file,
``icanalysis-project.toml`` (made by ``icanalysis init DIR``). The bundled *Anora* study is the repository
checkout itself (``data/raw``, ``data/processed``, ``notebooks``, ``figures``), recognised by its
``tasks.py`` and ``data/raw``. :func:`current_project` decides which one a command or notebook works on, from
an explicit folder, the ``ICANALYSIS_PROJECT`` environment variable, or the current directory and its
parents, never from where the package is installed (a second checkout must never write into the first).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_FILES = PACKAGE_DIR / "data"
PROJECT_ROOT = PACKAGE_DIR.parent  # the checkout the package was installed from (its notebooks for `init`)
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
PROJECT_FILE = "icanalysis-project.toml"
PROJECT_ENV = "ICANALYSIS_PROJECT"


class NoProject(RuntimeError):
    """Neither a project nor the bundled study's checkout was found."""


@dataclass(frozen=True)
class Project:
    """The folders one analysis reads and writes."""

    name: str
    root: Path
    raw: Path
    processed: Path
    notebooks: Path
    figures: Path
    bundled: bool  # the bundled Anora study: its hand-coded gold (tests/gold) applies to it

    @property
    def corrections(self) -> Path:
        """The researcher's corrections file (applied by every run when it exists)."""
        return self.root / ("data" if self.bundled else ".") / "corrections.csv"

    @property
    def codebook(self) -> Path:
        """The researcher's speaker codebook (extends the bundled one when it exists)."""
        return self.root / ("data" if self.bundled else ".") / "speakers.csv"

    @property
    def gold(self) -> Path | None:
        """The hand-annotated gold of the bundled study, or None for any other project."""
        return self.root / "tests" / "gold" if self.bundled else None


def _is_checkout(folder: Path) -> bool:
    return (folder / "tasks.py").is_file() and (folder / "data" / "raw").is_dir() and (folder / "icanalysis").is_dir()


def bundled_study(root: Path) -> Project:
    """The bundled study in the repository checkout ``root``."""
    root = Path(root).resolve()
    return Project("bundled Anora study", root, root / "data" / "raw", root / "data" / "processed", root / "notebooks",
                   root / "figures", bundled=True)


def load_project(root: Path) -> Project:
    """The project in ``root`` (its ``icanalysis-project.toml`` names it), or the bundled study if ``root`` is a
    checkout of the repository."""
    root = Path(root).resolve()
    config = root / PROJECT_FILE
    if not config.is_file():
        if _is_checkout(root):
            return bundled_study(root)
        raise NoProject(f"{root} is not an icanalysis project (no {PROJECT_FILE}): create one with "
                        "`icanalysis init DIR`")
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        settings = tomllib.loads(config.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise NoProject(f"{config}: not valid TOML ({exc})") from exc
    folders = settings.get("folders", {})
    return Project(str(settings.get("name", root.name)), root, root / folders.get("raw", "raw"),
                   root / folders.get("processed", "processed"), root / folders.get("notebooks", "notebooks"),
                   root / folders.get("figures", "figures"), bundled=False)


def current_project(explicit: str | Path | None = None, *, cwd: Path | None = None) -> Project:
    """The project to work on: ``explicit``, else ``$ICANALYSIS_PROJECT``, else the nearest folder at or above
    the current directory holding a project file or the repository checkout."""
    if explicit is not None:
        return load_project(Path(explicit))
    if os.environ.get(PROJECT_ENV):
        return load_project(Path(os.environ[PROJECT_ENV]))
    here = Path(cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / PROJECT_FILE).is_file() or _is_checkout(folder):
            return load_project(folder)
    raise NoProject(f"no icanalysis project at or above {here}: create one with `icanalysis init DIR`, pass "
                    f"--project DIR, set {PROJECT_ENV}, or work inside a checkout of the repository")


def data_file(name: str) -> Path:
    """Path of a packaged lexicon, rule set or codebook in ``icanalysis/data``."""
    path = DATA_FILES / name
    if not path.is_file():
        raise FileNotFoundError(f"packaged data file {name!r} not found in {DATA_FILES}")
    return path
