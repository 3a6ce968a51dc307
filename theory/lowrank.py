"""Relative spectral error of the best rank-one approximation of a spiked sample covariance.

``X = ell u u^T + Z Z^T / n`` with ``Z`` ``p x n`` iid unit variance, ``c = p / n``. ``X`` is
symmetric positive semi-definite, so its best rank-one approximation in spectral norm keeps
the top eigenpair (Eckart–Young) and ``||X - X_hat||_2 / ||X||_2 = lambda_2(X) / lambda_1(X)``.

* Proportional regime (``p / n -> c``): ``lambda_2`` sits at the bulk edge ``(1 + sqrt c)^2``
  and ``lambda_1`` at the additive outlier, so the error tends to
  ``(1 + sqrt c)^2 / (1 + ell + c / (ell - c))`` for ``ell > c + sqrt(c)`` and to 1 below.
* Fixed ``p``, ``n -> inf``: ``Z Z^T / n -> I`` and the error tends to ``1 / (1 + ell)``.

Citation: source document 001 (Couillet & Liao), slide "Relative spectral error of low-rank
approximation"; the slide's extracted text renders the denominator's ``ell - c`` as
``c - c`` (see ``../shared/reference/formulas.md``).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from theory import spiked
from theory._validate import FloatArray, as_output, nonneg_array, positive_finite

__all__ = ["relative_error", "relative_error_fixed_dim"]


def relative_error(ell: ArrayLike, c: float) -> float | FloatArray:
    """``(1 + sqrt c)^2 / (1 + ell + c / (ell - c))`` for ``ell > c + sqrt(c)``, else 1.

    Continuous at ``ell = c + sqrt(c)``, where the outlier meets the edge.
    """
    c = positive_finite("c", c)
    top = np.asarray(spiked.additive_outlier(ell, c), dtype=np.float64)
    return as_output((1.0 + math.sqrt(c)) ** 2 / top, ell)


def relative_error_fixed_dim(ell: ArrayLike) -> float | FloatArray:
    """``1 / (1 + ell)``: fixed ``p``, ``n -> inf`` (the noise becomes the identity)."""
    spikes = np.asarray(nonneg_array("ell", ell))
    return as_output(1.0 / (1.0 + spikes), ell)
