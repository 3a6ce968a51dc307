"""``adam.test_loss_trend``: with the paper's read-out features, at d = 100-200 the test loss after 10 FB-Adam
steps rises with the learning rate (issue 16; issue 27 for the features: the source's Figure 5 used its code's
``tanh(XW^T/d)/sqrt h``, a setting this claim does not test; docs/adam.md, "Which setting").

The claim with its wrong variants, its learning-rate grid and the check; the experiment
(``TrainingTrendExperiment``) and the draw (``trend_params``) are in ``_common``, shared with the other training
trends. (Not a pytest module: the file is named after the claim id.)
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
from rmtcheck.families.adam.figures import STEP_COMPLEXITY_FIGURE
from rmtcheck.trends import decreasing, no_trend
from theory import adam_trends

__all__ = ["CHECK", "CLAIM", "TEST_LOSS_GRID"]

CLAIM = Claim(
    id="adam.test_loss_trend",
    kind="trend",
    statement="With the paper's read-out features tanh(X W^T / sqrt(d)) / sqrt(h), at d = 100-200 the test loss "
    "after 10 FB-Adam steps rises with the learning rate over 0.5-32 times the one-step threshold while "
    "PL_Alpha_Hill falls. The source's Figure 5 uses its code's features tanh(X W^T / d) / sqrt(h) (test loss "
    "0.5-1.4 lower, flat up to 4 times the threshold at d = 500), which this claim does not test.",
    formula=r"\mathrm{Spearman}\big(\log\eta,\ L_{\rm test}(W_{10})\big) > 0",
    citation="kothapalli2025",
    source=SOURCE + ", §5.2 (Figure 5) and appendix F.2; measured here (docs/adam.md)",
    assumptions=(*TREND_SETUP, "no weight normalisation, constant learning rate"),
    regime="eta = (0.5, 1, 2, 4, 8, 16, 32) times the corrected one-step threshold, 6 seeds per point, "
    "Spearman at one-sided level 1e-3",
    predict=adam_trends.test_loss_trend,
    resolution_target=0.35,
    resolution_basis="min_effect: the test loss rises 1.61 -> 2.81 (75%) over the grid at d = 200; its "
    "spread between seeds (6 per point) gives a detectable change of 21-26%",
    variants=(
        Variant("paper_direction", "heavier tails generalise better: test loss falls with eta",
                decreasing),
        Variant("no_trend", "the test loss does not depend on eta", no_trend),
    ),
)

TEST_LOSS_GRID = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0)  # multiples of the corrected one-step threshold

CHECK = Check(CLAIM, TrainingTrendExperiment(),
              draws=lambda sizes: trend_params(sizes, "test_loss", TEST_LOSS_GRID), sizes=ISSUE16_SIZES,
              examples=ISSUE16_SIZES["verify"].trend_examples, figures=(STEP_COMPLEXITY_FIGURE,))
