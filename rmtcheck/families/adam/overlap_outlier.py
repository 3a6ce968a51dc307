"""``adam.overlap_outlier``: the largest entry of the k x k overlap matrix of W1 and the first FB-Adam update,
above and below the threshold (issue 16; source document 002, appendix C; docs/adam.md).

The claim with its wrong variants, the parameter record, the tolerance constants with their calibration, the
experiment, the draw and the check; the teacher draw (``draw_with_teacher``) is in ``_common``.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from hypothesis import strategies as st

from rmtcheck import Check, Claim, Comparison, Predictor, Variant
from rmtcheck import tolerances as tol
from rmtcheck.families.adam._common import (
    ADAM_SIGN,
    ISSUE16_SIZES,
    SETUP,
    SOURCE,
    AdamIssue16Sizes,
    FloatArray,
    draw_with_teacher,
    issue16_sizes,
    top_left_vectors,
)
from rmtcheck.families.adam.figures import OVERLAP_FIGURE
from rmtcheck.params import check_size
from theory import adam_alignment, adam_step

if TYPE_CHECKING:
    import torch

__all__ = ["B_OVERLAP", "CHECK", "CLAIM", "HAAR_LEVEL", "OverlapOutlierExperiment", "OverlapParams",
           "OverlapSample", "draws", "overlap_top_entry", "top_left_vectors"]


@dataclass(frozen=True)
class OverlapParams:
    """One FB-Adam step at ``eta_factor`` (above) and ``below_factor`` (below) times the corrected threshold;
    the ``k x k`` left overlap matrix of ``W1`` and the update (source document 002, appendix C)."""

    n: int
    h: int
    d: int
    replicates: int
    k: int = 10
    eta_factor: float = 2.0
    below_factor: float = 0.4
    noise_std: float = 0.3

    def __post_init__(self) -> None:
        for name in ("n", "h", "d", "replicates", "k"):
            check_size(name, getattr(self, name))
        if self.replicates < 2:
            raise ValueError(f"replicates must be >= 2; got {self.replicates!r}")
        if self.k > min(self.h, self.d):
            raise ValueError(f"k must be <= min(h, d) = {min(self.h, self.d)}; got {self.k!r}")
        if not self.eta_factor > 1.0:
            raise ValueError(f"eta_factor must be > 1 (above the threshold); got {self.eta_factor!r}")
        if not 0.0 < self.below_factor < 1.0:
            raise ValueError(f"below_factor must lie in (0, 1); got {self.below_factor!r}")
        if not self.noise_std >= 0.0:
            raise ValueError(f"noise_std must be >= 0; got {self.noise_std!r}")

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "n/d": self.n / self.d, "h/d": self.h / self.d}


# --- the claim and its wrong variants ----------------------------------------------------------

def overlap_top_entry(eta: float, n: int, h: int, d: int, k: int, noise_std: float) -> float:
    """Largest entry of the ``k x k`` overlap matrix of ``W1`` and the update (correlated left overlap)."""
    return adam_alignment.overlap_top_entry(eta, n, h, d, k, noise_std)


def _overlap_independent(eta: float, n: int, h: int, d: int, k: int, noise_std: float) -> float:
    """BGN's left overlap for an update independent of ``W0`` (lower threshold, 7-11% higher overlap)."""
    return adam_alignment.overlap_top_entry(eta, n, h, d, k, noise_std, correlated=False)


def _overlap_old(eta: float, n: int, h: int, d: int, k: int, noise_std: float) -> float:
    """The pre-issue-12 outlier equation (no ``alpha^2`` term; 2-3.5% high at 1.5-1.75 eta*)."""
    return adam_alignment.overlap_top_entry(eta, n, h, d, k, noise_std, aligned_quadratic=False)


def _overlap_haar(eta: float, n: int, h: int, d: int, k: int, noise_std: float) -> float:
    """No outlier at any learning rate: the Haar-sized largest entry."""
    overlap_top_entry(eta, n, h, d, k, noise_std)
    return adam_alignment.haar_overlap_max_mean(k, h)


def _overlap_exact(eta: float, n: int, h: int, d: int, k: int, noise_std: float) -> float:
    """The spike's left vector equal to the update's above the threshold (overlap 1)."""
    value = overlap_top_entry(eta, n, h, d, k, noise_std)
    return 1.0 if value > adam_alignment.haar_overlap_bound(k, h) else value


CLAIM = Claim(
    id="adam.overlap_outlier",
    statement="After one FB-Adam step above the threshold the largest entry of the k x k overlap matrix "
    "|<u_i(W1), u_j(Delta W)>| is the correlated left overlap |q|, far above the largest entry for "
    "independent Haar frames; well below the threshold it stays under the Haar bound.",
    formula=r"\max_{i,j\le k}|\langle u_i(W_1),u_j(\Delta W)\rangle| = |q|,\ q^{-2} = \vartheta^2\big["
    r"-(Q + z^2Q') - 2z\alpha\gamma F'/r - z^2 g_1'/r^2\big];\ \text{Haar: } P(\max > t) \le "
    r"k^2 I_{1-t^2}(\tfrac{h-1}2,\tfrac12)",
    citation="kothapalli2025",
    source=SOURCE + ", appendix C (overlaps after Landau et al. 2023); left overlap after "
    "Benaych-Georges & Nadakuditi (2012), §3.1, with the correlated correction (docs/adam.md)",
    assumptions=(*SETUP, ADAM_SIGN, "k = 10 fixed, n, h, d large and proportional"),
    regime="FB-Adam; above: eta in [1.5, 1.75] times the corrected threshold; below: 0.25-0.4 times it; "
    "d in [140, 200], h/d in [0.9, 1.5], n/d in [1.5, 3]",
    predict=overlap_top_entry,
    resolution_target=0.025,
    resolution_basis="above 2%: the top entry spreads 3-5% per replicate at 1.5 eta* and h < 150 (close to "
    "the threshold); 400 replicates: 4.6 SE 0.6-1.1%, plus 0.6% bias; must reject the pre-issue-12 equation "
    "(+3-3.7% where drawn)",
    variants=(
        Variant("old_equation", "pre-issue-12 outlier equation (+2-3.5%)", _overlap_old, near_miss=True),
        Variant("independent", "BGN left overlap of an independent update (+7-11%)", _overlap_independent,
                near_miss=True),
        Variant("haar", "no outlier: the Haar-sized largest entry at every eta", _overlap_haar),
        Variant("exact", "overlap 1 above the threshold", _overlap_exact),
    ),
)


# --- tolerance constants -----------------------------------------------------------------------

# adam.overlap_outlier: mean top entry of the k x k overlap matrix above the threshold against the correlated
# left overlap |q|. Calibration (200 replicates, (300, 225, 150)): +0.16% (1.5x), +0.35% (2x), +0.25% (3x),
# SE 0.04-0.3%; the update's own sign noise lowers its top left vector's overlap with sign(a)/sqrt(h)
# by O(1/h) and the bulk's finite-size terms are O(1/d).
B_OVERLAP = 0.006

# Level of the Haar bound on the largest entry of the k x k overlap matrix of independent frames.
HAAR_LEVEL = 1e-3


# --- the experiment ----------------------------------------------------------------------------


@dataclass(frozen=True)
class OverlapSample:
    """Largest entry of the ``k x k`` left overlap matrix of ``W1`` and the update, per replicate, above
    (``eta_above``) and below (``eta_below``) the threshold."""

    eta_above: float
    above: FloatArray
    eta_below: float
    below: FloatArray


@dataclass(frozen=True)
class OverlapOutlierExperiment:
    """Appendix C's overlap matrix ``|<u_i(W1), u_j(Delta W)>|`` (``i, j <= k``). Above the threshold: the
    mean largest entry against the prediction (``Z_MC`` SE plus ``B_OVERLAP`` relative). Below: the fraction
    of replicates whose largest entry exceeds the level-``HAAR_LEVEL`` Haar bound, against the fraction the
    prediction implies (``HAAR_LEVEL`` when it predicts no outlier above the bound, 1 when it predicts one),
    with a binomial tolerance; its resolution is stated on the absolute scale 1 (a fraction)."""

    def simulate(self, params: OverlapParams, gen: torch.Generator) -> OverlapSample:
        import torch

        centre = adam_step.learning_rate_threshold("adam", params.n, params.h, params.d, params.noise_std)
        draw = draw_with_teacher(params.n, params.h, params.d, "adam", params.replicates, params.noise_std, gen)
        update_vectors = torch.linalg.svd(draw.direction, full_matrices=False)[0][..., : params.k]
        values = []
        for factor in (params.eta_factor, params.below_factor):
            w1_vectors = top_left_vectors(draw.W0 - factor * centre * draw.direction, params.k)
            overlap = torch.abs(w1_vectors.transpose(-1, -2) @ update_vectors)
            values.append(torch.amax(overlap, dim=(-2, -1)).cpu().numpy())
        return OverlapSample(params.eta_factor * centre, values[0], params.below_factor * centre, values[1])

    def compare(self, sample: OverlapSample, params: OverlapParams, predict: Predictor) -> tuple[Comparison, ...]:
        mean = float(np.mean(sample.above))
        error = float(np.std(sample.above, ddof=1)) / math.sqrt(sample.above.size)
        above = float(predict(sample.eta_above, params.n, params.h, params.d, params.k, params.noise_std))
        below = float(predict(sample.eta_below, params.n, params.h, params.d, params.k, params.noise_std))
        bound = adam_alignment.haar_overlap_bound(params.k, params.h, HAAR_LEVEL)
        fraction = float(np.mean(sample.below > bound))
        expected = 1.0 if below > bound else HAAR_LEVEL
        reps = sample.below.size
        spread = math.sqrt(max(expected * (1.0 - expected), HAAR_LEVEL) / reps)
        return (
            Comparison(f"mean max overlap at eta = {sample.eta_above:.4g}", mean, above,
                       tol.monte_carlo(error, B_OVERLAP * mean, mean), standard_error=error),
            Comparison(f"fraction of max overlap > Haar bound {bound:.3g} at eta = {sample.eta_below:.4g}",
                       fraction, expected, tol.Z_MC * spread + 1.0 / reps, scale=1.0, standard_error=spread),
        )


# --- the draw and the check --------------------------------------------------------------------

# Power of the near miss (docs/error_budget.md): the pre-issue-12 equation is 2.5-3.7% above the claim over
# the drawn range, the tolerance 1.3-1.8% (200 replicates, Z_MC = 4); a draw where it is within 3% of the claim
# left it 1.08 tolerances away (published run, h/d = 1.49, eta = 1.50 eta*). Draws keep the gap >= OLD_GAP_MIN
# and run 400 replicates, so the near miss sits >= 1.9 tolerances away (the claim's own error is ~0.15 of one).
OLD_GAP_MIN = 0.03


def old_equation_gap(params: OverlapParams) -> float:
    """``old / claim - 1`` above the threshold at ``params`` (the near miss's relative distance)."""
    eta = params.eta_factor * adam_step.learning_rate_threshold("adam", params.n, params.h, params.d,
                                                                params.noise_std)
    args = (eta, params.n, params.h, params.d, params.k, params.noise_std)
    return _overlap_old(*args) / overlap_top_entry(*args) - 1.0


@st.composite
def _draws(draw: st.DrawFn, sizes: AdamIssue16Sizes) -> OverlapParams:
    n, h, d = draw(issue16_sizes(sizes, 0.9))
    return OverlapParams(n, h, d, sizes.overlap_replicates, eta_factor=draw(st.floats(1.5, 1.75)),
                         below_factor=draw(st.floats(0.25, adam_alignment.HAAR_MAX_FACTOR)))


def draws(sizes: AdamIssue16Sizes) -> st.SearchStrategy[OverlapParams]:
    """FB-Adam, above at 1.5-1.75 eta* (the near-miss variants differ most there), below at 0.25-0.4 eta*
    (``overlap_top_entry``'s Haar branch, issue 27: its mean is 1.5-4.8% low at 0.5 eta*; at 0.8 eta* the
    subcritical spike already lifts 8-12% of the replicates over the Haar bound); ``h/d >= 0.9``:
    the top entry spreads more at small ``h`` (resolution 2.8% at h = 88); the near miss >= 3% away."""
    return _draws(sizes).filter(lambda params: old_equation_gap(params) >= OLD_GAP_MIN)


CHECK = Check(CLAIM, OverlapOutlierExperiment(), draws=draws, sizes=ISSUE16_SIZES,
              examples=ISSUE16_SIZES["verify"].overlap_examples, figures=(OVERLAP_FIGURE,))
