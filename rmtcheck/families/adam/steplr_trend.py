"""``adam.steplr_trend``: with a StepLR decay, PL_Alpha_Hill after 10 FB-Adam steps falls as the decay factor
rises (issue 16; docs/adam.md).

The claim with its wrong variants, its grid of decay factors and the check; the experiment
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

__all__ = ["CHECK", "CLAIM", "STEPLR_GRID"]

CLAIM = Claim(
    id="adam.steplr_trend",
    kind="trend",
    statement="With a StepLR decay gamma per step, PL_Alpha_Hill after 10 FB-Adam steps at 8 times the "
    "one-step threshold falls as gamma rises: a slow decay gives the heavier tail.",
    formula=r"\mathrm{Spearman}\big(\gamma,\ \hat\alpha_{\rm Hill}(W_{10}^\top W_{10})\big) < 0",
    citation="kothapalli2025",
    source=SOURCE + ", appendix F.4 (Figures 28(d), 31); torch.optim.StepLR with step size 1",
    assumptions=(*TREND_SETUP, "learning rate 8 eta* gamma^t at step t"),
    regime="gamma = (0.25, 0.5, 0.75, 1), 6 seeds per point",
    predict=adam_trends.steplr_trend,
    resolution_target=0.05,
    resolution_basis="min_effect: 1.8-2.5% with 6 seeds; PL_Alpha_Hill 2.30 (gamma 0.25) -> 1.85 (gamma 1), "
    "a 20% change, seed spread 0.01-0.02",
    variants=(
        Variant("no_effect", "the decay does not change the tail", no_trend),
        Variant("reversed", "a slower decay gives a lighter tail", increasing),
    ),
)

STEPLR_GRID = (0.25, 0.5, 0.75, 1.0)  # StepLR decay factors gamma per step

CHECK = Check(CLAIM, TrainingTrendExperiment(), draws=lambda sizes: trend_params(sizes, "steplr", STEPLR_GRID),
              sizes=ISSUE16_SIZES, examples=ISSUE16_SIZES["verify"].trend_examples)
