"""Tracy–Widom: everything about verifying the ``tracy_widom.*`` claims (page: ``docs/tracy_widom.md``).

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
from rmtcheck.families.tracy_widom import draws
from rmtcheck.families.tracy_widom.claims import CLAIMS
from rmtcheck.families.tracy_widom.experiments import WishartTw1Experiment
from rmtcheck.families.tracy_widom.figures import TW1_FIGURE

_CLAIMS = {claim.id: claim for claim in CLAIMS}

CHECKS: tuple[Check[Any], ...] = (
    Check(_CLAIMS["tracy_widom.wishart_tw1"], WishartTw1Experiment(), draws.wishart_tw1, figures=(TW1_FIGURE,)),
)

__all__ = ["CHECKS", "CLAIMS"]
