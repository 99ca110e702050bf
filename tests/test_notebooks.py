"""The notebooks re-execute to their stored outputs (strict nbval) and export byte-identical figures.

Strict, not ``--nbval-lax``: every stored text output must come back exactly, after the substitutions in
``notebooks/sanitize.cfg``. Refresh the stored outputs after an intended change with
``python3 tasks.py refresh-notebooks``.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
FIGURES = ROOT / "figures"
EXPECTED = ("01_corpus_and_reuse", "02_quotes_and_speakers", "03_sentiment_and_stance", "04_framing",
            "05_source_power")
NBVAL_COMMAND = (
    sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env",
    "--nbval-sanitize-with", str(NOTEBOOKS / "sanitize.cfg"), str(NOTEBOOKS), "-p", "no:cacheprovider", "-q",
)

pytest.importorskip("nbval", reason="nbval is a test dependency (pip install -e .[test])")


def _figure_hashes() -> dict[str, str]:
    if not FIGURES.is_dir():
        return {}
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(FIGURES.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def nbval_run() -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """One strict nbval run over notebooks/ (it re-exports the figures); the figure hashes it left behind."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    result = subprocess.run(NBVAL_COMMAND, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    return result, _figure_hashes()


def test_the_five_notebooks_exist() -> None:
    found = sorted(p.stem for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    assert found == list(EXPECTED)


def test_notebooks_pass_strict_nbval(nbval_run: tuple[subprocess.CompletedProcess[str], dict[str, str]]) -> None:
    result, _ = nbval_run
    assert result.returncode == 0, (
        f"strict nbval failed (exit {result.returncode}); if the change is intended, run "
        f"`python3 tasks.py refresh-notebooks`.\n--- stdout\n{result.stdout[-20000:]}\n--- stderr\n{result.stderr[-5000:]}"
    )


def test_notebook_figures_reexport_byte_identical(
    nbval_run: tuple[subprocess.CompletedProcess[str], dict[str, str]],
) -> None:
    """Executing the notebooks a second time rewrites every figure with the same bytes."""
    from icanalysis.notebook_runner import execute_notebook, numbered_notebooks

    result, first = nbval_run
    assert result.returncode == 0, "nbval run failed; see test_notebooks_pass_strict_nbval"
    for suffix in (".pdf", ".svg", ".png", ".provenance.json"):
        assert any(name.endswith(suffix) for name in first), f"no {suffix} figure written to {FIGURES}"
    for path in numbered_notebooks(NOTEBOOKS):
        execute_notebook(path, store=False)
    second = _figure_hashes()
    assert second.keys() == first.keys()
    changed = sorted(name for name in first if first[name] != second[name])
    assert not changed, f"figures differ between two exports: {changed}"
