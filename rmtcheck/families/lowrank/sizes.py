"""Sizes of the low-rank approximation error draws per profile (``ci``, ``verify``, ``verify-cuda``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LowrankSizes:
    """Sizes of the Low-rank approximation error draws per profile (``m`` is the smaller matrix side)."""

    m_min: int
    m_max: int
    spike_m_max: int
    spike_replicates: int


SIZES: dict[str, LowrankSizes] = {
    "ci": LowrankSizes(m_min=80, m_max=200, spike_m_max=200, spike_replicates=16),
    "verify": LowrankSizes(m_min=100, m_max=500, spike_m_max=300, spike_replicates=16),
    "verify-cuda": LowrankSizes(m_min=200, m_max=1500, spike_m_max=1000, spike_replicates=32),
}
