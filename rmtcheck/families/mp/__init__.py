"""Marchenko–Pastur: everything about verifying the ``mp.*`` claims (page: ``docs/mp.md``).

``S = X X^T / n`` with ``X`` a ``p x n`` matrix of iid entries (mean 0, variance ``sigma2``):
its spectral distribution tends to the Marchenko–Pastur law (``mp.esd``), its extreme non-zero
eigenvalues to the edges ``sigma2 (1 ± sqrt c)^2`` (``mp.edges``), a fraction ``1 - 1/c`` of its
eigenvalues is 0 when ``c > 1`` (``mp.atom``), its moments tend to the Narayana polynomials
(``mp.moments``) and its resolvent trace to the Stieltjes transform (``mp.stieltjes``).

Layout: one module per claim (``esd``, ``edges``, ``atom``, ``moments``, ``stieltjes``), each
holding the claim record with its wrong variants, its tolerance constants with their calibration,
its experiment, its draw and its ``CHECK``; ``_common`` holds what they share (the parameter
record, the sizes per profile, the draw of ``(p, n)``, the simulation and control-variate helpers);
``figures`` the report figures. The closed forms are in :mod:`theory.mp`.

``CHECKS`` holds one :class:`rmtcheck.Check` per claim, in catalog order.
"""

from __future__ import annotations

from rmtcheck.families.mp import atom, edges, esd, moments, stieltjes

CHECKS = (esd.CHECK, edges.CHECK, atom.CHECK, moments.CHECK, stieltjes.CHECK)

__all__ = ["CHECKS"]
