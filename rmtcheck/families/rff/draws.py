"""Hypothesis draws of the random Fourier feature claims: one function of the profile per claim.
"""

from __future__ import annotations

import math

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from rmtcheck.families.rff.params import RFFParams
from rmtcheck.families.rff.sizes import SIZES, RffSizes
from rmtcheck.profiles import Profile


@st.composite
def rff_params(draw: st.DrawFn, scale: RffSizes, *, draws: int = 512, labels: int = 16,
               p_high: float = 1.5) -> RFFParams:
    """The MSE claims (train and test): see the comment above; ``labels`` label vectors per draw of
    W; the test claim uses ``p_high = 1.25`` (its positive offset grows with p/n)."""
    n = draw(st.integers(128, 192))
    ratio = draw(st.floats(0.2, 0.24))
    lam = 10.0 ** draw(st.floats(-3.0, math.log10(3e-3)))
    p = draw(st.integers(n, round(p_high * n)))
    return RFFParams(data="mixture", n=n, n_test=256, N=max(1, round(ratio * n)), lam=lam, draws=draws, p=p,
                     separation=0.0, labels=labels)


@st.composite
def rff_fixed_point_params(draw: st.DrawFn, scale: RffSizes, *, draws: int = 256) -> RFFParams:
    n = draw(st.integers(128, 192))
    ratio = draw(st.floats(0.22, 0.28))
    lam = 10.0 ** draw(st.floats(-2.0, math.log10(1.5e-2)))
    p = draw(st.integers(n, 2 * n))
    return RFFParams(data="mixture", n=n, n_test=16, N=max(1, round(ratio * n)), lam=lam, draws=draws, p=p,
        separation=draw(st.floats(0.0, 0.3)))


@st.composite
def rff_peak_params(draw: st.DrawFn, scale: RffSizes) -> RFFParams:
    """n even in [40, 80], every integer N with |N - n/2| <= 4 (one feature pair per step), 24 draws
    (at n = 98 with 8 draws the arg-max fell one pair off in 3 of 44 verify examples);
    mixture p/n in [1, 2] or digits (p = 64 >= 0.64 n): the N = p variant stays > 0.14 away."""
    data = draw(st.sampled_from(("mixture", "digits")))
    n = 2 * draw(st.integers(20, 40))
    p = draw(st.integers(n, 2 * n))
    grid = tuple((n // 2 + k) / n for k in range(-4, 5))
    return RFFParams(data=data, n=n, n_test=256, N=1, lam=1e-6, draws=24, p=p,
                     separation=draw(st.floats(0.1, 0.3)), ratios=grid)


# Draw regimes and their reasons: the comment above rff_params and docs/rff.md.
def fixed_point(profile: Profile) -> SearchStrategy[RFFParams]:
    """Parameters of ``rff.fixed_point``."""
    sizes = profile.pick(SIZES)
    return rff_fixed_point_params(sizes, draws=sizes.rff_fixed_point_draws)


def train_mse(profile: Profile) -> SearchStrategy[RFFParams]:
    """Parameters of ``rff.train_mse``."""
    sizes = profile.pick(SIZES)
    return rff_params(sizes, draws=sizes.rff_mse_draws)


def test_mse(profile: Profile) -> SearchStrategy[RFFParams]:
    """Parameters of ``rff.test_mse``."""
    sizes = profile.pick(SIZES)
    return rff_params(sizes, draws=sizes.rff_mse_draws, p_high=1.25)


def ridgeless_peak(profile: Profile) -> SearchStrategy[RFFParams]:
    """Parameters of ``rff.ridgeless_peak``."""
    sizes = profile.pick(SIZES)
    return rff_peak_params(sizes)
