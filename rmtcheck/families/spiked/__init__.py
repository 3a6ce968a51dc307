"""Spiked models: everything about verifying the ``spiked.*`` claims (page: ``docs/spiked.md``).

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
from rmtcheck.families.spiked import draws
from rmtcheck.families.spiked.claims import CLAIMS
from rmtcheck.families.spiked.experiments import (
    AdditiveOutlierExperiment,
    OutlierExperiment,
    OutlierVarianceExperiment,
    OverlapExperiment,
    RectOverlapsExperiment,
    RectSingularValueExperiment,
    ThresholdExperiment,
)
from rmtcheck.families.spiked.figures import OUTLIER_FIGURE

_CLAIMS = {claim.id: claim for claim in CLAIMS}

CHECKS: tuple[Check[Any], ...] = (
    Check(_CLAIMS["spiked.outlier"], OutlierExperiment(), draws.outlier, figures=(OUTLIER_FIGURE,)),
    Check(_CLAIMS["spiked.overlap"], OverlapExperiment(), draws.overlap),
    Check(_CLAIMS["spiked.outlier_variance"], OutlierVarianceExperiment(), draws.outlier_variance, examples=0.4),
    Check(_CLAIMS["spiked.bbp_threshold"],
          ThresholdExperiment("spiked.bbp_threshold", "multiplicative"),
          draws.bbp_threshold),
    Check(_CLAIMS["spiked.additive_outlier"], AdditiveOutlierExperiment(), draws.additive_outlier),
    Check(_CLAIMS["spiked.additive_threshold"],
          ThresholdExperiment("spiked.additive_threshold", "additive"),
          draws.additive_threshold),
    Check(_CLAIMS["spiked.rect_singular_value"], RectSingularValueExperiment(), draws.rect_singular_value),
    Check(_CLAIMS["spiked.rect_overlaps"], RectOverlapsExperiment(), draws.rect_overlaps),
    Check(_CLAIMS["spiked.rect_threshold"],
          ThresholdExperiment("spiked.rect_threshold", "rectangular"),
          draws.rect_threshold),
)

__all__ = ["CHECKS", "CLAIMS"]
