"""Unit tests of theory.tracy_widom: published moments, mpmath reference, table accuracy."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
from mpmath.calculus.quadrature import GaussLegendre

from theory import tracy_widom as tw

PUBLISHED = {1: (-1.2065335745820, 1.6077810345810), 2: (-1.7710868074116, 0.8131947928329)}


@pytest.mark.parametrize("beta", [1, 2])
def test_mean_and_variance_match_published_values_to_1e_9(beta: int) -> None:
    mean, variance = PUBLISHED[beta]
    assert abs(tw.mean(beta) - mean) < 1e-9
    assert abs(tw.variance(beta) - variance) < 1e-9


def _mp_reference(s: float, beta: int, dps: int = 25, degree: int = 6) -> mpmath.mpf:
    """Fredholm determinant in mpmath at ``dps`` digits with 3 * 2^(degree-1) nodes."""
    with mpmath.workdps(dps):
        lo, hi = tw._fredholm_interval(s, beta)
        rule = GaussLegendre(mpmath.mp).calc_nodes(degree, mpmath.mp.prec)
        half = (mpmath.mpf(hi) - lo) / 2
        xs = [lo + (t + 1) * half for t, _ in rule]
        ws = [mpmath.sqrt(w * half) for _, w in rule]
        size = len(xs)
        ai = [mpmath.airyai(x) for x in xs]
        aip = [mpmath.airyai(x, 1) for x in xs]
        matrix = mpmath.matrix(size, size)
        for i in range(size):
            for j in range(size):
                if beta == 2:
                    if i == j:
                        k = aip[i] ** 2 - xs[i] * ai[i] ** 2
                    else:
                        k = (ai[i] * aip[j] - aip[i] * ai[j]) / (xs[i] - xs[j])
                else:
                    k = mpmath.airyai((xs[i] + xs[j]) / 2) / 2
                matrix[i, j] = (1 if i == j else 0) - ws[i] * k * ws[j]
        return mpmath.det(matrix)


@pytest.mark.slow
@pytest.mark.parametrize("beta", [1, 2])
@pytest.mark.parametrize("s", [-3.0, -1.0, 1.5])
def test_cdf_matches_mpmath_reference_to_1e_10(beta: int, s: float) -> None:
    reference = _mp_reference(s, beta)
    assert abs(tw.cdf(s, beta) - float(reference)) < 1e-10


@pytest.mark.parametrize("beta", [1, 2])
def test_table_matches_determinant_at_random_points(beta: int) -> None:
    x = np.random.default_rng(beta).uniform(*tw.TABLE_RANGE, 60)
    assert np.max(np.abs(np.asarray(tw.cdf(x, beta)) - np.asarray(tw.fredholm_cdf(x, beta)))) < 1e-12
    assert np.max(tw.load_table(beta).tail) < 1e-14


@pytest.mark.parametrize("beta", [1, 2])
def test_pdf_is_derivative_and_integrates_to_one(beta: int) -> None:
    x = np.linspace(-6.0, 6.0, 13)
    step = 1e-5
    numeric = (np.asarray(tw.cdf(x + step, beta)) - np.asarray(tw.cdf(x - step, beta))) / (2 * step)
    assert np.allclose(np.asarray(tw.pdf(x, beta)), numeric, atol=1e-8)
    grid = np.linspace(-14.0, 16.0, 30001)
    assert np.trapezoid(np.asarray(tw.pdf(grid, beta)), grid) == pytest.approx(1.0, abs=1e-9)


@pytest.mark.parametrize("beta", [1, 2])
def test_quantile_inverts_cdf(beta: int) -> None:
    q = np.array([1e-6, 0.01, 0.5, 0.99, 1 - 1e-6])
    assert np.allclose(np.asarray(tw.cdf(tw.quantile(q, beta), beta)), q, atol=1e-12)
    assert tw.quantile(0.0, beta) == -np.inf
    assert tw.quantile(1.0, beta) == np.inf


def test_outside_table_range_uses_determinant() -> None:
    assert tw.cdf(20.0, 1) == 1.0
    assert 0.0 <= tw.cdf(-15.0, 2) < 1e-100


def test_wishart_scaling() -> None:
    mu, sigma = tw.wishart_lmax_scaling(101, 100)
    assert mu == pytest.approx(400.0)
    assert sigma == pytest.approx(20.0 * 0.2 ** (1 / 3))
