"""Experiments for the Tracy–Widom claims (``tracy_widom.*``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from numpy.typing import NDArray

from rmtcheck.claim import Predictor
from rmtcheck.experiment import Comparison
from rmtcheck.families.tracy_widom.params import WishartParams
from rmtcheck.families.tracy_widom.tolerances import tw_kolmogorov
from sim.spectra import wishart_lmax_tridiagonal
from sim.statistics import kolmogorov_distance

FloatArray = NDArray[np.float64]

CHUNK = 20000


@dataclass(frozen=True)
class WishartTw1Experiment:
    """Kolmogorov distance between ``replicates`` draws of ``lambda_max(X^T X)`` and the
    predicted CDF; tolerance: DKW band plus the O(m^{-2/3}) finite-size term.

    The prediction of a distance is 0, so the resolution is absolute (``scale = 1``): the
    smallest sup-norm CDF error the check catches. The draws come from the bidiagonal model of
    the real Wishart ensemble (:func:`sim.spectra.wishart_lmax_tridiagonal`, exact in
    distribution; ``tests/test_mp.py`` checks it against dense ``X^T X``), which makes tens of
    thousands of replicates affordable.
    """

    claim_id: str = "tracy_widom.wishart_tw1"

    def simulate(self, params: WishartParams, gen: torch.Generator) -> FloatArray:
        parts = []
        remaining = params.replicates
        while remaining > 0:
            count = min(CHUNK, remaining)
            parts.append(wishart_lmax_tridiagonal(n=params.n, p=params.p, count=count, generator=gen).cpu())
            remaining -= count
        return torch.cat(parts).numpy()

    def compare(self, sample: FloatArray, params: WishartParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        def cdf(x: FloatArray) -> FloatArray:
            return np.asarray(predict(x, n=params.n, p=params.p))

        distance = kolmogorov_distance(sample, cdf)
        return (Comparison("Kolmogorov distance of lambda_max", distance, 0.0,
                           tw_kolmogorov(params.replicates, n=params.n, p=params.p), scale=1.0),)
