"""Tracy–Widom: everything about verifying the ``tracy_widom.*`` claims (page: ``docs/tracy_widom.md``).

The largest eigenvalue of a real Wishart matrix ``X^T X`` (``X`` n x p with N(0, 1) entries),
centred and scaled by Johnstone's ``(mu, sigma)``, follows the Tracy–Widom law TW1
(``tracy_widom.wishart_tw1``). The largest eigenvalue of an N x N GSE matrix (the beta = 4
Hermite ensemble, drawn through the Dumitriu–Edelman tridiagonal model), centred at ``2 sqrt(2N)``
and scaled by ``2^{1/6} N^{1/6} / sqrt 2``, follows Tracy & Widom's TW4 law ``F_4``
(``tracy_widom.gse_tw4``).

Layout: ``wishart_tw1`` and ``gse_tw4`` each hold one claim end to end (the parameter record and the
sizes per profile, the claim record with its wrong variants, the tolerance with its calibration,
the experiment, the draw and its ``CHECK``); ``figures`` the report figure. The closed forms are
in :mod:`theory.tracy_widom`.

``CHECKS`` holds one :class:`rmtcheck.Check` per claim, in catalog order.
"""

from __future__ import annotations

from rmtcheck.families.tracy_widom import gse_tw4, wishart_tw1

CHECKS = (wishart_tw1.CHECK, gse_tw4.CHECK)

__all__ = ["CHECKS"]
