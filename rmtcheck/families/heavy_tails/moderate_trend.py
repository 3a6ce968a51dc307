"""``heavy_tails.moderate_trend``: for entries with tail index ``2 < mu < 4`` the finite-size ESD tail
exponent increases with ``mu`` (Martin & Mahoney 2021, §3 and Table 3).

The trend claim record with its wrong variants, the experiment (Hill exponents over a ``mu`` grid,
Spearman's rho), the draw and the check.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from hypothesis import strategies as st

from rmtcheck import Check, Claim, Comparison, Predictor, Variant
from rmtcheck.draws import sides
from rmtcheck.families.heavy_tails._common import (
    HT_MATRIX_ASSUMPTIONS,
    SIZES,
    TAIL_LAWS,
    HeavyMatrixParams,
    HeavyTailsSizes,
    heavy_matrix_tops,
)
from rmtcheck.families.heavy_tails.figures import ALPHA_VS_MU_FIGURE
from rmtcheck.trends import TrendParams, decreasing, no_trend, sample_trend
from theory import heavy_tails
from theory._validate import FloatArray
from theory.power_law_fit import alpha_hill_batch

if TYPE_CHECKING:
    import torch

#: ``mu`` grid of the moderate-tail trend.
MODERATE_GRID = (2.2, 2.6, 3.0, 3.4, 3.8)

CLAIM = Claim(
    id="heavy_tails.moderate_trend",
    kind="trend",
    statement="For entries with tail index 2 < mu < 4 the finite-size ESD tail exponent increases with mu.",
    formula=r"2 < \mu < 4:\ \partial \hat\alpha / \partial \mu > 0 \text{ at finite size}",
    citation="martin2021",
    source="Martin & Mahoney (2021), §3 and Table 3; source document 001, universality table",
    assumptions=HT_MATRIX_ASSUMPTIONS,
    regime="fixed sizes, mu on a grid in [2.2, 3.8]; Spearman correlation, one-sided level 1e-3",
    predict=heavy_tails.moderate_tail_trend,
    variants=(
        Variant("no_trend", "the exponent does not depend on mu", no_trend),
        Variant("decreasing", "the exponent decreases with mu", decreasing),
    ),
    resolution_target=0.3,
    resolution_basis="min_effect: the smallest change of the mean exponent across the mu grid, relative to "
    "its mean, that the Spearman test detects at level 1e-3 (linear trend, measured noise); the change "
    "measured is about 60%",
)


@dataclass(frozen=True)
class ModerateTrendExperiment:
    """Hill exponents of the ESD tail over a ``mu`` grid in (2, 4); trend by Spearman's rho.

    Resolution: ``min_effect`` (:func:`rmtcheck.trends.trend_min_effect`), the smallest change of the
    mean exponent across the grid, relative to its mean, that the test detects at its level.
    """

    def simulate(self, params: TrendParams, gen: torch.Generator) -> tuple[FloatArray, FloatArray]:
        values, estimates = [], []
        for mu in params.grid:
            matrix = HeavyMatrixParams(mu=mu, law=params.law, p=params.p, n=params.n, replicates=params.replicates)
            estimates.append(alpha_hill_batch(heavy_matrix_tops(matrix, gen), matrix.k))
            values.append(np.full(params.replicates, mu))
        return np.concatenate(values), np.concatenate(estimates)

    def compare(self, sample: tuple[FloatArray, FloatArray], params: TrendParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        return (sample_trend("mu, exponent", sample, int(predict())),)


@st.composite
def moderate_trend_params(draw: st.DrawFn, scale: HeavyTailsSizes) -> TrendParams:
    m = draw(st.integers(200, 300))
    p, n = sides(draw(st.floats(0.25, 4.0)), m)
    return TrendParams(grid=MODERATE_GRID, replicates=16, law=draw(TAIL_LAWS), p=p, n=n)


# Seconds per example (5 x 16 heavy-tailed matrices): a fraction of the profile's examples.
CHECK = Check(CLAIM, ModerateTrendExperiment(), draws=moderate_trend_params, sizes=SIZES, examples=0.4,
              figures=(ALPHA_VS_MU_FIGURE,))
