"""Figures for the verification report (needs the ``report`` extra: matplotlib).

``python -m rmtcheck.figures DIR`` writes every :class:`rmtcheck.check.Figure` attached to the discovered
checks (:func:`rmtcheck.check.discover`), once per file name, in catalog order. Each family keeps its
figures in ``rmtcheck/families/<family>/figures.py``; fixed seeds make them reproducible.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from rmtcheck.check import Figure
from rmtcheck.plugins import discover

__all__ = ["figures", "main", "pyplot"]


def pyplot() -> Any:
    """matplotlib.pyplot on the non-interactive Agg backend (imported lazily: optional extra)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def figures() -> tuple[Figure, ...]:
    """The figures of every discovered check, deduplicated by file name."""
    unique: dict[str, Figure] = {}
    for check in discover():
        for figure in check.figures:
            unique.setdefault(figure.filename, figure)
    return tuple(unique.values())


def main(directory: str) -> None:
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    for figure in figures():
        figure.draw(target / figure.filename, pyplot())
        print(f"wrote {target / figure.filename}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "reports")
