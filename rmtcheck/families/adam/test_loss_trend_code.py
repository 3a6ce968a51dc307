"""``adam.test_loss_trend_code``: ``adam.test_loss_trend`` in the source's code setting — with the read-out
features of the authors' code, ``tanh(X W^T / d) / sqrt h``, the test loss after 10 FB-Adam steps still rises
with the learning rate at d = 100-200 (issue 27; docs/adam.md, "Which setting"). The rise weakens with d: at
d = 500 the test loss is flat up to 4 eta* and the trend fails this test (Spearman +0.46 with 3 seeds).

The claim with its wrong variants and the check; the experiment (``TrainingTrendExperiment``) and the draw
(``trend_params``, ``setting="code"``) are in ``_common``; the grid is ``adam.test_loss_trend``'s. (Not a pytest
module: the file is named after the claim id.)
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
from rmtcheck.families.adam.test_loss_trend import TEST_LOSS_GRID
from rmtcheck.trends import decreasing, no_trend
from theory import adam_trends

__all__ = ["CHECK", "CLAIM", "CODE_SEEDS"]

#: Seeds per grid point (the paper-setting claim uses 6): the rise is weaker with the code's features.
CODE_SEEDS = 10

CLAIM = Claim(
    id="adam.test_loss_trend_code",
    kind="trend",
    statement="With the source code's read-out features tanh(X W^T / d) / sqrt(h) (the setting of the source's "
    "Figure 5), at d = 100-200 the test loss after 10 FB-Adam steps also rises with the learning rate over "
    "0.5-32 times the one-step threshold; it is 0.5-1.4 lower than with the paper's features, and the rise "
    "weakens with d (flat up to 4 times the threshold at d = 500).",
    formula=r"\mathrm{Spearman}\big(\log\eta,\ L^{\rm code}_{\rm test}(W_{10})\big) > 0",
    citation="kothapalli2025",
    source=SOURCE + ", §5.2 (Figure 5) and appendix F.2; the read-out of the authors' code (single-index-ht), "
    "measured in issue 27",
    assumptions=(*TREND_SETUP, "no weight normalisation, constant learning rate",
                 "the source code's read-out features tanh(X W^T / d) / sqrt(h)"),
    regime="d = 100-200 only; eta = (0.5, 1, 2, 4, 8, 16, 32) times the corrected one-step threshold, "
    "10 seeds per point, Spearman at one-sided level 1e-3",
    predict=adam_trends.test_loss_trend,
    resolution_target=0.35,
    resolution_basis="min_effect: 10-13% in issue 27's measurement at d = 100-200 (6 seeds per point); the "
    "target is adam.test_loss_trend's. 10 seeds per point: with 6 the Spearman correlation at d = 200 "
    "(0.64-0.78 at verify seed 1) sat about 3 spreads above the level-1e-3 critical value",
    variants=(
        Variant("paper_direction", "heavier tails generalise better: test loss falls with eta",
                decreasing),
        Variant("no_trend", "the test loss does not depend on eta", no_trend),
    ),
)

CHECK = Check(CLAIM, TrainingTrendExperiment(),
              draws=lambda sizes: trend_params(sizes, "test_loss", TEST_LOSS_GRID, setting="code",
                                               seeds=CODE_SEEDS),
              sizes=ISSUE16_SIZES, examples=ISSUE16_SIZES["verify"].trend_examples)
