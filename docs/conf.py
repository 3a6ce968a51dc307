"""Sphinx configuration of the rmtcheck documentation site (``nox -s docs``).

The site is built offline: the pydata-sphinx-theme (the scientific-Python projects' theme; its
fonts and icons ship with the package, nothing is fetched from a CDN), MathJax served from the
``sphinx-mathjax-offline`` package, no intersphinx, no analytics. Claim pages, the catalog, the
bibliography and the families' claim overviews are generated at build time by ``_ext/rmtcheck_pages``
from the claim registry and the published evidence in ``docs/evidence/``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path[:0] = [str(DOCS.parent), str(DOCS / "_ext")]

project = "rmtcheck"
author = "rmtcheck developers"
copyright = "2026, rmtcheck developers"

extensions = [
    "myst_parser",
    "sphinx.ext.mathjax",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx-mathjax-offline",
    "sphinx_design",
    "rmtcheck_pages",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 3
exclude_patterns = ["_build", "evidence/**", "_generated/families/**"]  # families/: included
autodoc_member_order = "bysource"
autodoc_typehints = "description"
napoleon_google_docstring = True
html_theme = "pydata_sphinx_theme"
html_static_path = ["_static"]
html_js_files = ["loadcheck.js"]
html_css_files = ["rmtcheck.css"]
html_title = "rmtcheck"
html_theme_options = {
    "navbar_align": "left",
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "header_links_before_dropdown": 4,
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
    "use_edit_page_button": False,
    "icon_links": [],
}
# The left navigation only where there is a section to navigate (the 50 claim pages); elsewhere the
# text column takes the width.
html_sidebars = {"_generated/catalog": ["sidebar-nav-bs"], "_generated/claims/*": ["sidebar-nav-bs"],
                 "_generated/bibliography": [], "[!_]*": []}
html_show_sourcelink = False
# Dataclass fields and typing aliases produce unresolvable references in signatures; everything
# else must resolve (-n): these are ignored by name, never by pattern.
nitpicky = True
nitpick_ignore_regex = [
    (r"py:.*", r"(numpy|np|torch|scipy|mpmath|sympy|hypothesis|collections\.abc|typing|types|pathlib)\..*"),
    (r"py:.*", r"(NDArray|ArrayLike|FloatArray|Predictor|P|P_contra|T|R|Any|Callable|Mapping|Sequence|Path)"),
    (r"py:.*", r"(float|int|str|bool|None|tuple|dict|list|object)"),
    (r"py:.*", r"(.*\.)?(P|P_contra|T|R|_[A-Za-z0-9_]+)"),  # type variables and private helpers
]

_ABSOLUTE = re.compile(r"(?<![\\|])\|(?=[^|\s])([^|`]*?[^|\s])\|(?!\|)")


def _escape_absolute_values(app: object, what: str, name: str, obj: object, options: object,
                            lines: list[str]) -> None:
    """Docstrings write absolute values and norms as ``|x|``, which reST reads as substitutions:
    escape the bars (outside literal spans)."""
    for index, line in enumerate(lines):
        parts = line.split("``")
        for k in range(0, len(parts), 2):
            parts[k] = _ABSOLUTE.sub(lambda m: "\\|" + m.group(1) + "\\|", parts[k])
        lines[index] = "``".join(parts)


def setup(app: object) -> None:
    app.connect("autodoc-process-docstring", _escape_absolute_values)  # type: ignore[attr-defined]
