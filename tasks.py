#!/usr/bin/env python3
"""Set up and run icanalysis on a fresh machine with nothing but Python >= 3.10.

    python3 tasks.py run    # set up .venv, build data/processed/, execute the notebooks, export figures
    python3 tasks.py test   # set up .venv with test tools (and Debian's chromium for the browser tests),
                            # run ruff, mypy and every test (strict nbval too)
    python3 tasks.py refresh-notebooks   # re-execute the notebooks and store their outputs (after a change)
    python3 tasks.py polnear  # who-said-what on PolNeAR dev, icanalysis against textacy (needs ../shared/polnear)
    python3 tasks.py train-coder  # retrain the stance-and-frames model and score it on the development sets

Setup installs the pinned versions of requirements-lock.txt into .venv (created if missing), so every
machine computes with the same libraries; it is skipped when the lock file has not changed since.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
LOCK = ROOT / "requirements-lock.txt"
STAMP = VENV / ".icanalysis-lock-sha256"
CHROMIUM = Path(os.environ.get("ICANALYSIS_CHROMIUM", "/usr/bin/chromium"))


def sh(*args: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    code = subprocess.call([str(a) for a in args], cwd=ROOT, env={**os.environ, **(env or {})})
    if code:
        sys.exit(code)


def setup() -> None:
    if sys.version_info < (3, 10):  # noqa: UP036 - tasks.py runs under any python3, before setup
        sys.exit(f"icanalysis needs Python >= 3.10; this is {sys.version.split()[0]}")
    if not PY.exists():
        print(f"creating {VENV.name}/", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256(LOCK.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == digest:
        return
    pip = (PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check")
    if sys.version_info >= (3, 11):
        sh(*pip, "-r", LOCK)
        sh(*pip, "--no-deps", "-e", ".")
    else:  # the lock's numpy/pandas releases need 3.11; 3.10 gets the newest releases pyproject allows
        print("note: Python 3.10 installs from pyproject.toml's ranges, not the 3.11+ lock file", flush=True)
        sh(*pip, "-e", ".[test]")
    STAMP.write_text(digest)


def run() -> None:
    setup()
    sh(BIN / "icanalysis", "run")
    sh(BIN / "icanalysis", "notebooks")


def browser() -> dict[str, str]:
    """Debian's Chromium for the real-browser tests (Playwright drives it; it never downloads a browser):
    installed with apt-get when missing, as root or with password-less sudo. Where it cannot be installed
    (another OS, no rights), the browser tests are skipped and this says so loudly."""
    if CHROMIUM.exists():
        return {}
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    sudo = [] if is_root else ["sudo", "-n"]
    can = shutil.which("apt-get") and (is_root or (shutil.which("sudo") and subprocess.call(
        ["sudo", "-n", "true"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) == 0))
    if can:  # a failure here (no network, a distribution without the package) falls through to the skip
        apt = [*sudo, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]  # sudo would drop the variable
        print("+", " ".join([*apt, "install", "chromium"]), flush=True)
        if subprocess.call([*apt, "update", "-qq"]) == 0:
            subprocess.call([*apt, "install", "-y", "-qq", "--no-install-recommends", "chromium"])
        if CHROMIUM.exists():
            return {}
    print(f"NOTE: no Chromium at {CHROMIUM} and it cannot be installed here (Debian's apt-get as root or "
          "password-less sudo): the real-browser tests are SKIPPED (ICANALYSIS_NO_BROWSER=1). Install the "
          "chromium package, or set ICANALYSIS_CHROMIUM to a Chromium binary, to run them.", flush=True)
    return {"ICANALYSIS_NO_BROWSER": "1"}


def test() -> None:
    setup()
    env = browser()
    sh(PY, "-m", "ruff", "check", "icanalysis", "tests", "benchmarks", "tasks.py")
    sh(PY, "-m", "mypy")
    sh(PY, "-m", "pytest", "-p", "no:cacheprovider", env=env)


def refresh_notebooks() -> None:
    setup()
    sh(BIN / "icanalysis", "notebooks", "--store")


def polnear() -> None:
    setup()
    sh(PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", ROOT / "benchmarks" / "requirements.txt")
    sh(PY, ROOT / "benchmarks" / "eval_polnear.py", "--split", "dev")


def train_coder() -> None:
    setup()
    sh(PY, ROOT / "benchmarks" / "train_coder.py")
    sh(PY, ROOT / "benchmarks" / "eval_coder.py")  # the blind set is scored once, by hand: eval_coder.py --blind


COMMANDS = {"run": run, "test": test, "setup": setup, "refresh-notebooks": refresh_notebooks, "polnear": polnear,
            "train-coder": train_coder}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in COMMANDS:
        sys.exit(f"usage: python3 tasks.py {{{'|'.join(COMMANDS)}}}")
    COMMANDS[sys.argv[1]]()
