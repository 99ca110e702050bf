"""Projects: `icanalysis init`, which project a command works on, and the notebooks on a second project."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from conftest import ROOT

from icanalysis import paths
from icanalysis.cli import main
from icanalysis.project import InitError, init_project


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_init_makes_the_folders_the_config_and_clean_notebook_copies(tmp_path):
    project = init_project(tmp_path / "study", name="My study")
    assert project.name == "My study" and not project.bundled and project.gold is None
    for folder in (project.raw, project.processed, project.figures, project.notebooks):
        assert folder.is_dir()
    copies = sorted(p.name for p in project.notebooks.glob("*.ipynb"))
    assert copies == sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    notebook = json.loads((project.notebooks / copies[0]).read_text(encoding="utf-8"))
    assert all(not c.get("outputs") for c in notebook["cells"] if c["cell_type"] == "code")
    with pytest.raises(InitError, match="already a project"):
        init_project(tmp_path / "study")
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InitError, match="not an empty folder"):
        init_project(tmp_path / "busy")
    assert project.corrections.read_text(encoding="utf-8").startswith("article_id,quote,quote_start,field,value")
    # installed from a wheel, the package has no notebooks folder: the message says what to pass
    (tmp_path / "empty").mkdir()
    with pytest.raises(InitError, match="--notebooks-from"):
        init_project(tmp_path / "other", notebooks_from=tmp_path / "empty")
    assert len(list(init_project(tmp_path / "third", notebooks_from=ROOT / "notebooks").notebooks.glob("*.ipynb"))) == 5


def test_the_project_comes_from_the_flag_the_environment_or_the_folder_never_the_install(tmp_path, monkeypatch):
    project = init_project(tmp_path / "study")
    monkeypatch.delenv(paths.PROJECT_ENV, raising=False)
    assert paths.current_project(cwd=project.notebooks).root == project.root  # from a folder inside it
    assert paths.current_project(tmp_path / "study").root == project.root
    monkeypatch.setenv(paths.PROJECT_ENV, str(project.root))
    assert paths.current_project(cwd=tmp_path).root == project.root
    monkeypatch.delenv(paths.PROJECT_ENV)
    with pytest.raises(paths.NoProject, match="icanalysis init"):
        paths.current_project(cwd=tmp_path)
    # a second checkout of the repository is its own bundled study, not the checkout the package came from
    second = tmp_path / "checkout2"
    (second / "data" / "raw").mkdir(parents=True)
    (second / "icanalysis").mkdir()
    (second / "tasks.py").write_text("", encoding="utf-8")
    found = paths.current_project(cwd=second / "data")
    assert found.bundled and found.root == second.resolve() and found.processed == second.resolve() / "data" / "processed"


def test_run_and_notebooks_on_a_second_generated_project(tmp_path, monkeypatch):
    """The same notebooks run on a project that is not the bundled study: its tables, its figures, no gold."""
    monkeypatch.delenv(paths.PROJECT_ENV, raising=False)
    invoke("init", tmp_path / "study")
    invoke("synth", "--n", "12", "--out", tmp_path / "synth", "--seed", "11")
    for path in (tmp_path / "synth" / "raw").iterdir():
        shutil.copy(path, tmp_path / "study" / "raw" / path.name)
    monkeypatch.chdir(tmp_path / "study")
    ran = invoke("run", "--no-progress")
    assert ran.exit_code == 0, ran.output
    assert (tmp_path / "study" / "processed" / "quotes.csv").exists()
    before = {p: p.stat().st_mtime_ns for p in (ROOT / "data" / "processed").iterdir()}
    done = invoke("notebooks")
    assert done.exit_code == 0, done.output
    assert {p: p.stat().st_mtime_ns for p in (ROOT / "data" / "processed").iterdir()} == before
    assert len(list((tmp_path / "study" / "figures").glob("*.pdf"))) >= 5
    for notebook in sorted((tmp_path / "study" / "notebooks").glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        errors = [o for c in cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
        assert not errors, (notebook.name, errors[:1])
    findings = json.loads((tmp_path / "study" / "notebooks" / "01_corpus_and_reuse.ipynb").read_text())["cells"][-1]
    text = "".join(findings["outputs"][0]["data"]["text/markdown"])
    assert "The corpus is 12 articles" in text  # true to this project's data


def test_a_projects_own_speaker_codebook_extends_and_overrides_the_bundled_one(tmp_path, monkeypatch):
    import pandas as pd

    monkeypatch.delenv(paths.PROJECT_ENV, raising=False)
    project = init_project(tmp_path / "study")
    for path in (ROOT / "data" / "raw").glob("*.txt"):
        shutil.copy(path, project.raw / path.name)
    project.codebook.write_text(
        "canonical_name,aliases,role,power_tier,gender,organisation,note\n"
        "Marci Liroff,Liroff,director,hiring_power,female,,a test override\n", encoding="utf-8")
    done = invoke("run", "--project", project.root, "--no-progress", "--no-cache")
    assert done.exit_code == 0, done.output
    speakers = pd.read_csv(project.processed / "speakers.csv", keep_default_na=False).set_index("speaker")
    assert speakers.loc["Marci Liroff", ["role", "power_tier"]].tolist() == ["director", "hiring_power"]
    assert speakers.loc["Andrea Werhun", "role"] == "consultant"  # the bundled rows still apply
    report = json.loads((project.processed / "run_report.json").read_text(encoding="utf-8"))
    assert report["codebook"]["file"] == "speakers.csv" and len(report["codebook"]["sha256"]) == 64
    project.codebook.write_text("canonical_name,aliases,role,power_tier,gender,organisation,note\n"
                                "Jane Roe,,wizard,hiring_power,female,,\n", encoding="utf-8")
    bad = invoke("run", "--project", project.root, "--no-progress", "--no-cache")
    assert bad.exit_code == 2 and "speakers.csv" in bad.output and "wizard" in bad.output
