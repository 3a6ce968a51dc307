"""Low-rank approximation error: everything about verifying the ``lowrank.*`` claims (page: ``docs/lowrank.md``).

The best rank-one approximation of the additive spiked model ``ell u u^T + Z Z^T/n`` has relative
spectral error ``(1 + sqrt c)^2/(1 + ell + c/(ell - c))`` in the proportional regime
(``lowrank.relative_error``) and ``1/(1 + ell)`` at fixed ``p`` (``lowrank.fixed_dim``).

Layout: one module per claim (``relative_error``, ``fixed_dim``), each holding the claim record with
its wrong variants, its tolerance constants with their calibration, its experiment, its draw and its
``CHECK``; ``_common`` holds what they share (the assumption strings and the sizes per profile);
``figures`` the report figure. The model is the ``spiked`` family's additive model, shared through
``rmtcheck.params.SpikedParams``, ``rmtcheck.draws.spiked_params`` and ``sim.spiked.simulate_additive``.
The closed forms are in :mod:`theory.lowrank`.

``CHECKS`` holds one :class:`rmtcheck.Check` per claim, in catalog order.
"""

from __future__ import annotations

from rmtcheck.families.lowrank import fixed_dim, relative_error

CHECKS = (relative_error.CHECK, fixed_dim.CHECK)

__all__ = ["CHECKS"]
