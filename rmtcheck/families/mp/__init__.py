"""Marchenko–Pastur: everything about verifying the ``mp.*`` claims (page: ``docs/mp.md``).

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
from rmtcheck.families.mp import draws
from rmtcheck.families.mp.claims import CLAIMS
from rmtcheck.families.mp.experiments import (
    AtomExperiment,
    EdgesExperiment,
    EsdExperiment,
    MomentsExperiment,
    StieltjesExperiment,
)
from rmtcheck.families.mp.figures import EDGES_FIGURE, ESD_FIGURE

_CLAIMS = {claim.id: claim for claim in CLAIMS}

CHECKS: tuple[Check[Any], ...] = (
    Check(_CLAIMS["mp.esd"], EsdExperiment(), draws.esd, figures=(ESD_FIGURE,)),
    Check(_CLAIMS["mp.edges"], EdgesExperiment(), draws.edges, figures=(EDGES_FIGURE,)),
    Check(_CLAIMS["mp.atom"], AtomExperiment(), draws.atom),
    Check(_CLAIMS["mp.moments"], MomentsExperiment(), draws.moments),
    Check(_CLAIMS["mp.stieltjes"], StieltjesExperiment(), draws.stieltjes),
)

__all__ = ["CHECKS", "CLAIMS"]
