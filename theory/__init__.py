"""rmtcheck.theory: closed-form random-matrix predictions (numpy, scipy, mpmath; no torch).

Modules: :mod:`theory.mp` (Marchenko–Pastur), :mod:`theory.tracy_widom` (TW1, TW2),
:mod:`theory.claim` (claim records), :mod:`theory.registry` (the catalog).
``python -m theory`` prints the catalog.
"""

from theory.claim import Claim, Registry, Variant

__all__ = ["Claim", "Registry", "Variant"]
__version__ = "0.1.0"
