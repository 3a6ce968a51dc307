"""Deprecated alias of :mod:`rmtcheck.experiment` (moved in rmtcheck 0.2; this alias is removed in 0.3).

Import from ``rmtcheck`` instead (``from rmtcheck import ...``). The alias resolves its names lazily,
on first use, so that importing this package's simulators never imports the framework.
"""

from __future__ import annotations

import importlib
import warnings
from typing import Any

warnings.warn("sim.harness is deprecated and will be removed in rmtcheck 0.3; "
              "import from rmtcheck (Comparison, Outcome, Experiment) instead",
              DeprecationWarning, stacklevel=2)

_TARGET = "rmtcheck.experiment"


def __getattr__(name: str) -> Any:
    if name == "run":
        return _run
    return getattr(importlib.import_module(_TARGET), name)


def _run(check: Any, params: Any, seed: int, device: Any = None, *, target_factor: float = 1.0) -> Any:
    """The old ``sim.harness.run``: one example of ``check`` (now :func:`rmtcheck.run.run_example`)."""
    run = importlib.import_module("rmtcheck.run")
    profiles = importlib.import_module("rmtcheck.profiles")
    profile = profiles.Profile("ci", max_examples=1, derandomize=True, target_factor=target_factor)
    return run.run_example(check, run.Example(params, seed), profile, device)


def __dir__() -> list[str]:
    return dir(importlib.import_module(_TARGET))
