"""Unit tests of theory.power_law_fit, theory.heavy_tails, theory.phases and theory.kesten."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from scipy import stats

from theory import heavy_tails, kesten
from theory.phases import phase
from theory.power_law_fit import (
    alpha_hill,
    alpha_hill_batch,
    alpha_ks,
    hill_mean,
    ks_distance,
    positive_eigenvalues,
)


def _spectra() -> dict[str, np.ndarray]:
    """Gaussian, heavy-tailed and spiked spectra of several sizes (the compatibility set)."""
    rng = np.random.default_rng(20261123)
    out: dict[str, np.ndarray] = {}
    for m, n in ((100, 300), (512, 1024), (1000, 1000)):
        gauss = rng.standard_normal((n, m))
        out[f"gaussian_{m}x{n}"] = np.linalg.eigvalsh(gauss.T @ gauss / n)
        heavy = rng.standard_t(1.5, (n, m))
        out[f"student_t_{m}x{n}"] = np.linalg.eigvalsh(heavy.T @ heavy / n)
        pareto = rng.choice([-1.0, 1.0], (n, m)) * rng.random((n, m)) ** (-1 / 3.0)
        out[f"pareto3_{m}x{n}"] = np.linalg.eigvalsh(pareto.T @ pareto / n)
        u, v = rng.standard_normal(n), rng.standard_normal(m)
        spiked = gauss + 3.0 * math.sqrt(n) * np.outer(u / np.linalg.norm(u), v / np.linalg.norm(v))
        out[f"spiked_{m}x{n}"] = np.linalg.eigvalsh(spiked.T @ spiked / n)
    return out


SPECTRA = _spectra()


@pytest.mark.parametrize("name", sorted(SPECTRA))
def test_alpha_ks_matches_weightwatcher(name: str) -> None:
    """Same alpha, x_min, D and tail size as weightwatcher 0.7.7 fit_powerlaw, to 1e-8 relative."""
    ww = pytest.importorskip("weightwatcher")
    evals = SPECTRA[name]
    alpha, _, xmin, _, distance, sigma, spikes, *_ = ww.WeightWatcher().fit_powerlaw(evals, plot=False)
    fit = alpha_ks(positive_eigenvalues(evals))
    assert fit.alpha == pytest.approx(alpha, rel=1e-8)
    assert fit.x_min == pytest.approx(xmin, rel=1e-8)
    assert pytest.approx(distance, rel=1e-8) == fit.D
    assert fit.sigma == pytest.approx(sigma, rel=1e-8)
    assert fit.k == spikes


def _brute_force_ks(values: np.ndarray) -> tuple[float, float, float]:
    """The KS fit by the definition: one candidate at a time."""
    data = np.sort(values)
    best = (math.inf, 0.0, 0.0)
    for i in range(data.size - 1):
        tail = data[i:]
        alpha = 1.0 + tail.size / np.sum(np.log(tail / tail[0]))
        distance = ks_distance(tail, alpha)
        if distance < best[0]:
            best = (distance, alpha, tail[0])
    return best


@pytest.mark.parametrize("seed", range(5))
def test_alpha_ks_equals_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    values = np.concatenate([rng.uniform(0.1, 1.0, 150), rng.pareto(1.5 + seed / 2, 150) + 1.0])
    distance, alpha, xmin = _brute_force_ks(values)
    fit = alpha_ks(values)
    assert (fit.D, fit.alpha, fit.x_min) == pytest.approx((distance, alpha, xmin), rel=1e-12)


def test_alpha_ks_fixed_xmin_and_xmax() -> None:
    values = np.array([0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 100.0])
    fit = alpha_ks(values, xmin=1.0, xmax=20.0)
    kept = np.array([1.0, 2.0, 4.0, 8.0, 16.0])
    assert fit.k == 5
    assert fit.x_min == 1.0
    assert fit.x_max == 16.0
    assert fit.alpha == pytest.approx(1.0 + 5 / np.sum(np.log(kept)))


def test_alpha_hill_default_is_the_middle_order_statistic() -> None:
    values = np.arange(1.0, 12.0)  # N = 11: x_min = sorted[5] = 6, k = 6
    fit = alpha_hill(values)
    assert fit.k == 6
    assert fit.x_min == 6.0
    assert fit.alpha == pytest.approx(1.0 + 6 / np.sum(np.log(np.arange(6.0, 12.0) / 6.0)))
    assert fit.sigma == pytest.approx((fit.alpha - 1.0) / math.sqrt(6))
    assert fit.tail_index == pytest.approx(fit.alpha - 1.0)


def test_alpha_hill_batch_matches_alpha_hill() -> None:
    rng = np.random.default_rng(1)
    samples = rng.pareto(2.0, (7, 50)) + 1.0
    batch = alpha_hill_batch(samples, 20)
    assert batch == pytest.approx([alpha_hill(row, 20).alpha for row in samples], rel=1e-13)


def test_hill_mean_is_exact_by_quadrature() -> None:
    """E[1 + k / G] with G ~ Gamma(k - 1, rate alpha - 1)."""
    alpha, k = 2.7, 9
    gamma = stats.gamma(k - 1, scale=1.0 / (alpha - 1.0))
    assert 1.0 + k * gamma.expect(lambda g: 1.0 / g) == pytest.approx(hill_mean(alpha, k), rel=1e-10)


def test_spectral_metrics() -> None:
    eigs = np.array([0.0, 1.0, 2.0, 7.0])
    assert heavy_tails.log_spectral_norm(eigs) == pytest.approx(math.log10(7.0))
    assert heavy_tails.log_frobenius_norm(eigs) == pytest.approx(1.0)
    assert heavy_tails.stable_rank(eigs) == pytest.approx(10.0 / 7.0)
    fit = alpha_ks(eigs[1:])
    assert heavy_tails.alpha_hat(eigs, fit) == pytest.approx(fit.alpha * math.log10(7.0))
    assert heavy_tails.alpha_hat(eigs) == pytest.approx(fit.alpha * math.log10(7.0))


def test_mp_bulk_fit_recovers_sigma2_and_counts_spikes() -> None:
    rng = np.random.default_rng(2)
    p, n, sigma2 = 400, 1000, 2.5
    x = math.sqrt(sigma2) * rng.standard_normal((p, n))
    eigs = np.linalg.eigvalsh(x @ x.T / n)
    fit = heavy_tails.mp_bulk_fit(eigs, p=p, n=n)
    assert fit.sigma2 == pytest.approx(sigma2, rel=0.02)
    assert fit.spikes == 0
    assert fit.edge < fit.tw_edge < 1.05 * fit.edge
    spiked = np.sort(np.concatenate([eigs[:-2], [3 * fit.edge, 4 * fit.edge]]))
    assert heavy_tails.mp_bulk_fit(spiked, p=p, n=n).spikes == 2


def test_tail_exponent_from_entries() -> None:
    assert heavy_tails.tail_exponent_from_entries(1.0) == 1.5
    assert heavy_tails.tail_exponent_from_entries([0.5, 1.5]) == pytest.approx([1.25, 1.75])
    with pytest.raises(ValueError, match="mu"):
        heavy_tails.tail_exponent_from_entries(3.0)


PHASE_ROWS, PHASE_COLS = 1000, 500


def _phase_prototype(label: str, seed: int) -> np.ndarray:
    """One fresh 1000 x 500 layer per call whose ESD is the prototype of ``label``."""
    rng = np.random.default_rng(seed)
    rows, cols = PHASE_ROWS, PHASE_COLS

    def rank_one(strength: float) -> np.ndarray:
        u, v = rng.standard_normal(rows), rng.standard_normal(cols)
        return strength * math.sqrt(rows) * np.outer(u / np.linalg.norm(u), v / np.linalg.norm(v))

    threshold = (cols / rows) ** 0.25  # rectangular BBP threshold for W / sqrt(rows)
    if label == "Random-like":
        w = rng.standard_normal((rows, cols))
    elif label == "Bulk+Spikes":  # one spike well above lambda^+ and one just above it (">= 1 spikes")
        w = rng.standard_normal((rows, cols)) + rank_one(4.0) + rank_one(1.3 * threshold)
    elif label == "Bleeding-out":  # four spikes at 1.3-1.6 times the threshold: eigenmass just above lambda^+
        w = rng.standard_normal((rows, cols)) + sum(rank_one(t * threshold) for t in (1.3, 1.4, 1.5, 1.6))
    elif label == "Bulk-decay":
        w = rng.standard_t(3.0, (rows, cols))
    elif label == "Heavy-tailed":
        w = rng.standard_t(1.5, (rows, cols))
    else:
        w = rng.standard_normal((rows, 20)) @ rng.standard_normal((20, cols))
    return np.linalg.eigvalsh(w.T @ w / rows)


#: Fresh seeds per phase and the labels required among them. Measured success rates of the
#: prototypes (40 other seeds each): 39/40 Random-like (the TW 99% edge), 40/40 Bulk+Spikes,
#: Bleeding-out, Heavy-tailed and Rank-collapse, 39/40 Bulk-decay (one Student-t(3) draw with
#: 5 outliers, one far out, read as Bulk+Spikes).
PHASE_SEEDS = 10
PHASE_REQUIRED = 9


@pytest.mark.parametrize("label", ["Random-like", "Bleeding-out", "Bulk+Spikes", "Bulk-decay", "Heavy-tailed",
                                   "Rank-collapse"])
def test_phase_labels_over_fresh_seeds(label: str) -> None:
    """Each phase's prototype gets its label on at least 9 of 10 fresh seeds."""
    base = 7919 * (1 + ["Random-like", "Bleeding-out", "Bulk+Spikes", "Bulk-decay", "Heavy-tailed",
                        "Rank-collapse"].index(label))
    labels = [phase(_phase_prototype(label, base + i), PHASE_ROWS, PHASE_COLS).label for i in range(PHASE_SEEDS)]
    assert sum(found == label for found in labels) >= PHASE_REQUIRED, labels


def test_bulk_spikes_needs_one_spike_well_above_not_all() -> None:
    """A strong spike plus a weak outlier just above the edge is Bulk+Spikes (slides: ">= 1 spikes
    well above lambda^+"); weak outliers alone are Bleeding-out."""
    rng = np.random.default_rng(11)
    noise = rng.standard_normal((PHASE_ROWS, PHASE_COLS))
    eigs = np.linalg.eigvalsh(noise.T @ noise / PHASE_ROWS)
    fit = phase(eigs, PHASE_ROWS, PHASE_COLS)
    assert fit.label == "Random-like"
    strong_and_weak = np.sort(np.concatenate([eigs[:-2], [1.05 * fit.tw_edge, 6.0 * fit.edge]]))
    weak_only = np.sort(np.concatenate([eigs[:-2], [1.05 * fit.tw_edge, 1.1 * fit.tw_edge]]))
    assert phase(strong_and_weak, PHASE_ROWS, PHASE_COLS).label == "Bulk+Spikes"
    assert phase(weak_only, PHASE_ROWS, PHASE_COLS).label == "Bleeding-out"


def test_kesten_lognormal_three_ways() -> None:
    """Closed form, the sample root finder and the density root finder agree."""
    m, s = -0.3, 0.6
    exact = kesten.tail_index_lognormal(m, s)
    assert exact == pytest.approx(-2 * m / s**2)
    law = stats.lognorm(s, scale=math.exp(m))
    assert kesten.tail_index_from_density(law.pdf, 1e-12, 60.0) == pytest.approx(exact, rel=1e-6)
    draws = law.ppf((np.arange(400_000) + 0.5) / 400_000)
    signs = np.where(np.arange(draws.size) % 3 == 0, -1.0, 1.0)
    assert kesten.tail_index_from_samples(signs * draws) == pytest.approx(exact, rel=0.02)


def test_sgd_tail_index_is_two_at_the_mean_square_limit() -> None:
    """E a^2 = 1 for a = 1 - (eta / B) chi2_B exactly when eta = 2B / (B + 2)."""
    for batch in (1, 2, 3, 8):
        assert kesten.sgd_tail_index(2 * batch / (batch + 2), batch) == pytest.approx(2.0, rel=1e-8)


def test_sgd_tail_index_decreases_with_step_size() -> None:
    indices = [kesten.sgd_tail_index(eta, 2) for eta in (0.6, 0.8, 1.0, 1.2, 1.4)]
    assert all(a > b for a, b in itertools.pairwise(indices))
    assert kesten.sgd_log_contraction(1.0, 2) < 0.0
    with pytest.raises(ValueError, match="eta"):
        kesten.sgd_tail_index(5.0, 1)


def test_peers_are_never_imported_at_runtime() -> None:
    """weightwatcher and powerlaw are test/benchmark peers only."""
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys, theory.heavy_tails, theory.phases, rmtcheck.families.heavy_tails; "
            "print('weightwatcher' in sys.modules or 'powerlaw' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1]).stdout.strip()
    assert out == "False"


@pytest.mark.parametrize("df", [0.5, 1.5, 3.0, 6.5])
def test_student_t_sampler_matches_scipy(df: float) -> None:
    """Bailey's polar method against scipy's t CDF (Kolmogorov-Smirnov test, 2e5 draws)."""
    import torch

    from sim.heavy_tails import student_t

    values = student_t(df, (400, 500), torch.Generator().manual_seed(17)).numpy().ravel()
    assert values.shape == (200_000,)
    assert stats.kstest(values, stats.t(df).cdf).pvalue > 1e-3


def test_split_tail_is_unbiased_for_a_gaussian_ar1() -> None:
    """Splitting with a weight window estimates P(|w| > x) of w <- 0.5 w + N(0, 1) (stationary law
    N(0, 4/3), an independent reference) at x where the plain fraction of chains would be 0."""
    import torch

    from sim.device import generator
    from sim.heavy_tails import split_tail

    def step(w: torch.Tensor, gen: torch.Generator) -> torch.Tensor:
        return 0.5 * w + torch.randn(w.shape, generator=gen, device=gen.device, dtype=torch.float64)

    gen = generator(11)
    start = math.sqrt(4.0 / 3.0) * torch.randn(20_000, generator=gen, dtype=torch.float64)
    values, weights, groups = split_tail(step, start, 30, 2.0, 8.0, 24, 20, gen)
    for x in (4.0, 5.0, 6.0):
        per_group = np.bincount(groups.numpy(), weights=(weights * (values > x)).numpy(), minlength=20) / 1000.0
        exact = 2.0 * stats.norm.sf(x / math.sqrt(4.0 / 3.0))
        se = per_group.std(ddof=1) / math.sqrt(20)
        assert abs(per_group.mean() - exact) < 4.0 * se + 1e-12, (x, per_group.mean(), exact, se)
