"""Sizes of the Tracy–Widom draws per profile (``ci``, ``verify``, ``verify-cuda``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TracyWidomSizes:
    """Sizes of the Tracy–Widom draws per profile (``m`` is the smaller matrix side)."""

    tw_m_min: int
    tw_m_max: int
    tw_replicates: int


SIZES: dict[str, TracyWidomSizes] = {
    "ci": TracyWidomSizes(tw_m_min=80, tw_m_max=100, tw_replicates=20000),
    "verify": TracyWidomSizes(tw_m_min=140, tw_m_max=180, tw_replicates=24000),
    "verify-cuda": TracyWidomSizes(tw_m_min=200, tw_m_max=500, tw_replicates=40000),
}
