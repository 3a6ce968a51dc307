"""Sizes of the Marchenko–Pastur draws per profile (``ci``, ``verify``, ``verify-cuda``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MpSizes:
    """Sizes of the Marchenko–Pastur draws per profile (``m`` is the smaller matrix side)."""

    mp_m: tuple[int, int]
    edge_m: tuple[int, int]
    esd_replicates: int
    edge_replicates: int
    replicates: int


SIZES: dict[str, MpSizes] = {
    "ci": MpSizes(mp_m=(100, 120), edge_m=(80, 100), esd_replicates=24, edge_replicates=24, replicates=48),
    "verify": MpSizes(mp_m=(120, 160), edge_m=(120, 150), esd_replicates=48, edge_replicates=64, replicates=160),
    "verify-cuda": MpSizes(mp_m=(200, 400), edge_m=(200, 400), esd_replicates=32, edge_replicates=64,
                           replicates=256),
}
