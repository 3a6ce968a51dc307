"""Spiked random matrices: BBP thresholds, outlier locations and eigenvector overlaps.

Three models, each in the proportional limit (both dimensions to infinity at a fixed ratio):

* **Multiplicative covariance spike** (Baik, Ben Arous & Péché 2005; Baik & Silverstein 2006;
  Paul 2007). ``X = Sigma^{1/2} Z``, ``Z`` is ``p x n`` with iid unit-variance entries,
  population covariance ``Sigma = I + sum_j ell_j u_j u_j^T`` (orthonormal ``u_j``),
  ``S = X X^T / n``, ``c = p / n``. A spike ``ell > sqrt(c)`` produces an outlier
  ``(1 + ell)(1 + c / ell)`` whose eigenvector has squared overlap
  ``(1 - c / ell^2) / (1 + c / ell)`` with ``u``; a weaker spike leaves the top eigenvalue at
  the bulk edge ``(1 + sqrt c)^2`` with overlap 0.
* **Additive spike** (source document 001, "low-rank approximation" slide).
  ``X = ell u u^T + Z Z^T / n``: threshold ``c + sqrt(c)``, outlier ``ell + 1 + c / (ell - c)``.
* **Rectangular information-plus-noise** (Benaych-Georges & Nadakuditi 2012, section 3.1).
  ``Y = G / sqrt(m) + theta a b^T`` with ``G`` ``n x m`` iid N(0, 1) and unit ``a, b``,
  ``c = n / m``: threshold ``c^{1/4}``, top singular value
  ``sqrt((1 + theta^2)(c + theta^2)) / theta``, squared overlaps
  ``1 - c (1 + theta^2) / (theta^2 (theta^2 + c))`` (left, with ``a``) and
  ``1 - (c + theta^2) / (theta^2 (theta^2 + 1))`` (right, with ``b``).

Finite rank: spikes act independently as long as their outliers are separated, so every
function accepts an array of spike strengths and returns one value per spike.

Exactly at a threshold the outlier merges with the edge and the overlap vanishes, both
continuously; at finite size the transition window has width of order ``n^{-1/3}`` in the
spike strength, and points inside it converge slowly (Baik, Ben Arous & Péché 2005).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from theory._validate import FloatArray, as_output, finite_result, nonneg_array, positive_finite, positive_int

__all__ = [
    "additive_outlier",
    "additive_threshold",
    "bbp_threshold",
    "outlier",
    "outlier_std",
    "outlier_variance",
    "overlap",
    "rect_overlaps",
    "rect_singular_value",
    "rect_threshold",
]



def _edge(c: float) -> float:
    """``1 + sqrt(c)`` (its square overflows only for ``c`` above 1.8e308, which ``positive_finite`` refuses)."""
    return 1.0 + math.sqrt(c)


def bbp_threshold(c: float) -> float:
    """BBP threshold of the multiplicative spike: ``sqrt(c)``, ``c = p / n``.

    Citation: Baik, Ben Arous & Péché (2005), Theorem 1.1 (complex case); Baik & Silverstein
    (2006) and Paul (2007) for real data.
    """
    return math.sqrt(positive_finite("c", c))


def outlier(ell: ArrayLike, c: float) -> float | FloatArray:
    """Almost-sure limit of the sample eigenvalue attached to a multiplicative spike ``ell``.

    ``(1 + ell)(1 + c / ell)`` for ``ell > sqrt(c)``, the bulk edge ``(1 + sqrt c)^2``
    otherwise. Citation: Baik & Silverstein (2006), Theorem 1.1; Paul (2007), Theorem 1.
    """
    c = positive_finite("c", c)
    spikes = nonneg_array("ell", ell)
    edge = _edge(c) ** 2
    safe = np.where(spikes > 0.0, spikes, 1.0)
    with np.errstate(over="ignore"):
        value = np.where(spikes > math.sqrt(c), (1.0 + spikes) * (1.0 + c / safe), edge)
    return as_output(finite_result(value, "ell, c (the outlier exceeds 1.8e308)"), ell)


def overlap(ell: ArrayLike, c: float) -> float | FloatArray:
    """Limit of ``<u, v_hat>^2`` for the sample eigenvector of a multiplicative spike.

    ``(1 - c / ell^2) / (1 + c / ell)`` above ``sqrt(c)``, 0 below.
    Citation: Paul (2007), Theorem 4; Benaych-Georges & Nadakuditi (2011).
    """
    c = positive_finite("c", c)
    spikes = nonneg_array("ell", ell)
    above = spikes > math.sqrt(c)
    safe = np.where(above, spikes, 1.0)  # the formula only where it applies: no overflow of c / ell below
    value = np.where(above, (1.0 - c / safe / safe) / (1.0 + c / safe), 0.0)
    return as_output(value, ell)


def outlier_variance(ell: ArrayLike, c: float) -> float | FloatArray:
    """Asymptotic variance of ``sqrt(n) (lambda_hat - outlier(ell, c))`` for real Gaussian data.

    ``2 (1 + ell)^2 (1 - c / ell^2)`` above ``sqrt(c)`` (Paul 2007, Theorem 3, with the
    population eigenvalue ``1 + ell``; half of it for complex data, Baik, Ben Arous & Péché
    2005). The limit is Gaussian. For non-Gaussian entries a fourth-cumulant term appears that
    is proportional to ``sum_i u_i^4``; it vanishes for delocalised ``u``. Below the
    threshold the fluctuations are Tracy–Widom on the ``n^{-2/3}`` scale; this function
    raises there.
    """
    c = positive_finite("c", c)
    spikes = nonneg_array("ell", ell)
    if np.any(spikes <= math.sqrt(c)):
        raise ValueError(f"ell must exceed the BBP threshold sqrt(c) = {math.sqrt(c):.6g} "
                         "(allowed range (sqrt(c), inf)) for Gaussian outlier fluctuations")
    with np.errstate(over="ignore"):
        value = 2.0 * (1.0 + spikes) * (1.0 + spikes) * _gap_ratio(spikes, c)
    return as_output(finite_result(value, "ell (the variance exceeds 1.8e308; outlier_std still fits)"), ell)


def _gap_ratio(spikes: FloatArray, c: float) -> FloatArray:
    """``1 - c / ell^2 = (ell^2 - c) / ell^2`` to full relative precision for ``ell > sqrt(c)``.

    Near the threshold the textbook form cancels (21% low one ulp above ``sqrt(3)`` at ``c = 3`` before issue
    26). There ``ell`` and ``c`` are scaled by ``2^-e`` and ``2^-2e`` (exact) so that ``ell`` lies in
    ``[1/2, 1)``, ``ell^2`` is formed exactly as ``hi + lo`` (Veltkamp/Dekker two-product) and
    ``ell^2 - c = (hi - c) + lo`` (``hi - c`` exact by Sterbenz where ``hi <= 2c``)."""
    shape = np.shape(spikes)
    with np.errstate(over="ignore", under="ignore"):
        spikes = np.atleast_1d(spikes)
        plain: FloatArray = 1.0 - c / spikes / spikes
        near = plain < 0.5  # ell^2 < 2 c: the subtraction cancels
        if not np.any(near):
            return plain.reshape(shape)
        mant, expo = np.frexp(spikes[near])
        cs = np.ldexp(np.full(mant.shape, c), -2 * expo)
        hi = mant * mant
        split = mant * 134217729.0  # 2^27 + 1
        top = split - (split - mant)
        bottom = mant - top
        lo = ((top * top - hi) + 2.0 * top * bottom) + bottom * bottom
        exact = ((hi - cs) + lo) / hi
    plain[near] = exact
    return plain.reshape(shape)


def _std_factor(ell: ArrayLike, c: float) -> FloatArray:
    """``(1 + ell) sqrt(2 (1 - c / ell^2))``, the square root of :func:`outlier_variance` without forming it."""
    c = positive_finite("c", c)
    spikes = nonneg_array("ell", ell)
    if np.any(spikes <= math.sqrt(c)):
        outlier_variance(ell, c)  # raises the documented error
    factor: FloatArray = (1.0 + spikes) * np.sqrt(2.0 * _gap_ratio(spikes, c))
    return factor


def outlier_std(ell: ArrayLike, c: float, n: int) -> float | FloatArray:
    """Standard deviation of the outlier at sample size ``n``: ``sqrt(outlier_variance / n)``, evaluated as
    ``(1 + ell) sqrt(2 (1 - c / ell^2)) / sqrt(n)`` (finite wherever the result fits in a float)."""
    n = positive_int("n", n)
    with np.errstate(over="ignore"):
        value = _std_factor(ell, c) / math.sqrt(n)
    return as_output(finite_result(value, "ell (the standard deviation exceeds 1.8e308)"), ell)


def additive_threshold(c: float) -> float:
    """Threshold of the additive spike ``ell u u^T + Z Z^T / n``: ``c + sqrt(c)``.

    Citation: source document 001, "low-rank approximation" slide; it is the point where
    the MP Stieltjes transform reaches ``-1 / ell`` at the upper edge.
    """
    c = positive_finite("c", c)
    return finite_result(c + math.sqrt(c), "c (c + sqrt(c) exceeds 1.8e308)")


def additive_outlier(ell: ArrayLike, c: float) -> float | FloatArray:
    """Top eigenvalue of ``ell u u^T + Z Z^T / n``: ``ell + 1 + c / (ell - c)`` above
    ``c + sqrt(c)``, the edge ``(1 + sqrt c)^2`` otherwise (source document 001)."""
    c = positive_finite("c", c)
    spikes = nonneg_array("ell", ell)
    above = spikes > c + math.sqrt(c)
    gap = np.where(above, spikes - c, 1.0)
    with np.errstate(over="ignore"):
        value = np.where(above, spikes + 1.0 + c / gap, _edge(c) ** 2)
    return as_output(finite_result(value, "ell, c (the outlier exceeds 1.8e308)"), ell)


def rect_threshold(c: float) -> float:
    """Threshold of the rectangular rank-one perturbation: ``c^{1/4}``, ``c = n / m``.

    Citation: Benaych-Georges & Nadakuditi (2012), section 3.1.
    """
    return float(positive_finite("c", c) ** 0.25)


def rect_singular_value(theta: ArrayLike, c: float) -> float | FloatArray:
    """Top singular value of ``G / sqrt(m) + theta a b^T``: ``sqrt((1 + theta^2)(c + theta^2)) / theta``
    above ``c^{1/4}``, the bulk edge ``1 + sqrt(c)`` otherwise.

    Citation: Benaych-Georges & Nadakuditi (2012), section 3.1, eq. (10).
    Evaluated as ``(hypot(1, theta) / theta) hypot(sqrt c, theta)``: finite wherever the value fits.
    """
    c = positive_finite("c", c)
    thetas = nonneg_array("theta", theta)
    above = thetas > c**0.25
    safe = np.where(above, thetas, 1.0)
    with np.errstate(over="ignore"):
        value = np.where(above, (np.hypot(1.0, safe) / safe) * np.hypot(math.sqrt(c), safe), _edge(c))
    return as_output(finite_result(value, "theta, c (the singular value exceeds 1.8e308)"), theta)


def rect_overlaps(theta: ArrayLike, c: float) -> tuple[float | FloatArray, float | FloatArray]:
    """Squared overlaps ``(<a, u_hat>^2, <b, v_hat>^2)`` of the top singular vectors.

    Left: ``1 - c (1 + theta^2) / (theta^2 (theta^2 + c))``; right:
    ``1 - (c + theta^2) / (theta^2 (theta^2 + 1))``; both 0 at and below ``c^{1/4}``.
    ``a`` lives in the ``n``-dimensional space (``c = n / m``).
    Citation: Benaych-Georges & Nadakuditi (2012), section 3.1, eqs. (11)-(12).
    Evaluated with ``s = theta^-2`` in the exactly equivalent forms ``(1 - c s^2) / (1 + c s)`` and
    ``(1 - c s^2) / (1 + s)``: no overflow for large ``theta`` (both tend to 1) and no cancellation
    for small ones.
    """
    c = positive_finite("c", c)
    thetas = nonneg_array("theta", theta)
    above = thetas > c**0.25
    inv = 1.0 / np.where(above, thetas, 1.0)
    s = inv * inv
    gap = 1.0 - (c * s) * s  # 1 - c / theta^4, in [0, 1) above the threshold
    left = np.where(above, gap / (1.0 + c * s), 0.0)
    right = np.where(above, gap / (1.0 + s), 0.0)
    return as_output(left, theta), as_output(right, theta)
