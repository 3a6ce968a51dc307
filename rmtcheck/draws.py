"""Composable Hypothesis strategies over sizes and parameters.

Parameters that make a wrong variant coincide with the claim are kept out of the draws,
by a stated margin: ``sigma2`` and ``c`` stay at least a factor 1.6 away from 1 (the
``sigma`` vs ``sigma^2`` and ``p/n`` vs ``n/p`` variants coincide at 1); the lower edge
needs ``c`` away from 1 anyway (the hard edge). ``sigma2 = 1`` and ``c`` near 1 are
covered by the unit tests.

Shared Hypothesis building blocks of the families' draws (``rmtcheck.families.<family>.draws``).
"""

from __future__ import annotations

import math

from hypothesis import strategies as st

from sim.ensembles import ENTRY_LAWS, EntryLaw

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
