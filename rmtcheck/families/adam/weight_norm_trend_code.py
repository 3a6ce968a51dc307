"""``adam.weight_norm_trend_code``: ``adam.weight_norm_trend`` in the source's code setting — weight normalisation
as the authors' code does it (the whole matrix rescaled to ``|W|_F = sqrt(h d)`` before each step) also lowers
PL_Alpha_Hill after 10 FB-Adam steps, the more the larger the learning rate (issue 27; docs/adam.md, "Which
setting").

The claim with its wrong variants and the check; the experiment (``TrainingTrendExperiment``) and the draw
(``trend_params``, ``setting="code"``) are in ``_common``; the grid is ``adam.weight_norm_trend``'s.
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
from rmtcheck.families.adam.weight_norm_trend import WEIGHT_NORM_GRID
from rmtcheck.trends import increasing, no_trend
from theory import adam_trends

__all__ = ["CHECK", "CLAIM"]

CLAIM = Claim(
    id="adam.weight_norm_trend_code",
    kind="trend",
    statement="With the source code's weight normalisation (the whole matrix rescaled to |W|_F = sqrt(h d) before "
    "each FB-Adam step) PL_Alpha_Hill after 10 steps is lowered too, the more the larger the learning rate "
    "(paired by seed: Hill(WN) - Hill(no WN) falls with eta). The setting of the source's figures; "
    "adam.weight_norm_trend checks the paper's reading (rows rescaled after each step).",
    formula=r"\mathrm{Spearman}\big(\log\eta,\ \hat\alpha^{\rm WN,\,code}_{\rm Hill}"
    r" - \hat\alpha_{\rm Hill}\big) < 0",
    citation="kothapalli2025",
    source=SOURCE + ", §5.3 and appendix F.4 (Figure 29, Table 4); the normalisation of the authors' code "
    "(single-index-ht), measured in issue 27",
    assumptions=(*TREND_SETUP, "constant learning rate", "the source code's conventions: read-out features "
                 "tanh(X W^T / d) / sqrt(h), whole-matrix Frobenius normalisation before each step"),
    regime="eta = (1, 2, 4, 8, 16) times the corrected one-step threshold, 6 seeds per point, paired",
    predict=adam_trends.weight_norm_trend,
    resolution_target=0.5,
    resolution_basis="min_effect relative to the mean paired difference, as adam.weight_norm_trend (Spearman "
    "-0.96 at d = 200 in issue 27's measurement, -0.95 in the paper's setting)",
    variants=(
        Variant("no_effect", "weight normalisation does not change the tail", no_trend),
        Variant("lighter", "weight normalisation gives lighter tails at larger eta", increasing),
    ),
)

CHECK = Check(CLAIM, TrainingTrendExperiment(),
              draws=lambda sizes: trend_params(sizes, "weight_norm", WEIGHT_NORM_GRID, setting="code"),
              sizes=ISSUE16_SIZES, examples=ISSUE16_SIZES["verify"].trend_examples)
