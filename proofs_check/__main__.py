"""``python -m proofs_check``: run the sympy checks (``PROOFS``) of every family; exit 1 if any fails."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable

from proofs_check.result import CheckResult


def proofs() -> tuple[Callable[[], CheckResult], ...]:
    """The ``PROOFS`` of every module in :func:`sim.families.family_modules`, family by family."""
    from sim.families import family_modules

    found: list[Callable[[], CheckResult]] = []
    for name in family_modules():
        found.extend(getattr(importlib.import_module(f"sim.families.{name}"), "PROOFS", ()))
    return tuple(found)


def main() -> int:
    failed = 0
    for check in proofs():
        result = check()
        print(f"[{'ok' if result.holds else 'FAIL'}] {result.name}: {result.statement} {result.detail}")
        failed += not result.holds
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
