"""GD one-step left overlap (issue 27, item 2): the row norm ``R2 = |u^T W1|^2 / d``, its spread, and the mean
left overlap over draws (``theory.adam_step.gd_row_norm``, ``theory.adam_alignment.gd_left_overlap``).

References are independent of the code under test: closed-form reductions of the residual moments with mpmath
quadrature; a Marchenko-Pastur Stieltjes transform with bisection (a different algorithm from the library's BGN
secular equation); and simulation numbers from ``benchmarks/gd_overlap_sizes.py`` (own gradient, numpy; seeds
and commands below).
"""

from __future__ import annotations

import math

import mpmath
import pytest

from theory import adam_alignment, adam_step

C = 1.5  # h / d of the simulated sizes (n / d = 2)


# ----------------------------------------------------------------------------- residual moments


def _softplus_moment(k: int, j: int) -> float:
    """``E[tau^j softplus(tau)^k]``, ``tau ~ N(0, 1)``, by mpmath quadrature (30 digits)."""
    mpmath.mp.dps = 30
    f = lambda t: t**j * mpmath.log1p(mpmath.exp(t)) ** k * mpmath.npdf(t)  # noqa: E731
    return float(mpmath.quad(f, [-mpmath.inf, -10, 0, 10, mpmath.inf]))


@pytest.mark.parametrize("noise", [0.0, 0.3, 1.0])
def test_residual_moments_closed_form(noise: float) -> None:
    """``e = L - M`` with ``L = mu1 s + N ~ N(0, sigma_L^2)``, ``sigma_L^2 = E tanh^2 + noise^2`` and
    ``M = softplus(tau)`` independent: every moment reduces to one-dimensional softplus moments, e.g.
    ``Var(e^2) = 3 sigma_L^4 + 6 sigma_L^2 E M^2 + E M^4 - (E e^2)^2``, ``Cov(se, e^2) = 2 mu1 E e^2``."""
    mom = adam_step.gaussian_moments()
    mu1 = mom.mu1
    sl2 = mom.tanh_sq + noise * noise
    m2, m4 = _softplus_moment(2, 0), _softplus_moment(4, 0)
    t2m2, t1m3 = _softplus_moment(2, 2), _softplus_moment(3, 1)
    e2 = sl2 + m2
    ewe = mu1 * mu1 + 0.25
    expected = {
        "e2": e2,
        "var_se": sl2 + mu1 * mu1 + m2,
        "var_we": mu1 * mu1 * (sl2 + 2 * mu1 * mu1 + m2) + mu1 * mu1 + sl2 / 4 + t2m2 / 4 - ewe * ewe,
        "cov_se_we": mu1 * (sl2 + mu1 * mu1 + m2 + 0.25),
        "var_e2": 3 * sl2 * sl2 + 6 * sl2 * m2 + m4 - e2 * e2,
        "cov_se_e2": 2 * mu1 * e2,
        "cov_we_e2": 3 * mu1 * mu1 * e2 + 0.75 * sl2 + t1m3 / 2 - ewe * e2,
    }
    got = adam_step.residual_moments(noise)
    for name, value in expected.items():
        assert getattr(got, name) == pytest.approx(value, rel=1e-10), name


# ----------------------------------------------------------------------------- R2 and its spread


@pytest.mark.parametrize("factor", [1.2, 1.5, 2.0])
def test_row_norm_limit_is_the_rank_one_model(factor: float) -> None:
    """The limit ``R2 = 1 + theta^2 - 2 alpha theta`` (unit bulk) of :func:`rank_one_update`; threshold
    ``1 + sqrt c``; the variance is ``O(1/d)`` (``d Var`` moves by < 1% from d = 500 to 2000)."""
    n, h, d = 2000, 1500, 1000
    eta = factor * adam_step.gd_spike_threshold(n, h, d)
    upd = adam_step.rank_one_update("gd", n, h, d)
    s = upd.bulk_scale(eta)
    theta, alpha = eta * upd.theta_per_eta / s, upd.alpha / s
    row = adam_step.gd_row_norm(eta, n, h, d)
    assert row.mean == pytest.approx(1.0 + theta * theta - 2.0 * alpha * theta, rel=1e-12)
    assert row.threshold == pytest.approx(1.0 + math.sqrt(C), rel=1e-14)
    small = adam_step.gd_row_norm(factor * adam_step.gd_spike_threshold(1000, 750, 500), 1000, 750, 500)
    assert d * row.variance == pytest.approx(500 * small.variance, rel=0.01)


# d Var(R2) over draws at (eta / eta*) = 1.2, 1.5, 2, from
# ``python benchmarks/gd_overlap_sizes.py urow N H D R SEED``: (1000, 750, 500) R = 1000, seed 32;
# (2000, 1500, 1000) R = 400, seed 33; (4000, 3000, 2000) R = 55, seed 34.
SIM_D_VAR = {
    (1000, 750, 500, 1000): (69.8, 196.1, 716.0),
    (2000, 1500, 1000, 400): (65.0, 185.9, 692.1),
    (4000, 3000, 2000, 55): (65.5, 184.0, 669.9),
}


@pytest.mark.parametrize("key", list(SIM_D_VAR))
def test_row_norm_variance_matches_simulation(key: tuple[int, int, int, int]) -> None:
    """Predicted ``d Var(R2)`` within 3 SE of the simulated one (SE of a variance: ``sqrt(2/(R-1))``
    relative); the limit model's implicit variance 0 is far outside."""
    n, h, d, reps = key
    for factor, measured in zip((1.2, 1.5, 2.0), SIM_D_VAR[key], strict=True):
        eta = factor * adam_step.gd_spike_threshold(n, h, d)
        predicted = d * adam_step.gd_row_norm(eta, n, h, d).variance
        se = measured * math.sqrt(2.0 / (reps - 1))
        assert abs(predicted - measured) <= 3.0 * se, (factor, predicted, measured, se)


# ----------------------------------------------------------------------------- the left overlap


def _mp_left_overlap(r2: float, c: float) -> float:
    """Independent reference: ``W = u r^T + B``, ``B^T B = c S`` with ``S`` Marchenko-Pastur of ratio ``1/c``
    (Stieltjes ``G(z) = (z + g - 1 - sqrt((z - 1 - g)^2 - 4g)) / (2 g z)``, ``g = 1/c``); the outlier solves
    ``r2 m(lambda) = 1`` (bisection), ``m(lambda) = G(lambda / c) / c``, and ``overlap^2 = -m / (lambda m')``
    with ``m'`` by a central difference."""
    g = 1.0 / c

    def m(lam: float) -> float:
        z = lam / c
        return (z + g - 1.0 - math.sqrt((z - 1.0 - g) ** 2 - 4.0 * g)) / (2.0 * g * z) / c

    edge = (1.0 + math.sqrt(c)) ** 2
    if r2 * m(edge * (1.0 + 1e-15)) <= 1.0:
        return 0.0
    lo, hi = edge * (1.0 + 1e-15), edge + 10.0 * r2 + 10.0
    for _ in range(300):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if r2 * m(mid) > 1.0 else (lo, mid)
    lam = 0.5 * (lo + hi)
    step = 1e-5 * (lam - edge)
    deriv = (m(lam + step) - m(lam - step)) / (2.0 * step)
    return math.sqrt(-m(lam) / (lam * deriv))


@pytest.mark.parametrize("c", [0.5, 1.0, 1.5, 3.0])
@pytest.mark.parametrize("excess", [0.05, 0.5, 2.0, 10.0])
def test_left_overlap_from_row_norm_is_the_schur_complement(c: float, excess: float) -> None:
    """Against the Stieltjes-transform reference, just above and far above the threshold ``1 + sqrt c``."""
    r2 = (1.0 + math.sqrt(c)) * (1.0 + excess)
    assert adam_alignment.left_overlap_from_row_norm(r2, c) == pytest.approx(_mp_left_overlap(r2, c), rel=2e-6)


@pytest.mark.parametrize(("theta", "alpha", "c"), [(2.0, 0.3, 1.5), (2.5, 0.527, 1.5), (3.0, 0.7, 0.8),
                                                   (1.8, 0.1, 2.0)])
def test_correlated_overlap_depends_on_row_norm_only(theta: float, alpha: float, c: float) -> None:
    """At ``gamma = 1`` (``u = a / |a|``, GD) the correlated model's left overlap is that of the row norm
    ``1 + theta^2 - 2 alpha theta``: the derivation behind :func:`gd_row_norm`."""
    vec = adam_alignment.spike_vectors(theta, c, alpha, 1.0)
    got = adam_alignment.left_overlap_from_row_norm(1.0 + theta * theta - 2.0 * alpha * theta, c)
    assert got**2 == pytest.approx(vec.left_overlap_sq, rel=1e-9, abs=1e-12)


# Mean over draws of the left overlap, (eta / eta*) = 1.2, 1.5, 2: simulated R2 per draw mapped through the
# independent Marchenko-Pastur overlap (``urow``, runs as above; mean, SE). The full-SVD overlap equals that map
# draw by draw to within 0.3% (docs/adam.md, "GD: the spread of the strength").
SIM_LEFT = {
    (1000, 750, 500): ((0.6242, 0.0026), (0.8135, 0.0009), (0.9114, 0.0004)),
    (2000, 1500, 1000): ((0.6345, 0.0025), (0.8163, 0.0010), (0.9124, 0.0004)),
}


@pytest.mark.parametrize("size", list(SIM_LEFT))
def test_gd_left_overlap_matches_simulated_mean(size: tuple[int, int, int]) -> None:
    """The spread-aware mean within 3 SE + 0.2% at every rung."""
    n, h, d = size
    for factor, (mean, se) in zip((1.2, 1.5, 2.0), SIM_LEFT[size], strict=True):
        eta = factor * adam_step.gd_spike_threshold(n, h, d)
        assert abs(adam_alignment.gd_left_overlap(eta, n, h, d) - mean) <= 3.0 * se + 0.002 * mean, factor


def test_gd_left_overlap_limit_misses_the_simulated_mean() -> None:
    """The limit (``spread=False``, the old prediction) is more than 5 SE high at (1000, 750, 500) at ``1.2`` and
    ``1.5 eta*`` (by 2.8% and 0.6%; at (2000, 1500, 1000) by 1.2 +- 0.4% and 0.3 +- 0.1%, about 3 SE)."""
    n, h, d = 1000, 750, 500
    for factor, (mean, se) in zip((1.2, 1.5), SIM_LEFT[(n, h, d)][:2], strict=True):
        eta = factor * adam_step.gd_spike_threshold(n, h, d)
        assert adam_alignment.gd_left_overlap(eta, n, h, d, spread=False) - mean > 5.0 * se, factor


def test_gd_left_overlap_limit_is_the_old_prediction() -> None:
    """``spread=False`` is :func:`spike_vectors` on :func:`rank_one_update` (the FB-Adam-style prediction)."""
    n, h, d = 2000, 1500, 1000
    for factor in (1.2, 1.5, 2.0):
        eta = factor * adam_step.gd_spike_threshold(n, h, d)
        upd = adam_step.rank_one_update("gd", n, h, d)
        s = upd.bulk_scale(eta)
        vec = adam_alignment.spike_vectors(eta * upd.theta_per_eta / s, h / d, upd.alpha / s, upd.gamma)
        got = adam_alignment.gd_left_overlap(eta, n, h, d, spread=False)
        assert got == pytest.approx(math.sqrt(vec.left_overlap_sq), rel=1e-9)


def test_gd_left_overlap_approaches_the_limit() -> None:
    """The spread correction shrinks like ``1/d``: halved (within 15%) from d = 1000 to 2000 at ``1.2 eta*``."""
    gaps = []
    for n, h, d in ((2000, 1500, 1000), (4000, 3000, 2000)):
        eta = 1.2 * adam_step.gd_spike_threshold(n, h, d)
        gaps.append(adam_alignment.gd_left_overlap(eta, n, h, d, spread=False)
                    - adam_alignment.gd_left_overlap(eta, n, h, d))
    assert gaps[1] > 0.0
    assert gaps[0] / gaps[1] == pytest.approx(2.0, rel=0.15)


@pytest.mark.parametrize(("call", "name"), [
    (lambda: adam_alignment.left_overlap_from_row_norm(-1.0, 1.5), "r2"),
    (lambda: adam_alignment.left_overlap_from_row_norm(3.0, 0.0), "c"),
    (lambda: adam_alignment.gd_left_overlap(0.0, 40, 30, 20), "eta"),
    (lambda: adam_alignment.gd_left_overlap(1.0, 40, 30, 20, spread="yes"), "spread"),  # type: ignore[arg-type]
    (lambda: adam_step.gd_row_norm(1.0, 0, 30, 20), "n"),
    (lambda: adam_step.residual_moments(1e31), "noise_std"),
])
def test_refusals_name_the_parameter(call: object, name: str) -> None:
    with pytest.raises(ValueError, match=name):
        call()  # type: ignore[operator]
