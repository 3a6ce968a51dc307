"""Experiments for the spiked-model claims (``spiked.*``) and the low-rank error (``lowrank.*``).

Point claims (outlier locations, overlaps, the low-rank error) average ``replicates``
independent draws and compare the mean with the prediction within
``Z_MC`` standard errors plus a stated O(1/size) bias bound (constants and calibration in
:mod:`sim.tolerances`). Threshold claims estimate, with a standard error, the strength
at which the outlier meets the bulk edge (the inverse outlier curve measured above the edge and
extrapolated with a generic square-root-edge form, ``threshold_estimate``) and compare it with
the predicted threshold like any point statistic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from numpy.typing import NDArray

from sim import tolerances as tol
from sim.families.lowrank.tolerances import fixed_dim_bias, ratio_bias
from sim.families.spiked.experiments import TW1_MEAN, SpikeSample, mean_comparisons, simulate_additive, spike_names
from sim.families.spiked.params import SpikedParams
from sim.harness import Comparison
from theory.claim import Predictor

FloatArray = NDArray[np.float64]

@dataclass(frozen=True)
class RelativeErrorExperiment:
    """Mean of ``lambda_2 / lambda_1``, the rank-one relative spectral error.

    Proportional regime (``fixed_dim=False``): ``lambda_2`` is corrected for the bulk edge's
    Tracy–Widom mean shift ``E TW1 sigma_J / n`` (``E TW1 = -1.2065``, Bornemann 2010); the bias
    bound covers the law-dependent remainder. Fixed-``p`` regime (``fixed_dim=True``, prediction a
    function of ``ell`` alone): the bias bound is the O(sqrt(p / n)) distance of the finite-``n``
    noise from the identity.
    """

    claim_id: str = "lowrank.relative_error"
    fixed_dim: bool = False

    def simulate(self, params: SpikedParams, gen: torch.Generator) -> SpikeSample:
        return simulate_additive(params, gen)

    def compare(self, sample: SpikeSample, params: SpikedParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        (ell,) = params.ells
        top = sample.eigenvalues[:, 0]
        second = sample.eigenvalues[:, 1]
        if not self.fixed_dim:
            # lambda_2 is the top of the noise bulk: remove its Tracy-Widom mean shift E TW1 sigma_J / n.
            second = second - TW1_MEAN * tol.johnstone_scale(n=params.n, p=params.p) / params.n
        ratio = (second / top).reshape(-1, 1)
        if self.fixed_dim:
            predicted = float(predict(ell))
            bias = fixed_dim_bias(ell, p=params.p, n=params.n)
        else:
            predicted = float(predict(ell, params.c))
            bias = ratio_bias(p=params.p, n=params.n, top=float(top.mean()))
        return mean_comparisons("mean lambda_2/lambda_1", ratio, np.array([predicted]), np.array([bias]),
                                 spike_names(np.array([ell])))
