"""The Marchenko–Pastur claims (``mp.*``) and their wrong variants.

Registered Marchenko–Pastur claims and their wrong variants.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from rmtcheck.claim import Claim, Variant
from theory import mp

_MP_ASSUMPTIONS = (
    "X is p x n with iid entries, mean 0, variance sigma2, finite fourth moment",
    "S = X X^T / n, c = p / n",
)

_PROPORTIONAL = "p, n -> inf with p / n -> c in (0, inf); sigma2 fixed"


def cdf_sigma_not_sigma2(x: ArrayLike, c: float, sigma2: float = 1.0) -> object:
    return mp.cdf(x, c, math.sqrt(sigma2))


def cdf_inverted_ratio(x: ArrayLike, c: float, sigma2: float = 1.0) -> object:
    return mp.cdf(x, 1.0 / c, sigma2)


def _edges_missing_sqrt(c: float, sigma2: float = 1.0) -> tuple[float, float]:
    return sigma2 * (1.0 - c) ** 2, sigma2 * (1.0 + c) ** 2


def _edges_sigma_not_sigma2(c: float, sigma2: float = 1.0) -> tuple[float, float]:
    return mp.edges(c, math.sqrt(sigma2))


def _stieltjes_other_root(z: ArrayLike, c: float, sigma2: float = 1.0) -> object:
    """The second root of the quadratic: ``m_- = 1 / (c z m_+)`` (scaled), not a Stieltjes
    transform (it does not vanish at infinity)."""
    m_plus = np.asarray(mp.stieltjes(z, c, sigma2))
    w = np.asarray(z, dtype=np.complex128) / sigma2
    return 1.0 / (c * w * m_plus * sigma2) / sigma2


def zero_fraction(c: float, n: int) -> float:
    """The claim ``mp.atom`` at sizes ``(p, n) = (c n, n)``: ``max(0, 1 - 1/c)``.

    Exact at every finite size for iid continuous or discrete entries (rank ``S = n`` almost
    surely for the laws simulated); ``n`` is passed so that finite-size variants can be stated.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a positive integer; got {n!r}")
    return mp.atom(c)


def _zero_fraction_centred(c: float, n: int) -> float:
    """Rank ``n - 1`` (data centred by the sample mean): ``1 - (n - 1)/p``."""
    return max(0.0, 1.0 - (n - 1) / (c * n))


def _zero_fraction_none(c: float, n: int) -> float:
    zero_fraction(c, n)
    return 0.0


def _zero_fraction_inverted(c: float, n: int) -> float:
    zero_fraction(c, n)
    return max(0.0, 1.0 - c)


def _cdf_sigma2_off(x: ArrayLike, c: float, sigma2: float = 1.0) -> object:
    """sigma2 five per cent high: every quantile 5% high; sup-CDF distance 0.05/(pi sqrt c)."""
    return mp.cdf(x, c, 1.05 * sigma2)


def _edges_linearised(c: float, sigma2: float = 1.0) -> tuple[float, float]:
    """First order in sqrt(min(c, 1/c)): sigma2 (1 +- 2 sqrt c) for c <= 1, sigma2 (c +- 2 sqrt c)
    for c > 1 (the term min(1, c) dropped)."""
    mp.edges(c, sigma2)
    root = math.sqrt(c)
    big = max(1.0, c)
    return sigma2 * (big - 2.0 * root), sigma2 * (big + 2.0 * root)


def moment_at(k: int, c: float, sigma2: float = 1.0, *, n: int) -> float:
    """The claim ``mp.moments`` at sample size ``n``: the limit :func:`theory.mp.moment`
    (``n`` is passed so that finite-size variants can be stated)."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ValueError(f"n must be an integer >= 2; got {n!r}")
    return mp.moment(k, c, sigma2)


def _moment_unbiased(k: int, c: float, sigma2: float = 1.0, *, n: int) -> float:
    """Moments of ``X X^T / (n - 1)`` (the unbiased normalisation): ``(n/(n-1))^k m_k``."""
    return moment_at(k, c, sigma2, n=n) * (n / (n - 1)) ** k


def _moment_sigma_not_sigma2(k: int, c: float, sigma2: float = 1.0, *, n: int) -> float:
    moment_at(k, c, sigma2, n=n)
    return mp.moment(k, c, math.sqrt(sigma2))


def _moment_inverted_ratio(k: int, c: float, sigma2: float = 1.0, *, n: int) -> float:
    moment_at(k, c, sigma2, n=n)
    return mp.moment(k, 1.0 / c, sigma2)


def stieltjes_at(z: ArrayLike, c: float, sigma2: float = 1.0, *, n: int) -> object:
    """The claim ``mp.stieltjes`` at sample size ``n``: the limit :func:`theory.mp.stieltjes`
    (``n`` is passed so that finite-size variants can be stated)."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ValueError(f"n must be an integer >= 2; got {n!r}")
    return mp.stieltjes(z, c, sigma2)


def _stieltjes_sigma2_off(z: ArrayLike, c: float, sigma2: float = 1.0, *, n: int) -> object:
    """sigma2 five per cent high. (The n - 1 normalisation, a relative 1/n, is below the O(1/p)
    bias bound of this check; see docs/mp.md.)"""
    return stieltjes_at(z, c, 1.05 * sigma2, n=n)


def _stieltjes_other_root_at(z: ArrayLike, c: float, sigma2: float = 1.0, *, n: int) -> object:
    stieltjes_at(z, c, sigma2, n=n)
    return _stieltjes_other_root(z, c, sigma2)


def _stieltjes_inverted_ratio_at(z: ArrayLike, c: float, sigma2: float = 1.0, *, n: int) -> object:
    stieltjes_at(z, c, sigma2, n=n)
    return mp.stieltjes(z, 1.0 / c, sigma2)


CLAIMS: tuple[Claim, ...] = (
    Claim(
        id="mp.esd",
        kind="distribution",
        statement="The ESD of S converges to the Marchenko–Pastur law (Kolmogorov distance), "
        "universally over entry laws with matched variance.",
        formula=r"\sup_x |F^{S}_p(x) - F_{\mathrm{MP}}(x; c, \sigma^2)| \to 0,\quad "
        r"\rho(x) = \frac{\sqrt{(\lambda_+ - x)(x - \lambda_-)}}{2\pi\sigma^2 c x}",
        citation="marchenko1967",
        source="Marčenko & Pastur (1967), Theorem 1; Bai & Silverstein (2010), Theorem 3.6",
        assumptions=_MP_ASSUMPTIONS,
        regime=_PROPORTIONAL + "; Kolmogorov distance O(log p / p) at finite size",
        predict=mp.cdf,
        variants=(
            Variant("sigma_not_sigma2", "scale by sigma instead of sigma^2", cdf_sigma_not_sigma2),
            Variant("inverted_ratio", "aspect ratio n/p instead of p/n", cdf_inverted_ratio),
            Variant("sigma2_off_5pct", "sigma2 five per cent high (every quantile 5% high; sup-CDF "
                    "distance 0.05/(pi sqrt c), 0.006-0.05 over the draws)", _cdf_sigma2_off, near_miss=True),
        ),
        resolution_target=0.02,
        resolution_basis="absolute, in Kolmogorov units (the prediction of a distance is 0): 2 points of "
        "CDF, the spirit of 'point <= 2%'; reached with replicates pooled at p >= 100",
    ),
    Claim(
        id="mp.edges",
        statement="The extreme non-zero eigenvalues of S sit at the MP edges within the "
        "Tracy–Widom scale O(n^{-2/3}).",
        formula=r"\lambda_{\pm} = \sigma^2 (1 \pm \sqrt{c})^2,\quad "
        r"|\lambda_{\max}(S) - \lambda_+| = O_P(n^{-2/3})",
        citation="johnstone2001",
        source="Marčenko & Pastur (1967); Johnstone (2001), Theorem 1.1 (edge scale); "
        "source document 001, 'MP law' slide",
        assumptions=(*_MP_ASSUMPTIONS, "edge scale: c bounded away from 1 for the lower edge"),
        regime=_PROPORTIONAL + "; checked on the mean over replicates less the Tracy-Widom mean shift "
        "(Ma 2012 centring), c <= 0.15 or c >= 6.67 so that the lower edge is soft",
        predict=mp.edges,
        variants=(
            Variant("missing_sqrt", "sigma^2 (1 ± c)^2: the square root dropped", _edges_missing_sqrt),
            Variant("sigma_not_sigma2", "sigma (1 ± sqrt c)^2", _edges_sigma_not_sigma2),
            Variant("linearised", "first order in sqrt(min(c, 1/c)): the term min(1, c) dropped "
                    "(upper edge 4.9-7.8% off over the draws)", _edges_linearised, near_miss=True),
        ),
        resolution_target=0.03,
        resolution_basis="relative to each edge; above 2% because the lower edge is small: one "
        "Tracy-Widom unit is 1.25-2.2% of lambda_- at the affordable sizes (docs/mp.md)",
    ),
    Claim(
        id="mp.atom",
        statement="For c > 1 a fraction 1 - 1/c of the eigenvalues of S is exactly 0.",
        formula=r"F_{\mathrm{MP}}(\{0\}) = \max(0, 1 - 1/c)",
        citation="bai2010",
        source="Bai & Silverstein (2010), Theorem 3.6 (the point mass for y > 1)",
        assumptions=(*_MP_ASSUMPTIONS, "c > 1: rank(S) = n < p almost surely"),
        regime="finite p, n with p > n (exact); c = p / n",
        predict=zero_fraction,
        variants=(
            Variant("no_atom", "the density normalised to one, no atom", _zero_fraction_none),
            Variant("inverted_ratio", "max(0, 1 - c): the ratio read as n/p", _zero_fraction_inverted),
            Variant("centred_rank", "rank n - 1 (data centred by the sample mean): 1 - (n - 1)/p, "
                    "a relative 1/(p - n) = 0.1-1.4% high", _zero_fraction_centred, near_miss=True),
        ),
        resolution_target=0.01,
        resolution_basis="relative to 1 - 1/c; the count is exact, so the resolution is half a count, "
        "0.5/(p - n) <= 0.7% at p - n >= 72 (n >= 120, c >= 1.6)",
    ),
    Claim(
        id="mp.moments",
        statement="The spectral moments tr(S^k)/p converge to the Narayana polynomials.",
        formula=r"\frac{1}{p}\operatorname{tr} S^k \to \sigma^{2k}\sum_{r=0}^{k-1}"
        r"\frac{1}{r+1}\binom{k}{r}\binom{k-1}{r} c^r",
        citation="bai2010",
        source="Bai & Silverstein (2010), Lemma 3.1",
        assumptions=_MP_ASSUMPTIONS,
        regime=_PROPORTIONAL + "; k = 1..4; bias and fluctuations O(1/p); tests: Gaussian and Rademacher "
        "entries (finite moments of every order; with Student-t(8) E tr(S^4) is infinite at finite size)",
        predict=moment_at,
        variants=(
            Variant("sigma_not_sigma2", "sigma^k instead of sigma^(2k)", _moment_sigma_not_sigma2),
            Variant("inverted_ratio", "Narayana polynomial in n/p", _moment_inverted_ratio),
            Variant("unbiased_normalisation", "moments of X X^T/(n - 1): a factor (n/(n-1))^k, "
                    "k/n = 0.6-3.3% high at k = 4 over the draws", _moment_unbiased, near_miss=True),
        ),
        resolution_target=0.015,
        resolution_basis="relative, worst over k = 1..4 (k = 4 sets it): control variates tr(S)/p, "
        "tr(S^2)/p (exact means) and the leading 1/n bias subtracted; the O(1/n) remainder bound is "
        "0.4-0.8% of m_4 at n >= 120",
    ),
    Claim(
        id="mp.stieltjes",
        statement="The normalised resolvent trace tr(S - z)^{-1}/p converges to the MP "
        "Stieltjes transform (deterministic equivalent).",
        formula=r"\frac{1}{p}\operatorname{tr}(S - zI)^{-1} \to m(z),\quad "
        r"c z m^2 - (1 - c - z) m + 1 = 0,\ \Im m > 0",
        citation="bai2010",
        source="Bai & Silverstein (2010), Theorem 3.10 and eq. (3.1.2); "
        "source document 001, 'deterministic equivalents'",
        assumptions=_MP_ASSUMPTIONS,
        regime=_PROPORTIONAL + "; z fixed with Im z = eta > 0; error <= pi/eta * Kolmogorov distance",
        predict=stieltjes_at,
        variants=(
            Variant("other_root", "the other root of the quadratic", _stieltjes_other_root_at),
            Variant("inverted_ratio", "aspect ratio n/p", _stieltjes_inverted_ratio_at),
            Variant("sigma2_off_5pct", "sigma2 five per cent high (m(z) 1-5% off at the "
                    "evaluation points)", _stieltjes_sigma2_off, near_miss=True),
        ),
        resolution_target=0.04,
        resolution_basis="relative to |m(z)| (Re m vanishes inside the bulk); above 2% for "
        "Student-t(8) entries only (Gaussian and Rademacher: 0.6-1.3%), whose O(1/(p eta)) bias "
        "(0.35/(p eta) measured, no leading term subtracted) is 2-3.5% of |m| at the upper edge "
        "(docs/mp.md)",
    ),
)
