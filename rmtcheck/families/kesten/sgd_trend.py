"""``kesten.sgd_trend``: for SGD on Gaussian least squares in dimension ``d`` the stationary tail index
decreases as the step size grows at fixed batch size (Gürbüzbalaban, Şimşekli & Zhu 2021, Theorem 4).

The trend claim record with its wrong variants, the experiment (Hill tail indices over a step-size
grid, Spearman's rho), the draw and the check.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from hypothesis import strategies as st

from rmtcheck import Check, Claim, Comparison, Predictor, Variant
from rmtcheck.families.kesten._common import SIZES, FloatArray, KestenSizes
from rmtcheck.trends import TrendParams, increasing, no_trend, sample_trend
from theory import kesten
from theory.power_law_fit import alpha_hill_batch

if TYPE_CHECKING:
    import torch

CLAIM = Claim(
    id="kesten.sgd_trend",
    kind="trend",
    statement="For SGD on Gaussian least squares in dimension d the stationary tail index decreases "
    "as the step size grows at fixed batch size.",
    formula=r"\partial\alpha/\partial\eta < 0\ (B\ \text{fixed})",
    citation="gurbuzbalaban2021",
    source="Gürbüzbalaban, Şimşekli & Zhu (2021), Theorem 4; source document 000",
    assumptions=("x ~ N(0, I_d), label noise N(0, 1), d in [2, 6]",),
    regime="step sizes on a grid from 0.4 to 1 times the mean-square stability limit; Spearman correlation "
    "of Hill tail indices of ||u||, one-sided level 1e-3",
    predict=kesten.sgd_tail_index_trend,
    variants=(
        Variant("no_trend", "the tail index does not depend on the step size", no_trend),
        Variant("increasing", "the tail index increases with the step size", increasing),
    ),
    resolution_target=0.5,
    resolution_basis="min_effect: the smallest change of the mean tail index across the step-size grid, "
    "relative to its mean, that the Spearman test detects at level 1e-3; the index falls by a factor 2-3 "
    "across the grid, a change of 70-100% of its mean",
)


@dataclass(frozen=True)
class SgdTrendExperiment:
    """Hill tail indices of ``||u||`` for SGD in dimension ``dim`` over a step-size grid.

    Resolution: ``min_effect`` (:func:`rmtcheck.trends.trend_min_effect`), the smallest change of the
    mean tail index across the grid, relative to its mean, that the test detects at its level.
    """

    chains: int = 8192
    k: int = 128
    steps: int = 100

    def simulate(self, params: TrendParams, gen: torch.Generator) -> tuple[FloatArray, FloatArray]:
        from sim.heavy_tails import sgd_chains

        values, estimates = [], []
        for eta in params.grid:
            for _ in range(params.replicates):
                norms = sgd_chains(eta, params.batch, params.dim, self.chains, self.steps, gen).cpu().numpy()
                estimates.append(float(alpha_hill_batch(np.sort(norms)[None, -self.k:], self.k)[0]) - 1.0)
                values.append(eta)
        return np.asarray(values), np.asarray(estimates)

    def compare(self, sample: tuple[FloatArray, FloatArray], params: TrendParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        return (sample_trend("step size, tail index", sample, int(predict())),)


@st.composite
def sgd_trend_params(draw: st.DrawFn, scale: KestenSizes) -> TrendParams:
    """Step sizes from 0.4 to the mean-square stability limit 2B / (B + d + 1), 5 runs each."""
    dim = draw(st.integers(2, 5))
    batch = draw(st.sampled_from((1, 2, 4)))
    limit = 2.0 * batch / (batch + dim + 1)
    grid = tuple(f * limit for f in (0.4, 0.55, 0.7, 0.85, 1.0))
    return TrendParams(grid=grid, replicates=5, dim=dim, batch=batch)


# Seconds per example (25 SGD runs of 8192 chains in d <= 5): a fraction of the profile's examples.
CHECK = Check(CLAIM, SgdTrendExperiment(), draws=sgd_trend_params, sizes=SIZES, examples=0.24)
