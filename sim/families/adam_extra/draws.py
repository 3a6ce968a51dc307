"""Hypothesis strategies of the issue-16 claims (regimes and their reasons: docs/adam.md)."""

from __future__ import annotations

from hypothesis import strategies as st

from sim.families.adam_extra.params import AlignmentParams, OverlapParams, TrainingTrendParams
from sim.families.adam_extra.sizes import AdamExtraSizes


@st.composite
def _sizes(draw: st.DrawFn, sizes: AdamExtraSizes, aspect_min: float = 0.7) -> tuple[int, int, int]:
    d = draw(st.integers(sizes.d_min, sizes.d_max))
    h = round(d * draw(st.floats(aspect_min, 1.5)))
    n = round(d * draw(st.floats(1.5, 3.0)))
    return n, h, d


@st.composite
def alignment_params(draw: st.DrawFn, sizes: AdamExtraSizes) -> AlignmentParams:
    """FB-Adam, ``d`` in the profile's range, ``h/d`` in [0.8, 1.5], ``n/d`` in [1.5, 3]; the rungs 1.5 and 3
    times the threshold are fixed (below 1.5 the finite-size bias of the overlap grows: GD showed -2.7% at
    1.5x; the near-miss variants need both rungs). ``h/d >= 0.8`` and ``d >= 140`` in verify: at h = 84 the
    spread per replicate puts the resolution at 3.3-4.0% (verify seed 31337). The spread per replicate
    grows like ``(h d)^{-1/2}`` while the cost per replicate falls faster, so small sizes get more replicates:
    ``base * 30000 / (h d)``, between ``base`` and ``3 base``."""
    n, h, d = draw(_sizes(sizes, 0.8))
    base = sizes.alignment_replicates
    return AlignmentParams(n, h, d, min(3 * base, max(base, round(base * 30000 / (h * d)))))


@st.composite
def overlap_params(draw: st.DrawFn, sizes: AdamExtraSizes) -> OverlapParams:
    """FB-Adam, above at 1.5-1.75 eta* (the near-miss variants differ most there), below at 0.25-0.5 eta*
    (at 0.8 eta* the subcritical spike already lifts 8-12% of the replicates over the Haar bound); ``h/d >= 0.9``:
    the top entry spreads more at small ``h`` (resolution 2.8% at h = 88)."""
    n, h, d = draw(_sizes(sizes, 0.9))
    return OverlapParams(n, h, d, sizes.overlap_replicates, eta_factor=draw(st.floats(1.5, 1.75)),
                         below_factor=draw(st.floats(0.25, 0.5)))


TEST_LOSS_GRID = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0)
WEIGHT_NORM_GRID = (1.0, 2.0, 4.0, 8.0, 16.0)
STEPLR_GRID = (0.25, 0.5, 0.75, 1.0)


def trend_params(sizes: AdamExtraSizes, kind: str) -> st.SearchStrategy[TrainingTrendParams]:
    """Fixed grids (measured in docs/adam.md) at ``d = sizes.trend_d``; only the seeds vary."""
    grid = {"test_loss": TEST_LOSS_GRID, "weight_norm": WEIGHT_NORM_GRID, "steplr": STEPLR_GRID}[kind]
    return st.just(TrainingTrendParams(sizes.trend_d, kind, grid, sizes.trend_seeds))
