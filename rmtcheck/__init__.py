"""rmtcheck: verify closed-form random-matrix predictions against finite-size simulations.

The one import for users and plugin authors::

    import rmtcheck
    from rmtcheck import Check, Claim, Comparison, Variant

Records: :class:`Claim` and :class:`Variant` (a formula, its citation and its wrong variants),
:class:`Check` (a claim with the :class:`Experiment` that tests it and its parameter draws),
:class:`Comparison` (one statistic against its prediction, with a size-derived tolerance),
:class:`Outcome` (one example), :class:`ClaimResult` (one claim), :class:`Status`,
:class:`Profile`, :class:`Figure`. Functions: :func:`discover` (every registered check),
:func:`verify` (run one check in this process), :func:`check_test` (a pytest test from a check),
:func:`monte_carlo` (the standard tolerance), :func:`trend_comparison` (a Spearman trend test),
:func:`asymptotic_check` (verify a limit by extrapolating a ladder of sizes, with no tolerance to
calibrate: ``docs/own-formula.md``).

Everything is imported on first use (``rmtcheck.Check`` imports the check module then), so that
``import rmtcheck`` and the pytest plugin import neither torch nor the simulators. The internals live in
private-by-convention modules (:mod:`rmtcheck.run`, :mod:`rmtcheck.engine`, :mod:`rmtcheck.report`, ...);
their names may change between releases, the names here will not without a deprecation.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from theory import __version__

if TYPE_CHECKING:
    from rmtcheck.asymptotic import Asymptotic, Ladder, asymptotic_check
    from rmtcheck.check import Check, Figure
    from rmtcheck.claim import Claim, Predictor, Variant
    from rmtcheck.experiment import Comparison, Experiment, Outcome, Status
    from rmtcheck.plugins import Discovery, discover
    from rmtcheck.profiles import PROFILES, Profile, get_profile
    from rmtcheck.run import ClaimResult, Example, verify
    from rmtcheck.testing import check_test
    from rmtcheck.tolerances import monte_carlo
    from rmtcheck.trends import mean_and_error, trend_comparison

_WHERE = {
    "Asymptotic": "rmtcheck.asymptotic", "Ladder": "rmtcheck.asymptotic",
    "asymptotic_check": "rmtcheck.asymptotic",
    "Check": "rmtcheck.check", "Figure": "rmtcheck.check",
    "Claim": "rmtcheck.claim", "Predictor": "rmtcheck.claim", "Variant": "rmtcheck.claim",
    "Comparison": "rmtcheck.experiment", "Experiment": "rmtcheck.experiment", "Outcome": "rmtcheck.experiment",
    "Status": "rmtcheck.experiment",
    "Discovery": "rmtcheck.plugins", "discover": "rmtcheck.plugins",
    "PROFILES": "rmtcheck.profiles", "Profile": "rmtcheck.profiles", "get_profile": "rmtcheck.profiles",
    "ClaimResult": "rmtcheck.run", "Example": "rmtcheck.run", "verify": "rmtcheck.run",
    "check_test": "rmtcheck.testing",
    "monte_carlo": "rmtcheck.tolerances",
    "mean_and_error": "rmtcheck.trends", "trend_comparison": "rmtcheck.trends",
}

__all__ = ["PROFILES", "Asymptotic", "Check", "Claim", "ClaimResult", "Comparison", "Discovery", "Example",
           "Experiment", "Figure", "Ladder", "Outcome", "Predictor", "Profile", "Status", "Variant", "__version__",
           "asymptotic_check", "check_test",
           "discover", "get_profile", "mean_and_error", "monte_carlo", "trend_comparison", "verify"]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'rmtcheck' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
