"""Unit tests of theory.rff and sim.rff."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch
from scipy import linalg

from sim.device import generator
from sim.rff import Dataset, conditional_forms, digits, fresh_feature_forms, gaussian_mixture, rff_mse
from theory import rff

DATA = gaussian_mixture(n=160, n_test=120, p=96, separation=0.3, gen=generator(11))


def test_kernels_sum_to_the_gaussian_kernel_and_do_not_overflow() -> None:
    kc, ks = rff.kernels(DATA.X, DATA.X_test)
    distances = np.sum((DATA.X[:, None, :] - DATA.X_test[None, :, :]) ** 2, axis=2)
    assert kc + ks == pytest.approx(np.exp(-distances / 2), rel=1e-12, abs=1e-300)
    big = np.array([[30.0, 0.0], [29.0, 1.0]])  # <x, y> = 870: cosh overflows if taken directly
    kc, ks = rff.kernels(big)
    assert np.all(np.isfinite(kc))
    assert np.all(np.isfinite(ks))
    assert kc[0, 0] == pytest.approx(0.5)
    assert ks[0, 0] == pytest.approx(0.5)


def _plain_map(kc: np.ndarray, ks: np.ndarray, N: int, lam: float, start: float) -> np.ndarray:
    n = kc.shape[0]
    delta = np.full(2, start)
    for _ in range(2000):
        matrix = N / n * (kc / (1 + delta[0]) + ks / (1 + delta[1])) + lam * np.eye(n)
        inverse = np.linalg.inv(matrix)
        delta = np.array([np.trace(kc @ inverse), np.trace(ks @ inverse)]) / n
    return delta


@pytest.mark.parametrize(("N", "lam"), [(20, 1e-3), (80, 0.1), (300, 1.0)])
def test_fixed_point_is_unique_from_any_start(N: int, lam: float) -> None:
    """The plain iteration from 0 and from far above converge to the Newton solution."""
    kc, ks = rff.kernels(DATA.X)
    point = rff.fixed_point(DATA.X, N, lam)
    for start in (0.0, 1e4):
        assert _plain_map(kc, ks, N, lam, start) == pytest.approx([point.delta_cos, point.delta_sin], rel=1e-8)
    assert point.residual <= rff.TOLERANCE * (1 + max(point.delta_cos, point.delta_sin))


def test_test_mse_on_the_training_set_is_the_training_mse() -> None:
    """With X_test = X and y_test = y the test formula reduces exactly to the training formula."""
    for N, lam in ((30, 1e-2), (200, 0.3)):
        assert rff.test_mse(DATA.X, DATA.y, DATA.X, DATA.y, N, lam) == pytest.approx(
            rff.train_mse(DATA.X, DATA.y, N, lam), rel=1e-9)


def test_errors_and_curve_agree_with_the_single_functions() -> None:
    ratios = np.array([0.25, 1.0])
    train, test = rff.double_descent_curve(DATA.X, DATA.y, DATA.X_test, DATA.y_test, ratios, 0.05)
    for i, ratio in enumerate(ratios):
        N = round(ratio * 160)
        both = rff.errors(DATA.X, DATA.y, DATA.X_test, DATA.y_test, N, 0.05)
        assert (train[i], test[i]) == pytest.approx((both.train, both.test), rel=1e-12)
        assert both.train == pytest.approx(rff.train_mse(DATA.X, DATA.y, N, 0.05), rel=1e-12)


def test_training_mse_vanishes_beyond_interpolation_and_decreases_with_features() -> None:
    values = [rff.train_mse(DATA.X, DATA.y, N, 1e-7) for N in (20, 40, 60, 100, 200, 400)]
    assert all(a > b for a, b in itertools.pairwise(values))
    assert values[-1] < 1e-6 < values[0]


def test_gaussian_kernel_limit_is_approached_as_features_grow() -> None:
    gaps = []
    for N in (80, 320, 1280, 5120):
        theory = rff.errors(DATA.X, DATA.y, DATA.X_test, DATA.y_test, N, 0.1)
        limit = rff.gaussian_kernel_limit(DATA.X, DATA.y, DATA.X_test, DATA.y_test, N, 0.1)
        gaps.append(abs(theory.test - limit[1]) + abs(theory.train - limit[0]))
    assert all(a > b for a, b in itertools.pairwise(gaps))
    assert gaps[-1] < 0.05 * gaps[0]


def test_theory_curve_peaks_at_half_for_a_vanishing_ridge() -> None:
    ratios = np.round(np.arange(0.2, 1.21, 0.05), 2)
    _, test = rff.double_descent_curve(DATA.X, DATA.y, DATA.X_test, DATA.y_test, ratios, 1e-7)
    assert ratios[int(np.argmax(test))] == 0.5


def test_simulation_solves_both_sides_alike() -> None:
    """The n x n and 2N x 2N systems give the same regressor (N around n/2)."""
    small = gaussian_mixture(n=40, n_test=10, p=8, separation=0.3, gen=generator(2))
    for N in (19, 21):
        a = rff_mse(small, N, 0.3, 3, generator(5))
        W = torch.randn(3, N, 8, generator=generator(5), dtype=torch.float64).numpy()
        for d in range(3):
            F = np.concatenate([np.cos(small.X @ W[d].T), np.sin(small.X @ W[d].T)], axis=1)
            beta = linalg.solve(F.T @ F / 40 + 0.3 * np.eye(2 * N), F.T @ small.y / 40)
            assert a[0][d] == pytest.approx(np.mean((F @ beta - small.y) ** 2), rel=1e-9)


def test_digits_are_normalised() -> None:
    pytest.importorskip("sklearn")
    data = digits(300, 100, generator(0))
    assert data.X.shape == (300, 64)
    assert data.X_test.shape == (100, 64)
    assert np.mean(np.sum(data.X**2, axis=1)) == pytest.approx(1.0)
    assert set(np.unique(data.y)) == {-1.0, 1.0}


def test_conditioned_forms_match_fresh_feature_forms() -> None:
    """tr(K_a Q)/n is the fresh-feature form averaged over the fresh feature: over 32 independent
    resolvents each, the mean of 64 fresh forms per resolvent agrees with it within 5 standard
    errors of the difference, and the conditioned values have a smaller spread; the first value
    equals a direct numpy evaluation (the generator draws the same first N features)."""
    data = gaussian_mixture(n=96, n_test=8, p=120, separation=0.2, gen=generator(3))
    conditioned = conditional_forms(data, 24, 1e-2, 32, generator(8))
    kc, ks = rff.kernels(data.X)
    for a in range(2):
        fresh = fresh_feature_forms(data, 24, 1e-2, 32, generator(8), fresh=64)[a]
        gap = float(np.mean(fresh - conditioned[a]))
        spread = float(np.std(fresh - conditioned[a], ddof=1)) / np.sqrt(32)
        assert abs(gap) <= 5 * spread
        assert np.std(conditioned[a]) < np.std(fresh)
    # and against a direct numpy evaluation of tr(K_a Q)/n for the first resolvent
    W = torch.randn(1, 24, 120, generator=generator(8), dtype=torch.float64).numpy()[0]
    F = np.concatenate([np.cos(data.X @ W.T), np.sin(data.X @ W.T)], axis=1)
    Q = np.linalg.inv(F @ F.T / 96 + 1e-2 * np.eye(96))
    assert conditioned[0][0] == pytest.approx(np.trace(kc @ Q) / 96, rel=1e-9)
    assert conditioned[1][0] == pytest.approx(np.trace(ks @ Q) / 96, rel=1e-9)


def test_label_matrices_average_the_per_column_predictions() -> None:
    """The formulas are quadratic in the labels: an (n, k) label matrix gives the mean of the k
    single-column predictions (train, test, and the variants that take labels)."""
    rng = np.random.default_rng(4)
    Y = np.c_[DATA.y, rng.choice([-1.0, 1.0], (160, 2))]
    Yt = np.c_[DATA.y_test, rng.choice([-1.0, 1.0], (120, 2))]
    for fn in (rff.errors, rff.misplaced_errors):
        both = fn(DATA.X, Y, DATA.X_test, Yt, 30, 1e-2)
        cols = [fn(DATA.X, Y[:, i], DATA.X_test, Yt[:, i], 30, 1e-2) for i in range(3)]
        assert both.train == pytest.approx(np.mean([c.train for c in cols]), rel=1e-12)
        assert both.test == pytest.approx(np.mean([c.test for c in cols]), rel=1e-12)


def test_label_shapes_and_extra_labels_are_validated() -> None:
    with pytest.raises(ValueError, match="y_test"):
        rff.errors(DATA.X, np.c_[DATA.y, DATA.y], DATA.X_test, DATA.y_test, 30, 1e-2)
    with pytest.raises(ValueError, match="extra_labels"):
        gaussian_mixture(n=40, n_test=10, p=8, separation=0.3, gen=generator(1), extra_labels=3)
    with pytest.raises(ValueError, match="extra_labels"):
        gaussian_mixture(n=40, n_test=10, p=8, separation=0.0, gen=generator(1), extra_labels=-1)
    data = gaussian_mixture(n=40, n_test=10, p=8, separation=0.0, gen=generator(1), extra_labels=3)
    assert data.y.shape == (40, 4)
    assert data.y_test.shape == (10, 4)
    train, test = rff_mse(data, 12, 0.1, 2, generator(2))
    # the same seed draws the same W: the matrix MSE is the mean of the per-column MSEs
    columns = [rff_mse(Dataset(data.X, data.y[:, i], data.X_test, data.y_test[:, i], "c"), 12, 0.1, 2,
                       generator(2)) for i in range(4)]
    assert train == pytest.approx(np.mean([c[0] for c in columns], axis=0), rel=1e-10)
    assert test == pytest.approx(np.mean([c[1] for c in columns], axis=0), rel=1e-10)
