"""The heavy-tail claims (``heavy_tails.*``) and their wrong variants.

Estimator claims predict an :class:`EstimatorPrediction`: the estimator to apply to the
simulated samples and the value its mean should take. A wrong variant may swap the
estimator (Hill with ``k - 1``, KS with ``x_min`` fixed at the smallest value), or keep it and
expect the wrong value. Trend claims predict a direction (+1 increasing, 0 none, -1
decreasing) that the experiment tests with a rank correlation at a stated level.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np
from numpy.typing import ArrayLike

from rmtcheck.claim import Claim, Variant
from rmtcheck.families.mp.esd import cdf_inverted_ratio, cdf_sigma_not_sigma2
from rmtcheck.trends import decreasing, no_trend
from theory import heavy_tails, mp
from theory._validate import FloatArray, finite_array, in_open_interval
from theory.power_law_fit import alpha_hill_batch, alpha_ks, hill_mean

#: Maps ``(R, N)`` samples to the fitted exponents and the tail sizes ``k`` used, both ``(R,)``.
BatchEstimator = Callable[[FloatArray], tuple[FloatArray, FloatArray]]


@dataclass(frozen=True)
class EstimatorPrediction:
    """Apply ``estimator`` to ``(R, N)`` samples (one row per replicate); its mean should be ``expected``."""

    estimator: BatchEstimator
    expected: float
    description: str


def _ks_rows(samples: FloatArray, *, smallest: bool = False) -> tuple[FloatArray, FloatArray]:
    rows = finite_array("samples", samples)
    fits = [alpha_ks(row, xmin=float(np.min(row)) if smallest else None) for row in rows]
    return np.array([f.alpha for f in fits]), np.array([float(f.k) for f in fits])


def _hill_rows(samples: FloatArray, k: int, scale: float = 1.0) -> tuple[FloatArray, FloatArray]:
    """Hill exponents with the normalisation ``scale * k`` in place of ``k``."""
    alphas = alpha_hill_batch(samples, k)
    return 1.0 + (alphas - 1.0) * scale, np.full(alphas.shape, float(k))


def hill_pareto(alpha: float, k: int) -> EstimatorPrediction:
    """Hill with ``k`` order statistics of Pareto(``alpha``) data: mean ``1 + (alpha - 1) k / (k - 2)``."""
    return EstimatorPrediction(partial(_hill_rows, k=k), hill_mean(alpha, k), "alpha_hill")


def _hill_k_minus_1(alpha: float, k: int) -> EstimatorPrediction:
    return EstimatorPrediction(partial(_hill_rows, k=k, scale=(k - 1) / k), hill_mean(alpha, k),
                               "1 + (k - 1) / sum log")


def _hill_unbiased(alpha: float, k: int) -> EstimatorPrediction:
    return EstimatorPrediction(partial(_hill_rows, k=k), in_open_interval("alpha", alpha, 1, math.inf),
                               "alpha_hill expected at alpha")


def _hill_ccdf(alpha: float, k: int) -> EstimatorPrediction:
    return EstimatorPrediction(partial(_hill_rows, k=k), hill_mean(alpha, k) - 1.0,
                               "alpha_hill expected at the CCDF index")


def hill_bias_gap(alpha: float, k: int) -> float:
    """Relative distance of the ``no_bias`` variant from the claim: ``1 - alpha / hill_mean(alpha, k)``
    (the ``k - 1`` variant sits at half of it). The agreement draws keep it in [4%, 10%]."""
    return 1.0 - alpha / hill_mean(alpha, k)


def ks_recovers(alpha: float) -> EstimatorPrediction:
    """``alpha_ks`` on samples with an exact or asymptotic power tail of density exponent ``alpha``."""
    return EstimatorPrediction(_ks_rows, in_open_interval("alpha", alpha, 1, math.inf), "alpha_ks")


def _ks_smallest_xmin(alpha: float) -> EstimatorPrediction:
    return EstimatorPrediction(partial(_ks_rows, smallest=True), alpha, "alpha_ks(xmin=min)")


def _ks_tail_index(alpha: float) -> EstimatorPrediction:
    return EstimatorPrediction(_ks_rows, alpha - 1.0, "alpha_ks expected at the CCDF index alpha - 1")


#: Relative size of the near-miss exponents of the KS and Lévy claims: the Hill factor
#: k / (k - 2) applied at k ~ 30 (or, equally, an uncorrected finite-size bias of that size).
NEAR_MISS_SHIFT = 0.07


def _ks_seven_percent(alpha: float) -> EstimatorPrediction:
    return EstimatorPrediction(_ks_rows, in_open_interval("alpha", alpha, 1, math.inf) * (1.0 + NEAR_MISS_SHIFT),
                               "alpha_ks expected 7% high")


def _levy_mu_plus_one(mu: ArrayLike) -> float | FloatArray:
    """mu + 1: the entries' own density exponent carried over to the ESD."""
    return _shift(mu, lambda m: m + 1.0)


def _levy_ccdf(mu: ArrayLike) -> float | FloatArray:
    """mu / 2: the ESD's CCDF exponent reported as its density exponent."""
    return _shift(mu, lambda m: m / 2.0)


def _levy_seven_percent(mu: ArrayLike) -> float | FloatArray:
    """(mu / 2 + 1)(1 + 7%): the exponent with an uncorrected upward bias (the finite-size bend)."""
    return _shift(mu, lambda m: (m / 2.0 + 1.0) * (1.0 + NEAR_MISS_SHIFT))


def _shift(mu: ArrayLike, rule: Callable[[FloatArray], FloatArray]) -> float | FloatArray:
    heavy_tails.tail_exponent_from_entries(mu)
    result = rule(finite_array("mu", mu))
    return float(result) if np.ndim(mu) == 0 else result


def light_tail_variance(mu: float) -> float:
    """``mu / (mu - 2)``: the variance of Student-t(mu) entries (``mu > 2``)."""
    dof = in_open_interval("mu", mu, 2, math.inf)
    return dof / (dof - 2.0)


def _cdf_dof_plus_one(x: ArrayLike, c: float, sigma2: float) -> FloatArray:
    """MP with the variance of t(mu + 1), (mu + 1) / (mu - 1): degrees of freedom off by one
    (``sigma2 = mu / (mu - 2)`` is inverted to ``mu = 2 sigma2 / (sigma2 - 1)``)."""
    if not sigma2 > 1.0:
        raise ValueError(f"sigma2 must be > 1 (a Student-t variance); got {sigma2!r}")
    dof = 2.0 * sigma2 / (sigma2 - 1.0)
    return np.asarray(mp.cdf(x, c, (dof + 1.0) / (dof - 1.0)), dtype=np.float64)


_KS_VARIANTS = (
    Variant("xmin_smallest", "x_min fixed at the smallest value (no KS search)", _ks_smallest_xmin),
    Variant("tail_index", "the CCDF index alpha - 1 expected instead of the density exponent", _ks_tail_index),
    Variant("seven_percent_high", "alpha (1 + 7%): an uncorrected upward bias of the size of Hill's k/(k - 2) "
            "at k = 30", _ks_seven_percent, near_miss=True),
)

_PARETO = ("iid samples; Pareto density (alpha - 1) x^-alpha on [1, inf)",
           "x_min is an order statistic: k values kept, x_min included")

_HT_MATRIX = ("X is p x n with iid symmetric entries, P(|w| > x) ~ x^-mu (Pareto or Student-t)",
              "the ESD of X X^T (any scale: the exponent is scale-free)")


CLAIMS: tuple[Claim, ...] = (
    Claim(
        id="heavy_tails.hill_pareto",
        statement="The Hill estimator on k Pareto order statistics has mean 1 + (alpha - 1) k / (k - 2): "
        "unbiased up to the exact factor k / (k - 2).",
        formula=r"\hat\alpha = 1 + \frac{k}{\sum_{i\le k}\log(x_{(i)}/x_{(k)})},\quad "
        r"\mathbb{E}\hat\alpha = 1 + (\alpha - 1)\frac{k}{k-2}",
        citation="hill1975",
        source="Hill (1975); Clauset, Shalizi & Newman (2009), eq. (3.1)-(3.2); the mean from the "
        "Gamma(k - 1, alpha - 1) law of the log-spacings (Rényi representation)",
        assumptions=_PARETO,
        regime="exact for every k >= 3; k = N - floor(N/2) (source document 002's x_min at the middle) "
        "or k = floor(N/4); drawn where the factor k / (k - 2) moves the mean by 4-10%",
        predict=hill_pareto,
        variants=(
            Variant("k_minus_1", "the estimator with k - 1 in place of k (2-5% off in the draws)", _hill_k_minus_1,
                    near_miss=True),
            Variant("no_bias", "the mean taken to be alpha: Hill without the k/(k - 2) correction (4-10% off)",
                    _hill_unbiased, near_miss=True),
            Variant("ccdf_index", "the CCDF index expected instead of the density exponent", _hill_ccdf),
        ),
        resolution_target=0.01,
        resolution_basis="exact prediction (no bias term): 4 SE of a mean over k R >= 6.4e5 log-spacings, "
        "<= 0.4% relative, so the 2-5% near misses are resolved",
    ),
    Claim(
        id="heavy_tails.ks_pareto",
        statement="The KS power-law fit recovers the density exponent of a Pareto tail above a "
        "non-power-law body, choosing x_min itself.",
        formula=r"\hat x_{\min} = \arg\min_{x} D_{KS}(x),\quad \hat\alpha(\hat x_{\min}) \to \alpha",
        citation="clauset2009",
        source="Clauset, Shalizi & Newman (2009), §3.3; weightwatcher's fit_powerlaw (version 0.7.7)",
        assumptions=("iid samples: with probability 1/2 uniform on (0.2, 1), else Pareto(alpha) on [1, inf)",),
        regime="N in [3000, 4000] samples, alpha in [1.8, 3]; finite-size bias bounded in units of the fit's "
        "standard error",
        predict=ks_recovers,
        variants=_KS_VARIANTS,
        resolution_target=0.05,
        resolution_basis="the KS x_min search has a finite-size bias that is bounded (1 fit SE), not corrected: "
        "(4 SE/sqrt(R) + 1 + |err|) fit SEs is 3-4.5% of alpha at k ~ 1300-2000 (docs/heavy_tails.md)",
    ),
    Claim(
        id="heavy_tails.ks_student_t",
        statement="The KS power-law fit of |T| for Student-t(nu) samples recovers the density exponent nu + 1.",
        formula=r"P(|T| > x) \sim C x^{-\nu} \Rightarrow \hat\alpha_{KS} \to \nu + 1",
        citation="clauset2009",
        source="Clauset, Shalizi & Newman (2009), §3.3 and §4 (second-order bias of Student-t tails)",
        assumptions=("iid |T|, T ~ Student-t with nu degrees of freedom, 0.5 <= nu <= 0.9",),
        regime="N in [3000, 4000] samples; the downward bias from the t law's x^-2 correction grows with nu "
        "(documented in docs/heavy_tails.md)",
        predict=ks_recovers,
        variants=_KS_VARIANTS,
        resolution_target=0.05,
        resolution_basis="as ht.ks_pareto: the KS fit's bias is bounded (1 fit SE at nu <= 1), not corrected; "
        "3-4.2% of nu + 1 at k ~ 800-1700 (docs/heavy_tails.md)",
    ),
    Claim(
        id="heavy_tails.levy_exponent",
        statement="For iid entries with tail index mu in (0, 2) the ESD of X X^T has a power tail "
        "with density exponent mu / 2 + 1.",
        formula=r"P(|w| > x) \sim x^{-\mu},\ 0 < \mu < 2 \Rightarrow \rho(\lambda) \sim \lambda^{-(\mu/2 + 1)}",
        citation="martin2021",
        source="Martin & Mahoney (2021), Table 3; source document 001, universality table; "
        "Ben Arous & Guionnet (2008)",
        assumptions=_HT_MATRIX,
        regime="finite and infinite size; fitted by Hill on the top k = m / 10 eigenvalues (m in [500, 600]), "
        "mean over R matrices, mu in [0.3, 0.45]",
        predict=heavy_tails.tail_exponent_from_entries,
        variants=(
            Variant("mu_plus_one", "mu + 1: the entries' density exponent", _levy_mu_plus_one),
            Variant("ccdf_exponent", "mu / 2: the CCDF exponent", _levy_ccdf),
            Variant("seven_percent_high", "(mu/2 + 1)(1 + 7%): the finite-size upward bend left uncorrected",
                    _levy_seven_percent, near_miss=True),
        ),
        resolution_target=0.05,
        resolution_basis="Hill on k = 55-60 eigenvalues: one fit SE is 1.7-2.5% of the exponent and the "
        "finite-size bias is bounded by 0.8 of it; R = 48 matrices give 3-4.5% (docs/heavy_tails.md)",
    ),
    Claim(
        id="heavy_tails.moderate_trend",
        kind="trend",
        statement="For entries with tail index 2 < mu < 4 the finite-size ESD tail exponent increases with mu.",
        formula=r"2 < \mu < 4:\ \partial \hat\alpha / \partial \mu > 0 \text{ at finite size}",
        citation="martin2021",
        source="Martin & Mahoney (2021), §3 and Table 3; source document 001, universality table",
        assumptions=_HT_MATRIX,
        regime="fixed sizes, mu on a grid in [2.2, 3.8]; Spearman correlation, one-sided level 1e-3",
        predict=heavy_tails.moderate_tail_trend,
        variants=(
            Variant("no_trend", "the exponent does not depend on mu", no_trend),
            Variant("decreasing", "the exponent decreases with mu", decreasing),
        ),
        resolution_target=0.3,
        resolution_basis="min_effect: the smallest change of the mean exponent across the mu grid, relative to "
        "its mean, that the Spearman test detects at level 1e-3 (linear trend, measured noise); the change "
        "measured is about 60%",
    ),
    Claim(
        id="heavy_tails.mp_light_tails",
        statement="For entries with tail index mu > 4 the ESD follows the Marchenko–Pastur law with "
        "the entries' variance.",
        formula=r"\mu > 4:\ F^{S}_p \to F_{\mathrm{MP}}(\cdot; c, \sigma^2),\ \sigma^2 = \frac{\mu}{\mu - 2}",
        citation="martin2021",
        source="Martin & Mahoney (2021), Table 3 (mu > 4: MP with TW edge); Bai & Silverstein (2010), Theorem 3.6",
        assumptions=("X is p x n with iid Student-t(mu) entries, mu in [5, 7], variance mu / (mu - 2)",),
        regime="p, n -> inf with p / n -> c; Kolmogorov distance O(log m / m) (m in [800, 1000]); the mean "
        "non-zero eigenvalue against the law's mean",
        predict=mp.cdf,
        variants=(
            Variant("sigma_not_sigma2", "scale by sigma instead of sigma^2", cdf_sigma_not_sigma2),
            Variant("inverted_ratio", "aspect ratio n/p instead of p/n", cdf_inverted_ratio),
            Variant("dof_plus_one", "the variance of t(mu + 1), (mu + 1)/(mu - 1): 5-10% low for mu in [5, 7]",
                    _cdf_dof_plus_one, near_miss=True),
        ),
        resolution_target=0.025,
        resolution_basis="Kolmogorov distance in absolute form (scale 1): the tolerance 1.5 (1 + log m)/m is "
        "1.2-1.4% at m = 800-1000 plus a measured distance of 0.3-0.8%; the mean resolves sigma^2 to < 1%",
    ),
)
