"""``rff.train_mse``: the training MSE of random-Fourier-feature ridge regression, averaged over ``W``,
matches its deterministic equivalent at finite ``N/n`` (Liao, Couillet & Mahoney 2020, Theorem 2).

The claim record and the check; the wrong variants, regime, draw, experiment and the bias bound
``B_RFF_TRAIN`` (with its calibration) are in :mod:`rmtcheck.families.rff._common`, shared with
``rff.test_mse``.
"""

from __future__ import annotations

from rmtcheck import Check, Claim
from rmtcheck.families.rff._common import (
    ASSUMPTIONS,
    CITE_SOURCE,
    MSE_BASIS,
    MSE_REGIME,
    MSE_VARIANTS,
    SIZES,
    MSEExperiment,
    rff_params,
)
from theory import rff

CLAIM = Claim(
    id="rff.train_mse",
    statement="The training MSE of RFF ridge regression, averaged over W, matches its deterministic "
    "equivalent at finite N/n.",
    formula=r"E_{\rm train} = \frac{\lambda^2}{n}\|\bar Q y\|^2 + \frac{\lambda^2 N}{n^2}"
    r"\sum_{ab}\frac{\operatorname{tr}\bar QK_a\bar Q}{n(1+\delta_a)^2}\Omega_{ab}\,y^\top\bar QK_b\bar Qy",
    citation="liao2020",
    source=CITE_SOURCE + " (Theorem 2)",
    assumptions=ASSUMPTIONS,
    regime=MSE_REGIME,
    predict=rff.errors,
    variants=MSE_VARIANTS,
    resolution_target=0.015,
    resolution_basis=MSE_BASIS + ": 0.5% + 0.3% + <= 0.15%",
)

CHECK = Check(CLAIM, MSEExperiment("train"), draws=lambda s: rff_params(s, draws=s.rff_mse_draws), sizes=SIZES)
