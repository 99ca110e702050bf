"""The README's promises, environment.yml and pyproject.toml stay in step."""

from __future__ import annotations

import ast
import re

from conftest import ROOT, tomllib

import icanalysis
from icanalysis.schemas import SCHEMAS

ALIASES = {"dask[distributed]": ["dask", "distributed"], "lxml_html_clean": ["lxml-html-clean"],
           "vadersentiment": ["vadersentiment"]}


def _name(requirement: str) -> str:
    return re.split(r"[<>=;! ]", requirement, maxsplit=1)[0].strip().lower()


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = [r for r in project["dependencies"] + project["optional-dependencies"]["test"] if "python_version" not in r]
    env = (ROOT / "environment.yml").read_text()
    conda = {_name(m) for m in re.findall(r"^\s+- ([A-Za-z][\w.\-\[\]]*[^\n]*)$", env, re.M)}
    for requirement in wanted:
        name = _name(requirement)
        for conda_name in ALIASES.get(name, [name.replace("_", "-")]):
            assert conda_name in conda, f"{conda_name} (from pyproject {requirement!r}) missing in environment.yml"


def quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```\n(.*?)```", section, re.S)
    assert block, "Quick start has no code block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_quick_start_has_exactly_two_commands_and_ci_runs_the_test_one():
    commands = quick_start_commands()
    assert len(commands) == 2
    assert commands[1] in (ROOT / ".ci" / "run").read_text()


def test_data_dictionary_documents_every_column():
    readme = (ROOT / "README.md").read_text()
    for table, columns in SCHEMAS.items():
        assert f"### `{table}`" in readme, f"README has no data-dictionary section for {table}"
        section = readme.split(f"### `{table}`", 1)[1].split("\n### ", 1)[0]
        for column in columns:
            assert f"`{column}`" in section, f"README data dictionary of {table} lacks column {column}"


def test_public_surface_is_small_and_importable():
    assert set(icanalysis.__all__) <= set(dir(icanalysis))


def _internal_imports() -> dict[str, set[str]]:
    """icanalysis module -> the icanalysis modules it imports anywhere (module level, in functions, for typing)."""
    package = ROOT / "icanalysis"
    modules = {}
    for path in package.rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = ".".join(here[:len(here) - node.level + 1] + ([node.module] if node.module else [])) \
                    if node.level else node.module or ""
                subs = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in modules]
                targets = subs if len(subs) == len(node.names) else [base, *subs]
            else:
                continue
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name and not name.startswith(target + "."):
                    graph[name].add(target)
    return graph


def test_import_graph_has_no_cycle():
    graph = _internal_imports()
    assert "icanalysis.quotes" not in graph["icanalysis.speakers"]
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            raise AssertionError("import cycle: " + " -> ".join(path[path.index(name):] + [name]))
        if name in done:
            return
        for target in sorted(graph[name]):
            visit(target, [*path, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])
