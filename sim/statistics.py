"""Distances between samples and predicted distributions."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

CdfFunction = Callable[[NDArray[np.float64]], ArrayLike]


def kolmogorov_distance(
    sample: ArrayLike,
    cdf: CdfFunction,
    cdf_left: CdfFunction | None = None,
) -> float:
    """``sup_x |F_n(x) - F(x)|`` for the empirical CDF ``F_n`` of ``sample``.

    Exact for a non-decreasing ``F`` with finitely many atoms: the supremum is attained at
    a sample value, either at the value or just before it. Ties in the sample are grouped.
    ``cdf_left(x) = F(x-)`` must be given when ``F`` has atoms at sample values (the
    Marchenko–Pastur atom at 0); by default ``F`` is taken as continuous.
    """
    values = np.sort(np.asarray(sample, dtype=np.float64).reshape(-1))
    if values.size == 0:
        raise ValueError("sample must not be empty")
    unique, counts = np.unique(values, return_counts=True)
    upper = np.cumsum(counts) / values.size
    lower = upper - counts / values.size
    f_at = np.asarray(cdf(unique), dtype=np.float64)
    f_before = f_at if cdf_left is None else np.asarray(cdf_left(unique), dtype=np.float64)
    return float(max(np.max(np.abs(upper - f_at)), np.max(np.abs(lower - f_before))))


def dkw_radius(samples: int, alpha: float) -> float:
    """Dvoretzky–Kiefer–Wolfowitz–Massart radius: ``P(sup|F_R - F| > eps) <= alpha``.

    ``eps = sqrt(log(2 / alpha) / (2 R))`` (Massart 1990, tight constant).
    """
    if samples < 1:
        raise ValueError(f"samples must be a positive integer; got {samples!r}")
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must lie in (0, 1); got {alpha!r}")
    return float(np.sqrt(np.log(2.0 / alpha) / (2.0 * samples)))
