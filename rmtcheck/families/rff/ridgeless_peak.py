"""``rff.ridgeless_peak``: with a vanishing ridge the random-Fourier-feature test MSE peaks at
``N/n = 1/2``, where the ``2N`` features equal the ``n`` samples (Liao, Couillet & Mahoney 2020, §4).

The threshold claim record with its wrong variants, the tolerance (half a grid step), the experiment
(arg-max of the simulated test MSE over integer ``N``), the draw and the check.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from hypothesis import strategies as st

from rmtcheck import Check, Claim, Comparison, Predictor, Variant
from rmtcheck.families.rff._common import ASSUMPTIONS, CITE_SOURCE, SIZES, FloatArray, RFFParams, RffSizes, dataset
from rmtcheck.families.rff.figures import DOUBLE_DESCENT_FIGURE
from theory import rff
from theory._validate import positive_int

if TYPE_CHECKING:
    import torch


def peak_tolerance(n: int) -> float:
    """Half a grid step, ``1/(2n)`` in ``N/n`` units: the ridgeless-peak grid steps by one feature pair."""
    return 0.5 / n


def _peak_with_zero_frequency(*, n: int, p: int) -> float:
    """2(N + 1) = n: a zero-frequency pair (cos 0 = 1, sin 0 = 0) counted with the features (near miss)."""
    return rff.ridgeless_peak_ratio(n=n, p=p) - 1.0 / positive_int("n", n)


def _peak_at_n(*, n: int, p: int) -> float:
    """N = n: counting N features instead of 2N."""
    return rff.ridgeless_peak_ratio(n=n, p=p) * 2.0


def _peak_at_p(*, n: int, p: int) -> float:
    """N = p: the input dimension as the number of parameters."""
    rff.ridgeless_peak_ratio(n=n, p=p)
    return positive_int("p", p) / n


CLAIM = Claim(
    id="rff.ridgeless_peak",
    kind="threshold",
    statement="With a vanishing ridge the RFF test MSE peaks at N/n = 1/2, where the 2N features "
    "equal the n samples.",
    formula=r"\arg\max_{N/n} E_{\rm test}(\lambda \to 0) = 1/2",
    citation="liao2020",
    source=CITE_SOURCE + " (§4, double descent)",
    assumptions=ASSUMPTIONS,
    regime="lam = 1e-6; n even in [40, 80]; every integer N with |N - n/2| <= 4 (24 draws each, the curve "
    "their geometric mean: one draw's test MSE is heavy-tailed near interpolation); tolerance half a grid "
    "step, 1/(2n)",
    predict=rff.ridgeless_peak_ratio,
    variants=(
        Variant("peak_at_n", "N = n (N features counted, not 2N)", _peak_at_n),
        Variant("peak_at_p", "N = p (the input dimension)", _peak_at_p),
        Variant("zero_frequency_pair", "2(N + 1) = n (a constant feature pair counted): 2/n = 2-5% low",
                _peak_with_zero_frequency, near_miss=True),
    ),
    resolution_target=0.03,
    resolution_basis="the arg-max over integer N resolves one feature pair: resolution 1/n <= 2.5% at n >= 40",
)


@dataclass(frozen=True)
class PeakExperiment:
    """Arg-max of the simulated test MSE over every integer ``N`` near ``n/2``, ``lam = 1e-6``.

    The curve is the geometric mean of the test MSE over the ``draws`` (the mean of its log): near the
    interpolation threshold the test MSE of one draw is heavy-tailed (it goes like the inverse square of
    the smallest singular value of the features), so the arithmetic mean's arg-max fell one feature pair
    off in 0.56% of examples (28 of 200 verify runs failed, issue 28's count; 6 of 1200 simulated examples
    at the verify sizes), while the geometric mean's did in 0 of 1200 (the median's in 1). Both estimate the
    same deterministic-equivalent curve, whose relative fluctuations vanish as ``n`` grows.

    The grid (``params.ratios``) steps by one feature pair, ``1/n`` in ``N/n``, and contains the claimed
    location ``N = n/2`` (``n`` even): the tolerance is half a step, ``1/(2n)``, so the resolution
    is ``1/n`` relative to 1/2 and any prediction one feature pair away (the near miss) is rejected."""

    def simulate(self, params: RFFParams, gen: torch.Generator) -> tuple[FloatArray, FloatArray]:
        from sim.rff import rff_mse

        data = dataset(params, gen)
        typical = []
        for ratio in params.ratios:
            _, test = rff_mse(data, max(1, round(ratio * params.n)), params.lam, params.draws, gen)
            typical.append(float(np.mean(np.log(test))))  # the log of the geometric mean over the draws
        return np.asarray(params.ratios), np.asarray(typical)

    def compare(self, sample: tuple[FloatArray, FloatArray], params: RFFParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        ratios, means = sample
        peak = float(ratios[int(np.argmax(means))])
        p = 64 if params.data == "digits" else params.p
        return (Comparison("N/n at the test-MSE peak", peak, float(predict(n=params.n, p=p)),
                           peak_tolerance(params.n)),)


@st.composite
def rff_peak_params(draw: st.DrawFn, scale: RffSizes) -> RFFParams:
    """n even in [40, 80], every integer N with |N - n/2| <= 4 (one feature pair per step), 24 draws
    (at n = 98 with 8 draws the arg-max fell one pair off in 3 of 44 verify examples);
    mixture p/n in [1, 2] or digits (p = 64 >= 0.64 n): the N = p variant stays > 0.14 away."""
    data = draw(st.sampled_from(("mixture", "digits")))
    n = 2 * draw(st.integers(20, 40))
    p = draw(st.integers(n, 2 * n))
    grid = tuple((n // 2 + k) / n for k in range(-4, 5))
    return RFFParams(data=data, n=n, n_test=256, N=1, lam=1e-6, draws=24, p=p,
                     separation=draw(st.floats(0.1, 0.3)), ratios=grid)


CHECK = Check(CLAIM, PeakExperiment(), draws=rff_peak_params, sizes=SIZES, figures=(DOUBLE_DESCENT_FIGURE,))
