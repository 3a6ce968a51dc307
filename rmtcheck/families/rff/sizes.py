"""Sizes of the random Fourier feature draws per profile (``ci``, ``verify``, ``verify-cuda``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RffSizes:
    """Sizes of the Random Fourier features draws per profile (``m`` is the smaller matrix side)."""

    rff_mse_draws: int
    rff_fixed_point_draws: int


SIZES: dict[str, RffSizes] = {
    "ci": RffSizes(rff_mse_draws=256, rff_fixed_point_draws=128),
    "verify": RffSizes(rff_mse_draws=512, rff_fixed_point_draws=256),
    "verify-cuda": RffSizes(rff_mse_draws=512, rff_fixed_point_draws=256),
}
