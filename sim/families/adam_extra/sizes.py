"""Sizes of the issue-16 claims per profile (``ci``, ``verify``, ``verify-cuda``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AdamExtraSizes:
    """``d`` range, replicates of the alignment and overlap claims, and the fraction of examples run."""

    d_min: int
    d_max: int
    alignment_replicates: int
    overlap_replicates: int
    alignment_examples: float  # fraction of the profile's examples (at least 4 are run)
    overlap_examples: float
    trend_d: int = 200  # input dimension of the multi-step trend claims ((n, h) = (2d, 1.5d))
    trend_seeds: int = 6
    trend_examples: float = 0.16


SIZES = {
    "ci": AdamExtraSizes(d_min=100, d_max=130, alignment_replicates=400, overlap_replicates=250,
                         alignment_examples=0.4, overlap_examples=0.4, trend_d=100),
    "verify": AdamExtraSizes(d_min=140, d_max=200, alignment_replicates=1000, overlap_replicates=200,
                             alignment_examples=0.16, overlap_examples=0.24),
    "verify-cuda": AdamExtraSizes(d_min=200, d_max=400, alignment_replicates=2000, overlap_replicates=400,
                                  alignment_examples=0.24, overlap_examples=0.24, trend_d=400),
}
