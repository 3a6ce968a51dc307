"""``mp.atom``: for ``c > 1`` a fraction ``1 - 1/c`` of the eigenvalues of ``S`` is exactly 0.

The claim and its wrong variants, the experiment (the fraction of eigenvalues of the full ``p x p``
matrix below ``lambda_- / 2``) and the draw (``c >= 1.6``). Shared pieces are in
``rmtcheck.families.mp._common``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from hypothesis import strategies as st

from rmtcheck import Check, Claim, Comparison, Predictor, Variant
from rmtcheck.draws import SEPARATION
from rmtcheck.families.mp._common import MP_ASSUMPTIONS, SIZES, CovarianceParams, covariance_params, eigenvalues
from theory import mp

if TYPE_CHECKING:
    import torch


def zero_fraction(c: float, n: int) -> float:
    """The claim ``mp.atom`` at sizes ``(p, n) = (c n, n)``: ``max(0, 1 - 1/c)``.

    Exact at every finite size for iid continuous or discrete entries (rank ``S = n`` almost
    surely for the laws simulated); ``n`` is passed so that finite-size variants can be stated.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a positive integer; got {n!r}")
    return mp.atom(c)


def _zero_fraction_centred(c: float, n: int) -> float:
    """Rank ``n - 1`` (data centred by the sample mean): ``1 - (n - 1)/p``."""
    return max(0.0, 1.0 - (n - 1) / (c * n))


def _zero_fraction_none(c: float, n: int) -> float:
    zero_fraction(c, n)
    return 0.0


def _zero_fraction_inverted(c: float, n: int) -> float:
    zero_fraction(c, n)
    return max(0.0, 1.0 - c)


CLAIM = Claim(
    id="mp.atom",
    statement="For c > 1 a fraction 1 - 1/c of the eigenvalues of S is exactly 0.",
    formula=r"F_{\mathrm{MP}}(\{0\}) = \max(0, 1 - 1/c)",
    citation="bai2010",
    source="Bai & Silverstein (2010), Theorem 3.6 (the point mass for y > 1)",
    assumptions=(*MP_ASSUMPTIONS, "c > 1: rank(S) = n < p almost surely"),
    regime="finite p, n with p > n (exact); c = p / n",
    predict=zero_fraction,
    variants=(
        Variant("no_atom", "the density normalised to one, no atom", _zero_fraction_none),
        Variant("inverted_ratio", "max(0, 1 - c): the ratio read as n/p", _zero_fraction_inverted),
        Variant("centred_rank", "rank n - 1 (data centred by the sample mean): 1 - (n - 1)/p, "
                "a relative 1/(p - n) = 0.1-1.4% high", _zero_fraction_centred, near_miss=True),
    ),
    resolution_target=0.01,
    resolution_basis="relative to 1 - 1/c; the count is exact, so the resolution is half a count, "
    "0.5/(p - n) <= 0.7% at p - n >= 72 (n >= 120, c >= 1.6)",
)


@dataclass(frozen=True)
class AtomExperiment:
    """Fraction of eigenvalues of the full ``p x p`` matrix ``S`` below ``lambda_- / 2``.

    Resolution relative to ``1 - 1/c``: the count is exact, so half a count, ``0.5 / (p - n)``.
    """

    def simulate(self, params: CovarianceParams, gen: torch.Generator) -> float:
        values = eigenvalues(params, gen, full=True)[0]
        threshold = 0.5 * mp.edges(params.c, params.sigma2)[0]
        return float(np.mean(values < threshold))

    def compare(self, sample: float, params: CovarianceParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        # The count is an integer: half a count is the resolution (exact statement).
        return (Comparison("fraction of zero eigenvalues", sample,
                           float(predict(params.c, n=params.n)), 0.5 / params.p),)


CHECK = Check(CLAIM, AtomExperiment(),
              draws=lambda s: covariance_params(ratios=st.floats(SEPARATION, 8.0), m_range=s.mp_m),
              sizes=SIZES)
