"""Check one hand-coded article set: python3 check_set.py <set> <a|b> [folder]. Prints OK or every problem.

Standalone (standard library only) so writers and coders can run it without the package."""

import csv
import json
import re
import sys
from pathlib import Path

STANCES = {"favour", "against", "mixed", "none"}
FRAMES = {"safety_consent", "autonomy_choice", "creative_control", "power_hierarchy",
          "standards_professionalisation", "cost_resources", "craft_recognition", "sex_work_portrayal",
          "public_reaction"}


def main() -> int:
    name, coder = sys.argv[1], sys.argv[2]
    folder = Path(sys.argv[3]) if len(sys.argv) > 3 else Path(__file__).parent
    problems = []
    spec = json.loads((folder / f"{name}_articles.json").read_text(encoding="utf-8"))
    if spec.get("set") != name:
        problems.append(f"'set' is {spec.get('set')!r}, expected {name!r}")
    units, ids = [], set()
    for article in spec.get("articles", []):
        aid = article.get("id", "")
        if not re.fullmatch(rf"{re.escape(name)}-\d\d", aid) or aid in ids:
            problems.append(f"bad or repeated article id {aid!r}")
        ids.add(aid)
        for key in ("style", "outlet", "date", "title", "paragraphs"):
            if not article.get(key):
                problems.append(f"{aid}: missing {key}")
        if not re.fullmatch(r"\d{4}-\d\d-\d\d", str(article.get("date", ""))):
            problems.append(f"{aid}: date must be YYYY-MM-DD")
        for p, para in enumerate(article.get("paragraphs", []), start=1):
            if not isinstance(para, list) or not para:
                problems.append(f"{aid} paragraph {p}: must be a non-empty list of sentences")
                continue
            for s, sent in enumerate(para, start=1):
                if not isinstance(sent, str) or not sent.strip():
                    problems.append(f"{aid} p{p}s{s}: empty sentence")
                units.append(f"{aid}:p{p:02d}s{s:02d}")
    path = folder / f"{name}_coding_{coder}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if rows and list(rows[0].keys()) != ["unit_id", "stance", "frames", "note"]:
        problems.append(f"{path.name}: header must be unit_id,stance,frames,note")
    got = [r.get("unit_id") for r in rows]
    if got != units:
        missing = [u for u in units if u not in set(got)][:5]
        extra = [u for u in got if u not in set(units)][:5]
        problems.append(f"{path.name}: unit_ids must be every sentence in reading order "
                        f"({len(got)} rows, {len(units)} sentences; missing {missing}, extra {extra})")
    for r in rows:
        if r.get("stance") not in STANCES:
            problems.append(f"{r.get('unit_id')}: stance {r.get('stance')!r}")
        frames = [f for f in (r.get("frames") or "").split("|") if f]
        if set(frames) - FRAMES:
            problems.append(f"{r.get('unit_id')}: frames {sorted(set(frames) - FRAMES)}")
    for p in problems:
        print(p)
    if not problems:
        counts = {s: sum(r["stance"] == s for r in rows) for s in sorted(STANCES)}
        print(f"OK {name} coder {coder}: {len(spec['articles'])} articles, {len(units)} units, {counts}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
