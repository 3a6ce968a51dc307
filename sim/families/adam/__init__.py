"""One-step and multi-step FB-Adam / GD: everything about verifying the ``adam.*`` claims (page: ``docs/adam.md``).

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
from sim.families.adam import draws
from sim.families.adam.claims import CLAIMS
from sim.families.adam.experiments import (
    FrobeniusExperiment,
    LocationExperiment,
    MultiStepTrendExperiment,
    RhoTrendExperiment,
    SpectralExperiment,
    ThresholdExperiment,
)
from sim.families.adam.figures import MULTISTEP_FIGURE, SPIKE_THRESHOLD_FIGURE, TABLE2_FIGURE
from sim.families.adam.proofs import PROOFS

_CLAIMS = {claim.id: claim for claim in CLAIMS}

CHECKS: tuple[Check[Any], ...] = (
    Check(_CLAIMS["adam.update_frobenius"],
          FrobeniusExperiment(),
          draws.update_frobenius,
          figures=(TABLE2_FIGURE,)),
    Check(_CLAIMS["adam.update_spectral"], SpectralExperiment(), draws.update_spectral, figures=(TABLE2_FIGURE,)),
    Check(_CLAIMS["adam.rho_trend"], RhoTrendExperiment(), draws.rho_trend, examples=0.4),
    # 24-48 replicates per one-step example (seconds at d = 300).
    Check(_CLAIMS["adam.spike_threshold"],
          ThresholdExperiment("adam.spike_threshold"),
          draws.spike_threshold,
          examples=0.4,
          figures=(SPIKE_THRESHOLD_FIGURE,)),
    Check(_CLAIMS["adam.spike_location"], LocationExperiment(), draws.spike_location, examples=0.4),
    Check(_CLAIMS["adam.gd_spike_threshold"],
          ThresholdExperiment("adam.gd_spike_threshold"),
          draws.gd_spike_threshold,
          examples=0.4,
          figures=(SPIKE_THRESHOLD_FIGURE,)),
    # Each multi-step example trains 15 networks for 10 steps (seconds at d = 500).
    Check(_CLAIMS["adam.multistep_adam_trend"],
          MultiStepTrendExperiment("adam.multistep_adam_trend"),
          draws.multistep_adam_trend,
          examples=0.16,
          figures=(MULTISTEP_FIGURE,)),
    Check(_CLAIMS["adam.multistep_gd_flat"],
          MultiStepTrendExperiment("adam.multistep_gd_flat"),
          draws.multistep_gd_flat,
          examples=0.16,
          figures=(MULTISTEP_FIGURE,)),
)

__all__ = ["CHECKS", "CLAIMS", "PROOFS"]
