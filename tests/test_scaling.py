"""Unit tests of ``theory.scaling`` and the ``scaling`` family: closed forms against independent computations
(literal GD iterates on a rotated quadratic, high-precision sums, brute-force roots, numpy Monte Carlo of
ridge, the deterministic equivalent at very large n) and bad input."""

from __future__ import annotations

import itertools
import math
from typing import Any

import mpmath
import numpy as np
import pytest

from proofs_check.scaling import PROOFS
from rmtcheck.families.scaling import CHECKS, gd_loss, ridgeless_peak
from rmtcheck.families.scaling._common import GDParams, RidgeParams, gd_losses, loglog_slope, ridge_risks
from rmtcheck.families.scaling.ridgeless_peak import PeakParams
from sim.device import generator
from theory import scaling


def test_gd_loss_equals_literal_iterates_on_a_rotated_quadratic() -> None:
    rng = np.random.default_rng(0)
    eigs = np.array([2.0, 1.0, 0.5, 0.1, 0.01])
    q, _ = np.linalg.qr(rng.standard_normal((5, 5)))
    A = q @ np.diag(eigs) @ q.T
    c = rng.standard_normal(5)
    w_star = rng.standard_normal(5)
    w = w_star + q @ c
    eta = 0.7
    losses = []
    for _ in range(31):
        losses.append(0.5 * (w - w_star) @ A @ (w - w_star))
        w = w - eta * A @ (w - w_star)
    np.testing.assert_allclose(scaling.gd_quadratic_loss(np.arange(31), eta, eigs, c**2), losses, rtol=1e-12)


def test_torch_gd_iterates_equal_the_exact_sum() -> None:
    params = GDParams(nu=1.5, kappa=1.8, eta=0.9, K=4096, t0=3, t_max=200)
    eigs, coef2 = scaling.gd_power_law_spectrum(4096, 1.0, 1.5, 1.0, 1.8)
    np.testing.assert_allclose(gd_losses(params, generator(0, "cpu")),
                               scaling.gd_quadratic_loss(params.times, 0.9, eigs, coef2), rtol=1e-12)


@pytest.mark.parametrize(("nu", "kappa"), [(1.25, 1.5), (1.5, 1.5), (2.0, 3.0)])
def test_expansion_against_the_infinite_sum(nu: float, kappa: float) -> None:
    """The expansion against the sum over k = 1..inf (mpmath nsum by Euler-Maclaurin, 20 digits) at t = 300.

    (nsum's default Richardson/Shanks extrapolation is 0.2% off on this slowly decaying k^{-kappa-1} tail.)"""
    t, eta = 300, 0.5
    with mpmath.workdps(20):
        total = mpmath.nsum(lambda k: 0.5 * k ** (-kappa - 1) * (1 - eta * k**-nu) ** (2 * t), [1, mpmath.inf],
                            method="euler-maclaurin")
    exact = float(total)
    for order, bound in ((0, 0.02), (1, 3e-5), (2, 1e-7)):
        value = float(scaling.gd_power_law_expansion(t, eta, 1.0, nu, 1.0, kappa, order=order))
        assert abs(value / exact - 1) < bound, (order, value / exact - 1)
    assert scaling.gd_power_law_asymptote(t, eta, 1.0, nu, 1.0, kappa) == pytest.approx(
        scaling.gd_power_law_expansion(t, eta, 1.0, nu, 1.0, kappa, order=0), rel=1e-15)


def test_first_correction_has_order_one_over_t() -> None:
    """Doubling t divides the remainder of the leading term by about 2 and that of the first order by about 4."""
    eigs, coef2 = scaling.gd_power_law_spectrum(2**20, 1.0, 1.5, 1.0, 1.5)
    times = np.array([40.0, 80.0, 160.0])
    exact = np.asarray(scaling.gd_quadratic_loss(times, 0.5, eigs, coef2))
    r0 = np.abs(exact / np.asarray(scaling.gd_power_law_expansion(times, 0.5, 1.0, 1.5, 1.0, 1.5, order=0)) - 1)
    r1 = np.abs(exact / np.asarray(scaling.gd_power_law_expansion(times, 0.5, 1.0, 1.5, 1.0, 1.5, order=1)) - 1)
    assert np.all(np.abs(r0[:-1] / r0[1:] - 2.0) < 0.1)
    assert np.all(np.abs(r1[:-1] / r1[1:] - 4.0) < 0.6)


@pytest.mark.parametrize(("p", "n", "lam"), [(300, 200, 1e-2), (200, 300, 1e-3), (500, 100, 0.0), (100, 300, 0.5)])
def test_effective_ridge_against_a_high_precision_root(p: int, n: int, lam: float) -> None:
    eigs = np.arange(1, p + 1, dtype=np.float64) ** -1.5
    kappa = scaling.effective_ridge(eigs, n, lam)
    with mpmath.workdps(40):
        values = [mpmath.mpf(float(v)) for v in eigs]

        def f(k: mpmath.mpf) -> mpmath.mpf:
            return k - lam - k / n * mpmath.fsum(v / (v + k) for v in values)

        root = mpmath.findroot(f, (mpmath.mpf(1e-12), mpmath.mpf(lam + float(np.sum(eigs)) / n)), solver="bisect")
    assert kappa == pytest.approx(float(root), rel=1e-11)


def test_effective_ridge_is_monotone_and_has_the_ridgeless_limit() -> None:
    eigs = np.arange(1, 401, dtype=np.float64) ** -1.2
    lams = [1e-8, 1e-6, 1e-4, 1e-2, 1.0]
    kappas = [scaling.effective_ridge(eigs, 150, lam) for lam in lams]
    assert all(a < b for a, b in itertools.pairwise(kappas))
    assert kappas[0] == pytest.approx(scaling.effective_ridge(eigs, 150, 0.0), rel=1e-5)
    assert scaling.effective_ridge(eigs[:100], 150, 0.0) == 0.0
    assert scaling.effective_ridge(eigs, 200, 1e-3) < scaling.effective_ridge(eigs, 100, 1e-3)


def test_ridge_risk_against_numpy_monte_carlo() -> None:
    """Plain numpy ridge (explicit noise draws, primal solve, fixed beta) at p = 400, n = 300."""
    rng = np.random.default_rng(5)
    p, n, lam, sigma2 = 400, 300, 0.01, 0.2
    eigs = np.arange(1, p + 1, dtype=np.float64) ** -1.5
    beta = np.sqrt(np.arange(1, p + 1, dtype=np.float64) ** -2.5 / eigs)
    risks = []
    for _ in range(60):
        X = rng.standard_normal((n, p)) * np.sqrt(eigs)
        y = X @ beta + math.sqrt(sigma2) * rng.standard_normal(n)
        beta_hat = np.linalg.solve(X.T @ X / n + lam * np.eye(p), X.T @ y / n)
        d = beta_hat - beta
        risks.append(float(d @ (eigs * d)))
    mean, se = float(np.mean(risks)), float(np.std(risks, ddof=1)) / math.sqrt(len(risks))
    predicted = scaling.ridge_risk(eigs, beta**2, sigma2, n, lam)
    assert abs(mean - predicted) < 4 * se + 0.01 * predicted


def test_torch_ridge_conditional_risk_matches_numpy_monte_carlo() -> None:
    """The noise- and sign-averaged torch risks have the mean of plain ridge with noise draws."""
    params = RidgeParams("two_level", 120, 200, 0.05, 0.3, 400, high=5.0, frac=0.2)
    values = ridge_risks(params, generator(3, "cpu"))
    eigs, beta2 = params.population()
    rng = np.random.default_rng(9)
    plain = []
    for _ in range(400):
        X = rng.standard_normal((200, 120)) * np.sqrt(eigs)
        beta = np.sqrt(beta2) * rng.choice([-1.0, 1.0], 120)
        y = X @ beta + math.sqrt(0.3) * rng.standard_normal(200)
        d = np.linalg.solve(X.T @ X / 200 + 0.05 * np.eye(120), X.T @ y / 200) - beta
        plain.append(float(d @ (eigs * d)))
    se = math.hypot(np.std(values, ddof=1) / 20, np.std(plain, ddof=1) / 20)
    assert abs(float(np.mean(values)) - float(np.mean(plain))) < 4 * se


def test_isotropic_ridgeless_risk_against_monte_carlo_and_the_limit() -> None:
    rng = np.random.default_rng(2)
    n, p = 60, 40
    traces = [np.trace(np.linalg.inv((lambda X: X.T @ X)(rng.standard_normal((n, p))))) for _ in range(4000)]
    assert float(np.mean(traces)) == pytest.approx(p / (n - p - 1), rel=0.02)
    exact = scaling.isotropic_ridgeless_risk(p=p, n=n, beta_norm2=1.0, sigma2=1.0)
    assert exact == pytest.approx(p / (n - p - 1))
    limit = scaling.isotropic_ridgeless_risk(p=300, n=100, beta_norm2=2.0, sigma2=0.5, exact=False)
    reference = scaling.ridge_risk(np.ones(300), np.full(300, 2.0 / 300), 0.5, 100, 0.0)
    assert limit == pytest.approx(reference, rel=1e-12)


@pytest.mark.parametrize(("alpha", "r", "ell", "lam0"), [(2.0, 0.5, 0.3, 1.0), (2.0, 0.5, 0.8, 0.1),
                                                         (1.5, 0.4, 0.3, 1.0)])
def test_exponent_against_the_deterministic_equivalent_at_large_n(alpha: float, r: float, ell: float,
                                                                   lam0: float) -> None:
    """Local slope of the deterministic equivalent between n = 1e5 and 4e5 (p = 2e6): within 1%."""
    i = np.arange(1, 2_000_001, dtype=np.float64)
    eigs = i**-alpha
    beta2 = i ** (-1 - 2 * alpha * r) / eigs
    risks = [scaling.ridge_risk(eigs, beta2, 0.1, n, lam0 * n**-ell) for n in (100_000, 400_000)]
    slope = -math.log(risks[1] / risks[0]) / math.log(4.0)
    assert slope == pytest.approx(scaling.ridge_risk_exponent(alpha, r, ell).exponent, rel=0.01)


def test_exponent_phases_and_optimum() -> None:
    out = scaling.ridge_risk_exponent(2.0, 0.5, 0.3)
    assert out.exponent == pytest.approx(0.3)
    assert out.phase == "bias"
    out = scaling.ridge_risk_exponent(2.0, 0.5, 1.0)
    assert out.exponent == pytest.approx(0.5)
    assert out.phase == "variance"
    best = scaling.ridge_risk_exponent(2.0, 0.5)
    assert best.exponent == pytest.approx(2 / 3)
    assert best.ell == pytest.approx(2 / 3)
    grid = [scaling.ridge_risk_exponent(2.0, 0.5, ell).exponent for ell in np.linspace(0.05, 1.9, 200)]
    assert max(grid) <= best.exponent + 1e-12
    assert scaling.ridge_risk_exponent(2.0, 1.5, 0.3).bias == pytest.approx(0.6)  # saturation at r = 1
    assert scaling.ridge_risk_exponent(2.0, 0.5, 3.0).exponent == 0.0
    assert scaling.ridge_risk_exponent(2.0, 0.5, 0.3, noise=False).exponent == pytest.approx(0.3)


def test_log_det_against_sampled_eigenvalues() -> None:
    rng = np.random.default_rng(4)
    a = 0.5
    eigs = rng.beta(a + 1, 1.0, 400_000)  # density (a + 1) x^a on [0, 1]
    assert float(np.mean(np.log(eigs))) == pytest.approx(scaling.log_det_power_law(a), abs=5 * math.sqrt(
        1 / (a + 1) ** 2 / 400_000))


def test_loglog_slope_recovers_a_power_law() -> None:
    x = np.array([1.0, 2.0, 4.0, 8.0])
    slope, se = loglog_slope(x, 3.0 * x**-0.7)
    assert slope == pytest.approx(-0.7)
    assert se < 1e-12


@pytest.mark.parametrize("call", [
    lambda: scaling.gd_power_law_asymptote(10, 1.0, 1.0, 1.0, 1.0, 1.0),  # nu <= 1
    lambda: scaling.gd_power_law_asymptote(10, 1.0, 1.0, 1.5, 1.0, 0.0),  # kappa <= 0
    lambda: scaling.gd_power_law_asymptote(10, 2.5, 1.0, 1.5, 1.0, 1.0),  # eta Lambda >= 2
    lambda: scaling.gd_power_law_asymptote(0, 1.0, 1.0, 1.5, 1.0, 1.0),  # t <= 0
    lambda: scaling.gd_power_law_expansion(10, 1.0, 1.0, 1.5, 1.0, 1.0, order=3),
    lambda: scaling.gd_quadratic_loss(1, 1.0, [1.0, 0.5], [1.0]),  # shape mismatch
    lambda: scaling.gd_quadratic_loss(1, 1.0, [1.0, -0.5], [1.0, 1.0]),  # negative eigenvalue
    lambda: scaling.gd_quadratic_loss(-1, 1.0, [1.0], [1.0]),  # negative time
    lambda: scaling.gd_quadratic_loss(1, 3.0, [1.0], [1.0]),  # unstable step
    lambda: scaling.effective_ridge([1.0, 0.5], 2, -0.1),  # negative lam
    lambda: scaling.effective_ridge([1.0, 0.5], 2, 0.0),  # p = n ridgeless
    lambda: scaling.effective_ridge([1.0, 0.5], 0, 0.1),  # n < 1
    lambda: scaling.effective_ridge([1.0, float("nan")], 3, 0.1),
    lambda: scaling.ridge_risk([1.0, 0.5], [1.0], 0.1, 3, 0.1),
    lambda: scaling.ridge_risk([1.0, 0.5], [1.0, 1.0], -0.1, 3, 0.1),
    lambda: scaling.ridge_risk_exponent(1.0, 0.5, 0.3),  # alpha <= 1
    lambda: scaling.ridge_risk_exponent(2.0, 0.0, 0.3),  # r <= 0
    lambda: scaling.ridge_risk_exponent(2.0, 0.5, -0.3),  # ell < 0
    lambda: scaling.isotropic_ridgeless_risk(p=100, n=101, beta_norm2=1.0, sigma2=1.0),
    lambda: scaling.log_det_power_law(-1.0),
    lambda: GDParams(nu=1.5, kappa=1.0, eta=2.5, K=10, t0=1, t_max=5),
    lambda: PeakParams(n=100, gap=200, sigma2=1.0, replicates=10),
])
def test_bad_input_raises_value_error(call: object) -> None:
    with pytest.raises(ValueError, match=r"must|needs|allowed|exceed"):
        call()  # type: ignore[operator]


def test_bad_type_raises_type_error() -> None:
    with pytest.raises(TypeError):
        scaling.ridge_risk_exponent(2.0, 0.5, 0.3, noise=1)  # type: ignore[arg-type]


def test_claims_are_complete() -> None:
    assert [c.id.split(".")[1] for c in CHECKS] == [
        "gd_loss", "ridge_risk", "ridgeless_peak", "ridge_exponent", "gd_floor", "gd_crossover", "gd_curve"]
    for check in CHECKS:
        claim = check.claim
        assert type(check.experiment).__module__ == f"rmtcheck.families.scaling.{claim.id.split('.')[1]}"
        assert claim.id.startswith("scaling.")
        assert len(claim.variants) >= 2
        assert claim.near_misses
        assert claim.resolution_target is not None
        assert claim.resolution_basis


@pytest.mark.parametrize("proof", PROOFS, ids=[p.__name__ for p in PROOFS])
def test_symbolic_derivations_hold(proof: object) -> None:
    result = proof()  # type: ignore[operator]
    assert result.holds, result.detail


def test_gd_and_peak_experiments_pass_and_reject_on_a_small_example() -> None:
    cases: tuple[tuple[Any, Any], ...] = (
        (gd_loss.CHECK, GDParams(nu=1.3, kappa=1.7, eta=1.0, K=2**15, t0=16, t_max=300)),
        (ridgeless_peak.CHECK, PeakParams(n=120, gap=12, sigma2=0.03, replicates=400)),
    )
    for check, params in cases:
        claim, experiment = check.claim, check.experiment
        sample = experiment.simulate(params, generator(11, "cpu"))
        assert all(c.passed for c in experiment.compare(sample, params, claim.predict))
        for variant in claim.variants:
            assert not all(c.passed for c in experiment.compare(sample, params, variant.predict))


def test_control_variate_mean_recovers_a_known_mean_with_a_smaller_error() -> None:
    # Independent reference: values = 2 + controls @ b + small noise with mean-zero controls; the true mean is 2.
    from rmtcheck.families.scaling._common import mean_se
    from rmtcheck.families.scaling.ridge_exponent import control_variate_mean, dyadic_blocks

    rng = np.random.default_rng(11)
    controls = rng.standard_normal((400, 3))
    values = 2.0 + controls @ np.array([1.0, -0.5, 0.25]) + 0.01 * rng.standard_normal(400)
    mean, se = control_variate_mean(values, controls)
    _, plain_se = mean_se(values)
    assert abs(mean - 2.0) < 4.0 * se
    assert se < 0.05 * plain_se
    assert 0.5 * 0.01 / math.sqrt(400) < se < 2.0 * 0.01 / math.sqrt(400)
    with pytest.raises(ValueError, match="replicates"):
        control_variate_mean(values[:5], controls[:5])
    # blocks {1}, {2}, {3, 4}, {5, ..., 8}: a (1, 8) array of ones sums to 1, 1, 2, 4
    assert dyadic_blocks(np.ones((1, 8))).tolist() == [[1.0, 1.0, 2.0, 4.0]]


def test_ridge_controls_have_mean_zero_and_leave_the_risks_unchanged() -> None:
    from rmtcheck.families.scaling._common import ridge_risks_and_controls

    params = RidgeParams("power", 64, 48, 0.01, 0.1, 200, alpha=1.5, r=0.5)
    risks, controls = ridge_risks_and_controls(params, generator(5, "cpu"))
    assert np.array_equal(risks, ridge_risks(params, generator(5, "cpu")))
    # (X^T X / n)_ii / lambda_i - 1 has mean 0 and variance 2 / n per entry
    assert controls.shape == (200, 64)
    assert abs(float(controls.mean())) < 4.0 * math.sqrt(2.0 / 48 / controls.size)
    assert float(controls.var()) == pytest.approx(2.0 / 48, rel=0.05)


# --- GD on Gaussian linear regression (learned version) --------------------------------------------------------

def _learned_model(n: int = 60, ratio: int = 4, nu: float = 1.5, a: float = 0.8) -> tuple[np.ndarray, np.ndarray]:
    k = np.arange(1, ratio * n + 1, dtype=np.float64)
    eigs = k**-nu
    return eigs, k ** (-a * nu - 1.0) / eigs


def test_learned_risk_identities() -> None:
    """t = 0 gives beta^T Sigma beta (the residue bookkeeping); t = inf gives ridge_risk at lam = 0 (the real fixed
    point, a different computation); 128 and 1024 contour nodes agree to 1e-9."""
    eigs, beta2 = _learned_model()
    s_minus, s_plus = scaling.de_spectrum_edges(eigs, 60)
    eta = 0.6 / s_plus
    times = np.asarray([0.0, 1.0, 10.0, 100.0, 1e4, math.inf])
    risk = np.asarray(scaling.gd_learned_risk(times, eta, eigs, beta2, 0.01, 60))
    assert risk[0] == pytest.approx(float(np.sum(eigs * beta2)), rel=1e-10)
    assert risk[-1] == pytest.approx(scaling.ridge_risk(eigs, beta2, 0.01, 60, 0.0), rel=1e-9)
    coarse = np.asarray(scaling.gd_learned_risk(times, eta, eigs, beta2, 0.01, 60, nodes=128))
    fine = np.asarray(scaling.gd_learned_risk(times, eta, eigs, beta2, 0.01, 60, nodes=1024))
    np.testing.assert_allclose(coarse, fine, rtol=1e-9)
    assert 0.0 < s_minus < s_plus


def test_learned_risk_against_numpy_monte_carlo() -> None:
    """The deterministic equivalent of the whole curve against an independent numpy simulation (pseudo-inverse
    and matrix powers, 400 designs, n = 60, p = 240): within 4 SE plus 3/n relative (the O(1/n) bias)."""
    n, eigs, (beta2) = 60, *_learned_model()
    _, s_plus = scaling.de_spectrum_edges(eigs, n)
    eta, sigma2 = 0.6 / s_plus, 0.002
    times = [3, 30, 300, 3000]
    rng = np.random.default_rng(20261124)
    beta = np.sqrt(beta2)
    risks = []
    for _ in range(400):
        X = rng.standard_normal((n, eigs.size)) * np.sqrt(eigs)
        signs = rng.choice([-1.0, 1.0], eigs.size)
        S = X.T @ X / n
        row = []
        for t in times:
            step = np.linalg.matrix_power(np.eye(eigs.size) - eta * S, t)
            d = -step @ (beta * signs)
            B = (np.eye(eigs.size) - step) @ np.linalg.pinv(S, rcond=1e-12, hermitian=True)  # phi_t(S)
            row.append(d @ (eigs * d) + sigma2 / n * np.trace(B @ S @ B * eigs[None, :]))
        risks.append(row)
    table = np.asarray(risks)
    mean, se = table.mean(axis=0), table.std(axis=0, ddof=1) / math.sqrt(table.shape[0])
    predicted = np.asarray(scaling.gd_learned_risk(np.asarray(times, dtype=float), eta, eigs, beta2, sigma2, n))
    assert np.all(np.abs(mean - predicted) <= 4.0 * se + 3.0 / n * predicted), (mean, predicted, se)


def test_learned_crossover_is_the_first_passage() -> None:
    eigs, beta2 = _learned_model()
    _, s_plus = scaling.de_spectrum_edges(eigs, 60)
    eta = 0.6 / s_plus
    t_x = scaling.gd_learned_crossover(eta, eigs, beta2, 0.001, 60)
    floor = scaling.gd_learned_floor(eigs, beta2, 0.001, 60)
    before, at = scaling.gd_learned_risk([0.99 * t_x, t_x], eta, eigs, beta2, 0.001, 60)
    assert before > 2.0 * floor
    assert at == pytest.approx(2.0 * floor, rel=1e-8)


def test_learned_bad_input() -> None:
    eigs, beta2 = _learned_model()
    _, s_plus = scaling.de_spectrum_edges(eigs, 60)
    with pytest.raises(ValueError, match="eta"):
        scaling.gd_learned_risk(1.0, 1.01 / s_plus, eigs, beta2, 0.0, 60)
    with pytest.raises(ValueError, match="n must be < p"):
        scaling.gd_learned_floor(eigs[:50], beta2[:50], 0.0, 60)
    with pytest.raises(ValueError, match="factor"):
        scaling.gd_learned_crossover(0.5 / s_plus, eigs, beta2, 0.0, 60, factor=1.0)
    with pytest.raises(ValueError, match="t must be"):
        scaling.gd_learned_risk(-1.0, 0.5 / s_plus, eigs, beta2, 0.0, 60)


def test_learned_risks_against_explicit_matrices() -> None:
    """The simulation's O(n^2)-per-time sign-averaged risk against explicit p x p matrices for the same design:
    E_signs bias = sum_k beta_k^2 [(I - H) Sigma (I - H)]_kk with H = phi_t(S) S, variance sigma^2/n tr(Sigma
    phi_t(S) S phi_t(S)) (pseudo-inverse at t = inf)."""
    from rmtcheck.families.scaling._common import LearnedParams, learned_risks

    params = LearnedParams(n=40, ratio=4, nu=1.5, a=0.8, sigma2=0.003, eta_frac=0.6, replicates=2, per_decade=4)
    simulated = learned_risks(params, generator(77, "cpu"))[0]
    eigs, beta2 = params.population()
    gen = generator(77, "cpu")
    import torch

    root = torch.as_tensor(np.sqrt(eigs))
    X = (torch.randn(params.n, params.p, generator=gen, dtype=torch.float64) * root).numpy()
    S = X.T @ X / params.n
    vals, vecs = np.linalg.eigh(S)
    keep = vals > 1e-10 * vals.max()
    expected = []
    for t in [*params.times, math.inf]:
        phi = np.zeros_like(vals)
        phi[keep] = (1.0 if math.isinf(t) else 1.0 - (1.0 - params.eta * vals[keep]) ** t) / vals[keep]
        H = (vecs * (phi * vals)) @ vecs.T
        M = np.eye(params.p) - H
        bias = float(np.sum(beta2 * np.diagonal(M.T @ (eigs[:, None] * M))))
        F = (vecs * phi) @ vecs.T
        variance = params.sigma2 / params.n * float(np.trace((eigs[:, None] * F) @ S @ F))
        expected.append(bias + variance)
    np.testing.assert_allclose(simulated, expected, rtol=1e-8)
