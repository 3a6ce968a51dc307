"""``spiked.rect_threshold``: the rank-one rectangular perturbation ``G/sqrt(m) + theta a b^T``
produces an outlier singular value iff ``theta > c^{1/4}``.

The claim and its wrong variants and the check. The threshold estimator, its experiment (one class
for the three ``*_threshold`` claims, here with ``model="rectangular"``), its tolerance constants with
their calibration (``B_SPIKE_THRESHOLD``) and the draw are in ``rmtcheck.families.spiked._common``.
"""

from __future__ import annotations

import math

from rmtcheck import Check, Claim, Variant
from rmtcheck.families.spiked._common import RECT, SIZES, ThresholdExperiment, threshold_one, threshold_params
from theory import spiked
from theory._validate import positive_finite


def _rect_threshold_sqrt(c: float) -> float:
    """sqrt(c): the threshold on theta^2 read as a threshold on theta."""
    return math.sqrt(positive_finite("c", c))


def _rect_threshold_high(c: float) -> float:
    """1.1 c^{1/4}: a threshold 10% high."""
    return 1.1 * spiked.rect_threshold(c)


CLAIM = Claim(
    id="spiked.rect_threshold",
    kind="threshold",
    statement="The rank-one rectangular perturbation produces an outlier singular value iff "
    "theta > c^{1/4}.",
    formula=r"\theta_c = c^{1/4}",
    citation="benaychgeorges2012",
    source="Benaych-Georges & Nadakuditi (2012), section 3.1",
    assumptions=RECT,
    regime="n, m -> inf with n / m -> c; threshold read off the measured inverse curve at the edge",
    predict=spiked.rect_threshold,
    variants=(
        Variant("sqrt_c", "sqrt(c): the threshold on theta^2 read on theta", _rect_threshold_sqrt),
        Variant("threshold_one", "1, the noise level", threshold_one),
        Variant("ten_percent_high", "1.1 c^{1/4}", _rect_threshold_high, near_miss=True),
    ),
    resolution_target=0.08,
    resolution_basis="inverse-curve estimate: calibrated bias <= 1.7% (B 2%) plus 4 SE (<= 1%)",
)

CHECK = Check(CLAIM, ThresholdExperiment("rectangular"), draws=lambda s: threshold_params(s, "rectangular"),
              sizes=SIZES)
