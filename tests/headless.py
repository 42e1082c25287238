"""Real headless Chromium for the HTML page's tests and benchmark, driven by Selenium
through the system's chromedriver (Debian `chromium` + `chromium-driver`): nothing is
downloaded, and the browser runs with a fresh profile and its background networking off,
so any request it makes comes from the page under test.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

CHROMIUM = os.environ.get("PAPERKG_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("PAPERKG_CHROMEDRIVER", "/usr/bin/chromedriver")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--window-size=1280,900",
)


def missing() -> str | None:
    """Why the browser cannot run here (a reason to skip with), or None.  Only the
    browser may be missing: selenium is in the test extra, so its absence is a failure."""
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not (os.path.exists(path) and os.access(path, os.X_OK)):
            return f"{path} is absent: install Debian's {package} (apt-get install chromium chromium-driver)"
    return None


@contextlib.contextmanager
def chromium():
    """A headless Chromium with a throw-away profile, logging console and network events."""
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never fetch drivers
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="paperkg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def open_page(driver, path: str | Path) -> str:
    """Load a file with the logs emptied first, so they hold only this page's events."""
    driver.get("about:blank")
    driver.get_log("performance")
    driver.get_log("browser")
    url = Path(path).resolve().as_uri()
    driver.get(url)
    return url


def requests_made(driver, page_url: str) -> list[str]:
    """Every URL the browser asked for besides the page itself and inline data: URLs."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if url != page_url and not url.startswith("data:"):
                urls.append(url)
    return urls


def console_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def wait_until_drawn(driver, timeout: float) -> dict:
    """Poll the page's own readiness flag (set at the first draw after layout settles);
    returns its figures, or raises TimeoutError."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = driver.execute_script(
            "var s = window.paperkg; return s && s.ready ? "
            "{readyMs: s.readyMs, iterations: s.iterations, nodes: s.nodes.length, "
            " drawnNodes: s.network.body.nodeIndices.length, "
            " positioned: Object.keys(s.network.getPositions()).length, edges: s.edges.length} : null"
        )
        if state:
            return state
        time.sleep(0.1)
    raise TimeoutError(f"page not drawn within {timeout} s")


def pixel_spread(png: bytes) -> tuple[float, int]:
    """Standard deviation of grey levels and number of distinct colours in a screenshot:
    a blank (single-colour) canvas has 0 and 1."""
    from PIL import Image, ImageStat

    image = Image.open(io.BytesIO(png)).convert("RGB")
    return ImageStat.Stat(image.convert("L")).stddev[0], len(image.getcolors(maxcolors=1 << 24))
