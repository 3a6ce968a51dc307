"""Kesten recursions and SGD tails: everything about verifying the ``kesten.*`` claims (page: ``docs/kesten.md``).

Tail indices of random linear recursions ``x <- a x + b`` (log-normal multipliers, ``lognormal``;
one-dimensional SGD on least squares, ``sgd_1d``) and the trend of the SGD tail index with the step
size (``sgd_trend``). Trend claims predict a direction (+1 increasing, 0 none, -1 decreasing,
:mod:`rmtcheck.trends`).

Layout: one module per claim (``lognormal``, ``sgd_1d``, ``sgd_trend``), each holding the claim record
with its wrong variants, its experiment or the shared one, its draw and its ``CHECK``; ``_common``
holds what they share (the parameter record, the sizes per profile, the splitting estimate of the
tail index with its experiment, bias bound and resolution target); ``figures`` the report figures.
The closed forms are in :mod:`theory.kesten`.

``CHECKS`` holds one :class:`rmtcheck.Check` per claim, in catalog order.
"""

from __future__ import annotations

from rmtcheck.families.kesten import lognormal, sgd_1d, sgd_trend

CHECKS = (lognormal.CHECK, sgd_1d.CHECK, sgd_trend.CHECK)

__all__ = ["CHECKS"]
