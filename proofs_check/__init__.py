"""rmtcheck's sympy checks of the derivations behind the closed forms (sympy, mpmath and ``theory``;
never torch).

One module per claim family (``proofs_check.mp``, ``proofs_check.spiked``, ...), each with a tuple
``PROOFS`` of zero-argument functions returning a :class:`~proofs_check.result.CheckResult`;
:func:`proofs` collects them by walking this package (no hand-kept list), and ``python -m proofs_check``
runs them all.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

from proofs_check.result import CheckResult

__all__ = ["CheckResult", "proofs"]


def proofs() -> tuple[Callable[[], CheckResult], ...]:
    """The ``PROOFS`` of every family module of this package, in module-name order."""
    found: list[Callable[[], CheckResult]] = []
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")):
        found.extend(getattr(importlib.import_module(f"{__name__}.{module}"), "PROOFS", ()))
    return tuple(found)
