"""Sizes of the one-step and multi-step FB-Adam / GD draws per profile (``ci``, ``verify``, ``verify-cuda``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AdamSizes:
    """Sizes of the One-step and multi-step FB-Adam / GD draws per profile (``m`` is the smaller matrix side)."""

    adam_h_max: int
    adam_replicates: int
    multistep_d: tuple[int, int]


SIZES: dict[str, AdamSizes] = {
    "ci": AdamSizes(adam_h_max=200, adam_replicates=8, multistep_d=(150, 200)),
    "verify": AdamSizes(adam_h_max=400, adam_replicates=12, multistep_d=(500, 500)),
    "verify-cuda": AdamSizes(adam_h_max=1000, adam_replicates=16, multistep_d=(1000, 1000)),
}


# --- issue 16: teacher alignment, overlap outliers, training trends --------------------------------------

@dataclass(frozen=True)
class AdamIssue16Sizes:
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


ISSUE16_SIZES: dict[str, AdamIssue16Sizes] = {
    "ci": AdamIssue16Sizes(d_min=100, d_max=130, alignment_replicates=400, overlap_replicates=250,
                         alignment_examples=0.4, overlap_examples=0.4, trend_d=100),
    "verify": AdamIssue16Sizes(d_min=140, d_max=200, alignment_replicates=1000, overlap_replicates=200,
                             alignment_examples=0.16, overlap_examples=0.24),
    "verify-cuda": AdamIssue16Sizes(d_min=200, d_max=400, alignment_replicates=2000, overlap_replicates=400,
                                  alignment_examples=0.24, overlap_examples=0.24, trend_d=400),
}
