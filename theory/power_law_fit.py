"""Continuous power-law fits of a spectrum's upper tail: the Hill estimator and the KS fit.

Both fit the density ``p(x) = (alpha - 1) / x_min * (x / x_min)^(-alpha)`` for
``x >= x_min`` (``alpha`` is the *density* exponent; the tail index of the CCDF is
``alpha - 1``). For the ``k`` values ``x_(1) >= ... >= x_(k) = x_min`` kept, the
maximum-likelihood exponent is

    alpha_hat = 1 + k / sum_{i <= k} log(x_(i) / x_min)                      (Hill 1975)

with standard error ``(alpha_hat - 1) / sqrt(k)`` (Clauset, Shalizi & Newman 2009, eq. 3.2
and 3.6). The smallest kept value is ``x_min`` itself and contributes ``log 1 = 0``, as in
the PL_Alpha_Hill code of Zhou et al. (2023) used by source document 002 and in
weightwatcher's fit.

Finite-``k`` bias, exact for Pareto data: the ``k - 1`` values above the order statistic
``x_min`` are iid Pareto given ``x_min`` (Rényi), so ``sum log(x / x_min)`` is
Gamma(k - 1, rate alpha - 1) and ``E alpha_hat = 1 + (alpha - 1) k / (k - 2)`` (``k > 2``):
the estimate is biased upwards by ``2 (alpha - 1) / (k - 2)``, a quarter of a standard error
at ``k = 64``; see :func:`hill_mean`.

:func:`alpha_ks` chooses ``x_min`` among the sample values by minimising the
Kolmogorov–Smirnov distance between the fitted and the empirical CDF of the tail
(Clauset, Shalizi & Newman 2009, §3.3), with weightwatcher's conventions (``fit_powerlaw``
with its default ``pl_package='ww'``, version 0.7.7) so that the same eigenvalues give the
same ``alpha``, ``x_min`` and ``D``:

* candidates are every sample value but the largest;
* the distance for candidate ``x_min`` with ``m`` tail values ``t_0 <= ... <= t_{m-1}`` is
  ``D = max_j |1 - (t_j / x_min)^(1 - alpha) - j / m|`` (the empirical CDF just below
  ``t_j``);
* the first minimiser wins ties.

Differences from weightwatcher, by design: values must be positive (weightwatcher drops
values ``<= 1e-5`` first: use :func:`positive_eigenvalues`); a given ``xmin`` is used as the
fixed lower cut-off (weightwatcher treats it as the lowest candidate); below 20 values
weightwatcher switches to a different small-sample objective, which is not reproduced;
candidates whose tail values are all equal (a degenerate fit) are skipped.

All exponents come from one reverse cumulative sum of logs; the distances are computed
for blocks of candidates at once, after a lower bound from a coarse grid of tail points
has ruled out the candidates that cannot win (branch and bound, exact).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from theory._validate import FloatArray, finite_array, finite_result, positive_finite, positive_int, real_scalar

IndexArray = NDArray[np.int64]

__all__ = [
    "PowerLawFit",
    "alpha_hill",
    "alpha_hill_batch",
    "alpha_ks",
    "hill_mean",
    "ks_distance",
    "positive_eigenvalues",
]

#: weightwatcher's threshold below which eigenvalues count as zero (``EVALS_THRESH``).
ZERO_THRESHOLD = 1e-5

_GRID = 96
_BLOCK_CELLS = 1 << 20


@dataclass(frozen=True)
class PowerLawFit:
    """A continuous power-law fit of the tail ``x >= x_min``.

    Attributes:
        alpha: Density exponent (``p(x) ~ x^-alpha``); the CCDF tail index is ``alpha - 1``.
        x_min: Lower cut-off (a sample value).
        x_max: Largest value used.
        k: Number of values in ``[x_min, x_max]`` (``x_min`` included).
        sigma: Standard error ``(alpha - 1) / sqrt(k)``.
        D: Kolmogorov–Smirnov distance of the fit (weightwatcher's convention).
    """

    alpha: float
    x_min: float
    x_max: float
    k: int
    sigma: float
    D: float

    @property
    def tail_index(self) -> float:
        """The CCDF exponent ``alpha - 1``: ``P(X > x) ~ x^-(alpha - 1)``."""
        return self.alpha - 1.0


def positive_eigenvalues(eigs: ArrayLike, threshold: float = ZERO_THRESHOLD) -> FloatArray:
    """The eigenvalues above ``threshold`` (weightwatcher's ``evals > 1e-5`` filter)."""
    values = finite_array("eigs", eigs, ndim=1)
    cut = positive_finite("threshold", threshold)
    kept: FloatArray = values[values > cut]
    return kept


def _sorted_values(eigs: ArrayLike, minimum: int) -> FloatArray:
    """Validated, ascending, positive values; at least ``minimum`` and not all equal."""
    values = finite_array("eigs", eigs, ndim=1)
    if values.size < minimum:
        raise ValueError(f"eigs must hold at least {minimum} values; got {values.size}")
    if np.any(values <= 0.0):
        raise ValueError(
            "eigs must be > 0 (allowed range (0, inf)); drop zero eigenvalues first, "
            "e.g. with positive_eigenvalues(eigs)"
        )
    ordered = np.sort(values)
    if ordered[0] == ordered[-1]:
        raise ValueError("eigs must not all be equal (a power law needs a spread of values)")
    return ordered


def _summary(alpha: float, tail: FloatArray) -> PowerLawFit:
    k = int(tail.size)
    return PowerLawFit(
        alpha=alpha,
        x_min=float(tail[0]),
        x_max=float(tail[-1]),
        k=k,
        sigma=(alpha - 1.0) / math.sqrt(k),
        D=ks_distance(tail, alpha),
    )


def ks_distance(tail: ArrayLike, alpha: float) -> float:
    """``max_j |1 - (t_j / t_0)^(1 - alpha) - j / m|`` over the ascending tail ``t``.

    The power-law CDF with ``x_min = t_0`` against the empirical CDF just below each
    value (weightwatcher's convention). ``alpha`` must exceed 1.
    """
    values = np.sort(finite_array("tail", tail, ndim=1))
    if values.size < 1 or values[0] <= 0.0:
        raise ValueError("tail must hold at least one value, all > 0")
    exponent = positive_finite("alpha - 1", real_scalar("alpha", alpha, "(1, inf)") - 1.0)
    m = values.size
    with np.errstate(under="ignore"):
        model = 1.0 - np.exp(-exponent * (np.log(values) - math.log(values[0])))
    return float(np.max(np.abs(model - np.arange(m) / m)))


def alpha_hill(eigs: ArrayLike, k: int | None = None) -> PowerLawFit:
    """Hill estimate of the density exponent from the ``k`` largest values.

    ``alpha = 1 + k / sum_{i <= k} log(x_(i) / x_(k))`` with ``x_min = x_(k)``, the k-th
    largest value. Default ``k = N - floor(N / 2)``: ``x_min`` is the middle of the sorted
    values (PL_Alpha_Hill of Zhou et al. 2023, used by source document 002). Requires
    ``2 <= k <= N`` and at least two distinct values among the ``k``.

    What it estimates: the exponent of a Pareto law fitted to the top ``k`` values, biased by
    ``k / (k - 2)`` even on exact Pareto data (:func:`hill_mean`). On a heavy-tailed ESD the default ``k``
    (half the spectrum) reaches into the body and does **not** estimate the tail exponent: for ``N x N``
    matrices of symmetric Pareto entries of tail index ``mu`` (ESD density exponent ``mu/2 + 1``) the
    default fit is 4.5-7% low at every size (``mu = 0.5``: -4.7, -5.2, -5.0%; ``mu = 1``: -6.9, -7.0,
    -6.7%; ``mu = 1.5``: -4.5, -5.2, -4.8% at ``N = 250, 500, 1000``, SE 0.2-0.4%; issue 27,
    benchmarks/fidelity27_tail_fits.py). With ``k`` the top 10% and the mean compared with
    ``hill_mean(mu/2 + 1, k)`` it is within 3% for ``mu <= 1`` (``heavy_tails.levy_exponent`` draws
    ``mu <= 0.45`` there) but +6-7% at ``mu = 1.5``; the top 1% is unbiased within its 2-7% SE.
    """
    ordered = _sorted_values(eigs, 2)
    count = ordered.size
    if k is None and count < 3:
        raise ValueError(f"eigs must hold at least 3 values for the default k = N - floor(N/2) >= 2 (got N = "
                         f"{count}, default k = 1); pass k=2 explicitly")
    kept = count - count // 2 if k is None else positive_int("k", k)
    if not 2 <= kept <= count:
        raise ValueError(f"k must lie in [2, {count}] (the number of values); got {k!r}")
    tail = ordered[count - kept:]
    # log(x) - log(x_min), not log(x / x_min): the ratio overflowed for [1e-300, 1e300] (issue 26)
    total = float(np.sum(np.log(tail) - math.log(tail[0])))
    if total <= 0.0:
        raise ValueError("the k largest values are all equal; choose a larger k")
    return _summary(1.0 + kept / total, tail)


def alpha_hill_batch(samples: ArrayLike, k: int) -> FloatArray:
    """:func:`alpha_hill` exponents for each row of ``samples`` (shape ``(R, N)``), same ``k``.

    One sort and one sum over the ``R x k`` tails; identical to ``alpha_hill(row, k).alpha``
    row by row.
    """
    values = finite_array("samples", samples, ndim=2)
    if values.ndim != 2 or values.shape[1] < 2:
        raise ValueError(f"samples must have shape (R, N) with N >= 2; got {values.shape}")
    if np.any(values <= 0.0):
        raise ValueError("samples must be > 0 (allowed range (0, inf))")
    kept = positive_int("k", k)
    if not 2 <= kept <= values.shape[1]:
        raise ValueError(f"k must lie in [2, {values.shape[1]}] (the row length); got {k!r}")
    tails = np.sort(values, axis=1)[:, values.shape[1] - kept:]
    totals = np.sum(np.log(tails) - np.log(tails[:, :1]), axis=1)
    if np.any(totals <= 0.0):
        raise ValueError("a row's k largest values are all equal; choose a larger k")
    alphas: FloatArray = 1.0 + kept / totals
    return alphas


def hill_mean(alpha: float, k: int) -> float:
    """``E alpha_hat = 1 + (alpha - 1) k / (k - 2)``: Hill on ``k`` Pareto(alpha) order statistics.

    Exact for a Pareto sample with ``x_min`` an order statistic (module docstring); ``k >= 3``.
    """
    a = positive_finite("alpha - 1", real_scalar("alpha", alpha, "(1, inf)") - 1.0)
    kept = positive_int("k", k)
    if kept < 3:
        raise ValueError(f"k must be >= 3 for a finite mean (allowed range 3, 4, ...); got {k!r}")
    return finite_result(1.0 + a * (kept / (kept - 2)), "alpha (the mean exceeds 1.8e308)")


def alpha_ks(eigs: ArrayLike, xmin: float | None = None, xmax: float | None = None) -> PowerLawFit:
    """Power-law fit with ``x_min`` minimising the KS distance (Clauset et al. 2009).

    Values above ``xmax`` are dropped first. With ``xmin`` given, it is the fixed cut-off
    (every value ``>= xmin`` is kept) and no search is made. Otherwise every value but the
    largest is a candidate; the exponent for each is the Hill MLE of its tail and the
    winner minimises the distance of :func:`ks_distance` (first minimiser on ties).

    What it estimates: the exponent of the Pareto law that best fits (in KS distance) the tail above the
    chosen ``x_min`` — the asymptotic exponent only when the tail is a pure power law from ``x_min`` on. On
    heavy-tailed ESDs the chosen tail includes the bend into the body, and the bias depends on ``mu``, not on
    the size: for ``N x N`` matrices of symmetric Pareto entries of tail index ``mu`` (ESD density exponent
    ``mu/2 + 1``) the mean fit is -3.0, -2.6, -1.8% off at ``mu = 0.5``; -2.7, -3.2, 0.0% at ``mu = 1``;
    and **+6.5, +6.5, +6.8%** at ``mu = 1.5`` (``N = 250, 500, 1000``; SE 0.5-2.1%; issue 27,
    benchmarks/fidelity27_tail_fits.py; the issue's independent run: +5-6.5% at ``mu = 1.5``, N = 250-2000).
    The ``heavy_tails.ks_*`` claims use it only on iid samples with a pure power tail (Pareto body, |Student-t|
    with ``nu <= 0.9``), where the bias is below one fitted SE (rmtcheck/families/heavy_tails/tolerances.py).
    """
    values = _sorted_values(eigs, 3)
    if xmax is not None:
        top = positive_finite("xmax", xmax)
        values = values[values <= top]
        if values.size < 3 or values[0] == values[-1]:
            raise ValueError(f"xmax={xmax!r} leaves fewer than 3 distinct values")
    if xmin is not None:
        cut = positive_finite("xmin", xmin)
        tail = values[values >= cut]
        if tail.size < 2 or tail[0] == tail[-1]:
            raise ValueError(f"xmin must leave at least 2 distinct values above it; got {xmin!r}")
        return _summary(1.0 + tail.size / float(np.sum(np.log(tail) - math.log(tail[0]))), tail)
    alphas = _candidate_alphas(values)
    best = _best_candidate(values, alphas)
    return _summary(float(alphas[best]), values[best:])


def _candidate_alphas(values: FloatArray) -> FloatArray:
    """Hill exponents for every candidate ``x_min = values[i]``, ``i < N - 1``; inf if degenerate.

    ``sum_{j >= i} log(x_j / x_i) = R_i - m_i log x_i`` with ``R`` the reverse cumulative
    sum of logs taken from the top (logs relative to the largest value, so the sums for
    short tails carry small rounding errors).
    """
    logs = np.log(values) - math.log(values[-1])  # not log(x / max): the ratio underflows for spreads > 1e308
    tail_sums = np.cumsum(logs[::-1])[::-1][:-1]
    sizes = np.arange(values.size, 1, -1, dtype=np.float64)
    excess = tail_sums - sizes * logs[:-1]
    alphas = np.full(excess.shape, np.inf)
    valid = excess > 0.0
    alphas[valid] = 1.0 + sizes[valid] / excess[valid]
    return alphas


def _best_candidate(values: FloatArray, alphas: FloatArray) -> int:
    """Index of the first candidate with the smallest KS distance (exact branch and bound)."""
    logs = np.log(values)
    count = alphas.size
    candidates = np.flatnonzero(np.isfinite(alphas))
    if candidates.size == 0:
        raise ValueError("eigs admit no non-degenerate power-law tail")
    bounds = _grid_lower_bounds(logs, alphas, candidates)
    order = candidates[np.argsort(bounds, kind="stable")]
    sorted_bounds = np.sort(bounds, kind="stable")
    best_value, best_index = math.inf, count
    start, size = 0, 4
    while start < order.size and sorted_bounds[start] <= best_value:
        # Small first blocks settle a good incumbent; later blocks grow up to a memory cap.
        stop = min(order.size, start + size)
        size = min(2 * size, max(4, _BLOCK_CELLS // values.size))
        block = np.sort(order[start:stop][sorted_bounds[start:stop] <= best_value])
        start = stop
        if block.size == 0:
            continue
        distances = _exact_distances(logs, alphas, block)
        winner = int(np.argmin(distances))
        value, index = float(distances[winner]), int(block[winner])
        if value < best_value or (value == best_value and index < best_index):
            best_value, best_index = value, index
    return best_index


def _deviation(logs: FloatArray, alphas: FloatArray, starts: IndexArray, positions: FloatArray) -> FloatArray:
    """``|1 - (x_j / x_i)^(1 - alpha_i) - (j - i) / m_i|`` for candidate rows and tail columns."""
    index = starts.astype(np.int64)
    sizes = (logs.size - index).astype(np.float64)
    gathered = logs[np.minimum(index[:, None] + positions.astype(np.int64), logs.size - 1)]
    model = -np.expm1((1.0 - alphas[index])[:, None] * (gathered - logs[index][:, None]))
    return np.abs(model - positions / sizes[:, None])


def _grid_lower_bounds(logs: FloatArray, alphas: FloatArray, candidates: IndexArray) -> FloatArray:
    """The distance evaluated on about ``_GRID`` tail points per candidate (a lower bound)."""
    sizes = logs.size - candidates
    steps = np.linspace(0.0, 1.0, _GRID)[None, :] * (sizes - 1)[:, None]
    positions = np.floor(steps)
    bounds: FloatArray = np.max(_deviation(logs, alphas, candidates, positions), axis=1)
    return bounds


def _exact_distances(logs: FloatArray, alphas: FloatArray, block: IndexArray) -> FloatArray:
    """Exact distances for the candidates in ``block`` (ascending indices), in one array op."""
    if block.size == 0:
        return np.empty(0)
    first = int(block[0])
    width = logs.size - first
    positions = np.arange(width, dtype=np.float64)[None, :] - (block - first)[:, None]
    inside = positions >= 0.0
    deviation = _deviation(logs, alphas, block, np.where(inside, positions, 0.0))
    distances: FloatArray = np.max(np.where(inside, deviation, 0.0), axis=1)
    return distances
