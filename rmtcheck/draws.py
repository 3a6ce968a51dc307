"""Composable Hypothesis strategies over sizes and parameters.

Parameters that make a wrong variant coincide with the claim are kept out of the draws,
by a stated margin: ``sigma2`` and ``c`` stay at least a factor 1.6 away from 1 (the
``sigma`` vs ``sigma^2`` and ``p/n`` vs ``n/p`` variants coincide at 1); the lower edge
needs ``c`` away from 1 anyway (the hard edge). ``sigma2 = 1`` and ``c`` near 1 are
covered by the unit tests.

Shared Hypothesis building blocks of the families' draws, and the draws several families share
(:func:`spiked_params`: the supercritical spiked covariance of the ``spiked`` family, whose additive
model the ``lowrank`` family reuses).
"""

from __future__ import annotations

import math
from typing import Protocol

from hypothesis import strategies as st

from rmtcheck.params import SpikedParams
from sim.laws import ENTRY_LAWS, EntryLaw

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


def sides(c: float, m: int) -> tuple[int, int]:
    """(rows, cols) with the smaller side m and rows / cols ~= c."""
    return (m, max(1, round(m / c))) if c <= 1 else (round(m * c), m)


def log_uniform(low: float, high: float) -> st.SearchStrategy[float]:
    return st.floats(math.log10(low), math.log10(high)).map(lambda x: 10.0**x)


class SpikeSizes(Protocol):
    """The sizes a supercritical spike draw reads (the ``spiked`` and ``lowrank`` families' sizes records)."""

    @property
    def m_min(self) -> int: ...
    @property
    def m_max(self) -> int: ...
    @property
    def spike_m_max(self) -> int: ...
    @property
    def spike_replicates(self) -> int: ...


# Point claims keep every spike at least 1 + WINDOW_UNITS m^{-1/3} times its threshold (the
# BBP window has relative width of order m^{-1/3}); the thresholds themselves are checked on
# ladders (spiked.*_threshold) and by tests/test_spiked.py::test_transition_sharpens.
WINDOW_UNITS = 4.0

SPIKE_SEPARATION = 1.6


def supercritical_low(m: int) -> float:
    return float(1.0 + WINDOW_UNITS * m ** (-1.0 / 3.0))


def spiked_params(
    scale: SpikeSizes,
    *,
    model: str = "multiplicative",
    rank_max: int = 1,
    ratio_max: float = 4.0,
    replicates: int | None = None,
    laws: st.SearchStrategy[EntryLaw] | None = None,
    c_low: float = 0.1,
    c_max: float = 8.0,
    ratio_low: float = 1.0,
    m_low: int = 0,
) -> st.SearchStrategy[SpikedParams]:
    """A supercritical spiked covariance (:class:`rmtcheck.params.SpikedParams`): ``c = p / n`` from
    ``aspect_ratios`` in ``[c_low, c_max]``, the smaller side ``m`` in the sizes' range (at least
    ``m_low``), ``model`` ``"multiplicative"`` (threshold ``sqrt c``) or ``"additive"`` (``c + sqrt c``), up to
    ``rank_max`` spikes of strengths ``r * threshold`` with ``r`` in
    ``[max(supercritical_low(m), ratio_low), ratio_max]``; for rank 2 the spikes differ by a factor >= 1.6.
    ``replicates`` defaults to the sizes' ``spike_replicates``, ``laws`` to every entry law."""
    return _spiked_params(scale, model=model, rank_max=rank_max, ratio_max=ratio_max, replicates=replicates,
                          laws=laws, c_low=c_low, c_max=c_max, ratio_low=ratio_low, m_low=m_low)


@st.composite
def _spiked_params(
    draw: st.DrawFn,
    scale: SpikeSizes,
    *,
    model: str,
    rank_max: int,
    ratio_max: float,
    replicates: int | None,
    laws: st.SearchStrategy[EntryLaw] | None,
    c_low: float,
    c_max: float,
    ratio_low: float,
    m_low: int,
) -> SpikedParams:
    c_target = draw(aspect_ratios(c_low, c_max))
    m_top = min(scale.m_max, scale.spike_m_max)
    m = draw(st.integers(min(max(scale.m_min, m_low), m_top), m_top))
    p, n = sides(c_target, m)
    c = p / n
    threshold = math.sqrt(c) if model == "multiplicative" else c + math.sqrt(c)
    low = max(supercritical_low(m), ratio_low)
    rank = draw(st.integers(1, rank_max)) if low * SPIKE_SEPARATION <= ratio_max else 1
    first = draw(st.floats(low * SPIKE_SEPARATION ** (rank - 1), ratio_max))
    ratios = [first]
    for _ in range(rank - 1):
        ratios.append(draw(st.floats(low, ratios[-1] / SPIKE_SEPARATION)))
    law = draw(laws if laws is not None else entry_laws())
    return SpikedParams(p=p, n=n, ells=tuple(r * threshold for r in ratios), law=law,
        replicates=replicates if replicates is not None else scale.spike_replicates)
