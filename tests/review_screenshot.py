"""Make docs/review.png: the review page on the sample pages, mid-session.

    .venv/bin/python tests/review_screenshot.py [docs/review.png]

Needs Debian's chromium and chromium-driver (and a CJK font such as
fonts-wqy-zenhei for the Chinese spans to show as characters).
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def main(out: str) -> None:
    from review_browser import chromium
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.support.ui import WebDriverWait

    from align.cli import main as align
    from align.review.app import Server
    from align.review.session import ReviewSession

    tmp = Path(tempfile.mkdtemp(prefix="align-shot-"))
    try:
        shutil.copytree(ROOT / "data" / "seeds", tmp / "pages")
        align(["qa", str(tmp / "pages"), "-o", str(tmp / "report.csv"), "-q", "--jobs", "1"])
        session = ReviewSession(str(tmp / "report.csv"), str(tmp / "report.review.sqlite"))
        server = Server(session).start()
        with chromium() as d:
            d.set_window_size(1400, 860)
            d.get(server.url)
            WebDriverWait(d, 20).until(lambda d: d.execute_script("return document.body.dataset.ready"))
            for k in "jaarjjr":
                ActionChains(d).send_keys(k).perform()
                time.sleep(0.3)
            # finish on a finding that has a suggestion, so the badge shows
            d.execute_script("""
                var rows = document.querySelectorAll('#findings tbody tr');
                for (var i = 8; i < rows.length; i++) {
                  if (rows[i].querySelector('.sugg').textContent) { rows[i].click(); break; }
                }""")
            time.sleep(1)
            d.save_screenshot(out)
        server.stop()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "docs" / "review.png"))
