"""rmtcheck's own claim families: one subpackage per family, registered like any plugin.

Each subpackage ``rmtcheck.families.<family>`` holds one module per claim (the record with its wrong
variants, the tolerance constants with their calibration, the experiment, the draw and the claim's
``CHECK``), a ``_common`` module of what its claims share (parameter records, sizes per profile,
shared draws and simulations), and ``figures``; it exports ``CHECKS``, a tuple of
:class:`rmtcheck.Check` in catalog order. The sympy checks are in ``proofs_check/<family>.py``.
:func:`builtin_checks` is the value of rmtcheck's own entry point in the group
``rmtcheck.checks``; it finds the subpackages by walking this package (no hand-kept list), so
adding a family is its topic module in ``theory/``, its folder here, and its page in ``docs/``
(``docs/adding.md``).

The families, in catalog order (the folder name is the claim-id prefix and the page name):
``mp`` (Marchenko–Pastur), ``tracy_widom`` (the largest Wishart eigenvalue), ``spiked`` (outliers,
overlaps, BBP thresholds), ``lowrank`` (rank-one approximation error), ``heavy_tails`` (tail
estimators, ESD universality), ``kesten`` (tails of random recursions and SGD), ``rff`` (random
Fourier features), ``adam`` (one-step and multi-step FB-Adam / GD spectra), ``scaling`` (scaling
laws from power-law spectra).
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from rmtcheck.check import Check

__all__ = ["builtin_checks", "family_modules"]


def family_modules() -> tuple[str, ...]:
    """The names of the family subpackages, sorted (``CATALOG_ORDER`` first)."""
    names = [m.name for m in pkgutil.iter_modules(__path__) if m.ispkg and not m.name.startswith("_")]
    order = {name: i for i, name in enumerate(CATALOG_ORDER)}
    return tuple(sorted(names, key=lambda n: (order.get(n, len(order)), n)))


# The order of the catalog (families not listed follow alphabetically).
CATALOG_ORDER = ("mp", "tracy_widom", "spiked", "lowrank", "heavy_tails", "kesten", "rff", "adam", "scaling")


def builtin_checks() -> tuple[Check[Any], ...]:
    """Every built-in check, family by family."""
    checks: list[Check[Any]] = []
    for name in family_modules():
        module = importlib.import_module(f"{__name__}.{name}")
        checks.extend(getattr(module, "CHECKS", ()))
    return tuple(checks)
