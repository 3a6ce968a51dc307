"""Pytest configuration: Hypothesis profile, evidence collection and the verify report."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from hypothesis import settings

from sim.harness import Outcome
from sim.profiles import active

PROFILE = active()
settings.load_profile(PROFILE.name)

EVIDENCE = pytest.StashKey[list[Outcome]]()
STARTED = pytest.StashKey[float]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[EVIDENCE] = []
    config.stash[STARTED] = time.perf_counter()


def pytest_report_header(config: pytest.Config) -> str:
    return f"rmtcheck: hypothesis profile {PROFILE.name!r} (RMTCHECK_PROFILE)"


class Evidence:
    """Records every outcome; prints one progress line per example under ``verify``."""

    def __init__(self, store: list[Outcome], verbose: bool) -> None:
        self._store = store
        self._verbose = verbose

    def record(self, outcome: Outcome) -> None:
        self._store.append(outcome)
        if self._verbose:
            verdict = "pass" if outcome.passed else "FAIL"
            print(f"[{len(self._store):4d}] {outcome.claim_id:16s} {verdict} "
                  f"{outcome.wall_time:6.2f}s {dict(outcome.params)}", file=sys.stderr, flush=True)


@pytest.fixture(scope="session")
def evidence(request: pytest.FixtureRequest) -> Evidence:
    return Evidence(request.config.stash[EVIDENCE], verbose=PROFILE.name == "verify")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    target = os.environ.get("RMTCHECK_REPORT_DIR")
    if not target:
        return
    from sim.report import summarise, write_report

    config = session.config
    seed = config.getoption("hypothesis_seed", default=None)
    write_report(
        Path(target),
        summarise(config.stash[EVIDENCE]),
        profile=PROFILE.name,
        hypothesis_seed=None if seed is None else str(seed),
        wall_time=time.perf_counter() - config.stash[STARTED],
    )
