"""Deprecated alias of :mod:`rmtcheck.testing` (moved in rmtcheck 0.2; this alias is removed in 0.3).

Import from ``rmtcheck`` instead (``from rmtcheck import ...``). The alias resolves its names lazily,
on first use, so that importing this package's simulators never imports the framework.
"""

from __future__ import annotations

import importlib
import warnings
from typing import Any

warnings.warn("sim.testing is deprecated and will be removed in rmtcheck 0.3; "
              "import from rmtcheck (check_test) instead",
              DeprecationWarning, stacklevel=2)

_TARGET = "rmtcheck.testing"


def __getattr__(name: str) -> Any:
    return getattr(importlib.import_module(_TARGET), name)


def __dir__() -> list[str]:
    return dir(importlib.import_module(_TARGET))
