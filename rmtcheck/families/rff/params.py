"""Parameter records of the random Fourier feature experiments.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from rmtcheck.params import check_size


@dataclass(frozen=True, kw_only=True)
class RFFParams:
    """RFF regression on ``data`` (``mixture``: two-class Gaussian mixture in dimension ``p`` with
    mean norm ``separation``; ``digits``: scikit-learn's 8 x 8 digits, p = 64), ``n`` training and
    ``n_test`` test points, ``N`` features, ridge ``lam``, ``draws`` independent ``W``.
    ``ratios`` (peak claim only): the grid of ``N / n``; ``labels``: label vectors per draw of ``W``
    (``> 1`` needs ``separation = 0``: the extra ones are independent uniform signs)."""

    data: str
    n: int
    n_test: int
    N: int
    lam: float
    draws: int
    p: int = 64
    separation: float = 0.3
    ratios: tuple[float, ...] = ()
    labels: int = 1

    def __post_init__(self) -> None:
        for name in ("n", "n_test", "N", "draws", "p", "labels"):
            check_size(name, getattr(self, name))
        if self.data not in ("mixture", "digits"):
            raise ValueError(f"data must be 'mixture' or 'digits'; got {self.data!r}")
        if not self.lam > 0.0:
            raise ValueError(f"lam must be > 0; got {self.lam!r}")

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "N/n": self.N / self.n}
