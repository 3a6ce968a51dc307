"""Comparisons shared by several experiment families."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from sim import tolerances as tol
from sim.harness import Comparison

FloatArray = NDArray[np.float64]


def mean_and_error(values: FloatArray) -> tuple[float, float]:
    """Sample mean and its standard error (``ddof = 1``)."""
    return float(np.mean(values)), float(np.std(values, ddof=1)) / math.sqrt(values.size)


def trend_comparison(label: str, grid_values: FloatArray, estimates: FloatArray, direction: int) -> Comparison:
    """Spearman's rho of ``estimates`` against ``grid_values`` inside the band of ``direction``
    (``tolerances.trend_band``: one-sided level ``TREND_LEVEL``)."""
    rho = float(stats.spearmanr(grid_values, estimates).statistic)
    centre, half_width = tol.trend_band(direction, grid_values.size)
    return Comparison(f"Spearman rho({label})", rho, centre, half_width)
