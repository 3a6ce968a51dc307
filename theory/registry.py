"""The catalog of every registered claim.

``theory.registry.REGISTRY`` is an immutable :class:`~theory.claim.Registry`;
``claims()``, ``get(claim_id)`` and ``ids()`` are shortcuts over it.
"""

from __future__ import annotations

from theory import adam_claims, heavy_tails_claims, mp_claims, rff_claims, spiked_claims, tw_claims
from theory.claim import Claim, Registry

REGISTRY: Registry = Registry.of(
    (*mp_claims.CLAIMS, *tw_claims.CLAIMS, *spiked_claims.CLAIMS, *heavy_tails_claims.CLAIMS,
     *rff_claims.CLAIMS, *adam_claims.CLAIMS)
)


def claims() -> tuple[Claim, ...]:
    """All registered claims in catalog order."""
    return tuple(REGISTRY)


def get(claim_id: str) -> Claim:
    """The claim with this id (``KeyError`` listing the known ids otherwise)."""
    return REGISTRY.get(claim_id)


def ids() -> tuple[str, ...]:
    """All claim ids in catalog order."""
    return REGISTRY.ids()
