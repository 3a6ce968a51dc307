"""Parameter records of the Marchenko–Pastur experiments.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from rmtcheck.params import check_size
from sim.ensembles import ENTRY_LAWS, EntryLaw


@dataclass(frozen=True, kw_only=True)
class CovarianceParams:
    """``X`` is ``p x n`` with iid entries of variance ``sigma2`` from ``law``; ``S = X X^T / n``."""

    p: int
    n: int
    sigma2: float = 1.0
    law: EntryLaw = "gaussian"
    replicates: int = 1

    def __post_init__(self) -> None:
        check_size("p", self.p)
        check_size("n", self.n)
        check_size("replicates", self.replicates)
        if not self.sigma2 > 0:
            raise ValueError(f"sigma2 must be > 0; got {self.sigma2!r}")
        if self.law not in ENTRY_LAWS:
            raise ValueError(f"law must be one of {ENTRY_LAWS}; got {self.law!r}")

    @property
    def c(self) -> float:
        return self.p / self.n

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "c": self.c}
