"""Sizes and replicate counts of the scaling-law family per profile (``ci``, ``verify``, ``verify-cuda``).

``EXAMPLES`` is the fraction of the profile's Hypothesis examples each claim runs (``rmtcheck.check.Check``'s
``examples``; at least 4 are run): with 10 (ci) and 25 (verify) examples per claim, gd_loss and
ridge_risk run 4 and 8, ridgeless_peak 4 and 5, ridge_exponent, gd_floor, gd_crossover and gd_curve 4 and 4.
Timings (this 2-core CPU, one thread): ci about 20 s for the first four claims and 10 s for the three GD-regression
ones; verify about 70 s and 25 s (gd_floor 5-7 s, gd_crossover 10-16 s including its filtered draws, gd_curve
7-11 s).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class ScalingSizes:
    """Sizes of one profile.

    ``gd_coordinates`` coordinates and ``gd_t_max`` steps of the GD claim; ``ridge_n`` the range of ``n``,
    ``ridge_replicates`` designs per ridge-risk example, ``ridge_effective_n`` the smallest ``n - df_2``
    drawn and ``ridge_p_max`` the largest ``p``; ``peak_n`` and ``peak_replicates`` for the ridgeless
    peak; ``exponent_ns`` the doubling grid of the learning curves, ``exponent_replicates`` designs per
    point and ``exponent_p`` features (ci: 128, 4x cheaper; the DE's curvature on the grid is part of the
    tolerance)."""

    gd_coordinates: int
    gd_t_max: int
    ridge_n: tuple[int, int]
    ridge_replicates: int
    ridge_effective_n: int
    ridge_p_max: int
    peak_n: tuple[int, int]
    peak_replicates: int
    exponent_ns: tuple[int, ...]
    exponent_replicates: int
    exponent_p: int
    learned_n: tuple[int, int] = (150, 250)
    floor_n: tuple[int, int] = (200, 300)
    learned_per_decade: int = 16
    floor_replicates: int = 100
    crossover_replicates: int = 300
    curve_replicates: int = 150

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


SIZES: dict[str, ScalingSizes] = {
    "ci": ScalingSizes(gd_coordinates=2**16, gd_t_max=600, ridge_n=(180, 220), ridge_replicates=120,
                       ridge_effective_n=110, ridge_p_max=320, peak_n=(120, 160), peak_replicates=400,
                       exponent_ns=(128, 256, 512, 1024), exponent_replicates=100, exponent_p=128,
                       learned_n=(100, 150), floor_n=(120, 180), floor_replicates=60, crossover_replicates=80,
                       curve_replicates=60),
    "verify": ScalingSizes(gd_coordinates=2**17, gd_t_max=1500, ridge_n=(250, 400), ridge_replicates=300,
                           ridge_effective_n=150, ridge_p_max=600,
                           peak_n=(200, 260), peak_replicates=1200,
                           exponent_ns=(128, 256, 512, 1024, 2048), exponent_replicates=96,
                           exponent_p=256, learned_n=(150, 250), floor_n=(200, 300), floor_replicates=100,
                           crossover_replicates=150),
    "verify-cuda": ScalingSizes(gd_coordinates=2**20, gd_t_max=4000, ridge_n=(300, 1000), ridge_replicates=2000,
                                ridge_effective_n=200, ridge_p_max=1500,
                                peak_n=(400, 1000), peak_replicates=3000,
                                exponent_ns=(128, 256, 512, 1024, 2048), exponent_replicates=240, exponent_p=256,
                                learned_n=(300, 500), floor_n=(400, 600), floor_replicates=400,
                                crossover_replicates=600, curve_replicates=400),
}

EXAMPLES: dict[str, float] = {
    "scaling.gd_loss": 0.32,
    "scaling.ridge_risk": 0.32,
    "scaling.ridgeless_peak": 0.2,
    "scaling.ridge_exponent": 0.16,
    "scaling.gd_floor": 0.16,
    "scaling.gd_crossover": 0.16,
    "scaling.gd_curve": 0.16,
}

PROFILE_EXAMPLES = {"ci": 10, "verify": 25, "verify-cuda": 25}  # Hypothesis examples per claim (rmtcheck.profiles)


def example_count(profile: str, claim_id: str) -> int:
    """``max(4, round(examples_per_claim * EXAMPLES[claim_id]))``, as ``rmtcheck.Profile.examples`` does."""
    return max(4, round(PROFILE_EXAMPLES[profile] * EXAMPLES[claim_id]))
