"""Scaling laws from power-law spectra: GD loss asymptotics and ridge learning curves.

**GD on a quadratic** (Velikanov & Yarotsky 2021; source document 000). Gradient descent with
step ``eta`` on ``L(w) = (1/2) (w - w*)^T A (w - w*)``, ``A`` with eigenvalues ``lambda_k`` and
``w_0 - w* = c`` in its eigenbasis, multiplies each coordinate of the residual by
``1 - eta lambda_k`` per step, so

    L(t) = (1/2) sum_k lambda_k c_k^2 (1 - eta lambda_k)^{2t}          (exact, any spectrum).

For ``lambda_k = Lambda k^{-nu}`` (``nu > 1``) and ``lambda_k c_k^2 = C k^{-kappa-1}`` (``kappa > 0``)
the sum over ``k = 1, 2, ...`` has the asymptotic expansion (``a = kappa/nu``, ``s = 2 eta Lambda t``)

    L(t) = (C / 2nu) s^{-a} [Gamma(a) - Gamma(a + 2)/(4t)
                             + (Gamma(a + 4)/32 - Gamma(a + 3)/12)/t^2 + O(t^{-3})],

derived in ``docs/scaling.md`` (substitute ``u = s k^{-nu}``; the sum differs from the integral by
less than any power of ``1/t``; ``2t log(1 - x)`` expanded in ``x = u/(2t)``). The leading term is
the issue's ``(C/2nu) Gamma(kappa/nu) (2 eta Lambda t)^{-kappa/nu}``.

**Ridge regression** (Hastie, Montanari, Rosset & Tibshirani 2022; Bach 2024; Simon et al. 2021).
``x ~ N(0, Sigma)`` with eigenvalues ``lambda_i``, ``y = <beta, x> + sigma eps``, ``n`` samples,
estimator ``(X^T X/n + lam I)^{-1} X^T y / n``. The effective ridge ``kappa`` solves

    kappa - lam = (kappa / n) sum_i lambda_i / (lambda_i + kappa),

equivalently ``1 = lam/kappa + df_1(kappa)/n``, ``df_1 = sum_i lambda_i/(lambda_i + kappa)``; and with
``df_2 = sum_i lambda_i^2/(lambda_i + kappa)^2`` the excess risk ``E <beta_hat - beta, x>^2`` is

    R = (kappa^2 sum_i lambda_i beta_i^2/(lambda_i + kappa)^2 + sigma^2 df_2/n) / (1 - df_2/n).

For ``lam = 0`` the fixed point has a root ``kappa > 0`` iff more than ``n`` eigenvalues are
positive (the ridgeless limit of ``kappa(lam)``); with ``p < n`` positive eigenvalues ``kappa = 0``
(the limit from ``lam > 0``) and ``R = sigma^2 p/(n - p)``; ``p = n`` is the interpolation peak
(``R = inf``, rejected).

**Power-law learning curves** (derived in ``docs/scaling.md``; Bach 2024, §4; Cui et al. 2021):
``lambda_i ~ i^{-alpha}``, ``lambda_i beta_i^2 ~ i^{-1 - 2 alpha r}``, ``lam = lam_0 n^{-ell}``, noise
``sigma > 0``: with ``s = min(r, 1)`` the bias decays as ``kappa^{2s}`` and the variance as
``kappa^{-1/alpha}/n``, ``kappa ~ n^{-min(ell, alpha)}``, so

    R ~ n^{-e},   e = min(2 s ell, 1 - ell/alpha) for ell <= alpha,   e = 0 for ell >= alpha,

bias-dominated for ``ell < alpha/(2 alpha s + 1)`` and variance-dominated above; the optimal
``ell* = alpha/(2 alpha s + 1)`` gives ``e* = 2 alpha s/(2 alpha s + 1)``. Without noise
``e = 2 s min(ell, alpha)``.
"""

from __future__ import annotations

import math
import numbers
import warnings
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import optimize, special

from theory._validate import (
    FloatArray,
    as_output,
    finite_array,
    finite_result,
    nonneg_array,
    positive_finite,
    positive_int,
    real_scalar,
)
from theory._warnings import RegimeWarning

__all__ = [
    "RidgeExponent",
    "de_spectrum_edges",
    "effective_ridge",
    "gd_learned_crossover",
    "gd_learned_floor",
    "gd_learned_risk",
    "gd_power_law_asymptote",
    "gd_power_law_expansion",
    "gd_power_law_spectrum",
    "gd_quadratic_loss",
    "isotropic_ridgeless_risk",
    "log_det_power_law",
    "ridge_risk",
    "ridge_risk_exponent",
]

_CHUNK = 2**22  # elements per block of the (times x eigenvalues) table in gd_quadratic_loss
#: Largest spectrum length built by :func:`gd_power_law_spectrum` (two float64 arrays of 0.8 GB).
MAX_K = 10**8
#: Smallest normal float64: an eigenvalue below it has lost relative precision (or underflowed to 0).
_TINY = float(np.finfo(np.float64).tiny)


def _positive_array(name: str, value: ArrayLike) -> FloatArray:
    arr = finite_array(name, value, ndim=1)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty one-dimensional array; got shape {arr.shape}")
    if np.any(arr <= 0.0):
        raise ValueError(f"{name} must be finite and > 0 (allowed range (0, inf))")
    return arr


def _times(name: str, value: ArrayLike, *, positive: bool) -> FloatArray:
    arr = finite_array(name, value)
    if positive and np.any(arr <= 0.0):
        raise ValueError(f"{name} must be > 0 (allowed range (0, inf))")
    if np.any(arr < 0.0):
        raise ValueError(f"{name} must be >= 0 (allowed range [0, inf))")
    return arr


def _bool(name: str, value: bool) -> bool:
    """A flag: ``TypeError`` for anything but a bool (numpy bools included), as this module documents."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be a bool (True or False); got {value!r}")
    return bool(value)


def _exponent_above(name: str, value: float, low: float) -> float:
    x = real_scalar(name, value, f"({low}, inf)")
    if not x > low:
        raise ValueError(f"{name} must be a finite number > {low} (allowed range ({low}, inf)); got {value!r}")
    return x


def gd_quadratic_loss(t: ArrayLike, eta: float, eigs: ArrayLike, coef2: ArrayLike) -> float | FloatArray:
    """The exact GD loss ``L(t) = (1/2) sum_k lambda_k c_k^2 (1 - eta lambda_k)^{2t}``.

    ``t`` (scalar or array, ``>= 0``; non-integer ``t`` interpolates the iterates), ``eta > 0`` with
    ``eta max(eigs) < 2`` (the stable range), ``eigs > 0`` and ``coef2 = c_k^2 >= 0`` of the same
    length. Evaluated as ``exp(2t log|1 - eta lambda_k|)`` in float64 (Velikanov & Yarotsky 2021).
    """
    step = positive_finite("eta", eta)
    lam = _positive_array("eigs", eigs)
    c2 = nonneg_array("coef2", coef2)
    if c2.shape != lam.shape:
        raise ValueError(f"coef2 must have the shape of eigs {lam.shape}; got {c2.shape}")
    if not step * float(np.max(lam)) < 2.0:
        raise ValueError(f"eta * max(eigs) must lie in (0, 2) (stable GD); got {step * float(np.max(lam))!r}")
    times = _times("t", t, positive=False)
    flat = times.reshape(-1)
    weights = finite_result(0.5 * lam * c2, "eigs, coef2 (lambda_k c_k^2 / 2 exceeds 1.8e308)")
    factor = np.abs(1.0 - step * lam)
    out = np.empty(flat.size)
    block = max(1, _CHUNK // lam.size)
    for start in range(0, flat.size, block):
        chunk = flat[start:start + block]
        out[start:start + block] = np.power(factor[None, :], 2.0 * chunk[:, None]) @ weights
    return as_output(finite_result(out, "eigs, coef2 (the loss sum exceeds 1.8e308)"), times)


def gd_power_law_spectrum(K: int, Lambda: float, nu: float, C: float,
                          kappa: float) -> tuple[FloatArray, FloatArray]:
    """``(eigs, coef2)`` for ``k = 1..K``: ``lambda_k = Lambda k^{-nu}``, ``c_k^2 = C k^{-kappa-1}/lambda_k``."""
    if isinstance(K, numbers.Integral) and not isinstance(K, (bool, np.bool_)) and K > MAX_K:
        raise ValueError(f"K must be at most {MAX_K} (allowed range 1, ..., {MAX_K}); got {K!r}")
    size = positive_int("K", K)
    big_lambda = positive_finite("Lambda", Lambda)
    power = _exponent_above("nu", nu, 1.0)
    scale = positive_finite("C", C)
    decay = _exponent_above("kappa", kappa, 0.0)
    k = np.arange(1, size + 1, dtype=np.float64)
    log_k = np.log(k)
    # Plain powers (accurate to an ulp) where they and their products stay normal; in logs elsewhere: Lambda
    # k^{-nu} underflowed to 0 and C k^{-kappa-1} / lambda_k then overflowed before issue 18.
    with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
        power_k = k**-power
        eigs = big_lambda * power_k
        bad = (power_k < _TINY) | ~np.isfinite(eigs) | (eigs < _TINY)
        eigs[bad] = np.exp(math.log(big_lambda) - power * log_k[bad])
        decay_k = k ** (-decay - 1.0)
        coef2 = scale * decay_k / eigs
        bad |= (decay_k < _TINY) | ~np.isfinite(coef2) | (coef2 < _TINY) | (scale * decay_k < _TINY)
        coef2[bad] = np.exp((math.log(scale) - math.log(big_lambda)) + (power - decay - 1.0) * log_k[bad])
    if eigs[-1] < _TINY:
        raise ValueError(f"Lambda K^-nu = exp({math.log(big_lambda) - power * float(log_k[-1]):.6g}) is below the "
                         f"float64 normal range 2.2e-308: lower K or nu, or raise Lambda (got K={K!r}, nu={nu!r}, "
                         f"Lambda={Lambda!r})")
    return eigs, finite_result(coef2, "C, Lambda, K, nu, kappa (c_k^2 = (C / Lambda) k^(nu - kappa - 1) exceeds "
                                      "1.8e308)")


def _gd_args(t: ArrayLike, eta: float, Lambda: float, nu: float, C: float,
             kappa: float) -> tuple[FloatArray, float, FloatArray, float, float]:
    times = _times("t", t, positive=True)
    step = positive_finite("eta", eta)
    big_lambda = positive_finite("Lambda", Lambda)
    power = _exponent_above("nu", nu, 1.0)
    scale = positive_finite("C", C)
    decay = _exponent_above("kappa", kappa, 0.0)
    if not step * big_lambda < 2.0:
        raise ValueError(f"eta * Lambda must lie in (0, 2) (stable GD); got {step * big_lambda!r}")
    a = decay / power
    # log of (C / 2nu) Gamma(a) (2 eta Lambda t)^{-a}: Gamma(a) overflows from a = 171.6 and the power under- or
    # overflows on its own, so their product (inf * 0 = nan before issue 18) is formed in logs
    log_s = math.log(2.0) + math.log(step) + math.log(big_lambda) + np.log(times)
    log_lead = math.log(scale) - math.log(2.0 * power) + float(special.gammaln(a)) - a * log_s
    with np.errstate(over="ignore", under="ignore"):
        leading = np.exp(log_lead)
    return times, a, finite_result(leading, "t, kappa (the loss exceeds 1.8e308)"), step, big_lambda


def gd_power_law_asymptote(t: ArrayLike, eta: float, Lambda: float, nu: float, C: float,
                           kappa: float) -> float | FloatArray:
    """Leading asymptote ``(C / 2nu) Gamma(kappa/nu) (2 eta Lambda t)^{-kappa/nu}`` of the GD loss.

    ``t > 0``, ``eta > 0``, ``Lambda > 0`` with ``eta Lambda < 2``, ``nu > 1``, ``C > 0``,
    ``kappa > 0`` (Velikanov & Yarotsky 2021; source document 000).
    """
    times, _, leading, _, _ = _gd_args(t, eta, Lambda, nu, C, kappa)
    return as_output(leading, times)


def gd_power_law_expansion(t: ArrayLike, eta: float, Lambda: float, nu: float, C: float, kappa: float,
                           order: int = 1) -> float | FloatArray:
    """The asymptotic expansion of the GD loss to ``order`` (0, 1 or 2) powers of ``1/t``.

    ``(C/2nu) (2 eta Lambda t)^{-a} [Gamma(a) - Gamma(a+2)/(4t) + (Gamma(a+4)/32 - Gamma(a+3)/12)/t^2]``,
    ``a = kappa/nu``, truncated after the ``t^{-order}`` term; the first omitted term is
    ``O(t^{-order-1})`` relative (derived in ``docs/scaling.md``). ``order = 0`` is
    :func:`gd_power_law_asymptote`.
    """
    if isinstance(order, bool) or not isinstance(order, (int, np.integer)) or int(order) not in (0, 1, 2):
        raise ValueError(f"order must be 0, 1 or 2; got {order!r}")
    times, a, leading, _, _ = _gd_args(t, eta, Lambda, nu, C, kappa)
    # the bracket over Gamma(a): Gamma(a + j) / Gamma(a) are the rising factorials (no Gamma overflow), and
    # c2 / t^2 as (c2 / t) / t (t^2 overflows)
    bracket = np.ones(times.shape)
    with np.errstate(over="ignore"):
        if order >= 1:
            bracket = bracket - a * (a + 1.0) / 4.0 / times
        if order >= 2:
            c2 = a * (a + 1.0) * (a + 2.0) * ((a + 3.0) / 32.0 - 1.0 / 12.0)
            bracket = bracket + c2 / times / times
        value = leading * bracket
    return as_output(finite_result(value, "t, kappa (a correction term exceeds 1.8e308)"), times)


def _ridge_args(eigs: ArrayLike, n: int, lam: float) -> tuple[FloatArray, int, float]:
    lam_i = _positive_array("eigs", eigs)
    n = positive_int("n", n)
    ridge = real_scalar("lam", lam, "[0, inf)")
    if ridge < 0.0:
        raise ValueError(f"lam must be a finite number >= 0 (allowed range [0, inf)); got {lam!r}")
    if ridge == 0.0 and lam_i.size == n:
        raise ValueError(f"lam = 0 needs p != n (p = len(eigs) = {lam_i.size}, n = {n}): the ridgeless "
                         "risk is infinite at the interpolation threshold p = n")
    return lam_i, int(n), ridge


def _kappa(lam_i: FloatArray, n: int, ridge: float) -> float:
    """The fixed point, solved on ``(eigs, lam) / scale`` (``kappa`` is homogeneous of degree 1 in them) with
    ``scale = max(max eigs, lam)``: ``tr(Sigma)/n`` overflowed for eigenvalues near 1e308 before issue 18."""
    if ridge == 0.0 and lam_i.size < n:
        return 0.0
    scale = max(float(np.max(lam_i)), ridge)
    with np.errstate(under="ignore"):
        unit = _unit_kappa(lam_i / scale, n, ridge / scale)
    return float(finite_result(scale * unit, "lam, eigs (kappa <= lam + tr(Sigma)/n exceeds 1.8e308)"))


def _unit_kappa(lam_i: FloatArray, n: int, ridge: float) -> float:
    p = lam_i.size

    def phi(log_k: float) -> float:
        """``lam/kappa + df_1/n - 1`` as ``(n lam/kappa - (n - p + m) - sum_{lambda > kappa} kappa/(lambda + kappa)
        + sum_{lambda <= kappa} lambda/(lambda + kappa)) / n``, ``m = #{lambda <= kappa}``: every term is small or
        an exact integer. The textbook form rounds ``lambda/(lambda + kappa)`` to 1 for ``lambda > kappa / eps``
        and lost the root: ``kappa`` 1.9 times too large at eigs (1, 2.6e38, 9e153, 5e200), n = 3, lam = 0.1
        before issue 18."""
        k = math.exp(log_k)
        small = lam_i <= k
        count = int(np.count_nonzero(small))
        rest = float(np.sum(lam_i[small] / (lam_i[small] + k))) - float(np.sum(k / (lam_i[~small] + k)))
        return (n * (ridge / k) - float(n - p + count) + rest) / n

    high = ridge + float(np.sum(lam_i)) / n
    low = ridge if ridge > 0.0 else high
    while phi(math.log(low)) <= 0.0:  # only for lam = 0 (or an exact root at lam): shrink towards 0
        if low < 1e-300:
            raise ValueError("eigs too spread: the ridgeless fixed point has no root above 1e-300 max(eigs)")
        low *= 1e-3
    if phi(math.log(high)) >= 0.0:
        return high
    root = optimize.brentq(phi, math.log(low), math.log(high), xtol=1e-15, rtol=4.0 * np.finfo(float).eps,
                           maxiter=500)
    return math.exp(root)


def effective_ridge(eigs: ArrayLike, n: int, lam: float) -> float:
    """The effective regularisation ``kappa``, root of ``kappa - lam = (kappa/n) sum lambda_i/(lambda_i + kappa)``.

    ``eigs`` the eigenvalues of ``Sigma`` (``> 0``), ``n >= 1`` samples, ridge ``lam >= 0``. For
    ``lam > 0`` the root is unique and lies in ``(lam, lam + tr(Sigma)/n]``; for ``lam = 0`` it is
    the ridgeless limit: the positive root when ``p > n``, ``0`` when ``p < n``; ``p = n`` with
    ``lam = 0`` raises (Hastie et al. 2022; Bach 2024, §3).
    """
    lam_i, size, ridge = _ridge_args(eigs, n, lam)
    return _kappa(lam_i, size, ridge)


def _target_args(eigs: FloatArray, beta2: ArrayLike, sigma2: float) -> tuple[FloatArray, float]:
    """``beta2`` (``>= 0``, the shape of ``eigs``) and ``sigma2`` (``>= 0``), validated."""
    b2 = nonneg_array("beta2", beta2)
    if b2.shape != eigs.shape:
        raise ValueError(f"beta2 must have the shape of eigs {eigs.shape}; got {b2.shape}")
    noise = real_scalar("sigma2", sigma2, "[0, inf)")
    if noise < 0.0:
        raise ValueError(f"sigma2 must be a finite number >= 0 (allowed range [0, inf)); got {sigma2!r}")
    return b2, noise


#: Below this many samples :func:`ridge_risk` warns (:class:`theory.RegimeWarning`): measured errors 3-5%.
DE_MIN_SAMPLES = 16
#: Below this distance ``n - df_2`` from the interpolation peak :func:`ridge_risk` warns.
DE_MIN_PEAK_DISTANCE = 4.0


def _regime_check(n: int, df2: float, where: str) -> None:
    """Warn (:class:`theory.RegimeWarning`) where the deterministic equivalent is measurably off (see
    :func:`ridge_risk`)."""
    distance = n - df2
    reasons = ([f"n = {n} < {DE_MIN_SAMPLES}"] if n < DE_MIN_SAMPLES else []) + (
        [f"n - df_2 = {distance:.3g} < {DE_MIN_PEAK_DISTANCE:g} (near the interpolation peak)"]
        if distance < DE_MIN_PEAK_DISTANCE else [])
    if reasons:
        warnings.warn(f"{where}: the deterministic equivalent is measurably inaccurate here "
                      f"({'; '.join(reasons)}): errors of 1-5% at n <= 16 and up to 50% next to the peak, "
                      "see the ridge_risk docstring",
                      RegimeWarning, stacklevel=3)


def ridge_risk(eigs: ArrayLike, beta2: ArrayLike, sigma2: float, n: int, lam: float) -> float:
    """Deterministic equivalent of the ridge excess risk ``E <beta_hat - beta, x>^2``.

    ``R = (kappa^2 sum lambda_i beta_i^2/(lambda_i + kappa)^2 + sigma^2 df_2/n) / (1 - df_2/n)``
    with ``kappa = effective_ridge(eigs, n, lam)`` and ``df_2 = sum lambda_i^2/(lambda_i + kappa)^2``.
    ``beta2`` the squared coefficients of ``beta`` in the eigenbasis (``>= 0``, length of ``eigs``),
    ``sigma2 >= 0`` the label-noise variance (Hastie et al. 2022, Thm 5; Bach 2024, §3).

    Regime: a large-``n`` limit. ``lam = 0`` with ``|p - n| <= 1`` is refused (the mean over Gaussian designs is
    infinite). A :class:`theory.RegimeWarning` is emitted for ``n < 16`` or ``n - df_2 < 4`` (the effective
    distance from the peak; ``n |p - n| / max(p, n)`` for ``Sigma = I``, ``lam = 0``). Measured errors against the
    mean over 4000 Gaussian designs (``Sigma = I``, ``|beta|^2 = 1``, ``sigma^2 = 1``): ``p = n = 2, lam = 0.1``:
    -4.5%; ``p = 8, n = 4, lam = 0.1``: -5.1%; ``p = 4, n = 8``: -5.0%; ``p = n = 8, lam = 0.01``: -5.2%
    (``n - df_2 = 1.45``); ``p = n = 16, lam = 0.01``: -1.0% (2.9); ``p = n = 32, lam = 0.01``: -0.3% (5.8, no
    warning). At ``lam = 0`` the exact isotropic mean (:func:`isotropic_ridgeless_risk`) puts the variance term
    off by ``1/(|p - n| - 1)``: ``p = 22, n = 20, sigma^2 = 1/2``: 5.09 against 10.09 (``n - df_2 = 1.8``, warned);
    ``p = 40, n = 20``: 5.3% (``n - df_2 = 10``, not warned).
    """
    lam_i, size, ridge = _ridge_args(eigs, n, lam)
    b2, noise = _target_args(lam_i, beta2, sigma2)
    if ridge == 0.0 and abs(lam_i.size - size) <= 1:
        raise ValueError(f"lam = 0 needs |p - n| >= 2 (p = len(eigs) = {lam_i.size}, n = {n}): the mean ridgeless "
                         "risk over Gaussian designs is infinite at |p - n| = 1 (inverse-Wishart mean) and the "
                         "deterministic equivalent is meaningless there")
    k = _kappa(lam_i, size, ridge)
    # lambda/(lambda + kappa) and kappa/(lambda + kappa) as 1/(1 + ratio): (lambda + kappa)^2 and kappa^2
    # overflowed (inf * 0 = nan) for kappa beyond 1.3e154 before issue 18
    with np.errstate(over="ignore", under="ignore"):
        ratio = 1.0 / (1.0 + k / lam_i)
        shrink = 1.0 / (1.0 + lam_i / k) if k > 0.0 else np.zeros_like(lam_i)
        bias = float(np.sum(lam_i * (b2 * shrink * shrink)))
    df2 = float(np.sum(ratio * ratio))
    _regime_check(size, df2, "ridge_risk")
    inflation = 1.0 - df2 / size
    if not inflation > 0.0:
        raise ValueError(f"1 - df2/n = {inflation!r} at n = {n!r}, lam = {lam!r}: the risk does not fit in "
                         "float64 (too close to the interpolation peak)")
    with np.errstate(over="ignore"):
        value = (bias + noise * (df2 / size)) / inflation
    return float(finite_result(value, "beta2, sigma2, eigs (the risk exceeds 1.8e308)"))


@dataclass(frozen=True)
class RidgeExponent:
    """Learning-curve exponent ``R ~ n^{-exponent}`` and its ingredients.

    ``bias`` and ``variance`` are the decay exponents of the two terms (``inf`` for an absent
    variance term); ``phase`` is ``"bias"`` or ``"variance"`` (the slower term dominates);
    ``ell`` the ridge decay ``lam ~ n^{-ell}`` used (the optimum when none was given).
    """

    exponent: float
    bias: float
    variance: float
    phase: str
    ell: float


def ridge_risk_exponent(alpha: float, r: float, ell: float | None = None, *, noise: bool = True) -> RidgeExponent:
    """The ridge learning-curve exponent for power-law spectrum and source (derived in ``docs/scaling.md``).

    ``lambda_i ~ i^{-alpha}`` (``alpha > 1``), ``lambda_i beta_i^2 ~ i^{-1 - 2 alpha r}`` (``r > 0``;
    saturation ``s = min(r, 1)``), ridge ``lam = lam_0 n^{-ell}`` (``ell >= 0``; ``None``: the optimal
    ``ell* = alpha/(2 alpha s + 1)``), label noise present or not. ``kappa ~ n^{-min(ell, alpha)}``,
    bias ``~ kappa^{2s}``, variance ``~ kappa^{-1/alpha}/n``; the exponent is the smaller of the two
    (Bach 2024, §4; Cui et al. 2021). ``ell = 0`` (fixed ``lam``): ``R -> R_inf > 0``, exponent 0.
    """
    a = _exponent_above("alpha", alpha, 1.0)
    source = _exponent_above("r", r, 0.0)
    noise = _bool("noise", noise)
    s = min(source, 1.0)
    if ell is None:
        decay = 1.0 / (2.0 * s + 1.0 / a) if noise else math.inf  # a / (2 a s + 1): 2 a s overflows for a > 9e307
    else:
        decay = real_scalar("ell", ell, "[0, inf)")
        if decay < 0.0:
            raise ValueError(f"ell must be a finite number >= 0 (allowed range [0, inf)); got {ell!r}")
    effective = min(decay, a)
    bias = 2.0 * s * effective
    if not math.isfinite(bias):
        raise ValueError(f"the bias exponent 2 s min(ell, alpha) exceeds 1.8e308: alpha and ell out of range "
                         f"(got alpha={alpha!r}, ell={ell!r})")
    variance = (1.0 - effective / a) if noise else math.inf
    phase = "bias" if bias <= variance else "variance"
    return RidgeExponent(min(bias, variance), bias, variance, phase, decay)


def isotropic_ridgeless_risk(*, p: int, n: int, beta_norm2: float, sigma2: float, exact: bool = True) -> float:
    """Ridgeless (minimum-norm least-squares) excess risk for ``Sigma = I``, Gaussian design.

    ``exact=True``: the finite-size mean over ``X`` (``n x p``, iid N(0, 1)) and a uniformly
    oriented ``beta`` of squared norm ``beta_norm2`` (or a fixed one: the design is rotation invariant),

        p < n - 1:  sigma^2 p / (n - p - 1),
        p > n + 1:  beta_norm2 (1 - n/p) + sigma^2 n / (p - n - 1),

    from the inverse-Wishart mean ``E (X^T X)^{-1} = I/(n - p - 1)`` and the uniformly random
    row-space projection (docs/scaling.md; Hastie et al. 2022, §2 for the limit). ``exact=False``:
    the deterministic equivalent (``ridge_risk`` at ``lam = 0``), the same with ``n - p`` and
    ``p - n`` in the denominators: larger by ``1/(|n - p| - 1)`` relative on the variance term.
    """
    exact = _bool("exact", exact)
    p, n = positive_int("p", p), positive_int("n", n)
    signal = real_scalar("beta_norm2", beta_norm2, "[0, inf)")
    noise = real_scalar("sigma2", sigma2, "[0, inf)")
    if signal < 0.0 or noise < 0.0:
        raise ValueError(f"beta_norm2 and sigma2 must be >= 0; got {beta_norm2!r}, {sigma2!r}")
    shift = 1 if exact else 0
    if abs(p - n) <= shift:
        raise ValueError(f"|p - n| must exceed {shift} (the mean risk is infinite at the interpolation peak); "
                         f"got p = {p}, n = {n}")
    # ratios of the integers first (noise * p overflowed, and 1 - n/p cancelled, before issue 18)
    variance = noise * (p / (n - p - shift)) if p < n else noise * (n / (p - n - shift))
    value = variance if p < n else signal * ((p - n) / p) + variance
    return float(finite_result(value, "beta_norm2, sigma2 (the risk exceeds 1.8e308)"))


def log_det_power_law(a: float, lam_max: float = 1.0) -> float:
    """``lim (1/n) log det A`` for a spectrum with density ``(a + 1) lam^a / lam_max^{a+1}`` on ``[0, lam_max]``.

    ``int log(lam) rho(lam) d lam = log(lam_max) - 1/(a + 1)`` (``a > -1``): the normalised log
    determinant is an increasing function of the lower-tail exponent ``a``, affine in ``1/(a + 1)``,
    not proportional to ``a`` (docs/scaling.md, item 3; source document 000's lemma).
    """
    tail = _exponent_above("a", a, -1.0)
    top = positive_finite("lam_max", lam_max)
    return math.log(top) - 1.0 / (tail + 1.0)


# --- the learned version: GD on Gaussian linear regression with n samples ---------------------------------------
#
# x ~ N(0, Sigma), y = <beta, x> + sigma eps, GD from w = 0 on the empirical loss |X w - y|^2 / (2n) with step eta:
# w_t = phi_t(S) X^T y / n, phi_t(s) = (1 - (1 - eta s)^t)/s, S = X^T X / n. Its excess risk conditioned on X and
# averaged over the noise is R_n(t) = beta^T g_t(S) Sigma g_t(S) beta + (sigma^2/n) tr(Sigma h_t(S)) with
# g_t(s) = (1 - eta s)^t and h_t(s) = s phi_t(s)^2 = (1 - g_t(s))^2 / s. Both are contour integrals of resolvents
# of S; their deterministic equivalents (docs/scaling.md, section 6) are the one-point equivalent
# lam (S + lam)^{-1} ~ kappa (Sigma + kappa)^{-1} (variance) and the two-resolvent equivalent
# lam lam' beta^T (S + lam)^{-1} Sigma (S + lam')^{-1} beta ~ kappa kappa' B(kappa, kappa')/(1 - Q(kappa, kappa'))
# (bias), continued to complex lam = -z on a contour around the bulk of S's spectrum; the atom of S at 0
# (p > n) is taken by its residue.

#: Trapezoid nodes on the contour (periodic, analytic integrand: geometric convergence; 128 and 1024 nodes agree
#: to 1e-9 relative in tests/test_scaling.py, 128 ... 2048 to 8 digits at n = 200, p = 800, nu = 1.5).
GD_CONTOUR_NODES = 512
_CONTOUR_HEIGHT = 1.0  # half-height of the ellipse in arg z (radians): cos(1) > 1/2 keeps |1 - eta z| < 1


def _learned_args(eigs: ArrayLike, beta2: ArrayLike, sigma2: float, n: int) -> tuple[FloatArray, FloatArray,
                                                                                      float, int]:
    lam_i = _positive_array("eigs", eigs)
    b2, noise = _target_args(lam_i, beta2, sigma2)
    size = positive_int("n", n)
    if not lam_i.size > size:
        raise ValueError(f"n must be < p = len(eigs) = {lam_i.size} (overparameterised: GD from 0 tends to the "
                         f"minimum-norm interpolator); got n = {n!r}")
    return lam_i, b2, noise, size


def _edges(lam_i: FloatArray, n: int) -> tuple[float, float, float]:
    """``(s_minus, s_plus, kappa_0)``: the edges of the deterministic-equivalent spectrum of ``S`` away from its
    atom at 0, where ``df_2(kappa) = n`` (``lam(kappa) = kappa (1 - df_1/n)`` is stationary), and the ridgeless
    ``kappa_0``."""
    k0 = _kappa(lam_i, n, 0.0)

    def excess(kappa: float) -> float:
        return float(np.sum((lam_i / (lam_i + kappa)) ** 2)) / n - 1.0

    low = k0
    while excess(low) <= 0.0:
        low *= 0.5
    k_low = math.exp(optimize.brentq(lambda u: excess(math.exp(u)), math.log(low), math.log(k0), xtol=1e-14))
    s_minus = -k_low * (1.0 - float(np.sum(lam_i / (lam_i + k_low))) / n)
    top = float(np.max(lam_i))
    spread = 2.0 * math.sqrt(float(np.sum(lam_i**2)) / n) + top

    def excess_up(u: float) -> float:  # kappa = -top - e^u < -max(eigs)
        return excess(-top - math.exp(u))

    hi_u = math.log(spread)
    lo_u = math.log(top) - 30.0
    while excess_up(lo_u) <= 0.0:
        lo_u -= 10.0
    k_up = -top - math.exp(optimize.brentq(excess_up, lo_u, hi_u, xtol=1e-14))
    s_plus = -k_up * (1.0 - float(np.sum(lam_i / (lam_i + k_up))) / n)
    return float(s_minus), float(s_plus), k0


def de_spectrum_edges(eigs: ArrayLike, n: int) -> tuple[float, float]:
    """Edges ``(s_minus, s_plus)`` of the non-zero deterministic-equivalent spectrum of ``S = X^T X/n``.

    ``eigs`` the eigenvalues of ``Sigma`` (``> 0``), ``n < p = len(eigs)`` samples. The Silverstein map
    ``lam(kappa) = kappa (1 - df_1(kappa)/n)`` is stationary where ``df_2(kappa) = n``; ``s_minus = -lam`` at the
    root in ``(0, kappa_0)``, ``s_plus = -lam`` at the root below ``-max(eigs)`` (Silverstein & Choi 1995's support
    criterion in the ridge parametrisation, Bach 2024, §3). ``S`` has ``p - n`` zero eigenvalues besides.
    """
    lam_i = _positive_array("eigs", eigs)
    size = positive_int("n", n)
    if not lam_i.size > size:
        raise ValueError(f"n must be < p = len(eigs) = {lam_i.size}; got n = {n!r}")
    s_minus, s_plus, _ = _edges(lam_i, size)
    return s_minus, s_plus


def _learned_times(t: ArrayLike) -> FloatArray:
    message = ("t must be a real scalar or one-dimensional array of times >= 0 (inf allowed: the limit "
               "t -> infinity); got " + repr(t))
    try:
        raw = np.asarray(t)
    except (ValueError, TypeError):  # ragged sequences
        raise ValueError(message) from None
    if raw.dtype.kind not in "iuf":  # bools, complex, strings, objects
        raise ValueError(message)
    arr = raw.astype(np.float64)
    if arr.ndim > 1 or np.any(np.isnan(arr)) or np.any(arr < 0.0):
        raise ValueError("t must be a scalar or one-dimensional array of times >= 0 (inf allowed: the limit "
                         "t -> infinity); got " + repr(t))
    return arr


@dataclass(frozen=True)
class _Contour:
    """The deterministic equivalent on the contour, independent of ``t``."""

    z: NDArray[np.complex128]
    weight: NDArray[np.complex128]  # dz / (2 pi i), trapezoid rule
    kappa: NDArray[np.complex128]
    phi: NDArray[np.complex128]  # Phi(z_i, z_j) = kappa_i kappa_j B / (1 - Q)
    phi0: NDArray[np.complex128]  # Phi(0, z_j)
    phi00: float  # the ridgeless bias
    eta: float
    sigma2: float
    log_base: NDArray[np.complex128]  # log(1 - eta z)

    def parts(self, times: FloatArray) -> tuple[FloatArray, FloatArray]:
        flat = times.reshape(-1)
        bias = np.empty(flat.size)
        variance = np.empty(flat.size)
        # g_t(z) = (1 - eta z)^t = exp(t L), L = log1p(-eta z) (principal: Re(1 - eta z) > 0 on and inside the
        # contour), and 1 - g_t = -expm1(t L), both to full relative precision when eta t |z| is tiny (the
        # complex power lost it: R(0) 1.6% off at eta = 1e-10 with 64 nodes, overflow at eta = 1e-200, issue 26)
        for i, t in enumerate(flat):
            if math.isinf(t):
                g = np.zeros_like(self.z)
                h = 1.0 / self.z
            else:
                with np.errstate(over="ignore", under="ignore", invalid="ignore"):
                    tl = t * self.log_base if t > 0.0 else np.zeros_like(self.z)
                    gone = tl.real < -745.0  # exp underflows: g = 0 (and t Im L may be huge)
                    tl = np.where(gone, -1.0, tl)
                    g = np.where(gone, 0.0, np.exp(tl))
                    one_minus = np.where(gone, 1.0, -_expm1(tl))
                h = one_minus * one_minus / self.z
            u = g * self.weight / self.z
            bias[i] = self.phi00 + 2.0 * float(np.sum(u * self.phi0).real) + float((u @ self.phi @ u).real)
            variance[i] = self.sigma2 * float(np.sum(h * self.kappa / self.z * self.weight).real)
        return bias.reshape(times.shape), variance.reshape(times.shape)


def _log1p(u: NDArray[np.complex128]) -> NDArray[np.complex128]:
    """Complex ``log(1 + u)`` accurate for small ``|u|``: ``log|1 + u| = log1p(2 Re u + |u|^2) / 2``."""
    re, im = u.real, u.imag
    out: NDArray[np.complex128] = (0.5 * np.log1p(2.0 * re + re * re + im * im)
                                   + 1j * np.arctan2(im, 1.0 + re))
    return out


def _expm1(x: NDArray[np.complex128]) -> NDArray[np.complex128]:
    """Complex ``exp(x) - 1`` accurate for small ``|x|``: ``expm1(a) cos b - 2 sin^2(b/2) + i e^a sin b``."""
    a, b = x.real, x.imag
    half = np.sin(0.5 * b)
    out: NDArray[np.complex128] = (np.expm1(a) * np.cos(b) - 2.0 * half * half) + 1j * (np.exp(a) * np.sin(b))
    return out


def _solve_kappa(lam_i: FloatArray, n: int, lam: complex, start: complex) -> complex:
    """Newton's method on ``kappa - lam - (kappa/n) df_1(kappa) = 0`` from ``start`` (continuation)."""
    k = start
    for _ in range(60):
        r = lam_i / (lam_i + k)
        f = k - lam - k * complex(np.sum(r)) / n
        step = f / (1.0 - complex(np.sum(r * r)) / n)
        k -= step
        if abs(step) <= 1e-14 * abs(k):
            return k
    raise ValueError(f"the fixed point did not converge at lam = {lam!r} (spectrum too spread for the contour)")


def _contour(lam_i: FloatArray, b2: FloatArray, sigma2: float, n: int, eta: float, nodes: int) -> _Contour:
    s_minus, s_plus, k0 = _edges(lam_i, n)
    if not eta * s_plus < 1.0:
        raise ValueError(f"eta must be < 1/s_plus = {1.0 / s_plus!r} (s_plus the upper edge of the spectrum of S; "
                         f"the closed-form filter needs 1 - eta s > 0); got eta = {eta!r}")
    # the right end: halfway to 1/eta (|1 - eta z| < 1 on the contour), but no further than 2 s_plus: a contour
    # reaching out to 1/eta (1e10 s_plus at eta = 1e-10) needs ever more nodes (R(0) 1.6% off with 64, issue 26)
    z_left = 0.5 * s_minus
    z_right = 0.5 * (s_plus + 1.0 / eta) if 3.0 * eta * s_plus > 1.0 else 2.0 * s_plus
    centre, width = 0.5 * (math.log(z_left) + math.log(z_right)), 0.5 * (math.log(z_right) - math.log(z_left))
    theta = 2.0 * math.pi * (np.arange(nodes) + 0.5) / nodes
    w = centre + width * np.cos(theta) + 1j * _CONTOUR_HEIGHT * np.sin(theta)
    z = np.exp(w)
    weight = z * (-width * np.sin(theta) + 1j * _CONTOUR_HEIGHT * np.cos(theta)) / nodes / 1j  # dz / (2 pi i)
    # continuation from the left crossing (real kappa between the lower-edge root and kappa_0) both ways round
    k_start = _kappa(lam_i, n, 0.0)
    lam_left = -z_left

    def real_map(kappa: float) -> float:
        return kappa * (1.0 - float(np.sum(lam_i / (lam_i + kappa))) / n) - lam_left

    low = k_start
    while real_map(low) >= 0.0:
        low *= 0.5
    k_left = optimize.brentq(real_map, low, k_start, xtol=1e-15 * k_start)
    kappa = np.empty(nodes, dtype=np.complex128)
    half = nodes // 2
    for order in (range(half, nodes), range(half - 1, -1, -1)):
        k: complex = complex(k_left)
        for j in order:
            k = _solve_kappa(lam_i, n, complex(-z[j]), k)
            kappa[j] = k
    wb, wq = lam_i * b2, lam_i**2 / n
    inv = 1.0 / (lam_i[None, :] + kappa[:, None])
    bv, bd = inv @ wb, (inv * inv) @ wb
    qv, qd = inv @ wq, (inv * inv) @ wq
    gap = kappa[None, :] - kappa[:, None]
    np.fill_diagonal(gap, 1.0)
    big_b = (bv[:, None] - bv[None, :]) / gap
    big_q = (qv[:, None] - qv[None, :]) / gap
    np.fill_diagonal(big_b, bd)
    np.fill_diagonal(big_q, qd)
    phi = kappa[:, None] * kappa[None, :] * big_b / (1.0 - big_q)
    inv0 = 1.0 / (lam_i + k0)
    phi0 = k0 * kappa * ((inv * inv0[None, :]) @ wb) / (1.0 - (inv * inv0[None, :]) @ wq)
    phi00 = k0 * k0 * float(np.sum(wb * inv0**2)) / (1.0 - float(np.sum(wq * inv0**2)))
    log_base = _log1p(np.asarray(-eta * z, dtype=np.complex128))
    return _Contour(z, weight, kappa, phi, phi0, phi00, eta, sigma2, log_base)


def _learned_contour(eta: float, eigs: ArrayLike, beta2: ArrayLike, sigma2: float, n: int,
                     nodes: int) -> _Contour:
    step = positive_finite("eta", eta)
    lam_i, b2, noise, size = _learned_args(eigs, beta2, sigma2, n)
    count = positive_int("nodes", nodes)
    if count < 64:
        raise ValueError(f"nodes must be >= 64 (trapezoid nodes on the contour); got {nodes!r}")
    return _contour(lam_i, b2, noise, size, step, count)


def gd_learned_risk(t: ArrayLike, eta: float, eigs: ArrayLike, beta2: ArrayLike, sigma2: float, n: int, *,
                    part: str = "total", nodes: int = GD_CONTOUR_NODES) -> float | FloatArray:
    """Deterministic equivalent of the excess risk ``R_n(t) = E_eps (w_t - beta)^T Sigma (w_t - beta)`` of GD.

    GD from ``w = 0`` with step ``eta`` on ``|X w - y|^2/(2n)``, ``x ~ N(0, Sigma)`` (eigenvalues ``eigs``, ``p``
    of them, ``p > n``), ``y = <beta, x> + sigma eps`` (``beta2`` the squared coefficients of ``beta`` in the
    eigenbasis, ``sigma2 >= 0``), ``t >= 0`` steps (non-integer ``t`` interpolates the closed-form iterates;
    ``inf``: the limit, the minimum-norm interpolator). ``eta`` must satisfy ``eta s_plus < 1``
    (:func:`de_spectrum_edges`). With ``g_t(z) = (1 - eta z)^t``, ``h_t = (1 - g_t)^2/z``, ``kappa(z)`` the
    effective ridge continued to ``lam = -z``, ``Phi(z, z') = kappa kappa' B/(1 - Q)``,
    ``B = sum lambda_i beta_i^2/((lambda_i + kappa)(lambda_i + kappa'))``,
    ``Q = (1/n) sum lambda_i^2/((lambda_i + kappa)(lambda_i + kappa'))``, ``Gamma`` a contour around the
    non-zero spectrum of ``S`` (not around 0):

        bias = Phi(0, 0) + 2 oint g Phi(0, z)/z dz/(2 pi i) + oint oint g g' Phi(z, z')/(z z') dz dz'/(2 pi i)^2,
        variance = sigma^2 oint h_t(z) kappa(z)/z dz/(2 pi i).

    ``Phi(0, 0)`` is the ridgeless bias (the atom of ``S`` at 0, by its residue); at ``t = inf`` the total is
    ``ridge_risk(eigs, beta2, sigma2, n, 0)``. Derivation in docs/scaling.md, section 6 (two-resolvent
    deterministic equivalent: Bach 2024, §3; Atanasov, Zavatone-Veth & Pehlevan 2024; contour representation
    of spectral filters: Paquette et al. 2024). ``part``: ``"total"``, ``"bias"`` or ``"variance"``;
    ``nodes``: trapezoid nodes (>= 64). The filter is evaluated as ``exp(t log1p(-eta z))`` and
    ``-expm1(t log1p(-eta z))`` and the contour reaches no further right than ``2 s_plus``, so tiny ``eta t``
    keeps full precision (``eta = 1e-10 ... 5e-324`` with 64 nodes: ``R(0)`` within 2e-9 of ``beta^T Sigma
    beta``; the slope ``(R(t) - R(0))/(eta t) -> -2 sum lambda_i^2 beta_i^2``). Regime: as :func:`ridge_risk` at
    ``lam = 0`` (a :class:`theory.RegimeWarning` for ``n < 16`` or ``n - df_2(kappa_0) < 4``).
    """
    if not isinstance(part, str) or part not in ("total", "bias", "variance"):
        raise ValueError(f"part must be 'total', 'bias' or 'variance'; got {part!r}")
    times = _learned_times(t)
    contour = _learned_contour(eta, eigs, beta2, sigma2, n, nodes)
    lam_i = np.asarray(eigs, dtype=np.float64)
    k0 = _kappa(lam_i, int(n), 0.0)
    _regime_check(int(n), float(np.sum((1.0 / (1.0 + k0 / lam_i)) ** 2)), "gd_learned_risk")
    bias, variance = contour.parts(times)
    value = bias + variance if part == "total" else (bias if part == "bias" else variance)
    return as_output(finite_result(np.asarray(value, dtype=np.float64), "eigs, beta2 (the risk overflows)"), times)


def gd_learned_floor(eigs: ArrayLike, beta2: ArrayLike, sigma2: float, n: int) -> float:
    """The floor ``lim_{t -> inf} R_n(t)``: GD from 0 converges to the minimum-norm interpolator (``p > n``), whose
    risk has the ridgeless deterministic equivalent ``ridge_risk(eigs, beta2, sigma2, n, 0)``:
    ``(kappa_0^2 sum lambda_i beta_i^2/(lambda_i + kappa_0)^2 + sigma^2 df_2/n)/(1 - df_2/n)``,
    ``df_1(kappa_0) = n``
    (Hastie et al. 2022, Thm 5; Bach 2024, §3). Arguments as in :func:`gd_learned_risk`."""
    lam_i, b2, noise, size = _learned_args(eigs, beta2, sigma2, n)
    return ridge_risk(lam_i, b2, noise, size, 0.0)


def gd_learned_crossover(eta: float, eigs: ArrayLike, beta2: ArrayLike, sigma2: float, n: int, *,
                         factor: float = 2.0, nodes: int = GD_CONTOUR_NODES) -> float:
    """The crossover time ``t_x = min{t >= 0: R_n(t) <= factor R_n(inf)}`` of the deterministic equivalent.

    The first time the GD risk comes within ``factor`` (``> 1``) of its floor :func:`gd_learned_floor`
    (``factor = 2``: the knee, where an additive picture ``R_pop(t) + R_inf`` would put the intersection of
    the population law with the floor). Arguments as in :func:`gd_learned_risk`; the root in ``log t`` of
    ``gd_learned_risk(t) - factor R_inf`` after the first sign change on a grid of 32 points per decade
    from ``t = 1/64`` (Brent, relative tolerance 1e-10).
    """
    level_factor = real_scalar("factor", factor, "(1, inf)")
    if not level_factor > 1.0:
        raise ValueError(f"factor must be a finite number > 1 (allowed range (1, inf)); got {factor!r}")
    contour = _learned_contour(eta, eigs, beta2, sigma2, n, nodes)
    floor_bias, floor_variance = contour.parts(np.asarray([math.inf]))
    level = level_factor * float(floor_bias[0] + floor_variance[0])
    s_minus = float(np.min(contour.z.real)) * 2.0
    t_high = 1e4 / (contour.eta * s_minus)
    if not math.isfinite(t_high) or t_high > 1e300:
        raise ValueError(f"eta = {eta!r} is too small: the crossover time 1e4 / (eta s_minus) leaves the float64 "
                         "range (allowed range: eta * s_minus > 1e-296)")
    grid = np.geomspace(1.0 / 64.0, t_high, int(32 * math.log10(64.0 * t_high)) + 2)

    def excess(log_t: float) -> float:
        b, v = contour.parts(np.asarray([math.exp(log_t)]))
        return float(b[0] + v[0]) - level

    start_b, start_v = contour.parts(np.asarray([0.0]))
    if float(start_b[0] + start_v[0]) <= level:  # R(0) = beta^T Sigma beta is already within factor x floor
        return 0.0
    b, v = contour.parts(grid)
    below = np.nonzero(b + v <= level)[0]
    if below.size == 0:
        raise ValueError(f"the risk does not fall to factor x floor before t = {t_high:.3g}: lower factor "
                         f"(got {factor!r})")
    first = int(below[0])
    if first == 0:  # R(0) > level >= R(1/64): the root in t itself

        def excess_t(t: float) -> float:
            b0, v0 = contour.parts(np.asarray([t]))
            return float(b0[0] + v0[0]) - level

        return float(optimize.brentq(excess_t, 0.0, float(grid[0]), xtol=1e-15, rtol=1e-10))
    root = optimize.brentq(excess, math.log(grid[first - 1]), math.log(grid[first]), xtol=1e-12, rtol=1e-10)
    return math.exp(root)
