"""The documentation site: it builds without warnings, every internal link resolves, and in a
real browser (headless Chromium) the formulas are rendered by the bundled MathJax and the figures
load. Skipped with a message where Sphinx or Chromium is not installed."""

from __future__ import annotations

import html.parser
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from rmtcheck.plugins import discover

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")
                 if shutil.which(name)), None)

needs_sphinx = pytest.mark.skipif(
    importlib.util.find_spec("sphinx") is None or importlib.util.find_spec("myst_parser") is None,
    reason="the docs extra (sphinx, myst-parser, sphinx-mathjax-offline) is not installed",
)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="no headless Chromium (Debian: apt-get install chromium); browser checks skipped")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-E", "-b", "html", "-W", "-n", "--keep-going", "-q",
         str(ROOT / "docs"), str(out)],
        capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            if (tag, name) in {("a", "href"), ("img", "src"), ("link", "href"), ("script", "src")}:
                self.targets.append(value)


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@needs_sphinx
def test_every_claim_has_a_page_and_every_internal_link_resolves(site: Path) -> None:
    for claim in (c.claim for c in discover(plugins=False)):
        assert (site / "_generated" / "claims" / f"{claim.id}.html").exists(), claim.id
    pages = {p: _parse(p) for p in site.rglob("*.html")}
    broken = []
    for page, parsed in pages.items():
        for target in parsed.targets:
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or target.startswith(("mailto:", "javascript:")):
                continue
            resolved = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not resolved.exists():
                broken.append(f"{page.relative_to(site)} -> {target}")
            elif parts.fragment and resolved.suffix == ".html":
                ids = pages[resolved].ids if resolved in pages else _parse(resolved).ids
                if parts.fragment not in ids:
                    broken.append(f"{page.relative_to(site)} -> {target} (no such anchor)")
    assert not broken, "\n".join(broken[:20])


def _dom(url: str) -> str:
    assert CHROMIUM is not None
    result = subprocess.run(
        [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=10000",
         "--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@needs_sphinx
@needs_chromium
@pytest.mark.parametrize("page", ["_generated/claims/spiked.outlier.html", "_generated/catalog.html"])
def test_browser_renders_math_and_loads_figures(site: Path, page: str) -> None:
    dom = _dom((site / page).as_uri())
    images = dom.split('data-images="', 1)[1].split('"', 1)[0]
    loaded, total = (int(x) for x in images.split("/"))
    assert loaded == total, f"{page}: only {loaded} of {total} images loaded"
    if page.startswith("_generated/claims/"):
        assert "<mjx-container" in dom, f"{page}: MathJax did not render the formula"
        assert "$$" not in dom.split("<body", 1)[1], f"{page}: raw TeX left on the page"
        figures = sorted((ROOT / "docs" / "evidence").glob("spiked*.png"))
        assert total == len(figures), f"{page}: {total} images for {len(figures)} published figures"


@needs_sphinx
@needs_chromium
def test_screenshot_of_a_claim_page(site: Path) -> None:
    """The screenshot is kept in the build (``_static/claim-page.png``) for a person to look at."""
    assert CHROMIUM is not None
    shot = site / "_static" / "claim-page.png"
    subprocess.run(
        [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=10000",
         "--window-size=1100,1600", f"--screenshot={shot}",
         (site / "_generated" / "claims" / "spiked.outlier.html").as_uri()],
        capture_output=True, text=True, timeout=120, check=True)
    assert shot.stat().st_size > 10_000
