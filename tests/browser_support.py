"""Real-browser tests: Playwright drives Debian's Chromium (``apt-get install chromium``), offline.

Playwright's own browser download (``playwright install``) is never used: :func:`chromium` launches the
system binary with flags that keep it from phoning home. Policy: when either is missing a browser test
FAILS, saying how to install them (``python3 tasks.py test`` installs both); ``ICANALYSIS_NO_BROWSER=1`` skips
every browser test instead, for a machine that cannot have a browser.

    with chromium() as browser, page_for(browser, path.as_uri()) as page:
        page.click("text=Next")
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

#: The browser binary; ``ICANALYSIS_CHROMIUM`` names another Chromium build.
CHROMIUM = Path(os.environ.get("ICANALYSIS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS: tuple[str, ...] = (
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
)
LOCAL_SCHEMES: tuple[str, ...] = ("file:", "blob:", "data:", "about:")
SKIP_VARIABLE = "ICANALYSIS_NO_BROWSER"
INSTALL_HINT = (
    "`python3 tasks.py test` installs them (Debian's chromium with apt-get, playwright with pip; never "
    f"`playwright install`). Set {SKIP_VARIABLE}=1 to skip the browser tests on a machine without a browser."
)


def require_browser() -> None:
    """Skip under ``ICANALYSIS_NO_BROWSER=1``; otherwise fail unless Playwright and the Chromium binary are there."""
    if os.environ.get(SKIP_VARIABLE) == "1":
        pytest.skip(f"browser tests switched off ({SKIP_VARIABLE}=1)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.fail(f"the Python package playwright is not installed. {INSTALL_HINT}", pytrace=False)
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(f"no Chromium at {CHROMIUM} (Debian package chromium). {INSTALL_HINT}", pytrace=False)


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium (a Playwright ``Browser``), closed on exit."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), headless=True)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def page_for(browser: Any, url: str, *, javascript: bool = True, timeout_ms: float = 10_000) -> Iterator[Any]:
    """A page of ``browser`` at ``url``, in a fresh context that accepts downloads and times out after
    ``timeout_ms``. JavaScript errors on the page, and requests that leave the machine, fail the test."""
    context = browser.new_context(java_script_enabled=javascript, accept_downloads=True)
    context.set_default_timeout(timeout_ms)
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: None if request.url.startswith(LOCAL_SCHEMES) else errors.append(
        f"network request to {request.url}"))
    try:
        page.goto(url)
        yield page
        assert not errors, f"on {url}: {errors}"
    finally:
        context.close()
