"""Hypothesis draws of the Tracy–Widom claims: one function of the profile per claim.
"""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from rmtcheck.families.tracy_widom.params import WishartParams
from rmtcheck.families.tracy_widom.sizes import SIZES, TracyWidomSizes
from rmtcheck.profiles import Profile


@st.composite
def wishart_params(draw: st.DrawFn, scale: TracyWidomSizes) -> WishartParams:
    """Real Wishart sizes with ``n / p`` in [1, 3] and ``p`` in the scale's range: Johnstone's
    ``n - 1`` centring treats ``n`` as the sample size, and at ``n < p`` its CDF error does not
    shrink like ``m^{-2/3}`` (calibration in :data:`rmtcheck.tolerances.B_TW`); at ``n / p = 4`` it is
    largest and the n-versus-(n - 1) near miss smallest (rejected by a margin of 1.1 only)."""
    m = draw(st.integers(scale.tw_m_min, scale.tw_m_max))
    ratio = draw(st.floats(1.0, 3.0))
    n, p = round(m * ratio), m
    return WishartParams(n=n, p=p, replicates=scale.tw_replicates)


def wishart_tw1(profile: Profile) -> SearchStrategy[WishartParams]:
    """Parameters of ``tracy_widom.wishart_tw1``."""
    sizes = profile.pick(SIZES)
    return wishart_params(sizes)
