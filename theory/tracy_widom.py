"""Tracy–Widom laws TW1 (GOE, real) and TW2 (GUE, complex): CDF, PDF, log-CDF, log-SF, quantiles, moments.

Accurate to about 1e-13 relative over the whole real line (``-inf`` and ``+inf`` included), in
both tails, for ``cdf``, ``sf``, ``pdf``, ``logcdf`` and ``logsf``. Three representations are
joined (see ``docs/tw.md``, section "Far tails"):

* **Left tail** ``x < -12``: the asymptotic expansion of ``log F_beta`` as ``x -> -inf``.
  With ``t = -x`` and ``q`` the Hastings–McLeod solution of Painlevé II
  (``q'' = x q + 2 q^3``, ``q ~ Ai`` at ``+inf``), ``q(-t) = sqrt(t/2) sum_n b_n t^{-3n}``
  (``b_0 = 1, b_1 = -1/8, ...``, from the equation order by order), and

  ``log F_2(-t) = -t^3/12 - log(t)/8 + log(2)/24 + zeta'(-1) + sum_{n>=2} a_n t^{3-3n}``

  (Tracy & Widom 1994; the constant is Deift, Its & Krasovsky 2008, CMP 278 and
  Baik, Buckingham & DiFranco 2008, CMP 280), with ``(log F_2)' = int_x^inf q^2``;
  ``log F_1 = (log F_2 - int_x^inf q) / 2`` with
  ``int_x^inf q = sqrt(2) t^{3/2} / 3 + log(2) / 2 + ...`` (Tracy & Widom 1996; the constant
  from Baik, Buckingham & DiFranco 2008, ``tau_1 = 2^{-11/48} e^{zeta'(-1)/2}``).
  12 terms; the omitted ones are below 1e-16 at ``x = -12``.
* **Table** ``[-12, 14)``: piecewise Chebyshev interpolants (degree 24 on unit intervals) of
  ``log F`` (left of ``-2``), ``log(1 - F)`` (from ``-2``) and ``log f`` (everywhere), built
  from a 50-digit Taylor-series integration of Painlevé II from ``x = 22`` (``q = Ai``,
  error ``O(Ai^3) ~ 1e-87``) leftwards with ``log F_2 = -int_x^inf (y - x) q(y)^2 dy``
  (Tracy & Widom 1994); checked against a second integration (60 digits, twice the steps,
  order 50) to 1e-35 and, in ``tests``, against independent mpmath Fredholm determinants.
* **Right tail** ``x >= 14``: ``1 - F = tr K (1 + O(tr K))`` with ``tr K < 1e-16`` there:
  ``1 - F_2 = int_x^inf (y - x) Ai(y)^2 dy``, ``f_2 = int_x^inf Ai^2``;
  ``1 - F_1 = int_x^inf Ai / 2``, ``f_1 = Ai(x) / 2`` (kernels below). The integrals are
  Gauss–Laguerre quadratures after ``y = y(tau)`` with ``zeta(y) = zeta(x) + tau``,
  ``zeta(y) = 2 y^{3/2} / 3``, of the exponentially scaled ``e^{zeta} Ai`` (its asymptotic
  series above ``y = 100``), so the logs stay finite until ``zeta(x)`` overflows
  (``x > 2.6e205``; then ``logsf = -inf``). Leading behaviour
  ``1 - F_2 ~ e^{-4 x^{3/2}/3} / (16 pi x^{3/2})``, ``1 - F_1 ~ e^{-2 x^{3/2}/3} / (4 sqrt(pi) x^{3/4})``.

Documented limits: ``logcdf(-inf) = -inf``, ``logsf(+inf) = -inf``; ``logcdf`` overflows to
``-inf`` below ``x = -1.29e103`` (beta 2) / ``-1.62e103`` (beta 1), where ``|x|^3 / 12`` resp.
``/ 24`` exceeds the float range, and ``logsf`` above ``x = 2.6e205`` (beta 2) / ``3.1e205``
(beta 1), where ``4 x^{3/2} / 3`` resp. ``x^{3/2}`` does; ``logpdf`` likewise; ``cdf``, ``sf``
and ``pdf`` underflow to 0 where the true values are below the smallest float.

Kernels (for :func:`fredholm_cdf`, a float64 determinant with absolute accuracy only):

* ``F2(s) = det(I - K_Ai)`` on ``L^2(s, inf)``,
  ``K_Ai(x, y) = (Ai(x) Ai'(y) - Ai'(x) Ai(y)) / (x - y)`` (Tracy & Widom 1994);
* ``F1(s) = det(I - K)`` on ``L^2(s, inf)``, ``K(x, y) = Ai((x + y) / 2) / 2``
  (Ferrari & Spohn 2005 form of Tracy & Widom 1996), by Gauss–Legendre quadrature
  (Bornemann 2010, Math. Comp. 79).

Johnstone (2001, Ann. Statist. 29, Theorem 1.1) gives the centring and scaling that take
the largest eigenvalue of a real Wishart matrix to TW1: :func:`wishart_lmax_scaling`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
from numpy.polynomial import chebyshev as cheb
from numpy.polynomial.legendre import leggauss
from numpy.typing import ArrayLike
from scipy.special import airy, airye, roots_laguerre

from theory._validate import (
    FloatArray,
    as_output,
    finite_array,
    positive_int,
    probability_array,
)

__all__ = [
    "TABLE_RANGE",
    "cdf",
    "fredholm_cdf",
    "logcdf",
    "logpdf",
    "logsf",
    "mean",
    "pdf",
    "quantile",
    "sf",
    "variance",
    "wishart_lmax_scaling",
]

SUPPORTED_BETAS = (1, 2)
TABLE_RANGE = (-12.0, 14.0)
SPLIT = -2.0
TABLE_DEGREE = 24
_TABLE_FILE = "tracy_widom_table.npz"
_FREDHOLM_NODES = 80
_SERIES_TERMS = 12
_LAGUERRE_NODES = 40
_AIRY_SERIES_FROM = 100.0
_LOG2 = math.log(2.0)
# zeta'(-1) (Deift, Its & Krasovsky 2008); mpmath.zeta(-1, derivative=1).
_ZETA_PRIME_M1 = -0.16542114370045092921
_CHI2 = _LOG2 / 24.0 + _ZETA_PRIME_M1


def _beta(beta: int) -> int:
    if isinstance(beta, bool) or not isinstance(beta, (int, np.integer)) or beta not in SUPPORTED_BETAS:
        raise ValueError(f"beta must be one of {SUPPORTED_BETAS}; got {beta!r}")
    return int(beta)


def _points(name: str, value: ArrayLike) -> FloatArray:
    """Real points on the extended line: +-inf allowed, NaN and bools refused."""
    if isinstance(value, (bool, np.bool_)) or np.asarray(value).dtype == np.bool_:
        raise ValueError(f"{name} must be real numbers in [-inf, inf], not booleans; got {value!r}")
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be real numbers in [-inf, inf]; got {value!r}") from exc
    if np.any(np.isnan(arr)):
        raise ValueError(f"{name} must be real numbers in [-inf, inf] (no NaN)")
    return arr


# --------------------------------------------------------------------------- left tail


@lru_cache(maxsize=1)
def _hm_series(terms: int = _SERIES_TERMS) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Coefficients ``b_n`` of ``q(-t) = sqrt(t/2) sum b_n t^{-3n}`` and ``c = b * b`` (exact).

    Substituting into ``Q'' = -t Q + 2 Q^3`` (``Q(t) = q(-t)``) and collecting ``t^{-3m}``:
    ``2 b_m = b_{m-1} (7/2 - 3m)(5/2 - 3m) - [(b^3)_m - 3 b_m]``.
    """
    b = [Fraction(1)]
    for m in range(1, terms):
        padded = [*b, Fraction(0)]
        sq = [sum(padded[i] * padded[k - i] for i in range(k + 1)) for k in range(m + 1)]
        cube = sum(sq[i] * padded[m - i] for i in range(m + 1))
        b.append((b[m - 1] * (Fraction(7, 2) - 3 * m) * (Fraction(5, 2) - 3 * m) - cube) / 2)
    c = [sum(b[i] * b[k - i] for i in range(k + 1)) for k in range(terms)]
    return tuple(float(v) for v in b), tuple(float(v) for v in c)


def _left_tail(t: FloatArray, beta: int) -> tuple[FloatArray, FloatArray]:
    """``(log F, log f)`` at ``x = -t`` for ``t >= 12`` from the expansions in the module docstring."""
    b, c = _hm_series()
    with np.errstate(over="ignore", under="ignore"):
        log_t = np.log(t)
        inv3 = t**-3.0
        rest2 = -log_t / 8.0 + _CHI2  # log F_2 + t^3 / 12
        u_rel = np.ones_like(t)  # (log F_2)' = u = (t^2 / 4) u_rel
        power = np.ones_like(t)  # t^{-3(n-1)}
        for n in range(1, len(c)):
            if n >= 2:
                rest2 = rest2 - c[n] / (2.0 * (2 - 3 * n) * (3 - 3 * n)) * power
            power = power * inv3
            u_rel = u_rel + 2.0 * c[n] / (2 - 3 * n) * power
        if beta == 2:
            log_f2 = -t * (t * t / 12.0) + rest2  # overflows to -inf only where t^3 / 12 does
            return log_f2, log_f2 + 2.0 * log_t - math.log(4.0) + np.log(u_rel)
        w = math.sqrt(2.0) / 3.0 * t**1.5 + _LOG2 / 2.0  # int_x^inf q
        q_rel = np.zeros_like(t)  # q / (t^2 / 4)
        for n in range(len(b)):
            if n:
                w = w + b[n] / (math.sqrt(2.0) * (1.5 - 3 * n)) * t ** (1.5 - 3 * n)
            q_rel = q_rel + 2.0 * math.sqrt(2.0) * b[n] * t ** (-1.5 - 3 * n)
        log_f1 = -t * (t * t / 24.0) + 0.5 * (rest2 - w)
        return log_f1, log_f1 + 2.0 * log_t - math.log(8.0) + np.log(u_rel + q_rel)


# --------------------------------------------------------------------------- right tail


def _airy_scaled(x: FloatArray) -> FloatArray:
    """``e^{zeta(x)} Ai(x)`` for ``x > 0``: scipy below 100, else the asymptotic series.

    ``e^{zeta} Ai(x) ~ x^{-1/4} / (2 sqrt(pi)) sum_k (-1)^k u_k zeta^{-k}`` with
    ``u_k = u_{k-1} (6k-5)(6k-3)(6k-1) / (216 k (2k-1))`` (DLMF 9.7.5); 8 terms, error below
    1e-17 for ``x >= 100`` (``zeta >= 666``).
    """
    out = np.empty_like(x)
    small = x < _AIRY_SERIES_FROM
    out[small] = airye(x[small])[0]
    big = x[~small]
    with np.errstate(over="ignore", under="ignore"):
        inv_zeta = 1.0 / (2.0 / 3.0 * big**1.5)
        total = np.ones_like(big)
        term = np.ones_like(big)
        u = 1.0
        for k in range(1, 8):
            u *= (6 * k - 5) * (6 * k - 3) * (6 * k - 1) / (216.0 * k * (2 * k - 1))
            term = term * inv_zeta
            total = total + (-1) ** k * u * term
        out[~small] = total * big**-0.25 / (2.0 * math.sqrt(math.pi))
    return out


@lru_cache(maxsize=1)
def _laguerre() -> tuple[FloatArray, FloatArray]:
    nodes, weights = roots_laguerre(_LAGUERRE_NODES)
    return np.asarray(nodes, dtype=np.float64), np.asarray(weights, dtype=np.float64)


def _right_tail(x: FloatArray, beta: int) -> tuple[FloatArray, FloatArray]:
    """``(log(1 - F), log f)`` for ``x >= 14`` from the trace of the kernel (module docstring)."""
    tau, weight = _laguerre()
    with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
        zeta = 2.0 / 3.0 * x**1.5
        rate = 1.0 if beta == 1 else 2.0
        ratio = np.log1p(tau[None, :] / (rate * zeta[:, None])) * (2.0 / 3.0)
        y = x[:, None] * np.exp(ratio)
        airy_y = _airy_scaled(y.reshape(-1)).reshape(y.shape)
        jacobian = 1.0 / np.sqrt(y)  # dy / dtau
        if beta == 1:
            log_sf = -zeta + np.log(0.5 * ((airy_y * jacobian) @ weight))
            log_pdf = -zeta + np.log(0.5 * _airy_scaled(x))
        else:
            gap = x[:, None] * np.expm1(ratio)
            log_sf = -2.0 * zeta + np.log(0.5 * ((gap * airy_y**2 * jacobian) @ weight))
            log_pdf = -2.0 * zeta + np.log(0.5 * ((airy_y**2 * jacobian) @ weight))
        infinite = ~np.isfinite(zeta)
        log_sf[infinite] = -np.inf
        log_pdf[infinite] = -np.inf
    return log_sf, log_pdf


# --------------------------------------------------------------------------- table


@dataclass(frozen=True)
class LogTable:
    """Piecewise Chebyshev interpolants on the unit intervals ``[breaks[i], breaks[i] + 1]``.

    Rows of ``logcdf``, ``logsf``, ``logpdf`` are Chebyshev coefficients (interval mapped to
    ``[-1, 1]``) of ``log F``, ``log(1 - F)`` and ``log f``; ``tail`` is the largest of the last
    three coefficients per interval over the three functions (an interpolation-error estimate).
    """

    beta: int
    breaks: FloatArray
    logcdf: FloatArray
    logsf: FloatArray
    logpdf: FloatArray
    tail: FloatArray


def painleve_values(points: list[float], dps: int = 50, order: int = 40, steps_per_unit: int = 8,
                    start: float = 22.0) -> dict[int, list[tuple[Any, Any, Any]]]:
    """``(log F, log(1 - F), log f)`` for beta 1, 2 at ``points`` (mpmath numbers at ``dps`` digits).

    Integrates Hastings–McLeod ``q'' = x q + 2 q^3`` leftwards from ``start`` (``q = Ai``,
    ``q' = Ai'``) by Taylor series of ``order`` terms on steps of ``1/steps_per_unit``, together with
    ``u = int_x^inf q^2``, ``v = int_x^inf y q^2``, ``w = int_x^inf q`` (tails beyond ``start`` from
    ``int Ai^2 = Ai'^2 - x Ai^2``, ``int y Ai^2 = (x Ai'^2 - x^2 Ai^2 - Ai Ai') / 3`` and quadrature);
    then ``log F_2 = -(v - x u)``, ``(log F_2)' = u``, ``log F_1 = (log F_2 - w) / 2``,
    ``(log F_1)' = (u + q) / 2``. Points must lie in ``[-14, start]``; needs mpmath (seconds).
    Neighbouring (Ablowitz–Segur) solutions separate from Hastings–McLeod like
    ``exp(2 sqrt(2) |x|^{3/2} / 3)`` to the left (1e17 at ``x = -12``), hence the 50 digits.
    """
    import mpmath as mp

    with mp.workdps(dps):
        x0 = mp.mpf(start)
        ai, aip = mp.airyai(x0), mp.airyai(x0, 1)
        state = [ai, aip, aip**2 - x0 * ai**2, (x0 * aip**2 - x0**2 * ai**2 - ai * aip) / 3,
                 mp.quad(mp.airyai, [x0, mp.inf])]
        step = -mp.mpf(1) / steps_per_unit
        lowest = min(points)
        grid: list[tuple[Any, list[Any], list[Any], list[Any], list[Any]]] = []
        n = 0
        while True:
            centre = x0 + n * step
            q, p, u, v, w = state
            a = [q, p] + [mp.mpf(0)] * (order - 1)
            sq: list[Any] = []
            cube: list[Any] = []
            for k in range(order - 1):
                sq.append(mp.fsum(a[i] * a[k - i] for i in range(k + 1)))
                cube.append(mp.fsum(sq[i] * a[k - i] for i in range(k + 1)))
                a[k + 2] = (centre * a[k] + (a[k - 1] if k else 0) + 2 * cube[k]) / ((k + 2) * (k + 1))
            sq.append(mp.fsum(a[i] * a[order - 1 - i] for i in range(order)))
            us = [u] + [-sq[k] / (k + 1) for k in range(order)]
            vs = [v] + [-(centre * sq[k] + (sq[k - 1] if k else 0)) / (k + 1) for k in range(order)]
            ws = [w] + [-a[k] / (k + 1) for k in range(order)]
            grid.append((centre, a, us, vs, ws))
            if centre < lowest - 1:
                break
            deriv = [(k + 1) * a[k + 1] for k in range(order)]
            state = [mp.polyval(series[::-1], step) for series in (a, deriv, us, vs, ws)]
            n += 1
        out: dict[int, list[tuple[Any, Any, Any]]] = {1: [], 2: []}
        for point in points:
            s = mp.mpf(point)
            centre, a, us, vs, ws = min(grid, key=lambda g: abs(g[0] - s))
            q, u, v, w = (mp.polyval(series[::-1], s - centre) for series in (a, us, vs, ws))
            log_f2 = -(v - s * u)
            log_f1 = (log_f2 - w) / 2
            for beta, log_f, dlog in ((1, log_f1, (u + q) / 2), (2, log_f2, u)):
                out[beta].append((log_f, mp.log(-mp.expm1(log_f)), log_f + mp.log(dlog)))
        return out


def build_tables(degree: int = TABLE_DEGREE, **solver: int) -> dict[int, LogTable]:
    """Chebyshev interpolants of :func:`painleve_values` at ``degree + 1`` points per unit interval."""
    lo, hi = TABLE_RANGE
    breaks = np.arange(lo, hi, 1.0)
    nodes = cheb.chebpts1(degree + 1)
    points = [float(left + 0.5 * (t + 1.0)) for left in breaks for t in nodes]
    values = painleve_values(points, **solver)
    tables = {}
    for beta in SUPPORTED_BETAS:
        arr = np.array([[float(v) for v in row] for row in values[beta]]).reshape(breaks.size, degree + 1, 3)
        coeffs = [np.array([cheb.chebfit(nodes, arr[i, :, j], degree) for i in range(breaks.size)])
                  for j in range(3)]
        tail = np.max([np.max(np.abs(c[:, -3:]), axis=1) for c in coeffs], axis=0)
        tables[beta] = LogTable(beta, breaks, coeffs[0], coeffs[1], coeffs[2], tail)
    return tables


def save_tables(path: str) -> None:
    """Regenerate the shipped table file (``python -m theory.tracy_widom PATH``; about 10 s)."""
    arrays: dict[str, FloatArray] = {}
    for beta, table in build_tables().items():
        for field in ("breaks", "logcdf", "logsf", "logpdf", "tail"):
            arrays[f"{field}{beta}"] = getattr(table, field)
    np.savez_compressed(path, **arrays)  # type: ignore[arg-type]


@lru_cache(maxsize=len(SUPPORTED_BETAS))
def load_table(beta: int) -> LogTable:
    """The shipped table for ``beta`` (read once per process; immutable)."""
    beta = _beta(beta)
    with resources.files("theory._data").joinpath(_TABLE_FILE).open("rb") as handle:
        data = np.load(handle)
        fields = [np.array(data[f"{field}{beta}"]) for field in ("breaks", "logcdf", "logsf", "logpdf", "tail")]
    return LogTable(beta, *fields)


def _clenshaw(coefficients: FloatArray, u: FloatArray) -> FloatArray:
    """Evaluate per-point Chebyshev series (rows of ``coefficients``) at ``u`` in [-1, 1]."""
    b1 = np.zeros_like(u)
    b2 = np.zeros_like(u)
    for k in range(coefficients.shape[1] - 1, 0, -1):
        b1, b2 = 2.0 * u * b1 - b2 + coefficients[:, k], b1
    result: FloatArray = u * b1 - b2 + coefficients[:, 0]
    return result


def _log1mexp(a: FloatArray) -> FloatArray:
    """``log(1 - e^a)`` for ``a <= 0``, accurate on both sides of ``-log 2`` (Mächler 2012)."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        near = np.log(-np.expm1(np.minimum(a, 0.0)))
        far = np.log1p(-np.exp(np.minimum(a, -_LOG2)))
    return np.where(a > -_LOG2, near, far)


def _log_parts(x: FloatArray, beta: int) -> tuple[FloatArray, FloatArray, FloatArray]:
    """``(log F, log(1 - F), log f)`` at the flat array ``x`` (``+-inf`` allowed)."""
    lo, hi = TABLE_RANGE
    log_cdf = np.empty_like(x)
    log_sf = np.empty_like(x)
    log_pdf = np.empty_like(x)
    finite = np.isfinite(x)
    left = finite & (x < lo)
    right = finite & (x >= hi)
    inside = finite & ~(left | right)
    if np.any(left):
        log_cdf[left], log_pdf[left] = _left_tail(-x[left], beta)
        log_sf[left] = _log1mexp(log_cdf[left])
    if np.any(right):
        log_sf[right], log_pdf[right] = _right_tail(x[right], beta)
        log_cdf[right] = _log1mexp(log_sf[right])
    if np.any(inside):
        table = load_table(beta)
        xi = x[inside]
        idx = np.minimum(np.floor(xi - lo).astype(np.int64), table.breaks.size - 1)
        u = 2.0 * (xi - table.breaks[idx]) - 1.0
        below = xi < SPLIT
        lc = _clenshaw(table.logcdf[idx], u)
        ls = _clenshaw(table.logsf[idx], u)
        lc = np.where(below, np.minimum(lc, 0.0), _log1mexp(np.minimum(ls, 0.0)))
        ls = np.where(below, _log1mexp(lc), np.minimum(ls, 0.0))
        log_cdf[inside], log_sf[inside] = lc, ls
        log_pdf[inside] = _clenshaw(table.logpdf[idx], u)
    neg_inf = x == -np.inf
    pos_inf = x == np.inf
    log_cdf[neg_inf], log_sf[neg_inf], log_pdf[neg_inf] = -np.inf, 0.0, -np.inf
    log_cdf[pos_inf], log_sf[pos_inf], log_pdf[pos_inf] = 0.0, -np.inf, -np.inf
    return log_cdf, log_sf, log_pdf


def logcdf(x: ArrayLike, beta: int = 1) -> float | FloatArray:
    """``log F_beta(x)`` for ``beta`` in {1, 2}, ``x`` in ``[-inf, inf]``; relative accuracy ~1e-13.

    ``logcdf(-inf) = -inf``; ``-inf`` also below ``x = -1.29e103`` (beta 2) / ``-1.62e103``
    (beta 1), where ``|x|^3 / 12`` resp. ``/ 24`` exceeds the float range.
    """
    beta = _beta(beta)
    xs = _points("x", x)
    return as_output(_log_parts(xs.reshape(-1), beta)[0], x)


def logsf(x: ArrayLike, beta: int = 1) -> float | FloatArray:
    """``log(1 - F_beta(x))``, relative accuracy ~1e-13.

    ``-inf`` at ``x = +inf`` and (float overflow) above ``x = 2.6e205`` (beta 2) / ``3.1e205`` (beta 1).
    """
    beta = _beta(beta)
    xs = _points("x", x)
    return as_output(_log_parts(xs.reshape(-1), beta)[1], x)


def logpdf(x: ArrayLike, beta: int = 1) -> float | FloatArray:
    """``log f_beta(x)`` (``-inf`` at ``+-inf`` and where ``logcdf`` / ``logsf`` overflow)."""
    beta = _beta(beta)
    xs = _points("x", x)
    return as_output(_log_parts(xs.reshape(-1), beta)[2], x)


def cdf(x: ArrayLike, beta: int = 1) -> float | FloatArray:
    """Tracy–Widom CDF ``F_beta(x)``, ``beta`` in {1, 2}; relative accuracy ~1e-13 (0 below 1e-308).

    ``cdf(-inf) = 0``, ``cdf(inf) = 1``.
    """
    beta = _beta(beta)
    xs = _points("x", x)
    log_cdf, log_sf, _ = _log_parts(xs.reshape(-1), beta)
    out = np.where(log_cdf < log_sf, np.exp(log_cdf), -np.expm1(log_sf))
    return as_output(out, x)


def sf(x: ArrayLike, beta: int = 1) -> float | FloatArray:
    """Survival function ``1 - F_beta(x)`` with relative accuracy ~1e-13 in the right tail."""
    beta = _beta(beta)
    xs = _points("x", x)
    log_cdf, log_sf, _ = _log_parts(xs.reshape(-1), beta)
    out = np.where(log_sf < log_cdf, np.exp(log_sf), -np.expm1(log_cdf))
    return as_output(out, x)


def pdf(x: ArrayLike, beta: int = 1) -> float | FloatArray:
    """Tracy–Widom density ``F_beta'(x)``; relative accuracy ~1e-13 (0 where below 1e-308)."""
    beta = _beta(beta)
    xs = _points("x", x)
    return as_output(np.exp(_log_parts(xs.reshape(-1), beta)[2]), x)


def _fredholm_interval(s: float, beta: int, margin: float = 40.0) -> tuple[float, float]:
    """Truncation ``[s, hi]`` of ``(s, inf)`` where the kernel has decayed by ``e^{-margin}``.

    ``zeta(x) = 2 x^{3/2} / 3``; TW2 (``Ai(x) Ai'(y)``): ``zeta(hi) = zeta(s+) + margin``;
    TW1 (``Ai((x + y) / 2)`` with ``y >= s``): ``zeta((hi + s) / 2) = zeta(s+) + margin``, i.e.
    ``hi = 33.2 - s`` for ``s <= 0`` (the cut sits ``2|s| + 33`` past ``s``).
    """
    point = (1.5 * (2.0 / 3.0 * max(s, 0.0) ** 1.5 + margin)) ** (2.0 / 3.0)
    return s, (point if beta == 2 else 2.0 * point - s)


def fredholm_cdf(s: ArrayLike, beta: int, nodes: int = _FREDHOLM_NODES) -> float | FloatArray:
    """Tracy–Widom CDF from the float64 Fredholm determinant with ``nodes`` Gauss–Legendre nodes.

    Absolute accuracy only (about 1e-15 where converged: ``|s| <= 8`` with 80 nodes): float64
    cannot resolve ``det(I - K)`` relative to its size in the left tail. For the tails use
    :func:`logcdf` / :func:`logsf`.
    """
    beta = _beta(beta)
    nodes = positive_int("nodes", nodes)
    ss = finite_array("s", s)
    t, w = leggauss(nodes)
    out = np.empty(ss.size)
    for i, si in enumerate(ss.reshape(-1)):
        lo, hi = _fredholm_interval(float(si), beta)
        half = 0.5 * (hi - lo)
        x = lo + (t + 1.0) * half
        sw = np.sqrt(w * half)
        if beta == 2:
            ai, aip, _, _ = airy(x)
            diff = x[:, None] - x[None, :]
            np.fill_diagonal(diff, 1.0)
            kernel = (np.outer(ai, aip) - np.outer(aip, ai)) / diff
            np.fill_diagonal(kernel, aip**2 - x * ai**2)
        else:
            kernel = 0.5 * airy(0.5 * (x[:, None] + x[None, :]))[0]
        out[i] = np.linalg.det(np.eye(nodes) - sw[:, None] * kernel * sw[None, :])
    return as_output(np.clip(out, 0.0, 1.0), s)


def quantile(q: ArrayLike, beta: int = 1) -> float | FloatArray:
    """Inverse CDF by vectorised bisection on ``[-60, 60]`` (70 halvings).

    Compares ``logcdf`` with ``log q`` for ``q <= 1/2`` and ``logsf`` with ``log(1 - q)`` above, so
    tiny ``q`` (down to the smallest float) are inverted accurately. ``q = 0`` and ``q = 1`` give
    ``-inf`` and ``+inf``.
    """
    beta = _beta(beta)
    qs = probability_array("q", q).reshape(-1)
    lower = qs <= 0.5
    with np.errstate(divide="ignore"):
        target = np.where(lower, np.log(np.maximum(qs, 1e-320)), np.log1p(-np.minimum(qs, 1.0)))
    lo = np.full(qs.shape, -60.0)
    hi = np.full(qs.shape, 60.0)
    for _ in range(70):
        mid = 0.5 * (lo + hi)
        log_cdf, log_sf, _ = _log_parts(mid, beta)
        below = np.where(lower, log_cdf < target, log_sf > target)
        lo = np.where(below, mid, lo)
        hi = np.where(below, hi, mid)
    out = np.where(qs <= 0.0, -np.inf, np.where(qs >= 1.0, np.inf, 0.5 * (lo + hi)))
    return as_output(out, q)


@lru_cache(maxsize=len(SUPPORTED_BETAS))
def _moments(beta: int) -> tuple[float, float]:
    t, w = leggauss(60)
    total_mean = 0.0
    total_second = 0.0
    for left in np.arange(TABLE_RANGE[0], 20.0, 1.0):
        x = left + 0.5 * (t + 1.0)
        density = np.exp(_log_parts(x, beta)[2])
        total_mean += 0.5 * float(np.sum(w * x * density))
        total_second += 0.5 * float(np.sum(w * x**2 * density))
    return total_mean, total_second - total_mean**2


def mean(beta: int = 1) -> float:
    """Mean of TW_beta by Gauss–Legendre quadrature of ``x f(x)`` on ``[-12, 20]``.

    Published values (Bornemann 2010, Table 4): TW1 -1.2065335745820, TW2 -1.7710868074116.
    """
    return _moments(_beta(beta))[0]


def variance(beta: int = 1) -> float:
    """Variance of TW_beta (published: TW1 1.6077810345810, TW2 0.8131947928329)."""
    return _moments(_beta(beta))[1]


def wishart_lmax_scaling(*, n: int, p: int) -> tuple[float, float]:
    """Johnstone's centring and scaling ``(mu, sigma)`` for real Wishart ``lambda_max``.

    ``X`` is ``n x p`` with iid N(0, 1) entries and ``l1`` the largest eigenvalue of
    ``X^T X``; then ``(l1 - mu) / sigma -> TW1`` as ``n, p -> inf``, ``n / p -> gamma``
    in ``(0, inf)``, with ``mu = (sqrt(n - 1) + sqrt(p))^2`` and
    ``sigma = (sqrt(n - 1) + sqrt(p)) (1/sqrt(n - 1) + 1/sqrt(p))^(1/3)``
    (Johnstone 2001, Theorem 1.1). Requires ``n >= 2``.
    """
    n = positive_int("n", n)
    p = positive_int("p", p)
    if n < 2:
        raise ValueError(f"n must be an integer >= 2 (allowed range 2, 3, ...); got {n!r}")
    root = math.sqrt(n - 1) + math.sqrt(p)
    return root**2, root * (1.0 / math.sqrt(n - 1) + 1.0 / math.sqrt(p)) ** (1.0 / 3.0)


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    import sys

    save_tables(sys.argv[1] if len(sys.argv) > 1 else "theory/_data/" + _TABLE_FILE)
