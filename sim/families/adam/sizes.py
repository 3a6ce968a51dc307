"""Sizes of the one-step and multi-step FB-Adam / GD draws per profile (``ci``, ``verify``, ``verify-cuda``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AdamSizes:
    """Sizes of the One-step and multi-step FB-Adam / GD draws per profile (``m`` is the smaller matrix side)."""

    adam_h_max: int
    adam_replicates: int
    multistep_d: tuple[int, int]


SIZES: dict[str, AdamSizes] = {
    "ci": AdamSizes(adam_h_max=200, adam_replicates=8, multistep_d=(150, 200)),
    "verify": AdamSizes(adam_h_max=400, adam_replicates=12, multistep_d=(500, 500)),
    "verify-cuda": AdamSizes(adam_h_max=1000, adam_replicates=16, multistep_d=(1000, 1000)),
}
