"""Agreement and power: for every discovered check (``sim.check.discover``), over Hypothesis draws of
sizes and parameters, the simulation agrees with the claim within the size-derived tolerance, and
every registered wrong variant is rejected on the same sample at the same tolerance."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis.strategies import SearchStrategy

from sim import draws as strat
from sim import profiles
from sim.check import discover
from sim.harness import run
from tests.conftest import Evidence

PROFILE = profiles.active()
CHECKS = discover(plugins=False)
DRAWS: dict[str, SearchStrategy[Any]] = {c.id: c.strategy(PROFILE) for c in CHECKS}


def check(claim_id: str, params: Any, seed: int, evidence: Evidence) -> None:
    outcome = run(CHECKS.get(claim_id), params, seed, target_factor=PROFILE.target_factor)
    evidence.record(outcome)
    assert outcome.agrees, "claim disagrees with simulation:\n" + outcome.summary()
    assert not outcome.unrejected_variants, (
        "wrong variant(s) not rejected (no power):\n" + outcome.summary()
    )
    assert outcome.meets_target, "resolution misses its target:\n" + outcome.summary()


def _make(claim_id: str) -> Any:
    """The Hypothesis test of one check.

    Under the derandomised ``ci`` profile Hypothesis seeds its draws from a digest of the inner
    function's source text (decorators included, as it is nested): keep the six lines below as they
    are, or every ci draw changes.
    """
    examples = PROFILE.examples(CHECKS.get(claim_id).examples)

    @pytest.mark.agreement
    @pytest.mark.power
    @settings(max_examples=examples)
    @given(params=DRAWS[claim_id], seed=strat.seeds())
    def test(params: Any, seed: int, evidence: Evidence) -> None:
        check(claim_id, params, seed, evidence)

    test.__name__ = "test_" + claim_id.replace(".", "_")
    test.__doc__ = f"{claim_id}: agreement within tolerance, every wrong variant rejected."
    return test


for _claim_id in DRAWS:
    globals()["test_" + _claim_id.replace(".", "_")] = _make(_claim_id)


def test_every_check_has_draws_and_an_experiment() -> None:
    assert CHECKS.ids()
    assert len(set(CHECKS.ids())) == len(CHECKS)
    assert set(DRAWS) == set(CHECKS.ids())
    for c in CHECKS:
        assert callable(c.experiment.simulate)
        assert callable(c.experiment.compare)
