"""Before and after in one run: the cached re-run of ``run_all.rerun_added`` with the code of an earlier commit
and with the code of this checkout, one after the other on the same archive and machine.

Not a test. Run: ``.venv/bin/python benchmarks/before_after.py --before REV [--size 10000] [--added 100]``.
The earlier code is checked out with ``git worktree`` into a scratch folder and run with this environment's
Python (its own package directory comes first on the path); the archive is the one ``run_all.py`` generates.
Writes ``results/before_after.json`` and prints a line per side: cold run (cache on, all but the last
``--added`` files), re-run after adding them, and the re-run's stages (``run_timings.json``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

_SIDE = """
import json, sys
sys.path.insert(0, {bench!r})
from pathlib import Path
import icanalysis
from run_all import rerun_added
print(icanalysis.__file__)
result = rerun_added(Path({raw!r}), Path({work!r}), 0, {added})
print(json.dumps(result))
"""


def side(code_dir: Path, raw: Path, work: Path, added: int) -> dict:
    """``rerun_added`` with the package in ``code_dir`` (the child's working directory, first on its path)."""
    script = _SIDE.format(bench=str(HERE), raw=str(raw), work=str(work), added=added)
    done = subprocess.run([sys.executable, "-c", script], cwd=code_dir, capture_output=True, text=True, check=True)
    lines = done.stdout.strip().splitlines()
    if not lines[0].startswith(str(code_dir)):  # the package of another checkout was imported
        raise RuntimeError(f"expected the package of {code_dir}, imported {lines[0]}")
    return json.loads(lines[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="the commit (or any git revision) to compare with")
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--added", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--data", type=Path, default=HERE / "data")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from run_all import archive

    raw = archive(args.size, args.data, args.seed) / "raw"
    revision = subprocess.run(["git", "rev-parse", args.before], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
    results: dict = {"size": args.size, "added": args.added, "before": revision}
    with tempfile.TemporaryDirectory(prefix="icanalysis-before-") as scratch:
        tree = Path(scratch) / "code"
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), revision], cwd=ROOT, check=True,
                       capture_output=True)
        try:
            for name, code in (("before", tree), ("after", ROOT)):
                work = Path(scratch) / f"work_{name}"
                results[name] = side(code, raw, work, args.added)
                shutil.rmtree(work, ignore_errors=True)
                r = results[name]
                print(f"{name}: cold {r['cold']['wall_s']} s, re-run {r['with_added']['wall_s']} s "
                      f"({r['with_added']['cache']}); stages {r['with_added']['run_stages']}", flush=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False,
                           capture_output=True)
    results["rerun_speedup"] = round(results["before"]["with_added"]["wall_s"]
                                     / results["after"]["with_added"]["wall_s"], 2)
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "before_after.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"re-run: x{results['rerun_speedup']} faster")


if __name__ == "__main__":
    main()
