"""Distances between samples and predicted distributions."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from theory._validate import finite_array, function, in_open_interval, positive_int

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

    ``sample``: finite real numbers (any shape, flattened, not empty); ``cdf`` and ``cdf_left`` must return
    one value in ``[0, 1]`` per distinct sample value (``ValueError`` naming them otherwise).
    """
    values = np.sort(finite_array("sample", sample).reshape(-1))
    if values.size == 0:
        raise ValueError("sample must not be empty")
    function("cdf", cdf)
    if cdf_left is not None:
        function("cdf_left", cdf_left)
    unique, counts = np.unique(values, return_counts=True)
    upper = np.cumsum(counts) / values.size
    lower = upper - counts / values.size
    f_at = _cdf_values("cdf", cdf, unique)
    f_before = f_at if cdf_left is None else _cdf_values("cdf_left", cdf_left, unique)
    return float(max(np.max(np.abs(upper - f_at)), np.max(np.abs(lower - f_before))))


def _cdf_values(name: str, cdf: CdfFunction, x: NDArray[np.float64]) -> NDArray[np.float64]:
    """``cdf(x)`` as float64 values in ``[0, 1]``, one per point, else ``ValueError`` naming ``name``."""
    try:
        values = np.asarray(cdf(x), dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must return real numbers for an array of points; it raised {exc!r}") from exc
    if values.shape != x.shape:
        raise ValueError(f"{name} must return one value per point (shape {x.shape}); got shape {values.shape}")
    if not np.all((values >= 0.0) & (values <= 1.0)):
        raise ValueError(f"{name} must return values in [0, 1] (a distribution function)")
    return values


def dkw_radius(samples: int, alpha: float) -> float:
    """Dvoretzky–Kiefer–Wolfowitz–Massart radius: ``P(sup|F_R - F| > eps) <= alpha``.

    ``eps = sqrt(log(2 / alpha) / (2 R))`` (Massart 1990, tight constant); ``samples`` a positive integer,
    ``alpha`` in ``(0, 1)``.
    """
    positive_int("samples", samples)
    alpha = in_open_interval("alpha", alpha, 0.0, 1.0)
    return float(np.sqrt(np.log(2.0 / alpha) / (2.0 * samples)))
