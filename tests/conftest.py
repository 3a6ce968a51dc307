"""Pytest configuration of rmtcheck's own suite.

The check tests (``tests/test_agreement.py``, made by ``rmtcheck.check_test``) take their profile and
root seed from rmtcheck's pytest plugin (``--rmtcheck-profile``, ``--rmtcheck-seed``,
``--rmtcheck-report``). The plugin leaves Hypothesis's global settings alone, so this suite chooses
its own for its property tests here, as any project would: derandomised, no deadline (simulations),
``HYPOTHESIS_PROFILE`` to override.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "rmtcheck-suite", derandomize=True, max_examples=10, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "rmtcheck-suite"))
