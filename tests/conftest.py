"""Pytest configuration. The Hypothesis profile, the check tests' root seed and the verification
report come from rmtcheck's pytest plugin (``sim.pytest_plugin``; ``--rmtcheck-profile``,
``--rmtcheck-seed``, ``--rmtcheck-report``), registered by installing the package."""
