"""Heavy-tailed self-regularisation metrics of a layer's spectrum and heavy-tailed universality.

Conventions (HT-SR, Martin & Mahoney 2021): a weight matrix ``W`` is ``N x M``; its
spectrum is the ``min(N, M)`` eigenvalues of ``W^T W / max(N, M)`` (or of ``W^T W`` — every
exponent below is scale-free; the norms are not). The power-law fits live in
:mod:`theory.power_law_fit` and are re-exported here.

* :func:`alpha_hat` — ``alpha log10 lambda_max`` (Martin, Peng & Mahoney 2021).
* :func:`log_spectral_norm`, :func:`log_frobenius_norm`, :func:`stable_rank` — as in
  weightwatcher: ``log10 lambda_max``, ``log10 sum lambda`` (the squared norms of ``W`` when
  the eigenvalues are those of ``W^T W``) and ``sum lambda / lambda_max``.
* :func:`mp_bulk_fit` — the MP scale ``sigma^2`` of the bulk (median matching, robust to a
  few outliers) and the number of eigenvalues above the Tracy–Widom-corrected edge.
* :func:`tail_exponent_from_entries` — the ESD density exponent ``mu / 2 + 1`` for iid
  entries with tail index ``mu`` in ``(0, 2)`` (source document 001, heavy-tailed
  universality table; Ben Arous & Guionnet 2008).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from theory import mp, tracy_widom
from theory._validate import FloatArray, finite_array, positive_int
from theory.power_law_fit import (
    PowerLawFit,
    alpha_hill,
    alpha_ks,
    hill_mean,
    ks_distance,
    positive_eigenvalues,
)

__all__ = [
    "MPBulkFit",
    "PowerLawFit",
    "alpha_hat",
    "alpha_hill",
    "alpha_ks",
    "hill_mean",
    "ks_distance",
    "log_frobenius_norm",
    "log_spectral_norm",
    "mp_bulk_fit",
    "positive_eigenvalues",
    "stable_rank",
    "tail_exponent_from_entries",
]

#: Tracy–Widom (beta = 1) quantile used for the corrected edge: 1% of pure-noise spectra
#: have an eigenvalue above it.
EDGE_QUANTILE = 0.99


def _spectrum(eigs: ArrayLike) -> FloatArray:
    values = finite_array("eigs", eigs).ravel()
    if values.size < 1:
        raise ValueError("eigs must hold at least 1 value")
    if np.any(values < 0.0):
        raise ValueError("eigs must be >= 0 (allowed range [0, inf)): eigenvalues of W^T W")
    if not np.max(values) > 0.0:
        raise ValueError("eigs must contain a value > 0")
    return values


def log_spectral_norm(eigs: ArrayLike) -> float:
    """``log10 lambda_max`` (``log10 ||W||_2^2`` for the eigenvalues of ``W^T W``)."""
    return math.log10(float(np.max(_spectrum(eigs))))


def log_frobenius_norm(eigs: ArrayLike) -> float:
    """``log10 sum lambda`` (``log10 ||W||_F^2`` for the eigenvalues of ``W^T W``)."""
    return math.log10(float(np.sum(_spectrum(eigs))))


def stable_rank(eigs: ArrayLike) -> float:
    """``sum lambda / lambda_max`` (``||W||_F^2 / ||W||_2^2``), in ``[1, len(eigs)]``."""
    values = _spectrum(eigs)
    return float(np.sum(values) / np.max(values))


def alpha_hat(eigs: ArrayLike, fit: PowerLawFit | None = None) -> float:
    """``alpha log10 lambda_max`` (Martin, Peng & Mahoney 2021, "alpha-hat").

    ``alpha`` is the KS fit of :func:`alpha_ks` on the positive eigenvalues unless a fit is
    passed.
    """
    values = _spectrum(eigs)
    chosen = fit if fit is not None else alpha_ks(positive_eigenvalues(values))
    return chosen.alpha * math.log10(float(np.max(values)))


@dataclass(frozen=True)
class MPBulkFit:
    """An MP fit of the bulk of ``S = X X^T / n`` (``X`` is ``p x n``, ``c = p / n``).

    Attributes:
        sigma2: Fitted entry variance (MP scale).
        c: Aspect ratio used.
        edge: MP upper edge ``sigma2 (1 + sqrt c)^2``.
        tw_edge: Edge plus the Tracy–Widom quantile ``EDGE_QUANTILE`` on Johnstone's scale.
        spikes: Number of eigenvalues above ``tw_edge``.
    """

    sigma2: float
    c: float
    edge: float
    tw_edge: float
    spikes: int


def mp_bulk_fit(eigs: ArrayLike, *, p: int, n: int) -> MPBulkFit:
    """Fit ``sigma^2`` to the bulk and count the eigenvalues above the TW-corrected edge.

    ``eigs`` are the ``min(p, n)`` leading eigenvalues of ``S = X X^T / n``. ``sigma^2``
    matches the median of the non-zero eigenvalues to the MP median (a bounded number
    of outliers moves it by ``O(1 / min(p, n))``). The corrected edge is
    ``sigma^2 (mu + s sigma_J) / n`` with Johnstone's ``(mu, sigma_J)`` for ``(n, p)`` and
    ``s`` the TW1 quantile ``EDGE_QUANTILE`` (Johnstone 2001).
    """
    rows = positive_int("p", p)
    cols = positive_int("n", n)
    if cols < 2:
        raise ValueError(f"n must be an integer >= 2 (allowed range 2, 3, ...); got {n!r}")
    values = _spectrum(eigs)
    if values.size != min(rows, cols):
        raise ValueError(f"eigs must hold min(p, n) = {min(rows, cols)} values; got {values.size}")
    c = rows / cols
    atom = mp.atom(c)
    median_q = atom + 0.5 * (1.0 - atom)
    sigma2 = float(np.median(values)) / float(mp.quantile(median_q, c))
    if not sigma2 > 0.0:
        raise ValueError("eigs must have a positive median (no MP bulk to fit)")
    mu, scale = tracy_widom.wishart_lmax_scaling(n=cols, p=rows)
    tw_edge = sigma2 * (mu + float(tracy_widom.quantile(EDGE_QUANTILE)) * scale) / cols
    return MPBulkFit(
        sigma2=sigma2,
        c=c,
        edge=mp.edges(c, sigma2)[1],
        tw_edge=tw_edge,
        spikes=int(np.count_nonzero(values > tw_edge)),
    )


def tail_exponent_from_entries(mu: ArrayLike) -> float | FloatArray:
    """ESD density exponent ``mu / 2 + 1`` for iid entries with ``P(|w| > x) ~ x^-mu``.

    Regime: ``0 < mu < 2`` (Lévy-type entries), any aspect ratio, at finite and infinite
    size (source document 001, universality table: "ESD tail ~ lambda^-(mu/2 + 1)"). For
    ``2 < mu < 4`` the finite-size exponent depends on the aspect ratio and the limit is MP;
    for ``mu > 4`` the ESD is MP: both raise ``ValueError``.
    """
    arr = finite_array("mu", mu)
    if np.any((arr <= 0.0) | (arr >= 2.0)):
        raise ValueError("mu must lie in (0, 2) (the Lévy regime); for mu > 2 there is no universal exponent")
    result = arr / 2.0 + 1.0
    if np.ndim(mu) == 0:
        return float(result)
    return result



def moderate_tail_trend() -> int:
    """``+1``: for ``2 < mu < 4`` the finite-size ESD tail exponent increases with ``mu``.

    Martin & Mahoney (2021), §3 and Table 3: in this regime the ESD has a finite-size power
    tail whose exponent depends on ``mu`` and the aspect ratio, tending to MP as the size
    grows; lighter entry tails give steeper ESD tails. Returned as a direction (+1, 0, -1)
    for the trend test.
    """
    return 1
