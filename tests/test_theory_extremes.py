"""Right or refused at the extremes (issue 26): the closed forms against independent high-precision mpmath
computations, exact identities and invariants, and the refusals.

Every reference value here is computed independently of the code under test: by mpmath quadrature of the
chi-square density at 40-50 digits (Kesten/SGD), by exact rational arithmetic (outlier variance), from the exact
identity ``R(0) = beta^T Sigma beta`` and the first-order expansion of the GD filter, or from closed forms
(isotropic inverse-Wishart means)."""

from __future__ import annotations

import math
import signal
import warnings
from collections.abc import Iterator
from fractions import Fraction

import mpmath as mpm
import numpy as np
import pytest

import theory
from theory import adam_step, kesten, power_law_fit, scaling, spiked

# ----------------------------------------------------------------------------- mpmath references (independent)


def _breakpoints(eta: mpm.mpf, batch: int, extra: tuple[mpm.mpf, ...] = ()) -> list[mpm.mpf]:
    """0, the kink 1/eta, and points at 1..70 standard deviations around 1 and around ``extra`` (modes)."""
    s = 1 / mpm.sqrt(mpm.mpf(batch) / 2)
    pts = {mpm.mpf(0), 1 / eta}
    for centre in (mpm.mpf(1), *extra):
        for j in (0.5, 1, 2, 3, 4, 6, 8, 10, 13, 16, 20, 25, 30, 40, 50, 70):
            for sign in (-1, 1):
                q = centre + sign * j * s * max(1, centre)
                if q > 0:
                    pts.add(q)
    return [*sorted(pts), mpm.inf]


def _log_density(y: mpm.mpf, batch: int) -> mpm.mpf:
    """log of the density of chi^2_B / B ~ Gamma(B/2, rate B/2), straight from the definition."""
    k = mpm.mpf(batch) / 2
    return k * mpm.log(k) + (k - 1) * mpm.log(y) - k * y - mpm.loggamma(k)


def mp_log_contraction(eta: float, batch: int) -> float:
    with mpm.workdps(50):
        e = mpm.mpf(eta)
        def f(y: mpm.mpf) -> mpm.mpf:  # tanh-sinh nodes may round onto the kink: the integrable log singularity
            gap = abs(1 - e * y)
            return mpm.log(gap) * mpm.exp(_log_density(y, batch)) if gap > 0 else mpm.mpf(0)

        return float(mpm.quad(f, _breakpoints(e, batch)))


def mp_log_moment(eta: float, batch: int, alpha: mpm.mpf) -> mpm.mpf:
    """log E|1 - eta chi^2_B/B|^alpha, split at the two stationary points of the integrand (a quadratic)."""
    e, a = mpm.mpf(eta), mpm.mpf(alpha)
    k = mpm.mpf(batch) / 2
    b = (k - 1) * e + k + a * e
    disc = mpm.sqrt(b * b - 4 * k * e * (k - 1))
    modes = tuple(m for m in ((b - disc) / (2 * k * e), (b + disc) / (2 * k * e)) if m > 0)

    def f(y: mpm.mpf) -> mpm.mpf:
        gap = abs(1 - e * y)
        return mpm.exp(a * mpm.log(gap) + _log_density(y, batch)) if gap > 0 else mpm.mpf(0)

    return mpm.log(mpm.quad(f, _breakpoints(e, batch, modes)))


def mp_tail_index(eta: float, batch: int, start: float) -> float:
    with mpm.workdps(40):
        return float(mpm.findroot(lambda a: mp_log_moment(eta, batch, a), mpm.mpf(start), tol=1e-30))


@pytest.fixture
def time_limit() -> Iterator[None]:
    """A hang is a failure: 60 s per test that uses it."""

    def boom(signum: int, frame: object) -> None:
        raise TimeoutError("call did not finish within 60 s")

    old = signal.signal(signal.SIGALRM, boom)
    signal.alarm(60)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


# ----------------------------------------------------------------------------- Kesten / SGD

LOG_CONTRACTION_POINTS = [(0.5, 10**8), (0.5, 10**12), (1e-4, 4), (0.5, 2**62), (0.3, 32), (0.5, 64), (0.1, 4),
                          (1.0, 1), (0.5, 1), (2.0, 3), (1.5, 2**62), (1e-10, 2), (1e10, 5), (0.9, 2**40),
                          (1.9, 7), (0.05, 1), (1.0, 2**63 - 1)]


@pytest.mark.parametrize(("eta", "batch"), LOG_CONTRACTION_POINTS)
def test_sgd_log_contraction_matches_mpmath(eta: float, batch: int) -> None:
    reference = mp_log_contraction(eta, batch)
    assert kesten.sgd_log_contraction(eta, batch) == pytest.approx(reference, rel=1e-11, abs=0.0)


def test_sgd_log_contraction_large_batch_limit() -> None:
    """``E log|1 - eta Y| -> log|1 - eta|``, ``Var Y = 2/B``: ``log(1/2) - 1/B`` to second order at eta = 1/2."""
    for batch in (10**8, 10**12, 2**62):
        assert kesten.sgd_log_contraction(0.5, batch) == pytest.approx(math.log(0.5) - 1.0 / batch, rel=1e-15,
                                                                         abs=1e-15)


TAIL_POINTS = [(0.3, 32, 143.13), (0.5, 64, 142.71), (0.1, 4, 65.72), (1.0, 1, None), (2.0, 3, None),
               (0.02, 3, None), (0.5, 400, None), (1.5, 600, None), (0.9, 300, None)]


@pytest.mark.parametrize(("eta", "batch", "issue_value"), TAIL_POINTS)
def test_sgd_tail_index_matches_mpmath(eta: float, batch: int, issue_value: float | None) -> None:
    got = kesten.sgd_tail_index(eta, batch)
    assert got == pytest.approx(mp_tail_index(eta, batch, got), rel=1e-10)
    if issue_value is not None:
        assert got == pytest.approx(issue_value, abs=0.01)


@pytest.mark.parametrize(("eta", "batch"), [(0.9, 2**40), (0.5, 10**8), (0.5, 600), (1e-4, 4)])
def test_sgd_tail_index_above_the_cap_is_refused(eta: float, batch: int) -> None:
    """Stable (E log|a| < 0), and the moment at alpha = 1000 is still < 1 by mpmath: refused naming the cap."""
    assert kesten.sgd_log_contraction(eta, batch) < 0.0
    if batch <= 10**4:
        with mpm.workdps(30):
            assert mp_log_moment(eta, batch, mpm.mpf(1000)) < 0
    with pytest.raises(ValueError, match="exceeds the cap 1000"):
        kesten.sgd_tail_index(eta, batch)


def test_sgd_tail_index_refuses_unstable() -> None:
    with pytest.raises(ValueError, match=r"eta=.*unstable"):
        kesten.sgd_tail_index(3.0, 40)


@pytest.mark.usefixtures("time_limit")
@pytest.mark.parametrize("log_mean", [-0.5, -math.inf])
def test_tail_index_from_moment_infinite_moment_is_refused(log_mean: float) -> None:
    with pytest.raises(ValueError, match="log_moment"):
        kesten.tail_index_from_moment(lambda a: math.inf, log_mean)


@pytest.mark.usefixtures("time_limit")
def test_tail_index_from_moment_raising_function_is_named() -> None:
    with pytest.raises(ValueError, match="log_moment"):
        kesten.tail_index_from_moment(lambda a: 1.0 / 0.0, -1.0)
    assert kesten.tail_index_from_moment(lambda a: a * a - a, -1.0) == pytest.approx(1.0, rel=1e-12)


def _normal_density(t: float) -> float:
    if abs(t) > 1e3:  # exp underflows long before; (t + 0.5)**2 would overflow
        return 0.0
    return math.exp(-0.5 * (t + 0.5) ** 2) / math.sqrt(2.0 * math.pi)


@pytest.mark.usefixtures("time_limit")
@pytest.mark.parametrize(("lower", "upper"), [(-50.0, 50.0), (-1e10, 1e10), (-1e300, 1e300), (-1e308, 1e308),
                                              (-1e150, 1e3)])
def test_tail_index_from_density_wide_limits(lower: float, upper: float) -> None:
    """a ~ N(-1/2, 1): E|a|^alpha = 1 solved with mpmath (closed-form Gaussian absolute moments by quadrature)."""
    with mpm.workdps(30):
        def log_moment(alpha: mpm.mpf) -> mpm.mpf:
            f = lambda t: abs(t) ** alpha * mpm.npdf(t, -0.5, 1)  # noqa: E731
            return mpm.log(mpm.quad(f, [-mpm.inf, -0.5, 0, mpm.inf]))

        reference = float(mpm.findroot(log_moment, mpm.mpf(1.44)))
    assert kesten.tail_index_from_density(_normal_density, lower, upper) == pytest.approx(reference, rel=1e-8)


# ----------------------------------------------------------------------------- Adam update norms


@pytest.mark.parametrize("n", [1, 2, 5, 10, 100, 10**6])
@pytest.mark.parametrize("h", [1, 2, 3, 10, 100, 1000])
@pytest.mark.parametrize("d", [1, 2, 3, 10, 1000])
def test_spectral_norm_at_most_frobenius(n: int, h: int, d: int) -> None:
    """``|M|_F / sqrt(rank) <= |M|_2 <= |M|_F`` for every sign matrix; equality on the right for a vector."""
    spectral = adam_step.update_spectral_norm(0.7, n, h, d)
    frobenius = adam_step.update_frobenius_norm(0.7, h, d)
    assert frobenius / math.sqrt(min(h, d)) * (1 - 1e-12) <= spectral <= frobenius
    if min(h, d) == 1:
        assert spectral == pytest.approx(0.7 * math.sqrt(h * d), rel=1e-15)


def test_spectral_norm_issue_cases() -> None:
    assert adam_step.update_spectral_norm(1.0, 1, 1, 1) == 1.0
    assert adam_step.update_spectral_norm(1.0, 10, 1, 1000) == pytest.approx(math.sqrt(1000), rel=1e-15)


# ----------------------------------------------------------------------------- learned GD risk at tiny steps

P, N = 40, 20
EIGS = np.arange(1, P + 1, dtype=np.float64) ** -1.5
BETA2 = np.arange(1, P + 1, dtype=np.float64) ** -1.0


@pytest.mark.filterwarnings("ignore::theory.RegimeWarning")
@pytest.mark.parametrize("eta", [1e-10, 1e-100, 1e-200, 5e-324, 1e-3])
def test_gd_learned_risk_at_zero_is_exact(eta: float) -> None:
    """``R(0) = beta^T Sigma beta`` exactly (w_0 = 0); 64 nodes suffice for 1e-8."""
    exact = math.fsum(EIGS * BETA2)
    assert scaling.gd_learned_risk(0.0, eta, EIGS, BETA2, 0.1, N, nodes=64) == pytest.approx(exact, rel=1e-8)
    assert scaling.gd_learned_risk(10.0, eta, EIGS, BETA2, 0.1, N, nodes=64) == pytest.approx(
        exact, rel=1e-8 if eta < 1e-6 else 0.05)


@pytest.mark.filterwarnings("ignore::theory.RegimeWarning")
@pytest.mark.parametrize("eta", [1e-8, 1e-30, 1e-300])
def test_gd_learned_risk_first_order_in_eta_t(eta: float) -> None:
    """``R(t) = R(0) - 2 eta t beta^T Sigma^2 beta + O((eta t)^2)``: the DE of a linear function of ``S`` is exact
    (``E S = Sigma``). The slope comes out of the difference of two risks, so it needs the filter to keep
    ``1 - (1 - eta z)^t`` to full relative precision."""
    t = 1e-6 / eta
    zero, later = np.asarray(scaling.gd_learned_risk(np.array([0.0, t]), eta, EIGS, BETA2, 0.0, N))
    slope = (later - zero) / (eta * t)
    assert slope == pytest.approx(-2.0 * math.fsum(EIGS**2 * BETA2), rel=1e-5)


# ----------------------------------------------------------------------------- spiked outlier fluctuations


def _variance_exact(ell: float, c: float) -> Fraction:
    e = Fraction(ell)
    return 2 * (1 + e) ** 2 * (1 - Fraction(c) / (e * e))


@pytest.mark.parametrize(("ell", "c"), [(np.nextafter(math.sqrt(3.0), 10.0), 3.0), (np.nextafter(1.0, 2.0), 1.0),
                                        (np.nextafter(1e-150, 1.0), 1e-300), (1.0000001, 1.0), (2.0, 3.0),
                                        (np.nextafter(math.sqrt(7e300), 1e300), 7e300), (1e-155, 1e-311),
                                        (math.sqrt(2.0) * (1 + 2**-40), 2.0)])
def test_outlier_variance_and_std_exact(ell: float, c: float) -> None:
    exact = _variance_exact(float(ell), c)
    assert spiked.outlier_variance(float(ell), c) == pytest.approx(float(exact), rel=4e-16 * 4)
    with mpm.workdps(40):
        std = mpm.sqrt(mpm.mpf(exact.numerator) / mpm.mpf(exact.denominator) / 7)
    assert spiked.outlier_std(float(ell), c, 7) == pytest.approx(float(std), rel=1e-15)


def test_outlier_variance_continuous_from_threshold() -> None:
    """Increasing in ell above sqrt(c) and -> 0 at the threshold (no jump from cancellation)."""
    c = 3.0
    ells = np.unique(np.nextafter(math.sqrt(c), 10.0) * (1.0 + np.geomspace(1e-16, 1.0, 200)))
    values = np.asarray(spiked.outlier_variance(ells, c))
    assert np.all(np.diff(values) > 0.0)
    assert values[0] < 1e-14


# ----------------------------------------------------------------------------- ridge deterministic equivalent


def test_ridge_risk_refuses_infinite_mean() -> None:
    for p in (19, 21):
        with pytest.raises(ValueError, match=r"\|p - n\| >= 2"):
            scaling.ridge_risk(np.ones(p), np.full(p, 1.0 / p), 1.0, 20, 0.0)
    assert scaling.effective_ridge(np.ones(21), 20, 0.0) > 0.0  # kappa itself is fine there


def test_ridge_risk_warns_near_the_peak_and_small_n() -> None:
    p, n = 22, 20
    with pytest.warns(theory.RegimeWarning, match="n - df_2"):
        value = scaling.ridge_risk(np.ones(p), np.full(p, 1.0 / p), 0.5, n, 0.0)
    exact = scaling.isotropic_ridgeless_risk(p=p, n=n, beta_norm2=1.0, sigma2=0.5)
    assert value == pytest.approx(1.0 * (1 - n / p) + 0.5 * n / (p - n), rel=1e-12)  # 5.09
    assert exact == pytest.approx(1.0 * (1 - n / p) + 0.5 * n / (p - n - 1), rel=1e-12)  # 10.09
    with pytest.warns(theory.RegimeWarning, match="n = 8 < 16"):
        scaling.ridge_risk(np.ones(4), np.full(4, 0.25), 1.0, 8, 0.1)
    with warnings.catch_warnings():
        warnings.simplefilter("error", theory.RegimeWarning)
        scaling.ridge_risk(np.ones(40), np.full(40, 1.0 / 40), 1.0, 20, 0.0)  # n - df_2 = 10: no warning
        scaling.ridge_risk(np.ones(32), np.full(32, 1.0 / 32), 1.0, 32, 0.01)


def test_regime_warning_is_defined_once() -> None:
    from theory._warnings import RegimeWarning

    assert theory.RegimeWarning is RegimeWarning
    assert issubclass(RegimeWarning, UserWarning)


# ----------------------------------------------------------------------------- Hill estimator


def test_alpha_hill_default_k_message_names_eigs() -> None:
    with pytest.raises(ValueError, match="eigs must hold at least 3 values"):
        power_law_fit.alpha_hill([1.0, 2.0])


def test_alpha_hill_extreme_spread() -> None:
    """``1 + 2 / log(1e300 / 1e-300)`` computed with mpmath: 1.00145."""
    with mpm.workdps(30):
        reference = float(1 + 2 / mpm.log(mpm.mpf("1e300") / mpm.mpf("1e-300")))
    fit = power_law_fit.alpha_hill([1e-300, 1e300], k=2)
    assert fit.alpha == pytest.approx(reference, rel=1e-14)
    assert fit.alpha == pytest.approx(1.00145, abs=1e-5)
    batch = power_law_fit.alpha_hill_batch(np.array([[1e-300, 1e300]]), 2)
    assert batch[0] == pytest.approx(reference, rel=1e-14)


# ----------------------------------------------------------------------------- messages state the real range


@pytest.mark.parametrize(("call", "allowed"), [
    (lambda v: spiked.outlier_variance(2.0, v), "(0, inf)"),
    (lambda v: kesten.sgd_log_contraction(v, 4), "(0, inf)"),
    (lambda v: kesten.tail_index_lognormal(v, 1.0), "(-inf, 0)"),
    (lambda v: scaling.ridge_risk(np.ones(4), np.ones(4), 1.0, 8, v), "[0, inf)"),
    (lambda v: scaling.ridge_risk(np.ones(4), np.ones(4), v, 8, 0.1), "[0, inf)"),
    (lambda v: adam_step.residual_second_moment(v), "[0, inf)"),
    (lambda v: power_law_fit.hill_mean(v, 5), "(1, inf)"),
])
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, None, "1.0", 1j])
def test_messages_state_the_actual_range(call: object, allowed: str, bad: object) -> None:
    with pytest.raises(ValueError, match="allowed range") as info:
        call(bad)  # type: ignore[operator]
    assert "(-inf, inf)" not in str(info.value)
    assert allowed in str(info.value)


def test_independent_fuzz_findings_are_refused_or_quiet() -> None:
    """The independent fuzz after issue 26: array ``part``/``order`` refused with their names, a float
    ``order`` refused, a vanishing ``eta`` in the crossover refused (it raised OverflowError), and no
    overflow warning from ``spiked.overlap`` far below its threshold."""
    import warnings

    from theory import scaling, spiked

    eigs = 1.0 / np.arange(1.0, 41.0)
    beta2 = eigs.copy()
    for bad in (np.array([]), np.zeros((2, 2))):
        with pytest.raises(ValueError, match="part"):
            scaling.gd_learned_risk(1.0, 0.1, eigs, beta2, 0.1, 20, part=bad)
    for bad_order in (np.array([]), np.zeros((2, 2)), np.float32(1.0)):
        with pytest.raises(ValueError, match="order"):
            scaling.gd_power_law_expansion(10.0, 0.1, 1.0, 1.5, 1.0, 0.5, order=bad_order)
    with pytest.raises(ValueError, match="eta"):
        scaling.gd_learned_crossover(1e-300, eigs, beta2, 0.1, 20)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert spiked.overlap(1e-300, 0.5) == 0.0
