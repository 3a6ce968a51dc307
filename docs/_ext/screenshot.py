"""``python docs/_ext/screenshot.py SITE``: save headless-Chromium screenshots at 1280 px of the index,
a family page, a claim page, the catalog and the bibliography into ``SITE/_static/screenshots/``
(skipped, with a message, where Chromium is not installed)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

PAGES = {
    "index": "index.html",
    "family": "mp.html",
    "claim": "_generated/claims/spiked.outlier.html",
    "catalog": "_generated/catalog.html",
    "bibliography": "_generated/bibliography.html",
}


def main(site: Path) -> int:
    browser = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)),
                   None)
    if browser is None:
        print("no Chromium installed: no screenshot taken")
        return 0
    shots = site / "_static" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    for name, page in PAGES.items():
        shot = shots / f"{name}.png"
        subprocess.run([browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        "--virtual-time-budget=15000", "--window-size=1280,2400", f"--screenshot={shot}",
                        (site / page).resolve().as_uri()],
                       capture_output=True, text=True, timeout=120, check=True)
        print(f"screenshot: {shot}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/_build/html")))
