"""Turn a :class:`~rmtcheck.Check` into a pytest test with one call (needs pytest; the ``rmtcheck``
pytest plugin, which installing rmtcheck registers, provides its fixture and options)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rmtcheck.check import Check

__all__ = ["check_test"]


def check_test(check: Check[Any]) -> Callable[..., None]:
    """A test that verifies ``check`` under the session's rmtcheck profile (``--rmtcheck-profile``,
    default ``ci``): every drawn example must agree with the claim, reject every variant and meet the
    resolution target. Only these tests use rmtcheck's profiles; the session's other tests keep their
    own Hypothesis settings.

    Assign it to a module-level name starting with ``test_``::

        test_wigner_outlier = check_test(CHECK)
    """
    import pytest

    def test(rmtcheck_session: Any) -> None:
        result = rmtcheck_session.run(check)
        assert result.status == "pass", result.explain()

    test.__name__ = "test_" + check.id.replace(".", "_")
    test.__qualname__ = test.__name__
    test.__doc__ = f"{check.id}: agreement within tolerance, every wrong variant rejected, target met."
    marked: Callable[..., None] = pytest.mark.rmtcheck(test)
    return marked
