"""Experiments for the low-rank approximation error (``lowrank.*``): the mean of ``lambda_2 / lambda_1``
of the additive spiked model over ``replicates`` draws (simulated with
:func:`rmtcheck.families.spiked.experiments.simulate_additive`), against the prediction within ``Z_MC``
standard errors plus the bias bound of :mod:`rmtcheck.families.lowrank.tolerances`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from numpy.typing import NDArray

from rmtcheck import tolerances as tol
from rmtcheck.claim import Predictor
from rmtcheck.experiment import Comparison
from rmtcheck.families.lowrank.tolerances import fixed_dim_bias, ratio_bias, second_eigenvalue_shift
from rmtcheck.params import SpikedParams
from rmtcheck.trends import control_variate_comparisons
from sim.ensembles import fourth_moment
from sim.spiked import SpikeSample, simulate_additive

FloatArray = NDArray[np.float64]


def mean_comparisons(label: str, samples: FloatArray, predicted: FloatArray,
                      bias: FloatArray, names: list[str]) -> tuple[Comparison, ...]:
    """``Z_MC`` standard errors of the mean plus the bias bound, per column."""
    count = samples.shape[0]
    means = samples.mean(axis=0)
    errors = samples.std(axis=0, ddof=1) / math.sqrt(count)
    return tuple(
        Comparison(f"{label} {names[j]}", float(means[j]), float(predicted[j]),
                   tol.monte_carlo(float(errors[j]), float(bias[j]), float(predicted[j])))
        for j in range(samples.shape[1])
    )


@dataclass(frozen=True)
class RelativeErrorExperiment:
    """Mean of ``lambda_2 / lambda_1``, the rank-one relative spectral error.

    Proportional regime (``fixed_dim=False``): ``lambda_2`` is corrected for its known finite-size
    mean shift below the bulk edge, :func:`rmtcheck.families.lowrank.tolerances.second_eigenvalue_shift`
    (Johnstone–Ma centring of the ``(p - 1) x n`` compressed noise with the TW1 mean, plus the
    fourth-cumulant edge shift; a function of ``p``, ``n`` and the entry law only), and the mean uses
    the control variate ``u^T X u`` (mean ``ell + 1`` exactly), which removes the part of ``lambda_1``'s
    fluctuation carried by the spike direction (standard error 0.6-0.9 times the plain one); the
    bias bound covers the calibrated remainder. Fixed-``p`` regime (``fixed_dim=True``, prediction a
    function of ``ell`` alone): the bias bound is the O(sqrt(p / n)) distance of the finite-``n``
    noise from the identity.
    """

    claim_id: str = "lowrank.relative_error"
    fixed_dim: bool = False

    def simulate(self, params: SpikedParams, gen: torch.Generator) -> SpikeSample:
        (ell,) = params.ells
        return simulate_additive(p=params.p, n=params.n, ell=ell, law=params.law, replicates=params.replicates,
                                 gen=gen)

    def compare(self, sample: SpikeSample, params: SpikedParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        (ell,) = params.ells
        top = sample.eigenvalues[:, 0]
        second = sample.eigenvalues[:, 1]
        if self.fixed_dim:
            ratio = (second / top).reshape(-1, 1)
            predicted = float(predict(ell))
            bias = fixed_dim_bias(ell, p=params.p, n=params.n)
            return mean_comparisons("mean lambda_2/lambda_1", ratio, np.array([predicted]), np.array([bias]),
                                     [f"(ell={ell:.4g})"])
        # lambda_2 is the top of the noise bulk: remove its stated finite-size mean shift below the edge.
        shift = second_eigenvalue_shift(p=params.p, n=params.n, kappa4=fourth_moment(params.law) - 3.0)
        ratio = ((second - shift) / top).reshape(-1, 1)
        predicted = float(predict(ell, params.c))
        bias = ratio_bias(p=params.p, n=params.n, top=float(top.mean()))
        assert sample.controls is not None
        return control_variate_comparisons("mean (lambda_2 - shift)/lambda_1 (control variate u^T X u)", ratio,
                                            sample.controls, np.array([ell + 1.0]), np.array([predicted]),
                                            np.array([bias]), [f"(ell={ell:.4g})"])
