"""Execute the numbered notebooks in reading order and store their outputs (what ``icanalysis notebooks`` does).

Outputs are stored so that a reader sees the findings without running anything, and strict nbval can
compare a re-execution against them. Execution timing metadata is not recorded, so an unchanged analysis
re-executes to the same notebook bytes.
"""

from __future__ import annotations

from pathlib import Path

from .io import atomic_write_text


def numbered_notebooks(folder: Path) -> list[Path]:
    """``NN_name.ipynb`` files of ``folder`` in reading order."""
    return sorted(p for p in Path(folder).glob("[0-9][0-9]_*.ipynb") if p.is_file())


def execute_notebook(path: Path, *, timeout: int = 600, store: bool = True) -> None:
    """Run every cell of ``path`` in a fresh kernel (cwd: its folder); with ``store``, save the outputs."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(Path(path).parent)}})
    client.execute()
    stabilise(notebook)
    if store:
        atomic_write_text(Path(path), nbformat.writes(notebook) + "\n")


def stabilise(notebook) -> None:  # type: ignore[no-untyped-def]
    """Remove what differs between two executions of an unchanged notebook.

    Consecutive stream outputs of one cell are merged (how a kernel chunks its stdout depends on timing),
    and interactive widgets' random model ids are blanked (their state is not stored anyway).
    """
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        if cell.get("cell_type") != "code":
            continue
        merged: list = []
        for output in cell.get("outputs", []):
            previous = merged[-1] if merged else None
            if (output.get("output_type") == "stream" and previous is not None
                    and previous.get("output_type") == "stream" and previous.get("name") == output.get("name")):
                previous["text"] = "".join(previous["text"]) + "".join(output["text"])
                continue
            view = output.get("data", {}).get("application/vnd.jupyter.widget-view+json")
            if view is not None:
                view["model_id"] = ""
            merged.append(output)
        cell["outputs"] = merged
