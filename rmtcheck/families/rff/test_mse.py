"""``rff.test_mse``: the test MSE of random-Fourier-feature ridge regression, averaged over ``W``,
matches its deterministic equivalent at finite ``N/n``, double descent included (Liao, Couillet &
Mahoney 2020, Theorem 3; derived here, see :mod:`theory.rff`).

The claim record and the check; the wrong variants, regime, draw, experiment and the bias bound
``B_RFF_TEST`` (with its calibration) are in :mod:`rmtcheck.families.rff._common`, shared with
``rff.train_mse``.
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
    id="rff.test_mse",
    statement="The test MSE of RFF ridge regression, averaged over W, matches its deterministic "
    "equivalent at finite N/n (double descent included).",
    formula=r"E_{\rm test} = \frac1{\hat n}\|\hat y - \tfrac Nn\Phi\bar Qy\|^2 + \frac{N^2}{n^2\hat n}"
    r"\sum_{ab}\frac{\Theta_a}{(1+\delta_a)^2}\Omega_{ab}\,y^\top\bar QK_b\bar Qy",
    citation="liao2020",
    source=CITE_SOURCE + " (Theorem 3; derived here, see theory/rff.py)",
    assumptions=ASSUMPTIONS,
    regime=MSE_REGIME,
    predict=rff.errors,
    variants=MSE_VARIANTS,
    resolution_target=0.02,
    resolution_basis=MSE_BASIS + ": 0.65% + 0.6% + a resolved positive offset <= 0.4% at p/n <= 1.25",
)

# p/n in [1, 1.25]: the test MSE's positive finite-size offset grows with p/n (calibration in _common).
CHECK = Check(CLAIM, MSEExperiment("test"), draws=lambda s: rff_params(s, draws=s.rff_mse_draws, p_high=1.25),
              sizes=SIZES)
