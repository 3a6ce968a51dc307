"""Run checks outside or inside pytest: Hypothesis draws per claim, a status per claim.

:func:`verify_check` runs one :class:`~sim.check.Check` under a :class:`~sim.profiles.Profile`:
Hypothesis draws ``profile.examples(check.examples)`` parameter sets and simulation seeds, the
harness runs the claim and every variant on each, and every example runs (no early stop, no
shrinking: an example costs seconds, and the report wants all of them). The claim's Hypothesis seed
is derived from the run's root seed and the claim id (:func:`claim_seed`), never from the order or
the worker a claim runs on, so one claim replays alone with the same root seed.

Statuses: ``"pass"`` (every example agrees, rejects every variant and meets the target),
``"fail"`` (an example disagrees or misses the resolution target), ``"no power"`` (a variant was
not rejected), ``"error"`` (the check raised: the traceback is kept, the outcomes before it too).
"""

from __future__ import annotations

import hashlib
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import hypothesis
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from sim.check import Check
from sim.harness import Outcome, run
from sim.profiles import Profile, hypothesis_settings
from sim.report import claim_row, claim_status

__all__ = ["ClaimResult", "Example", "claim_seed", "draw_examples", "stable_draws", "verify_check"]

SEED_MAX = 2**31 - 1


def stable_draws() -> bool:
    """Make Hypothesis's draws a function of the seed alone; return whether that was possible.

    Hypothesis (6.131 and later) mixes literal constants found in the source of *local* modules into
    5-15% of its draws. Which modules count as local depends on where the package is installed (a
    wheel in site-packages is not local, a source tree is) and on what the process has imported so
    far, so the same root seed drew different parameters serially, on a Dask worker and from an
    installed wheel (found when ``tests/test_engine.py`` compared a serial report with a two-worker
    one in a nox virtual environment). rmtcheck's checks therefore draw with an empty local-constant
    pool (the global pool of edge values, which is fixed, stays). This replaces a private function
    of Hypothesis for the whole process, idempotently; if a future Hypothesis renames it, nothing is
    replaced and ``False`` is returned (reproducibility then holds only within one environment).
    """
    try:
        from hypothesis.internal.conjecture import providers
    except ImportError:  # pragma: no cover - Hypothesis internals moved
        return False
    original = getattr(providers, "_get_local_constants", None)
    empty = getattr(providers, "Constants", None)
    cache = getattr(providers, "CONSTANTS_CACHE", None)
    if original is None or empty is None or cache is None:
        return False
    if getattr(original, "__rmtcheck_stable__", False):
        return True
    pool = empty()

    def no_local_constants() -> Any:
        return pool

    no_local_constants.__rmtcheck_stable__ = True  # type: ignore[attr-defined]
    providers._get_local_constants = no_local_constants
    cache.cache.clear()
    return True


def claim_seed(root: int, claim_id: str) -> int:
    """The Hypothesis seed of ``claim_id`` in a run with root seed ``root`` (64 bits of SHA-256)."""
    if isinstance(root, bool) or not isinstance(root, int) or root < 0:
        raise ValueError(f"root seed must be an integer >= 0; got {root!r}")
    digest = hashlib.sha256(f"{root}:{claim_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


@dataclass(frozen=True)
class ClaimResult:
    """One claim's run: its outcomes, status, the traceback if it raised, and timing."""

    check: Check[Any]
    outcomes: tuple[Outcome, ...]
    seed: int
    wall_time: float
    error: str | None = None

    @property
    def claim_id(self) -> str:
        return self.check.id

    @property
    def status(self) -> str:
        return claim_status(self.outcomes, self.error)

    @property
    def resolution(self) -> float | None:
        return max((o.resolution for o in self.outcomes), default=None)

    def row(self) -> dict[str, Any]:
        """The report row (plain JSON values)."""
        return claim_row(self.check.claim, self.outcomes, origin=self.check.origin, error=self.error,
                         target=self.check.target, hypothesis_seed=str(self.seed))

    def explain(self) -> str:
        """Why the claim did not pass: the first bad example's summary, or the traceback."""
        if self.error is not None:
            return f"{self.claim_id} raised:\n{self.error}"
        bad = [o for o in self.outcomes if o.status != "pass"]
        head = f"{self.claim_id}: {self.status} ({len(bad)} of {len(self.outcomes)} examples)"
        return head + ("\n" + bad[0].summary() if bad else "")


@dataclass(frozen=True)
class Example:
    """One drawn example of a claim: the check's parameters and the simulation seed."""

    params: Any
    sim_seed: int


def draw_examples(check: Check[Any], profile: Profile, *, root_seed: int = 0) -> tuple[Example, ...]:
    """The examples :func:`verify_check` runs for ``check`` under ``profile``, drawn without running them.

    Hypothesis draws ``profile.examples(check.examples)`` parameter sets and simulation seeds from the
    claim's seed (:func:`claim_seed`) with a body that only records them. What Hypothesis generates does
    not depend on the body here (it never fails and targets nothing; there is no shrinking), so the
    examples are the same whether they then run one after another or as separate tasks on a cluster
    (``sim.engine.DaskEngine`` runs one task per example).
    """
    seed = claim_seed(root_seed, check.id)
    stable_draws()
    drawn: list[Example] = []
    chosen = settings(
        hypothesis_settings(profile),
        max_examples=profile.examples(check.examples),
        derandomize=False,
        database=None,
        phases=(Phase.explicit, Phase.generate),
        print_blob=False,
    )

    @chosen
    @hypothesis.seed(seed)
    @given(params=check.strategy(profile), sim_seed=st.integers(0, SEED_MAX))
    def body(params: Any, sim_seed: int) -> None:
        drawn.append(Example(params, sim_seed))

    body()
    return tuple(drawn)


def verify_check(
    check: Check[Any],
    profile: Profile,
    *,
    root_seed: int = 0,
    device: str | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> ClaimResult:
    """Run ``check`` under ``profile``: every drawn example (:func:`draw_examples`), in order, each outcome
    recorded as it finishes."""
    seed = claim_seed(root_seed, check.id)
    outcomes: list[Outcome] = []
    started = time.perf_counter()
    error: str | None = None
    try:
        for example in draw_examples(check, profile, root_seed=root_seed):
            outcome = run(check, example.params, example.sim_seed, device, target_factor=profile.target_factor)
            outcomes.append(outcome)
            if on_outcome is not None:
                on_outcome(outcome)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # the check raised: keep the traceback, the other claims still run
        error = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return ClaimResult(check, tuple(outcomes), seed, time.perf_counter() - started, error)
