"""``python docs/_ext/screenshot.py SITE``: save ``SITE/_static/claim-page.png``, a headless-Chromium
screenshot of one claim page (skipped, with a message, where Chromium is not installed)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path


def main(site: Path) -> int:
    browser = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)),
                   None)
    if browser is None:
        print("no Chromium installed: no screenshot taken")
        return 0
    page = site / "_generated" / "claims" / "spiked.outlier.html"
    shot = site / "_static" / "claim-page.png"
    subprocess.run([browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=10000",
                    "--window-size=1100,1600", f"--screenshot={shot}", page.resolve().as_uri()],
                   capture_output=True, text=True, timeout=120, check=True)
    print(f"screenshot: {shot}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/_build/html")))
