"""One full-batch FB-Adam or GD step on a two-layer network: update norms and the spike it creates.

Setup (Kothapalli et al., "From Spikes to Heavy Tails", source document 002, §3-4; Ba et al.
2022 for GD): data ``x ~ N(0, I_d)``, teacher ``y = softplus(<beta, x>) + N(0, s_noise^2)``,
student ``f(x) = a^T tanh(W x / sqrt d) / sqrt h`` with ``W`` (``h x d``) and ``a`` iid N(0, 1),
loss ``mean (f - y)^2`` over ``n`` samples, only ``W`` trained.

**Update norms.** The first FB-Adam step is ``-eta G / (|G| + eps)``. With ``eps = 0`` it is
``-eta sign(G)`` and ``|Delta W|_F = eta sqrt(h d)`` exactly (no entry of ``G`` is 0 almost
surely; source document 002, Proposition B.6). Theorem 4.1 there: ``|Delta W|_2 =
Theta(eta sqrt(h d))``.

**The ratio rho (derived here, docs/adam.md).** Write ``tanh'(z) = mu1 + t(z)`` with
``mu1 = E tanh'(g)``. Then ``G_ij = (2 a_i / (n sqrt(hd))) sum_k (mu1 + t(z_ki)) r_k x_kj``
(``r = f - y``), so ``sign(G_ij) = sign(a_i) sign(mu1 V_j + xi_ij)`` with ``V = X^T r / n``
shared by all rows and ``xi_ij`` nearly independent across ``i`` with variance
``tau^2 / n``, ``tau^2 = (E tanh'^2 - mu1^2) E r^2``. Hence ``sign(G) ~ sign(a) m^T + noise``,
``m_j = erf(mu1 V_j sqrt(n) / (tau sqrt 2))``, and ``|sign G|_2 / sqrt(hd) -> rho`` with
``rho^2 = (1/d) sum_j m_j^2 = (2/pi) arcsin(k^2 / (1 + k^2))``,
``k^2 = mu1^2 sigma_V^2 / tau^2``, ``sigma_V^2 = (n/d)(mu1^2 + 1/4) + E r^2``
(``E[x f] = mu1 W^T a / sqrt(hd)``, ``E[x y] = beta / 2``, ``E r^2 = E tanh^2 + E softplus^2 +
s_noise^2``). rho depends on ``n/d`` only and increases with it.

**The spike.** ``W1 = W0 - eta sign(a) m^T - (noise)`` is a rank-one perturbation of ``W0``,
but not an independent one: ``m`` contains the direction ``W0^T a`` (through ``E[x f]``) and
``sign(a)`` is correlated with ``a``. The outlier equation of the linearisation
``[[0, W], [W^T, 0]]`` (as in Benaych-Georges & Nadakuditi 2012, Lemma 4.1) has three quadratic
forms (``X = W0 / sqrt d``, ``c = h / d``, ``g1``, ``g2`` the Marchenko–Pastur Stieltjes transforms
of ``X X^T`` and ``X^T X``; ``alpha = cos(v, X^T a)``, ``gamma = cos(u, a) = sqrt(2/pi)``):
``u^T (z^2 - XX^T)^{-1} u -> g1``, ``u^T (z^2 - XX^T)^{-1} X v -> alpha gamma (z^2 g1 - 1)`` and,
because ``v`` is aligned with ``X^T a`` (issue 12; before it this limit was taken as ``g2``),
``v^T (z^2 - X^T X)^{-1} v -> (1 - alpha^2) g2 + alpha^2 (z^2 g1 - 1)``. For
``W1 / sqrt d = X - |theta| u v^T``:

    |theta| (sqrt(z g1 * z [(1 - alpha^2) g2 + alpha^2 (z^2 g1 - 1)]) - alpha gamma (z^2 g1 - 1)) = 1,

``theta = eta sqrt(h) rho`` for Adam. ``alpha = gamma = 0`` recovers the independent BBP law
``sqrt((1 + theta^2)(c + theta^2)) / theta`` above ``theta = c^{1/4}``, i.e. the threshold
``eta* = (h d)^{-1/4} / rho``; at the edge the threshold is
``theta* = sqrt(c) / (sqrt(sqrt c + alpha^2) - alpha gamma)``. The correlation raises the threshold
(by 1.34x at ``c = 1.5, n/d = 2``) and lowers the outlier. Derivation: docs/adam.md.
For GD, ``Delta W = -eta G`` with ``G ~ (2 mu1 / sqrt(hd)) a V^T``: ``theta = 2 eta mu1 |V| / d``,
``|V|^2 = mu1^2 + 1/4 + d E r^2 / n``,
``alpha = mu1 / |V|``, ``gamma = 1``. The update's non-rank-one part widens the bulk by
``s = sqrt(1 + eta^2 (1 - rho^2))`` (Adam); the equation is solved at unit bulk for ``theta / s``,
``alpha / s`` and the root scaled by ``s``.

**GD: the spread of the strength** (issue 27, item 2; :func:`gd_row_norm`). For GD (``u = a / |a|``,
``gamma = 1``) the outlier and the left overlap depend on a draw only through the spike row's norm
``R2 = |u^T W1|^2 / d`` (``1 + theta^2 - 2 alpha theta`` in the limit, above). The model above is right term by
term (re-derived independently: docs/notes/gd_threshold_derivation.md), but GD's ``R2`` varies from draw to
draw by ``O(d^{-1/2})`` (``d Var(R2)`` = 65.6 at ``1.2 eta*``, ``c = 1.5``, ``n/d = 2``), so means over draws
sit ``O(1/d)`` below the limit where the overlap is concave (near ``eta*``): -2.8, -1.2, -0.3% at ``1.2 eta*`` for
``d`` = 500, 1000, 2000. ``theory.adam_alignment.gd_left_overlap`` gives that mean; the limit and ``eta*`` are
unchanged.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import integrate, optimize

from theory._validate import (
    finite_array,
    finite_result,
    flag,
    option,
    positive_finite,
    positive_int,
    real_scalar,
    square,
)
from theory.spiked import rect_singular_value

FloatArray = NDArray[np.float64]

_Z_MAX = 1e307  # largest outlier location searched (the doubling bracket stays finite)
GAMMA_SIGN = math.sqrt(2.0 / math.pi)  # cos(sign(a), a) for Gaussian a: E|a| / sqrt(E a^2)
TEACHER_SLOPE = 0.5  # E softplus'(g) = E sigmoid(g) = 1/2: E[x y] = beta / 2
DEFAULT_NOISE = 0.3


@dataclass(frozen=True)
class GaussianMoments:
    """Gaussian expectations (``g ~ N(0, 1)``) entering the one-step predictions."""

    mu1: float  # E tanh'(g)
    tanh_prime_sq: float  # E tanh'(g)^2
    tanh_sq: float  # E tanh(g)^2
    softplus_sq: float  # E softplus(g)^2


def _gauss(f: Callable[[float], float]) -> float:
    def weighted(g: float) -> float:
        return f(g) * math.exp(-0.5 * g * g) / math.sqrt(2.0 * math.pi)

    return float(integrate.quad(weighted, -40.0, 40.0, limit=400, epsabs=1e-14, epsrel=1e-13)[0])


@lru_cache(maxsize=1)
def gaussian_moments() -> GaussianMoments:
    """``E tanh'``, ``E tanh'^2``, ``E tanh^2``, ``E softplus^2`` by adaptive quadrature (|error| < 1e-12)."""

    def sech2(g: float) -> float:
        return 1.0 / math.cosh(g) ** 2

    def softplus(g: float) -> float:
        return max(g, 0.0) + math.log1p(math.exp(-abs(g)))

    return GaussianMoments(
        mu1=_gauss(sech2),
        tanh_prime_sq=_gauss(lambda g: sech2(g) ** 2),
        tanh_sq=_gauss(lambda g: math.tanh(g) ** 2),
        softplus_sq=_gauss(lambda g: softplus(g) ** 2),
    )


def _noise(noise_std: float) -> float:
    x = real_scalar("noise_std", noise_std, "[0, inf)")
    if x < 0.0:
        raise ValueError(f"noise_std must be >= 0 (allowed range [0, inf)); got {noise_std!r}")
    return x


def residual_second_moment(noise_std: float = DEFAULT_NOISE) -> float:
    """``E r^2 = E tanh(g)^2 + E softplus(g)^2 + noise_std^2`` at initialisation (``r = f - y``)."""
    m = gaussian_moments()
    return m.tanh_sq + m.softplus_sq + square("noise_std", _noise(noise_std))


def update_frobenius_norm(eta: float, h: int, d: int) -> float:
    """``|eta sign(G)|_F = eta sqrt(h d)``: exact for the sign update (no zero entry in ``G``)."""
    value = positive_finite("eta", eta) * math.sqrt(positive_int("h", h) * positive_int("d", d))
    return finite_result(value, "eta, h, d (eta sqrt(h d) exceeds 1.8e308)")


def adam_update_frobenius(eta: float, grad: ArrayLike, eps: float) -> float:
    """``|eta G / (|G| + eps)|_F = eta sqrt(sum (|G| / (|G| + eps))^2)``: the first Adam step, exact."""
    g = np.abs(finite_array("grad", grad, ndim=2))
    if g.ndim != 2 or g.size == 0:
        raise ValueError(f"grad must be a non-empty 2-d array; got shape {g.shape}")
    e = real_scalar("eps", eps, "[0, inf)")
    if e < 0.0:
        raise ValueError(f"eps must be >= 0 (allowed range [0, inf)); got {eps!r}")
    if e == 0.0 and np.any(g == 0.0):
        raise ValueError("grad has exact zeros: sign(0) = 0 and G / (|G| + 0) is undefined there")
    ratio = g / (g + e) if e > 0.0 else np.ones_like(g)
    value = positive_finite("eta", eta) * float(np.sqrt(np.sum(ratio * ratio)))
    return finite_result(value, "eta (the update norm exceeds 1.8e308)")


@dataclass(frozen=True)
class SignGradientModel:
    """The rank-one-plus-noise model of ``sign(G0)`` at aspect ``n/d`` (see the module docstring)."""

    samples_per_dim: float  # n / d
    noise_std: float
    rho: float  # |sign G|_2 / sqrt(hd) in the limit
    k2: float  # per-entry signal-to-noise ratio mu1^2 sigma_V^2 / tau^2
    alpha: float  # cos(m, W0^T a)
    residual: float  # E r^2


def sign_gradient_model(n: int, d: int, noise_std: float = DEFAULT_NOISE) -> SignGradientModel:
    """``rho``, the SNR ``k^2`` and the alignment ``alpha = cos(m, W0^T a)`` for sample size ``n``."""
    ratio = positive_int("n", n) / positive_int("d", d)
    mom = gaussian_moments()
    er2 = residual_second_moment(noise_std)
    sigma_v2 = ratio * (mom.mu1**2 + TEACHER_SLOPE**2) + er2
    tau2 = (mom.tanh_prime_sq - mom.mu1**2) * er2
    k2 = mom.mu1**2 * sigma_v2 / tau2
    rho = math.sqrt(2.0 / math.pi * math.asin(k2 / (1.0 + k2)))
    # Coordinates of sqrt(n) V / sigma_V are N(0, 1) with correlation sqrt(n/d) mu1 / sigma_V to
    # those of W0^T a / sqrt(h); Stein: E[erf(k g / sqrt 2) g] = sqrt(2/pi) k / sqrt(1 + k^2).
    slope = math.sqrt(2.0 / math.pi) * math.sqrt(k2 / (1.0 + k2))
    alpha = slope * math.sqrt(ratio) * mom.mu1 / math.sqrt(sigma_v2) / rho
    return SignGradientModel(ratio, float(noise_std), rho, k2, alpha, er2)


def spectral_ratio(n: int, d: int, noise_std: float = DEFAULT_NOISE) -> float:
    """``rho = |sign G0|_2 / sqrt(h d)`` in the proportional limit: ``sqrt((2/pi) arcsin(k^2/(1+k^2)))``."""
    return sign_gradient_model(n, d, noise_std).rho


def update_spectral_norm(eta: float, n: int, h: int, d: int, noise_std: float = DEFAULT_NOISE) -> float:
    """``|eta sign(G0)|_2``: the rank-one part ``sqrt(hd) rho`` plus its BBP push from the sign noise
    (variance ``1 - rho^2`` per entry): ``eta sqrt(d) s_E F(sqrt(h) rho / s_E, h/d)``,
    ``F(t, c) = sqrt((1 + t^2)(c + t^2)) / t``, ``s_E = sqrt(1 - rho^2)`` (the proportional limit).

    Exact bounds override the limit where it is meaningless: for ``min(h, d) = 1`` the sign matrix is a
    vector and its spectral norm is exactly ``eta sqrt(h d)`` (the limit gave 1.2503 at ``n = h = d = 1``);
    otherwise the value is capped at the Frobenius norm ``eta sqrt(h d)`` (``|M|_2 <= |M|_F`` always; the
    limit exceeds it only at ``h = d = 2``, by up to 3%, for ``n, h, d`` in 1 ... 1000)."""
    e = positive_finite("eta", eta)
    h, d = positive_int("h", h), positive_int("d", d)
    rho = spectral_ratio(n, d, noise_std)
    frobenius = update_frobenius_norm(e, h, d)
    if min(h, d) == 1:
        return frobenius
    s_e = math.sqrt(1.0 - rho * rho)
    value = e * (math.sqrt(d) * s_e * float(rect_singular_value(math.sqrt(h) * rho / s_e, h / d)))
    return min(finite_result(value, "eta, h, d (the spectral norm exceeds 1.8e308)"), frobenius)


def spike_threshold(h: int, d: int, rho: float = 1.0) -> float:
    """Independent-perturbation FB-Adam threshold ``eta* = (h d)^{-1/4} / rho`` (rectangular BBP law:
    ``theta = eta sqrt(h) rho > (h/d)^{1/4}``; Benaych-Georges & Nadakuditi 2012, §3.1)."""
    r = positive_finite("rho", rho)
    if r > 1.0:
        raise ValueError(f"rho must lie in (0, 1]; got {rho!r}")
    value = float((positive_int("h", h) * positive_int("d", d)) ** -0.25 / r)
    return finite_result(value, "rho (the threshold exceeds 1.8e308)")


def _mp_stieltjes(x: float, c: float) -> float:
    """``g(x) = (1/h) tr (x - X X^T)^{-1}``, ``X X^T`` Marchenko–Pastur (ratio ``c``), ``x > (1 + sqrt c)^2``.

    ``(b - sqrt(b^2 - 4 c x)) / (2 c x)`` with ``b = x + c - 1``, evaluated as ``2 / (b + sqrt(b^2 - 4 c x))``
    (no cancellation for large ``x``)."""
    b = x + c - 1.0
    return float(2.0 / (b + math.sqrt(max(b * b - 4.0 * c * x, 0.0))))


def _secular_terms(z: float, c: float) -> tuple[float, float, float]:
    """``(z g1, z g2, z (x g1 - 1))`` at ``x = z^2`` without forming ``z^2`` (so ``z`` up to 1.8e308) and without
    the cancellation of ``x g1 - 1 ~ 1/x``: with ``y = z + (c - 1)/z``, ``u = z - (c - 1)/z`` and
    ``S = sqrt(y^2 - 4c)`` (``= sqrt(b^2 - 4cx) / z``), ``z g1 = 2 / (y + S)``,
    ``z g2 = z (c g1 + (1 - c)/x) = (1 + c (x g1 - 1)) / z`` (no cancellation for large ``c``) and
    ``z (x g1 - 1) = (z g1) 2 z / (u + S)`` (from ``x - 1/g1 = 2x / (x - c + 1 + sqrt(b^2 - 4cx))``)."""
    shift = (c - 1.0) / z
    y, u = z + shift, z - shift
    root = y * math.sqrt(max(1.0 - (4.0 * c / y) / y, 0.0))
    zg1 = 2.0 / (y + root)
    zcross = zg1 * (2.0 * z / (u + root))
    return zg1, (1.0 + c * (zcross / z)) / z, zcross


#: Aspect ratios ``c = h / d`` accepted by the secular equation: outside, the outlier's distance to the edge
#: ``1 + sqrt(c)`` is below float64 resolution near the threshold.
C_RANGE = (1e-8, 1e8)


def _ratio(name: str, value: float) -> float:
    c = positive_finite(name, value)
    if not C_RANGE[0] <= c <= C_RANGE[1]:
        raise ValueError(f"{name} must lie in [{C_RANGE[0]:g}, {C_RANGE[1]:g}] (aspect ratio h/d); got {value!r}")
    return c


def _unit(name: str, value: float) -> float:
    x = real_scalar(name, value, "[0, 1]")
    if not 0.0 <= x <= 1.0:
        raise ValueError(f"{name} must lie in [0, 1]; got {value!r}")
    return x


def _secular(z: float, c: float, alpha: float, gamma: float, aligned_quadratic: bool = True) -> float:
    """``sqrt(z g1 * z Q) - alpha gamma (z^2 g1 - 1)`` at singular value ``z`` of the unit bulk, with
    ``Q = (1 - alpha^2) g2 + alpha^2 (z^2 g1 - 1)`` (``Q = g2`` when ``aligned_quadratic`` is false:
    the equation before issue 12, which treats ``v`` as independent of the bulk)."""
    zg1, zg2, zcross = _secular_terms(z, c)
    zquad = (1.0 - alpha * alpha) * zg2 + alpha * alpha * zcross if aligned_quadratic else zg2
    return math.sqrt(zg1) * math.sqrt(zquad) - alpha * gamma * (zcross / z)


def correlated_outlier(theta: float, c: float, alpha: float = 0.0, gamma: float = 0.0,
                       aligned_quadratic: bool = True) -> float:
    """Top singular value of ``X - theta u v^T`` (``X`` ``h x d`` with N(0, 1/d) entries, ``c = h/d``,
    ``u``, ``v`` unit vectors; ``u`` independent of ``X`` with cosine ``gamma`` to a Gaussian vector
    ``a`` independent of ``X``; ``v`` with cosine ``alpha`` to ``X^T a``, otherwise independent). The
    root ``z > 1 + sqrt c`` of

        theta (sqrt(z g1 * z [(1 - alpha^2) g2 + alpha^2 (z^2 g1 - 1)]) - alpha gamma (z^2 g1 - 1)) = 1,

    ``g1(z^2) = (1/h) tr (z^2 - XX^T)^{-1}``, ``g2 = c g1 + (1 - c)/z^2`` (derivation: docs/adam.md);
    the edge ``1 + sqrt c`` below the threshold. ``alpha = 0`` is the independent rectangular BBP law
    ``sqrt((1 + theta^2)(c + theta^2)) / theta`` (Benaych-Georges & Nadakuditi 2012, §3.1).
    ``aligned_quadratic=False`` drops the ``alpha^2`` term (the pre-issue-12 equation, a wrong variant)."""
    t = real_scalar("theta", theta, "[0, inf)")
    if t < 0.0:
        raise ValueError(f"theta must be >= 0 (allowed range [0, inf)); got {theta!r}")
    c = _ratio("c", c)
    a, g = _unit("alpha", alpha), _unit("gamma", gamma)
    aligned = flag("aligned_quadratic", aligned_quadratic)
    edge = 1.0 + math.sqrt(c)
    if t == 0.0 or t * _secular(edge, c, a, g, aligned) <= 1.0:
        return edge
    hi = 2.0 * edge
    while t * _secular(hi, c, a, g, aligned) > 1.0:
        if hi > _Z_MAX:
            raise ValueError(f"theta={theta!r}, c={c!r}: the outlier lies beyond {_Z_MAX:.3g} "
                             "(out of float range)")
        hi = min(2.0 * hi, 2.0 * _Z_MAX)  # the secular function is finite up to the float maximum
    return float(optimize.brentq(lambda z: t * _secular(z, c, a, g, aligned) - 1.0, edge, hi,
                                 xtol=1e-14, rtol=1e-14))


def outlier_strength(z: float, c: float, alpha: float = 0.0, gamma: float = 0.0,
                     aligned_quadratic: bool = True) -> float:
    """The inverse of :func:`correlated_outlier`: the strength ``theta`` whose outlier sits at
    ``z > 1 + sqrt c``, ``theta = 1 / (sqrt(z g1 z Q) - alpha gamma (z^2 g1 - 1))`` (explicit)."""
    zz = positive_finite("z", z)
    c = _ratio("c", c)
    if zz <= 1.0 + math.sqrt(c):
        raise ValueError(f"z must exceed the edge 1 + sqrt(c) = {1.0 + math.sqrt(c)}; got {z!r}")
    aligned = flag("aligned_quadratic", aligned_quadratic)
    value = _secular(zz, c, _unit("alpha", alpha), _unit("gamma", gamma), aligned)
    if value <= 0.0:
        raise ValueError(f"no strength puts the outlier at z = {z} (c = {c}, alpha = {alpha}, gamma = {gamma})")
    return finite_result(1.0 / value, "z, c (the strength exceeds 1.8e308)")


def correlated_threshold(c: float, alpha: float = 0.0, gamma: float = 0.0,
                         aligned_quadratic: bool = True) -> float:
    """``theta*`` at which the outlier leaves the edge ``z = 1 + sqrt c``. There ``g1 = 1/(sqrt c (1 + sqrt c))``,
    ``z^2 g1 - 1 = 1/sqrt c`` and ``z g2 = 1``, so

        theta* = sqrt(c) / (sqrt(sqrt c + alpha^2) - alpha gamma)

    (``c^{1/4}`` at ``alpha = 0``; ``sqrt(c) / (c^{1/4} - alpha gamma)`` without the ``alpha^2`` term)."""
    c = _ratio("c", c)
    a, g = _unit("alpha", alpha), _unit("gamma", gamma)
    root = math.sqrt(math.sqrt(c) + a * a) if flag("aligned_quadratic", aligned_quadratic) else c**0.25
    if root - a * g <= 0.0:
        raise ValueError(f"no outlier for any theta at c = {c}, alpha = {a}, gamma = {g}")
    return math.sqrt(c) / (root - a * g)


@dataclass(frozen=True)
class RankOneUpdate:
    """One step as ``W1 / sqrt d = s (X - (theta / s) u v^T)``: strength per unit ``eta``, alignment, bulk."""

    theta_per_eta: float
    alpha: float
    gamma: float
    bulk_noise_per_eta2: float  # s^2 = 1 + eta^2 * this

    def bulk_scale(self, eta: float) -> float:
        """``s = sqrt(1 + eta^2 b)`` as ``hypot(1, eta sqrt b)`` (no overflow of ``eta^2``)."""
        return math.hypot(1.0, eta * math.sqrt(self.bulk_noise_per_eta2))


def _optimizer(optimizer: str) -> str:
    return option("optimizer", optimizer, ("adam", "gd"))


def rank_one_update(optimizer: str, n: int, h: int, d: int, noise_std: float = DEFAULT_NOISE,
                    correlated: bool = True) -> RankOneUpdate:
    """The rank-one model of the first step (see the module docstring); ``correlated=False`` drops the
    alignment with ``W0`` (``alpha = gamma = 0``, the independent-perturbation picture)."""
    opt = _optimizer(optimizer)
    n, h, d = positive_int("n", n), positive_int("h", h), positive_int("d", d)
    use_correlation = flag("correlated", correlated)
    model = sign_gradient_model(n, d, noise_std)
    if opt == "adam":
        upd = RankOneUpdate(math.sqrt(h) * model.rho, model.alpha, GAMMA_SIGN, 1.0 - model.rho**2)
    else:
        mu1 = gaussian_moments().mu1
        v_norm = math.sqrt(mu1**2 + TEACHER_SLOPE**2 + d * model.residual / n)
        tau2 = (gaussian_moments().tanh_prime_sq - mu1**2) * model.residual
        upd = RankOneUpdate(2.0 * mu1 * v_norm / d, mu1 / v_norm, 1.0, 4.0 * tau2 / (n * h * d))
    if not use_correlation:
        return RankOneUpdate(upd.theta_per_eta, 0.0, 0.0, upd.bulk_noise_per_eta2)
    return upd


def top_singular_value(eta: float, optimizer: str, n: int, h: int, d: int, noise_std: float = DEFAULT_NOISE,
                       correlated: bool = True, aligned_quadratic: bool = True) -> float:
    """Predicted top singular value of ``W1 = W0 + Delta W`` after one step of size ``eta``:
    ``s sqrt(d) z`` with ``z`` = :func:`correlated_outlier` at ``(theta / s, c, alpha / s, gamma)``."""
    e = positive_finite("eta", eta)
    upd = rank_one_update(optimizer, n, h, d, noise_std, correlated)
    s = upd.bulk_scale(e)
    c = _ratio("h / d", h / d)
    z = correlated_outlier((e / s) * upd.theta_per_eta, c, upd.alpha / s, upd.gamma, aligned_quadratic)
    return finite_result(s * (z * math.sqrt(d)), "eta (the singular value exceeds 1.8e308)")


def learning_rate_threshold(optimizer: str, n: int, h: int, d: int, noise_std: float = DEFAULT_NOISE,
                            correlated: bool = True, aligned_quadratic: bool = True) -> float:
    """Smallest ``eta`` whose one step leaves an outlier singular value in ``W1`` (solves
    ``eta theta_1 / s(eta) = theta*(c, alpha / s(eta), gamma)`` by bisection in ``eta``)."""
    upd = rank_one_update(optimizer, n, h, d, noise_std, correlated)
    return threshold_from_strength(upd, _ratio("h / d", h / d), upd.theta_per_eta, aligned_quadratic)


def threshold_from_strength(upd: RankOneUpdate, c: float, theta_per_eta: float,
                            aligned_quadratic: bool = True) -> float:
    """The ``eta`` at which ``eta theta_per_eta / s(eta) = theta*(c, alpha / s(eta), gamma)`` for the
    alignment and bulk of ``upd`` (``theta_per_eta`` may be a measured strength)."""
    if not isinstance(upd, RankOneUpdate):
        raise TypeError(f"upd must be a RankOneUpdate (from rank_one_update); got {upd!r}")
    c = _ratio("c", c)
    k = positive_finite("theta_per_eta", theta_per_eta)
    aligned_quadratic = flag("aligned_quadratic", aligned_quadratic)

    def excess(eta: float) -> float:
        s = upd.bulk_scale(eta)
        return eta * k / s - correlated_threshold(c, upd.alpha / s, upd.gamma, aligned_quadratic)

    lo = correlated_threshold(c, upd.alpha, upd.gamma, aligned_quadratic) / k * 0.5
    if not math.isfinite(2e12 * lo):
        raise ValueError(f"theta_per_eta={theta_per_eta!r} is too small: the threshold exceeds the float range")
    hi = 2.0 * lo
    while excess(hi) <= 0.0:
        hi *= 2.0
        if hi > 1e12 * lo:
            raise ValueError(f"theta_per_eta={theta_per_eta!r}: no spike at any learning rate (the update's "
                             "noise grows as fast as its spike)")
    return float(optimize.brentq(excess, lo, hi, xtol=1e-14 * hi, rtol=1e-13))


def adam_spike_threshold(n: int, h: int, d: int, noise_std: float = DEFAULT_NOISE) -> float:
    """FB-Adam one-step spike threshold with the correlation of the update with ``W0`` (refined)."""
    return learning_rate_threshold("adam", n, h, d, noise_std)


def gd_spike_threshold(n: int, h: int, d: int, noise_std: float = DEFAULT_NOISE) -> float:
    """GD one-step spike threshold (rank-one ``G0`` of Ba et al. 2022 with the ``W0^T a`` alignment)."""
    return learning_rate_threshold("gd", n, h, d, noise_std)


@dataclass(frozen=True)
class ResidualMoments:
    """Per-sample moments of the GD residual in the Gaussian-equivalent model of :func:`gd_row_norm`:
    ``e = mu1 s + N - softplus(tau)``, ``w = mu1 s - tau / 2`` with ``s, tau ~ N(0, 1)`` and
    ``N ~ N(0, E tanh^2 - mu1^2 + noise_std^2)`` independent."""

    e2: float  # E e^2
    var_se: float  # Var(s e)
    var_we: float  # Var(w e)
    cov_se_we: float  # Cov(s e, w e)
    var_e2: float  # Var(e^2)
    cov_se_e2: float  # Cov(s e, e^2)
    cov_we_e2: float  # Cov(w e, e^2)


#: Gauss-Hermite nodes of :func:`residual_moments`: 12 for the polynomial directions ``s, N`` (exact up to degree
#: 23; the moments are of degree <= 4 there) and 160 for ``tau`` (softplus; 120 nodes agree to 1e-12).
_GH_POLY, _GH_TAU = 12, 160


#: Largest ``noise_std`` of :func:`residual_moments`: its fourth moments (``~ noise_std^8``) stay in float64.
RESIDUAL_NOISE_MAX = 1e30


@lru_cache(maxsize=64)
def _residual_moments(noise: float) -> ResidualMoments:
    mom = gaussian_moments()
    mu1 = mom.mu1
    xs, ws = np.polynomial.hermite_e.hermegauss(_GH_POLY)
    xt, wt = np.polynomial.hermite_e.hermegauss(_GH_TAU)
    ws, wt = ws / ws.sum(), wt / wt.sum()
    sd_n = math.sqrt(mom.tanh_sq - mu1 * mu1 + noise * noise)
    s, n_, tau = np.meshgrid(xs, sd_n * xs, xt, indexing="ij")
    weight = ws[:, None, None] * ws[None, :, None] * wt[None, None, :]
    e = mu1 * s + n_ - np.logaddexp(0.0, tau)
    w = mu1 * s - TEACHER_SLOPE * tau

    def mean(f: FloatArray) -> float:
        return float(np.sum(weight * f))

    def cov(f: FloatArray, g: FloatArray) -> float:
        return mean(f * g) - mean(f) * mean(g)

    se, we, e2 = s * e, w * e, e * e
    return ResidualMoments(mean(e2), cov(se, se), cov(we, we), cov(se, we), cov(e2, e2), cov(se, e2), cov(we, e2))


def residual_moments(noise_std: float = DEFAULT_NOISE) -> ResidualMoments:
    """The moments of :class:`ResidualMoments` by product Gauss-Hermite quadrature (see ``_GH_POLY``), for
    ``0 <= noise_std <= RESIDUAL_NOISE_MAX`` (beyond, the fourth moments leave float64)."""
    noise = _noise(noise_std)
    if noise > RESIDUAL_NOISE_MAX:
        raise ValueError(f"noise_std must lie in [0, {RESIDUAL_NOISE_MAX:g}] (the residual's fourth moments "
                         f"overflow float64 beyond); got {noise_std!r}")
    return _residual_moments(noise)


@dataclass(frozen=True)
class GDRowNorm:
    """``R2 = |u^T W1|^2 / (s^2 d)`` (``u = a / |a|``, unit bulk) after one GD step: its limit and its spread."""

    mean: float  # 1 + theta^2 - 2 alpha theta at (theta / s, alpha / s)
    variance: float  # Var(R2) over draws of (X, y, W0, a, beta), leading order O(1/d)
    threshold: float  # 1 + sqrt(c): an outlier exists where R2 exceeds it


def gd_row_norm(eta: float, n: int, h: int, d: int, noise_std: float = DEFAULT_NOISE) -> GDRowNorm:
    """The squared norm of the spike row ``u^T W1 / sqrt d`` of one GD step, ``u = a / |a|``: limit and spread.

    **Why it matters** (issue 27, item 2; docs/adam.md, "GD: the spread of the strength"). ``q = W0^T u`` is
    independent of ``B = P_u^perp W0`` (Gaussian ``W0``), and ``W1 = u r^T + B + (small)`` with
    ``r = q - eta G^T u``. The Schur complement gives the outlier ``r^T (lambda - B^T B)^{-1} r = 1`` and
    ``<u1, u>^2 = -m(lambda) / (lambda m'(lambda))``, ``m`` the Stieltjes transform of ``B^T B``: the outlier and
    the left overlap depend on the draw only through ``R2 = |r|^2 / d``, as for an independent spike of strength
    ``theta_eff^2 = R2 - 1`` (the correlated equation of :func:`correlated_outlier` at ``gamma = 1`` is this
    one with ``R2 = 1 + theta^2 - 2 alpha theta``). Its limit is that of :func:`rank_one_update`; but ``R2``
    varies from draw to draw by ``O(d^{-1/2})`` (``|a|^2/h``, ``|q|^2/d``, ``<q, beta>`` and the sampling noise of
    ``V = X^T e / n`` all enter the strength), and near the threshold the overlap is concave in ``R2``: the mean
    overlap over draws is below the limit by ``O(1/d)`` (1.2% at (2000, 1500, 1000) at ``1.2 eta*``).

    **The variance** (derived here; leading order, linear in the fluctuations). With ``t = 2 mu1 eta / d``,
    ``nu = d / n``, ``R2 = Q - 2 t sqrt(A) <q~, V> + t^2 A |V|^2`` (``A = |a|^2/h``, ``q~ = q / sqrt d``,
    ``Q = |q~|^2``, ``b = <q~, beta>``); ``<q~, V> = mu1 sqrt(A) Q - b/2 + w1`` and
    ``|V|^2 = mu1^2 A Q + 1/4 - mu1 sqrt(A) b + nu E e^2 + w2`` (``E e^2`` itself moving with ``A`` and ``Q``),
    ``w1 = <q~, xi>``, ``w2 = 2 <m, xi> + |xi|^2 - E|xi|^2`` the sampling noise of ``V = m + xi``.
    ``Var(A) = 2/h``, ``Var(Q) = 2/d``, ``Var(b) = 1/d``, and from the per-sample moments of
    :func:`residual_moments` (``e = mu1 s + N - softplus(tau)``, Gaussian equivalence of ``f``):
    ``d Var(w1) = nu Var(se)``, ``d Var(w2) = 4 nu Var(we) + nu^3 Var(e^2) + 2 nu^2 (E e^2)^2
    + 4 nu^2 Cov(we, e^2)``, ``d Cov(w1, w2) = 2 nu Cov(se, we) + nu^2 Cov(se, e^2)``. Then

        d Var(R2) = 2 c_Q^2 + 2 (d/h) c_A^2 + c_b^2 + 4 t^2 d Var(w1) + t^4 d Var(w2) - 4 t^3 d Cov(w1, w2),

    ``c_Q = (1 - t mu1)^2 + t^2 nu mu1^2``, ``c_A = -2 t mu1 + t^2 (2 mu1^2 + 1/4 + nu (E e^2 + E tanh^2))``,
    ``c_b = t - t^2 mu1 (1 + nu)``. Checked against simulation (benchmarks/gd_overlap_sizes.py, ``urow``):
    ``d Var(R2)`` at ``1.2, 1.5, 2 eta*`` is 65.0, 185.9, 692 (400 draws, (2000, 1500, 1000); SE 7%) against
    65.7, 185.3, 680 here. Mean and variance are returned at unit bulk (divided by ``s^2`` and ``s^4``,
    ``s`` = :meth:`RankOneUpdate.bulk_scale`; ``s - 1 < 1e-3`` for GD)."""
    e = positive_finite("eta", eta)
    n, h, d = positive_int("n", n), positive_int("h", h), positive_int("d", d)
    c = _ratio("h / d", h / d)
    upd = rank_one_update("gd", n, h, d, noise_std)
    mom, res = gaussian_moments(), residual_moments(noise_std)
    mu1, nu = mom.mu1, d / n
    bulk = upd.bulk_scale(e)
    theta, alpha = (e / bulk) * upd.theta_per_eta, upd.alpha / bulk
    # Everything at unit bulk: t_s = t / s and the coefficients over s^2 (no overflow for huge eta, where s ~ eta).
    t_s = (e / bulk) / d * (2.0 * mu1)
    inv = 1.0 / bulk
    c_q = (inv - t_s * mu1) ** 2 + t_s * t_s * nu * mu1 * mu1
    c_a = -2.0 * t_s * mu1 * inv + t_s * t_s * (2.0 * mu1 * mu1 + TEACHER_SLOPE**2 + nu * (res.e2 + mom.tanh_sq))
    c_b = t_s * inv - t_s * t_s * mu1 * (1.0 + nu)
    var_w1 = nu * res.var_se
    var_w2 = 4.0 * nu * res.var_we + nu * nu * (nu * res.var_e2 + 2.0 * res.e2 * res.e2 + 4.0 * res.cov_we_e2)
    cov_12 = nu * (2.0 * res.cov_se_we + nu * res.cov_se_e2)
    t2 = t_s * t_s
    d_var = (2.0 * c_q * c_q + 2.0 * (d / h) * c_a * c_a + c_b * c_b + 4.0 * t2 * var_w1 * inv * inv
             + t2 * t2 * var_w2 - 4.0 * t2 * t_s * cov_12 * inv)
    mean = 1.0 + theta * (theta - 2.0 * alpha)
    variance = finite_result(d_var / d, "eta, n, h, d (the variance exceeds 1.8e308)")
    return GDRowNorm(finite_result(mean, "eta (R2 exceeds 1.8e308)"), max(variance, 0.0), 1.0 + math.sqrt(c))


def rho_trend() -> int:
    """``+1``: rho increases with ``n / d`` (``k^2`` is increasing in ``n/d`` and
    ``arcsin(k^2/(1+k^2))`` in ``k^2``; checked symbolically in ``proofs_check``)."""
    return 1


def adam_multistep_trend() -> int:
    """``-1``: above the one-step spike threshold, a larger FB-Adam learning rate gives a heavier-tailed
    ESD (lower PL_Alpha_Hill of ``W^T W``) after 10 full-batch steps (source document 002, §5,
    Table 1 and Figure 5). An empirical claim, tested as a rank correlation."""
    return -1


def gd_subthreshold_trend() -> int:
    """``0``: GD below its one-step spike threshold leaves PL_Alpha_Hill after 10 steps independent of
    the learning rate (no heavy tail emerges; source document 002, §5 and Table 1)."""
    return 0
