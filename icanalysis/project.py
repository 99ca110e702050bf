"""Creating a project (``icanalysis init DIR``): the folders a researcher's own archive lives in.

A project holds ``raw/`` (the researcher's articles; never written by the package), ``processed/`` (the
tables), ``figures/``, ``notebooks/`` (copies of the numbered notebooks, which read the project they sit in)
and ``icanalysis-project.toml`` (its name and folders). Where things are is decided by :mod:`paths`.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import paths
from .corrections import COLUMNS as CORRECTION_COLUMNS
from .io import atomic_write_text


class InitError(RuntimeError):
    """The folder cannot become a project."""


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def init_project(folder: Path, *, name: str | None = None, notebooks_from: Path | None = None) -> paths.Project:
    """Create the project in ``folder`` (new, or empty) and return it. The notebooks are copied, without their
    stored outputs, from ``notebooks_from`` (default: the numbered notebooks of the package's checkout); an
    empty ``corrections.csv`` (its header only) waits for the researcher's corrections."""
    from .notebook_runner import numbered_notebooks

    folder = Path(folder)
    if (folder / paths.PROJECT_FILE).exists():
        raise InitError(f"{folder} is already a project ({paths.PROJECT_FILE} exists)")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InitError(f"{folder} exists and is not an empty folder: choose a new folder for the project")
    source = Path(notebooks_from) if notebooks_from is not None else paths.NOTEBOOKS_DIR
    templates = numbered_notebooks(source)
    if not templates:
        raise InitError(f"no numbered notebooks (NN_name.ipynb) to copy in {source}: give the folder of the "
                        "repository's notebooks with --notebooks-from (a package installed from a wheel has none)")
    project_name = name or folder.resolve().name
    for sub in ("raw", "processed", "figures", "notebooks"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    for template in templates:
        notebook = json.loads(template.read_text(encoding="utf-8"))
        for cell in notebook.get("cells", []):
            if cell.get("cell_type") == "code":
                cell["outputs"], cell["execution_count"] = [], None
        atomic_write_text(folder / "notebooks" / template.name, json.dumps(notebook, indent=1, ensure_ascii=False) + "\n")
    atomic_write_text(folder / paths.PROJECT_FILE,
                      "# icanalysis project (icanalysis init); folders are relative to this file\n"
                      f"name = {_toml_string(project_name)}\n\n[folders]\n"
                      'raw = "raw"\nprocessed = "processed"\nfigures = "figures"\nnotebooks = "notebooks"\n')
    project = paths.load_project(folder)
    atomic_write_text(project.corrections, ",".join(CORRECTION_COLUMNS) + "\n")
    return project
