"""rmtcheck.proofs_check: sympy checks of the derivations behind the closed forms.

Each family keeps its checks in ``sim/families/<family>/proofs.py`` (a tuple ``PROOFS`` of
zero-argument functions returning a :class:`~proofs_check.result.CheckResult`);
``python -m proofs_check`` runs them all (:mod:`proofs_check.__main__`).
"""

from proofs_check.result import CheckResult

__all__ = ["CheckResult"]
