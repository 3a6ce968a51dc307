"""Bad input raises ValueError naming the parameter and its allowed range."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest

from rmtcheck.families.heavy_tails._common import HeavyMatrixParams, TailSampleParams
from rmtcheck.families.kesten._common import KestenParams
from rmtcheck.families.mp._common import CovarianceParams
from rmtcheck.families.rff._common import RFFParams
from rmtcheck.families.spiked._common import RectParams, ThresholdParams
from rmtcheck.families.tracy_widom.wishart_tw1 import WishartParams
from rmtcheck.params import SpikedParams
from rmtcheck.trends import TrendParams
from sim import two_layer
from sim.device import generator
from sim.ensembles import data_matrix
from theory import adam_step, heavy_tails, kesten, lowrank, mp, phases, power_law_fit, rff, spiked
from theory import tracy_widom as tw

NAN = math.nan
INF = math.inf

CASES: list[tuple[Callable[..., Any], tuple[Any, ...], str]] = [
    (mp.edges, (0.0,), "c"),
    (mp.edges, (-1.0,), "c"),
    (mp.edges, (NAN,), "c"),
    (mp.edges, (INF,), "c"),
    (mp.edges, (0.5, 0.0), "sigma2"),
    (mp.edges, (0.5, -2.0), "sigma2"),
    (mp.edges, ("0.5",), "c"),
    (mp.edges, (True,), "c"),
    (mp.pdf, ([1.0, NAN], 0.5), "x"),
    (mp.cdf, (1.0, NAN), "c"),
    (mp.cdf, ([INF], 0.5), "x"),
    (mp.quantile, (1.5, 0.5), "q"),
    (mp.quantile, (-0.1, 0.5), "q"),
    (mp.moment, (-1, 0.5), "k"),
    (mp.moment, (1.5, 0.5), "k"),
    (mp.atom, (0.0,), "c"),
    (mp.stieltjes, (1.0, 0.5), "z"),
    (mp.stieltjes, (complex(NAN, 1), 0.5), "z"),
    (tw.cdf, (0.0, 3), "beta"),
    (tw.cdf, (0.0, 3), "beta"),
    (tw.pdf, (NAN, 1), "x"),
    (tw.quantile, (2.0, 1), "q"),
    (tw.wishart_lmax_scaling, {"n": 0, "p": 5}, "n"),
    (tw.wishart_lmax_scaling, {"n": 1, "p": 5}, "n"),
    (tw.wishart_lmax_scaling, {"n": 10, "p": 2.5}, "p"),
    (tw.mean, (0,), "beta"),
    (CovarianceParams, {"p": 0, "n": 10}, "p"),
    (CovarianceParams, {"p": 10, "n": 10, "sigma2": -1.0}, "sigma2"),
    (CovarianceParams, {"p": 10, "n": 10, "law": "cauchy"}, "law"),
    (WishartParams, {"n": 10, "p": 10, "replicates": 0}, "replicates"),
    (generator, (-1,), "seed"),
    (spiked.outlier, (-1.0, 0.5), "ell"),
    (spiked.outlier, ([1.0, NAN], 0.5), "ell"),
    (spiked.outlier, (1.0, 0.0), "c"),
    (spiked.overlap, (1.0, INF), "c"),
    (spiked.bbp_threshold, (-0.5,), "c"),
    (spiked.additive_outlier, (NAN, 0.5), "ell"),
    (spiked.additive_threshold, (NAN,), "c"),
    (spiked.rect_singular_value, (-2.0, 0.5), "theta"),
    (spiked.rect_overlaps, (NAN, 0.5), "theta"),
    (spiked.rect_threshold, (0.0,), "c"),
    (spiked.outlier_std, (2.0, 0.5, 10.5), "n"),
    (spiked.outlier_variance, (0.1, 0.5), "ell"),
    (lowrank.relative_error, (-1.0, 0.5), "ell"),
    (lowrank.relative_error, (1.0, -0.5), "c"),
    (lowrank.relative_error_fixed_dim, (NAN,), "ell"),
    (SpikedParams, {"p": 10.5, "n": 10, "ells": (1.0,)}, "p"),
    (SpikedParams, {"p": 10, "n": 10, "ells": (-1.0,)}, "ells"),
    (RectParams, (10, 10, NAN), "theta"),
    (ThresholdParams, ("diagonal", 10, 10, 4), "model"),
    # heavy tails: empty / too few / non-positive / NaN / all-equal values, k out of range
    (power_law_fit.alpha_hill, ([],), "eigs"),
    (power_law_fit.alpha_hill, ([1.0],), "eigs"),
    (power_law_fit.alpha_hill, ([1.0, 0.0, 2.0],), "eigs"),
    (power_law_fit.alpha_hill, ([1.0, -2.0, 2.0],), "eigs"),
    (power_law_fit.alpha_hill, ([1.0, NAN, 2.0],), "eigs"),
    (power_law_fit.alpha_hill, ([3.0, 3.0, 3.0],), "eigs"),
    (power_law_fit.alpha_hill, ([1.0, 2.0, 3.0], 4), "k"),
    (power_law_fit.alpha_hill, ([1.0, 2.0, 3.0], 1), "k"),
    (power_law_fit.alpha_hill, ([1.0, 2.0, 3.0], 2.5), "k"),
    (power_law_fit.alpha_hill, ([1.0, 2.0, 5.0, 5.0], 2), "k"),
    (power_law_fit.alpha_ks, ([1.0, 2.0],), "eigs"),
    (power_law_fit.alpha_ks, ([1.0, INF, 2.0],), "eigs"),
    (power_law_fit.alpha_ks, ([1.0, 2.0, 4.0], -1.0), "xmin"),
    (power_law_fit.alpha_ks, ([1.0, 2.0, 4.0], 4.0), "xmin"),
    (power_law_fit.alpha_ks, ([1.0, 2.0, 4.0], None, 1.5), "xmax"),
    (power_law_fit.alpha_hill_batch, ([[1.0, 2.0, 3.0]], 5), "k"),
    (power_law_fit.alpha_hill_batch, ([1.0, 2.0, 3.0], 2), "samples"),
    (power_law_fit.hill_mean, (2.0, 2), "k"),
    (power_law_fit.hill_mean, (0.5, 10), "alpha"),
    (power_law_fit.ks_distance, ([1.0, 2.0], 1.0), "alpha"),
    (heavy_tails.stable_rank, ([],), "eigs"),
    (heavy_tails.stable_rank, ([0.0, 0.0],), "eigs"),
    (heavy_tails.log_spectral_norm, ([1.0, -1.0],), "eigs"),
    (partial(heavy_tails.mp_bulk_fit, [1.0, 2.0]), {"p": 3, "n": 10}, "eigs"),
    (partial(heavy_tails.mp_bulk_fit, [1.0, 2.0]), {"p": 2, "n": 1}, "n"),
    (partial(heavy_tails.mp_bulk_fit, [1.0, 2.0]), {"p": 0, "n": 10}, "p"),
    (heavy_tails.tail_exponent_from_entries, (2.5,), "mu"),
    (heavy_tails.tail_exponent_from_entries, (0.0,), "mu"),
    (heavy_tails.tail_exponent_from_entries, (NAN,), "mu"),
    (phases.phase, ([1.0, 2.0], 10, 3), "eigs"),
    (phases.phase, ([1.0, 2.0], 0, 2), "N"),
    (phases.phase, ([-1.0, 2.0], 10, 2), "eigs"),
    (kesten.tail_index_lognormal, (0.1, 1.0), "m"),
    (kesten.tail_index_lognormal, (-0.1, 0.0), "s"),
    (kesten.tail_index_signed_lognormal, (-0.1, 1.0, 1.5), "q"),
    (kesten.tail_index_from_samples, ([0.5],), "a"),
    (kesten.tail_index_from_samples, ([0.5, 0.9],), "alpha"),
    (kesten.tail_index_from_samples, ([2.0, 3.0],), "E log"),
    (kesten.tail_index_from_density, (math.exp, 1.0, 0.0), "lower"),
    (kesten.sgd_tail_index, (0.0, 1), "eta"),
    (kesten.sgd_tail_index, (0.5, 0), "batch"),
    (kesten.sgd_tail_index, (4.0, 1), "eta"),
    (TailSampleParams, ("pareto", 1.0, 10, 2), "alpha"),
    (HeavyMatrixParams, {"mu": 0.0, "law": "pareto", "p": 10, "n": 10, "replicates": 1}, "mu"),
    (KestenParams, ("gaussian",), "model"),
    (TrendParams, {"grid": (1.0, 2.0), "replicates": 2}, "grid"),
    # random Fourier features: shapes, lam <= 0, N < 1, non-finite data
    (rff.kernels, ([1.0, 2.0],), "X"),
    (rff.kernels, ([[1.0, 2.0]], [[1.0, 2.0, 3.0]]), "Y"),
    (rff.kernels, ([[1.0, NAN]],), "X"),
    (rff.fixed_point, ([[1.0], [2.0]], 0, 0.1), "N"),
    (rff.fixed_point, ([[1.0], [2.0]], 2.5, 0.1), "N"),
    (rff.fixed_point, ([[1.0], [2.0]], 4, 0.0), "lam"),
    (rff.fixed_point, ([[1.0], [2.0]], 4, -1.0), "lam"),
    (rff.fixed_point, ([[1.0], [INF]], 4, 0.1), "X"),
    (rff.train_mse, ([[1.0], [2.0]], [1.0], 4, 0.1), "y"),
    (rff.train_mse, ([[1.0], [2.0]], [1.0, NAN], 4, 0.1), "y"),
    (rff.test_mse, ([[1.0], [2.0]], [1.0, 2.0], [[1.0, 2.0]], [1.0], 4, 0.1), "X_test"),
    (rff.test_mse, ([[1.0], [2.0]], [1.0, 2.0], [[1.0]], [1.0, 2.0], 4, 0.1), "y_test"),
    (rff.double_descent_curve, ([[1.0], [2.0]], [1.0, 2.0], [[1.0]], [1.0], [0.5, -1.0], 0.1), "ratios"),
    (rff.gaussian_kernel_limit, ([[1.0], [2.0]], [1.0, 2.0], [[1.0]], [1.0], 0, 0.1), "N"),
    (rff.ridgeless_peak_ratio, {"n": 0, "p": 5}, "n"),
    (RFFParams, {"data": "imagenet", "n": 10, "n_test": 10, "N": 5, "lam": 0.1, "draws": 2}, "data"),
    (RFFParams, {"data": "mixture", "n": 10, "n_test": 10, "N": 5, "lam": 0.0, "draws": 2}, "lam"),
    (adam_step.update_frobenius_norm, (0.0, 10, 10), "eta"),
    (adam_step.update_frobenius_norm, (0.1, 0, 10), "h"),
    (adam_step.update_frobenius_norm, (0.1, 10, -3), "d"),
    (adam_step.adam_update_frobenius, (0.1, [[1.0, NAN]], 1e-8), "grad"),
    (adam_step.adam_update_frobenius, (0.1, [[1.0, 0.0]], 0.0), "grad"),
    (adam_step.adam_update_frobenius, (0.1, [[1.0, 2.0]], -1.0), "eps"),
    (adam_step.spectral_ratio, (0, 10), "n"),
    (adam_step.spectral_ratio, (10, 10, -0.3), "noise_std"),
    (adam_step.update_spectral_norm, (-1.0, 10, 10, 10), "eta"),
    (adam_step.spike_threshold, (10, 10, 0.0), "rho"),
    (adam_step.spike_threshold, (10, 10, 1.5), "rho"),
    (adam_step.spike_threshold, (10, 0), "d"),
    (adam_step.correlated_outlier, (-1.0, 1.5), "theta"),
    (adam_step.correlated_outlier, (1.0, 1.5, 1.2), "alpha"),
    (adam_step.correlated_outlier, (1.0, 1.5, 0.5, -0.1), "gamma"),
    (adam_step.outlier_strength, (1.0, 1.5), "z"),
    (adam_step.correlated_threshold, (0.0,), "c"),
    (adam_step.learning_rate_threshold, ("sgd", 10, 10, 10), "optimizer"),
    (adam_step.top_singular_value, (0.0, "adam", 10, 10, 10), "eta"),
    (adam_step.gd_spike_threshold, (10, 10, 0), "d"),
    (two_layer.one_step, (0, 10, 10, "adam", 0.1, 0), "n"),
    (two_layer.one_step, (10, 10, 10, "adamw", 0.1, 0), "optimizer"),
    (two_layer.one_step, (10, 10, 10, "adam", 0.0, 0), "lr"),
    (two_layer.one_step, (10, 10, 10, "adam", NAN, 0), "lr"),
    (two_layer.one_step, (10, 10, 10, "gd", 0.1, -1), "seed"),
    (two_layer.TwoLayerConfig, (10, 10, 10, "gd", 0.1, 0), "steps"),
    (two_layer.TwoLayerConfig, (10, 10, 10, "rmsprop"), "optimizer"),
    (two_layer.TwoLayerConfig, (10, 10, 10, "adam", 0.1, 1, 0.3, "xavier"), "init"),
    (two_layer.TwoLayerConfig, (10, 10, 10, "adam", 0.1, 1, 0.3, "ntk", 0.01, 200, False, 1.5), "lr_decay"),
    (two_layer.init_student, (0, 10, None), "h"),
]


@pytest.mark.parametrize(("fn", "args", "name"), CASES)
def test_bad_input_names_parameter(fn: Callable[..., Any], args: tuple[Any, ...] | dict[str, Any],
                                   name: str) -> None:
    """``args``: positional arguments, or keyword arguments (sizes ``p=``, ``n=`` are keyword-only)."""
    with pytest.raises(ValueError, match=rf"\b{name}\b"):
        fn(**args) if isinstance(args, dict) else fn(*args)


def test_sampler_rejects_bad_sizes() -> None:
    with pytest.raises(ValueError, match="p"):
        data_matrix(p=0, n=5, sigma2=1.0, law="gaussian", generator=generator(0))
    with pytest.raises(ValueError, match="law"):
        data_matrix(p=3, n=5, sigma2=1.0, law="cauchy", generator=generator(0))  # type: ignore[arg-type]
