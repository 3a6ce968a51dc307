"""The entry laws of :mod:`sim.ensembles` as plain data, importable without torch.

Entry laws (all mean 0, variance 1): ``gaussian`` — N(0, 1); ``rademacher`` — ±1 with probability
1/2 (fourth moment 1, the lightest possible); ``student_t`` — Student-t with ``STUDENT_T_DF`` = 8
degrees of freedom scaled by ``sqrt((df - 2) / df)`` (finite moments up to order 7).

The claims' parameter records and Hypothesis draws name the laws; they import them from here so that
discovering and listing the claims imports no torch. :mod:`sim.ensembles` re-exports every name.
"""

from __future__ import annotations

from typing import Literal, get_args

from theory._validate import option

EntryLaw = Literal["gaussian", "rademacher", "student_t"]
ENTRY_LAWS: tuple[EntryLaw, ...] = get_args(EntryLaw)
STUDENT_T_DF = 8

__all__ = ["ENTRY_LAWS", "STUDENT_T_DF", "EntryLaw", "fourth_moment"]


def fourth_moment(law: EntryLaw) -> float:
    """``E x^4`` of the unit-variance law (3, 1 and 3 (df-2)/(df-4) respectively)."""
    option("law", law, ENTRY_LAWS)
    if law == "gaussian":
        return 3.0
    if law == "rademacher":
        return 1.0
    if law == "student_t":
        return 3.0 * (STUDENT_T_DF - 2) / (STUDENT_T_DF - 4)
    raise ValueError(f"law must be one of {ENTRY_LAWS}; got {law!r}")
