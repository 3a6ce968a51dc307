"""What the Marchenko–Pastur claims (``mp.*``) share: the parameter record, the sizes per profile,
the Hypothesis draw of ``(p, n)``, the assumption strings, and the simulation and control-variate
helpers.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from hypothesis import strategies as st
from numpy.typing import NDArray

from rmtcheck.draws import SEPARATION, aspect_ratios, entry_laws, variances
from rmtcheck.params import check_size
from sim.laws import ENTRY_LAWS, EntryLaw, fourth_moment

if TYPE_CHECKING:
    import torch

FloatArray = NDArray[np.float64]

MP_ASSUMPTIONS = (
    "X is p x n with iid entries, mean 0, variance sigma2, finite fourth moment",
    "S = X X^T / n, c = p / n",
)

PROPORTIONAL = "p, n -> inf with p / n -> c in (0, inf); sigma2 fixed"


@dataclass(frozen=True, kw_only=True)
class CovarianceParams:
    """``X`` is ``p x n`` with iid entries of variance ``sigma2`` from ``law``; ``S = X X^T / n``."""

    p: int
    n: int
    sigma2: float = 1.0
    law: EntryLaw = "gaussian"
    replicates: int = 1

    def __post_init__(self) -> None:
        check_size("p", self.p)
        check_size("n", self.n)
        check_size("replicates", self.replicates)
        if not self.sigma2 > 0:
            raise ValueError(f"sigma2 must be > 0; got {self.sigma2!r}")
        if self.law not in ENTRY_LAWS:
            raise ValueError(f"law must be one of {ENTRY_LAWS}; got {self.law!r}")

    @property
    def c(self) -> float:
        return self.p / self.n

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "c": self.c}


@dataclass(frozen=True)
class MpSizes:
    """Sizes of the Marchenko–Pastur draws per profile (``m`` is the smaller matrix side)."""

    mp_m: tuple[int, int]
    edge_m: tuple[int, int]
    esd_replicates: int
    edge_replicates: int
    replicates: int


SIZES: dict[str, MpSizes] = {
    "ci": MpSizes(mp_m=(100, 120), edge_m=(80, 100), esd_replicates=24, edge_replicates=24, replicates=48),
    "verify": MpSizes(mp_m=(120, 160), edge_m=(120, 150), esd_replicates=48, edge_replicates=64, replicates=160),
    "verify-cuda": MpSizes(mp_m=(200, 400), edge_m=(200, 400), esd_replicates=32, edge_replicates=64,
                           replicates=256),
}


@st.composite
def covariance_params(
    draw: st.DrawFn,
    *,
    ratios: st.SearchStrategy[float] | None = None,
    replicates: int = 1,
    laws: st.SearchStrategy[EntryLaw] | None = None,
    m_range: tuple[int, int],
) -> CovarianceParams:
    """(p, n) with the smaller side in ``m_range`` and ``c = p/n``
    from ``ratios``."""
    c = draw(ratios if ratios is not None else aspect_ratios())
    low, high = m_range
    m = draw(st.integers(low, high))
    p, n = (m, max(1, round(m / c))) if c <= 1 else (round(m * c), m)
    law = draw(laws if laws is not None else entry_laws())
    return CovarianceParams(p=p, n=n, sigma2=draw(variances()), law=law, replicates=replicates)


# mp.moments / mp.stieltjes: n = m / c <= 6 m, so that the n - 1 normalisation (near-miss
# variant, a relative k/n) stays resolvable.
MOMENT_RATIOS = st.one_of(st.floats(0.25, 1.0 / SEPARATION), st.floats(SEPARATION, 4.0))

CHUNK = 64


def matrices(params: CovarianceParams, gen: torch.Generator, count: int) -> torch.Tensor:
    """``count`` draws of ``X`` (``(count, p, n)``)."""
    from sim.ensembles import data_matrix

    return data_matrix(p=params.p, n=params.n, sigma2=params.sigma2, law=params.law,
                       generator=gen, batch=count)


def eigenvalues(params: CovarianceParams, gen: torch.Generator, *, full: bool = False) -> FloatArray:
    """``(replicates, p)`` eigenvalues of ``S``, simulated in chunks to bound memory."""
    import torch

    from sim.spectra import covariance_eigenvalues

    parts = []
    remaining = params.replicates
    while remaining > 0:
        count = min(CHUNK, remaining)
        parts.append(covariance_eigenvalues(matrices(params, gen, count), full=full).cpu())
        remaining -= count
    values: FloatArray = torch.cat(parts).numpy()
    return values


def control_variate_mean(values: FloatArray, controls: FloatArray,
                         control_means: FloatArray) -> tuple[float, float]:
    """Mean of ``values`` with control variates ``controls`` (``(R, q)``, exact means
    ``control_means``): ``mean(v) - beta . (mean(C) - control_means)`` with ``beta`` the
    least-squares regression of ``v`` on ``C``; returns the estimate and its standard error
    (residual spread, ``R - q - 1`` degrees of freedom). Controls that are constant up to rounding
    (Rademacher entries make ``tr(S)/p`` exact) are dropped."""
    count = values.shape[0]
    centred = controls - controls.mean(axis=0)
    spread = centred.std(axis=0)
    keep = spread > 1e-10 * np.maximum(1.0, np.abs(control_means))
    design = centred[:, keep]
    if design.shape[1] == 0 or count <= design.shape[1] + 2:
        return float(values.mean()), float(values.std(ddof=1)) / math.sqrt(count)
    beta, *_ = np.linalg.lstsq(design, values - values.mean(), rcond=None)
    shift = (controls.mean(axis=0) - control_means)[keep]
    estimate = float(values.mean() - beta @ shift)
    residual = values - values.mean() - design @ beta
    dof = count - design.shape[1] - 1
    return estimate, float(np.sqrt(residual @ residual / dof)) / math.sqrt(count)


def exact_trace_means(params: CovarianceParams) -> FloatArray:
    """Exact finite-size means of ``tr(S)/p`` and ``tr(S^2)/p``: ``sigma2`` and
    ``sigma2^2 (1 + c + (m4 - 2)/n)`` (expand ``E tr (X X^T)^2``), the control variates."""
    s2 = params.sigma2
    second = s2 * s2 * (1.0 + params.c + (fourth_moment(params.law) - 2.0) / params.n)
    return np.array([s2, second])
