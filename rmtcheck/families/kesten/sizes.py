"""Sizes of the Kesten-recursion and SGD tail draws per profile (``ci``, ``verify``, ``verify-cuda``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KestenSizes:
    """Sizes of the Kesten recursions and SGD tails draws per profile (``m`` is the smaller matrix side)."""

    kesten_runs: int


SIZES: dict[str, KestenSizes] = {
    "ci": KestenSizes(kesten_runs=1),
    "verify": KestenSizes(kesten_runs=2),
    "verify-cuda": KestenSizes(kesten_runs=2),
}
