"""The one run path: draw a claim's examples, run each, assemble the claim's result.

Every way of running a check — ``rmtcheck verify`` in this process, one Dask task per example, a
``check_test`` under pytest — goes through these three functions:

* :func:`draw_examples` — ``profile.examples(check.examples)`` distinct parameter sets, space-filling
  over the check's declared domain (:mod:`rmtcheck.design`), and simulation seeds, from the claim's seed
  (:func:`claim_seed`: the run's root seed and the claim id, never the order or the worker);
* :func:`run_example` — simulate once with the example's seed and compare the claim and every wrong
  variant on that same sample (an :class:`~rmtcheck.Outcome`);
* :func:`assemble` — the claim's :class:`ClaimResult` from its outcomes in order (the outcomes before
  the first example that raised, and that traceback).

:func:`verify_check` is the three in a row. Statuses (:class:`~rmtcheck.Status`): ``PASS`` (every
example agrees, rejects every variant and meets the target), ``FAIL`` (an example disagrees or misses
the resolution target), ``NO_POWER`` (a variant was not rejected), ``ERROR`` (the check raised: the
traceback is kept, the outcomes before it too). A ``KeyboardInterrupt`` is never a result: it
propagates, and the claim is simply not finished.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import time
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import hypothesis
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from rmtcheck.check import Check
from rmtcheck.experiment import Outcome, Status, claim_status
from rmtcheck.profiles import Profile, hypothesis_settings
from rmtcheck.report import claim_row

__all__ = ["ClaimResult", "Example", "assemble", "claim_seed", "claim_status", "draw_examples", "run_example",
           "verify_check"]

SEED_MAX = 2**31 - 1
ROOT_SEED_MAX = 2**63 - 1


@contextlib.contextmanager
def _no_local_constants() -> Iterator[bool]:
    """Inside the block, Hypothesis's draws are a function of the seed alone; yields whether that was
    possible.

    Hypothesis (6.131 and later) mixes literal constants found in the source of *local* modules into
    5-15% of its draws. Which modules count as local depends on where the package is installed (a
    wheel in site-packages is not local, a source tree is) and on what the process has imported so
    far, so the same root seed drew different parameters serially, on a Dask worker and from an
    installed wheel. rmtcheck's own draws therefore use an empty local-constant pool (the global pool
    of edge values, which is fixed, stays). The private Hypothesis function is replaced only for the
    duration of rmtcheck's draws and restored afterwards, so nothing outside them is affected. If a
    future Hypothesis renames it, nothing is replaced and ``False`` is yielded (reproducibility then
    holds only within one environment).
    """
    try:
        from hypothesis.internal.conjecture import providers
    except ImportError:  # pragma: no cover - Hypothesis internals moved
        yield False
        return
    original = getattr(providers, "_get_local_constants", None)
    empty = getattr(providers, "Constants", None)
    cache = getattr(providers, "CONSTANTS_CACHE", None)
    if original is None or empty is None or cache is None:  # pragma: no cover - internals moved
        yield False
        return
    pool = empty()
    providers._get_local_constants = lambda: pool
    cache.cache.clear()
    try:
        yield True
    finally:
        providers._get_local_constants = original
        cache.cache.clear()


def claim_seed(root: int, claim_id: str) -> int:
    """The Hypothesis seed of ``claim_id`` in a run with root seed ``root`` (64 bits of SHA-256)."""
    if isinstance(root, bool) or not isinstance(root, int) or not 0 <= root <= ROOT_SEED_MAX:
        raise ValueError(f"root seed must be an integer in [0, 2**63 - 1]; got {root!r}")
    digest = hashlib.sha256(f"{root}:{claim_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


@dataclass(frozen=True)
class ClaimResult:
    """One claim's run: its outcomes, status, the traceback if it raised, and timing.

    Attributes:
        check: The check that ran.
        outcomes: The examples' outcomes, in drawing order.
        seed: The claim's Hypothesis seed (:func:`rmtcheck.run.claim_seed`).
        wall_time: Seconds spent drawing and running (summed over workers for a split claim).
        error: The traceback of the example that raised (``None`` if none did).
        worker: Where it ran (``host:pid``, comma-separated for a split claim; ``""`` unknown).
        torch_threads: The torch threads of the process that ran it.
        engine_error: The engine lost an example (its worker died on every retry): a resume reruns it.
    """

    check: Check[Any]
    outcomes: tuple[Outcome, ...]
    seed: int
    wall_time: float
    error: str | None = None
    worker: str = ""
    torch_threads: int | None = None
    engine_error: bool = False

    @property
    def claim_id(self) -> str:
        return self.check.id

    @property
    def status(self) -> Status:
        return claim_status(self.outcomes, self.error)

    @property
    def resolution(self) -> float | None:
        return max((o.resolution for o in self.outcomes), default=None)

    def row(self) -> dict[str, Any]:
        """The report row (plain JSON values; ``verification.json`` and the evidence log hold these)."""
        return claim_row(self.check.claim, self.outcomes, origin=self.check.origin, error=self.error,
                         target=self.check.target, hypothesis_seed=str(self.seed))

    def explain(self) -> str:
        """Why the claim did not pass: the first bad example's summary, or the traceback ("" if it passed)."""
        if self.error is not None:
            return f"{self.claim_id} raised:\n{self.error}"
        if self.status is Status.PASS:
            return ""
        bad = [o for o in self.outcomes if o.status is not Status.PASS]
        head = f"{self.claim_id}: {self.status} ({len(bad)} of {len(self.outcomes)} examples)"
        return head + ("\n" + bad[0].summary() if bad else "")


@dataclass(frozen=True)
class Example:
    """One drawn example of a claim: the check's parameters and the simulation seed."""

    params: Any
    sim_seed: int


def draw_examples(check: Check[Any], profile: Profile, *, root_seed: int = 0) -> tuple[Example, ...]:
    """The examples of ``check`` under ``profile``, drawn without running them.

    ``profile.examples(check.examples)`` distinct parameter sets from a scrambled Sobol' sequence seeded
    by the claim's seed (:func:`rmtcheck.design.space_filling`: space-filling over the declared ranges,
    no repeats, no pile-up at the boundaries), each with its own simulation seed. The check's strategy
    only describes the domain. If Hypothesis's internals that this uses have moved, Hypothesis's own
    generator draws them instead (seeded the same way; reproducible within one environment).
    """
    seed = claim_seed(root_seed, check.id)
    count = profile.examples(check.examples)
    strategy = check.strategy(profile)
    try:
        from rmtcheck.design import space_filling
    except ImportError:  # pragma: no cover - Hypothesis internals moved
        return _hypothesis_draws(strategy, seed, count, profile)
    key: Callable[[Any], str] = lambda params: repr(sorted(_as_mapping(params).items()))  # noqa: E731
    return tuple(Example(params, sim_seed) for params, sim_seed in space_filling(strategy, seed=seed, count=count,
                                                                                  key=key))


def _hypothesis_draws(strategy: Any, seed: int, count: int, profile: Profile) -> tuple[Example, ...]:
    """The fallback: Hypothesis's generator, seeded with the claim's seed, a body that only records."""
    drawn: list[Example] = []
    chosen = settings(
        hypothesis_settings(profile),
        max_examples=count,
        derandomize=False,
        database=None,
        phases=(Phase.explicit, Phase.generate),
        print_blob=False,
    )

    @chosen
    @hypothesis.seed(seed)
    @given(params=strategy, sim_seed=st.integers(0, SEED_MAX))
    def body(params: Any, sim_seed: int) -> None:
        drawn.append(Example(params, sim_seed))

    with _no_local_constants():
        body()
    return tuple(drawn)


def run_example(check: Check[Any], example: Example, profile: Profile, device: Any = None) -> Outcome:
    """Simulate ``example`` once and compare the claim and all its variants on that sample.

    The outcome's resolution target is the check's (by default its claim's) times the profile's
    ``target_factor`` (the ``ci`` profile runs smaller sizes and relaxes the ``verify`` targets).
    """
    from sim.device import describe, generator, resolve_device

    factor = profile.target_factor
    if not factor >= 1.0 or not math.isfinite(factor):
        raise ValueError(f"target_factor must be a finite number >= 1; got {factor!r}")
    claim, experiment = check.claim, check.experiment
    target = None if check.target is None else check.target * factor
    dev = resolve_device(device)
    start = time.perf_counter()
    sample = experiment.simulate(example.params, generator(example.sim_seed, dev))
    own = experiment.compare(sample, example.params, claim.predict)
    variants = {v.name: experiment.compare(sample, example.params, v.predict) for v in claim.variants}
    return Outcome(claim_id=claim.id, params=_as_mapping(example.params), seed=example.sim_seed,
                   device=describe(dev), wall_time=time.perf_counter() - start, comparisons=own,
                   variants=variants, resolution_target=target)


def format_error(exc: BaseException) -> str:
    """The traceback of ``exc`` as text (what a report keeps of a check that raised)."""
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


def assemble(check: Check[Any], outcomes: Sequence[Outcome | BaseException | str], *, root_seed: int,
             wall_time: float, worker: str = "", torch_threads: int | None = None,
             engine_error: bool = False) -> ClaimResult:
    """The claim's result from its examples' results in drawing order: the outcomes before the first
    one that raised (an exception, or its traceback as text), and that traceback."""
    kept: list[Outcome] = []
    error: str | None = None
    for item in outcomes:
        if isinstance(item, Outcome):
            kept.append(item)
            continue
        error = item if isinstance(item, str) else format_error(item)
        break
    return ClaimResult(check, tuple(kept), claim_seed(root_seed, check.id), wall_time, error, worker,
                       torch_threads, engine_error)


def verify_check(
    check: Check[Any],
    profile: Profile,
    *,
    root_seed: int = 0,
    device: Any = None,
    on_outcome: Callable[[Outcome], None] | None = None,
    on_drawn: Callable[[str, int], None] | None = None,
) -> ClaimResult:
    """Run ``check`` under ``profile`` in this process: every drawn example (:func:`draw_examples`), in
    order; ``on_drawn(claim_id, count)`` is told how many were drawn, ``on_outcome`` gets each outcome as
    it finishes. A ``KeyboardInterrupt`` propagates
    (an interrupted claim is not a result); any other exception becomes the claim's ``ERROR``."""
    import torch

    started = time.perf_counter()
    results: list[Outcome | BaseException] = []
    try:
        examples = draw_examples(check, profile, root_seed=root_seed)
        if on_drawn is not None:
            on_drawn(check.id, len(examples))
        for example in examples:
            outcome = run_example(check, example, profile, device)
            results.append(outcome)
            if on_outcome is not None:
                on_outcome(outcome)
    except KeyboardInterrupt:
        raise
    except Exception as exc:  # the check raised: keep the traceback, the other claims still run
        if _interrupted(exc):  # a Ctrl-C that a library turned into another exception
            raise KeyboardInterrupt from exc
        results.append(exc)
    return assemble(check, results, root_seed=root_seed, wall_time=time.perf_counter() - started,
                    worker=where(), torch_threads=torch.get_num_threads())


def _interrupted(exc: BaseException) -> bool:
    """Whether a ``KeyboardInterrupt`` is in ``exc``'s chain of causes and contexts."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, KeyboardInterrupt):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def where() -> str:
    """``host:pid`` of this process."""
    import os
    import socket

    return f"{socket.gethostname()}:{os.getpid()}"


def _as_mapping(params: object) -> Mapping[str, Any]:
    fields: Callable[[], dict[str, Any]] | None = getattr(params, "as_dict", None)
    if fields is not None:
        return fields()
    return dict(vars(params)) if hasattr(params, "__dict__") else {"value": params}


def verify(check: Check[Any], *, profile: Profile | str = "ci", root_seed: int = 0, device: Any = None,
           on_outcome: Callable[[Outcome], None] | None = None) -> ClaimResult:
    """Verify one check in this process under ``profile`` (a :class:`~rmtcheck.Profile` or its name,
    ``"ci"`` or ``"verify"``) with the run's ``root_seed``; the same run as ``rmtcheck verify``'s.

    >>> import rmtcheck
    >>> result = rmtcheck.verify(rmtcheck.discover(plugins=False).get("mp.atom"), profile="ci")
    >>> result.status
    <Status.PASS: 'pass'>
    """
    from rmtcheck.profiles import get_profile

    chosen = get_profile(profile) if isinstance(profile, str) else profile
    if not isinstance(chosen, Profile):
        raise TypeError(f"profile must be a Profile or a profile name; got {type(profile).__name__}")
    return verify_check(check, chosen, root_seed=root_seed, device=device, on_outcome=on_outcome)
