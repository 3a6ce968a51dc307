"""``spiked.additive_threshold``: the additive spike ``ell u u^T + Z Z^T/n`` separates from the bulk iff
``ell > c + sqrt(c)``.

The claim and its wrong variants and the check. The threshold estimator, its experiment (one class
for the three ``*_threshold`` claims, here with ``model="additive"``), its tolerance constants with
their calibration (``B_SPIKE_THRESHOLD``) and the draw are in ``rmtcheck.families.spiked._common``.
"""

from __future__ import annotations

import math

from rmtcheck import Check, Claim, Variant
from rmtcheck.families.spiked._common import (
    COV,
    PROPORTIONAL,
    SIZES,
    ThresholdExperiment,
    threshold_one,
    threshold_params,
)
from theory import spiked
from theory._validate import positive_finite


def _additive_threshold_high(c: float) -> float:
    """1.1 (c + sqrt(c)): a threshold 10% high."""
    return 1.1 * spiked.additive_threshold(c)


def _additive_threshold_sqrt(c: float) -> float:
    """sqrt(c): the multiplicative BBP threshold used for the additive spike."""
    return math.sqrt(positive_finite("c", c))


CLAIM = Claim(
    id="spiked.additive_threshold",
    kind="threshold",
    statement="The additive spike separates from the bulk iff ell > c + sqrt(c).",
    formula=r"\ell_c = c + \sqrt{c}",
    citation="couillet2022",
    source="Source document 001, 'low-rank approximation' slide",
    assumptions=(*COV, "X = ell u u^T + Z Z^T / n, c = p / n"),
    regime=PROPORTIONAL + "; c >= 3 in the tests (where the naive thresholds are distinct)",
    predict=spiked.additive_threshold,
    variants=(
        Variant("multiplicative_threshold", "sqrt(c), the BBP threshold", _additive_threshold_sqrt),
        Variant("threshold_one", "1, the noise variance", threshold_one),
        Variant("ten_percent_high", "1.1 (c + sqrt(c))", _additive_threshold_high, near_miss=True),
    ),
    resolution_target=0.08,
    resolution_basis="inverse-curve estimate: calibrated bias <= 1.7% (B 2%) plus 4 SE (<= 1%)",
)

CHECK = Check(CLAIM, ThresholdExperiment("additive"), draws=lambda s: threshold_params(s, "additive"), sizes=SIZES)
