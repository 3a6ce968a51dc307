"""``spiked.rect_singular_value``: ``G/sqrt(m) + theta a b^T`` has top singular value
``sqrt((1 + theta^2)(c + theta^2))/theta`` for ``theta > c^{1/4}``.

The claim and its wrong variants, the bias bound with its calibration, the experiment (the
control-variate mean of the top singular value) and the check. Shared pieces (the rectangular
record, simulation and draw) are in ``rmtcheck.families.spiked._common``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike

from rmtcheck import Check, Claim, Comparison, Predictor, Variant
from rmtcheck.families.spiked._common import (
    RECT,
    SIZES,
    FloatArray,
    RectParams,
    outlier_bias,
    rect_params,
    scaled,
    simulate_rectangular,
)
from rmtcheck.trends import control_variate_comparisons
from theory import spiked
from theory._validate import as_output, nonneg_array, positive_finite

if TYPE_CHECKING:
    import torch

    from sim.spiked import SpikeSample


def _rect_population(theta: ArrayLike, c: float) -> float | FloatArray:
    """sqrt(1 + theta^2): signal and noise energies added, no interaction."""
    positive_finite("c", c)
    return as_output(np.sqrt(1.0 + nonneg_array("theta", theta) ** 2), theta)


def _rect_edge(theta: ArrayLike, c: float) -> float | FloatArray:
    """1 + sqrt(c): no outlier singular value."""
    thetas = nonneg_array("theta", theta)
    return as_output(np.full(thetas.shape, 1.0 + math.sqrt(positive_finite("c", c))), theta)


def _rect_four_percent_high(theta: ArrayLike, c: float) -> float | FloatArray:
    """1.04 sqrt((1 + theta^2)(c + theta^2))/theta: the top singular value 4% high."""
    return scaled(spiked.rect_singular_value(theta, c), 1.04, theta)


CLAIM = Claim(
    id="spiked.rect_singular_value",
    statement="G/sqrt(m) + theta a b^T has top singular value sqrt((1 + theta^2)(c + theta^2))/theta "
    "for theta > c^{1/4}.",
    formula=r"\sigma_1 \to \frac{\sqrt{(1 + \theta^2)(c + \theta^2)}}{\theta}\ (\theta > c^{1/4}),"
    r"\quad 1 + \sqrt c\ \text{otherwise}",
    citation="benaychgeorges2012",
    source="Benaych-Georges & Nadakuditi (2012), section 3.1, eq. (10)",
    assumptions=RECT,
    regime="n, m -> inf with n / m -> c; theta fixed",
    predict=spiked.rect_singular_value,
    variants=(
        Variant("population_value", "sqrt(1 + theta^2)", _rect_population),
        Variant("bulk_edge", "1 + sqrt(c): no outlier", _rect_edge),
        Variant("four_percent_high", "1.04 sqrt((1 + theta^2)(c + theta^2))/theta", _rect_four_percent_high,
                near_miss=True),
    ),
    resolution_target=0.03,
    resolution_basis="control-variate mean; bias bound (1 + theta)/min(m, sqrt(nm)): up to 2.5% at m = 100",
)

# Rectangular top singular value (calibration setup in _common): the normalisation of B_OUT (outlier.py),
# bias * min(n, sqrt(p n)) / (1 + ell), for the rectangular top singular value (rows n, cols m) gave at
# most 0.33 +- 0.15 -> B_RECT.
B_RECT = 1.0


@dataclass(frozen=True)
class RectSingularValueExperiment:
    """Mean top singular value of ``G / sqrt(m) + theta a b^T``."""

    def simulate(self, params: RectParams, gen: torch.Generator) -> SpikeSample:
        return simulate_rectangular(params, gen)

    def compare(self, sample: SpikeSample, params: RectParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        predicted = np.array([float(predict(params.theta, params.c))])
        bias = np.array([outlier_bias(params.theta, rows=params.n, cols=params.m, constant=B_RECT)])
        assert sample.controls is not None
        return control_variate_comparisons("mean top singular value (control variate a^T Y b)",
                                           sample.eigenvalues, sample.controls[:, :1], np.array([params.theta]),
                                           predicted, bias, [f"(theta={params.theta:.4g})"])


CHECK = Check(CLAIM, RectSingularValueExperiment(), draws=rect_params, sizes=SIZES)
