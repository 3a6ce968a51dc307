"""Scaling laws from power-law spectra: everything about verifying the ``scaling.*`` claims (issue 15; page:
``docs/scaling.md``; closed forms: ``theory.scaling``).

Modules of this package:

* ``claims`` — ``CLAIMS``: ``scaling.gd_loss`` (GD loss on a power-law quadratic with its 1/t correction),
  ``scaling.ridge_risk`` (ridge deterministic equivalent, general spectra), ``scaling.ridgeless_peak`` (exact
  finite-n isotropic ridgeless risk on both sides of n = p), ``scaling.ridge_exponent`` (learning-curve
  exponents in the bias- and variance-dominated phases), ``scaling.gd_floor``, ``scaling.gd_crossover`` and
  ``scaling.gd_curve`` (GD on Gaussian linear regression: the late-time floor, the crossover time and the whole
  curve against its two-resolvent deterministic equivalent); gross and near-miss variants;
* ``params`` — the parameter records; ``sizes`` — the sizes per profile and the example fractions;
* ``draws`` — one Hypothesis draw per claim, a function of the profile;
* ``tolerances`` — the family's bias-bound constants with their calibration;
* ``simulate`` — the torch simulations; ``experiments`` — the comparisons (``EXPERIMENTS``);
* ``figures`` — report figures (:class:`rmtcheck.check.Figure`);
* ``calibrate`` / ``probe`` — the calibration of ``B_RIDGE`` and an agreement probe over the sizes.

``CHECKS`` holds one :class:`rmtcheck.check.Check` per claim, in catalog order.
"""

from __future__ import annotations

from typing import Any

from rmtcheck.check import Check
from rmtcheck.families.scaling import draws
from rmtcheck.families.scaling.claims import CLAIMS
from rmtcheck.families.scaling.experiments import (
    GDCrossoverExperiment,
    GDCurveExperiment,
    GDFloorExperiment,
    GDLossExperiment,
    RidgeExponentExperiment,
    RidgelessPeakExperiment,
    RidgeRiskExperiment,
)
from rmtcheck.families.scaling.figures import GD_LOSS_FIGURE, LEARNED_GD_FIGURE, RIDGE_CURVES_FIGURE
from rmtcheck.families.scaling.sizes import EXAMPLES

_CLAIMS = {claim.id: claim for claim in CLAIMS}

CHECKS: tuple[Check[Any], ...] = (
    Check(_CLAIMS["scaling.gd_loss"], GDLossExperiment(), draws.gd_loss, examples=EXAMPLES["scaling.gd_loss"],
          figures=(GD_LOSS_FIGURE,)),
    Check(_CLAIMS["scaling.ridge_risk"], RidgeRiskExperiment(), draws.ridge_risk,
          examples=EXAMPLES["scaling.ridge_risk"]),
    Check(_CLAIMS["scaling.ridgeless_peak"], RidgelessPeakExperiment(), draws.ridgeless_peak,
          examples=EXAMPLES["scaling.ridgeless_peak"]),
    Check(_CLAIMS["scaling.ridge_exponent"], RidgeExponentExperiment(), draws.ridge_exponent,
          examples=EXAMPLES["scaling.ridge_exponent"], figures=(RIDGE_CURVES_FIGURE,)),
    Check(_CLAIMS["scaling.gd_floor"], GDFloorExperiment(), draws.gd_floor, examples=EXAMPLES["scaling.gd_floor"]),
    Check(_CLAIMS["scaling.gd_crossover"], GDCrossoverExperiment(), draws.gd_crossover,
          examples=EXAMPLES["scaling.gd_crossover"], figures=(LEARNED_GD_FIGURE,)),
    Check(_CLAIMS["scaling.gd_curve"], GDCurveExperiment(), draws.gd_curve, examples=EXAMPLES["scaling.gd_curve"]),
)

__all__ = ["CHECKS", "CLAIMS"]
