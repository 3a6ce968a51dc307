"""Scaling laws from power-law spectra: the ``scaling.*`` claims (issue 15; page: ``docs/scaling.md``; closed
forms: ``theory.scaling``).

The claims: ``scaling.gd_loss`` (GD loss on a power-law quadratic with its 1/t correction), ``scaling.ridge_risk``
(ridge deterministic equivalent, general spectra), ``scaling.ridgeless_peak`` (exact finite-n isotropic ridgeless
risk on both sides of n = p), ``scaling.ridge_exponent`` (learning-curve exponents in the bias- and
variance-dominated phases), ``scaling.gd_floor``, ``scaling.gd_crossover`` and ``scaling.gd_curve`` (GD on
Gaussian linear regression: the late-time floor, the crossover time and the whole curve against its two-resolvent
deterministic equivalent); each with gross and near-miss variants.

Layout: one module per claim, named by the part of its id after the dot (``gd_loss``, ``ridge_risk``,
``ridgeless_peak``, ``ridge_exponent``, ``gd_floor``, ``gd_crossover``, ``gd_curve``), holding the claim record
with its variants, its tolerance constants with their calibration, its experiment, its draw and its ``CHECK``;
``_common`` — what several claims share (the sizes per profile ``SIZES``, the ridge and learned-GD parameter
records and simulations, ``B_RIDGE``, the learned-GD draw); ``figures`` — report figures
(:class:`rmtcheck.Figure`); ``calibrate`` / ``probe`` — the calibration of the bias bounds and an agreement
probe over the sizes.

``CHECKS`` holds one :class:`rmtcheck.Check` per claim, in catalog order.
"""

from __future__ import annotations

from typing import Any

from rmtcheck import Check
from rmtcheck.families.scaling import (
    gd_crossover,
    gd_curve,
    gd_floor,
    gd_loss,
    ridge_exponent,
    ridge_risk,
    ridgeless_peak,
)

CHECKS: tuple[Check[Any], ...] = (
    gd_loss.CHECK,
    ridge_risk.CHECK,
    ridgeless_peak.CHECK,
    ridge_exponent.CHECK,
    gd_floor.CHECK,
    gd_crossover.CHECK,
    gd_curve.CHECK,
)

__all__ = ["CHECKS"]
