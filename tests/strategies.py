"""Composable Hypothesis strategies over sizes and parameters.

Parameters that make a wrong variant coincide with the claim are kept out of the draws,
by a stated margin: ``sigma2`` and ``c`` stay at least a factor 1.6 away from 1 (the
``sigma`` vs ``sigma^2`` and ``p/n`` vs ``n/p`` variants coincide at 1); the lower edge
needs ``c`` away from 1 anyway (the hard edge). ``sigma2 = 1`` and ``c`` near 1 are
covered by the unit tests.
"""

from __future__ import annotations

from hypothesis import strategies as st

from sim.ensembles import ENTRY_LAWS, EntryLaw
from sim.experiments.params import CovarianceParams, WishartParams
from tests.profiles import Scale

SEPARATION = 1.6


def away_from_one(low: float, high: float) -> st.SearchStrategy[float]:
    """Floats in ``[low, 1/SEPARATION] ∪ [SEPARATION, high]``."""
    return st.one_of(
        st.floats(low, 1.0 / SEPARATION),
        st.floats(SEPARATION, high),
    )


def seeds() -> st.SearchStrategy[int]:
    return st.integers(min_value=0, max_value=2**31 - 1)


def entry_laws() -> st.SearchStrategy[EntryLaw]:
    return st.sampled_from(ENTRY_LAWS)


def variances() -> st.SearchStrategy[float]:
    return away_from_one(0.25, 4.0)


def aspect_ratios(low: float = 0.1, high: float = 8.0) -> st.SearchStrategy[float]:
    return away_from_one(low, high)


@st.composite
def covariance_params(
    draw: st.DrawFn,
    scale: Scale,
    *,
    ratios: st.SearchStrategy[float] | None = None,
    replicates: int = 1,
    laws: st.SearchStrategy[EntryLaw] | None = None,
) -> CovarianceParams:
    """(p, n) with the smaller side in ``[m_min, m_max]`` and ``c = p/n`` from ``ratios``."""
    c = draw(ratios if ratios is not None else aspect_ratios())
    m = draw(st.integers(scale.m_min, scale.m_max))
    p, n = (m, max(1, round(m / c))) if c <= 1 else (round(m * c), m)
    law = draw(laws if laws is not None else entry_laws())
    return CovarianceParams(p=p, n=n, sigma2=draw(variances()), law=law, replicates=replicates)


@st.composite
def wishart_params(draw: st.DrawFn, scale: Scale) -> WishartParams:
    """Real Wishart sizes with ``n / p`` in [1/4, 4] and ``min(n, p)`` in the scale's range."""
    m = draw(st.integers(scale.tw_m_min, scale.tw_m_max))
    ratio = draw(st.floats(1.0, 4.0))
    bigger = round(m * ratio)
    n, p = (bigger, m) if draw(st.booleans()) else (m, bigger)
    return WishartParams(n=n, p=p, replicates=scale.tw_replicates)
