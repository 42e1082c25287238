"""Open exported pages in headless Chromium and fail unless each draws every node it
holds with no console error and no network request (run by .ci/html-fresh-env)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import headless  # noqa: E402

if reason := headless.missing():
    sys.exit(f"open_pages: {reason}")
with headless.chromium() as driver:
    for page in sys.argv[1:]:
        url = headless.open_page(driver, page)
        state = headless.wait_until_drawn(driver, timeout=120)
        errors, requests = headless.console_errors(driver), headless.requests_made(driver, url)
        if errors or requests or state["drawnNodes"] != state["nodes"]:
            sys.exit(f"open_pages: {page}: errors {errors}, requests {requests}, state {state}")
        print(f"{Path(page).name}: {state['nodes']} nodes drawn in {state['readyMs'] / 1000:.2f} s")
