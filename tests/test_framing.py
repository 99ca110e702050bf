from __future__ import annotations

import pandas as pd
import pytest

from icanalysis.framing import FRAME_IDS, PFC_DIMENSIONS, code_frames, frames_by, primary_frame, read_codebook


def test_codebook_ids_order_and_pfc() -> None:
    book = read_codebook()
    assert tuple(book["frame_id"]) == FRAME_IDS
    for dims in book["pfc_dimensions"]:
        assert set(dims.split("|")) <= set(PFC_DIMENSIONS)
    assert len(PFC_DIMENSIONS) == 15


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Intimacy coordinators help keep everyone safe on a set.", {"safety_consent"}),
        ("It was a choice that I made.", {"autonomy_choice"}),
        ("They harm the art of filmmaking, stifling the creative process.", {"safety_consent", "creative_control"}),
        ("It is someone who has hiring and firing power.", {"power_hierarchy"}),
        ("It is impossible to say no to them.", {"autonomy_choice", "power_hierarchy"}),
        ("ICs should be standardized, with certification and training.", {"standards_professionalisation"}),
        ("We're a new line item on the budget.", {"cost_resources"}),
        ("She wants recognition for ICs, including nominations at the Emmys.", {"craft_recognition"}),
        ("Another hooker with a heart of gold trope.", {"sex_work_portrayal"}),
        ("The comment sparked heated discourse online.", {"public_reaction"}),
        ("The improvised moments gave the film its authenticity.", {"creative_control"}),
        ("ICs protect the chemistry and the director's vision.", {"safety_consent", "creative_control"}),
        pytest.param("She dedicated the award to the intimacy coordinator.", {"craft_recognition"},
                     marks=pytest.mark.xfail(strict=True, reason="no general cue for an award dedicated to an IC "
                                             "(the corpus-specific 'award to the IC' cue was removed)")),
        # negative cases
        ("Anora won Best Picture at the Oscars.", set()),  # an award for the film is not IC craft recognition
        ("Her career began on commercials.", set()),  # "care" must not match "career"
        ("Jazz Tangcay contributed to this report.", set()),
        ("", set()),
    ],
)
def test_code_frames_table(text: str, expected: set[str]) -> None:
    row = code_frames(pd.Series([text])).iloc[0]
    assert {f for f in FRAME_IDS if row[f]} == expected
    assert row["frames"] == "|".join(f for f in FRAME_IDS if f in expected)


def test_code_frames_columns_and_index() -> None:
    out = code_frames(pd.Series(["safe", "budget"], index=["u1", "u2"]))
    assert list(out.columns) == [*FRAME_IDS, "frames", "frame_cues"]
    assert list(out.index) == ["u1", "u2"]
    assert out.loc["u2", "frame_cues"] == "cost_resources:budget"


def _units() -> pd.DataFrame:
    frames = pd.DataFrame(False, index=range(5), columns=list(FRAME_IDS))
    frames.loc[0, "cost_resources"] = True
    frames.loc[1, "safety_consent"] = True
    frames.loc[1, "cost_resources"] = True
    frames.loc[2, "safety_consent"] = True  # article a: safety 2, cost 2 -> tie -> safety (codebook order)
    frames.loc[3, "public_reaction"] = True  # article b: public_reaction 1
    frames["article_id"] = ["a", "a", "a", "b", "c"]
    frames["outlet"] = ["x", "x", "x", "y", "y"]
    return frames


def test_primary_frame_known_answer_with_tie() -> None:
    out = primary_frame(_units()).set_index("article_id")
    assert out.loc["a", "primary_frame"] == "safety_consent"
    assert out.loc["b", "primary_frame"] == "public_reaction"
    assert out.loc["c", "primary_frame"] == ""
    assert out.loc["a", "n_units"] == 3 and out.loc["a", "n_framed"] == 3
    assert out.loc["c", "n_framed"] == 0


def test_frames_by_known_answer() -> None:
    out = frames_by(_units(), "outlet").set_index("outlet")
    assert out.loc["x", "safety_consent"] == pytest.approx(2 / 3)
    assert out.loc["y", "public_reaction"] == pytest.approx(0.5)
    assert out.loc["y", "n"] == 2


def test_frames_by_errors() -> None:
    with pytest.raises(ValueError, match="missing column"):
        frames_by(_units(), "nope")
    with pytest.raises(ValueError, match="code_frames"):
        primary_frame(pd.DataFrame({"article_id": ["a"]}))
