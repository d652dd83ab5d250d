"""Make docs/view.png: ``povsim view`` after two years of liaoning-2009, one village selected.

Starts ``python -m sim view`` on a free port, drives Debian's Chromium (``/usr/bin/chromium``)
with Playwright, headless and offline (the flags of tests/test_view.py), steps to December 2008
and December 2009, selects a village and saves the window (1400x1000). Run it from the
repository root in the project's environment (``pip install -e '.[test]'``)::

    python docs/make_screenshot.py            # writes docs/view.png
    python docs/make_screenshot.py /tmp/x.png
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import ViewportSize, expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SIZE: ViewportSize = {"width": 1400, "height": 1000}
VILLAGE = 4  # V05, sow breeding: a pool village, so the detail shows a pool
WAIT_MS = 60_000


def free_port() -> int:
    """A port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[str]) -> None:
    """Until the page answers; fails if the server ended or a minute passed."""
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"povsim view did not start at {url}")
        time.sleep(0.3)


def shoot(url: str, out: Path) -> None:
    """Step two years, select a village, save the window."""
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport=SIZE)
            page.set_default_timeout(WAIT_MS)
            expect.set_options(timeout=WAIT_MS)
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(url)
            tiles = page.locator(".povsim-tile")
            expect(tiles).to_have_count(10)
            pooled = page.locator(".povsim-pooled-text")
            year = page.locator(".povsim-year")
            for closes in ("2008:", "2009:"):
                expect(year).to_be_enabled()
                year.click()
                expect(pooled).to_contain_text(closes)
            tiles.nth(VILLAGE).click()
            expect(page.locator(".povsim-detail")).to_contain_text(f"V{VILLAGE + 1:02d}")
            expect(page.locator(".povsim-detail img")).to_have_count(1)
            expect(year).to_be_enabled()  # the run is idle: the buttons are drawn as they stay
            page.wait_for_timeout(500)  # the last images are decoded
            page.screenshot(path=str(out))
        finally:
            browser.close()
    if errors:
        raise SystemExit("the page logged errors:\n" + "\n".join(errors))


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "docs" / "view.png"
    port = free_port()
    scenario = ROOT / "scenarios" / "liaoning-2009.toml"
    process = subprocess.Popen(
        [sys.executable, "-m", "sim", "view", str(scenario), "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_for(url, process)
        shoot(url, out)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
