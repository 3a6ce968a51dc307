"""Random Fourier features: everything about verifying the ``rff.*`` claims (page: ``docs/rff.md``).

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
from rmtcheck.families.rff import draws
from rmtcheck.families.rff.claims import CLAIMS
from rmtcheck.families.rff.experiments import FixedPointExperiment, MSEExperiment, PeakExperiment
from rmtcheck.families.rff.figures import DOUBLE_DESCENT_FIGURE

_CLAIMS = {claim.id: claim for claim in CLAIMS}

CHECKS: tuple[Check[Any], ...] = (
    Check(_CLAIMS["rff.fixed_point"], FixedPointExperiment(), draws.fixed_point),
    Check(_CLAIMS["rff.train_mse"], MSEExperiment("rff.train_mse", "train"), draws.train_mse),
    Check(_CLAIMS["rff.test_mse"], MSEExperiment("rff.test_mse", "test"), draws.test_mse),
    Check(_CLAIMS["rff.ridgeless_peak"], PeakExperiment(), draws.ridgeless_peak, figures=(DOUBLE_DESCENT_FIGURE,)),
)

__all__ = ["CHECKS", "CLAIMS"]
