"""Spiked models: everything about verifying the ``spiked.*`` claims (page: ``docs/spiked.md``).

Finite-rank perturbations of sample covariance and rectangular noise matrices: the outlier
locations (``spiked.outlier``, ``spiked.additive_outlier``, ``spiked.rect_singular_value``), the
eigenvector overlaps (``spiked.overlap``, ``spiked.rect_overlaps``), the outlier's fluctuations
(``spiked.outlier_variance``) and the BBP thresholds (``spiked.bbp_threshold``,
``spiked.additive_threshold``, ``spiked.rect_threshold``).

Layout: one module per claim, each holding the claim record with its wrong variants, its tolerance
constants with their calibration, its experiment, its draw and its ``CHECK``; ``_common`` holds what
they share (assumption strings and shared variants, the rectangular and threshold parameter records,
the sizes per profile, the rectangular and threshold draws, the multiplicative and rectangular
simulations, the outlier and overlap bias bounds, and the threshold estimator with its experiment and
constants); ``figures`` the report figure. Shared with the ``lowrank`` family: the spiked covariance
record :class:`rmtcheck.params.SpikedParams`, its draw :func:`rmtcheck.draws.spiked_params`, the
additive simulation :func:`sim.spiked.simulate_additive` and
:func:`rmtcheck.trends.control_variate_comparisons`. The closed forms are in :mod:`theory.spiked`.

``CHECKS`` holds one :class:`rmtcheck.Check` per claim, in catalog order.
"""

from __future__ import annotations

from rmtcheck.families.spiked import (
    additive_outlier,
    additive_threshold,
    bbp_threshold,
    outlier,
    outlier_variance,
    overlap,
    rect_overlaps,
    rect_singular_value,
    rect_threshold,
)

CHECKS = (
    outlier.CHECK,
    overlap.CHECK,
    outlier_variance.CHECK,
    bbp_threshold.CHECK,
    additive_outlier.CHECK,
    additive_threshold.CHECK,
    rect_singular_value.CHECK,
    rect_overlaps.CHECK,
    rect_threshold.CHECK,
)

__all__ = ["CHECKS"]
