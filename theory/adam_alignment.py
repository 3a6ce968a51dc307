"""Teacher alignment of the one-step spike, and the overlap outliers of appendix C (``adam.*``, issue 16).

**Teacher alignment** (derived here; docs/adam.md, "Teacher alignment after one step"). After one
FB-Adam or GD step, ``W1 / sqrt d = s (X - (theta / s) u v^T)`` at unit bulk (``X`` ``h x d`` with
N(0, 1/d) entries, ``c = h / d``; ``u``, ``v`` and the strength from :mod:`theory.adam_step`,
``v`` with cosine ``alpha`` to ``X^T a``). Write ``x = z^2`` (``z`` the outlier of
:func:`theory.adam_step.correlated_outlier`), ``F(x) = x g1(x)``, ``g2 = c g1 + (1 - c)/x``,
``Q = (1 - alpha^2) g2 + alpha^2 (F - 1)``, ``psi = alpha gamma (F - 1)``. The top right singular
vector ``v1`` of ``X - theta u v^T`` satisfies ``v1 = -theta R2 (X^T u p + z v q)`` with
``p = <v, v1>``, ``q = <u, u1>``, ``R2 = (x - X^T X)^{-1}``; projecting on ``v`` gives
``q / p = -(1 + theta psi) / (theta z Q)``, the normalisation ``|v1| = 1`` gives

    p^2 = 1 / (theta^2 [-F' - 2 z r alpha gamma F' - z^2 r^2 Q']),   r = q / p,

and projecting on the teacher ``beta`` (independent of ``X`` and ``a``: ``beta^T R2 v -> g2 <v, beta>``,
``beta^T R2 X^T u -> 0``)

    |cos(v1, beta)| = |p| (1 + theta psi) (g2 / Q) |cos(v, beta)|.

At ``alpha = gamma = 0`` the factor ``(1 + theta psi) g2 / Q`` is 1 and ``p^2`` is the rectangular
Benaych-Georges–Nadakuditi overlap ``1 - (c + theta^2) / (theta^2 (theta^2 + 1))`` (2012, §3.1). The
update's right vector has ``|cos(v, beta)| = alpha / (2 mu1)`` for both optimizers (Stein's identity, as
for ``alpha``: ``E[x y] = beta / 2`` against ``E[x f] = mu1 W0^T a / sqrt(hd)``). Below the threshold
``v1`` is a bulk vector and ``|cos(v1, beta)| = O(d^{-1/2})``.

**GD left overlap** (issue 27, item 2). With ``u = a / |a|`` (``gamma = 1``) the left overlap is a function of
the spike row's norm ``R2 = 1 + theta^2 - 2 alpha theta`` alone (:func:`left_overlap_from_row_norm`); GD's ``R2``
spreads by ``O(d^{-1/2})`` over draws (:func:`theory.adam_step.gd_row_norm`) and :func:`gd_left_overlap` averages
the overlap over it (the mean over draws; ``spread=False`` the limit). The GD teacher alignment and right overlap
(:func:`teacher_alignment`, :func:`spike_vectors` on the GD update) are limits only: their means over draws sit
``O(1/d)`` lower near the threshold (2.3 +- 0.5% at ``1.2 eta*``, (2000, 1500, 1000); compare from ``1.5 eta*``).

**Overlap outliers** (source document 002, appendix C; ``landau2023``). For two independent
Haar-distributed orthonormal frames of ``R^h`` each entry ``<u_i, u'_j>`` is a coordinate of a uniform unit
vector, ``<u_i, u'_j>^2 ~ Beta(1/2, (h - 1)/2)``; a union bound over the ``k^2`` entries gives the level bound
:func:`haar_overlap_bound`. Above the threshold the largest entry of the overlap matrix of ``W1`` and the
update is the left overlap ``|<u, u1>|`` of the correlated model (:func:`overlap_top_entry`).

Citations: ``kothapalli2025`` (setting), ``benaychgeorges2012`` (rank-one overlaps, Lemma 4.1 and §3.1),
``landau2023`` (overlap matrices).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import integrate, special

from theory import adam_step
from theory._validate import flag, in_open_interval, positive_finite, positive_int, real_scalar

#: Half-width, in standard deviations, of the Gaussian average of :func:`gd_left_overlap`.
GAUSS_CUT = 22.0
#: Smallest normal float64.
_TINY = 2.2250738585072014e-308


def _unit(name: str, value: float) -> float:
    x = real_scalar(name, value, "[0, 1]")
    if not 0.0 <= x <= 1.0:
        raise ValueError(f"{name} must lie in [0, 1]; got {value!r}")
    return x


@dataclass(frozen=True)
class SpikeVectors:
    """The top singular vectors of ``X - theta u v^T`` against the planted ones (unit bulk)."""

    z: float  # the outlier (1 + sqrt c at and below the threshold)
    right_overlap_sq: float  # <v, v1>^2 (0 at and below the threshold)
    left_overlap_sq: float  # <u, u1>^2 (0 at and below the threshold)
    teacher_factor: float  # (1 + theta psi) g2 / Q: |cos(v1, beta)| = |p| * this * |cos(v, beta)|


def spike_vectors(theta: float, c: float, alpha: float = 0.0, gamma: float = 0.0,
                  aligned_quadratic: bool = True) -> SpikeVectors:
    """Outlier, squared right overlap ``<v, v1>^2`` and the teacher factor of ``X - theta u v^T``
    (module docstring). ``aligned_quadratic=False`` uses ``Q = g2`` throughout (the pre-issue-12 model).

    Deterministic limits at the given ``theta, alpha``: for one GD step, whose strength spreads over draws, means
    over draws near the threshold are ``O(1/d)`` lower (the left overlap's mean: :func:`gd_left_overlap`)."""
    t = real_scalar("theta", theta, "[0, inf)")
    if t < 0.0:
        raise ValueError(f"theta must be >= 0 (allowed range [0, inf)); got {theta!r}")
    c = positive_finite("c", c)
    a, g = _unit("alpha", alpha), _unit("gamma", gamma)
    z = adam_step.correlated_outlier(t, c, a, g, aligned_quadratic)
    if z <= 1.0 + math.sqrt(c) or t == 0.0:
        return SpikeVectors(z, 0.0, 0.0, 1.0)
    # Every quantity is scaled by the power of x = z^2 that makes it O(1) for large z, and formed from the ratios
    # y/z, u/z, S/z of adam_step._secular_terms (y = z + (c - 1)/z, u = z - (c - 1)/z, S = sqrt(y^2 - 4c)), so
    # neither x nor x^2 is formed (no overflow up to z = 1.8e308) and the differences F - 1 ~ 1/x and
    # F' ~ -1/x^2 carry no cancellation (issue 18: x^2 F' as 1 - (b - 2c)/sqrt(b^2 - 4cx) lost all digits
    # from theta ~ 1e4 on, and x = z^2 overflowed from theta ~ 1e154).
    shift = (c - 1.0) / z / z
    yz, uz = 1.0 + shift, 1.0 - shift
    sz = yz * math.sqrt(max(1.0 - 4.0 * c / (z * yz) / (z * yz), 0.0))
    big_f = 2.0 / (yz + sz)  # F = x g1(x)
    h_term = 4.0 / ((yz + sz) * (uz + sz))  # x (F - 1)
    f_m1 = h_term / z / z  # F - 1
    dfx2 = -4.0 / (sz * (sz + uz) * (sz + yz))  # x^2 F'(x) (< 0 outside the bulk)
    dfx = dfx2 / z / z  # x F'
    g2x = 1.0 + c * f_m1  # x g2 = c F + 1 - c
    a2 = a * a if aligned_quadratic else 0.0
    quad_x = (1.0 - a2) * g2x + a2 * h_term  # x Q
    dquad_x2 = (1.0 - a2) * (c * (dfx - f_m1) - 1.0) + a2 * dfx2  # x^2 Q' (x^2 g2' = c (x F' - (F - 1)) - 1)
    dg1_x2 = dfx - big_f  # x^2 g1'
    t_over_z = t / z
    t_psi = a * g * t_over_z * (h_term / z)  # theta psi, psi = alpha gamma (F - 1)
    r = -(1.0 + t_psi) / (t_over_z * quad_x)  # q / p
    # x * norm and x * left_norm of the unscaled forms: norm = -F' - 2 z r alpha gamma F' - z^2 r^2 Q' and
    # left_norm = -(Q + x Q') - 2 z alpha gamma F' / r - z^2 g1' / r^2.
    norm_x = -dfx - 2.0 * r * a * g * (dfx2 / z) - r * r * dquad_x2
    left_norm_x = -(quad_x + dquad_x2) - 2.0 * a * g * (dfx2 / z) / r - dg1_x2 / (r * r)
    scale = t_over_z * t_over_z
    return SpikeVectors(z, min(1.0, 1.0 / (scale * norm_x)), min(1.0, 1.0 / (scale * left_norm_x)),
                        (1.0 + t_psi) * g2x / quad_x)


def update_teacher_cosine(n: int, d: int, noise_std: float = adam_step.DEFAULT_NOISE) -> float:
    """``|cos(v, beta)|`` of the update's right vector: ``alpha / (2 mu1)`` (the same for FB-Adam's
    ``m`` and GD's ``V``; ``alpha`` from :func:`theory.adam_step.sign_gradient_model` for FB-Adam)."""
    model = adam_step.sign_gradient_model(n, d, noise_std)
    return model.alpha / (2.0 * adam_step.gaussian_moments().mu1)


def _gd_teacher_cosine(n: int, d: int, noise_std: float) -> float:
    upd = adam_step.rank_one_update("gd", n, 2, d, noise_std)
    return upd.alpha / (2.0 * adam_step.gaussian_moments().mu1)


def teacher_alignment(eta: float, optimizer: str, n: int, h: int, d: int,
                      noise_std: float = adam_step.DEFAULT_NOISE, correlated: bool = True,
                      overlap: bool = True, teacher_factor: bool = True, aligned_quadratic: bool = True) -> float:
    """Predicted ``|cos(v1(W1), beta)|`` after one step of size ``eta`` (``0`` at and below the threshold,
    where it is ``O(d^{-1/2})``): ``|p| (1 + theta psi) (g2 / Q) |cos(v, beta)|`` at ``(theta / s, c,
    alpha / s, gamma)`` of :func:`theory.adam_step.rank_one_update`.

    The switches give the wrong variants: ``correlated=False`` the independent-perturbation overlap
    (``alpha = gamma = 0``: BGN's ``1 - (c + theta^2)/(theta^2 (theta^2 + 1))``, factor 1);
    ``overlap=False`` no overlap factor (``v1 = v``); ``teacher_factor=False`` drops
    ``(1 + theta psi) g2 / Q`` (overlap times alignment); ``aligned_quadratic=False`` the pre-issue-12
    outlier equation.

    For ``optimizer="gd"`` this is the proportional limit: GD's strength spreads by ``O(d^{-1/2})`` over draws and
    the mean over draws is ``O(1/d)`` lower near the threshold (issue 27: 2.3 +- 0.5% at ``1.2 eta*``,
    (2000, 1500, 1000)); compare it with means over draws from ``1.5 eta*`` on (docs/adam.md, "GD: the spread of
    the strength"). FB-Adam's sign step has a fixed Frobenius norm and no such spread."""
    e = positive_finite("eta", eta)
    n, h, d = positive_int("n", n), positive_int("h", h), positive_int("d", d)
    correlated, overlap = flag("correlated", correlated), flag("overlap", overlap)
    teacher_factor = flag("teacher_factor", teacher_factor)
    aligned_quadratic = flag("aligned_quadratic", aligned_quadratic)
    upd = adam_step.rank_one_update(optimizer, n, h, d, noise_std, correlated=True)
    cos_v = update_teacher_cosine(n, d, noise_std) if optimizer == "adam" else _gd_teacher_cosine(n, d, noise_std)
    if not overlap:
        return cos_v
    s = upd.bulk_scale(e)
    alpha, gamma = (upd.alpha / s, upd.gamma) if correlated else (0.0, 0.0)
    # (eta / s) theta_per_eta: eta theta_per_eta alone overflows for eta near the float maximum
    vec = spike_vectors((e / s) * upd.theta_per_eta, h / d, alpha, gamma, aligned_quadratic)
    factor = vec.teacher_factor if teacher_factor else 1.0
    return math.sqrt(vec.right_overlap_sq) * factor * cos_v


def left_overlap_from_row_norm(r2: float, c: float) -> float:
    """``|<u1, u>|`` of ``W = u r^T + B`` at unit bulk (``B`` with N(0, 1/d) entries, ``c = h/d``, ``r`` generic
    with respect to ``B``) as a function of ``R2 = |r|^2`` alone: the independent rectangular overlap at strength
    ``sqrt(R2 - 1)`` (``0`` at and below ``R2 = 1 + sqrt c``). For one GD step ``R2`` is
    :func:`theory.adam_step.gd_row_norm`, and this equals the correlated overlap of :func:`spike_vectors` at
    ``gamma = 1`` with ``R2 = 1 + theta^2 - 2 alpha theta`` (derivation there)."""
    x = real_scalar("r2", r2, "[0, inf)")
    if x < 0.0:
        raise ValueError(f"r2 must be >= 0 (allowed range [0, inf)); got {r2!r}")
    c = positive_finite("c", c)
    if x <= 1.0 + math.sqrt(c):
        return 0.0
    return math.sqrt(spike_vectors(math.sqrt(x - 1.0), c).left_overlap_sq)


def gd_left_overlap(eta: float, n: int, h: int, d: int, noise_std: float = adam_step.DEFAULT_NOISE,
                    spread: bool = True) -> float:
    """Predicted ``|<u1(W1), a/|a|>|`` after one GD step of size ``eta``.

    ``spread=False``: the proportional limit, :func:`left_overlap_from_row_norm` at the limit ``R2`` of
    :func:`theory.adam_step.gd_row_norm` (the same as :func:`spike_vectors` on
    :func:`theory.adam_step.rank_one_update`). ``spread=True`` (default): the mean over draws at finite size,
    ``E L(R2)`` with ``R2 ~ N(mean, variance)`` of :func:`theory.adam_step.gd_row_norm`, by adaptive quadrature
    over the Gaussian from the threshold ``R2 = 1 + sqrt c`` up (``L = 0`` below).

    Why (issue 27, item 2): the overlap depends on the draw only through ``R2``, whose spread is ``O(d^{-1/2})``
    while the overlap is concave in it near the threshold, so the mean over draws lies below the limit by
    ``O(1/d)``. Measured (docs/adam.md, "GD: the spread of the strength"), mean over draws minus the limit at
    ``1.2 eta*``: -5.1% (500, 375, 250), -2.8% (1000, 750, 500), -1.2% (2000, 1500, 1000); the spread
    prediction is within 0.1% (+-0.4%) at the two larger sizes. Regime: ``n, h, d`` proportional with the
    variance's ``O(d^{-1/2})`` terms small: use it where ``mean - threshold >= 3 sqrt(variance)`` (at smaller
    distances the draws below the threshold keep an ``O(d^{-1/2})`` overlap that ``L = 0`` ignores; +0.95 +- 0.5%
    at (500, 375, 250), ``1.2 eta*``, where the distance is 1.9 sd)."""
    e = positive_finite("eta", eta)
    n, h, d = positive_int("n", n), positive_int("h", h), positive_int("d", d)
    use_spread = flag("spread", spread)
    row = adam_step.gd_row_norm(e, n, h, d, noise_std)
    c = h / d
    if not use_spread or row.variance == 0.0:
        return left_overlap_from_row_norm(row.mean, c)
    sd = math.sqrt(row.variance)
    # Standardised limits: from the threshold (or -GAUSS_CUT sd) to +GAUSS_CUT sd (mass beyond: < 1e-100).
    lower = max((row.threshold - row.mean) / sd, -GAUSS_CUT)
    if lower >= GAUSS_CUT:
        return 0.0

    def integrand(g: float) -> float:
        return left_overlap_from_row_norm(max(row.mean + sd * g, 0.0), c) * math.exp(-0.5 * g * g)

    points = [0.0] if lower < 0.0 else None
    value, _ = integrate.quad(integrand, lower, GAUSS_CUT, points=points, limit=200, epsabs=1e-12, epsrel=1e-10)
    return min(1.0, max(0.0, float(value) / math.sqrt(2.0 * math.pi)))


def haar_overlap_bound(k: int, dim: int, level: float = 1e-3) -> float:
    """A level-``level`` upper bound on ``max_{i, j <= k} |<u_i, u'_j>|`` for two independent Haar
    orthonormal frames of ``R^dim`` (appendix C's overlap matrix of ``W0`` and an independent update).

    Each entry is a coordinate of a uniform unit vector in ``R^dim``: ``<u_i, u'_j>^2 ~ Beta(1/2, (dim-1)/2)``,
    so ``P(|<u_i, u'_j>| > t) = I_{1 - t^2}((dim - 1)/2, 1/2)`` exactly. A union bound over the ``k^2``
    entries gives ``P(max > t) <= k^2 P(|<u_1, u'_1>| > t)``; the returned ``t`` solves
    ``k^2 P(|<u_1, u'_1>| > t) = level`` (asymptotically ``sqrt(2 log(k^2 / level) / dim)``)."""
    k = positive_int("k", k)
    dim = positive_int("dim", dim)
    if dim < 2 or k > dim:
        raise ValueError(f"need 2 <= dim and k <= dim; got k = {k}, dim = {dim}")
    lvl = in_open_interval("level", level, 0.0, 1.0)
    tail = min(1.0, lvl / (k * k))
    if tail < _TINY:  # a subnormal tail has lost its digits (and 0 would give t = 1)
        raise ValueError(f"level / k^2 must be at least 2.2e-308 (the float64 normal range); "
                         f"got level = {level!r}, k = {k}")
    # P(t^2 > s) for t^2 ~ Beta(1/2, (dim - 1)/2): the upper quantile of the beta law, from the complemented
    # inverse (betaincinv at 1 - tail returned 1 for every tail below 1.1e-16; issue 18).
    return float(math.sqrt(special.betainccinv(0.5, (dim - 1) / 2.0, tail)))


def haar_overlap_max_mean(k: int, dim: int) -> float:
    """``E max_{i, j <= k} |<u_i, u'_j>|`` for independent Haar frames of ``R^dim``, the ``k^2`` entries taken
    independent (each ``|coordinate|`` of a uniform unit vector): ``int_0^1 (1 - F(t)^{k^2}) dt`` with
    ``F(t) = I_{t^2}(1/2, (dim - 1)/2)``. (Monte Carlo on Haar frames, k = 10, dim = 225: 0.1834 +- 0.0014
    against 0.1821.)"""
    k = positive_int("k", k)
    dim = positive_int("dim", dim)
    if dim < 2 or k > dim:
        raise ValueError(f"need 2 <= dim and k <= dim; got k = {k}, dim = {dim}")

    b, pairs = (dim - 1) / 2.0, float(k) * float(k)

    def survival(t: float) -> float:  # 1 - F^{k^2} = -expm1(k^2 log1p(-P(entry > t))), no cancellation
        return float(-math.expm1(pairs * math.log1p(-float(special.betaincc(0.5, b, t * t)))))

    def quantile(tail: float) -> float:  # the t with P(|entry| > t) = tail
        return float(math.sqrt(special.betainccinv(0.5, b, tail)))

    # The integrand is ~1 up to ~sqrt(2 log(k^2) / dim) and below k^2 1e-20 / k^2 = 1e-20 beyond the tail-1e-20/k^2
    # quantile: integrate there only, with breakpoints at the scale of the maximum (quad over [0, 1] missed the
    # step entirely at dim ~ 1e12, where it sits at t ~ 1e-6; issue 18).
    upper = quantile(1e-20 / pairs)
    points = sorted({min(quantile(q / pairs), upper) for q in (0.5, 0.1, 1e-3, 1e-8)} - {upper})
    return float(integrate.quad(survival, 0.0, upper, points=points, limit=200, epsabs=1e-14, epsrel=1e-12)[0])


#: :func:`overlap_top_entry` returns the Haar value only for ``eta <= HAAR_MAX_FACTOR * eta*`` (issue 27; 0.5 until
#: measured at eight configurations: at 0.5 eta* the sub-critical tilt reached +4.8%).
HAAR_MAX_FACTOR = 0.4
#: :func:`overlap_top_entry` returns the spike's left overlap only for ``eta >= SPIKE_MIN_FACTOR * eta*``.
SPIKE_MIN_FACTOR = 1.3


def overlap_top_entry(eta: float, n: int, h: int, d: int, k: int = 10, noise_std: float = adam_step.DEFAULT_NOISE,
                      correlated: bool = True, aligned_quadratic: bool = True) -> float:
    """Predicted largest entry of appendix C's ``k x k`` overlap matrix ``|<u_i(W1), u_j(Delta W)>|`` after one
    FB-Adam step of size ``eta``. Above the threshold: the left overlap ``|<u, u1>|`` of the correlated
    rank-one model (:func:`spike_vectors`; ``u_1(Delta W) = sign(a)/sqrt h`` up to ``O(1/h)``), which dominates
    the Haar-sized entries; well below it: :func:`haar_overlap_max_mean` (no outlier).
    ``correlated=False``/``aligned_quadratic=False``: the independent-perturbation and pre-issue-12 models.

    **Domain (issue 27).** With ``eta*`` = :func:`theory.adam_step.learning_rate_threshold` (the corrected
    FB-Adam threshold), a value is returned only for ``eta <= HAAR_MAX_FACTOR eta* = 0.4 eta*`` (the Haar mean)
    and ``eta >= SPIKE_MIN_FACTOR eta* = 1.3 eta*`` (the spike's left overlap); in between ``ValueError``. The
    sub-critical update still tilts the top singular vectors of ``W1`` toward ``sign(a)``, which neither
    branch describes. Measured (benchmarks/fidelity27_overlap_band.py 400: the claim's draw, sign update
    ``eps = 0``, k = 10, 400 replicates, SE 0.6-0.8% below and 0.2-0.5% above the threshold; eight configurations
    ``(n, h, d)`` with ``h/d`` from 0.5 to 3 and ``n/d`` from 1 to 4; table in docs/adam.md), simulation /
    prediction: at ``0.4 eta*`` 1.004-1.031 (Haar mean; 1.002-1.019 already at ``eta = 0``: ``W0``'s top vectors
    lean slightly toward those of ``sign(G0)``), at ``0.5 eta*`` 1.015-1.048 (the former bound, measured at one
    configuration), at ``0.7 eta*`` 1.08-1.17; at ``1.3 eta*`` 0.982-0.994 (spike), at ``1.15 eta*`` 0.970-0.999,
    at ``1.5 eta*`` 0.997-1.001. Both branches are within 3% inside the domain at every configuration (within 2.5%
    but at ``h/d = 3``, 0.4 eta*: +3.1 +- 0.7%); the issue's runs at 0.7 eta* and four larger sizes: +10 to +25%,
    not shrinking with size. The prediction jumps from the Haar mean to the spike overlap at ``eta*``; the
    simulated entry rises smoothly. Not measured: ``h < 150`` (the transition window, of relative width
    ``O(h^{-1/3})``, widens as the sizes shrink).
    """
    e = positive_finite("eta", eta)
    upd = adam_step.rank_one_update("adam", n, h, d, noise_std)
    k, h = positive_int("k", k), positive_int("h", h)
    if h < 2 or k > h:
        raise ValueError(f"need h >= 2 and k <= h (k x k overlaps of frames in R^h); got k = {k}, h = {h}")
    correlated = flag("correlated", correlated)
    aligned_quadratic = flag("aligned_quadratic", aligned_quadratic)
    centre = adam_step.learning_rate_threshold("adam", n, h, d, noise_std)
    low, high = HAAR_MAX_FACTOR * centre, SPIKE_MIN_FACTOR * centre
    if low < e < high:
        raise ValueError(f"eta must be <= {low:.6g} ({HAAR_MAX_FACTOR:g} eta*) or >= {high:.6g} "
                         f"({SPIKE_MIN_FACTOR:g} eta*), eta* = {centre:.6g} the FB-Adam threshold at (n, h, d) = "
                         f"({n}, {h}, {d}); got {eta!r}: between them the largest overlap entry is up to 47% "
                         "above the Haar mean (sub-critical tilt; +1.5-4.8% already at 0.5 eta*) and up to 3% "
                         "below the spike overlap (no formula)")
    s = upd.bulk_scale(e)
    alpha, gamma = (upd.alpha / s, upd.gamma) if correlated else (0.0, 0.0)
    vec = spike_vectors((e / s) * upd.theta_per_eta, h / d, alpha, gamma, aligned_quadratic)
    haar = haar_overlap_max_mean(k, h)
    return max(math.sqrt(vec.left_overlap_sq), haar) if vec.left_overlap_sq > 0.0 else haar
