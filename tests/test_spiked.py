"""Spiked-model closed forms and the sharpening of the BBP transition with n."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from rmtcheck.families.spiked._common import ThresholdParams, separation_level
from sim.device import generator
from sim.spiked import multiplicative_factor, noise, orthonormal, top_singular
from theory import lowrank, spiked


@pytest.mark.parametrize("c", [0.05, 0.5, 1.0, 3.0, 20.0])
def test_outlier_meets_edge_continuously(c: float) -> None:
    edge = (1 + math.sqrt(c)) ** 2
    t = spiked.bbp_threshold(c)
    assert spiked.outlier(t * (1 + 1e-9), c) == pytest.approx(edge, rel=1e-12)
    assert spiked.outlier(0.5 * t, c) == edge
    assert spiked.overlap(t * (1 + 1e-9), c) == pytest.approx(0.0, abs=1e-8)
    a = spiked.additive_threshold(c)
    assert spiked.additive_outlier(a * (1 + 1e-9), c) == pytest.approx(edge, rel=1e-8)
    assert lowrank.relative_error(a * (1 + 1e-9), c) == pytest.approx(1.0, rel=1e-8)
    r = spiked.rect_threshold(c)
    assert spiked.rect_singular_value(r * (1 + 1e-9), c) == pytest.approx(1 + math.sqrt(c), rel=1e-12)
    left, right = spiked.rect_overlaps(r * (1 + 1e-9), c)
    assert abs(float(left)) < 1e-7
    assert abs(float(right)) < 1e-7


def test_vectorised_and_rank_r() -> None:
    ells = np.array([0.1, 0.8, 3.0])
    values = spiked.outlier(ells, 0.25)
    assert isinstance(values, np.ndarray)
    assert values.shape == (3,)
    assert values[0] == pytest.approx(2.25)
    assert values[2] == pytest.approx(4.0 * (1 + 0.25 / 3.0))
    assert np.all(np.diff(values) >= 0)
    assert isinstance(spiked.outlier(3.0, 0.25), float)


def test_large_spike_limits() -> None:
    # ell -> inf: the outlier approaches the population value, overlaps approach 1.
    assert spiked.outlier(1e8, 0.5) / (1 + 1e8) == pytest.approx(1.0, rel=1e-8)
    assert spiked.overlap(1e8, 0.5) == pytest.approx(1.0, abs=1e-7)
    left, right = spiked.rect_overlaps(1e4, 2.0)
    assert float(left) == pytest.approx(1.0, abs=1e-7)
    assert float(right) == pytest.approx(1.0, abs=1e-7)
    assert lowrank.relative_error(1e8, 0.5) == pytest.approx(0.0, abs=1e-7)
    assert lowrank.relative_error_fixed_dim(3.0) == 0.25


def test_outlier_variance() -> None:
    assert spiked.outlier_variance(2.0, 1.0) == pytest.approx(2 * 9 * 0.75)
    assert spiked.outlier_std(2.0, 1.0, 100) == pytest.approx(math.sqrt(13.5 / 100))
    with pytest.raises(ValueError, match="ell"):
        spiked.outlier_variance(0.5, 1.0)


def _separated_fraction(n: int, c: float, ratio: float, replicates: int, seed: int) -> float:
    p = round(c * n)
    gen = generator(seed)
    z = noise(p=p, n=n, law="gaussian", gen=gen, batch=replicates)
    u = orthonormal(p, 1, gen, replicates)
    top = top_singular(multiplicative_factor(z, u, (ratio * math.sqrt(c),)), 1).values[:, 0].square()
    level = separation_level(ThresholdParams("multiplicative", p, n, replicates))
    return float((top > level).double().mean())


@pytest.mark.slow
def test_transition_sharpens() -> None:
    """P(top eigenvalue leaves the edge by 3 TW units): below the threshold (ell = 0.7 sqrt c) it
    stays near 0 at every n; above (ell = 1.8 sqrt c) it grows with n towards 1. 48 replicates
    per point: a binomial standard error <= 0.072. Measured over three seeds: below 0, 0, 0;
    above 0.25..0.35 (n = 100), 0.65..0.69 (n = 400), 1.0 (n = 1600)."""
    c, reps = 0.25, 48
    sizes = (100, 400, 1600)
    below = [_separated_fraction(n, c, 0.7, reps, 10 + i) for i, n in enumerate(sizes)]
    above = [_separated_fraction(n, c, 1.8, reps, 20 + i) for i, n in enumerate(sizes)]
    assert max(below) <= 0.1, below
    assert above[-1] >= 0.9, above
    assert above[0] <= 0.6, above
    assert above[0] < above[1] < above[2] or above[1] == above[2] == 1.0, above


@pytest.mark.parametrize("model", ["multiplicative", "additive"])
def test_threshold_statistic_is_the_direction_average_of_the_exact_secular_function(model: str) -> None:
    """For one noise draw: (i) with a fixed direction u, the strength 1 / F_u(lambda) puts the top
    eigenvalue of the spiked matrix (built directly) at lambda; (ii) the experiment's statistic is the
    average of F_u over uniform u (checked against 4000 random directions, 4 standard errors)."""
    from rmtcheck.families.spiked._common import _secular_statistics
    from sim.spiked import additive_factor

    rows, cols = 40, 90
    params = ThresholdParams(model, rows, cols, 1)
    gen = generator(3)
    z = noise(p=rows, n=cols, law="gaussian", gen=gen, batch=1)
    gram = (z[0] @ z[0].T / cols).numpy()
    d, vectors = np.linalg.eigh(gram)
    level = 1.3 * (1 + math.sqrt(rows / cols)) ** 2
    directions = np.random.default_rng(5).standard_normal((4000, rows))
    directions /= np.linalg.norm(directions, axis=1, keepdims=True)
    a2 = (directions @ vectors) ** 2
    exact = (a2 * (d / (level - d))).sum(1) if model == "multiplicative" else (a2 / (level - d)).sum(1)
    statistic = _secular_statistics(params, torch.from_numpy(np.sqrt(np.clip(d[::-1], 0, None))).reshape(1, -1),
                                     np.array([level]))[0, 0, 0]
    assert abs(exact.mean() - statistic) <= 4 * exact.std() / math.sqrt(exact.size)
    direction = torch.from_numpy(directions[0]).reshape(1, rows, 1)
    strength = 1.0 / exact[0]
    if model == "multiplicative":
        top = top_singular(multiplicative_factor(z, direction, (strength,)), 1).values[0, 0] ** 2
    else:
        top = top_singular(additive_factor(z, direction, strength), 1).values[0, 0] ** 2
    assert float(top) == pytest.approx(level, rel=1e-10)


@pytest.mark.parametrize(("p", "n", "ell"), [(30, 70, 1.2), (90, 40, 2.5), (41, 40, 1.5), (40, 40, 2.0)])
def test_gaussian_spike_sampler_matches_the_full_matrix(p: int, n: int, ell: float) -> None:
    """The tridiagonal sampler and the full p x n matrix agree in mean and variance of the top
    eigenvalue (4000 draws each; 4 standard errors of the difference), on both sides of p - 1 = n."""
    from sim.spiked import gaussian_spike_top

    reps = 4000
    fast = gaussian_spike_top(p=p, n=n, ell=ell, gen=generator(1), count=reps).numpy()
    gen = generator(2)
    z = noise(p=p, n=n, law="gaussian", gen=gen, batch=reps)
    u = orthonormal(p, 1, gen, reps)
    direct = top_singular(multiplicative_factor(z, u, (ell,)), 1).values[:, 0].square().numpy()
    se_mean = math.sqrt(fast.var() / reps + direct.var() / reps)
    assert abs(fast.mean() - direct.mean()) <= 4 * se_mean
    se_var = math.sqrt(2.0 / reps) * math.sqrt(fast.var() ** 2 + direct.var() ** 2)
    assert abs(fast.var() - direct.var()) <= 4 * se_var
    with pytest.raises(ValueError, match="p >= 2"):
        gaussian_spike_top(p=1, n=10, ell=1.0, gen=generator(0), count=5)


def test_tridiagonal_top_eigenvalue_matches_lapack() -> None:
    """The batched Sturm bisection against LAPACK's dense tridiagonal eigensolver (scipy's stemr), on
    random matrices with negative entries, a 1 x 1 case and a tiny off-diagonal."""
    from scipy.linalg import eigvalsh_tridiagonal

    from sim.spectra import tridiagonal_top_eigenvalue

    rng = np.random.default_rng(7)
    for m in (1, 2, 7, 60):
        a = rng.normal(size=(5, m)) * 3.0
        b = rng.normal(size=(5, m - 1))
        b[0] *= 1e-9
        got = tridiagonal_top_eigenvalue(torch.from_numpy(a), torch.from_numpy(b**2)).numpy()
        want = [eigvalsh_tridiagonal(a[r], b[r])[-1] for r in range(5)]
        scale = 1 + np.abs(a).max() + 2 * np.abs(b).max(initial=0.0)
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-12 * scale)
    with pytest.raises(ValueError, match="b2"):
        tridiagonal_top_eigenvalue(torch.ones(2, 3, dtype=torch.float64), -torch.ones(2, 2, dtype=torch.float64))


def _moment_z(sample: np.ndarray, mean: np.ndarray, cov: np.ndarray) -> tuple[float, float]:
    """Largest |z| of the sample means and of the sample covariances against exact values (standard
    errors from the sample's own fourth moments)."""
    count = sample.shape[0]
    centred = sample - mean
    mean_z = np.abs(centred.mean(axis=0)) / np.sqrt(np.diag(cov) / count)
    products = centred[:, :, None] * centred[:, None, :]
    cov_se = products.std(axis=0, ddof=1) / math.sqrt(count)
    scale = np.sqrt(np.outer(np.diag(cov), np.diag(cov))) / math.sqrt(count)  # where cov is 0
    cov_z = np.abs(products.mean(axis=0) - cov) / np.maximum(cov_se, 1e-3 * scale)
    return float(mean_z.max()), float(cov_z.max())


def test_spike_control_moments_match_the_full_matrix() -> None:
    """The exact mean and covariance of the variance claim's controls against controls computed from the
    full Gaussian p x n matrix (u = e_1: z_1 the first row, Z_2 the rest), and the sampler's controls
    against the same exact values (20000 draws each; 4.5 standard errors over 3 + 6 moments)."""
    from sim.spiked import gaussian_spike_top_with_controls, spike_control_moments

    p, n, reps = 6, 9, 20000
    mean, cov = spike_control_moments(p=p, n=n)
    z = torch.randn((reps, p, n), generator=generator(3), dtype=torch.float64).numpy()
    z1, z2 = z[:, 0, :], z[:, 1:, :]
    m_z1 = np.einsum("rij,rj->ri", z2, z1)  # Z_2 z_1
    direct = np.stack([(z1**2).sum(axis=1) / n, (z2**2).sum(axis=(1, 2)) / n, (m_z1**2).sum(axis=1) / n**2],
                      axis=1)
    _, sampled = gaussian_spike_top_with_controls(p=p, n=n, ell=1.0, gen=generator(4), count=reps)
    for sample in (direct, sampled.numpy()):
        mean_z, cov_z = _moment_z(sample, mean, cov)
        assert mean_z < 4.5
        assert cov_z < 4.5


def test_rect_control_means_match_simulation() -> None:
    """The exact means of the rectangular controls against 20000 simulated draws (4.5 standard errors)."""
    from rmtcheck.families.spiked._common import RectParams, rect_control_means, simulate_rectangular

    params = RectParams(n=5, m=7, theta=1.3, replicates=20000)
    controls = simulate_rectangular(params, generator(5)).controls
    assert controls is not None
    errors = controls.std(axis=0, ddof=1) / math.sqrt(params.replicates)
    assert np.all(np.abs(controls.mean(axis=0) - rect_control_means(params)) < 4.5 * errors)


@pytest.mark.parametrize("c", [0.05, 0.5, 3.0, 20.0])
def test_two_edge_fit_is_exact_on_the_limit_statistic(c: float) -> None:
    """On the MP limit of the multiplicative statistic, F(lambda) = (lambda + c - 1 - s)/(2c) - 1 with
    s = sqrt((lambda - a)(lambda - b)) (computed here by quadrature of the MP density, not from the
    closed form), the two-edge fit returns the threshold sqrt(c) to quadrature accuracy."""
    from rmtcheck.families.spiked._common import _two_edge_strength

    a, b = (1 - math.sqrt(c)) ** 2, (1 + math.sqrt(c)) ** 2
    rho = np.linspace(0.1, 0.6, 26)
    x = np.linspace(a, b, 400001)
    density = np.sqrt(np.clip((b - x) * (x - a), 0.0, None)) / (2 * math.pi * c * x)
    stats = np.array([[np.trapezoid(density * x / (level - x), x)] for level in b * (1 + rho)])
    assert _two_edge_strength(rho, stats, b, a) == pytest.approx(math.sqrt(c), rel=1e-5)
