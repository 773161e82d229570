"""Take the README's screenshot of a question section (docs/sporsmal-skjermbilde.png).

Opens ``reports/rapport.html`` in headless Chromium and photographs the section of one
booklet question (default: seriøsitetskrav). Needs Selenium, ``chromium`` and
``chromedriver``; run after ``dvc repro``:

    .venv/bin/python scripts/report_screenshot.py [QUESTION_ID [OUT.png]]
"""

from __future__ import annotations

import sys
from pathlib import Path

from headless import chromium
from selenium.webdriver.common.by import By

ROOT = Path(__file__).resolve().parent.parent


def main(question_id: str, out: Path) -> None:
    """Photograph the report's section ``#sporsmal-<question_id>``."""
    with chromium(width=1000, height=4000) as driver:
        driver.get((ROOT / "reports" / "rapport.html").as_uri())
        section = driver.find_element(By.ID, f"sporsmal-{question_id}")
        section.screenshot(str(out))
    print(f"wrote {out}")


if __name__ == "__main__":
    args = sys.argv[1:]
    main(args[0] if args else "oa_seriositetskrav",
         Path(args[1]) if len(args) > 1 else ROOT / "docs" / "sporsmal-skjermbilde.png")
