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

import functools
import itertools
import math
import warnings
from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike
from scipy import integrate, optimize, special

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
    mean = real_scalar("m", m, "(-inf, 0)")
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


def _root(log_moment: Callable[[float], float], log_mean: float, source: str, mean_name: str,
          law: str = "a") -> float:
    """:func:`tail_index_from_moment` with errors naming ``source`` (the parameter that defines the law).

    Every loop is bounded: the doubling stops at ``alpha = 1000`` (refused: the index exceeds the cap), the
    halving at ``1e-12``, and the bisection of an overflowed bracket end after 200 steps (refused: the moment is
    infinite arbitrarily close to the lower end)."""
    if isinstance(log_mean, bool) or not isinstance(log_mean, (int, float)):
        raise ValueError(f"{mean_name} must be a real number (E log|a|, allowed range [-inf, 0)); "
                         f"got {log_mean!r}")
    try:
        slope = float(log_mean)  # -inf is allowed: a has an atom at 0
    except OverflowError:  # an integer beyond the float range
        slope = math.inf if log_mean > 0 else -math.inf
    if math.isnan(slope):
        raise ValueError(f"{mean_name} must be a real number (E log|a|, allowed range [-inf, 0)); "
                         f"got {log_mean!r}")
    if not slope < 0.0:
        raise ValueError(f"{mean_name}: E log|a| must be < 0 (allowed range [-inf, 0)) for a stationary law "
                         f"({source}); got {log_mean!r}")

    def value(alpha: float) -> float:
        try:
            raw = log_moment(alpha)
            out = float(raw)
        except (TypeError, ValueError, ArithmeticError) as exc:
            if source in str(exc):
                raise
            raise ValueError(f"{source}: log E|a|^alpha must be a real number or +inf; evaluating it at "
                             f"alpha={alpha} failed ({exc})") from exc
        if math.isnan(out) or out == -math.inf:
            raise ValueError(f"{source}: log E|a|^alpha must be a real number or +inf; got {out!r} "
                             f"at alpha={alpha}")
        return out

    upper = 1.0
    while value(upper) <= 0.0:
        if upper >= _ALPHA_CAP:
            raise ValueError(f"{source}: E|a|^alpha < 1 for every alpha <= 1000 for {law} law: the tail index "
                             "exceeds the cap 1000 (or |a| <= 1 a.s. and the tail is not a power law)")
        upper = min(2.0 * upper, _ALPHA_CAP)  # 1, 2, ..., 512, then the cap itself
    lower = upper / 2.0
    while lower > 1e-12 and value(lower) >= 0.0:
        lower /= 2.0
    if value(lower) >= 0.0:
        raise ValueError(f"{source}: log E|a|^alpha >= 0 at every alpha in [1e-12, {upper:g}], contradicting its "
                         f"slope E log|a| = {slope!r} < 0 at alpha = 0 (the moment function and {mean_name} "
                         "disagree, or the moment is infinite for every alpha > 0)")
    for _ in range(200):  # the moment overflowed: bisect until the bracket end is finite
        if not math.isinf(value(upper)):
            break
        middle = 0.5 * (lower + upper)
        if value(middle) > 0.0:
            upper = middle
        else:
            lower = middle
    else:
        raise ValueError(f"{source}: log E|a|^alpha is +inf arbitrarily close to alpha = {lower!r}, where it is "
                         "< 0: the root cannot be located (a moment that jumps to +inf)")
    root: float = optimize.brentq(value, lower, upper, xtol=1e-12, rtol=4 * np.finfo(float).eps, maxiter=500)
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

    ``lower < upper`` finite (any width up to the float range). The interval is split at 0, at ``+-1`` and, for
    ``|t| > 1``, at the powers ``16^j`` (at most 2 x 257 pieces); pieces where ``density`` has no mass (by
    quadrature) are dropped once, and each remaining piece ``[u, v]`` is integrated as
    ``v^alpha int (|t|/v)^alpha density`` with the factor kept in log space, so the moment is never
    ``0 * inf`` (NaN) and never overflows. ``density`` must return finite values ``>= 0``.
    """
    density = function("density", density)
    lo = real_scalar("lower", lower)
    hi = real_scalar("upper", upper)
    if not lo < hi:
        raise ValueError(f"lower must be < upper (allowed: lower < upper, both finite); "
                         f"got ({lower!r}, {upper!r})")

    def dens(t: float) -> float:
        try:
            out = float(density(t))
        except (TypeError, ValueError, ArithmeticError) as exc:
            raise ValueError(f"density must return a finite number >= 0; evaluating it at t={t!r} failed "
                             f"({exc})") from exc
        if not 0.0 <= out < math.inf:
            raise ValueError(f"density must return a finite number >= 0; got {out!r} at t={t!r}")
        return out

    marks = {0.0, 1.0, -1.0}
    for j in range(257):  # 16^j up to 16^256 > 1.8e308
        power = 16.0**j if j < 256 else math.inf
        marks.update((power, -power))
    cuts = [lo, *sorted(t for t in marks if lo < t < hi), hi]

    def piece_quad(g: Callable[[float], float], u: float, v: float) -> float:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", integrate.IntegrationWarning)
            value: float = integrate.quad(g, u, v, limit=200)[0]
        return value

    pieces = [(u, v) for u, v in itertools.pairwise(cuts) if piece_quad(dens, u, v) > 0.0]
    if not pieces:
        raise ValueError("density must be a probability density (>= 0, not 0 a.e.); it has no mass on "
                         f"[{lower!r}, {upper!r}]")

    def scaled(t: float, top: float, alpha: float) -> float:
        if t == 0.0:
            return dens(t) if alpha == 0.0 else 0.0
        return _power(abs(t) / top, alpha) * dens(t)

    def log_moment(alpha: float) -> float:
        logs = []
        for u, v in pieces:
            top = max(abs(u), abs(v))  # |t| <= top on the piece
            part = piece_quad(functools.partial(scaled, top=top, alpha=alpha), u, v)
            if part > 0.0:
                logs.append(math.log(part) + alpha * math.log(top))
        if not logs:
            raise ValueError(f"density must be a probability density (>= 0, not 0 a.e.); "
                             f"int |t|^alpha density = 0 at alpha={alpha}")
        return float(special.logsumexp(logs))

    mean_log = math.fsum(piece_quad(lambda t: math.log(abs(t)) * dens(t) if t != 0.0 else 0.0, u, v)
                         for u, v in pieces)
    if not math.isfinite(mean_log):
        raise ValueError(f"density: int log|t| density(t) dt = {mean_log!r} is not finite on "
                         f"[{lower!r}, {upper!r}]")
    return _root(log_moment, mean_log, "density", "density")


def _power(base: float, exponent: float) -> float:
    """``base ** exponent`` for ``base >= 0``, ``+inf`` where it overflows (a plain-float power raises)."""
    try:
        return float(base**exponent)
    except OverflowError:
        return math.inf


# --- one-dimensional SGD: a = 1 - eta Y, Y = chi^2_B / B ~ Gamma(shape k = B/2, rate k) -----------------------
#
# Every expectation is an integral of exp(phi(u)) over one side of the kink y = 1/eta (where a = 0), with phi the
# log of (density x |a|^alpha), concave on each side (Gamma log-density with k >= 1 and log|affine| are concave;
# B = 1 is done in z = sqrt(Y), where the density is Gaussian). Each side is integrated in log space: the mode of
# phi is found from phi' (a root in a bracket), the integral runs between the points where phi has dropped by
# _DROP below its maximum, and the integrand is exp(phi - max) (no overflow, no underflow for alpha up to 1000).
# The coordinate of each side keeps its relative precision for any B (2**63 - 1 included):
#   * the side that holds y = 1 (the bulk of the law) uses w = (y - 1) sqrt(k) (the standardised chi-square),
#     with log f(w) = k log1pmx(w / sqrt k) - log1p(w / sqrt k) - log sqrt(2 pi) - stirling(k) in closed form
#     (no k log k - lgamma(k) cancellation);
#   * the other side uses r = |w - w_kink|, where |a| = eta r / sqrt(k) exactly.

_DROP = 60.0  # integrate where phi >= max - 60: the rest is below e^-60 ~ 1e-26 of the mass (for B >= 2)
_QUAD_RTOL = 1e-12
_SMALLEST = 5e-324  # log|a| at a point that rounds onto the kink: the integrable singularity, finite


def _log1pmx(x: float) -> float:
    """``log(1 + x) - x`` to full relative precision, ``x > -1`` (via ``t = x / (2 + x)`` and the atanh series)."""
    if abs(x) >= 0.25:
        return math.log1p(x) - x
    t = x / (2.0 + x)
    t2 = t * t
    series, power, j = 0.0, t * t2, 3
    while True:  # 2 (atanh t - t) = 2 sum_{j odd >= 3} t^j / j; |t| <= 1/7, 12 terms at most
        term = power / j
        series += term
        if abs(term) <= 1e-17 * abs(series):
            break
        power *= t2
        j += 2
    return -x * x / (2.0 + x) + 2.0 * series


def _stirling(k: float) -> float:
    """``lgamma(k) - ((k - 1/2) log k - k + log sqrt(2 pi))``, the Stirling remainder, accurate for every ``k``."""
    if k < 16.0:
        return math.lgamma(k) - ((k - 0.5) * math.log(k) - k + 0.5 * math.log(2.0 * math.pi))
    inv2 = 1.0 / (k * k)
    return (1.0 / 12.0 - inv2 * (1.0 / 360.0 - inv2 * (1.0 / 1260.0 - inv2 / 1680.0))) / k


class _Side:
    """One side of the kink: ``u`` in ``(low, high)`` (``high`` may be inf); ``phi`` is its log integrand."""

    def __init__(self, low: float, high: float, log_abs_a: Callable[[float], float],
                 log_density: Callable[[float], float], d_log_abs_a: Callable[[float], float],
                 d_log_density: Callable[[float], float]) -> None:
        self.low, self.high = low, high
        self.log_abs_a, self.log_density = log_abs_a, log_density
        self.d_log_abs_a, self.d_log_density = d_log_abs_a, d_log_density

    def phi(self, u: float, alpha: float) -> float:
        dens = self.log_density(u)
        return dens if alpha == 0.0 else dens + alpha * self.log_abs_a(u)

    def slope(self, u: float, alpha: float) -> float:
        value = self.d_log_density(u) + (alpha * self.d_log_abs_a(u) if alpha != 0.0 else 0.0)
        return max(-1e300, min(1e300, value)) if not math.isnan(value) else 0.0

    def window(self, alpha: float) -> tuple[float, float, float, float]:
        """``(left, mode, right, phi(mode))``: the mode of the concave ``phi`` and where it is ``_DROP`` lower."""
        lo = math.nextafter(self.low, math.inf)
        hi = self.high
        if math.isinf(hi):  # a finite point beyond the mode: phi' < 0 there
            hi = max(lo, 0.0) + 1.0
            for _ in range(2100):
                if self.slope(hi, alpha) < 0.0:
                    break
                hi = lo + 2.0 * (hi - lo)
            else:
                raise ValueError("internal error: no mode found (phi' >= 0 up to 1e300)")
        else:
            hi = math.nextafter(hi, -math.inf)
        if self.slope(lo, alpha) <= 0.0:
            mode = lo
        elif self.slope(hi, alpha) >= 0.0:
            mode = hi
        else:
            mode = optimize.brentq(lambda u: self.slope(u, alpha), lo, hi, xtol=1e-300, rtol=1e-13, maxiter=3000,
                                   disp=False)  # a bracket up to 1e300 wide: ~1000 bisections at worst
        top = self.phi(mode, alpha)
        level = top - _DROP

        def excess(u: float) -> float:
            value = self.phi(u, alpha)
            return value - level if not math.isnan(value) else -math.inf

        left = self._end(excess, mode, lo, -1.0)
        right = self._end(excess, mode, hi if math.isfinite(self.high) else math.inf, 1.0)
        return left, mode, right, top

    @staticmethod
    def _end(excess: Callable[[float], float], mode: float, bound: float, direction: float) -> float:
        """Where ``excess`` (decreasing away from ``mode``) crosses 0 between ``mode`` and ``bound``: bracketed by
        doubling steps from ``mode`` (the width may be anything from 1e-300 to 1e300), then Brent."""
        if excess(bound) >= 0.0:
            return bound
        step = max(1.0, abs(mode) * 2.0**-50)  # a step that moves the point at any magnitude
        near = mode
        for _ in range(2100):
            far = mode + direction * step
            if direction * (far - bound) >= 0.0:
                far = bound
            if excess(far) < 0.0:
                break
            near = far
            step *= 2.0
        a, b = (near, far) if direction > 0.0 else (far, near)
        if not b > a:
            return near
        return float(optimize.brentq(excess, a, b, xtol=1e-300, rtol=1e-10, maxiter=400, disp=False))

    def log_integral(self, alpha: float) -> float:
        """``log int exp(phi(u, alpha)) du`` over the side."""
        left, mode, right, top = self.window(alpha)
        if math.isinf(top):
            return -math.inf
        total = _quad(lambda u: math.exp(self.phi(u, alpha) - top), left, mode, right)
        return top + math.log(total) if total > 0.0 else -math.inf

    def expected_log(self) -> float:
        """``int log|a(u)| f(u) du`` over the side."""
        left, mode, right, top = self.window(0.0)
        # the log singularity at the kink (an end of the side) gets geometrically graded pieces: QAGS alone left
        # 1e-10 relative errors at B = 2**63 - 1, eta = 1 (kink at the mode)
        cuts = {left, mode, right}
        for end, other in ((self.low, right), (self.high, left)):
            if math.isfinite(end) and abs(other - end) > 0.0:
                cuts.update(end + (other - end) * 2.0**-j for j in range(1, 80))
        points = sorted(u for u in cuts if left <= u <= right)

        def g(u: float) -> float:
            return self.log_abs_a(u) * math.exp(self.log_density(u) - top)

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", integrate.IntegrationWarning)
            total = math.fsum(integrate.quad(g, u, v, epsabs=0.0, epsrel=_QUAD_RTOL, limit=500)[0]
                              for u, v in itertools.pairwise(points) if v > u)
        return math.exp(top) * total if total != 0.0 else 0.0


def _quad(g: Callable[[float], float], left: float, mode: float, right: float) -> float:
    pieces = [(u, v) for u, v in ((left, mode), (mode, right)) if v > u]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", integrate.IntegrationWarning)
        return math.fsum(integrate.quad(g, u, v, epsabs=0.0, epsrel=_QUAD_RTOL, limit=500)[0] for u, v in pieces)


def _sgd_sides(eta: float, batch: int) -> tuple[_Side, _Side]:
    """The two sides (``a > 0`` and ``a < 0``) of ``a = 1 - eta chi^2_B / B``."""
    log_eta = math.log(eta)
    if batch == 1:  # z = sqrt(chi^2_1) >= 0, density sqrt(2/pi) exp(-z^2/2); a = 1 - eta z^2, kink 1/sqrt(eta)
        kink = math.exp(-0.5 * log_eta)
        const = 0.5 * math.log(2.0 / math.pi)

        def log_abs_a(z: float) -> float:
            t = eta * z * z
            if t < 0.5:
                return math.log1p(-t)
            if t <= 2.0:
                return math.log(max(abs(1.0 - t), _SMALLEST))
            return log_eta + 2.0 * math.log(z) + math.log1p(-1.0 / t)

        def d_log_abs_a(z: float) -> float:
            gap = z * z - kink * kink
            return 2.0 * z / gap if gap != 0.0 else math.copysign(math.inf, -1.0 if z < kink else 1.0)

        def log_density(z: float) -> float:
            return const - 0.5 * z * z

        def d_log_density(z: float) -> float:
            return -z

        return (_Side(0.0, kink, log_abs_a, log_density, d_log_abs_a, d_log_density),
                _Side(kink, math.inf, log_abs_a, log_density, d_log_abs_a, d_log_density))

    k = 0.5 * batch
    s = 1.0 / math.sqrt(k)  # the standard deviation of Y
    const = 0.5 * math.log(2.0 * math.pi) + _stirling(k)
    offset = (1.0 - eta) / eta  # x = y - 1 at the kink

    def density_x(x: float, log_y: float, y: float) -> float:
        lpm = _log1pmx(x) if abs(x) < 0.25 else log_y - x
        return k * lpm - log_y - const

    def d_density_x(x: float, y: float, dx: float) -> float:  # d/du of log f for dx/du = dx
        return dx / s * (-(x / s) - s) / y

    # bulk side: u = w, x = s w
    def bulk_log_abs_a(w: float) -> float:
        x = s * w
        t = eta + eta * x
        if t < 0.5:
            return math.log1p(-t)
        if t <= 2.0:
            return math.log(max(abs((1.0 - eta) - eta * x), _SMALLEST))  # a rounds to 0 only at the kink
        return log_eta + math.log1p(x) + math.log1p(-1.0 / t)

    def bulk_d_log_abs_a(w: float) -> float:
        gap = s * w - offset  # y - 1/eta
        return s / gap if gap != 0.0 else (-math.inf if s * w < offset else math.inf)

    def bulk_density(w: float) -> float:
        x = s * w
        return density_x(x, math.log1p(x), 1.0 + x)

    def bulk_d_density(w: float) -> float:
        return (-w - s) / (1.0 + s * w)

    # far side: u = r = |w - w_kink| > 0, x = offset + sign s r, |a| = eta s r
    log_scale = log_eta + math.log(s)
    sign = 1.0 if eta <= 1.0 else -1.0  # eta <= 1: the kink is right of y = 1, the far side is y > 1/eta

    def far_log_abs_a(r: float) -> float:
        return log_scale + math.log(max(r, _SMALLEST))

    def far_d_log_abs_a(r: float) -> float:
        return 1.0 / r if r > 0.0 else math.inf

    def far_y(r: float) -> float:
        return 1.0 / eta + sign * s * r

    def far_density(r: float) -> float:
        y = far_y(r)
        if not y > 0.0:
            return -math.inf
        return density_x(offset + sign * s * r, math.log(y), y)

    def far_d_density(r: float) -> float:
        y = far_y(r)
        return d_density_x(offset + sign * s * r, y, sign * s) if y > 0.0 else -math.inf  # y -> 0: log f -> -inf

    w_kink = offset / s
    far_high = math.inf if sign > 0.0 else 1.0 / (eta * s)  # y >= 0
    far = _Side(0.0, far_high, far_log_abs_a, far_density, far_d_log_abs_a, far_d_density)
    if sign > 0.0:
        bulk = _Side(-1.0 / s, w_kink, bulk_log_abs_a, bulk_density, bulk_d_log_abs_a, bulk_d_density)
        return bulk, far
    bulk = _Side(w_kink, math.inf, bulk_log_abs_a, bulk_density, bulk_d_log_abs_a, bulk_d_density)
    return far, bulk


def sgd_log_contraction(eta: float, batch: int) -> float:
    """``E log|1 - (eta / B) chi^2_B|``: negative iff the 1-d SGD recursion is stable.

    Any ``eta > 0`` and ``B`` in ``1 ... 2**63 - 1``. Computed in the standardised coordinate
    ``w = (chi^2_B / B - 1) sqrt(B / 2)`` with the Gamma log-density in closed form (Stirling remainder
    series), split at the kink ``chi^2_B = B / eta`` and at the mode, by adaptive quadrature to a
    relative accuracy of about ``1e-11`` (checked against 50-digit mpmath quadrature in
    tests/test_theory_extremes.py, ``B`` from 1 to ``2**62``, ``eta`` from ``1e-10`` to ``1e10``). For large
    ``B`` it tends to ``log|1 - eta|`` (e.g. ``-0.693147...`` at ``eta = 0.5``).
    """
    step = positive_finite("eta", eta)
    size = positive_int("batch", batch)
    total = math.fsum(side.expected_log() for side in _sgd_sides(step, size))
    return finite_result(total, "eta")


def sgd_tail_index(eta: float, batch: int) -> float:
    """Tail index of SGD's stationary iterates on 1-d least squares, ``x ~ N(0, 1)``, batch ``B``.

    Solves ``E |1 - (eta / B) chi^2_B|^alpha = 1``: ``log E|a|^alpha`` is computed in log space (the integrand
    ``exp(log density + alpha log|a|)`` scaled by its maximum on each side of the kink ``chi^2_B = B / eta``,
    integrated between the points where it has dropped by ``e^-60``), so it is finite for every ``alpha`` up to
    the cap 1000 and every ``B`` in ``1 ... 2**63 - 1``; the root in ``alpha`` has a relative accuracy of about
    ``1e-10`` (checked against 50-digit mpmath quadrature at ``alpha`` from 0.3 to 900 in
    tests/test_theory_extremes.py). Requires ``E log|a| < 0`` (:func:`sgd_log_contraction`), i.e. a step size
    small enough for the recursion to be stable; a stable recursion whose tail index exceeds 1000 (roughly
    ``B / eta > 1000``) is refused, naming the cap.
    """
    step = positive_finite("eta", eta)
    size = positive_int("batch", batch)
    mean_log = sgd_log_contraction(step, size)
    if not mean_log < 0.0:
        raise ValueError(f"eta={eta!r} is too large for batch={batch!r}: E log|1 - eta chi2/B| = {mean_log:.6g} "
                         ">= 0 (unstable; the allowed eta are those with E log|a| < 0)")
    sides = _sgd_sides(step, size)

    def log_moment(alpha: float) -> float:
        return float(special.logsumexp([side.log_integral(alpha) for side in sides]))

    return _root(log_moment, mean_log, "eta", "eta", law="an SGD step")


def tail_index_signed_lognormal(m: float, s: float, q: float) -> float:
    """``-2 m / s^2`` for ``a = +-exp(N(m, s^2))`` with sign ``-1`` of probability ``q``.

    Only ``|a|`` enters ``E|a|^alpha = 1``, so the sign law does not change the tail index.
    """
    if not 0.0 <= real_scalar("q", q, "[0, 1]") <= 1.0:
        raise ValueError(f"q must lie in [0, 1]; got {q!r}")
    return tail_index_lognormal(m, s)


def sgd_tail_index_trend() -> int:
    """``-1``: the stationary tail index of SGD decreases as the step size grows (fixed batch).

    Gürbüzbalaban, Şimşekli & Zhu (2021), Theorem 4 (linear regression with Gaussian data, any
    dimension); in ``d = 1`` it follows from :func:`sgd_tail_index`. A direction (+1, 0, -1).
    """
    return -1
