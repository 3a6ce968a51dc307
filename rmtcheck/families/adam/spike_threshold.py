"""``adam.spike_threshold``: the FB-Adam learning rate above which one step leaves an outlier in W1
(docs/adam.md).

The claim with its wrong variants and the check; the experiment (``ThresholdExperiment``: the outlier curve
extrapolated to the bulk edge), its tolerance ``B_THRESHOLD`` with its calibration and the draw
(``spike_threshold_params``) are in ``_common``, shared with ``adam.gd_spike_threshold``.
"""

from __future__ import annotations

from rmtcheck import Check, Claim, Variant
from rmtcheck.families.adam._common import (
    ADAM_SIGN,
    SETUP,
    SIZES,
    SOURCE,
    ThresholdExperiment,
    spike_threshold_params,
)
from rmtcheck.families.adam.figures import SPIKE_THRESHOLD_FIGURE
from theory import adam_step

__all__ = ["CHECK", "CLAIM"]


def _adam_threshold_independent(n: int, h: int, d: int, noise_std: float) -> float:
    """``(h d)^{-1/4} / rho``: the update treated as independent of ``W0`` (rectangular BBP)."""
    return adam_step.spike_threshold(h, d, adam_step.spectral_ratio(n, d, noise_std))


def _adam_threshold_rank_one(n: int, h: int, d: int, noise_std: float) -> float:
    """``(h d)^{-1/4}``: independent perturbation with ``rho = 1``."""
    adam_step.spectral_ratio(n, d, noise_std)
    return adam_step.spike_threshold(h, d, 1.0)


def _adam_threshold_nd(n: int, h: int, d: int, noise_std: float) -> float:
    """``(n d)^{-1/4} / rho``: the design card's ``sqrt(n d)`` scale in the BBP threshold."""
    return adam_step.spike_threshold(n, d, adam_step.spectral_ratio(n, d, noise_std))


def _adam_threshold_old(n: int, h: int, d: int, noise_std: float) -> float:
    """The pre-issue-12 equation: ``v^T (z^2 - X^T X)^{-1} v -> g2`` (no ``alpha^2`` term; 13-17% high)."""
    return adam_step.learning_rate_threshold("adam", n, h, d, noise_std, aligned_quadratic=False)


CLAIM = Claim(
    id="adam.spike_threshold",
    kind="threshold",
    statement="One FB-Adam step leaves an outlier singular value in W1 iff eta exceeds the threshold "
    "of the rank-one update aligned with W0^T a (1.34x the independent BBP value (hd)^{-1/4}/rho).",
    formula=r"\eta^* :\ \frac{\eta^*\sqrt h\rho}{s} = \frac{\sqrt c}{\sqrt{\sqrt c + \alpha^2/s^2} - "
    r"\alpha\gamma/s},\ s = s(\eta^*)",
    citation="kothapalli2025",
    source=SOURCE + ", Corollary 4.2 (eta ~ (hd)^{-1/4}); outlier equation after Benaych-Georges & "
    "Nadakuditi (2012), Lemma 4.1, with the alignment derived in docs/adam.md",
    assumptions=(*SETUP, ADAM_SIGN, "n, h, d large and proportional"),
    regime="h in [100, 400], d in [100, 300], n/h in [2, 4]; sigma_1(W1) at 1.5, 2, 3 times the prediction "
    "(24 replicates), inverted through the outlier equation and extrapolated to the edge",
    predict=adam_step.adam_spike_threshold,
    resolution_target=0.10,
    resolution_basis="threshold read off the outlier curve with a standard error (<= 1.5% with 24 replicates "
    "at h, d >= 100); "
    "must reject the pre-issue-12 equation, 13-17% high",
    variants=(
        Variant("old_equation", "no alpha^2 term in v^T (z^2 - X^T X)^{-1} v (13-17% high)",
                _adam_threshold_old, near_miss=True),
        Variant("independent", "(hd)^{-1/4}/rho: the update independent of W0", _adam_threshold_independent),
        Variant("rank_one", "(hd)^{-1/4}: independent and rho = 1", _adam_threshold_rank_one),
        Variant("sqrt_nd", "(nd)^{-1/4}/rho: sample size for the width", _adam_threshold_nd),
    ),
)

# 24-48 replicates per one-step example (seconds at d = 300).
CHECK = Check(CLAIM, ThresholdExperiment(), draws=lambda sizes: spike_threshold_params(sizes, "adam"), sizes=SIZES,
              examples=0.4, figures=(SPIKE_THRESHOLD_FIGURE,))
