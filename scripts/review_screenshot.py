"""Take the README's screenshot of the review app (docs/gjennomgang-skjermbilde.png).

Starts the app on the project's tables, sets an analyst name and photographs the page of the
most supported recurring proposal in headless Chromium. Needs the [review] extra, Selenium,
``chromium`` and ``chromedriver``; run after ``dvc repro`` (it saves no correction):

    .venv/bin/python scripts/review_screenshot.py [OUT.png]
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from pathlib import Path

import uvicorn
from headless import chromium
from selenium.webdriver.common.by import By

from pipeline.review.app import create_app

ROOT = Path(__file__).resolve().parent.parent


def main(out: Path) -> None:
    """Serve the app on a free port, photograph one page, stop."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(ROOT), host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    try:
        with chromium() as driver:
            url = f"http://127.0.0.1:{port}"
            driver.get(url + "/")
            driver.find_element(By.ID, "navn").send_keys("Kari Analytiker")
            driver.find_element(By.CSS_SELECTOR, "#name-form button").click()
            driver.implicitly_wait(10)
            driver.find_element(By.ID, "analyst")  # the name is saved
            driver.get(url + "/forslag/0")
            driver.save_screenshot(str(out))
    finally:
        server.should_exit = True
    print(f"wrote {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "gjennomgang-skjermbilde.png")
