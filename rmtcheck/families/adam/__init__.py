"""One-step and multi-step FB-Adam / GD: the ``adam.*`` claims (page: ``docs/adam.md``; closed forms:
``theory.adam_step``, ``theory.adam_alignment``, ``theory.adam_trends``).

The claims: the norms of the first FB-Adam step (``adam.update_frobenius``, ``adam.update_spectral``,
``adam.rho_trend``), the learning-rate thresholds for an outlier in W1 after one FB-Adam or GD step and its
location (``adam.spike_threshold``, ``adam.spike_location``, ``adam.gd_spike_threshold``), the mean left overlap
after one GD step with the spread of its strength (``adam.gd_left_overlap``, issue 27), the tail of W^T W after
10 steps (``adam.multistep_adam_trend``, ``adam.multistep_gd_flat``); issue 16 added the teacher alignment and
overlap outlier after one step (``adam.teacher_alignment``, ``adam.overlap_outlier``) and the training trends
(``adam.test_loss_trend``, ``adam.weight_norm_trend``, ``adam.steplr_trend``; their sizes are ``ISSUE16_SIZES``);
issue 27 the first two in the source code's setting (``adam.test_loss_trend_code``,
``adam.weight_norm_trend_code``).

Layout: one module per claim, named by the part of its id after the dot, holding the claim record with its
variants, its tolerance constants with their calibration, its experiment, its draw and its ``CHECK``; ``_common``
— what several claims share (the sizes per profile, the one-step, multi-step and trend parameter records, the
threshold, multi-step and training-trend experiments with their draws, the teacher draw); ``figures`` — report
figures (:class:`rmtcheck.Figure`); ``outlier_table`` — the outlier-location table of docs/adam.md.

``CHECKS`` holds one :class:`rmtcheck.Check` per claim, in catalog order.
"""

from __future__ import annotations

from typing import Any

from rmtcheck import Check
from rmtcheck.families.adam import (
    gd_left_overlap,
    gd_spike_threshold,
    multistep_adam_trend,
    multistep_gd_flat,
    overlap_outlier,
    rho_trend,
    spike_location,
    spike_threshold,
    steplr_trend,
    teacher_alignment,
    test_loss_trend,
    test_loss_trend_code,
    update_frobenius,
    update_spectral,
    weight_norm_trend,
    weight_norm_trend_code,
)

CHECKS: tuple[Check[Any], ...] = (
    update_frobenius.CHECK,
    update_spectral.CHECK,
    rho_trend.CHECK,
    spike_threshold.CHECK,
    spike_location.CHECK,
    gd_spike_threshold.CHECK,
    gd_left_overlap.CHECK,
    multistep_adam_trend.CHECK,
    multistep_gd_flat.CHECK,
    teacher_alignment.CHECK,
    overlap_outlier.CHECK,
    test_loss_trend.CHECK,
    test_loss_trend_code.CHECK,
    weight_norm_trend.CHECK,
    weight_norm_trend_code.CHECK,
    steplr_trend.CHECK,
)

__all__ = ["CHECKS"]
