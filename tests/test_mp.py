"""Unit tests of theory.mp against high-precision references and identities."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from theory import mp


@pytest.mark.parametrize("c", [1e-4, 0.01, 0.3, 0.999, 1.0, 2.0, 7.5, 1e3])
def test_cdf_matches_30_digit_quadrature_to_1e_12(c: float) -> None:
    lo, hi = mp.edges(c)
    xs = np.concatenate([np.linspace(lo, hi, 9)[1:-1], [lo + 1e-9, hi - 1e-9]])
    with mpmath.workdps(30):
        a, b = mpmath.mpf(lo), mpmath.mpf(hi)

        def density(t: mpmath.mpf) -> mpmath.mpf:
            return mpmath.sqrt((b - t) * (t - a)) / (2 * mpmath.pi * c * t)

        reference = [mp.atom(c) + mpmath.quad(density, [a, mpmath.mpf(x)]) for x in xs]
    got = np.asarray(mp.cdf(xs, c))
    assert max(abs(float(g - r)) for g, r in zip(got, reference, strict=True)) < 1e-12


def test_cdf_atom_and_limits() -> None:
    assert mp.cdf(-1.0, 2.0) == 0.0
    assert mp.cdf(0.0, 2.0) == pytest.approx(0.5)
    assert mp.cdf(0.0, 1.0) == 0.0
    assert mp.cdf(100.0, 0.5, 2.0) == 1.0
    assert isinstance(mp.cdf(1.0, 0.5), float)
    assert np.asarray(mp.cdf(np.ones((2, 3)), 0.5)).shape == (2, 3)


@given(c=st.floats(0.01, 50.0), sigma2=st.floats(0.1, 10.0), q=st.floats(0.0, 1.0))
def test_quantile_inverts_cdf(c: float, sigma2: float, q: float) -> None:
    x = mp.quantile(q, c, sigma2)
    if q > mp.atom(c):
        assert mp.cdf(x, c, sigma2) == pytest.approx(q, abs=1e-10)
    else:
        assert x == pytest.approx(0.0 if mp.atom(c) > 0 else mp.edges(c, sigma2)[0])


@pytest.mark.parametrize("c", [0.2, 1.0, 3.0])
@pytest.mark.parametrize("k", [0, 1, 2, 3, 4, 5])
def test_moments_match_integral_of_density(c: float, k: int) -> None:
    from scipy.integrate import quad

    lo, hi = mp.edges(c)
    value, _ = quad(lambda t: t**k * float(mp.pdf(t, c)), lo, hi, epsabs=1e-13, limit=200)
    atom_part = mp.atom(c) if k == 0 else 0.0
    assert value + atom_part == pytest.approx(mp.moment(k, c), rel=1e-8)


def test_moment_values() -> None:
    assert mp.moment(2, 0.5) == pytest.approx(1.5)
    assert mp.moment(3, 0.5, 2.0) == pytest.approx(8 * (1 + 1.5 + 0.25))


@given(c=st.floats(0.05, 20.0), re=st.floats(-5, 30), im=st.floats(1e-3, 10.0),
       sigma2=st.floats(0.2, 5.0))
def test_stieltjes_solves_quadratic_in_upper_half_plane(c: float, re: float, im: float,
                                                        sigma2: float) -> None:
    z = complex(re, im)
    m = mp.stieltjes(z, c, sigma2)
    assert isinstance(m, complex)
    assert m.imag > 0
    w = z / sigma2
    mm = m * sigma2
    assert abs(c * w * mm**2 - (1 - c - w) * mm + 1) < 1e-9 * max(1.0, abs(w) * abs(mm) ** 2)


def test_stieltjes_inversion_gives_density() -> None:
    c = 0.4
    xs = np.linspace(*mp.edges(c), 7)[1:-1]
    m = np.asarray(mp.stieltjes(xs + 1e-9j, c))
    assert np.allclose(m.imag / math.pi, np.asarray(mp.pdf(xs, c)), atol=1e-6)


def test_stieltjes_real_axis_outside_support_is_negative_beyond_edge() -> None:
    m = mp.stieltjes(10.0, 0.5)
    assert abs(m.imag) < 1e-15
    assert m.real < 0


def test_htsr_adapter() -> None:
    assert mp.htsr_edges(4.0) == pytest.approx(((1 - 0.5) ** 2, (1 + 0.5) ** 2))
    assert mp.htsr_pdf(1.0, 4.0) == pytest.approx(mp.pdf(1.0, 0.25))
    with pytest.raises(ValueError, match="Q"):
        mp.htsr_edges(0.5)


def test_bidiagonal_top_eigenvalue_matches_dense_eigvalsh() -> None:
    import torch

    from sim.spectra import bidiagonal_top_eigenvalue, wishart_bidiagonal

    gen = torch.Generator().manual_seed(7)
    for n, p in [(30, 12), (12, 30), (5, 1), (1, 5), (60, 60)]:
        d, e = wishart_bidiagonal(n=n, p=p, count=16, generator=gen)
        b = torch.diag_embed(d) + torch.diag_embed(e, offset=1)
        dense = torch.linalg.eigvalsh(b.transpose(-1, -2) @ b)[:, -1]
        top = bidiagonal_top_eigenvalue(d, e)
        assert torch.allclose(top, dense, rtol=1e-12, atol=0.0)


def test_tridiagonal_wishart_lmax_has_the_dense_distribution() -> None:
    """Two-sample KS between the bidiagonal model and lambda_max of dense X^T X (independent
    simulation), 4000 draws each; fixed seed, p-value threshold 1e-3."""
    import torch
    from scipy import stats

    from sim.ensembles import entries
    from sim.spectra import wishart_lmax, wishart_lmax_tridiagonal

    gen = torch.Generator().manual_seed(11)
    for n, p in [(40, 15), (15, 40)]:
        model = wishart_lmax_tridiagonal(n=n, p=p, count=4000, generator=gen).numpy()
        dense = wishart_lmax(entries((4000, n, p), "gaussian", gen)).numpy()
        assert stats.ks_2samp(model, dense).pvalue > 1e-3
    with pytest.raises(ValueError, match="count"):
        wishart_lmax_tridiagonal(n=10, p=5, count=0, generator=gen)


def test_exact_trace_means_of_the_control_variates() -> None:
    """E tr(S)/p = sigma2 and E tr(S^2)/p = sigma2^2 (1 + c + (m4 - 2)/n): against exhaustive
    enumeration of all 2 x 3 Rademacher matrices and the real Wishart moment
    E tr W^2 = p n (n + p + 1) (Gaussian, m4 = 3)."""
    import itertools

    from rmtcheck.families.mp._common import CovarianceParams, exact_trace_means

    p, n, sigma2 = 2, 3, 1.7
    firsts, seconds = [], []
    for signs in itertools.product((-1.0, 1.0), repeat=p * n):
        x = math.sqrt(sigma2) * np.array(signs).reshape(p, n)
        s = x @ x.T / n
        firsts.append(np.trace(s) / p)
        seconds.append(np.trace(s @ s) / p)
    exact = exact_trace_means(CovarianceParams(p=p, n=n, sigma2=sigma2, law="rademacher"))
    assert exact == pytest.approx([np.mean(firsts), np.mean(seconds)], rel=1e-14)
    p, n = 7, 5
    gaussian = exact_trace_means(CovarianceParams(p=p, n=n, sigma2=1.0, law="gaussian"))
    assert gaussian[1] == pytest.approx(p * n * (n + p + 1) / (p * n**2), rel=1e-14)


def test_claim_predictions_at_sizes_validate_n_and_equal_the_limit() -> None:
    from rmtcheck.families.mp.atom import zero_fraction
    from rmtcheck.families.mp.moments import moment_at
    from rmtcheck.families.mp.stieltjes import stieltjes_at

    assert zero_fraction(2.5, 40) == mp.atom(2.5)
    assert moment_at(3, 0.4, 1.3, n=50) == mp.moment(3, 0.4, 1.3)
    assert stieltjes_at(1.0 + 0.5j, 0.4, n=50) == mp.stieltjes(1.0 + 0.5j, 0.4)
    for call in (lambda: zero_fraction(2.0, 0), lambda: moment_at(2, 0.5, n=1),
                 lambda: stieltjes_at(1j, 0.5, n=True)):
        with pytest.raises(ValueError, match="n must"):
            call()
