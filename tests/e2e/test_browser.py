"""The reader in a web browser: `broadsheet serve` opened in a real headless Chromium.

Chromium is Debian's (installed by scripts/ensure-system-tools, as tmux is), driven by
Playwright's Python package; Playwright's own browser downloads are never used. The page
is drawn on a canvas, so what the reader did is read back from what it wrote (its reading
state) and from screenshots of the reading pane.
"""

from __future__ import annotations

import io
import json
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, sync_playwright

from tests.e2e.terminal import BROADSHEET, REPO
from tui.core.paths import state_file

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
VIEWPORT = {"width": 1400, "height": 900}
READER_PANE = {"x": 720, "y": 40, "width": 640, "height": 400}
"""Part of the reading pane (the right half of the page at this size)."""


@pytest.fixture(scope="module")
def chromium() -> Path:
    """Debian's Chromium, installed when missing (needs root and apt, as on CI)."""
    if not CHROMIUM.exists():
        subprocess.run(["bash", str(REPO / "scripts" / "ensure-system-tools")], check=False)
    if not CHROMIUM.exists():
        pytest.skip(
            "Chromium cannot be installed here (needs root and apt-get): "
            "the browser test of `broadsheet serve` did not run"
        )
    return CHROMIUM


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def served(corpus: Path, tmp_path: Path) -> Iterator[str]:
    """`broadsheet serve` on a free loopback port; yields the page's URL."""
    port = free_port()
    # Indexed first, so the search answers at once (indexing here is tested elsewhere).
    subprocess.run(
        [*BROADSHEET, "index", str(corpus), "--index-dir", str(tmp_path / "index")],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(
        [*BROADSHEET, "serve", str(corpus), "--port", str(port), "--index-dir", str(tmp_path / "index")],
        stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        "broadsheet serve did not start: " + (tmp_path / "serve.log").read_text()
                    ) from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def wait_for(predicate: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def ink(png: bytes) -> float:
    """The share of pixels not in the picture's commonest colour (its background)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    counts = image.getcolors(maxcolors=image.width * image.height) or []
    background = max(count for count, _ in counts)
    return 1 - background / (image.width * image.height)


def last_article(corpus: Path) -> str | None:
    try:
        data = json.loads(state_file(corpus).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = data.get("last_article")
    return value if isinstance(value, str) else None


def test_search_and_open_an_article_in_a_browser_tab(
    chromium: Path, served: str, corpus: Path, tmp_path: Path
) -> None:
    requested: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page: Page = browser.new_page(viewport=VIEWPORT)  # type: ignore[arg-type]
            page.on("request", lambda request: requested.append(request.url))
            page.goto(served)
            page.wait_for_selector("body.-first-byte", timeout=30_000)
            page.wait_for_selector(".textual-terminal canvas, .xterm-screen", timeout=30_000)
            time.sleep(3)  # the reader opens the index and lists the articles
            empty = page.screenshot(clip=READER_PANE)  # type: ignore[arg-type]
            page.click(".textual-terminal")
            page.keyboard.press("/")
            page.keyboard.type("peskov")
            time.sleep(2)  # the search runs as you type
            page.keyboard.press("Enter")  # into the results
            time.sleep(0.5)
            page.keyboard.press("Enter")  # open the first hit
            # Only the Kremlin article says "Peskov"; it is second in the unsearched list.
            wait_for(
                lambda: last_article(corpus) == "004_817f069a33f82ac9.txt", 30, "the hit to open"
            )
            # The article's text fills the pane that held one line of advice.
            wait_for(
                lambda: ink(page.screenshot(clip=READER_PANE)) > max(4 * ink(empty), 0.02),  # type: ignore[arg-type]
                30,
                "the article's text in the reading pane",
            )
            page.screenshot(path=str(tmp_path / "served-reader.png"))
        finally:
            browser.close()
    hosts = {url.split("/")[2] for url in requested if url.startswith("http")}
    assert hosts == {served.split("/")[2]}, f"the page reached beyond the server: {hosts}"
