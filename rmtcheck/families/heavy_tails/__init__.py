"""Heavy tails: everything about verifying the ``heavy_tails.*`` claims (page: ``docs/heavy_tails.md``).

Tail-exponent estimators (Hill on Pareto order statistics, ``hill_pareto``; the KS power-law fit on a
Pareto tail above a body, ``ks_pareto``, and on Student-t samples, ``ks_student_t``) and the
universality classes of the ESD of ``X X^T`` with heavy-tailed entries: a power tail of exponent
``mu / 2 + 1`` for ``mu < 2`` (``levy_exponent``), a finite-size exponent increasing with ``mu`` for
``2 < mu < 4`` (``moderate_trend``), the Marchenko–Pastur law for ``mu > 4`` (``mp_light_tails``).

Layout: one module per claim (``hill_pareto``, ``ks_pareto``, ``ks_student_t``, ``levy_exponent``,
``moderate_trend``, ``mp_light_tails``), each holding the claim record with its wrong variants, its
tolerance constants with their calibration, its experiment, its draw and its ``CHECK``; ``_common``
holds what they share (the parameter records, the sizes per profile, the estimator prediction and
experiment, the KS variants, draw and bias bounds, the heavy-tailed matrix simulation); ``figures``
the report figures. The closed forms are in :mod:`theory.heavy_tails` and :mod:`theory.power_law_fit`.

``CHECKS`` holds one :class:`rmtcheck.Check` per claim, in catalog order.
"""

from __future__ import annotations

from rmtcheck.families.heavy_tails import (
    hill_pareto,
    ks_pareto,
    ks_student_t,
    levy_exponent,
    moderate_trend,
    mp_light_tails,
)

CHECKS = (hill_pareto.CHECK, ks_pareto.CHECK, ks_student_t.CHECK, levy_exponent.CHECK, moderate_trend.CHECK,
          mp_light_tails.CHECK)

__all__ = ["CHECKS"]
