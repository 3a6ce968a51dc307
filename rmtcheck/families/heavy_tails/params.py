"""Parameter records of the heavy-tail experiments.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from rmtcheck.params import check_size

SampleLaw = Literal["pareto", "pareto_body", "student_t"]

HillRule = Literal["middle", "quarter"]


@dataclass(frozen=True)
class TailSampleParams:
    """``replicates`` iid samples of size ``n`` with density exponent ``alpha`` in the tail.

    ``pareto``: Pareto(alpha) on [1, inf); ``pareto_body``: with probability 1/2 uniform on
    (0.2, 1), else Pareto(alpha); ``student_t``: |T| with ``alpha - 1`` degrees of freedom.
    ``rule`` sets Hill's ``k``: ``middle`` (``n - n // 2``) or ``quarter`` (``n // 4``).
    """

    law: SampleLaw
    alpha: float
    n: int
    replicates: int
    rule: HillRule = "middle"

    def __post_init__(self) -> None:
        check_size("n", self.n)
        check_size("replicates", self.replicates)
        if not self.alpha > 1.0:
            raise ValueError(f"alpha must be > 1; got {self.alpha!r}")

    @property
    def k(self) -> int:
        return self.n - self.n // 2 if self.rule == "middle" else self.n // 4

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "k": self.k}


@dataclass(frozen=True, kw_only=True)
class HeavyMatrixParams:
    """``replicates`` ``p x n`` matrices with iid entries of tail index ``mu`` (``pareto`` or ``student_t``)."""

    mu: float
    law: str
    p: int
    n: int
    replicates: int

    def __post_init__(self) -> None:
        check_size("p", self.p)
        check_size("n", self.n)
        check_size("replicates", self.replicates)
        if not self.mu > 0.0:
            raise ValueError(f"mu must be > 0; got {self.mu!r}")

    @property
    def c(self) -> float:
        return self.p / self.n

    @property
    def m(self) -> int:
        return min(self.p, self.n)

    @property
    def k(self) -> int:
        """Hill's ``k`` for ESD tails: ``max(10, m // 10)`` top eigenvalues."""
        return max(10, self.m // 10)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "c": self.c, "k": self.k}


@dataclass(frozen=True, kw_only=True)
class TrendParams:
    """A trend over ``grid`` (the parameter varied); ``replicates`` estimates per grid point.

    ``mu``-trend: ``p x n`` matrices of ``law``; SGD trend: ``dim`` and ``batch`` with ``p``
    and ``n`` unused (1).
    """

    grid: tuple[float, ...]
    replicates: int
    law: str = "student_t"
    p: int = 1
    n: int = 1
    dim: int = 1
    batch: int = 1

    def __post_init__(self) -> None:
        for name in ("replicates", "p", "n", "dim", "batch"):
            check_size(name, getattr(self, name))
        if len(self.grid) < 3:
            raise ValueError(f"grid must hold at least 3 values; got {self.grid!r}")

    @property
    def points(self) -> int:
        return len(self.grid) * self.replicates

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
