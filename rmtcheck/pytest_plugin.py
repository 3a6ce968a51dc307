"""rmtcheck's pytest plugin (entry point ``pytest11``): options and a fixture for check tests, nothing else.

Installing rmtcheck registers this module in every pytest run of the environment, so it is built to
change nothing there unless asked: at start-up it imports neither torch, nor ``sim``, nor any other
part of rmtcheck; it registers no Hypothesis profile and loads none; it patches nothing. Only tests
made by :func:`rmtcheck.check_test` (which request the ``rmtcheck_session`` fixture) run under an
rmtcheck profile, and they pass that profile's settings to their own draws; every other test keeps the
user's Hypothesis settings.

Options:

* ``--rmtcheck-profile ci|verify`` — the profile of the check tests (default: ``RMTCHECK_PROFILE``,
  else ``ci``);
* ``--rmtcheck-seed S`` — the root seed of the check tests (default: 0 under ``ci``, a random seed,
  shown in the header, under ``verify``);
* ``--rmtcheck-report DIR`` — write ``DIR/verification.json`` and ``.md`` for the check tests that
  ran (default: ``RMTCHECK_REPORT_DIR``, else no report).

A researcher's test file turns a :class:`~rmtcheck.Check` into a test with one call::

    from rmtcheck import check_test
    test_wigner_outlier = check_test(CHECK)
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
    from rmtcheck.check import Check
    from rmtcheck.profiles import Profile
    from rmtcheck.run import ClaimResult

SESSION = pytest.StashKey["Session"]()
OPTIONS = ("rmtcheck_profile", "rmtcheck_seed", "rmtcheck_report")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("rmtcheck", "rmtcheck verification (check tests made by rmtcheck.check_test)")
    group.addoption("--rmtcheck-profile", choices=("ci", "verify"), default=None,
                    help="profile of the check tests (default: RMTCHECK_PROFILE, else ci)")
    group.addoption("--rmtcheck-seed", type=int, default=None,
                    help="root seed of the check tests (default: 0 for ci, random for verify)")
    group.addoption("--rmtcheck-report", default=None, metavar="DIR",
                    help="write DIR/verification.json and .md for the check tests (default: RMTCHECK_REPORT_DIR)")


class Session:
    """The session's profile, root seed and report directory; runs and records checks.
    Made on first use, by the first check test that asks for it."""

    def __init__(self, config: pytest.Config) -> None:
        from rmtcheck.profiles import get_profile

        name = config.getoption("rmtcheck_profile") or os.environ.get("RMTCHECK_PROFILE", "ci")
        self.profile: Profile = get_profile(name)
        seed = config.getoption("rmtcheck_seed")
        if seed is None:
            seed = 0 if self.profile.derandomize else random.SystemRandom().randrange(2**32)
        self.root_seed: int = seed
        report = config.getoption("rmtcheck_report") or os.environ.get("RMTCHECK_REPORT_DIR")
        self.report: Path | None = Path(report) if report else None
        self.results: dict[str, ClaimResult] = {}
        self.started = time.perf_counter()

    def run(self, check: Check[Any]) -> ClaimResult:
        from rmtcheck.run import verify_check

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
        from rmtcheck.report import write_report

        write_report(self.report, {cid: r.row() for cid, r in self.results.items()},
                     profile=self.profile.name, hypothesis_seed=str(self.root_seed),
                     wall_time=time.perf_counter() - self.started)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "rmtcheck: a check of a claim against simulation (rmtcheck.check_test)")


def _asked(config: pytest.Config) -> bool:
    return any(config.getoption(name) is not None for name in OPTIONS)


def pytest_report_header(config: pytest.Config) -> str | None:
    if not _asked(config):
        return None
    session = _session(config)
    return (f"rmtcheck: profile {session.profile.name!r}, root seed {session.root_seed} "
            f"(--rmtcheck-profile, --rmtcheck-seed)")


def _session(config: pytest.Config) -> Session:
    if SESSION not in config.stash:
        config.stash[SESSION] = Session(config)
    return config.stash[SESSION]


@pytest.fixture(scope="session")
def rmtcheck_session(request: pytest.FixtureRequest) -> Session:
    """The session's :class:`Session` (profile, root seed, recorded results)."""
    return _session(request.config)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if SESSION in session.config.stash:
        session.config.stash[SESSION].write()
