"""Sizes of the heavy-tail draws per profile (``ci``, ``verify``, ``verify-cuda``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class HeavyTailsSizes:
    """Sizes of the Heavy tails draws per profile (``m`` is the smaller matrix side)."""

    heavy_m_max: int
    m_max: int


SIZES: dict[str, HeavyTailsSizes] = {
    "ci": HeavyTailsSizes(heavy_m_max=400, m_max=200),
    "verify": HeavyTailsSizes(heavy_m_max=600, m_max=500),
    "verify-cuda": HeavyTailsSizes(heavy_m_max=1000, m_max=1500),
}
