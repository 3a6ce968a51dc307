"""Simulation layer: reproducibility, entry laws, spectra, statistics, devices."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from sim.device import generator
from sim.ensembles import ENTRY_LAWS, EntryLaw, data_matrix, entries, fourth_moment
from sim.spectra import covariance_eigenvalues, nonzero_extremes
from sim.statistics import dkw_radius, kolmogorov_distance


def test_same_seed_same_matrix() -> None:
    a = data_matrix(p=5, n=7, sigma2=2.0, law="student_t", generator=generator(3))
    b = data_matrix(p=5, n=7, sigma2=2.0, law="student_t", generator=generator(3))
    assert torch.equal(a, b)
    assert a.dtype == torch.float64


@pytest.mark.parametrize("law", ENTRY_LAWS)
def test_entry_laws_have_unit_variance_and_stated_fourth_moment(law: EntryLaw) -> None:
    x = entries((400_000,), law, generator(1)).numpy()
    se2 = np.sqrt((fourth_moment(law) - 1) / x.size)
    assert abs(np.mean(x**2) - 1.0) <= 5 * se2 + 1e-12
    assert abs(np.mean(x**4) - fourth_moment(law)) < 0.1 * fourth_moment(law)


def test_small_gram_side_matches_full() -> None:
    x = data_matrix(p=30, n=12, sigma2=1.0, law="gaussian", generator=generator(0))
    small = covariance_eigenvalues(x)
    full = covariance_eigenvalues(x, full=True)
    assert torch.allclose(small, full, atol=1e-10)
    lo, hi = nonzero_extremes(x)
    assert float(hi) == pytest.approx(float(full[0, -1]))
    assert float(lo) == pytest.approx(float(full[0, 18]))


def test_kolmogorov_distance_exact_cases() -> None:
    assert kolmogorov_distance([0.5], lambda x: x) == pytest.approx(0.5)
    uniform = (np.arange(10) + 0.5) / 10
    assert kolmogorov_distance(uniform, lambda x: x) == pytest.approx(0.05)
    # An atom of mass 1/2 at 0 matched exactly by half the sample.
    sample = np.r_[np.zeros(5), (np.arange(5) + 0.5) / 5]

    def cdf(x: np.ndarray) -> np.ndarray:
        return np.where(x < 0, 0.0, 0.5 + 0.5 * np.clip(x, 0, 1))

    def left(x: np.ndarray) -> np.ndarray:
        return np.where(x <= 0, 0.0, cdf(x))

    assert kolmogorov_distance(sample, cdf, left) == pytest.approx(0.05)
    assert dkw_radius(1000, 0.05) == pytest.approx(np.sqrt(np.log(40) / 2000))


@pytest.mark.gpu
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_cuda_matches_cpu_distributionally() -> None:
    from rmtcheck.families.mp._common import CovarianceParams
    from rmtcheck.plugins import discover
    from rmtcheck.profiles import get_profile
    from rmtcheck.run import Example, run_example

    check = discover(plugins=False).get("mp.esd")
    example = Example(CovarianceParams(p=400, n=800, sigma2=2.0, law="rademacher"), 1)
    outcome = run_example(check, example, get_profile("verify", cuda=True), "cuda")
    assert outcome.passed, outcome.summary()
    assert outcome.device.startswith("cuda")
