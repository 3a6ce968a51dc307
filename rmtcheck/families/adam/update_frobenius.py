"""``adam.update_frobenius``: the Frobenius norm of the first FB-Adam step (docs/adam.md).

The claim with its wrong variants, the rounding tolerance, the experiment, the draw and the check.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from hypothesis import strategies as st
from numpy.typing import ArrayLike

from rmtcheck import Check, Claim, Comparison, Predictor, Variant
from rmtcheck.draws import log_uniform
from rmtcheck.families.adam._common import (
    ADAM,
    SETUP,
    SIZES,
    SOURCE,
    AdamSizes,
    FloatArray,
    OneStepParams,
    draw_one_step,
)
from rmtcheck.families.adam.figures import TABLE2_FIGURE
from theory import adam_step
from theory._validate import finite_array, positive_finite

if TYPE_CHECKING:
    import torch

__all__ = ["CHECK", "CLAIM", "FROBENIUS_REL", "FrobeniusExperiment", "draws"]


# --- the claim and its wrong variants ----------------------------------------------------------

def _frobenius_sign(eta: float, grad: ArrayLike, eps: float) -> float:
    """``eta sqrt(h d)``: the sign-update value, eps dropped."""
    g = finite_array("grad", grad)
    return adam_step.update_frobenius_norm(eta, g.shape[0], g.shape[1])


def _frobenius_unsquared(eta: float, grad: ArrayLike, eps: float) -> float:
    """``eta sqrt(sum |G| / (|G| + eps))``: the ratio not squared inside the sum."""
    g = np.abs(finite_array("grad", grad))
    positive_finite("eta", eta)
    return float(eta * math.sqrt(float(np.sum(g / (g + eps)))))


def _frobenius_uncorrected(eta: float, grad: ArrayLike, eps: float) -> float:
    """No bias correction: ``m = 0.1 G``, ``v = 0.001 G^2``, a step ``sqrt(10)`` times larger."""
    return adam_step.adam_update_frobenius(eta * 0.1 / math.sqrt(0.001), grad, eps)


CLAIM = Claim(
    id="adam.update_frobenius",
    statement="The first FB-Adam step has Frobenius norm eta sqrt(sum (|G|/(|G|+eps))^2), which is "
    "eta sqrt(h d) for the sign update (eps = 0).",
    formula=r"\|\eta\,G_0/(|G_0|+\epsilon)\|_F = \eta\Big(\sum_{ij}\frac{G_{ij}^2}{(|G_{ij}|+\epsilon)^2}"
    r"\Big)^{1/2} \xrightarrow{\epsilon\to0} \eta\sqrt{hd}",
    citation="kothapalli2025",
    source=SOURCE + ", eq. (9) and Theorem 4.1 (Frobenius part; Proposition B.6: no zero entries)",
    assumptions=(*SETUP, ADAM),
    regime="any sizes; exact identity (float64 rounding only)",
    predict=adam_step.adam_update_frobenius,
    resolution_target=1e-8,
    resolution_basis="an exact identity: the tolerance is float64 rounding (1e-10 relative)",
    variants=(
        Variant("sign_update", "eta sqrt(h d): eps dropped (0.2-2.4% high)", _frobenius_sign, near_miss=True),
        Variant("unsquared", "the ratio |G|/(|G|+eps) not squared", _frobenius_unsquared),
        Variant("no_bias_correction", "Adam without bias correction (sqrt(10) larger)",
                _frobenius_uncorrected),
    ),
)


# --- tolerance constant ------------------------------------------------------------------------

# The Frobenius identity is exact: float64 sums of h d <= 1e6 squared ratios in [0, 1] carry a
# relative rounding error below 1e-13. FROBENIUS_REL = 1e-10 relative.
FROBENIUS_REL = 1e-10


# --- the experiment ----------------------------------------------------------------------------

@dataclass(frozen=True)
class FrobeniusExperiment:
    """``|Delta W|_F`` of each replicate against the exact eps-corrected value (rounding tolerance)."""

    def simulate(self, params: OneStepParams, gen: torch.Generator) -> tuple[FloatArray, FloatArray]:
        import torch

        from sim.two_layer import ADAM_EPS

        step = draw_one_step(params, gen, eps=ADAM_EPS)
        norms = torch.linalg.matrix_norm(params.eta * step.direction).cpu().numpy()
        return norms, step.gradient.cpu().numpy()

    def compare(self, sample: tuple[FloatArray, FloatArray], params: OneStepParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        from sim.two_layer import ADAM_EPS

        norms, grads = sample
        return tuple(
            Comparison(f"|Delta W|_F (replicate {i})", float(norms[i]),
                       float(predict(params.eta, grads[i], ADAM_EPS)),
                       FROBENIUS_REL * float(norms[i]))
            for i in range(norms.size))


# --- the draw and the check --------------------------------------------------------------------

@st.composite
def draws(draw: st.DrawFn, scale: AdamSizes) -> OneStepParams:
    """Any sizes (h in [50, h_max], d in [40, h_max], n in [50, 4d]), eta log-uniform in [1e-3, 10]; two
    replicates."""
    h = draw(st.integers(50, scale.adam_h_max))
    d = draw(st.integers(40, scale.adam_h_max))
    return OneStepParams(draw(st.integers(50, 4 * d)), h, d, 2, eta=draw(log_uniform(1e-3, 10.0)))


CHECK = Check(CLAIM, FrobeniusExperiment(), draws=draws, sizes=SIZES, figures=(TABLE2_FIGURE,))
