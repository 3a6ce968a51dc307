"""pytest-benchmark timings (``nox -s bench``); targets live here, never in assertions."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from scipy.integrate import quad

from sim.device import generator
from sim.ensembles import data_matrix
from sim.spectra import covariance_eigenvalues
from theory import mp
from theory import tracy_widom as tw

X_MP = np.linspace(0.0, 3.0, 1_000_000)
X_TW = np.linspace(-8.0, 6.0, 10_000)


def test_mp_cdf_1e6_points(benchmark: Any) -> None:
    benchmark(mp.cdf, X_MP, 0.5)


def test_baseline_quad_mp_cdf_1e3_points(benchmark: Any) -> None:
    """Baseline: scipy.integrate.quad of the density, per point (1e3 points; scale x1000)."""
    lo, _ = mp.edges(0.5)
    points = np.linspace(lo, 2.9, 1000)

    def run() -> list[float]:
        return [quad(lambda t: float(mp.pdf(t, 0.5)), lo, x)[0] for x in points]

    benchmark.pedantic(run, rounds=1, iterations=1)


def test_tw_cdf_1e4_points(benchmark: Any) -> None:
    benchmark(tw.cdf, X_TW, 1)


def test_baseline_fredholm_tw1_cdf_100_points(benchmark: Any) -> None:
    """Baseline: the direct Fredholm determinant (80 nodes), 100 points (scale x100)."""
    benchmark.pedantic(tw.fredholm_cdf, args=(X_TW[::100], 1), rounds=1, iterations=1)


def test_esd_2000x1000_torch(benchmark: Any) -> None:
    x = data_matrix(p=1000, n=2000, sigma2=1.0, law="gaussian", generator=generator(0))
    benchmark(covariance_eigenvalues, x)


def test_baseline_esd_2000x1000_numpy(benchmark: Any) -> None:
    x = np.random.default_rng(0).standard_normal((1000, 2000))
    benchmark(lambda: np.linalg.eigvalsh(x @ x.T / 2000))


def test_torch_threads() -> None:
    assert torch.get_num_threads() >= 1


def _ladder_params() -> Any:
    from rmtcheck.families.spiked._common import ThresholdParams

    return ThresholdParams("rectangular", 120, 2400, 16)


def test_threshold_ladder_rank_one_updates(benchmark: Any) -> None:
    """Rectangular threshold estimate, 120 x 2400, 16 replicates: one eigvalsh of the noise Gram per
    replicate gives the whole inverse outlier curve (26 levels)."""
    from rmtcheck.families.spiked._common import ThresholdExperiment

    experiment = ThresholdExperiment("rectangular")
    benchmark.pedantic(experiment.simulate, args=(_ladder_params(), generator(0)), rounds=3, iterations=1)


def test_baseline_threshold_ladder_direct(benchmark: Any) -> None:
    """Baseline: a 40-rung strength ladder forming Y and its Gram matrix afresh at every rung (the
    pre-issue-12 threshold check)."""
    from sim.spiked import orthonormal, rectangular, top_singular

    params = _ladder_params()

    def run() -> None:
        gen = generator(0)
        g = torch.randn((16, params.rows, params.cols), generator=gen, dtype=torch.float64)
        a = orthonormal(params.rows, 1, gen, 16)
        b = orthonormal(params.cols, 1, gen, 16)
        for theta in np.geomspace(0.05, 5.0, 40):
            top_singular(rectangular(g, a, b, float(theta)), 1)

    benchmark.pedantic(run, rounds=3, iterations=1)


# --- heavy tails: alpha_ks against weightwatcher and powerlaw on the same 4096 eigenvalues -------

def _heavy_spectrum() -> np.ndarray[Any, np.dtype[np.float64]]:
    rng = np.random.default_rng(4096)
    x = rng.standard_t(2.5, (8192, 4096))
    values: np.ndarray[Any, np.dtype[np.float64]] = np.linalg.eigvalsh(x.T @ x / 8192)
    return values


EIGS_4096 = _heavy_spectrum()


def test_alpha_ks_4096(benchmark: Any) -> None:
    from theory.power_law_fit import alpha_ks

    benchmark(alpha_ks, EIGS_4096)


def test_alpha_hill_4096(benchmark: Any) -> None:
    from theory.power_law_fit import alpha_hill

    benchmark(alpha_hill, EIGS_4096)


def test_baseline_weightwatcher_fit_powerlaw_4096(benchmark: Any) -> None:
    """weightwatcher 0.7.7 ``fit_powerlaw`` (default ``pl_package='ww'``), same eigenvalues."""
    import pytest

    ww = pytest.importorskip("weightwatcher")
    watcher = ww.WeightWatcher()
    benchmark(watcher.fit_powerlaw, EIGS_4096, plot=False)


def test_baseline_powerlaw_fit_4096(benchmark: Any) -> None:
    """The ``powerlaw`` package (2.0.0) ``Fit`` with its x_min search, same eigenvalues (one round)."""
    import pytest

    powerlaw = pytest.importorskip("powerlaw")

    def run() -> float:
        return float(powerlaw.Fit(EIGS_4096, verbose=False).power_law.alpha)

    benchmark.pedantic(run, rounds=1, iterations=1)


# --- random Fourier features ---------------------------------------------------------------------

def _rff_data(n: int) -> Any:
    from sim.rff import gaussian_mixture

    return gaussian_mixture(n=n, n_test=512, p=256, separation=0.3, gen=generator(1024))


def test_rff_theory_n1024(benchmark: Any) -> None:
    """fixed_point + train_mse + test_mse (one solve, rff.errors) at n = 1024, N = 512, lam = 1e-2."""
    from theory import rff

    data = _rff_data(1024)
    benchmark.pedantic(rff.errors, args=(data.X, data.y, data.X_test, data.y_test, 512, 1e-2), rounds=3,
                       iterations=1)


def test_rff_double_descent_n512_40_points_10_draws(benchmark: Any) -> None:
    """A 40-point curve at n = 512: theory (double_descent_curve) plus 10 simulated draws per point."""
    from sim.rff import rff_mse
    from theory import rff

    data = _rff_data(512)
    ratios = np.linspace(0.05, 2.0, 40)

    def run() -> None:
        rff.double_descent_curve(data.X, data.y, data.X_test, data.y_test, ratios, 1e-3)
        for i, ratio in enumerate(ratios):
            rff_mse(data, max(1, round(float(ratio) * 512)), 1e-3, 10, generator(i))

    benchmark.pedantic(run, rounds=1, iterations=1)


# --- one-step FB-Adam / GD ---------------------------------------------------------------------

def test_one_step_adam_2000_1500_1000(benchmark: Any) -> None:
    """One FB-Adam step at the authors' main size, with the update's and W1's top singular values."""
    from sim.two_layer import one_step

    benchmark.pedantic(one_step, args=(2000, 1500, 1000, "adam", 0.1, 0), rounds=2, iterations=1)


def test_top_singular_value_lanczos_3000x2000(benchmark: Any) -> None:
    """Lanczos top-3 singular values of a 3000 x 2000 Gaussian matrix (no gap: the slow case)."""
    from sim.linalg import top_singular_values

    M = torch.randn(3000, 2000, generator=generator(1), dtype=torch.float64)
    benchmark.pedantic(top_singular_values, args=(M, 3), kwargs={"exact_max_side": 100}, rounds=2, iterations=1)


def test_baseline_svdvals_3000x2000(benchmark: Any) -> None:
    """Full singular values of the same matrix (what Lanczos replaces)."""
    M = torch.randn(3000, 2000, generator=generator(1), dtype=torch.float64)
    benchmark.pedantic(torch.linalg.svdvals, args=(M,), rounds=1, iterations=1)


def test_adam_theory_thresholds(benchmark: Any) -> None:
    """Correlated FB-Adam and GD thresholds plus one outlier location."""
    from theory import adam_step

    def run() -> None:
        adam_step.adam_spike_threshold(2000, 1500, 1000)
        adam_step.gd_spike_threshold(2000, 1500, 1000)
        adam_step.top_singular_value(0.1, "adam", 2000, 1500, 1000)

    benchmark.pedantic(run, rounds=5, iterations=1)
