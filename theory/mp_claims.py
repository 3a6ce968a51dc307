"""Registered Marchenko–Pastur claims and their wrong variants."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from theory import mp
from theory.claim import Claim, Variant

_MP_ASSUMPTIONS = (
    "X is p x n with iid entries, mean 0, variance sigma2, finite fourth moment",
    "S = X X^T / n, c = p / n",
)
_PROPORTIONAL = "p, n -> inf with p / n -> c in (0, inf); sigma2 fixed"


def _cdf_sigma_not_sigma2(x: ArrayLike, c: float, sigma2: float = 1.0) -> object:
    return mp.cdf(x, c, math.sqrt(sigma2))


def _cdf_inverted_ratio(x: ArrayLike, c: float, sigma2: float = 1.0) -> object:
    return mp.cdf(x, 1.0 / c, sigma2)


def _edges_missing_sqrt(c: float, sigma2: float = 1.0) -> tuple[float, float]:
    return sigma2 * (1.0 - c) ** 2, sigma2 * (1.0 + c) ** 2


def _edges_sigma_not_sigma2(c: float, sigma2: float = 1.0) -> tuple[float, float]:
    return mp.edges(c, math.sqrt(sigma2))


def _atom_none(c: float) -> float:
    mp.atom(c)
    return 0.0


def _atom_inverted_ratio(c: float) -> float:
    return max(0.0, 1.0 - c)


def _moment_sigma_not_sigma2(k: int, c: float, sigma2: float = 1.0) -> float:
    return mp.moment(k, c, math.sqrt(sigma2))


def _moment_inverted_ratio(k: int, c: float, sigma2: float = 1.0) -> float:
    return mp.moment(k, 1.0 / c, sigma2)


def _stieltjes_other_root(z: ArrayLike, c: float, sigma2: float = 1.0) -> object:
    """The second root of the quadratic: ``m_- = 1 / (c z m_+)`` (scaled), not a Stieltjes
    transform (it does not vanish at infinity)."""
    m_plus = np.asarray(mp.stieltjes(z, c, sigma2))
    w = np.asarray(z, dtype=np.complex128) / sigma2
    return 1.0 / (c * w * m_plus * sigma2) / sigma2


def _stieltjes_inverted_ratio(z: ArrayLike, c: float, sigma2: float = 1.0) -> object:
    return mp.stieltjes(z, 1.0 / c, sigma2)


CLAIMS: tuple[Claim, ...] = (
    Claim(
        id="mp.esd",
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
            Variant("sigma_not_sigma2", "scale by sigma instead of sigma^2", _cdf_sigma_not_sigma2),
            Variant("inverted_ratio", "aspect ratio n/p instead of p/n", _cdf_inverted_ratio),
        ),
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
        regime=_PROPORTIONAL + "; deviation measured in units of Johnstone's sigma / n",
        predict=mp.edges,
        variants=(
            Variant("missing_sqrt", "sigma^2 (1 ± c)^2: the square root dropped", _edges_missing_sqrt),
            Variant("sigma_not_sigma2", "sigma (1 ± sqrt c)^2", _edges_sigma_not_sigma2),
        ),
    ),
    Claim(
        id="mp.atom",
        statement="For c > 1 a fraction 1 - 1/c of the eigenvalues of S is exactly 0.",
        formula=r"F_{\mathrm{MP}}(\{0\}) = \max(0, 1 - 1/c)",
        citation="bai2010",
        source="Bai & Silverstein (2010), Theorem 3.6 (the point mass for y > 1)",
        assumptions=(*_MP_ASSUMPTIONS, "c > 1: rank(S) = n < p almost surely"),
        regime="finite p, n with p > n (exact); c = p / n",
        predict=mp.atom,
        variants=(
            Variant("no_atom", "the density normalised to one, no atom", _atom_none),
            Variant("inverted_ratio", "max(0, 1 - c): the ratio read as n/p", _atom_inverted_ratio),
        ),
    ),
    Claim(
        id="mp.moments",
        statement="The spectral moments tr(S^k)/p converge to the Narayana polynomials.",
        formula=r"\frac{1}{p}\operatorname{tr} S^k \to \sigma^{2k}\sum_{r=0}^{k-1}"
        r"\frac{1}{r+1}\binom{k}{r}\binom{k-1}{r} c^r",
        citation="bai2010",
        source="Bai & Silverstein (2010), Lemma 3.1",
        assumptions=_MP_ASSUMPTIONS,
        regime=_PROPORTIONAL + "; k = 1..4; bias and fluctuations O(1/p)",
        predict=mp.moment,
        variants=(
            Variant("sigma_not_sigma2", "sigma^k instead of sigma^(2k)", _moment_sigma_not_sigma2),
            Variant("inverted_ratio", "Narayana polynomial in n/p", _moment_inverted_ratio),
        ),
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
        predict=mp.stieltjes,
        variants=(
            Variant("other_root", "the other root of the quadratic", _stieltjes_other_root),
            Variant("inverted_ratio", "aspect ratio n/p", _stieltjes_inverted_ratio),
        ),
    ),
)
