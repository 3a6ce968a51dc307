"""rmtcheck's pytest plugin (entry point ``pytest11``, loaded wherever rmtcheck is installed).

Options:

* ``--rmtcheck-profile ci|verify`` — the profile of every check test and the Hypothesis profile
  of the session (default: ``RMTCHECK_PROFILE``, else ``ci``);
* ``--rmtcheck-seed S`` — the root seed of the check tests (default: ``--hypothesis-seed`` if given,
  else 0 under ``ci`` and a random seed, shown in the header, under ``verify``);
* ``--rmtcheck-report DIR`` — write ``DIR/verification.json`` and ``.md`` for the check tests that
  ran (default: ``RMTCHECK_REPORT_DIR``, else no report).

A researcher's test file turns a :class:`~sim.check.Check` into a test with one call::

    from sim.testing import check_test
    test_wigner_outlier = check_test(CHECK)

The test runs the check under the session's profile (:func:`sim.verify.verify_check`) and fails
with the first bad example's summary unless the claim's status is ``pass``.
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from sim.check import Check
    from sim.profiles import Profile
    from sim.verify import ClaimResult

RESULTS = pytest.StashKey[dict[str, "ClaimResult"]]()
SESSION = pytest.StashKey["Session"]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("rmtcheck", "rmtcheck verification")
    group.addoption("--rmtcheck-profile", choices=("ci", "verify"), default=None,
                    help="verification profile (default: RMTCHECK_PROFILE, else ci)")
    group.addoption("--rmtcheck-seed", type=int, default=None,
                    help="root seed of the check tests (default: --hypothesis-seed, else 0 for ci)")
    group.addoption("--rmtcheck-report", default=None, metavar="DIR",
                    help="write DIR/verification.json and .md (default: RMTCHECK_REPORT_DIR)")


class Session:
    """The session's profile, root seed and report directory; runs and records checks."""

    def __init__(self, config: pytest.Config) -> None:
        from sim.profiles import get_profile

        name = config.getoption("rmtcheck_profile") or os.environ.get("RMTCHECK_PROFILE", "ci")
        self.profile: Profile = get_profile(name)
        seed = config.getoption("rmtcheck_seed")
        if seed is None:
            hyp = config.getoption("hypothesis_seed", default=None)
            seed = int(hyp) if hyp is not None else None
        if seed is None:
            seed = 0 if self.profile.derandomize else random.SystemRandom().randrange(2**32)
        self.root_seed: int = seed
        report = config.getoption("rmtcheck_report") or os.environ.get("RMTCHECK_REPORT_DIR")
        self.report: Path | None = Path(report) if report else None
        self.results: dict[str, ClaimResult] = {}
        self.started = time.perf_counter()

    def run(self, check: Check[Any]) -> ClaimResult:
        from sim.verify import verify_check

        verbose = self.profile.name == "verify"

        def progress(outcome: Any) -> None:
            if verbose:
                print(f"  {outcome.claim_id:28s} {outcome.status:8s} {outcome.wall_time:6.2f}s "
                      f"{dict(outcome.params)}", file=sys.stderr, flush=True)

        result = verify_check(check, self.profile, root_seed=self.root_seed, on_outcome=progress)
        self.results[check.id] = result
        return result

    def write(self) -> None:
        if self.report is None or not self.results:
            return
        from sim.report import write_report

        write_report(self.report, {cid: r.row() for cid, r in self.results.items()},
                     profile=self.profile.name, hypothesis_seed=str(self.root_seed),
                     wall_time=time.perf_counter() - self.started)


def pytest_configure(config: pytest.Config) -> None:
    from hypothesis import settings

    from sim.verify import stable_draws

    stable_draws()  # the same draws in every test of the session, whatever the test order (sim.verify)
    session = Session(config)
    config.stash[SESSION] = session
    settings.load_profile(session.profile.name)
    config.addinivalue_line("markers", "rmtcheck: a check of a claim against simulation (sim.testing)")


def pytest_report_header(config: pytest.Config) -> str:
    session = config.stash[SESSION]
    return (f"rmtcheck: profile {session.profile.name!r}, root seed {session.root_seed} "
            f"(--rmtcheck-profile, --rmtcheck-seed)")


@pytest.fixture(scope="session")
def rmtcheck_session(request: pytest.FixtureRequest) -> Session:
    """The session's :class:`Session` (profile, root seed, recorded results)."""
    return request.config.stash[SESSION]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if SESSION in session.config.stash:
        session.config.stash[SESSION].write()
