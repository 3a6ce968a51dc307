"""``adam.gd_left_overlap``: the overlap of the top left singular vector of W1 with the read-out direction after
one GD step, the mean over draws of the row-norm map (issue 27, item 2; docs/adam.md, "GD: the spread of the
strength").

The claim with its wrong variants, the bias bound ``B_GD_OVERLAP`` with its calibration, the experiment, the draw
and the check.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
from hypothesis import strategies as st

from rmtcheck import Check, Claim, Comparison, Predictor, Variant
from rmtcheck import tolerances as tol
from rmtcheck.families.adam._common import (
    SETUP,
    SIZES,
    SOURCE,
    AdamSizes,
    FloatArray,
    OneStepParams,
    controlled_mean,
    draw_one_step,
    top_right_vector,
)
from theory import adam_alignment, adam_step

if TYPE_CHECKING:
    import torch

__all__ = ["B_GD_OVERLAP", "CHECK", "CHUNK", "CLAIM", "MIN_DISTANCE_SD", "SPREAD_FACTOR",
           "GDLeftOverlapExperiment", "distance_sd", "draws", "gd_left_overlap", "planned_tolerance",
           "predicted_spread", "variant_gap"]


# --- the claim and its wrong variants ----------------------------------------------------------

def _correlated_vectors(eta: float, n: int, h: int, d: int, noise_std: float,
                        correlated: bool = True, aligned_quadratic: bool = True) -> adam_alignment.SpikeVectors:
    upd = adam_step.rank_one_update("gd", n, h, d, noise_std)
    s = upd.bulk_scale(eta)
    alpha, gamma = (upd.alpha / s, upd.gamma) if correlated else (0.0, 0.0)
    return adam_alignment.spike_vectors((eta / s) * upd.theta_per_eta, h / d, alpha, gamma, aligned_quadratic)


def gd_left_overlap(eta: float, n: int, h: int, d: int, noise_std: float) -> float:
    """Mean over draws of ``|<u1(W1), a/|a|>|`` after one GD step (the spread-aware ``E L(R2)``)."""
    return adam_alignment.gd_left_overlap(eta, n, h, d, noise_std, spread=True)


def _overlap_old(eta: float, n: int, h: int, d: int, noise_std: float) -> float:
    """The pre-issue-12 outlier equation (no ``alpha^2`` term), proportional limit (2.6-15% high)."""
    return math.sqrt(_correlated_vectors(eta, n, h, d, noise_std, aligned_quadratic=False).left_overlap_sq)


def _overlap_independent(eta: float, n: int, h: int, d: int, noise_std: float) -> float:
    """BGN's left overlap for an update of the same strength independent of ``W0`` (3-12% high)."""
    return math.sqrt(_correlated_vectors(eta, n, h, d, noise_std, correlated=False).left_overlap_sq)


def _overlap_exact(eta: float, n: int, h: int, d: int, noise_std: float) -> float:
    """The spike's left vector equal to the read-out direction above the threshold (overlap 1)."""
    gd_left_overlap(eta, n, h, d, noise_std)
    return 1.0


CLAIM = Claim(
    id="adam.gd_left_overlap",
    statement="After one GD step above the threshold the overlap |<u1(W1), a/|a|>| depends on the draw only "
    "through the spike row's norm R2 = |u^T W1|^2 / d; its mean over draws is E L(R2) with R2 Gaussian "
    "(limit and O(1/d) variance of gd_row_norm), O(1/d) below the proportional limit.",
    formula=r"E|\langle u_1(W_1), a/|a|\rangle| = E\,L(R_2),\ L(R_2)^2 = 1 - \frac{c + \vartheta^2}{\vartheta^2"
    r"(\vartheta^2 + 1)},\ \vartheta^2 = R_2 - 1,\ R_2 \sim N(1 + \theta^2 - 2\alpha\theta,\ "
    r"\mathrm{Var}_d(R_2))",
    citation="ba2022",
    source="Ba et al. (2022), Proposition 2 (rank-one first gradient); left overlap after Benaych-Georges & "
    "Nadakuditi (2012), §3.1; " + SOURCE + ", §4; the row-norm reduction and its variance derived in "
    "docs/notes/gd_threshold_derivation.md and docs/adam.md (issue 27)",
    assumptions=(*SETUP, "GD: W1 = W0 - eta G0", "n, h, d large and proportional; R2 at least "
                 "3 SD above the threshold 1 + sqrt(h/d) (draws below it keep an O(d^-1/2) overlap)"),
    regime="eta in [1.5, 2] times the GD threshold, d in [200, 300] (ci: [150, 200]), h/d in [0.75, 1.5], "
    "n/d in [2, 3], where the mean R2 is >= 3 SD above the threshold",
    predict=gd_left_overlap,
    resolution_target=0.025,
    resolution_basis="above 2%: the overlap spreads 2-6% per replicate (GD's strength, |a| and the sampling "
    "noise of V); 240 replicates with the |a|^2, |W0^T a|^2 control variates: Z_MC SE 0.4-1.6% plus the "
    "calibrated 0.5% bias; the proportional limit (0.4-1.8% high) is not resolved at this cost",
    variants=(
        Variant("old_equation", "pre-issue-12 outlier equation, no alpha^2 term (2.6-15% high)", _overlap_old,
                near_miss=True),
        Variant("independent", "BGN left overlap of an independent update of the same strength (3-12% high)",
                _overlap_independent),
        Variant("exact", "overlap 1 above the threshold", _overlap_exact),
    ),
)


# --- tolerance constant ------------------------------------------------------------------------

# Mean overlap over replicates (control variates |a|^2/h - 1 and |W0^T a|^2/(|a|^2 d) - 1, exact mean 0) against
# E L(R2): Z_MC SE plus B_GD_OVERLAP relative. Calibration (full top singular vectors; seeds 11-18, one draw per
# size shared by the rungs; mean / prediction - 1 +- SE at 1.5, 1.75, 2 eta*):
#   (400, 300, 200), 400 draws: +0.19 +- 0.26, -0.05 +- 0.14, -0.14 +- 0.09%;
#   (400, 300, 200), 600 draws: +0.38 +- 0.19, -0.01 +- 0.11, -0.13 +- 0.07%;
#   (500, 375, 250), 600 draws: -0.15 +- 0.19, -0.23 +- 0.10, -0.25 +- 0.07%;
#   (900, 450, 300), 400 draws: +0.24 +- 0.17, +0.04 +- 0.10, -0.04 +- 0.06%;
#   (750, 190, 250), 400 draws: +0.08 +- 0.17, -0.13 +- 0.09, -0.18 +- 0.06%;
#   (300, 225, 150), 600 draws, 1.75 and 2 eta*: -0.22 +- 0.16, -0.32 +- 0.10%;
#   (400, 150, 200), 600 draws, 1.75 and 2 eta*: +0.03 +- 0.11, -0.13 +- 0.07%;
#   (450, 150, 150), 600 draws, 1.8 and 2 eta*: +0.07 +- 0.10, -0.11 +- 0.07%.
# In the regime (mean R2 >= 3 SD above the threshold) -0.32 ... +0.38%: slightly above the prediction near 3 SD,
# 0.1-0.3% below it at 2 eta* (the full-SVD overlap is O(1/d) below the R2 map, docs/adam.md). Outside it
# (2.6-2.7 SD: (400, 150, 200) at 1.5, (450, 150, 150) at 1.6 eta*) +0.44 +- 0.24, +0.47 +- 0.15%, as
# gd_left_overlap's docstring says. The proportional limit is 0.3-1.6% above these means. B_GD_OVERLAP = 0.5%.
B_GD_OVERLAP = 0.005


# --- the experiment ----------------------------------------------------------------------------

CHUNK = 48  # replicates drawn per batch (memory: about n (d + h) doubles each)


@dataclass(frozen=True)
class GDLeftOverlapExperiment:
    """Mean ``|<u1(W1), a/|a|>|`` at ``eta_factor`` times the GD threshold over ``replicates`` draws, with the
    control variates ``|a|^2/h - 1`` and ``|W0^T u|^2/d - 1`` (``u = a/|a|``; both of exact mean 0, as ``W0`` is
    Gaussian and independent of ``a``; they carry about 40% of the variance of ``R2``): ``Z_MC`` SE plus
    ``B_GD_OVERLAP`` relative."""

    def simulate(self, params: OneStepParams, gen: torch.Generator) -> tuple[float, FloatArray, FloatArray]:
        import torch

        eta = params.eta_factor * adam_step.gd_spike_threshold(params.n, params.h, params.d, params.noise_std)
        overlaps, covariates = [], []
        done = 0
        while done < params.replicates:
            size = min(CHUNK, params.replicates - done)
            step = draw_one_step(replace(params, optimizer="gd", replicates=size), gen)
            if step.a is None:
                raise RuntimeError("the GD first step carries no read-out vector")
            W1 = step.W0 - eta * step.direction
            v1 = top_right_vector(W1)
            u1 = torch.einsum("rhd,rd->rh", W1, v1)
            u = step.a / torch.linalg.vector_norm(step.a, dim=-1, keepdim=True)
            overlap = torch.einsum("rh,rh->r", u1, u).abs() / torch.linalg.vector_norm(u1, dim=-1)
            q = torch.einsum("rhd,rh->rd", step.W0, u)
            overlaps.append(overlap.cpu().numpy())
            covariates.append(torch.stack([torch.sum(step.a * step.a, dim=-1) / params.h - 1.0,
                                           torch.sum(q * q, dim=-1) / params.d - 1.0], dim=-1).cpu().numpy())
            done += size
        return eta, np.concatenate(overlaps), np.concatenate(covariates)

    def compare(self, sample: tuple[float, FloatArray, FloatArray], params: OneStepParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        eta, overlaps, covariates = sample
        mean, error = controlled_mean(overlaps, covariates)
        predicted = float(predict(eta, params.n, params.h, params.d, params.noise_std))
        return (Comparison(f"mean |<u1(W1), a/|a|>| at eta = {eta:.4g}", mean, predicted,
                           tol.monte_carlo(error, B_GD_OVERLAP * mean, mean), standard_error=error),)


# --- the draw and the check --------------------------------------------------------------------

# Validity (theory.adam_alignment.gd_left_overlap): the mean of R2 at least MIN_DISTANCE_SD of its standard
# deviations above the threshold 1 + sqrt(c).
MIN_DISTANCE_SD = 3.0

# Power by design (docs/error_budget.md): every variant's tolerance equals the claim's (Z_MC SE + B_GD_OVERLAP of
# the same mean), so a gap of at least twice the planned tolerance rejects it whenever the claim agrees. The
# planned tolerance uses the per-replicate spread of the overlap predicted by the delta method,
# L'(R2) sd(R2) / L, times SPREAD_FACTOR (the control variates, which lower the SE by 10-20%, are not counted).
# Measured spread / predicted in the calibration runs above (in the regime): 1.05-1.32 (largest at
# (300, 225, 150), 1.75 eta*, 3.1 SD).
# The filter keeps ~73% of the ci domain (160 replicates) and ~98% of the verify domain (240 replicates); the
# closest variant, the pre-issue-12 equation (2.6-15% high), is then >= 2 planned tolerances above the claim.
#
# Not registered: the proportional limit (spread=False), 1.2-1.8% above the claim at 1.5 eta* and 0.35-0.8% at
# 2 eta* over the domain. Its best point (d = 200, c = 1.5, 1.5 eta*, gap 1.77%, spread 6%) needs Z_MC * 1.4 * 6% /
# sqrt(R) <= 0.385% for 2 planned tolerances, R >= 6600 replicates (~50 s per example, one example); over most of
# the domain the gap is below 2 B_GD_OVERLAP = 1% and no replicate count resolves it.
SPREAD_FACTOR = 1.4


def predicted_spread(params: OneStepParams) -> float:
    """Relative per-replicate spread of the overlap, ``L'(R2) sd(R2) / L`` at the mean ``R2`` (delta method)."""
    eta = params.eta_factor * adam_step.gd_spike_threshold(params.n, params.h, params.d, params.noise_std)
    row = adam_step.gd_row_norm(eta, params.n, params.h, params.d, params.noise_std)
    c, step = params.h / params.d, 1e-4 * row.mean
    slope = (adam_alignment.left_overlap_from_row_norm(row.mean + step, c)
             - adam_alignment.left_overlap_from_row_norm(row.mean - step, c)) / (2.0 * step)
    return slope * math.sqrt(row.variance) / adam_alignment.left_overlap_from_row_norm(row.mean, c)


def planned_tolerance(params: OneStepParams) -> float:
    """The relative tolerance planned for ``params``: ``Z_MC SPREAD_FACTOR spread / sqrt(R) + B_GD_OVERLAP``."""
    return tol.planned_relative(SPREAD_FACTOR * predicted_spread(params), params.replicates, B_GD_OVERLAP)


def variant_gap(params: OneStepParams) -> float:
    """The smallest ``|variant / claim - 1|`` over the variants at ``params``."""
    eta = params.eta_factor * adam_step.gd_spike_threshold(params.n, params.h, params.d, params.noise_std)
    args = (eta, params.n, params.h, params.d, params.noise_std)
    claim = gd_left_overlap(*args)
    return min(abs(float(variant.predict(*args)) / claim - 1.0) for variant in CLAIM.variants)


def distance_sd(params: OneStepParams) -> float:
    """``(E R2 - (1 + sqrt c)) / sd(R2)`` at ``params``."""
    eta = params.eta_factor * adam_step.gd_spike_threshold(params.n, params.h, params.d, params.noise_std)
    row = adam_step.gd_row_norm(eta, params.n, params.h, params.d, params.noise_std)
    return (row.mean - row.threshold) / math.sqrt(row.variance)


@st.composite
def _draws(draw: st.DrawFn, scale: AdamSizes) -> OneStepParams:
    top = min(scale.adam_h_max, 300)
    d = draw(st.integers(max(150, top - 100), top))
    h = round(draw(st.floats(0.75, 1.5)) * d)
    n = round(draw(st.floats(2.0, 3.0)) * d)
    return OneStepParams(n, h, d, 20 * scale.adam_replicates, optimizer="gd",
                         eta_factor=draw(st.floats(1.5, 2.0)))


def draws(scale: AdamSizes) -> st.SearchStrategy[OneStepParams]:
    """d in [200, 300] (ci: [150, 200]), h/d in [0.75, 1.5], n/d in [2, 3], eta at 1.5-2 times the GD threshold;
    kept where the mean R2 is at least ``MIN_DISTANCE_SD`` SD above the threshold and every variant is at least
    twice the planned tolerance away (:func:`planned_tolerance`)."""
    return _draws(scale).filter(
        lambda params: distance_sd(params) >= MIN_DISTANCE_SD
        and variant_gap(params) >= 2.0 * planned_tolerance(params))


# 160-240 replicates per example (about 10-20 ms each at d = 150-300).
CHECK = Check(CLAIM, GDLeftOverlapExperiment(), draws=draws, sizes=SIZES, examples=0.16)
