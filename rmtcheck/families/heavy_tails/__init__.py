"""Heavy tails: everything about verifying the ``heavy_tails.*`` claims (page: ``docs/heavy_tails.md``).

Modules of this package:

* ``claims`` — the claim records and their wrong variants (closed forms in ``theory/``);
* ``params`` — the parameter records; ``sizes`` — the sizes per profile;
* ``draws`` — one Hypothesis draw per claim, a function of the profile;
* ``tolerances`` — the family's tolerance constants with their calibration;
* ``experiments`` — the torch simulations and comparisons;
* ``figures`` — report figures (:class:`rmtcheck.check.Figure`);

``CHECKS`` holds one :class:`rmtcheck.check.Check` per claim, in catalog order.
"""

from __future__ import annotations

from typing import Any

from rmtcheck.check import Check
from rmtcheck.families.heavy_tails import draws
from rmtcheck.families.heavy_tails.claims import CLAIMS
from rmtcheck.families.heavy_tails.experiments import (
    EstimatorExperiment,
    LevyExponentExperiment,
    LightTailEsdExperiment,
    ModerateTrendExperiment,
)
from rmtcheck.families.heavy_tails.figures import ALPHA_VS_MU_FIGURE, ESD_LOGLOG_FIGURE
from rmtcheck.families.heavy_tails.tolerances import B_KS_PARETO, B_KS_T

_CLAIMS = {claim.id: claim for claim in CLAIMS}

CHECKS: tuple[Check[Any], ...] = (
    Check(_CLAIMS["heavy_tails.hill_pareto"],
          EstimatorExperiment("heavy_tails.hill_pareto", bias_units=0.0, fixed_k=True),
          draws.hill_pareto),
    # Seconds per example (KS fits of 32 x 4000 values, 48 heavy-tailed matrices of m <= 600):
    # a fraction of the profile's examples.
    Check(_CLAIMS["heavy_tails.ks_pareto"],
          EstimatorExperiment("heavy_tails.ks_pareto", bias_units=B_KS_PARETO),
          draws.ks_pareto,
          examples=0.4),
    Check(_CLAIMS["heavy_tails.ks_student_t"],
          EstimatorExperiment("heavy_tails.ks_student_t", bias_units=B_KS_T),
          draws.ks_student_t,
          examples=0.4),
    Check(_CLAIMS["heavy_tails.levy_exponent"],
          LevyExponentExperiment(),
          draws.levy_exponent,
          examples=0.32,
          figures=(ESD_LOGLOG_FIGURE,)),
    Check(_CLAIMS["heavy_tails.moderate_trend"],
          ModerateTrendExperiment(),
          draws.moderate_trend,
          examples=0.4,
          figures=(ALPHA_VS_MU_FIGURE,)),
    Check(_CLAIMS["heavy_tails.mp_light_tails"], LightTailEsdExperiment(), draws.mp_light_tails, examples=0.4),
)

__all__ = ["CHECKS", "CLAIMS"]
