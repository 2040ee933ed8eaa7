"""A picture of the page as headless Chromium draws it (the README picture, `viz --screenshot`).

Needs Debian's ``chromium`` and the ``playwright`` Python package; ``playwright install`` is not
needed, the system browser is driven directly.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

#: Flags for Debian's chromium in headless, offline use (see docs/visualization.md).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
_LOCAL_SCHEMES = ("file:", "data:", "about:")


class BrowserMissing(RuntimeError):
    """Chromium or the playwright package is not installed."""


def chromium_path() -> str | None:
    """Return the path of a chromium binary, or None."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def _watch(page: Any, outside: list[str], errors: list[str]) -> None:
    """Record every request that leaves the machine and every error the page reports."""
    page.on(
        "request",
        lambda r: None if r.url.startswith(_LOCAL_SCHEMES) else outside.append(r.url),
    )
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))


def screenshot_page(
    html_path: str | Path,
    png_path: str | Path,
    *,
    width: int = 1280,
    height: int = 800,
    timeout_s: float = 30.0,
) -> int:
    """Open the page in headless Chromium, wait for the layout to freeze, save a PNG.

    Return the time the layout took to settle (ms). Raise RuntimeError if the page asked for
    anything outside file:/data: or logged an error; raise BrowserMissing without a browser.
    """
    executable = chromium_path()
    if executable is None:
        raise BrowserMissing("chromium is not installed (Debian: apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise BrowserMissing(
            "the playwright package is not installed (pip install playwright)"
        ) from exc
    url = Path(html_path).resolve().as_uri()
    outside: list[str] = []
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            _watch(page, outside, errors)
            page.goto(url, wait_until="load", timeout=timeout_s * 1000)
            page.wait_for_selector("body[data-ready='true']", timeout=timeout_s * 1000)
            page.wait_for_timeout(400)  # the last fit() is still being drawn
            settle_ms = int(page.evaluate("window.ivigSettleMs"))
            Path(png_path).parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(png_path))
        finally:
            browser.close()
    if outside or errors:
        raise RuntimeError(f"page problems: outside requests {outside}, errors {errors}")
    return settle_ms
