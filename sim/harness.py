"""The agreement harness: simulate once, compare the claim and each wrong variant.

An :class:`Experiment` simulates a quantity for given parameters and a seed, and
compares a prediction function with it, returning :class:`Comparison` records whose
tolerance is an explicit function of the sizes (see :mod:`sim.tolerances`). The harness
runs the claim's own prediction and every registered wrong variant on the *same*
simulated sample: an :class:`Outcome` passes when the claim agrees and every variant is
rejected. A variant that is not rejected means the check has no power at these sizes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

import torch

from sim.device import describe, generator, resolve_device
from theory.claim import Predictor
from theory.registry import get

P = TypeVar("P")
P_contra = TypeVar("P_contra", contravariant=True)


@dataclass(frozen=True)
class Comparison:
    """One measured statistic against its prediction: pass iff ``|measured - predicted| <= tolerance``."""

    statistic: str
    measured: float
    predicted: float
    tolerance: float

    @property
    def error(self) -> float:
        return abs(self.measured - self.predicted)

    @property
    def passed(self) -> bool:
        return self.error <= self.tolerance


@dataclass(frozen=True)
class Outcome:
    """The verdict for one claim at one parameter draw and seed."""

    claim_id: str
    params: Mapping[str, Any]
    seed: int
    device: str
    wall_time: float
    comparisons: tuple[Comparison, ...]
    variants: Mapping[str, tuple[Comparison, ...]] = field(default_factory=dict)

    @property
    def agrees(self) -> bool:
        """The claim's prediction is within tolerance on every statistic."""
        return all(c.passed for c in self.comparisons)

    def rejected(self, variant: str) -> bool:
        """The variant misses its tolerance on at least one statistic."""
        return any(not c.passed for c in self.variants[variant])

    @property
    def unrejected_variants(self) -> tuple[str, ...]:
        return tuple(name for name in self.variants if not self.rejected(name))

    @property
    def passed(self) -> bool:
        return self.agrees and not self.unrejected_variants

    def summary(self) -> str:
        lines = [f"{self.claim_id} seed={self.seed} params={dict(self.params)}"]
        for c in self.comparisons:
            mark = "ok" if c.passed else "FAIL"
            lines.append(
                f"  [{mark}] {c.statistic}: measured {c.measured:.6g}, predicted "
                f"{c.predicted:.6g}, |error| {c.error:.3g} vs tolerance {c.tolerance:.3g}"
            )
        for name in self.variants:
            worst = max(self.variants[name], key=lambda c: c.error / c.tolerance)
            verdict = "rejected" if self.rejected(name) else "NOT REJECTED"
            lines.append(
                f"  variant {name}: {verdict} (worst |error|/tolerance "
                f"{worst.error / worst.tolerance:.3g} on {worst.statistic})"
            )
        return "\n".join(lines)


class Experiment(Protocol[P_contra]):
    """What a claim family provides in ``sim``: one simulation, many predictions."""

    @property
    def claim_id(self) -> str:
        """The id of the registered claim this experiment checks."""
        ...

    def simulate(self, params: P_contra, gen: torch.Generator) -> Any:
        """Draw the simulated sample for ``params`` using only ``gen``'s randomness."""
        ...

    def compare(self, sample: Any, params: P_contra, predict: Predictor) -> tuple[Comparison, ...]:
        """Compare ``predict`` (the claim's or a variant's) with the sample."""
        ...


def run(
    experiment: Experiment[P],
    params: P,
    seed: int,
    device: torch.device | str | None = None,
) -> Outcome:
    """Simulate once with ``seed`` and compare the claim and all its variants."""
    claim = get(experiment.claim_id)
    dev = resolve_device(device)
    start = time.perf_counter()
    sample = experiment.simulate(params, generator(seed, dev))
    own = experiment.compare(sample, params, claim.predict)
    variants = {v.name: experiment.compare(sample, params, v.predict) for v in claim.variants}
    elapsed = time.perf_counter() - start
    return Outcome(
        claim_id=claim.id,
        params=_as_mapping(params),
        seed=seed,
        device=describe(dev),
        wall_time=elapsed,
        comparisons=own,
        variants=variants,
    )


def _as_mapping(params: object) -> Mapping[str, Any]:
    fields: Callable[[], dict[str, Any]] | None = getattr(params, "as_dict", None)
    if fields is not None:
        return fields()
    return dict(vars(params)) if hasattr(params, "__dict__") else {"value": params}
