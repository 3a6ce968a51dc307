"""Trends: the direction predictions of trend claims and the Spearman test that checks them.

A trend claim predicts a direction (+1 increasing, 0 none, -1 decreasing, :func:`increasing`,
:func:`no_trend`, :func:`decreasing`); :func:`rmtcheck.trend_comparison` tests it with Spearman's rank
correlation at the one-sided level ``rmtcheck.tolerances.TREND_LEVEL`` and states the smallest
detectable effect (:func:`rmtcheck.trends.trend_min_effect`). :func:`rmtcheck.mean_and_error` is shared by
point claims.
:class:`rmtcheck.trends.TrendParams` is the parameter record of the trends over a grid of
``heavy_tails.moderate_trend`` and ``kesten.sgd_trend``.
:func:`rmtcheck.trends.control_variate_comparisons` is shared by the point claims of the ``spiked`` and
``lowrank`` families.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from rmtcheck import tolerances as tol
from rmtcheck.experiment import Comparison
from rmtcheck.params import check_size

FloatArray = NDArray[np.float64]


def mean_and_error(values: FloatArray) -> tuple[float, float]:
    """Sample mean and its standard error (``ddof = 1``)."""
    return float(np.mean(values)), float(np.std(values, ddof=1)) / math.sqrt(values.size)


def control_variate_comparisons(label: str, samples: FloatArray, controls: FloatArray, expected: FloatArray,
                                predicted: FloatArray, bias: FloatArray,
                                names: list[str]) -> tuple[Comparison, ...]:
    """Mean with a control variate: ``x - beta (w - E w)`` per column, ``E w`` known exactly
    (``u^T S u`` has mean ``1 + ell``; ``u^T X u`` mean ``ell + 1``; ``a^T Y b`` mean ``theta``), ``beta``
    the sample regression slope. It removes the part of the outlier's fluctuation carried by the
    quadratic form in the spike direction (standard error 0.3-0.55 times the plain one at correlation
    0.83-0.95, measured at m = 100); the O(1/R) bias of the fitted ``beta`` is negligible."""
    count = samples.shape[0]
    out = []
    for j in range(samples.shape[1]):
        x, w = samples[:, j], controls[:, j]
        covariance = np.cov(x, w)
        beta = covariance[0, 1] / covariance[1, 1] if covariance[1, 1] > 0 else 0.0
        adjusted = x - beta * (w - expected[j])
        error = float(adjusted.std(ddof=2)) / math.sqrt(count)
        out.append(Comparison(f"{label} {names[j]}", float(adjusted.mean()), float(predicted[j]),
                              tol.monte_carlo(error, float(bias[j]), float(predicted[j])), standard_error=error))
    return tuple(out)


def trend_min_effect(grid_values: FloatArray, estimates: FloatArray) -> float:
    """The smallest trend the Spearman test detects, as a relative change of the mean estimate
    across the grid.

    Model: ``estimate = a + b x + noise`` with the noise's pooled within-grid-point standard
    deviation ``s``. For a bivariate normal pair Spearman's rho is ``(6/pi) arcsin(r/2)``
    (Pearson ``r``), so the critical ``rho_c = z_{1-level} / sqrt(N - 1)`` of
    :func:`rmtcheck.tolerances.trend_band` corresponds to ``r_c = 2 sin(pi rho_c / 6)`` and to the slope
    ``b_c = r_c s / (sd(x) sqrt(1 - r_c^2))`` (detected with probability 1/2). Returned:
    ``|b_c| (max x - min x) / |mean estimate|``.
    """
    points = grid_values.size
    rho_c = float(stats.norm.isf(tol.TREND_LEVEL)) / math.sqrt(points - 1)
    r_c = 2.0 * math.sin(math.pi * rho_c / 6.0)
    if not r_c < 1.0:
        return math.inf
    groups = [estimates[grid_values == value] for value in np.unique(grid_values)]
    within = sum(float(np.sum((g - np.mean(g)) ** 2)) for g in groups)
    noise = math.sqrt(within / (points - len(groups)))
    slope = r_c * noise / (float(np.std(grid_values)) * math.sqrt(1.0 - r_c * r_c))
    return slope * float(np.ptp(grid_values)) / abs(float(np.mean(estimates)))


def trend_comparison(label: str, grid_values: FloatArray, estimates: FloatArray, direction: int) -> Comparison:
    """Spearman's rho of ``estimates`` against ``grid_values`` inside the band of ``direction``
    (``tolerances.trend_band``: one-sided level ``TREND_LEVEL``); its resolution is
    :func:`rmtcheck.trends.trend_min_effect`, the smallest relative change of the mean estimate across the grid
    that the test detects with these data."""
    rho = float(stats.spearmanr(grid_values, estimates).statistic)
    centre, half_width = tol.trend_band(direction, grid_values.size)
    return Comparison(f"Spearman rho({label})", rho, centre, half_width,
                      min_effect=trend_min_effect(grid_values, estimates))


def sample_trend(label: str, sample: tuple[FloatArray, FloatArray], direction: int) -> Comparison:
    return trend_comparison(label, sample[0], sample[1], direction)


def no_trend() -> int:
    """0: the exponent does not depend on mu (MP-like already at finite size)."""
    return 0


def decreasing() -> int:
    """-1: the opposite direction."""
    return -1


def increasing() -> int:
    """+1: the opposite direction."""
    return 1


@dataclass(frozen=True, kw_only=True)
class TrendParams:
    """A trend over ``grid`` (the parameter varied); ``replicates`` estimates per grid point.

    ``mu``-trend: ``p x n`` matrices of ``law``; SGD trend: ``dim`` and ``batch`` with ``p``
    and ``n`` unused (1).
    """

    grid: tuple[float, ...]
    replicates: int
    law: str = "student_t"
    p: int = 1
    n: int = 1
    dim: int = 1
    batch: int = 1

    def __post_init__(self) -> None:
        for name in ("replicates", "p", "n", "dim", "batch"):
            check_size(name, getattr(self, name))
        if len(self.grid) < 3:
            raise ValueError(f"grid must hold at least 3 values; got {self.grid!r}")

    @property
    def points(self) -> int:
        return len(self.grid) * self.replicates

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
