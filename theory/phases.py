"""The 5+1 phases of training read off a layer's ESD (Martin & Mahoney, JMLR 2021, Table 1).

``phase(eigs, N, M)`` labels the eigenvalues of ``W^T W / max(N, M)`` of an ``N x M`` layer
by these rules, applied in order (every threshold is a module constant):

Eigenvalues down to ``-ZERO_RELATIVE * lambda_max`` (rounding errors) count as 0.

1. **Rank-collapse** — more than ``COLLAPSE_FRACTION`` of the eigenvalues are below
   ``ZERO_RELATIVE * lambda_max`` ("large-mass spike at lambda = 0").
2. The bulk is fitted by MP (:func:`theory.heavy_tails.mp_bulk_fit`: median-matched
   ``sigma^2``, edge corrected by the TW1 99% quantile); *outliers* are the eigenvalues
   above the corrected edge.
3. **Random-like** — no outlier ("ESD well fit by MP, lambda_max ~ lambda^+ with TW
   statistics").
4. At most ``max(SPIKE_COUNT, SPIKE_FRACTION * min(N, M))`` outliers: **Bulk+Spikes** when
   every outlier exceeds ``(1 + GAP) lambda^+`` ("spikes well above lambda^+"), otherwise
   **Bleeding-out** ("eigenmass just above lambda^+").
5. More outliers: the tail is fitted by :func:`theory.power_law_fit.alpha_ks`;
   **Heavy-tailed** when ``alpha <= ALPHA_HEAVY`` = 4 (Martin & Mahoney's heavy-tailed
   range; ``alpha < 2`` is their "very heavy tailed"), otherwise **Bulk-decay**
   (heavy eigenmass above ``lambda^+`` whose tail is still steep).

These are operational rules for synthetic and trained spectra, not theorems; the tests
build one spectrum per phase and check the label.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from theory._validate import finite_array, positive_int
from theory.heavy_tails import mp_bulk_fit
from theory.power_law_fit import alpha_ks, positive_eigenvalues

__all__ = ["PHASES", "Phase", "PhaseReport", "phase"]

Phase = Literal["Random-like", "Bleeding-out", "Bulk+Spikes", "Bulk-decay", "Heavy-tailed", "Rank-collapse"]
PHASES: tuple[Phase, ...] = ("Random-like", "Bleeding-out", "Bulk+Spikes", "Bulk-decay", "Heavy-tailed",
                             "Rank-collapse")

COLLAPSE_FRACTION = 0.1
ZERO_RELATIVE = 1e-8
SPIKE_COUNT = 5
SPIKE_FRACTION = 0.01
GAP = 0.5
ALPHA_HEAVY = 4.0


@dataclass(frozen=True)
class PhaseReport:
    """The label and the numbers it was decided from (``alpha`` is 0 when no fit was needed)."""

    label: Phase
    sigma2: float
    edge: float
    tw_edge: float
    outliers: int
    zero_fraction: float
    alpha: float


def phase(eigs: ArrayLike, N: int, M: int) -> PhaseReport:
    """Label the ESD of an ``N x M`` layer (``eigs``: the ``min(N, M)`` eigenvalues of ``W^T W / max(N, M)``)."""
    rows = positive_int("N", N)
    cols = positive_int("M", M)
    values = np.sort(finite_array("eigs", eigs).ravel())
    if values.size != min(rows, cols):
        raise ValueError(f"eigs must hold min(N, M) = {min(rows, cols)} values; got {values.size}")
    if not values[-1] > 0.0 or values[0] < -ZERO_RELATIVE * values[-1]:
        raise ValueError("eigs must be >= 0 with a positive maximum (eigenvalues of W^T W; rounding "
                         "errors down to -1e-8 lambda_max are treated as 0)")
    values = np.maximum(values, 0.0)
    zero_fraction = float(np.mean(values <= ZERO_RELATIVE * values[-1]))
    if zero_fraction > COLLAPSE_FRACTION:
        return PhaseReport("Rank-collapse", 0.0, 0.0, 0.0, 0, zero_fraction, 0.0)
    bulk = mp_bulk_fit(values, min(rows, cols), max(rows, cols))
    outliers = values[values > bulk.tw_edge]

    def report(label: Phase, alpha: float = 0.0) -> PhaseReport:
        return PhaseReport(label, bulk.sigma2, bulk.edge, bulk.tw_edge, int(outliers.size), zero_fraction, alpha)

    if outliers.size == 0:
        return report("Random-like")
    if outliers.size <= max(SPIKE_COUNT, SPIKE_FRACTION * values.size):
        separated = bool(outliers[0] > (1.0 + GAP) * bulk.edge)
        return report("Bulk+Spikes" if separated else "Bleeding-out")
    alpha = alpha_ks(positive_eigenvalues(values, threshold=ZERO_RELATIVE * values[-1])).alpha
    return report("Heavy-tailed" if alpha <= ALPHA_HEAVY else "Bulk-decay", alpha)
