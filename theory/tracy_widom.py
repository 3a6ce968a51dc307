"""Tracy–Widom laws TW1 (GOE), TW2 (GUE) and TW4 (GSE): CDF, SF, PDF, their logs, quantiles, moments.

Accurate to about 1e-13 relative over the whole real line (``-inf`` and ``+inf`` included), in
both tails, for ``cdf``, ``sf``, ``pdf``, ``logcdf``, ``logsf`` and ``logpdf``, ``beta`` in
{1, 2, 4}. Three representations are joined (see ``docs/tracy_widom.md``, section "Far tails"):

* **Left tail** ``x < -12``: the asymptotic expansion of ``log F_beta`` as ``x -> -inf``.
  With ``t = -x`` and ``q`` the Hastings–McLeod solution of Painlevé II
  (``q'' = x q + 2 q^3``, ``q ~ Ai`` at ``+inf``), ``q(-t) = sqrt(t/2) sum_n b_n t^{-3n}``
  (``b_0 = 1, b_1 = -1/8, ...``, from the equation order by order), and

  ``log F_2(-t) = -t^3/12 - log(t)/8 + log(2)/24 + zeta'(-1) + sum_{n>=2} a_n t^{3-3n}``

  (Tracy & Widom 1994; the constant is Deift, Its & Krasovsky 2008, CMP 278 and
  Baik, Buckingham & DiFranco 2008, CMP 280), with ``(log F_2)' = int_x^inf q^2``;
  ``log F_1 = (log F_2 - int_x^inf q) / 2`` with
  ``int_x^inf q = sqrt(2) t^{3/2} / 3 + log(2) / 2 + ...`` (Tracy & Widom 1996; the constant
  from Baik, Buckingham & DiFranco 2008, ``tau_1 = 2^{-11/48} e^{zeta'(-1)/2}``), and
  ``F_4(x) = G(sqrt(2) x)`` with ``G = sqrt(F_2) cosh(int_s^inf q / 2)`` (below).
  12 terms; the omitted ones are below 1e-16 at ``x = -12``.
* **Table** ``[-12, 14)``: piecewise polynomials of degree 9 on intervals of width 1/8 (Horner
  form in the local variable, coefficients rounded from 50-digit values) of ``log F`` (left of
  ``-2``) or ``log(1 - F)`` (from ``-2``) and of ``log f``, interpolating at Chebyshev points a
  50-digit Taylor-series integration of Painlevé II from ``x = 22`` (``q = Ai``, error
  ``O(Ai^3) ~ 1e-87``) leftwards with ``log F_2 = -int_x^inf (y - x) q(y)^2 dy``
  (Tracy & Widom 1994). The next Chebyshev coefficients are at the rounding level of the values
  (``LogTable.tail``); tests check the table against a second integration (other precision and
  order) and against independent mpmath Fredholm determinants.
* **Right tail** ``x >= 14``: ``1 - F = tr K (1 + O(tr K))`` with ``tr K < 1e-16`` there:
  ``1 - F_2 = int_x^inf (y - x) Ai(y)^2 dy``, ``f_2 = int_x^inf Ai^2``;
  ``1 - F_1 = int_x^inf Ai / 2``, ``f_1 = Ai(x) / 2`` (kernels below). The integrals are
  Gauss–Laguerre quadratures after ``y = y(tau)`` with ``zeta(y) = zeta(x) + tau``,
  ``zeta(y) = 2 y^{3/2} / 3``, of the exponentially scaled ``e^{zeta} Ai`` (its asymptotic
  series above ``y = 100``), so the logs stay finite until ``zeta(x)`` overflows
  (``x > 2.6e205``; then ``logsf = -inf``). Leading behaviour
  ``1 - F_2 ~ e^{-4 x^{3/2}/3} / (16 pi x^{3/2})``, ``1 - F_1 ~ e^{-2 x^{3/2}/3} / (4 sqrt(pi) x^{3/4})``.
  For beta 4 the two leading terms of ``1 - G`` cancel (below), so its tail is an asymptotic series
  in ``1 / zeta`` derived in exact rationals from the Airy series (:func:`_tw4_right_series`).

**TW4 and its scaling convention.** ``F_4`` is Tracy & Widom's (1996, CMP 177, eq. (54); also
2005, J. Stat. Phys. 119) GSE law,

  ``F_4(s / sqrt(2)) = G(s) = sqrt(F_2(s)) cosh(int_s^inf q / 2) = (F_1(s) + F_2(s) / F_1(s)) / 2``,

equivalently (Ferrari–Spohn / Bornemann 2010, Math. Comp. 79, eq. (5.8))
``G(s) = (det(I - K_1) + det(I + K_1)) / 2`` on ``L^2(s, inf)``, ``K_1(x, y) = Ai((x + y) / 2) / 2``.
This is the convention of Tracy & Widom's paper, of Bornemann's tables (mean -2.306884893241,
variance 0.5177237207726) and of Johnstone's quaternion/GSE scalings built on them, so it is the one
used here: ``cdf(x, 4) = F_4(x) = G(sqrt(2) x)``. ``G`` itself (mean about -3.2624) is also called
TW4 in the literature: obtain it as ``cdf(s / sqrt(2), 4)``, density ``pdf(s / sqrt(2), 4) / sqrt(2)``.
Which one a random-matrix model produces depends on its normalisation. For the Dumitriu–Edelman
``beta = 4`` Hermite tridiagonal model ``H`` (eigenvalue density proportional to
``|Delta(lambda)|^4 exp(-sum lambda^2 / 2)``) the edge variable ``y = N^{1/6} (lambda_max / sqrt(2) - 2 sqrt(N))``
satisfies ``P(y <= t) -> F_4(2^{1/6} t)`` — measured, not taken from a reference: at ``N = 100``, 50000
draws, ``y`` has mean -2.01 and variance 0.413 against -2.055 and 0.411 predicted (``G(y)`` would give
-3.26 and 1.035), and the claim ``tracy_widom.gse_tw4`` verifies it (Ramírez, Rider & Virág 2011, JAMS 24,
and Dieng 2005 discuss the factors between the conventions).
In the right tail ``1 - G = V / 2 - A^2 / 8 + O(e^{-4 zeta})`` with ``V = int_s^inf (y - s) Ai^2``
and ``A = int_s^inf Ai`` (``log F_2 = -V`` and ``log cosh(w / 2) = w^2 / 8 + ...``), whose leading
terms ``e^{-2 zeta} / (32 pi s^{3/2})`` cancel: ``1 - G = e^{-2 zeta} / (4 pi) * sum_{k>=2} sigma_k zeta^{-k}``.

Documented limits: ``logcdf(-inf) = -inf``, ``logsf(+inf) = -inf``; ``logcdf`` overflows to
``-inf`` below ``x = -1.29e103`` (beta 2) / ``-1.62e103`` (beta 1) / ``-1.15e103`` (beta 4), where
``|x|^3 / 12``, ``/ 24`` resp. ``sqrt(2)^3 |x|^3 / 24`` exceeds the float range, and ``logsf`` above
``x = 2.6e205`` (beta 2) / ``3.1e205`` (beta 1) / ``1.8e205`` (beta 4), where ``4 x^{3/2} / 3``,
``x^{3/2}`` resp. ``4 (sqrt(2) x)^{3/2} / 3`` does; ``logpdf`` likewise; ``cdf``, ``sf`` and ``pdf``
underflow to 0 where the true values are below the smallest float.

Kernels (for :func:`fredholm_cdf`, a float64 determinant with absolute accuracy only):

* ``F2(s) = det(I - K_Ai)`` on ``L^2(s, inf)``,
  ``K_Ai(x, y) = (Ai(x) Ai'(y) - Ai'(x) Ai(y)) / (x - y)`` (Tracy & Widom 1994);
* ``F1(s) = det(I - K)`` on ``L^2(s, inf)``, ``K(x, y) = Ai((x + y) / 2) / 2``
  (Ferrari & Spohn 2005 form of Tracy & Widom 1996), by Gauss–Legendre quadrature
  (Bornemann 2010, Math. Comp. 79);
* ``F4(s) = (det(I - K) + det(I + K)) / 2`` on ``L^2(sqrt(2) s, inf)`` with the same ``K``.

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
from numpy.polynomial.legendre import leggauss
from numpy.typing import ArrayLike
from scipy.special import airy, airye, roots_laguerre

from theory._validate import (
    FloatArray,
    _holds_bool,
    as_output,
    finite_array,
    positive_int,
)

__all__ = [
    "TABLE_RANGE",
    "cdf",
    "fredholm_cdf",
    "kurtosis",
    "logcdf",
    "logpdf",
    "logsf",
    "mean",
    "pdf",
    "quantile",
    "sf",
    "skewness",
    "variance",
    "wishart_lmax_scaling",
]

SUPPORTED_BETAS = (1, 2, 4)
TABLE_RANGE = (-12.0, 14.0)
SPLIT = -2.0
#: Width of the table's intervals (per beta: TW4 varies on a scale sqrt(2) shorter) and degree of its polynomials.
TABLE_STEPS = {1: 0.125, 2: 0.125, 4: 0.0625}
TABLE_DEGREE = 9
_TABLE_FILE = "tracy_widom_table.npz"
_FREDHOLM_NODES = 80
_FREDHOLM_MAX_NODES = 2000
#: Where :func:`fredholm_cdf` evaluates the determinant (outside, F is 0 or 1 to within 1e-70).
FREDHOLM_RANGE = (-26.0, 40.0)
_SERIES_TERMS = 12
_TW4_SERIES_TERMS = 24
_LAGUERRE_NODES = 40
_AIRY_SERIES_FROM = 100.0
_LOG2 = math.log(2.0)
_SQRT2 = math.sqrt(2.0)
# zeta'(-1) (Deift, Its & Krasovsky 2008); mpmath.zeta(-1, derivative=1).
_ZETA_PRIME_M1 = -0.16542114370045092921
_CHI2 = _LOG2 / 24.0 + _ZETA_PRIME_M1


def _beta(beta: int) -> int:
    if isinstance(beta, bool) or not isinstance(beta, (int, np.integer)) or beta not in SUPPORTED_BETAS:
        raise ValueError(f"beta must be one of {SUPPORTED_BETAS}; got {beta!r}")
    return int(beta)


def _points(name: str, value: ArrayLike) -> FloatArray:
    """Real points on the extended line: +-inf allowed; NaN refused (ValueError); booleans, strings,
    complex numbers and other non-real input refused (TypeError) instead of being coerced."""
    if isinstance(value, np.ndarray):
        raw = value
    else:
        if isinstance(value, (bool, np.bool_, str, bytes)) or _holds_bool(value):
            raise TypeError(f"{name} must be real numbers in [-inf, inf] (int or float), not booleans or "
                            f"strings; got {value!r}")
        try:
            raw = np.asarray(value)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"{name} must be real numbers in [-inf, inf]; got {value!r}") from exc
    if raw.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be real numbers in [-inf, inf] (int or float dtype; no booleans, "
                        f"strings, complex or objects); got dtype {raw.dtype}")
    arr: FloatArray = raw.astype(np.float64, copy=False)
    if np.isnan(arr).any():
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
    """``(log F, log f)`` at ``x = -t`` for ``t >= 12`` from the expansions in the module docstring.

    Beta 4 is evaluated at ``s = sqrt(2) x`` (``t_s = sqrt(2) t``): ``log G = log F_2 / 2 + w / 2 - log 2
    + log1p(e^{-w})`` with ``w = int_s^inf q``, and ``G' = sqrt(F_2) (u cosh(w/2) - q sinh(w/2)) / 2``,
    ``u = (log F_2)'``; ``f_4(x) = sqrt(2) G'(s)``.
    """
    if beta == 4:
        t = _SQRT2 * t
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
        if beta == 4:
            cubic = -t * (t * t / 24.0)
            with np.errstate(invalid="ignore"):  # where t^3 overflows so may w ~ t^{3/2}: -inf + inf
                log_g = cubic + 0.5 * (rest2 + w) - _LOG2 + np.log1p(np.exp(-w))
            log_g = np.where(np.isneginf(cubic), -np.inf, log_g)  # the cubic term dominates: log G = -inf
            slope = u_rel - q_rel * np.tanh(0.5 * w)  # (u - q tanh(w/2)) / (t^2 / 4)
            return log_g, log_g + 2.0 * log_t - math.log(8.0) + np.log(slope) + 0.5 * _LOG2
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


def _series_product(a: list[Fraction], b: list[Fraction]) -> list[Fraction]:
    return [sum((a[i] * b[k - i] for i in range(k + 1)), Fraction(0)) for k in range(min(len(a), len(b)))]


@lru_cache(maxsize=1)
def _tw4_right_series(terms: int = _TW4_SERIES_TERMS) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """``(sigma, rho)``: ``1 - G(s) = e^{-2 zeta} / (4 pi) z^2 sum_k sigma_k z^k`` and
    ``G'(s) = e^{-2 zeta} sqrt(s) / (4 pi) z^2 sum_k rho_k z^k``, ``z = 1 / zeta``, ``zeta = 2 s^{3/2} / 3``.

    From ``Ai = e^{-zeta} s^{-1/4} P / (2 sqrt(pi))``, ``Ai' = -e^{-zeta} s^{1/4} Q / (2 sqrt(pi))``
    (``P = sum (-1)^k u_k z^k``, ``Q = sum (-1)^k v_k z^k``, ``v_k = -u_k (6k + 1) / (6k - 1)``, DLMF 9.7.5–6)
    and ``int_s^inf Ai = e^{-zeta} s^{-3/4} T / (2 sqrt(pi))`` with ``T - dT/dzeta + T / (2 zeta) = P``
    (``t_k = p_k - (k - 1/2) t_{k-1}``): ``V = (2 s^2 Ai^2 - 2 s Ai'^2 - Ai Ai') / 3``,
    ``int_s^inf Ai^2 = Ai'^2 - s Ai^2``, so
    ``4 pi e^{2 zeta} (1 - G) = (3 (P^2 - Q^2) / z + P Q) / 6 - z T^2 / 12``
    and ``4 pi e^{2 zeta} G' / sqrt(s) = (Q^2 - P^2) / 2 - z T P / 6``, both ``O(z^2)`` (exact rationals).
    """
    n = terms + 3
    u = [Fraction(1)]
    for k in range(1, n):
        u.append(u[-1] * (6 * k - 5) * (6 * k - 3) * (6 * k - 1) / (216 * k * (2 * k - 1)))
    p = [(-1) ** k * u[k] for k in range(n)]
    q = [(-1) ** k * (-u[k] * (6 * k + 1) / (6 * k - 1)) for k in range(n)]
    t = [Fraction(1)]
    for k in range(1, n):
        t.append(p[k] - (k - Fraction(1, 2)) * t[k - 1])
    pp, qq, pq, tt, tp = (_series_product(a, b) for a, b in ((p, p), (q, q), (p, q), (t, t), (t, p)))
    diff = [pp[k] - qq[k] for k in range(n)]  # P^2 - Q^2, zero constant term
    sf = [(3 * diff[k + 1] + pq[k]) / 6 - (tt[k - 1] / 12 if k else 0) for k in range(n - 1)]
    dens = [-diff[k] / 2 - (tp[k - 1] / 6 if k else 0) for k in range(n - 1)]
    if sf[0] or sf[1] or dens[0] or dens[1]:  # pragma: no cover - algebra check
        raise AssertionError("TW4 right-tail series: leading terms do not cancel")
    return tuple(float(v) for v in sf[2:terms + 2]), tuple(float(v) for v in dens[2:terms + 2])


def _right_tail(x: FloatArray, beta: int) -> tuple[FloatArray, FloatArray]:
    """``(log(1 - F), log f)`` for ``x >= 14`` from the trace of the kernel (module docstring)."""
    if beta == 4:
        return _right_tail4(x)
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


def _right_tail4(x: FloatArray) -> tuple[FloatArray, FloatArray]:
    """TW4 for ``x >= 14`` (``s = sqrt(2) x >= 19.8``, ``zeta >= 58``): the series of
    :func:`_tw4_right_series`; 24 terms, the first omitted below 1e-17 relative at ``zeta = 58``."""
    sigma, rho = _tw4_right_series()
    with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
        s = _SQRT2 * x
        zeta = 2.0 / 3.0 * s**1.5
        z = 1.0 / zeta
        sum_sf = np.full_like(x, sigma[-1])
        sum_pdf = np.full_like(x, rho[-1])
        for k in range(len(sigma) - 2, -1, -1):
            sum_sf = sum_sf * z + sigma[k]
            sum_pdf = sum_pdf * z + rho[k]
        base = -2.0 * zeta - math.log(4.0 * math.pi) + 2.0 * np.log(z)
        log_sf = base + np.log(sum_sf)
        log_pdf = base + np.log(sum_pdf) + 0.5 * np.log(s) + 0.5 * _LOG2
        infinite = ~np.isfinite(zeta)
        log_sf[infinite] = -np.inf
        log_pdf[infinite] = -np.inf
    return log_sf, log_pdf


# --------------------------------------------------------------------------- table


@dataclass(frozen=True)
class LogTable:
    """Piecewise polynomials on the intervals ``[lo + i h, lo + (i + 1) h)`` of ``TABLE_RANGE``.

    ``value`` and ``logpdf`` have shape ``(degree + 1, intervals)``: column ``i`` holds the power
    coefficients, highest first, in ``v = (x - lo) / h - i`` in ``[0, 1)``, of ``log F`` (intervals left
    of ``SPLIT``) or ``log(1 - F)`` (from ``SPLIT``) resp. of ``log f``. ``tail`` is, per interval, the
    larger of the last two Chebyshev coefficients of the interpolants (an error estimate).
    """

    beta: int
    step: float
    value: FloatArray
    logpdf: FloatArray
    tail: FloatArray


def painleve_values(points: list[float], dps: int = 35, order: int = 40, steps_per_unit: int = 8,
                    start: float = 22.0, betas: tuple[int, ...] = (1, 2)) -> dict[int, list[tuple[Any, Any, Any]]]:
    """``(log F, log(1 - F), log f)`` for each of ``betas`` at ``points`` (mpmath numbers).

    Integrates Hastings–McLeod ``q'' = x q + 2 q^3`` leftwards from ``start`` (``q = Ai``,
    ``q' = Ai'``) by Taylor series of ``order`` terms on steps of ``1/steps_per_unit``, together with
    ``u = int_x^inf q^2``, ``v = int_x^inf y q^2``, ``w = int_x^inf q`` (tails beyond ``start`` from
    ``int Ai^2 = Ai'^2 - x Ai^2``, ``int y Ai^2 = (x Ai'^2 - x^2 Ai^2 - Ai Ai') / 3`` and quadrature);
    then ``log F_2 = -(v - x u)``, ``(log F_2)' = u``, ``log F_1 = (log F_2 - w) / 2``,
    ``(log F_1)' = (u + q) / 2``, and at ``s = sqrt(2) x`` for beta 4
    ``log F_4(x) = log G(s) = log F_2(s) / 2 + log1p(2 sinh(w / 4)^2)`` (``= log cosh(w / 2)`` without
    cancellation), ``log f_4(x) = log G + log((u - q tanh(w / 2)) / 2) + log(2) / 2``.
    Neighbouring (Ablowitz–Segur) solutions separate from Hastings–McLeod like
    ``exp(2 sqrt(2) |x|^{3/2} / 3)`` to the left (1e17 at ``x = -12``, 1e29 at ``-17``): the working
    precision is ``dps`` digits plus that amplification at the lowest point. Points (times ``sqrt(2)``
    for beta 4) must lie in ``[-20, start]``; needs mpmath (seconds).
    """
    import mpmath as mp

    need = [float(p) * (_SQRT2 if beta == 4 else 1.0) for beta in betas for p in points]
    lowest = min(need)
    if lowest < -20.0 or max(need) > start:
        raise ValueError(f"points must lie in [-20, {start}] (times sqrt(2) for beta 4)")
    amplification = 2.0 * _SQRT2 / 3.0 * (max(-lowest, 0.0) + 1.0) ** 1.5 / math.log(10.0)
    with mp.workdps(dps + int(amplification) + 5):
        x0 = mp.mpf(start)
        ai, aip = mp.airyai(x0), mp.airyai(x0, 1)
        state = [ai, aip, aip**2 - x0 * ai**2, (x0 * aip**2 - x0**2 * ai**2 - ai * aip) / 3,
                 mp.quad(mp.airyai, [x0, mp.inf])]
        step = -mp.mpf(1) / steps_per_unit
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

        def solution(s: Any) -> tuple[Any, ...]:
            k = min(max(int(mp.nint((s - x0) / step)), 0), len(grid) - 1)
            centre, a, us, vs, ws = grid[k]
            return (s, *(mp.polyval(series[::-1], s - centre) for series in (a, us, vs, ws)))

        out: dict[int, list[tuple[Any, Any, Any]]] = {beta: [] for beta in betas}
        for point in points:
            for beta in betas:
                s, q, u, v, w = solution(mp.mpf(point) * (mp.sqrt(2) if beta == 4 else 1))
                log_f2 = -(v - s * u)
                if beta == 4:
                    log_f = log_f2 / 2 + mp.log1p(2 * mp.sinh(w / 4) ** 2)
                    log_pdf = log_f + mp.log((u - q * mp.tanh(w / 2)) / 2) + mp.log(2) / 2
                else:
                    log_f, dlog = (log_f2, u) if beta == 2 else ((log_f2 - w) / 2, (u + q) / 2)
                    log_pdf = log_f + mp.log(dlog)
                out[beta].append((log_f, mp.log(-mp.expm1(log_f)), log_pdf))
        return out


def build_tables(steps: dict[int, float] | None = None, degree: int = TABLE_DEGREE,
                 **solver: int) -> dict[int, LogTable]:
    """Interpolants of :func:`painleve_values` at ``degree + 1`` Chebyshev points per interval.

    The power coefficients in ``v`` in ``[0, 1]`` are solved for in mpmath (the Vandermonde system
    at 40 digits) and rounded once; ``tail`` is the larger of the last two Chebyshev coefficients
    ``c_k = (2 / n) sum_j p(x_j) T_k(x_j)`` of that interpolant ``p``, also at 40 digits (so it measures
    the truncation, not the rounding of the nodes to floats or of values as large as 200).
    """
    import mpmath as mp

    steps = dict(TABLE_STEPS if steps is None else steps)
    lo, hi = TABLE_RANGE
    size = degree + 1
    tables = {}
    for beta in SUPPORTED_BETAS:
        step = steps[beta]
        count = round((hi - lo) / step)
        with mp.workdps(40):
            angles = [mp.pi * (size - j - mp.mpf(1) / 2) / size for j in range(size)]  # ascending nodes
            local = [(mp.cos(a) + 1) / 2 for a in angles]
            points = [lo + (i + float(v)) * step for i in range(count) for v in local]
        rows = painleve_values(points, betas=(beta,), **solver)[beta]
        with mp.workdps(40):
            value = np.empty((size, count))
            logpdf = np.empty((size, count))
            tail = np.empty(count)
            for i in range(count):
                block = rows[i * size:(i + 1) * size]
                nodes = [(mp.mpf(p) - lo) / step - i for p in points[i * size:(i + 1) * size]]
                system = mp.matrix([[v ** (degree - j) for j in range(size)] for v in nodes])
                pick = 0 if lo + i * step < SPLIT else 1
                estimate = mp.mpf(0)
                for column, field in ((value, pick), (logpdf, 2)):
                    power = list(mp.lu_solve(system, mp.matrix([row[field] for row in block])))
                    column[:, i] = [float(c) for c in power]
                    # Chebyshev coefficients of this interpolant, from its values at the exact nodes
                    exact = [mp.polyval(power, v) for v in local]
                    for k in (degree - 1, degree):
                        coeff = 2 * mp.fsum(f * mp.cos(k * a) for f, a in zip(exact, angles, strict=True)) / size
                        estimate = max(estimate, abs(coeff))
                tail[i] = float(estimate)
        tables[beta] = LogTable(beta, step, value, logpdf, tail)
    return tables


def save_tables(path: str) -> None:
    """Regenerate the shipped table file (``python -m theory.tracy_widom PATH``; about 20 s)."""
    arrays: dict[str, FloatArray] = {}
    for beta, table in build_tables().items():
        for field in ("value", "logpdf", "tail"):
            arrays[f"{field}{beta}"] = getattr(table, field)
        arrays[f"step{beta}"] = np.array(table.step)
    np.savez_compressed(path, **arrays)  # type: ignore[arg-type]


def load_table(beta: int) -> LogTable:
    """The shipped table for ``beta`` (read once per process; immutable)."""
    return _load_table(_beta(beta))


@lru_cache(maxsize=len(SUPPORTED_BETAS))
def _load_table(beta: int) -> LogTable:
    with resources.files("theory._data").joinpath(_TABLE_FILE).open("rb") as handle:
        data = np.load(handle)
        value, logpdf, tail = (np.ascontiguousarray(data[f"{name}{beta}"]) for name in ("value", "logpdf", "tail"))
        step = float(data[f"step{beta}"])
    for arr in (value, logpdf, tail):
        arr.setflags(write=False)
    return LogTable(beta, step, value, logpdf, tail)


def _horner(coefficients: FloatArray, idx: Any, v: FloatArray) -> FloatArray:
    """Evaluate column ``idx[j]`` of ``coefficients`` (power basis, highest first) at ``v[j]``."""
    result: FloatArray = coefficients[0].take(idx)
    for row in coefficients[1:]:
        result *= v
        result += row.take(idx)
    return result


def _locate(x: FloatArray, table: LogTable) -> tuple[Any, FloatArray]:
    """Interval index and local variable ``v`` in ``[0, 1)`` of points inside ``TABLE_RANGE``."""
    t = (x - TABLE_RANGE[0]) * (1.0 / table.step)
    idx = t.astype(np.intp)
    t -= idx
    return idx, t


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
        table = _load_table(beta)
        xi = x[inside]
        idx, v = _locate(xi, table)
        g = _horner(table.value, idx, v)
        other = np.log1p(-np.exp(g))  # the table's value is log F <= log F(-2) or log(1 - F) <= log(1 - F(-2))
        below = xi < SPLIT
        log_cdf[inside] = np.where(below, g, other)
        log_sf[inside] = np.where(below, other, g)
        log_pdf[inside] = _horner(table.logpdf, idx, v)
    neg_inf = x == -np.inf
    pos_inf = x == np.inf
    log_cdf[neg_inf], log_sf[neg_inf], log_pdf[neg_inf] = -np.inf, 0.0, -np.inf
    log_cdf[pos_inf], log_sf[pos_inf], log_pdf[pos_inf] = 0.0, -np.inf, -np.inf
    return log_cdf, log_sf, log_pdf


def _evaluate(x: ArrayLike, beta: int, kind: str) -> float | FloatArray:
    """One of cdf, sf, pdf, logcdf, logsf, logpdf at ``x``: the table alone when every point lies in
    ``TABLE_RANGE`` (the common case: no masks, one polynomial), else :func:`_log_parts`."""
    beta = _beta(beta)
    xs = _points("x", x).reshape(-1)
    lo, hi = TABLE_RANGE
    if xs.size and lo <= xs.min() and xs.max() < hi:
        table = _load_table(beta)
        idx, v = _locate(xs, table)
        if kind in ("pdf", "logpdf"):
            log_pdf = _horner(table.logpdf, idx, v)
            return as_output(np.exp(log_pdf, out=log_pdf) if kind == "pdf" else log_pdf, x)
        g = _horner(table.value, idx, v)
        below = xs < SPLIT
        if kind in ("cdf", "sf"):
            e = np.exp(g)
            one_minus = -np.expm1(g)
            return as_output(np.where(below == (kind == "cdf"), e, one_minus), x)
        other = np.log1p(-np.exp(g))
        return as_output(np.where(below == (kind == "logcdf"), g, other), x)
    log_cdf, log_sf, log_pdf = _log_parts(xs, beta)
    if kind == "logcdf":
        return as_output(log_cdf, x)
    if kind == "logsf":
        return as_output(log_sf, x)
    if kind == "logpdf":
        return as_output(log_pdf, x)
    if kind == "pdf":
        return as_output(np.exp(log_pdf), x)
    with np.errstate(under="ignore"):
        if kind == "cdf":
            return as_output(np.where(log_cdf < log_sf, np.exp(log_cdf), -np.expm1(log_sf)), x)
        return as_output(np.where(log_sf < log_cdf, np.exp(log_sf), -np.expm1(log_cdf)), x)


def logcdf(x: ArrayLike, beta: int = 1) -> float | FloatArray:
    """``log F_beta(x)`` for ``beta`` in {1, 2, 4}, ``x`` in ``[-inf, inf]``; relative accuracy ~1e-13.

    ``logcdf(-inf) = -inf``; ``-inf`` also below ``x = -1.29e103`` (beta 2) / ``-1.62e103``
    (beta 1) / ``-1.15e103`` (beta 4), where ``log F`` exceeds the float range. TW4 in Tracy & Widom's
    (1996) scaling (module docstring). ``x``: real numbers (TypeError for booleans, strings, complex;
    ValueError for NaN).
    """
    return _evaluate(x, beta, "logcdf")


def logsf(x: ArrayLike, beta: int = 1) -> float | FloatArray:
    """``log(1 - F_beta(x))``, relative accuracy ~1e-13.

    ``-inf`` at ``x = +inf`` and (float overflow) above ``x = 2.6e205`` (beta 2) / ``3.1e205`` (beta 1)
    / ``1.8e205`` (beta 4).
    """
    return _evaluate(x, beta, "logsf")


def logpdf(x: ArrayLike, beta: int = 1) -> float | FloatArray:
    """``log f_beta(x)`` (``-inf`` at ``+-inf`` and where ``logcdf`` / ``logsf`` overflow)."""
    return _evaluate(x, beta, "logpdf")


def cdf(x: ArrayLike, beta: int = 1) -> float | FloatArray:
    """Tracy–Widom CDF ``F_beta(x)``, ``beta`` in {1, 2, 4}; relative accuracy ~1e-13 (0 below 1e-308).

    ``cdf(-inf) = 0``, ``cdf(inf) = 1``. TW4 is Tracy & Widom's ``F_4`` (mean -2.3069); the other
    convention ``G`` is ``cdf(s / sqrt(2), 4)``, and the ``beta = 4`` tridiagonal model's edge variable
    ``y`` follows ``cdf(2^{1/6} y, 4)`` (module docstring).
    """
    return _evaluate(x, beta, "cdf")


def sf(x: ArrayLike, beta: int = 1) -> float | FloatArray:
    """Survival function ``1 - F_beta(x)`` with relative accuracy ~1e-13 in the right tail."""
    return _evaluate(x, beta, "sf")


def pdf(x: ArrayLike, beta: int = 1) -> float | FloatArray:
    """Tracy–Widom density ``F_beta'(x)``; relative accuracy ~1e-13 (0 where below 1e-308)."""
    return _evaluate(x, beta, "pdf")


def _fredholm_interval(s: float, beta: int, margin: float = 40.0) -> tuple[float, float]:
    """Truncation ``[s, hi]`` of ``(s, inf)`` where the kernel has decayed by ``e^{-margin}``.

    ``zeta(x) = 2 x^{3/2} / 3``; TW2 (``Ai(x) Ai'(y)``): ``zeta(hi) = zeta(s+) + margin``;
    TW1 and TW4 (``Ai((x + y) / 2)`` with ``y >= s``): ``zeta((hi + s) / 2) = zeta(s+) + margin``, i.e.
    ``hi = 33.2 - s`` for ``s <= 0`` (the cut sits ``2|s| + 33`` past ``s``).
    """
    point = (1.5 * (2.0 / 3.0 * max(s, 0.0) ** 1.5 + margin)) ** (2.0 / 3.0)
    return s, (point if beta == 2 else 2.0 * point - s)


def fredholm_cdf(s: ArrayLike, beta: int, nodes: int = _FREDHOLM_NODES) -> float | FloatArray:
    """Tracy–Widom CDF from the float64 Fredholm determinant with ``nodes`` Gauss–Legendre nodes.

    Absolute accuracy only (about 1e-15 where converged: ``|s| <= 8`` with 80 nodes): float64
    cannot resolve ``det(I - K)`` relative to its size in the left tail. For the tails use
    :func:`logcdf` / :func:`logsf`. Outside ``[FREDHOLM_RANGE]`` the determinant is not evaluated
    (the quadrature stops converging there, and the interval of :func:`_fredholm_interval` overflows
    for huge ``s``): below ``-26`` ``F_beta < 1e-280`` and 0 is returned, above 40 ``1 - F_beta < 1e-70``
    and 1 is returned (both within the stated absolute accuracy). ``nodes`` is at most 2000.
    Beta 4: ``(det(I - K_1) + det(I + K_1)) / 2`` on ``L^2(sqrt(2) s, inf)`` (Tracy–Widom 1996 scaling).
    """
    beta = _beta(beta)
    nodes = positive_int("nodes", nodes)
    if nodes > _FREDHOLM_MAX_NODES:
        raise ValueError(f"nodes must be at most {_FREDHOLM_MAX_NODES} (a nodes x nodes determinant); "
                         f"got {nodes!r}")
    ss = finite_array("s", s)
    t, w = leggauss(nodes)
    out = np.empty(ss.size)
    for i, si in enumerate(ss.reshape(-1)):
        if not FREDHOLM_RANGE[0] <= si <= FREDHOLM_RANGE[1]:
            out[i] = 0.0 if si < FREDHOLM_RANGE[0] else 1.0
            continue
        point = float(si) * (_SQRT2 if beta == 4 else 1.0)
        lo, hi = _fredholm_interval(point, beta)
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
        weighted = sw[:, None] * kernel * sw[None, :]
        out[i] = np.linalg.det(np.eye(nodes) - weighted)
        if beta == 4:
            out[i] = 0.5 * (out[i] + np.linalg.det(np.eye(nodes) + weighted))
    return as_output(np.clip(out, 0.0, 1.0), s)


def quantile(q: ArrayLike, beta: int = 1) -> float | FloatArray:
    """Inverse CDF by vectorised bisection on ``[-60, 60]`` (70 halvings, to 1e-16 absolute).

    Compares ``logcdf`` with ``log q`` for ``q <= 1/2`` and ``logsf`` with ``log(1 - q)`` above, so
    tiny ``q`` (down to the smallest subnormal float, 5e-324, where ``log q = -744.4``) are inverted
    to the accuracy of ``logcdf`` (the left-tail expansion below ``x = -12``). ``q = 0`` and ``q = 1`` give
    ``-inf`` and ``+inf``. ``q``: real numbers in ``[0, 1]`` (TypeError for booleans, strings, complex).
    """
    beta = _beta(beta)
    qs = _points("q", q).reshape(-1)
    if np.any((qs < 0.0) | (qs > 1.0)):
        raise ValueError(f"q must lie in [0, 1]; got {q!r}")
    lower = qs <= 0.5
    with np.errstate(divide="ignore"):
        target = np.where(lower, np.log(qs), np.log1p(-qs))
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
def _moments(beta: int) -> tuple[float, float, float, float]:
    """Mean, variance, skewness, excess kurtosis: 60-node Gauss–Legendre per unit interval of
    ``[-12, 20]`` applied to ``x^k f(x)``, central moments from the mean (no raw-moment cancellation)."""
    t, w = leggauss(60)
    x = (np.arange(TABLE_RANGE[0], 20.0, 1.0)[:, None] + 0.5 * (t + 1.0)[None, :]).reshape(-1)
    weight = 0.5 * np.tile(w, x.size // w.size) * np.exp(_log_parts(x, beta)[2])
    centre = float(np.sum(weight * x))
    d = x - centre
    m2, m3, m4 = (float(np.sum(weight * d**k)) for k in (2, 3, 4))
    return centre, m2, m3 / m2**1.5, m4 / m2**2 - 3.0


def mean(beta: int = 1) -> float:
    """Mean of TW_beta by Gauss–Legendre quadrature of ``x f(x)`` on ``[-12, 20]``.

    Published values (Bornemann 2010, Table 4): TW1 -1.2065335745820, TW2 -1.7710868074116,
    TW4 -2.3068848932410 (Tracy–Widom 1996 scaling of ``F_4``; module docstring).
    """
    return _moments(_beta(beta))[0]


def variance(beta: int = 1) -> float:
    """Variance of TW_beta (published: TW1 1.6077810345810, TW2 0.8131947928329, TW4 0.5177237207726)."""
    return _moments(_beta(beta))[1]


def skewness(beta: int = 1) -> float:
    """Skewness ``E (X - mu)^3 / sigma^3`` of TW_beta (quadrature as in :func:`mean`).

    Published (Bornemann 2010, Table 4): TW1 0.2934645240865, TW2 0.224084203610, TW4 0.16550949435.
    """
    return _moments(_beta(beta))[2]


def kurtosis(beta: int = 1) -> float:
    """Excess kurtosis ``E (X - mu)^4 / sigma^4 - 3`` of TW_beta.

    Published (Bornemann 2010, Table 4): TW1 0.1652429384556, TW2 0.0934480876, TW4 0.0491951565.
    """
    return _moments(_beta(beta))[3]


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
