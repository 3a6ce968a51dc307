"""Experiments for the low-rank approximation error (``lowrank.*``): the mean of ``lambda_2 / lambda_1``
of the additive spiked model over ``replicates`` draws (simulated with
:func:`sim.families.spiked.experiments.simulate_additive`), against the prediction within ``Z_MC``
standard errors plus the bias bound of :mod:`sim.families.lowrank.tolerances`.
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
