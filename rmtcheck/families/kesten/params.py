"""Parameter records of the Kesten-recursion and SGD tail experiments.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from rmtcheck.params import check_size


@dataclass(frozen=True)
class KestenParams:
    """Kesten chains (``model='lognormal'``: ``m, s, q``) or 1-d SGD (``model='sgd'``: ``eta, batch``).

    The splitting experiment uses ``chains * runs`` chains; the figure's Hill fits (``kesten_sample``)
    use ``runs`` independent sets of ``chains`` chains and the top ``k`` of each."""

    model: str
    m: float = -0.3
    s: float = 0.5
    q: float = 0.0
    eta: float = 1.0
    batch: int = 2
    chains: int = 1 << 16
    k: int = 1024
    runs: int = 1

    def __post_init__(self) -> None:
        check_size("chains", self.chains)
        check_size("runs", self.runs)
        check_size("k", self.k)
        if self.model not in ("lognormal", "sgd"):
            raise ValueError(f"model must be 'lognormal' or 'sgd'; got {self.model!r}")
        if not 2 <= self.k <= self.chains:
            raise ValueError(f"k must lie in [2, chains]; got {self.k!r}")

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
