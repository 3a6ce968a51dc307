"""Sizes and replicate counts of the scaling-law family per profile (``ci``, ``verify``, ``verify-cuda``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class ScalingSizes:
    """Sizes of one profile.

    ``gd_coordinates`` coordinates and ``gd_t_max`` steps of the GD claim; ``ridge_n`` the range of ``n`` and
    ``ridge_replicates`` designs per ridge-risk example; ``peak_n`` and ``peak_replicates`` for the
    ridgeless peak; ``exponent_ns`` the doubling grid of the learning curves and ``exponent_replicates``
    designs per point; ``examples`` Hypothesis examples per claim; ``target_factor`` the relaxation
    of the verify resolution targets (ci: 3)."""

    gd_coordinates: int
    gd_t_max: int
    ridge_n: tuple[int, int]
    ridge_replicates: int
    peak_n: tuple[int, int]
    peak_replicates: int
    exponent_ns: tuple[int, ...]
    exponent_replicates: int
    examples: dict[str, int]
    target_factor: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


SIZES: dict[str, ScalingSizes] = {
    "ci": ScalingSizes(gd_coordinates=2**16, gd_t_max=600, ridge_n=(120, 160), ridge_replicates=150,
                       peak_n=(120, 160),
                       peak_replicates=500, exponent_ns=(128, 256, 512, 1024), exponent_replicates=40,
                       examples={"scaling.gd_loss": 4, "scaling.ridge_risk": 4, "scaling.ridgeless_peak": 4,
                                 "scaling.ridge_exponent": 2},
                       target_factor=3.0),
    "verify": ScalingSizes(gd_coordinates=2**17, gd_t_max=1500, ridge_n=(250, 400), ridge_replicates=300,
                           peak_n=(200, 300), peak_replicates=800, exponent_ns=(128, 256, 512, 1024, 2048),
                           exponent_replicates=80,
                           examples={"scaling.gd_loss": 8, "scaling.ridge_risk": 8, "scaling.ridgeless_peak": 5,
                                     "scaling.ridge_exponent": 4},
                           target_factor=1.0),
    "verify-cuda": ScalingSizes(gd_coordinates=2**20, gd_t_max=4000, ridge_n=(300, 1000), ridge_replicates=2000,
                                peak_n=(400, 1000), peak_replicates=5000,
                                exponent_ns=(64, 128, 256, 512, 1024, 2048), exponent_replicates=200,
                                examples={"scaling.gd_loss": 8, "scaling.ridge_risk": 16,
                                          "scaling.ridgeless_peak": 8, "scaling.ridge_exponent": 6},
                                target_factor=1.0),
}
