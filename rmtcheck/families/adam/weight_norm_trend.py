"""``adam.weight_norm_trend``: weight normalisation lowers PL_Alpha_Hill after 10 FB-Adam steps, the more the
larger the learning rate (issue 16; docs/adam.md).

The claim with its wrong variants, its learning-rate grid and the check; the experiment
(``TrainingTrendExperiment``) and the draw (``trend_params``) are in ``_common``, shared with the other training
trends.
"""

from __future__ import annotations

from rmtcheck import Check, Claim, Variant
from rmtcheck.families.adam._common import (
    ISSUE16_SIZES,
    SOURCE,
    TREND_SETUP,
    TrainingTrendExperiment,
    trend_params,
)
from rmtcheck.trends import increasing, no_trend
from theory import adam_trends

__all__ = ["CHECK", "CLAIM", "WEIGHT_NORM_GRID"]

CLAIM = Claim(
    id="adam.weight_norm_trend",
    kind="trend",
    statement="Weight normalisation after each FB-Adam step lowers PL_Alpha_Hill after 10 steps, the more "
    "the larger the learning rate (paired by seed: Hill(WN) - Hill(no WN) falls with eta).",
    formula=r"\mathrm{Spearman}\big(\log\eta,\ \hat\alpha^{\rm WN}_{\rm Hill}"
    r" - \hat\alpha_{\rm Hill}\big) < 0",
    citation="kothapalli2025",
    source=SOURCE + ", §5.3 and appendix F.4 (Figure 29, Table 4); WN read as every row of W rescaled to "
    "its initial expected norm sqrt(d) (the equation was lost in extraction)",
    assumptions=(*TREND_SETUP, "constant learning rate"),
    regime="eta = (1, 2, 4, 8, 16) times the corrected one-step threshold, 6 seeds per point, paired",
    predict=adam_trends.weight_norm_trend,
    resolution_target=0.5,
    resolution_basis="min_effect relative to the mean paired difference (about -0.09, a small mean): "
    "25-37% with 6 seeds; the difference goes from 0 (eta <= 2 eta*) to -0.19 (16 eta*)",
    variants=(
        Variant("no_effect", "weight normalisation does not change the tail", no_trend),
        Variant("lighter", "weight normalisation gives lighter tails at larger eta", increasing),
    ),
)

WEIGHT_NORM_GRID = (1.0, 2.0, 4.0, 8.0, 16.0)  # multiples of the corrected one-step threshold

CHECK = Check(CLAIM, TrainingTrendExperiment(),
              draws=lambda sizes: trend_params(sizes, "weight_norm", WEIGHT_NORM_GRID),
              sizes=ISSUE16_SIZES, examples=ISSUE16_SIZES["verify"].trend_examples)
