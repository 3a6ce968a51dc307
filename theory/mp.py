"""The Marchenko–Pastur law: edges, density, atom, CDF, quantiles, moments, Stieltjes transform.

Convention (sample covariance): ``X`` is ``p x n`` with iid entries of mean 0 and variance
``sigma2``; ``S = X X^T / n`` is ``p x p``; the aspect ratio is ``c = p / n``. As
``p, n -> inf`` with ``p / n -> c`` the empirical spectral distribution (ESD) of ``S``
converges to the Marchenko–Pastur law (Marčenko & Pastur 1967; source document 001):

* edges ``lambda_± = sigma2 (1 ± sqrt(c))^2``;
* density ``rho(x) = sqrt((lambda_+ - x)(x - lambda_-)) / (2 pi sigma2 c x)`` on the edges;
* an atom of mass ``max(0, 1 - 1/c)`` at 0 (``S`` has rank ``n < p`` when ``c > 1``).

All functions are vectorised: array inputs keep their shape, scalar inputs return floats.
The heavy-tailed self-regularization convention (``W`` is ``N x M``, ``Q = N / M``) is
available through the ``htsr_*`` adapters at the bottom.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from theory._validate import (
    FloatArray,
    as_output,
    finite_array,
    finite_result,
    nonneg_int,
    positive_finite,
    probability_array,
)

__all__ = [
    "atom",
    "cdf",
    "edges",
    "htsr_edges",
    "htsr_pdf",
    "htsr_to_c",
    "moment",
    "pdf",
    "quantile",
    "stieltjes",
]


#: Largest moment order evaluated (the Narayana sum has ``k`` terms with ``k``-digit binomials).
MAX_MOMENT = 2000
_LOG_MAX = math.log(np.finfo(np.float64).max)


def _params(c: float, sigma2: float) -> tuple[float, float]:
    return positive_finite("c", c), positive_finite("sigma2", sigma2)


def edges(c: float, sigma2: float = 1.0) -> tuple[float, float]:
    """Bulk edges ``(lambda_-, lambda_+) = sigma2 (1 ∓ sqrt(c))^2``.

    For ``c > 1`` these are the edges of the non-zero eigenvalues (the atom sits at 0).
    Regime: ``p, n -> inf``, ``p / n -> c``. Citation: Marčenko & Pastur (1967).
    """
    c, sigma2 = _params(c, sigma2)
    root = math.sqrt(c)
    # products, not ``**``: a plain-float power raises OverflowError; an edge beyond the float range is refused
    return finite_result((sigma2 * ((1.0 - root) * (1.0 - root)), sigma2 * ((1.0 + root) * (1.0 + root))),
                         "c, sigma2 (the upper edge sigma2 (1 + sqrt c)^2 must be below 1.8e308)")


def atom(c: float) -> float:
    """Mass of the atom at zero, ``max(0, 1 - 1/c)``."""
    c = positive_finite("c", c)
    return max(0.0, 1.0 - 1.0 / c)


def pdf(x: ArrayLike, c: float, sigma2: float = 1.0) -> float | FloatArray:
    """Density of the absolutely continuous part; it integrates to ``1 - atom(c)``.

    ``rho(x) = sqrt((lambda_+ - x)(x - lambda_-)) / (2 pi sigma2 c x)`` for
    ``lambda_- <= x <= lambda_+`` and 0 elsewhere (the atom is excluded).
    """
    c, sigma2 = _params(c, sigma2)
    xs = finite_array("x", x) / sigma2  # in units of sigma2: rho_{sigma2}(x) = rho_1(x / sigma2) / sigma2
    lo, hi = edges(c, 1.0)
    if c < SMALL_C:  # exact edge distances (the edges round together as c -> 0)
        below, above = _edge_distances(xs, c)
    else:
        below, above = xs - lo, hi - xs
    inside = (below > 0.0) & (above > 0.0) & (xs > 0.0)
    out = np.zeros_like(xs)
    xi = xs[inside]
    with np.errstate(over="ignore"):
        out[inside] = np.sqrt(above[inside] * below[inside]) / (2.0 * math.pi * c * xi) / sigma2
    return as_output(finite_result(out, "x, c, sigma2 (the density exceeds 1.8e308)"), x)


def _scaled_cdf_increment(t: FloatArray, a: float, b: float) -> FloatArray:
    """``2 pi c (F(t) - F(a))`` for ``sigma2 = 1``: ``int_a^t sqrt((b - u)(u - a)) / u du``.

    Antiderivative ``G(u) = sqrt((b-u)(u-a)) + (a+b)/2 * asin(r1) - sqrt(ab) * asin(r2)`` with
    ``r1 = (2u - a - b)/(b - a)``, ``r2 = ((a+b)u - 2ab)/(u (b - a))``; ``proofs_check``
    verifies ``G' = sqrt((b-u)(u-a))/u``. Both ``r`` equal -1 at ``u = a``, so the increment
    is written with ``phi = asin(r) + pi/2 = atan2(sqrt(1 - r^2), -r)``, using the exact
    factorisations ``1 - r1^2 = 4(u-a)(b-u)/(b-a)^2`` and
    ``1 - r2^2 = 4ab(u-a)(b-u)/(u(b-a))^2``. This keeps full accuracy next to the edges,
    where ``asin`` itself is ill-conditioned.
    Writing ``D = (sqrt(b) - sqrt(a))^2`` the increment is
    ``R + (D/2) phi1 + sqrt(ab) (phi1 - phi2)`` with ``R = sqrt((b-u)(u-a))``, and the angle
    difference is taken as one ``atan2`` whose sine part ``-2 R D (sqrt(ab) + u)`` is exact,
    so no two O(1) terms cancel when ``c`` is small.
    """
    root = np.sqrt(np.clip((b - t) * (t - a), 0.0, None))
    sqrt_ab = math.sqrt(a * b)
    gap = (math.sqrt(b) - math.sqrt(a)) ** 2
    x1 = a + b - 2.0 * t
    x2 = 2.0 * a * b - (a + b) * t
    phi1 = np.arctan2(2.0 * root, x1)
    cos_part = x1 * x2 + 4.0 * sqrt_ab * root**2
    dphi = np.arctan2(-2.0 * root * gap * (sqrt_ab + t), cos_part)
    return root + 0.5 * gap * phi1 + sqrt_ab * dphi


def cdf(x: ArrayLike, c: float, sigma2: float = 1.0) -> float | FloatArray:
    """Cumulative distribution function of the MP law, atom at 0 included.

    Closed form (no quadrature): for ``lambda_- < x < lambda_+`` and ``sigma2 = 1``,
    ``F(x) = atom(c) + (G(x) - G(lambda_-)) / (2 pi c)`` with ``G`` the antiderivative in
    :func:`_scaled_cdf_increment`; scaling ``F_{sigma2}(x) = F_1(x / sigma2)``.
    ``F`` jumps by ``atom(c)`` at 0, is 0 below 0 and 1 from ``lambda_+`` on.
    Accuracy: agrees with 30-digit quadrature of :func:`pdf` to 1e-12 (tests).

    Small ``c`` (below ``SMALL_C``): the terms of ``G`` are ``O(sqrt c)`` and cancel to ``O(c)``, so
    the closed form loses ``log10(1/c)`` digits (2e-10 relative at ``c = 1e-6``). There the CDF is
    the integral in the angle ``theta`` of ``x = 1 + c - 2 sqrt(c) cos(theta)``,
    ``F = (2/pi) int_0^theta sin(phi)^2 / (1 + c - 2 sqrt(c) cos(phi)) dphi`` (a smooth positive
    integrand, 40-node Gauss–Legendre: machine precision), with ``theta`` from the exact distances
    ``x - lambda_- = (x - 1) + 2 sqrt(c) - c`` and ``lambda_+ - x = 2 sqrt(c) + c - (x - 1)``.
    """
    c, sigma2 = _params(c, sigma2)
    xs = finite_array("x", x) / sigma2
    if c < SMALL_C:
        return as_output(_small_c_cdf(xs, c), x)
    a, b = edges(c, 1.0)
    mass0 = atom(c)
    out = np.where(xs < 0.0, 0.0, np.where(xs <= a, mass0, 1.0))
    inside = (xs > a) & (xs < b)
    if np.any(inside):
        increment = _scaled_cdf_increment(xs[inside], a, b) / (2.0 * math.pi * c)
        out[inside] = mass0 + increment
    out = np.clip(out, 0.0, 1.0)
    return as_output(out, x)


#: Below this aspect ratio :func:`cdf` integrates in the angle variable (see its docstring).
SMALL_C = 1e-2
_ANGLE_NODES, _ANGLE_WEIGHTS = np.polynomial.legendre.leggauss(40)


def _edge_distances(t: FloatArray, c: float) -> tuple[FloatArray, FloatArray]:
    """``(t - lambda_-, lambda_+ - t)`` for ``sigma2 = 1`` from ``d = t - 1`` (exact near 1), no edge rounding."""
    root = math.sqrt(c)
    d = t - 1.0
    return d + (2.0 * root - c), (2.0 * root + c) - d


def _small_c_cdf(t: FloatArray, c: float) -> FloatArray:
    """The MP CDF (``sigma2 = 1``, ``c < 1``: no atom) by the angle integral of :func:`cdf`'s docstring."""
    below, above = _edge_distances(t, c)
    out = np.where(above <= 0.0, 1.0, 0.0)
    inside = (below > 0.0) & (above > 0.0)
    if np.any(inside):
        p, q = below[inside], above[inside]
        theta = np.arctan2(2.0 * np.sqrt(p * q), q - p)  # cos(theta) = (q - p) / (q + p), q + p = 4 sqrt(c)
        phi = 0.5 * theta[:, None] * (1.0 + _ANGLE_NODES[None, :])
        root = math.sqrt(c)
        denominator = (1.0 - root) ** 2 + 4.0 * root * np.sin(0.5 * phi) ** 2  # 1 + c - 2 sqrt(c) cos(phi)
        integral = 0.5 * theta * np.sum(_ANGLE_WEIGHTS[None, :] * np.sin(phi) ** 2 / denominator, axis=1)
        out[inside] = (2.0 / math.pi) * integral
    result: FloatArray = np.clip(out, 0.0, 1.0)
    return result


def quantile(q: ArrayLike, c: float, sigma2: float = 1.0) -> float | FloatArray:
    """Inverse CDF: the smallest ``x`` with ``F(x) >= q`` (0 for ``q <= atom(c)``).

    Vectorised bisection on ``[lambda_-, lambda_+]`` to machine precision (64 halvings).
    """
    c, sigma2 = _params(c, sigma2)
    qs = probability_array("q", q)
    a, b = edges(c, 1.0)
    mass0 = atom(c)
    flat = qs.reshape(-1)
    lo = np.full(flat.shape, a)
    hi = np.full(flat.shape, b)
    for _ in range(64):
        mid = lo + 0.5 * (hi - lo)  # not (lo + hi) / 2, which overflows for edges near the float maximum
        below = np.asarray(cdf(mid, c, 1.0)) < flat
        lo = np.where(below, mid, lo)
        hi = np.where(below, hi, mid)
    with np.errstate(over="ignore"):
        out = np.where(flat <= mass0, 0.0, hi) * sigma2
    if mass0 == 0.0:
        out = np.where(flat <= 0.0, a * sigma2, out)
    return as_output(finite_result(out, "q, c, sigma2 (the quantile exceeds 1.8e308)"), q)


def moment(k: int, c: float, sigma2: float = 1.0) -> float:
    """``k``-th moment of the MP law (atom included): Narayana polynomials.

    ``E[lambda^k] = sigma2^k * sum_{r=0}^{k-1} C(k, r) C(k-1, r) c^r / (r + 1)``;
    ``k = 0`` gives 1. Citation: Bai & Silverstein (2010), Lemma 3.1.
    """
    k = nonneg_int("k", k)
    c, sigma2 = _params(c, sigma2)
    if k > MAX_MOMENT:
        raise ValueError(f"k must be at most {MAX_MOMENT} (allowed range 0, 1, ..., {MAX_MOMENT}); got {k!r}")
    if k == 0:
        return 1.0
    # Terms in logs (exact integer binomials, math.log accepts big integers), summed relative to the
    # largest: no plain-float power overflows, and the sum keeps full relative accuracy.
    binomials = [math.comb(k, r) * math.comb(k - 1, r) for r in range(k)]
    log_c, log_s = math.log(c), math.log(sigma2)
    logs = [math.log(b) + r * log_c - math.log(r + 1) for r, b in enumerate(binomials)]
    top = max(logs)
    log_value = top + k * log_s + math.log(math.fsum(math.exp(v - top) for v in logs))
    if log_value > _LOG_MAX:
        raise ValueError(f"the moment exceeds float64 (log E[lambda^k] = {log_value:.6g} > {_LOG_MAX:.6g}): "
                         f"k, c or sigma2 out of range; got k={k!r}, c={c!r}, sigma2={sigma2!r}")
    if math.log(binomials[-1 if k < 3 else k // 2]) < 700.0 and (k - 1) * abs(log_c) < 700.0 \
            and k * abs(log_s) < 700.0:  # every factor is a float: the direct sum (exact to rounding)
        return float(sigma2**k * math.fsum(b * c**r / (r + 1) for r, b in enumerate(binomials)))
    return math.exp(log_value)


def stieltjes(z: ArrayLike, c: float, sigma2: float = 1.0) -> complex | np.ndarray:
    """Stieltjes transform ``m(z) = int rho(dx) / (x - z)`` of the MP law (atom included).

    For ``sigma2 = 1`` it is the root of ``c z m^2 - (1 - c - z) m + 1 = 0`` with
    ``Im m > 0`` for ``Im z > 0``:
    ``m(z) = (1 - c - z + sqrt(z - lambda_-) sqrt(z - lambda_+)) / (2 c z)`` with principal
    square roots (cut exactly on the support). ``m_{sigma2}(z) = m_1(z / sigma2) / sigma2``.
    Defined for ``z`` off ``[lambda_-, lambda_+]`` and ``z != 0``.

    Evaluation: with ``B = sigma2 (1 - c) - z`` and ``R = sqrt(z - lambda_-) sqrt(z - lambda_+)`` (edges of
    ``sigma2``), ``B^2 - R^2 = 4 c sigma2 z``, so ``m = (B + R) / (2 c sigma2 z) = 2 / (B - R)``; the form
    whose denominator does not cancel is used (``B + R`` cancels for large ``|z|``, where
    ``m ~ -1/z``, and for ``|z| << sigma2``). Halved quantities keep ``z - lambda`` from overflowing.
    """
    c, sigma2 = _params(c, sigma2)
    if isinstance(z, (bool, np.bool_, str)) or np.asarray(z).dtype.kind not in "iufc":
        raise ValueError(f"z must be complex numbers; got {z!r}")
    zs = np.asarray(z, dtype=np.complex128)
    if not np.all(np.isfinite(zs)):
        raise ValueError("z must be finite complex numbers")
    lo, hi = edges(c, sigma2)
    on_support = (zs.imag == 0.0) & (zs.real >= lo) & (zs.real <= hi)
    if np.any(on_support | (zs == 0)):
        raise ValueError(f"z must lie off the support [{lo}, {hi}] and differ from 0")
    half_b = 0.5 * sigma2 * (1.0 - c) - 0.5 * zs  # B / 2
    half_r = np.sqrt(0.5 * zs - 0.5 * lo) * np.sqrt(0.5 * zs - 0.5 * hi)  # R / 2
    plus, minus = half_b + half_r, half_b - half_r
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        direct = plus / zs / (c * sigma2)  # (B + R) / (2 c sigma2 z)
        m = np.where(np.abs(minus) >= np.abs(plus), 1.0 / minus, direct)
    finite_result(m, "z, c, sigma2 (|m(z)| exceeds 1.8e308: z too close to 0 or to the support)")
    if np.ndim(z) == 0:
        return complex(m.reshape(()))
    result: np.ndarray = np.asarray(m, dtype=np.complex128)
    return result


def htsr_to_c(Q: float) -> float:
    """Aspect ratio ``c`` for the HT-SR convention: ``W`` is ``N x M``, ``Q = N / M >= 1``.

    The ESD of ``W^T W / N`` (``M x M``) is the sample-covariance case with ``p = M``,
    ``n = N``, hence ``c = 1 / Q`` (source document 001, "MP law" slide).
    """
    q = positive_finite("Q", Q)
    if q < 1.0:
        raise ValueError(f"Q must be >= 1 (allowed range [1, inf)); got {Q!r}")
    return 1.0 / q


def htsr_edges(Q: float, sigma2: float = 1.0) -> tuple[float, float]:
    """HT-SR edges ``sigma2 (1 ∓ 1/sqrt(Q))^2`` of the ESD of ``W^T W / N``."""
    return edges(htsr_to_c(Q), sigma2)


def htsr_pdf(x: ArrayLike, Q: float, sigma2: float = 1.0) -> float | FloatArray:
    """HT-SR density of the ESD of ``W^T W / N`` (no atom since ``Q >= 1``)."""
    return pdf(x, htsr_to_c(Q), sigma2)
