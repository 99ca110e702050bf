"""One spelling per category: the tables, the code's constants, the labels file, the README's data dictionary and
the notebooks agree on every value of every labelled column."""

from __future__ import annotations

import json
import re

import pytest
from conftest import PROCESSED, ROOT

from icanalysis import labels
from icanalysis.framing import FRAME_IDS
from icanalysis.io import read_processed
from icanalysis.speakers import POWER_TIERS, ROLES
from icanalysis.stance import STANCES

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _documented(column: str) -> set[str]:
    row = next(line for line in README.splitlines() if line.startswith(f"| `{column}` |"))
    return set(re.findall(r"`([a-z_]+)`", row.split("|")[2]))


@pytest.mark.parametrize(("column", "constant"), [("speaker_role", ROLES), ("power_tier", POWER_TIERS),
                                                  ("stance", STANCES), ("frame", FRAME_IDS)])
def test_constants_labels_and_docs_list_the_same_ids(column, constant):
    ids = {v for v in labels.values(column) if v not in ("", "unknown")}
    assert ids == set(constant)
    assert all(re.fullmatch(r"[a-z]+(_[a-z]+)*", v) for v in ids), ids  # snake_case ids
    if column != "frame":
        assert _documented(column) == set(constant)


def test_the_bundled_tables_hold_only_known_ids():
    quotes = read_processed("quotes", PROCESSED)
    speakers = read_processed("speakers", PROCESSED)
    for column, values in (("speaker_role", quotes["speaker_role"]), ("power_tier", quotes["power_tier"]),
                           ("speaker_role", speakers["role"]), ("power_tier", speakers["power_tier"]),
                           ("stance", quotes["stance"]), ("kind", quotes["kind"]),
                           ("attribution", quotes["attribution"])):
        found = {str(v) for v in values.fillna("") if str(v)}
        assert found <= set(labels.values(column)), (column, found - set(labels.values(column)))


def test_no_notebook_code_spells_a_category_the_old_way():
    old = re.compile(r"\b(hiring power|lead talent|below the line|intimacy professionals?|outside voices?|"
                     r"intimacy_professional|outside_voice)\b")
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                source = "".join(cell["source"])
                assert not re.search(r"[\"'](" + old.pattern + r")[\"']", source), (path.name, source[:200])


def test_labels_and_their_order():
    assert labels.label("power_tier", "hiring_power") == "Hiring power"
    assert labels.label("speaker_role", "not_a_role") == "not_a_role"  # unknown values shown as they are
    assert labels.ordered("stance", ["none", "against", "favour", "odd"]) == ["favour", "against", "none", "odd"]
    with pytest.raises(ValueError, match="no labels for column"):
        labels.values("colour")
