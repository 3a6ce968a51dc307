"""Kesten recursions and SGD tails: everything about verifying the ``kesten.*`` claims (page: ``docs/kesten.md``).

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
from rmtcheck.families.kesten import draws
from rmtcheck.families.kesten.claims import CLAIMS
from rmtcheck.families.kesten.experiments import KestenExperiment, SgdTrendExperiment
from rmtcheck.families.kesten.figures import TAIL_INDEX_FIGURE

_CLAIMS = {claim.id: claim for claim in CLAIMS}

CHECKS: tuple[Check[Any], ...] = (
    # Seconds per example (131072 chains with splitting, 25 SGD runs in d <= 5): a fraction of the
    # profile's examples.
    Check(_CLAIMS["kesten.lognormal"],
          KestenExperiment("kesten.lognormal"),
          draws.lognormal,
          examples=0.32,
          figures=(TAIL_INDEX_FIGURE,)),
    Check(_CLAIMS["kesten.sgd_1d"],
          KestenExperiment("kesten.sgd_1d"),
          draws.sgd_1d,
          examples=0.32,
          figures=(TAIL_INDEX_FIGURE,)),
    Check(_CLAIMS["kesten.sgd_trend"], SgdTrendExperiment(), draws.sgd_trend, examples=0.24),
)

__all__ = ["CHECKS", "CLAIMS"]
