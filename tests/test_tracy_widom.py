"""Unit tests of theory.tracy_widom against independent references, over the whole real line.

References (``tests/data/tw_reference.json``, generated once by ``tests/data/make_tw_reference.py``,
whose docstring states precision, truncations and node counts) never call the library: mpmath
Fredholm determinants by Bornemann's method with truncations set for the tail (two truncations and
node counts per point, agreement recorded), mpmath quadrature of the kernel's trace in the far right
tail and the Deift–Its–Krasovsky / Baik–Buckingham–DiFranco expansion (coefficients derived by
sympy in that script) in the far left tail. The library instead tabulates a Painlevé II solution
and uses its own series and Gauss–Laguerre quadratures.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from theory import tracy_widom as tw

# Bornemann 2010 (Math. Comp. 79), Table 4: mean, variance, skewness, excess kurtosis (TW4 in Tracy &
# Widom's 1996 scaling), each to the digits published there
PUBLISHED = {1: (-1.2065335745820, 1.6077810345810, 0.2934645240865, 0.1652429384556),
             2: (-1.7710868074116, 0.8131947928329, 0.224084203610, 0.0934480876),
             4: (-2.306884893241, 0.5177237207726, 0.16550949435, 0.0491951565)}
BETAS = [1, 2, 4]
REFERENCE = Path(__file__).parent / "data" / "tw_reference.json"
RTOL = 1e-12
ATOL = 1e-300
# documented float-overflow limits (module docstring)
LOGCDF_FINITE_FROM = {1: -1.62e103, 2: -1.29e103, 4: -1.15e103}
LOGSF_FINITE_TO = {1: 3.1e205, 2: 2.6e205, 4: 1.85e205}


def _rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(REFERENCE.read_text())["rows"]
    return rows


def _close(got: float, want: float) -> bool:
    return got == want or abs(got - want) <= RTOL * abs(want) + ATOL


@pytest.mark.parametrize("beta", BETAS)
def test_moments_match_published_values(beta: int) -> None:
    mean, variance, skewness, kurtosis = PUBLISHED[beta]
    assert abs(tw.mean(beta) - mean) < 1e-12
    assert abs(tw.variance(beta) - variance) < 1e-12
    assert abs(tw.skewness(beta) - skewness) < (1e-12 if beta == 1 else 1e-11)
    assert abs(tw.kurtosis(beta) - kurtosis) < (1e-12 if beta == 1 else 1e-10)


def test_reference_file_is_converged_and_covers_both_tails() -> None:
    rows = _rows()
    for row in rows:
        assert row["agree"] < 1e-14, row  # two truncations / node counts / term counts agree
    for row in rows:
        if row["method"] == "det":
            assert row["margins"][0] != row["margins"][1]
            assert row["nodes"][0] != row["nodes"][1]
    checks = {row["beta"]: row["series_vs_det"] for row in rows if "series_vs_det" in row}
    assert {1, 2} <= set(checks)  # TW4's (x = -8.5) once `make_tw_reference.py --beta4` has reached it
    assert max(checks.values()) < 1e-14  # the far-left expansion equals the determinant where both run
    # TW4: 1 - G = V / 2 - A^2 / 8 equals the determinant at x = 15 (where the run has reached it)
    assert all(row["trace_vs_det"] < 1e-14 for row in rows if "trace_vs_det" in row)
    for beta in BETAS:
        s = [row["s"] for row in rows if row["beta"] == beta]
        assert min(s) <= -1e6
        assert max(s) >= 1e7


@pytest.mark.parametrize("beta", BETAS)
def test_all_functions_match_independent_references(beta: int) -> None:
    rows = [row for row in _rows() if row["beta"] == beta]
    x = np.array([row["s"] for row in rows])
    got = {
        "logcdf": np.asarray(tw.logcdf(x, beta)),
        "logsf": np.asarray(tw.logsf(x, beta)),
        "logpdf": np.asarray(tw.logpdf(x, beta)),
        "cdf": np.asarray(tw.cdf(x, beta)),
        "sf": np.asarray(tw.sf(x, beta)),
        "pdf": np.asarray(tw.pdf(x, beta)),
    }
    failures = []
    for i, row in enumerate(rows):
        with mpmath.workdps(30):
            logs = [mpmath.mpf(v) for v in row["values"]]
            want = dict(zip(["logcdf", "logsf", "logpdf"], [float(v) for v in logs], strict=True))
            want.update(zip(["cdf", "sf", "pdf"], [float(mpmath.exp(v)) for v in logs], strict=True))
        for name, value in want.items():
            if not _close(float(got[name][i]), value):
                failures.append((row["s"], name, float(got[name][i]), value))
    assert not failures


def test_issue_18_far_tail_cases() -> None:
    assert tw.cdf(-60.0) == 0.0  # true value exp(-9110)
    assert tw.cdf(-100.0) == 0.0
    assert tw.cdf(-92.0, 2) == 0.0
    assert tw.pdf(-74.0) == 0.0
    assert tw.cdf(1e7) == 1.0
    assert tw.logsf(1e7) == pytest.approx(-2.108185108183642e10, rel=1e-12)
    assert tw.logcdf(-60.0) == pytest.approx(-9110.042028122652, rel=1e-12)


def test_infinities_and_documented_overflow_limits() -> None:
    for beta in BETAS:
        assert tw.cdf(-np.inf, beta) == 0.0
        assert tw.cdf(np.inf, beta) == 1.0
        assert tw.sf(-np.inf, beta) == 1.0
        assert tw.pdf(np.inf, beta) == 0.0
        assert tw.logcdf(-np.inf, beta) == -np.inf
        assert tw.logsf(np.inf, beta) == -np.inf
        assert tw.logcdf(np.inf, beta) == 0.0
        assert tw.logsf(-np.inf, beta) == 0.0
        assert tw.logcdf(1.01 * LOGCDF_FINITE_FROM[beta], beta) == -np.inf  # |x|^3 overflows
        assert math.isfinite(float(tw.logcdf(0.99 * LOGCDF_FINITE_FROM[beta], beta)))
        assert tw.logsf(1.03 * LOGSF_FINITE_TO[beta], beta) == -np.inf  # x^{3/2} overflows
        assert math.isfinite(float(tw.logsf(0.99 * LOGSF_FINITE_TO[beta], beta)))


@pytest.mark.parametrize("fn", [tw.cdf, tw.sf, tw.pdf, tw.logcdf, tw.logsf, tw.logpdf])
def test_bad_input_is_refused_with_named_parameter(fn: Any) -> None:
    with pytest.raises(ValueError, match=r"\bx\b"):
        fn(float("nan"))
    with pytest.raises(ValueError, match=r"\bx\b"):
        fn(np.array([0.0, np.nan]))
    with pytest.raises(ValueError, match="beta"):
        fn(0.0, 3)


@pytest.mark.parametrize("fn", [tw.cdf, tw.sf, tw.pdf, tw.logcdf, tw.logsf, tw.logpdf, tw.quantile])
@pytest.mark.parametrize("value", [True, np.array([1 + 5j]), 1j, "1.0", ["1", "2"], [True, 2.0], np.array([True]),
                                   np.array([0.5], dtype=object), None, [0.5, None]])
def test_non_real_input_raises_type_error_naming_the_parameter(fn: Any, value: Any) -> None:
    """Issue 26: complex, strings, booleans and objects are refused, not coerced (ComplexWarning)."""
    name = "q" if fn is tw.quantile else "x"
    with pytest.raises(TypeError, match=rf"\b{name}\b"):
        fn(value)


@pytest.mark.parametrize("beta", BETAS)
def test_bulk_matches_float64_determinant(beta: int) -> None:
    """Absolute check against the plain determinant (truncation 2|s| + 33 past s for TW1)."""
    x = np.random.default_rng(beta).uniform(-7.0, 8.0, 25)
    assert np.max(np.abs(np.asarray(tw.cdf(x, beta)) - np.asarray(tw.fredholm_cdf(x, beta)))) < 1e-13
    assert np.max(tw.load_table(beta).tail) < 1e-14


@pytest.mark.parametrize("beta", BETAS)
def test_pdf_is_derivative_and_integrates_to_one(beta: int) -> None:
    x = np.linspace(-6.0, 6.0, 13)
    step = 1e-5
    numeric = (np.asarray(tw.cdf(x + step, beta)) - np.asarray(tw.cdf(x - step, beta))) / (2 * step)
    assert np.allclose(np.asarray(tw.pdf(x, beta)), numeric, atol=1e-9)
    grid = np.linspace(-14.0, 16.0, 30001)
    assert np.trapezoid(np.asarray(tw.pdf(grid, beta)), grid) == pytest.approx(1.0, abs=1e-9)


@pytest.mark.parametrize("beta", BETAS)
def test_quantile_inverts_cdf_including_tails(beta: int) -> None:
    q = np.array([1e-300, 1e-30, 1e-6, 0.01, 0.5, 0.99, 1 - 1e-6])
    x = np.asarray(tw.quantile(q, beta))
    back = np.asarray(tw.cdf(x, beta))
    assert np.allclose(back[:3], q[:3], rtol=1e-9, atol=0.0)
    assert np.allclose(back[3:], q[3:], atol=1e-12)
    assert tw.quantile(0.0, beta) == -np.inf
    assert tw.quantile(1.0, beta) == np.inf


PAINLEVE_POINTS = np.random.default_rng(11).uniform(*tw.TABLE_RANGE, 24)


@lru_cache(maxsize=1)
def _painleve() -> dict[int, list[tuple[Any, Any, Any]]]:
    # 40 digits, order 32: a different precision and order from the table build (50, 40)
    # 25 digits beyond the amplification, order 32: other precision and order than the build (35, 40)
    return tw.painleve_values([float(v) for v in PAINLEVE_POINTS], dps=25, order=32, betas=(1, 2, 4))


@pytest.mark.slow
@pytest.mark.parametrize("beta", BETAS)
def test_table_interpolates_the_painleve_solution(beta: int) -> None:
    """The shipped interpolants reproduce the Painlevé II integration between their nodes."""
    x = PAINLEVE_POINTS
    log_cdf, log_sf, log_pdf = tw._log_parts(x, beta)
    for i, (lc, ls, lp) in enumerate(_painleve()[beta]):
        assert _close(float(log_pdf[i]), float(lp))
        if x[i] < 0:
            assert _close(float(log_cdf[i]), float(lc))
        else:
            assert _close(float(log_sf[i]), float(ls))


EXTENDED = st.one_of(
    st.floats(allow_nan=False, allow_infinity=True),
    st.floats(-40.0, 40.0),
    st.sampled_from([-12.0, -2.0, 14.0, 100.0, -1.29e103, -1.62e103, -1.15e103, 2.6e205, 3.1e205, 1.85e205]),
)


@settings(max_examples=60)
@given(points=st.lists(EXTENDED, min_size=1, max_size=8), beta=st.sampled_from(BETAS))
def test_properties_over_the_extended_real_line(points: list[float], beta: int) -> None:
    x = np.sort(np.array(points))
    c, s, p = (np.asarray(f(x, beta)) for f in (tw.cdf, tw.sf, tw.pdf))
    lc, ls = np.asarray(tw.logcdf(x, beta)), np.asarray(tw.logsf(x, beta))
    for arr in (c, s, p):
        assert np.all(np.isfinite(arr))
    assert np.all((c >= 0.0) & (c <= 1.0) & (s >= 0.0) & (s <= 1.0) & (p >= 0.0))
    assert np.all(np.abs(c + s - 1.0) <= 2e-16)
    # monotone to within the stated accuracy (the representations join with ~1e-14 mismatches)
    assert np.all(np.diff(c) >= -1e-13 * c[1:])
    assert np.all(np.diff(s) <= 1e-13 * s[:-1])
    assert not np.any(np.isnan(lc))
    assert not np.any(np.isnan(ls))
    assert np.all((lc <= 0.0) & (ls <= 0.0))
    # -inf only at the documented limits
    assert np.all(np.isfinite(lc) | (x < LOGCDF_FINITE_FROM[beta]))
    assert np.all(np.isfinite(ls) | (x > LOGSF_FINITE_TO[beta]))
    with np.errstate(under="ignore"):
        assert np.all(np.abs(np.exp(lc) - c) <= RTOL * c + ATOL)
        assert np.all(np.abs(np.exp(ls) - s) <= RTOL * s + ATOL)
    assert np.all(c[x == -np.inf] == 0.0)
    assert np.all(c[x == np.inf] == 1.0)


@pytest.mark.parametrize("beta", BETAS)
def test_quantile_reaches_the_smallest_float(beta: int) -> None:
    """Issue 26: q is not clamped; 5e-324 and 1e-320 have different quantiles, inverted through logcdf."""
    tiny = np.array([5e-324, 1e-320, 1e-310])
    x = np.asarray(tw.quantile(tiny, beta))
    assert np.all(np.diff(x) > 0.0)
    back = np.asarray(tw.logcdf(x, beta))
    assert np.allclose(back, np.log(tiny), rtol=1e-12, atol=0.0)


def test_tw4_is_tracy_widom_1996_scaling() -> None:
    """F_4(s / sqrt(2)) = (F_1(s) + F_2(s) / F_1(s)) / 2 (Tracy & Widom 1996), through beta 1 and 2."""
    s = np.linspace(-8.0, 6.0, 57)
    f1, f2 = np.asarray(tw.cdf(s, 1)), np.asarray(tw.cdf(s, 2))
    assert np.allclose(np.asarray(tw.cdf(s / math.sqrt(2.0), 4)), 0.5 * (f1 + f2 / f1), rtol=1e-13, atol=0.0)


@pytest.mark.parametrize("beta", BETAS)
def test_table_only_path_equals_the_mixed_path(beta: int) -> None:
    """The all-in-table fast path and the masked path (a tail point added) give identical values."""
    x = np.linspace(-12.0, 13.99, 2001)
    mixed = np.append(x, [-30.0, 40.0])
    for fn in (tw.cdf, tw.sf, tw.pdf, tw.logcdf, tw.logsf, tw.logpdf):
        fast, slow = np.asarray(fn(x, beta)), np.asarray(fn(mixed, beta))[:-2]
        assert np.allclose(fast, slow, rtol=2e-15, atol=0.0), fn.__name__


def test_wishart_scaling() -> None:
    mu, sigma = tw.wishart_lmax_scaling(n=101, p=100)
    assert mu == pytest.approx(400.0)
    assert sigma == pytest.approx(20.0 * 0.2 ** (1 / 3))


def test_gse_tridiagonal_edge_mean_is_tw4() -> None:
    """The beta = 4 Dumitriu–Edelman tridiagonal (``tracy_widom.gse_tw4``'s simulator), scaled as
    ``s = 2^{1/6} N^{1/6} (l_max / sqrt 2 - 2 sqrt N)``, has the mean of Tracy & Widom's F_4
    (``tw.mean(4) = -2.3069``, checked against Bornemann's table above) up to the finite-N shift.

    N = 100, 20000 draws: standard error 0.72 / sqrt(20000) = 0.0051. The finite-N shift of the mean,
    measured with 50000 draws at N = 100 (seed 2100), is +0.052 +- 0.003 (docs/tracy_widom.md), so the
    tolerance is 0.052 + 5 SE = 0.078. The other conventions are far outside it: G(y) = F_4(y / sqrt 2)
    would put the mean of s at 2^{1/6} sqrt 2 (-2.3069) = -3.66, F_4(y) (no 2^{1/6}) at -2.59.
    """
    import torch

    from rmtcheck.families.tracy_widom.gse_tw4 import gse_lmax_tridiagonal

    n, count = 100, 20000
    lam = gse_lmax_tridiagonal(n=n, count=count, generator=torch.Generator().manual_seed(11)).numpy()
    s = 2.0 ** (1.0 / 6.0) * n ** (1.0 / 6.0) * (lam / math.sqrt(2.0) - 2.0 * math.sqrt(n))
    se = float(s.std()) / math.sqrt(count)
    assert se < 0.006
    assert abs(float(s.mean()) - tw.mean(4)) < 0.052 + 5.0 * se
