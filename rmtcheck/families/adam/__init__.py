"""One-step and multi-step FB-Adam / GD: everything about verifying the ``adam.*`` claims (page: ``docs/adam.md``).

Modules of this package:

* ``claims`` — the claim records and their wrong variants (closed forms in ``theory/``);
* ``params`` — the parameter records; ``sizes`` — the sizes per profile;
* ``draws`` — one Hypothesis draw per claim, a function of the profile;
* ``tolerances`` — the family's tolerance constants with their calibration;
* ``experiments`` — the torch simulations and comparisons;
* ``figures`` — report figures (:class:`rmtcheck.check.Figure`);

Issue 16 added ``adam.teacher_alignment``, ``adam.overlap_outlier`` (closed forms in
``theory/adam_alignment.py``) and the trends ``adam.test_loss_trend``, ``adam.weight_norm_trend``,
``adam.steplr_trend`` (``theory/adam_trends.py``); their sizes are ``ISSUE16_SIZES``.

``CHECKS`` holds one :class:`rmtcheck.check.Check` per claim, in catalog order.
"""

from __future__ import annotations

from typing import Any

from rmtcheck.check import Check
from rmtcheck.families.adam import draws
from rmtcheck.families.adam.claims import CLAIMS
from rmtcheck.families.adam.experiments import (
    FrobeniusExperiment,
    LocationExperiment,
    MultiStepTrendExperiment,
    OverlapOutlierExperiment,
    RhoTrendExperiment,
    SpectralExperiment,
    TeacherAlignmentExperiment,
    ThresholdExperiment,
    TrainingTrendExperiment,
)
from rmtcheck.families.adam.figures import ISSUE16_FIGURES, MULTISTEP_FIGURE, SPIKE_THRESHOLD_FIGURE, TABLE2_FIGURE
from rmtcheck.families.adam.sizes import ISSUE16_SIZES

_CLAIMS = {claim.id: claim for claim in CLAIMS}
_ISSUE16_FIGURES = {figure.filename: figure for figure in ISSUE16_FIGURES}

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
    # Issue 16 (docs/adam.md): teacher alignment and overlap outliers after one step, training trends.
    Check(_CLAIMS["adam.teacher_alignment"],
          TeacherAlignmentExperiment(),
          draws.teacher_alignment,
          examples=ISSUE16_SIZES["verify"].alignment_examples,
          figures=(_ISSUE16_FIGURES["adam_teacher_alignment.png"],)),
    Check(_CLAIMS["adam.overlap_outlier"],
          OverlapOutlierExperiment(),
          draws.overlap_outlier,
          examples=ISSUE16_SIZES["verify"].overlap_examples,
          figures=(_ISSUE16_FIGURES["adam_overlap_outlier.png"],)),
    Check(_CLAIMS["adam.test_loss_trend"],
          TrainingTrendExperiment("adam.test_loss_trend"),
          draws.test_loss_trend,
          examples=ISSUE16_SIZES["verify"].trend_examples,
          figures=(_ISSUE16_FIGURES["adam_step_complexity.png"],)),
    Check(_CLAIMS["adam.weight_norm_trend"],
          TrainingTrendExperiment("adam.weight_norm_trend"),
          draws.weight_norm_trend,
          examples=ISSUE16_SIZES["verify"].trend_examples),
    Check(_CLAIMS["adam.steplr_trend"],
          TrainingTrendExperiment("adam.steplr_trend"),
          draws.steplr_trend,
          examples=ISSUE16_SIZES["verify"].trend_examples),
)

__all__ = ["CHECKS", "CLAIMS"]
