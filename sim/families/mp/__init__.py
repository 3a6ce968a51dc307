"""Marchenko–Pastur: everything about verifying the ``mp.*`` claims (page: ``docs/mp.md``).

Modules of this package:

* ``claims`` — the claim records and their wrong variants (closed forms in ``theory/``);
* ``params`` — the parameter records; ``sizes`` — the sizes per profile;
* ``draws`` — one Hypothesis draw per claim, a function of the profile;
* ``tolerances`` — the family's tolerance constants with their calibration;
* ``experiments`` — the torch simulations and comparisons;
* ``figures`` — report figures (:class:`sim.check.Figure`);
* ``proofs`` — sympy checks, ``PROOFS`` (run by ``python -m proofs_check``).

``CHECKS`` holds one :class:`sim.check.Check` per claim, in catalog order.
"""

from __future__ import annotations

from typing import Any

from sim.check import Check
from sim.families.mp import draws
from sim.families.mp.claims import CLAIMS
from sim.families.mp.experiments import (
    AtomExperiment,
    EdgesExperiment,
    EsdExperiment,
    MomentsExperiment,
    StieltjesExperiment,
)
from sim.families.mp.figures import EDGES_FIGURE, ESD_FIGURE
from sim.families.mp.proofs import PROOFS

_CLAIMS = {claim.id: claim for claim in CLAIMS}

CHECKS: tuple[Check[Any], ...] = (
    Check(_CLAIMS["mp.esd"], EsdExperiment(), draws.esd, figures=(ESD_FIGURE,)),
    Check(_CLAIMS["mp.edges"], EdgesExperiment(), draws.edges, figures=(EDGES_FIGURE,)),
    Check(_CLAIMS["mp.atom"], AtomExperiment(), draws.atom),
    Check(_CLAIMS["mp.moments"], MomentsExperiment(), draws.moments),
    Check(_CLAIMS["mp.stieltjes"], StieltjesExperiment(), draws.stieltjes),
)

__all__ = ["CHECKS", "CLAIMS", "PROOFS"]
