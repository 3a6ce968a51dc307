"""The 5+1 phases of training read off a layer's ESD (Martin & Mahoney, JMLR 2021, Table 1).

``phase(eigs, N, M)`` labels the eigenvalues of ``W^T W / max(N, M)`` of an ``N x M`` layer
by these rules, applied in order (every threshold is a module constant). The quoted phrases
are the operational definitions of source document 001 (Martin & Mahoney's table of the 5+1
phases).

Eigenvalues down to ``-ZERO_RELATIVE * lambda_max`` (rounding errors) count as 0.

1. **Rank-collapse** — more than ``COLLAPSE_FRACTION`` of the eigenvalues are below
   ``ZERO_RELATIVE * lambda_max`` ("ESD has large-mass spike at lambda = 0").
2. The bulk is fitted by MP (:func:`theory.heavy_tails.mp_bulk_fit`: median-matched
   ``sigma^2``, edge corrected by the TW1 99% quantile); *outliers* are the eigenvalues
   above the corrected edge.
3. **Random-like** — no outlier ("ESD well fit by MP, lambda_max ~ lambda^+ with TW
   statistics").
4. At most ``max(SPIKE_COUNT, SPIKE_FRACTION * min(N, M))`` outliers: **Bulk+Spikes** when
   at least one outlier exceeds ``(1 + GAP) lambda^+`` ("ESD Random-like plus >= 1 spikes
   well above lambda^+"), otherwise **Bleeding-out** ("eigenmass just above lambda^+").
5. More outliers: **Heavy-tailed** when the tail is a heavy power law *and* carries mass —
   the Hill exponent of the top ``max(10, min(N, M) / 10)`` eigenvalues is at most
   ``ALPHA_HEAVY`` = 4 (Martin & Mahoney's heavy-tailed range; ``alpha < 2`` is their "very
   heavy tailed") and at least ``HEAVY_MASS`` of the eigenvalues lie above the corrected edge
   ("no good lambda^+; lambda_max >> lambda^+"); otherwise **Bulk-decay** ("heavy-tailed
   eigenmass above lambda^+; some spikes").

Why Hill on a fixed share and not the KS fit for rule 5: on Student-t(3) layers (1000 x 500)
``alpha_ks`` ranged from 3.6 to 10.9 over fresh draws (its ``x_min`` jumps between the bulk
edge and a few outliers), so a threshold on it labels the same ensemble either way; the Hill
exponent of the top 10% ranged from 4.1 to 7.2 (24 draws) and from 1.7 to 2.3 for
Student-t(1.5) layers. The mass condition separates them further: 1.4-2.8% of the
eigenvalues above the edge for Student-t(3), 17-22% for Student-t(1.5). The KS exponent is
still reported (``PhaseReport.alpha``).

These are operational rules for synthetic and trained spectra, not theorems; the tests
build each phase's prototype on many fresh seeds and require a stated success rate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from theory._validate import finite_array, positive_int
from theory.heavy_tails import mp_bulk_fit
from theory.power_law_fit import alpha_hill, alpha_ks, positive_eigenvalues

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
HEAVY_MASS = 0.05
HILL_SHARE = 0.1


@dataclass(frozen=True)
class PhaseReport:
    """The label and the numbers it was decided from (``alpha``, the KS exponent, and
    ``alpha_hill``, the Hill exponent of the top ``HILL_SHARE``, are 0 when no fit was needed)."""

    label: Phase
    sigma2: float
    edge: float
    tw_edge: float
    outliers: int
    zero_fraction: float
    alpha: float
    alpha_hill: float = 0.0


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
    bulk = mp_bulk_fit(values, p=min(rows, cols), n=max(rows, cols))
    outliers = values[values > bulk.tw_edge]

    def report(label: Phase, alpha: float = 0.0, hill: float = 0.0) -> PhaseReport:
        return PhaseReport(label, bulk.sigma2, bulk.edge, bulk.tw_edge, int(outliers.size), zero_fraction, alpha,
                           hill)

    if outliers.size == 0:
        return report("Random-like")
    if outliers.size <= max(SPIKE_COUNT, SPIKE_FRACTION * values.size):
        separated = bool(outliers[-1] > (1.0 + GAP) * bulk.edge)  # the largest: ">= 1 spikes well above"
        return report("Bulk+Spikes" if separated else "Bleeding-out")
    positive = positive_eigenvalues(values, threshold=ZERO_RELATIVE * values[-1])
    alpha = alpha_ks(positive).alpha
    hill = alpha_hill(positive, min(positive.size, max(10, int(HILL_SHARE * values.size)))).alpha
    heavy = hill <= ALPHA_HEAVY and outliers.size >= HEAVY_MASS * values.size
    return report("Heavy-tailed" if heavy else "Bulk-decay", alpha, hill)
