"""Hypothesis draws of the heavy-tail claims: one function of the profile per claim.
"""

from __future__ import annotations

import math

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from rmtcheck.draws import aspect_ratios, sides
from rmtcheck.families.heavy_tails.params import HeavyMatrixParams, HillRule, TailSampleParams, TrendParams
from rmtcheck.families.heavy_tails.sizes import SIZES, HeavyTailsSizes
from rmtcheck.profiles import Profile

HEAVY_M_MIN = 300

TAIL_LAWS = st.sampled_from(("pareto", "student_t"))


@st.composite
def hill_params(draw: st.DrawFn, scale: HeavyTailsSizes) -> TailSampleParams:
    """Pareto samples, alpha in [1.5, 5], both x_min rules, k drawn where the factor k/(k - 2) moves
    the mean by 4-10% (the no-bias variant; the k - 1 variant sits at half of that); R k >= 6.4e5
    log-spacings, so the mean's relative SE is at most 0.1%."""
    rule: HillRule = draw(st.sampled_from(("middle", "quarter")))
    alpha = draw(st.floats(1.5, 5.0))
    bounds = [_hill_k_for_gap(alpha, gap) for gap in (0.10, 0.04)]
    k = draw(st.integers(math.ceil(bounds[0]), math.floor(bounds[1])))
    n = 2 * k if rule == "middle" else 4 * k
    return TailSampleParams("pareto", alpha, n, math.ceil(640_000 / k), rule)


def _hill_k_for_gap(alpha: float, gap: float) -> float:
    """The k at which ``1 - alpha / hill_mean(alpha, k) = gap``: ``k/(k - 2) = r`` with
    ``r = (alpha / (1 - gap) - 1) / (alpha - 1)``."""
    ratio = (alpha / (1.0 - gap) - 1.0) / (alpha - 1.0)
    return 2.0 * ratio / (ratio - 1.0)


@st.composite
def ks_params(draw: st.DrawFn, scale: HeavyTailsSizes, law: str) -> TailSampleParams:
    """KS fits, n in [3000, 4000]: ``pareto_body`` with alpha in [1.8, 3]; ``student_t`` with nu in
    [0.5, 0.9] (the fit's downward bias and relative SE grow with nu: 4.5% resolution at nu = 1);
    32 replicates."""
    alpha = draw(st.floats(1.8, 3.0)) if law == "pareto_body" else 1.0 + draw(st.floats(0.5, 0.9))
    n = draw(st.integers(3000, 4000))
    return TailSampleParams(law, alpha, n, 32)  # type: ignore[arg-type]


@st.composite
def heavy_matrix_params(draw: st.DrawFn, scale: HeavyTailsSizes) -> HeavyMatrixParams:
    """mu in [0.3, 0.45] (the relative SE of the exponent grows with mu / (mu + 2): 5% resolution at
    mu = 0.5, m = 500; at mu = 1.5 the measured bias brought the mu + 1 variant inside the
    tolerance), c in [1/2, 2], m in [heavy_m_max - 50, heavy_m_max] (k = m/10 eigenvalues per fit),
    48 matrices."""
    m = draw(st.integers(scale.heavy_m_max - 50, scale.heavy_m_max))
    p, n = sides(draw(st.floats(0.5, 2.0)), m)
    return HeavyMatrixParams(mu=draw(st.floats(0.3, 0.45)), law=draw(TAIL_LAWS), p=p, n=n, replicates=48)


@st.composite
def moderate_trend_params(draw: st.DrawFn, scale: HeavyTailsSizes) -> TrendParams:
    m = draw(st.integers(200, 300))
    p, n = sides(draw(st.floats(0.25, 4.0)), m)
    return TrendParams(grid=(2.2, 2.6, 3.0, 3.4, 3.8), replicates=16, law=draw(TAIL_LAWS), p=p, n=n)


@st.composite
def light_tail_params(draw: st.DrawFn, scale: HeavyTailsSizes) -> HeavyMatrixParams:
    """Student-t(mu) entries, mu in [5, 7] (the dof + 1 variant is 5-10% off), c in [1/4, 4] away
    from 1 (the inverted-ratio variant), m in [m_max + 300, m_max + 500]."""
    m = draw(st.integers(scale.m_max + 300, scale.m_max + 500))
    p, n = sides(draw(aspect_ratios(0.25, 4.0)), m)
    return HeavyMatrixParams(mu=draw(st.floats(5.0, 7.0)), law="student_t", p=p, n=n, replicates=1)


def hill_pareto(profile: Profile) -> SearchStrategy[TailSampleParams]:
    """Parameters of ``heavy_tails.hill_pareto``."""
    sizes = profile.pick(SIZES)
    return hill_params(sizes)


def ks_pareto(profile: Profile) -> SearchStrategy[TailSampleParams]:
    """Parameters of ``heavy_tails.ks_pareto``."""
    sizes = profile.pick(SIZES)
    return ks_params(sizes, "pareto_body")


def ks_student_t(profile: Profile) -> SearchStrategy[TailSampleParams]:
    """Parameters of ``heavy_tails.ks_student_t``."""
    sizes = profile.pick(SIZES)
    return ks_params(sizes, "student_t")


def levy_exponent(profile: Profile) -> SearchStrategy[HeavyMatrixParams]:
    """Parameters of ``heavy_tails.levy_exponent``."""
    sizes = profile.pick(SIZES)
    return heavy_matrix_params(sizes)


def moderate_trend(profile: Profile) -> SearchStrategy[TrendParams]:
    """Parameters of ``heavy_tails.moderate_trend``."""
    sizes = profile.pick(SIZES)
    return moderate_trend_params(sizes)


def mp_light_tails(profile: Profile) -> SearchStrategy[HeavyMatrixParams]:
    """Parameters of ``heavy_tails.mp_light_tails``."""
    sizes = profile.pick(SIZES)
    return light_tail_params(sizes)
