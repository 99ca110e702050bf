"""nbval settings for the notebooks in this folder (strict comparison of the stored outputs).

Output types whose bytes depend on library versions or on a live kernel are not compared: HTML table
renderings (pandas), widget views (ipywidgets model ids) and JavaScript. Text outputs, which carry every
number the notebooks print, are compared exactly (after ``sanitize.cfg``). nbval never compares PNGs.
"""

from __future__ import annotations

SKIP_COMPARE = ("text/html", "application/javascript", "application/vnd.jupyter.widget-view+json",
                "application/vnd.jupyter.widget-state+json")


def pytest_collectstart(collector) -> None:  # type: ignore[no-untyped-def]
    """Extend nbval's list of output types it does not compare."""
    if hasattr(collector, "skip_compare"):
        collector.skip_compare = tuple(collector.skip_compare) + SKIP_COMPARE
