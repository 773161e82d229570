"""Headless Chromium for the README's screenshots (scripts/*_screenshot.py).

Needs Selenium, ``chromium`` and ``chromedriver`` (Debian packages); nothing is downloaded.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from selenium import webdriver
from selenium.webdriver.chrome.service import Service


@contextmanager
def chromium(width: int = 1200, height: int = 900) -> Iterator[webdriver.Chrome]:
    """A headless Chromium with a throw-away profile, offline-friendly, quit on exit."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as profile:
        for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    f"--window-size={width},{height}", "--hide-scrollbars",
                    f"--user-data-dir={profile}"):
            options.add_argument(arg)
        driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
        try:
            yield driver
        finally:
            driver.quit()
