"""Hypothesis draws of the one-step and multi-step FB-Adam / GD claims: one function of the profile per claim.
"""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from rmtcheck.draws import log_uniform
from rmtcheck.families.adam.params import (
    AlignmentParams,
    MultiStepParams,
    OneStepParams,
    OverlapParams,
    RhoTrendParams,
    TrainingTrendParams,
)
from rmtcheck.families.adam.sizes import ISSUE16_SIZES, SIZES, AdamIssue16Sizes, AdamSizes
from rmtcheck.profiles import Profile

# The sqrt(n d) variant of the spectral claim differs by sqrt(n/h): n/h in [1.8, 4] keeps it >= 34%
# away. Spike claims keep h, d >= 80 (the threshold windows scale as m^{-1/3}); the location claim
# draws h >= d and eta in [2, 2.5] times the threshold (where the outlier equation was calibrated).
# FB-Adam: 2-16 times the threshold (at (2000, 1500, 1000) PL_Alpha_Hill after 10 steps was 2.45,
# 2.35, 2.03, 1.83 at 2, 4, 8, 16 and flat (1.84) at 32: the decrease saturates there).
ADAM_FACTORS = (2.0, 4.0, 8.0, 16.0)

GD_FACTORS = (1 / 16, 1 / 8, 1 / 4, 1 / 2)


@st.composite
def frobenius_params(draw: st.DrawFn, scale: AdamSizes) -> OneStepParams:
    h = draw(st.integers(50, scale.adam_h_max))
    d = draw(st.integers(40, scale.adam_h_max))
    return OneStepParams(draw(st.integers(50, 4 * d)), h, d, 2, eta=draw(log_uniform(1e-3, 10.0)))


@st.composite
def spectral_params(draw: st.DrawFn, scale: AdamSizes) -> OneStepParams:
    h = draw(st.integers(150, scale.adam_h_max))
    d = draw(st.integers(150, scale.adam_h_max))
    n = round(draw(st.floats(1.8, 4.0)) * h)
    return OneStepParams(n, h, d, 5 * scale.adam_replicates, eta=draw(log_uniform(1e-3, 10.0)))


@st.composite
def rho_trend_params(draw: st.DrawFn, scale: AdamSizes) -> RhoTrendParams:
    """n/d from 0.5 to 32 (rho from 0.78 to 0.94); the per-replicate spread of rho is 1-3%."""
    h = draw(st.integers(150, 250))
    d = draw(st.integers(100, 200))
    return RhoTrendParams(h, d, (0.5, 2.0, 8.0, 32.0), 4)


@st.composite
def spike_threshold_params(draw: st.DrawFn, scale: AdamSizes, optimizer: str) -> OneStepParams:
    """n/h in [2, 4]: the (n d)^{-1/4} variant then sits below the independent value. GD's update strength
    fluctuates with |a| and |V| (sigma_1 spread 5-8% per replicate): h, d >= 150 and 3x the replicates."""
    low = 100 if optimizer == "adam" else 150
    h = draw(st.integers(low, scale.adam_h_max))
    d = draw(st.integers(low, min(scale.adam_h_max, 300)))
    n = round(draw(st.floats(2.0, 4.0)) * h)
    replicates = scale.adam_replicates * (2 if optimizer == "adam" else 3)
    return OneStepParams(n, h, d, replicates, optimizer)


@st.composite
def spike_location_params(draw: st.DrawFn, scale: AdamSizes) -> OneStepParams:
    """d in [200, 300] (ci: [150, 200]), h/d in [0.75, 1.5] (h < d included since the alpha^2 term),
    n/d in [2, 4], eta at 1.5-1.75 times the threshold: there the pre-issue-12 equation is 2.4-5% low
    (less at n/d = 1, c = 2)."""
    top = min(scale.adam_h_max, 300)
    d = draw(st.integers(max(150, top - 100), top))
    h = round(draw(st.floats(0.75, 1.5)) * d)
    n = round(draw(st.floats(2.0, 4.0)) * d)
    return OneStepParams(n, h, d, 10 * scale.adam_replicates, eta_factor=draw(st.floats(1.5, 1.75)))


@st.composite
def multistep_params(draw: st.DrawFn, scale: AdamSizes, optimizer: str) -> MultiStepParams:
    """The authors' proportions n : h : d = 2 : 1.5 : 1 (their main configuration is d = 1000)."""
    d = draw(st.integers(*scale.multistep_d))
    factors = ADAM_FACTORS if optimizer == "adam" else GD_FACTORS
    return MultiStepParams(2 * d, round(1.5 * d), d, optimizer, factors, seeds=4)


def update_frobenius(profile: Profile) -> SearchStrategy[OneStepParams]:
    """Parameters of ``adam.update_frobenius``."""
    sizes = profile.pick(SIZES)
    return frobenius_params(sizes)


def update_spectral(profile: Profile) -> SearchStrategy[OneStepParams]:
    """Parameters of ``adam.update_spectral``."""
    sizes = profile.pick(SIZES)
    return spectral_params(sizes)


def rho_trend(profile: Profile) -> SearchStrategy[RhoTrendParams]:
    """Parameters of ``adam.rho_trend``."""
    sizes = profile.pick(SIZES)
    return rho_trend_params(sizes)


def spike_threshold(profile: Profile) -> SearchStrategy[OneStepParams]:
    """Parameters of ``adam.spike_threshold``."""
    sizes = profile.pick(SIZES)
    return spike_threshold_params(sizes, "adam")


def spike_location(profile: Profile) -> SearchStrategy[OneStepParams]:
    """Parameters of ``adam.spike_location``."""
    sizes = profile.pick(SIZES)
    return spike_location_params(sizes)


def gd_spike_threshold(profile: Profile) -> SearchStrategy[OneStepParams]:
    """Parameters of ``adam.gd_spike_threshold``."""
    sizes = profile.pick(SIZES)
    return spike_threshold_params(sizes, "gd")


def multistep_adam_trend(profile: Profile) -> SearchStrategy[MultiStepParams]:
    """Parameters of ``adam.multistep_adam_trend``."""
    sizes = profile.pick(SIZES)
    return multistep_params(sizes, "adam")


def multistep_gd_flat(profile: Profile) -> SearchStrategy[MultiStepParams]:
    """Parameters of ``adam.multistep_gd_flat``."""
    sizes = profile.pick(SIZES)
    return multistep_params(sizes, "gd")


# --- issue 16: teacher alignment, overlap outliers, training trends --------------------------------------

@st.composite
def _issue16_sizes(draw: st.DrawFn, sizes: AdamIssue16Sizes, aspect_min: float = 0.7) -> tuple[int, int, int]:
    d = draw(st.integers(sizes.d_min, sizes.d_max))
    h = round(d * draw(st.floats(aspect_min, 1.5)))
    n = round(d * draw(st.floats(1.5, 3.0)))
    return n, h, d


@st.composite
def _alignment_params(draw: st.DrawFn, sizes: AdamIssue16Sizes) -> AlignmentParams:
    """FB-Adam, ``d`` in the profile's range, ``h/d`` in [0.8, 1.5], ``n/d`` in [1.5, 3]; the rungs 1.5 and 3
    times the threshold are fixed (below 1.5 the finite-size bias of the overlap grows: GD showed -2.7% at
    1.5x; the near-miss variants need both rungs). ``h/d >= 0.8`` and ``d >= 140`` in verify: at h = 84 the
    spread per replicate puts the resolution at 3.3-4.0% (verify seed 31337). The spread per replicate
    grows like ``(h d)^{-1/2}`` while the cost per replicate falls faster, so small sizes get more replicates:
    ``base * 30000 / (h d)``, between ``base`` and ``3 base``."""
    n, h, d = draw(_issue16_sizes(sizes, 0.8))
    base = sizes.alignment_replicates
    return AlignmentParams(n, h, d, min(3 * base, max(base, round(base * 30000 / (h * d)))))


@st.composite
def _overlap_params(draw: st.DrawFn, sizes: AdamIssue16Sizes) -> OverlapParams:
    """FB-Adam, above at 1.5-1.75 eta* (the near-miss variants differ most there), below at 0.25-0.5 eta*
    (at 0.8 eta* the subcritical spike already lifts 8-12% of the replicates over the Haar bound); ``h/d >= 0.9``:
    the top entry spreads more at small ``h`` (resolution 2.8% at h = 88)."""
    n, h, d = draw(_issue16_sizes(sizes, 0.9))
    return OverlapParams(n, h, d, sizes.overlap_replicates, eta_factor=draw(st.floats(1.5, 1.75)),
                         below_factor=draw(st.floats(0.25, 0.5)))


TEST_LOSS_GRID = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0)
WEIGHT_NORM_GRID = (1.0, 2.0, 4.0, 8.0, 16.0)
STEPLR_GRID = (0.25, 0.5, 0.75, 1.0)


def _trend_params(sizes: AdamIssue16Sizes, kind: str) -> st.SearchStrategy[TrainingTrendParams]:
    """Fixed grids (measured in docs/adam.md) at ``d = sizes.trend_d``; only the seeds vary."""
    grid = {"test_loss": TEST_LOSS_GRID, "weight_norm": WEIGHT_NORM_GRID, "steplr": STEPLR_GRID}[kind]
    return st.just(TrainingTrendParams(sizes.trend_d, kind, grid, sizes.trend_seeds))


def teacher_alignment(profile: Profile) -> SearchStrategy[AlignmentParams]:
    return _alignment_params(profile.pick(ISSUE16_SIZES))


def overlap_outlier(profile: Profile) -> SearchStrategy[OverlapParams]:
    return _overlap_params(profile.pick(ISSUE16_SIZES))


def test_loss_trend(profile: Profile) -> SearchStrategy[TrainingTrendParams]:
    return _trend_params(profile.pick(ISSUE16_SIZES), "test_loss")


def weight_norm_trend(profile: Profile) -> SearchStrategy[TrainingTrendParams]:
    return _trend_params(profile.pick(ISSUE16_SIZES), "weight_norm")


def steplr_trend(profile: Profile) -> SearchStrategy[TrainingTrendParams]:
    return _trend_params(profile.pick(ISSUE16_SIZES), "steplr")
