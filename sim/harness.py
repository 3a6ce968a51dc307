"""The agreement harness: simulate once, compare the claim and each wrong variant.

An :class:`Experiment` simulates a quantity for given parameters and a seed, and
compares a prediction function with it, returning :class:`Comparison` records whose
tolerance is an explicit function of the sizes (see :mod:`sim.tolerances`). The harness
runs the claim's own prediction and every registered wrong variant on the *same*
simulated sample: an :class:`Outcome` passes when the claim agrees, every variant is
rejected, and the check's *resolution* meets the claim's target. A variant that is not
rejected means the check has no power at these sizes.

Resolution (the headline number of every check) is the smallest relative error of the
prediction that the comparison would catch on this very sample: for a point statistic,
``delta = (tolerance + |measured - predicted|) / |predicted|`` — both ``p (1 + delta)`` and
``p (1 - delta)`` fall outside the tolerance. A comparison whose prediction is near zero (a
Kolmogorov distance, whose prediction is 0) declares an absolute ``scale`` instead of
``|predicted|``; a trend comparison states its detectable effect (``min_effect``) directly.
An example's resolution is the worst over its comparisons; a claim's, the worst over its
examples.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import torch

from sim.device import describe, generator, resolve_device
from theory.claim import Predictor

if TYPE_CHECKING:
    from sim.check import Check

P = TypeVar("P")
P_contra = TypeVar("P_contra", contravariant=True)


@dataclass(frozen=True)
class Comparison:
    """One measured statistic against its prediction: pass iff ``|measured - predicted| <= tolerance``.

    Attributes:
        scale: The denominator of :attr:`resolution`; ``None`` means ``|predicted|``. Set it
            (declared in the experiment's docstring) where the prediction is near zero.
        min_effect: When set, the resolution itself — for trend and other tests whose
            statistic is not the prediction (the smallest effect detected at the test's level).
    """

    statistic: str
    measured: float
    predicted: float
    tolerance: float
    scale: float | None = None
    min_effect: float | None = None

    @property
    def error(self) -> float:
        return abs(self.measured - self.predicted)

    @property
    def passed(self) -> bool:
        return self.error <= self.tolerance

    @property
    def resolution(self) -> float:
        """``(tolerance + |error|) / scale``: the smallest relative perturbation of the
        prediction, in either direction, that this comparison rejects on this sample.

        >>> Comparison("edge", measured=2.02, predicted=2.0, tolerance=0.02).resolution  # doctest: +FLOAT_CMP
        0.02
        >>> Comparison("Kolmogorov distance", 0.01, 0.0, 0.015, scale=1.0).resolution  # doctest: +FLOAT_CMP
        0.025
        """
        if self.min_effect is not None:
            return self.min_effect
        denominator = abs(self.predicted) if self.scale is None else self.scale
        if denominator == 0.0:
            return math.inf
        return (self.tolerance + self.error) / denominator


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
    resolution_target: float | None = None

    @property
    def resolution(self) -> float:
        """The worst resolution over the claim's comparisons (``inf`` if there are none)."""
        return max((c.resolution for c in self.comparisons), default=math.inf)

    @property
    def meets_target(self) -> bool:
        """No target, or the resolution is at most the target."""
        return self.resolution_target is None or self.resolution <= self.resolution_target

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
        return self.agrees and not self.unrejected_variants and self.meets_target

    @property
    def status(self) -> str:
        """``"fail"`` (disagrees or misses the resolution target), ``"no power"``, or ``"pass"``."""
        if not self.agrees or not self.meets_target:
            return "fail"
        return "no power" if self.unrejected_variants else "pass"

    def summary(self) -> str:
        target = "none" if self.resolution_target is None else f"{self.resolution_target:.3g}"
        lines = [f"{self.claim_id} seed={self.seed} params={dict(self.params)}",
                 f"  resolution {self.resolution:.3g} (target {target})"]
        for c in self.comparisons:
            mark = "ok" if c.passed else "FAIL"
            lines.append(
                f"  [{mark}] {c.statistic}: measured {c.measured:.6g}, predicted "
                f"{c.predicted:.6g}, |error| {c.error:.3g} vs tolerance {c.tolerance:.3g}, "
                f"resolution {c.resolution:.3g}"
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
    """What a check provides: one simulation, many predictions (the claim's and its variants')."""

    def simulate(self, params: P_contra, gen: torch.Generator) -> Any:
        """Draw the simulated sample for ``params`` using only ``gen``'s randomness."""
        ...

    def compare(self, sample: Any, params: P_contra, predict: Predictor) -> tuple[Comparison, ...]:
        """Compare ``predict`` (the claim's or a variant's) with the sample."""
        ...


def run(
    check: Check[P],
    params: P,
    seed: int,
    device: torch.device | str | None = None,
    *,
    target_factor: float = 1.0,
) -> Outcome:
    """Simulate once with ``seed`` and compare the claim and all its variants.

    The outcome's resolution target is the check's (by default its claim's), times
    ``target_factor`` (the ``ci`` profile runs smaller sizes and relaxes the ``verify`` targets by
    a stated factor).
    """
    if not target_factor >= 1.0 or not math.isfinite(target_factor):
        raise ValueError(f"target_factor must be a finite number >= 1; got {target_factor!r}")
    claim, experiment = check.claim, check.experiment
    target = None if check.target is None else check.target * target_factor
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
        resolution_target=target,
    )


def _as_mapping(params: object) -> Mapping[str, Any]:
    fields: Callable[[], dict[str, Any]] | None = getattr(params, "as_dict", None)
    if fields is not None:
        return fields()
    return dict(vars(params)) if hasattr(params, "__dict__") else {"value": params}
