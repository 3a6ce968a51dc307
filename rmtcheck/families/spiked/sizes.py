"""Sizes of the spiked-model draws per profile (``ci``, ``verify``, ``verify-cuda``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SpikedSizes:
    """Sizes of the Spiked models draws per profile (``m`` is the smaller matrix side)."""

    m_min: int
    m_max: int
    spike_m_max: int
    spike_replicates: int
    variance_replicates: int
    threshold_replicates: int
    threshold_m_max: int
    variance_m_min: int
    variance_m_max: int


SIZES: dict[str, SpikedSizes] = {
    "ci": SpikedSizes(m_min=80, m_max=200, spike_m_max=200, spike_replicates=16, variance_replicates=8000,
                      threshold_replicates=16, threshold_m_max=200, variance_m_min=200, variance_m_max=240),
    "verify": SpikedSizes(m_min=100, m_max=500, spike_m_max=300, spike_replicates=16, variance_replicates=30000,
                          threshold_replicates=16, threshold_m_max=200, variance_m_min=400, variance_m_max=480),
    "verify-cuda": SpikedSizes(m_min=200, m_max=1500, spike_m_max=1000, spike_replicates=32,
                               variance_replicates=60000, threshold_replicates=32, threshold_m_max=400,
                               variance_m_min=800, variance_m_max=1000),
}
