"""``adam.multistep_gd_flat``: below its one-step threshold, GD leaves PL_Alpha_Hill after 10 steps independent of
the learning rate (docs/adam.md).

The claim with its wrong variants and the check; the experiment (``MultiStepTrendExperiment``) and the draw
(``multistep_params``, the factors ``GD_FACTORS``) are in ``_common``, shared with ``adam.multistep_adam_trend``.
"""

from __future__ import annotations

from rmtcheck import Check, Claim, Variant
from rmtcheck.families.adam._common import SETUP, SIZES, SOURCE, MultiStepTrendExperiment, multistep_params
from rmtcheck.families.adam.figures import MULTISTEP_FIGURE
from rmtcheck.trends import decreasing, increasing
from theory import adam_step

__all__ = ["CHECK", "CLAIM"]

CLAIM = Claim(
    id="adam.multistep_gd_flat",
    kind="trend",
    statement="Below its one-step spike threshold, GD leaves PL_Alpha_Hill after 10 steps independent "
    "of the learning rate: no heavy tail emerges.",
    formula=r"\mathrm{Spearman}\big(\eta,\ \hat\alpha_{\rm Hill}(W_{10}^\top W_{10})\big) = 0,"
    r"\ \eta \le \eta^*_{GD}/2",
    citation="kothapalli2025",
    source=SOURCE + ", §5.1 (Table 1: GD below the threshold shows no heavy tail after 10 steps)",
    assumptions=(*SETUP, "GD, 10 steps, constant learning rate"),
    regime="eta = (1/16, 1/8, 1/4, 1/2) times the refined GD threshold, n : h : d = 2 : 1.5 : 1; 4 seeds "
    "per point; band |Spearman| < z_{1-1e-3} / sqrt(points - 1)",
    predict=adam_step.gd_subthreshold_trend,
    resolution_target=0.03,
    resolution_basis="min_effect = the smallest relative change of mean PL_Alpha_Hill across the eta grid "
    "that fails the flatness band at level 1e-3 (verify seed 5150: 0.7-1.0%)",
    variants=(
        Variant("adam_like", "the FB-Adam trend: larger steps, heavier tails", decreasing),
        Variant("increasing", "larger steps, lighter tails", increasing),
    ),
)

# Each multi-step example trains 15 networks for 10 steps (seconds at d = 500).
CHECK = Check(CLAIM, MultiStepTrendExperiment(), draws=lambda sizes: multistep_params(sizes, "gd"), sizes=SIZES,
              examples=0.16, figures=(MULTISTEP_FIGURE,))
