"""rmtcheck.proofs_check: sympy checks of the derivations behind the closed forms."""

from proofs_check.result import CheckResult

__all__ = ["CheckResult"]
