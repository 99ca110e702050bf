"""JupyterLab starts on this repository, lists the five notebooks and serves /lab (loopback only)."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = {"01_corpus_and_reuse.ipynb", "02_quotes_and_speakers.ipynb", "03_sentiment_and_stance.ipynb",
            "04_framing.ipynb", "05_source_power.ipynb"}
STARTUP_TIMEOUT = 60.0

pytest.importorskip("jupyterlab")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str, timeout: float = 5.0) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback only
        return response.status, response.read()


def test_jupyterlab_serves_the_notebooks(tmp_path: Path) -> None:
    token = secrets.token_hex(16)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", f"--ServerApp.token={token}", f"--port={port}",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.root_dir={ROOT}", "--ServerApp.port_retries=0",
        # nothing beyond loopback: no update check, no PyPI extension manager
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", "--LabApp.extension_manager=readonly",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers often run as root
        command.append("--allow-root")
    log = (tmp_path / "jupyterlab.log").open("w+", encoding="utf-8")
    env = {"JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "JUPYTER_CONFIG_DIR": str(tmp_path / "config")}
    server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **env})
    try:
        listing = None
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if server.poll() is not None:
                break
            try:
                status, body = _get(f"{base}/api/contents/notebooks?token={token}")
                if status == 200:
                    listing = json.loads(body)
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        log.seek(0)
        assert listing is not None, f"JupyterLab did not answer within {STARTUP_TIMEOUT:.0f} s:\n{log.read()[-5000:]}"
        names = {item["name"] for item in listing["content"] if item["type"] == "notebook"}
        assert names >= EXPECTED, f"missing notebooks: {sorted(EXPECTED - names)}"
        status, body = _get(f"{base}/lab?token={token}", timeout=20.0)
        assert status == 200
        assert b"JupyterLab" in body or b"jupyter-config-data" in body
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=15)
        log.close()
