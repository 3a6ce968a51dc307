"""The documentation site: it builds without warnings, every internal link resolves, claim pages
link their citation to the bibliography and show only their own figures, and in a real browser
(headless Chromium at 1280 px) the formulas are rendered by the bundled MathJax on every page, the
figures load and nothing overflows; screenshots are kept in the build. Skipped with a message where
the docs extra or Chromium is not installed."""

from __future__ import annotations

import html.parser
import importlib.util
import re
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
    any(importlib.util.find_spec(name) is None
        for name in ("sphinx", "myst_parser", "pydata_sphinx_theme", "sphinx_design")),
    reason="the docs extra (sphinx, myst-parser, pydata-sphinx-theme, ...) is not installed",
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
    # _static/ holds the theme's Jinja macro file (webpack-macros.html), not a page
    pages = {p: _parse(p) for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts}
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


WIDTH = 1280
# The pages a reader meets first: the index, a family page, a claim page, the catalog, the bibliography.
PAGES = {
    "index": "index.html",
    "family": "mp.html",
    "claim": "_generated/claims/spiked.outlier.html",
    "catalog": "_generated/catalog.html",
    "bibliography": "_generated/bibliography.html",
}
FAMILIES = ("mp", "tracy_widom", "spiked", "lowrank", "heavy_tails", "kesten", "rff", "adam", "scaling")


def _chromium(*args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--virtual-time-budget=15000", *args], capture_output=True, text=True, timeout=180)


def _dom(url: str, width: int = WIDTH) -> str:
    result = _chromium(f"--window-size={width},1000", "--dump-dom", url)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def _body(dom: str) -> dict[str, str]:
    """The attributes ``_static/loadcheck.js`` wrote on ``<body>`` once the page and MathJax were done."""
    tag = dom.split("<body", 1)[1].split(">", 1)[0]
    found = dict(re.findall(r'(data-[a-z]+)="([^"]*)"', tag))
    assert found.get("data-ready") == "1", f"loadcheck.js did not finish: {tag[:300]}"
    return found


def _check_page(site: Path, page: str) -> dict[str, str]:
    seen = _body(_dom((site / page).as_uri()))
    loaded, total = (int(x) for x in seen["data-images"].split("/"))
    assert loaded == total, f"{page}: only {loaded} of {total} images loaded"
    assert int(seen["data-mathjax"]) > 0, f"{page}: no formula rendered by MathJax"
    assert seen["data-rawtex"] == "0", f"{page}: {seen['data-rawtex']} text nodes with raw TeX delimiters"
    assert int(seen["data-overflow"]) <= 0, f"{page}: {seen['data-overflow']} px horizontal overflow at {WIDTH} px"
    assert not seen["data-clipped"], f"{page}: sticks out of the text column or clipped: {seen['data-clipped']}"
    return seen


@needs_sphinx
@needs_chromium
@pytest.mark.parametrize("page", list(PAGES.values()) + [f"{f}.html" for f in FAMILIES if f != "mp"])
def test_browser_math_images_and_no_overflow_at_1280px(site: Path, page: str) -> None:
    """In headless Chromium at 1280 px: every image loaded, MathJax rendered formulas and left no raw
    TeX, nothing overflows the page or sticks out of the text column (tables and code blocks scroll
    inside their own container, or wrap)."""
    seen = _check_page(site, page)
    if page.startswith("_generated/claims/"):
        check = next(c for c in discover(plugins=False) if c.claim.id == Path(page).stem)
        published = [f.filename for f in check.figures if (ROOT / "docs" / "evidence" / f.filename).exists()]
        total = int(seen["data-images"].split("/")[1])
        assert total == len(published), f"{page}: {total} images for the check's {len(published)} figures"


@needs_sphinx
def test_claim_pages_show_only_their_own_figures(site: Path) -> None:
    """A claim page shows the figures attached to its check and no others (``mp.atom`` has none)."""
    for check in discover(plugins=False):
        page = (site / "_generated" / "claims" / f"{check.claim.id}.html").read_text(encoding="utf-8")
        shown = set(re.findall(r'<img[^>]*src="[^"]*/([^"/]+\.png)"', page))
        published = {f.filename for f in check.figures if (ROOT / "docs" / "evidence" / f.filename).exists()}
        assert shown == published, check.claim.id


@needs_sphinx
def test_claim_pages_link_their_citation_and_name_the_source_documents(site: Path) -> None:
    """Every claim page links its BibTeX key to the bibliography entry, and no page says
    "source document 00x" without naming the talk or paper."""
    bib = (site / "_generated" / "bibliography.html").read_text(encoding="utf-8")
    for check in discover(plugins=False):
        claim = check.claim
        page = (site / "_generated" / "claims" / f"{claim.id}.html").read_text(encoding="utf-8")
        assert f'href="../bibliography.html#bib-{claim.citation}"' in page, claim.id
        assert f'id="bib-{claim.citation}"' in bib, claim.citation
        article = page.split("<article", 1)[1].split("</article>", 1)[0]
        text = re.sub(r"<[^>]+>", "", re.sub(r"<pre.*?</pre>", "", article, flags=re.S))  # not the BibTeX
        assert "source document 00" not in text.lower().replace("source documents", ""), claim.id
    assert "https://doi.org/10.1214/aos/1009210544" in bib  # johnstone2001


@needs_sphinx
def test_no_raw_long_floats_on_claim_pages(site: Path) -> None:
    """Drawn parameters are rounded to their precision: no decimal with 7 or more significant digits in the
    text (``0.0002418`` has 4; a raw float such as ``0.30000000000000004`` has 17)."""
    for page in (site / "_generated" / "claims").glob("*.html"):
        article = page.read_text(encoding="utf-8").split("<article", 1)[1].split("</article>", 1)[0]
        text = re.sub(r"<pre.*?</pre>", "", article, flags=re.S)  # the BibTeX block
        numbers = re.findall(r"\d+\.\d+", re.sub(r"<[^>]+>", "", text))
        long = [n for n in numbers if len(n.replace(".", "").lstrip("0")) >= 7]
        assert not long, (page.name, long[:5])


def test_readme_has_one_claims_table() -> None:
    """The generated claims table is README's only one: no stale rows after its end marker."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    after = readme.split("<!-- claims-table:end -->", 1)[1]
    assert not re.search(r"^\| `[a-z_]+\.[a-z_0-9]+` \|", after, flags=re.M)


@needs_sphinx
@needs_chromium
def test_screenshots_at_1280px(site: Path) -> None:
    """Screenshots of the index, a family page, a claim page, the catalog and the bibliography at
    1280 px, kept in the build (``_static/screenshots/``) for a person to look at."""
    shots = site / "_static" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    for name, page in PAGES.items():
        shot = shots / f"{name}.png"
        result = _chromium(f"--window-size={WIDTH},2400", f"--screenshot={shot}", (site / page).as_uri())
        assert result.returncode == 0, result.stderr[-2000:]
        assert shot.stat().st_size > 10_000, name
