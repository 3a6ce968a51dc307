"""Tail index of the Kesten recursion ``w <- a w + b`` and of one-dimensional SGD.

For iid ``(a, b)`` with ``E log|a| < 0``, ``P(|a| > 1) > 0`` and non-degenerate ``b``, the
stationary law of ``w_{k+1} = a_k w_k + b_k`` has a power-law tail
``P(|w| > x) ~ C x^-alpha`` where ``alpha > 0`` solves ``E |a|^alpha = 1`` (Kesten 1973;
Goldie 1991; source document 000, "heavy-tailed SGD dynamics").

* Log-normal ``|a|``: ``log|a| ~ N(m, s^2)`` with ``m < 0`` gives
  ``E|a|^alpha = exp(alpha m + alpha^2 s^2 / 2)`` and ``alpha = -2 m / s^2``
  (:func:`tail_index_lognormal`).
* A general law: the root of ``log E|a|^alpha`` on ``(0, inf)``, which is convex in
  ``alpha`` with value 0 at 0 and slope ``E log|a| < 0`` there, so the positive root is
  unique and bracketed by doubling (:func:`tail_index_from_moment`). The moment is given
  as a function, from samples (:func:`tail_index_from_samples`) or from a density on an
  interval (:func:`tail_index_from_density`).
* SGD on one-dimensional least squares with Gaussian data and batch size ``B``:
  ``w <- (1 - eta/B sum x_i^2) w + eta/B sum x_i y_i`` is a Kesten recursion with
  ``a = 1 - (eta / B) chi^2_B`` (Gürbüzbalaban, Şimşekli & Zhu 2021, Theorem 2 for
  ``d = 1``): :func:`sgd_tail_index`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike
from scipy import integrate, optimize, special, stats

from theory._validate import finite_array, finite_result, function, positive_finite, positive_int, real_scalar

__all__ = [
    "sgd_log_contraction",
    "sgd_tail_index",
    "tail_index_from_density",
    "tail_index_from_moment",
    "tail_index_from_samples",
    "tail_index_lognormal",
]

_ALPHA_CAP = 1e3


def tail_index_lognormal(m: float, s: float) -> float:
    """``alpha = -2 m / s^2`` for ``log|a| ~ N(m, s^2)``, ``m < 0``, ``s > 0``."""
    mean = real_scalar("m", m)
    if not mean < 0.0:
        raise ValueError(f"m must be < 0 (allowed range (-inf, 0); E log|a| < 0 for stationarity); got {m!r}")
    std = positive_finite("s", s)
    # (-m / s) / s * 2, not -2 m / s**2: a plain-float power overflows (OverflowError) or underflows to 0
    return finite_result(-mean / std / std * 2.0, "m, s (alpha = -2 m / s^2 exceeds 1.8e308)")


def tail_index_from_moment(log_moment: Callable[[float], float], log_mean: float) -> float:
    """The positive root of ``alpha -> log E|a|^alpha`` (convex, 0 at 0, slope ``log_mean`` < 0).

    Stopping rule: Brent's method with ``xtol = 1e-12`` plus a relative tolerance of four
    machine epsilons in ``alpha``. ``log_mean = -inf`` (an atom of ``a`` at 0) is allowed.
    Raises ``ValueError`` if ``log_mean >= 0`` (no stationary law) or if
    the moment stays below 1 up to ``alpha = 1000`` (``|a| <= 1`` almost surely: no power tail).
    ``log_moment`` may return ``+inf`` where the moment overflows; NaN is refused.
    """
    return _root(function("log_moment", log_moment), log_mean, "log_moment", "log_mean")


def _root(log_moment: Callable[[float], float], log_mean: float, source: str, mean_name: str) -> float:
    """:func:`tail_index_from_moment` with errors naming ``source`` (the parameter that defines the law)."""
    if isinstance(log_mean, bool) or not isinstance(log_mean, (int, float)):
        raise ValueError(f"{mean_name} must be a real number (E log|a|); got {log_mean!r}")
    try:
        slope = float(log_mean)  # -inf is allowed: a has an atom at 0
    except OverflowError:  # an integer beyond the float range
        slope = math.inf if log_mean > 0 else -math.inf
    if math.isnan(slope):
        raise ValueError(f"{mean_name} must be a real number (E log|a|); got {log_mean!r}")
    if not slope < 0.0:
        raise ValueError(f"{mean_name}: E log|a| must be < 0 (allowed range (-inf, 0)) for a stationary law "
                         f"({source}); got {log_mean!r}")

    def value(alpha: float) -> float:
        out = float(log_moment(alpha))
        if math.isnan(out) or out == -math.inf:
            raise ValueError(f"{source}: log E|a|^alpha must be a real number or +inf; got {out!r} "
                             f"at alpha={alpha}")
        return out

    upper = 1.0
    while value(upper) <= 0.0:
        upper *= 2.0
        if upper > _ALPHA_CAP:
            raise ValueError(f"{source}: E|a|^alpha < 1 for every alpha <= 1000: |a| <= 1 a.s., the tail is not a "
                             "power law")
    lower = upper / 2.0
    while lower > 1e-12 and value(lower) >= 0.0:
        lower /= 2.0
    while math.isinf(value(upper)):  # the moment overflowed: bisect until the bracket end is finite
        middle = 0.5 * (lower + upper)
        if value(middle) > 0.0:
            upper = middle
        else:
            lower = middle
    root: float = optimize.brentq(value, lower, upper, xtol=1e-12, rtol=4 * np.finfo(float).eps)
    return root


def tail_index_from_samples(a: ArrayLike) -> float:
    """Root of the empirical ``mean |a_i|^alpha = 1`` (a plug-in estimate from samples of ``a``).

    Zero samples are allowed (they contribute 0); at least one ``|a_i| > 1`` is required.
    """
    values = np.abs(finite_array("a", a, ndim=1))
    if values.size < 2:
        raise ValueError(f"a must hold at least 2 samples; got {values.size}")
    nonzero = values[values > 0.0]
    if nonzero.size == 0:
        raise ValueError("a must have non-zero samples")
    logs = np.log(nonzero)
    weight = math.log(nonzero.size / values.size)

    def log_moment(alpha: float) -> float:
        return float(special.logsumexp(alpha * logs)) - math.log(nonzero.size) + weight

    mean_log = float(np.mean(logs)) if nonzero.size == values.size else -math.inf  # zeros: log 0 = -inf
    return _root(log_moment, mean_log, "a", "a")


def tail_index_from_density(density: Callable[[float], float], lower: float, upper: float) -> float:
    """Root of ``int |t|^alpha density(t) dt = 1`` over ``[lower, upper]`` (adaptive quadrature).

    The interval is split at 0 and at ``+-1`` where they fall inside it.
    """
    density = function("density", density)
    lo = real_scalar("lower", lower)
    hi = real_scalar("upper", upper)
    if not lo < hi:
        raise ValueError(f"lower must be < upper; got ({lower!r}, {upper!r})")
    cuts = [lo, *[t for t in (-1.0, 0.0, 1.0) if lo < t < hi], hi]

    def integral(g: Callable[[float], float]) -> float:
        return math.fsum(integrate.quad(g, u, v, limit=200)[0] for u, v in itertools.pairwise(cuts))

    def log_moment(alpha: float) -> float:
        moment = integral(lambda t: _power(abs(t), alpha) * density(t))
        if not moment > 0.0:
            raise ValueError(f"density must be a probability density (>= 0, not 0 a.e.); "
                             f"int |t|^alpha density = {moment!r} at alpha={alpha}")
        return math.log(moment)

    mean_log = integral(lambda t: math.log(abs(t)) * density(t) if t != 0.0 else 0.0)
    return _root(log_moment, mean_log, "density", "density")


def _power(base: float, exponent: float) -> float:
    """``base ** exponent`` for ``base >= 0``, ``+inf`` where it overflows (a plain-float power raises)."""
    try:
        return float(base**exponent)
    except OverflowError:
        return math.inf


def _chi2_expectation(g: Callable[[float], float], batch: int, kink: float) -> float:
    """``E g(chi^2_batch)`` by quadrature, split at ``kink``."""
    law = stats.chi2(batch)
    pieces = (integrate.quad(lambda x: g(x) * law.pdf(x), 0.0, kink, limit=200)[0],
              integrate.quad(lambda x: g(x) * law.pdf(x), kink, math.inf, limit=200)[0])
    return math.fsum(pieces)


def sgd_log_contraction(eta: float, batch: int) -> float:
    """``E log|1 - (eta / B) chi^2_B|``: negative iff the 1-d SGD recursion is stable."""
    step = positive_finite("eta", eta)
    size = positive_int("batch", batch)

    def log_factor(x: float) -> float:
        # log|1 - eta x / B|, as log(eta) + log|x / B - 1 / eta| for eta > 1 (eta x / B may overflow)
        factor = abs(x / size - 1.0 / step) if step > 1.0 else abs(1.0 - step * x / size)
        if not factor > 0.0:
            return 0.0
        return math.log(factor) + (math.log(step) if step > 1.0 else 0.0)

    return _chi2_expectation(log_factor, size, size / step)


def sgd_tail_index(eta: float, batch: int) -> float:
    """Tail index of SGD's stationary iterates on 1-d least squares, ``x ~ N(0, 1)``, batch ``B``.

    Solves ``E |1 - (eta / B) chi^2_B|^alpha = 1`` by quadrature over the chi-square
    density, split at the kink ``chi^2 = B / eta``. Requires ``E log|a| < 0``, i.e. a step
    size small enough for the recursion to be stable.
    """
    step = positive_finite("eta", eta)
    size = positive_int("batch", batch)
    mean_log = sgd_log_contraction(step, size)
    if not mean_log < 0.0:
        raise ValueError(f"eta={eta!r} is too large for batch={batch!r}: E log|1 - eta chi2/B| >= 0 (unstable)")

    def log_moment(alpha: float) -> float:
        return math.log(_chi2_expectation(lambda x: _power(abs(1.0 - step * x / size), alpha), size, size / step))

    return _root(log_moment, mean_log, "eta", "eta")


def tail_index_signed_lognormal(m: float, s: float, q: float) -> float:
    """``-2 m / s^2`` for ``a = +-exp(N(m, s^2))`` with sign ``-1`` of probability ``q``.

    Only ``|a|`` enters ``E|a|^alpha = 1``, so the sign law does not change the tail index.
    """
    if not 0.0 <= real_scalar("q", q) <= 1.0:
        raise ValueError(f"q must lie in [0, 1]; got {q!r}")
    return tail_index_lognormal(m, s)


def sgd_tail_index_trend() -> int:
    """``-1``: the stationary tail index of SGD decreases as the step size grows (fixed batch).

    Gürbüzbalaban, Şimşekli & Zhu (2021), Theorem 4 (linear regression with Gaussian data, any
    dimension); in ``d = 1`` it follows from :func:`sgd_tail_index`. A direction (+1, 0, -1).
    """
    return -1
