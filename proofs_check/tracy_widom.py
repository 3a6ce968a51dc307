"""Symbolic checks of the Tracy–Widom derivations (none yet: the Tracy–Widom tables are checked
numerically in ``tests/test_tracy_widom.py``).
"""

from __future__ import annotations

from collections.abc import Callable

from proofs_check.result import CheckResult

PROOFS: tuple[Callable[[], CheckResult], ...] = ()
