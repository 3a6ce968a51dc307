"""Random Fourier features: everything about verifying the ``rff.*`` claims (page: ``docs/rff.md``).

Ridge regression on ``N`` random Fourier features (cos and sin of ``X w``) of fixed data: the
deterministic-equivalent fixed point ``(d_cos, d_sin)`` (``fixed_point``), the training and test MSE
averaged over the features (``train_mse``, ``test_mse``) and the ridgeless double-descent peak at
``N/n = 1/2`` (``ridgeless_peak``).

Layout: one module per claim (``fixed_point``, ``train_mse``, ``test_mse``, ``ridgeless_peak``), each
holding the claim record with its wrong variants, its tolerance constants with their calibration, its
experiment, its draw and its ``CHECK``; ``_common`` holds what they share (the parameter record, the
sizes per profile, the data set of an example, and the MSE claims' variants, draw, experiment and bias
bounds); ``figures`` the report figures. The closed forms are in :mod:`theory.rff`.

``CHECKS`` holds one :class:`rmtcheck.Check` per claim, in catalog order.
"""

from __future__ import annotations

from rmtcheck.families.rff import fixed_point, ridgeless_peak, test_mse, train_mse

CHECKS = (fixed_point.CHECK, train_mse.CHECK, test_mse.CHECK, ridgeless_peak.CHECK)

__all__ = ["CHECKS"]
