"""Low-rank approximation error: everything about verifying the ``lowrank.*`` claims (page: ``docs/lowrank.md``).

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
from rmtcheck.families.lowrank import draws
from rmtcheck.families.lowrank.claims import CLAIMS
from rmtcheck.families.lowrank.experiments import RelativeErrorExperiment
from rmtcheck.families.lowrank.figures import ERROR_FIGURE

_CLAIMS = {claim.id: claim for claim in CLAIMS}

CHECKS: tuple[Check[Any], ...] = (
    Check(_CLAIMS["lowrank.relative_error"],
          RelativeErrorExperiment(),
          draws.relative_error,
          figures=(ERROR_FIGURE,)),
    Check(_CLAIMS["lowrank.fixed_dim"],
          RelativeErrorExperiment("lowrank.fixed_dim", fixed_dim=True),
          draws.fixed_dim),
)

__all__ = ["CHECKS", "CLAIMS"]
