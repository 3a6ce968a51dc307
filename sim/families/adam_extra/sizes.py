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


SIZES = {
    "ci": AdamExtraSizes(d_min=100, d_max=130, alignment_replicates=300, overlap_replicates=100,
                         alignment_examples=0.4, overlap_examples=0.4),
    "verify": AdamExtraSizes(d_min=120, d_max=200, alignment_replicates=1000, overlap_replicates=200,
                             alignment_examples=0.16, overlap_examples=0.24),
    "verify-cuda": AdamExtraSizes(d_min=200, d_max=400, alignment_replicates=2000, overlap_replicates=400,
                                  alignment_examples=0.24, overlap_examples=0.24),
}
