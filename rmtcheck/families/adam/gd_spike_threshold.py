"""``adam.gd_spike_threshold``: the GD learning rate above which one step leaves an outlier in W1, of order
d / |V| (docs/adam.md).

The claim with its wrong variants and the check; the experiment (``ThresholdExperiment``, with the read-out
control variate for GD), its tolerance ``B_THRESHOLD`` with its calibration and the draw
(``spike_threshold_params``) are in ``_common``, shared with ``adam.spike_threshold``.
"""

from __future__ import annotations

from rmtcheck import Check, Claim, Variant
from rmtcheck.families.adam._common import (
    SETUP,
    SIZES,
    SOURCE,
    ThresholdExperiment,
    spike_threshold_params,
)
from rmtcheck.families.adam.figures import SPIKE_THRESHOLD_FIGURE
from theory import adam_step

__all__ = ["CHECK", "CLAIM"]


def _gd_threshold_old(n: int, h: int, d: int, noise_std: float) -> float:
    """The pre-issue-12 equation for GD (no ``alpha^2`` term in the quadratic form; 20-26% high)."""
    return adam_step.learning_rate_threshold("gd", n, h, d, noise_std, aligned_quadratic=False)


def _gd_threshold_independent(n: int, h: int, d: int, noise_std: float) -> float:
    """GD with the rank-one ``G0`` taken independent of ``W0`` (Ba et al.'s picture, no alignment)."""
    return adam_step.learning_rate_threshold("gd", n, h, d, noise_std, correlated=False)


def _gd_threshold_half_mse(n: int, h: int, d: int, noise_std: float) -> float:
    """Twice the threshold: the gradient of ``(1/2) mean (f - y)^2`` (half the step)."""
    return 2.0 * adam_step.gd_spike_threshold(n, h, d, noise_std)


def _gd_threshold_adam(n: int, h: int, d: int, noise_std: float) -> float:
    """GD needs no larger a step than FB-Adam: the FB-Adam threshold."""
    return adam_step.adam_spike_threshold(n, h, d, noise_std)


CLAIM = Claim(
    id="adam.gd_spike_threshold",
    kind="threshold",
    statement="One GD step needs a learning rate of order d / |V| (about 10^4 times FB-Adam's) to "
    "leave an outlier in W1; the threshold follows from the rank-one part of G0 aligned with W0^T a.",
    formula=r"\eta^*_{GD}:\ \frac{2\eta\mu_1|V|}{d} = \frac{\sqrt c}{\sqrt{\sqrt c + \alpha^2} - \alpha},\ "
    r"\alpha = \tfrac{\mu_1}{|V|},\ |V|^2 = \mu_1^2 + \tfrac14 + \tfrac dn\mathbb E r^2",
    citation="ba2022",
    source="Ba et al. (2022), Proposition 2 (rank-one approximation of the first gradient); "
    + SOURCE + ", §4.1 and appendix D",
    assumptions=(*SETUP, "GD: W1 = W0 - eta G0", "n, h, d large and proportional"),
    regime="h in [150, 400], d in [150, 300], n/h in [2, 4]; sigma_1(W1) at 1.5, 2, 3 times the prediction "
    "(36 replicates, control variate |a|^2 / h), extrapolated to the edge",
    predict=adam_step.gd_spike_threshold,
    resolution_target=0.15,
    resolution_basis="GD's update strength fluctuates ~5% per replicate (|V|): SE 2-3% of the threshold "
    "with 36 replicates at h, d >= 150 (control variate |a|^2); must reject the pre-issue-12 equation, "
    "20-26% high",
    variants=(
        Variant("old_equation", "no alpha^2 term in v^T (z^2 - X^T X)^{-1} v (20-26% high)", _gd_threshold_old,
                near_miss=True),
        Variant("adam_threshold", "GD needs no larger a step than FB-Adam", _gd_threshold_adam),
        Variant("independent", "G0's rank-one part independent of W0", _gd_threshold_independent),
        Variant("half_mse", "gradient of (1/2) mean (f - y)^2", _gd_threshold_half_mse),
    ),
)

# 24-48 replicates per one-step example (seconds at d = 300).
CHECK = Check(CLAIM, ThresholdExperiment(), draws=lambda sizes: spike_threshold_params(sizes, "gd"), sizes=SIZES,
              examples=0.4, figures=(SPIKE_THRESHOLD_FIGURE,))
