"""Symbolic checks (sympy) of the scaling-law derivations in ``docs/scaling.md``.

* ``gamma_integral``: the substitution ``u = s k^{-nu}`` maps ``int_0^inf k^{-kappa-1} e^{-s k^{-nu}} dk`` to
  ``(1/nu) s^{-kappa/nu} int_0^inf u^{kappa/nu - 1} e^{-u} du = Gamma(kappa/nu) s^{-kappa/nu} / nu``, so the GD
  loss ``(C/2) sum k^{-kappa-1} e^{-2 eta Lambda t k^{-nu}}`` tends to
  ``(C/2nu) Gamma(kappa/nu) (2 eta Lambda t)^{-kappa/nu}``
  (Jacobian identity symbolic; the u-integral by sympy; one numeric instance by mpmath quadrature).
* ``gd_expansion``: ``(1 - u/(2t))^{2t} = e^{-u} [1 - u^2/(4t) + (u^4/32 - u^3/12)/t^2 + O(t^{-3})]``, and its
  Gamma moments give the coefficients ``-Gamma(a+2)/4`` and ``Gamma(a+4)/32 - Gamma(a+3)/12`` of
  ``theory.scaling.gd_power_law_expansion``.
* ``fixed_point_unique``: ``phi(kappa) = lam/kappa + (1/n) sum lambda_i/(lambda_i + kappa) - 1`` has derivative
  ``-lam/kappa^2 - (1/n) sum lambda_i/(lambda_i + kappa)^2 < 0`` (three-eigenvalue instance, general form),
  limits ``+inf`` at ``0+`` (lam > 0) and ``-1`` at ``inf``: exactly one root.
* ``fixed_point_monotone``: implicit differentiation, ``d kappa/d lam = 1 / (kappa (-phi'(kappa))) > 0`` and
  ``d kappa/d n < 0``.
* ``ridgeless_limit``: isotropic spectrum, the fixed point is the quadratic ``n kappa^2 + (n - p - n lam)
  kappa - n lam = 0`` (unit eigenvalues); as ``lam -> 0`` its positive root tends to ``p/n - 1`` (p > n) or 0
  (p < n), and the risk formula to ``|beta|^2 (1 - n/p) + sigma^2 n/(p - n)`` and ``sigma^2 p/(n - p)``.
* ``exponent_scaling``: ``int_0^inf x^{-1-2 alpha r} kappa^2/(x^{-alpha} + kappa)^2 dx`` is ``kappa^{2r}`` times a
  constant (substitution ``x = kappa^{-1/alpha} y``), ``df_2`` is ``kappa^{-1/alpha}`` times a constant, and the
  phases meet at ``ell* = alpha/(2 alpha r + 1)`` with exponent ``2 alpha r/(2 alpha r + 1)``.
* ``log_det_power``: ``int_0^1 log(lam) (a + 1) lam^a d lam = -1/(a + 1)``.
* ``gd_filter``: GD from 0 on ``|X w - y|^2/(2n)`` is ``w_t = phi_t(S) X^T y/n`` with
  ``phi_t(s) = (1 - (1 - eta s)^t)/s`` (the recursion ``phi_{t+1} = phi_t - eta (s phi_t - 1)``, ``phi_0 = 0``), so
  ``1 - s phi_t = (1 - eta s)^t`` (bias filter) and ``s phi_t^2 = (1 - (1 - eta s)^t)^2/s`` (variance filter).
* ``two_point_partial_fractions``: ``sum w_i/((l_i + k)(l_i + k')) = (b(k) - b(k'))/(k' - k)`` with ``b(k) = sum
  w_i/(l_i + k)``, and its diagonal limit ``sum w_i/(l_i + k)^2`` (the O(N p) evaluation of the two-point kernel).
* ``learned_ridge_variance``: with ``tr Sigma (S + lam)^{-1} ~ n (kappa/lam - 1)`` (one-point equivalent and the
  fixed point), ``(sigma^2/n) tr Sigma S (S + lam)^{-2} = (sigma^2/n)(1 + lam d/d lam) tr Sigma (S + lam)^{-1}``
  becomes ``sigma^2 (d kappa/d lam - 1) = sigma^2 (df_2/n)/(1 - df_2/n)``: the variance of ``ridge_risk``, so the
  contour formula's variance reduces to the ridge one for the ridge filter.
"""

from __future__ import annotations

from collections.abc import Callable

import mpmath
import sympy as sp

from proofs_check.result import CheckResult
from theory import scaling

__all__ = ["PROOFS"]


def gamma_integral() -> CheckResult:
    u, s, nu, kappa = sp.symbols("u s nu kappa", positive=True)
    a = kappa / nu
    k_of_u = (s / u) ** (1 / nu)
    integrand = k_of_u ** (-kappa - 1) * sp.exp(-s * k_of_u ** (-nu)) * (-sp.diff(k_of_u, u))
    target = u ** (a - 1) * sp.exp(-u) * s ** (-a) / nu
    jacobian = sp.simplify(sp.powsimp(sp.expand_power_base(integrand / target, force=True), force=True))
    inner = sp.simplify(sp.integrate(u ** (a - 1) * sp.exp(-u), (u, 0, sp.oo), conds="none"))
    # numeric instance: kappa = 1.5, nu = 1.25, s = 3
    with mpmath.workdps(30):
        direct = mpmath.quad(lambda x: x ** -2.5 * mpmath.exp(-3 * x ** -1.25), [0, 1, 10, mpmath.inf])
        closed = mpmath.gamma(1.2) * mpmath.mpf(3) ** -1.2 / mpmath.mpf(1.25)
    numeric = float(abs(direct / closed - 1))
    asymptote = scaling.gd_power_law_asymptote(1.5, 1.0, 1.0, 1.25, 2.0, 1.5)  # (C/2)(1/nu) Gamma(a) s^-a, s = 3
    library = abs(float(asymptote) / float(closed) - 1.0)
    holds = sp.simplify(jacobian - 1) == 0 and sp.gammasimp(inner - sp.gamma(a)) == 0 and numeric < 1e-14 \
        and library < 1e-14
    return CheckResult("scaling.gamma_integral",
                       "int_0^inf k^{-kappa-1} exp(-s k^{-nu}) dk = Gamma(kappa/nu) s^{-kappa/nu} / nu",
                       holds, f"Jacobian ratio {jacobian}, u-integral {inner}, mpmath rel. diff {numeric:.1e}, "
                       f"library {library:.1e}")


def _gamma_moments(polynomial: sp.Expr, u: sp.Symbol, a: sp.Symbol) -> sp.Expr:
    """Replace each ``u^m`` of a polynomial by ``Gamma(a + m)`` (= int u^{a-1} e^{-u} u^m du)."""
    poly = sp.Poly(sp.expand(polynomial), u)
    return sp.Add(*(c * sp.gamma(a + m[0]) for c, m in zip(poly.coeffs(), poly.monoms(), strict=True)))


def gd_expansion() -> CheckResult:
    u, eps, a = sp.symbols("u epsilon a", positive=True)  # eps = 1/t
    log_factor = 2 / eps * sp.log(1 - u * eps / 2)
    series = sp.expand(sp.series(sp.exp(log_factor + u), eps, 0, 3).removeO())
    expected = 1 - u**2 / 4 * eps + (u**4 / 32 - u**3 / 12) * eps**2
    difference = sp.simplify(series - expected)
    first = _gamma_moments(series.coeff(eps, 1), u, a)
    second = _gamma_moments(series.coeff(eps, 2), u, a)
    c1 = sp.simplify(first + sp.gamma(a + 2) / 4)
    c2 = sp.simplify(second - (sp.gamma(a + 4) / 32 - sp.gamma(a + 3) / 12))
    holds = difference == 0 and c1 == 0 and c2 == 0
    return CheckResult("scaling.gd_expansion",
                       "(1 - u/2t)^{2t} = e^{-u}[1 - u^2/(4t) + (u^4/32 - u^3/12)/t^2 + O(t^-3)]",
                       holds, f"series difference {difference}; coefficients {c1}, {c2}")


def fixed_point_unique() -> CheckResult:
    kap, lam, n = sp.symbols("kappa lam n", positive=True)
    eig = sp.symbols("l1:4", positive=True)
    phi = lam / kap + sum(e / (e + kap) for e in eig) / n - 1
    derivative = sp.diff(phi, kap)
    claimed = -lam / kap**2 - sum(e / (e + kap) ** 2 for e in eig) / n
    difference = sp.simplify(derivative - claimed)
    at_zero = sp.limit(phi, kap, 0, "+")
    at_infinity = sp.limit(phi, kap, sp.oo)
    # every term of the claimed derivative is minus a positive quantity
    negative = all(sp.ask(sp.Q.positive(-term)) for term in sp.Add.make_args(claimed))
    holds = difference == 0 and at_zero == sp.oo and at_infinity == -1 and negative
    return CheckResult("scaling.fixed_point_unique",
                       "phi(kappa) = lam/kappa + df_1(kappa)/n - 1 decreases strictly from +inf to -1: one root",
                       holds, f"phi' - claimed = {difference}; phi(0+) = {at_zero}; phi(inf) = {at_infinity}")


def fixed_point_monotone() -> CheckResult:
    kap, lam, n = sp.symbols("kappa lam n", positive=True)
    eig = sp.symbols("l1:4", positive=True)
    phi = lam / kap + sum(e / (e + kap) for e in eig) / n - 1
    d_lam = sp.simplify(-sp.diff(phi, lam) / sp.diff(phi, kap))
    claimed = 1 / (kap * (lam / kap**2 + sum(e / (e + kap) ** 2 for e in eig) / n))
    d_n = -sp.diff(phi, n) / sp.diff(phi, kap)
    slope = lam / kap**2 + sum(e / (e + kap) ** 2 for e in eig) / n  # = -phi'(kappa) > 0
    df1 = sum(e / (e + kap) for e in eig)
    holds = sp.simplify(d_lam - claimed) == 0 and sp.simplify(d_n + df1 / (n**2 * slope)) == 0
    return CheckResult("scaling.fixed_point_monotone",
                       "d kappa/d lam = 1/(kappa |phi'|) > 0; d kappa/d n = -df_1/(n^2 |phi'|) < 0",
                       holds, f"d kappa/d lam = {d_lam}")


def ridgeless_limit() -> CheckResult:
    kap, lam, n, p, b2, s2 = sp.symbols("kappa lam n p b2 sigma2", positive=True)
    quadratic = sp.expand((lam / kap + p / (1 + kap) / n - 1) * n * kap * (1 + kap))
    roots = sp.solve(quadratic, kap)
    # the positive root: take the one with + sqrt
    root = max(roots, key=lambda r: float(sp.N(r.subs({lam: sp.Rational(1, 10), n: 100, p: 150}))))
    over = sp.limit(root.subs(p, n * sp.Symbol("g", positive=True)), lam, 0, "+")
    gamma = sp.Symbol("g", positive=True)
    over_expected_sign = sp.simplify(over.subs(gamma, 2))  # g = 2: kappa0 = 1
    under = sp.simplify(over.subs(gamma, sp.Rational(1, 2)))  # g < 1: kappa0 = 0
    # risk at lam = 0 with unit eigenvalues: kappa0 = g - 1 (g = p/n > 1)
    k0 = gamma - 1
    df2 = n * gamma / (1 + k0) ** 2
    risk = (k0**2 * b2 / (1 + k0) ** 2 + s2 * df2 / n) / (1 - df2 / n)
    expected = b2 * (1 - 1 / gamma) + s2 / (gamma - 1)
    over_risk = sp.simplify(risk - expected)
    df2_under = n * gamma  # kappa0 = 0, g < 1
    under_risk = sp.simplify((s2 * df2_under / n) / (1 - df2_under / n) - s2 * gamma / (1 - gamma))
    library = abs(scaling.ridge_risk([1.0] * 300, [1.0 / 300] * 300, 0.5, 100, 0.0)
                  - scaling.isotropic_ridgeless_risk(p=300, n=100, beta_norm2=1.0, sigma2=0.5, exact=False))
    holds = over_expected_sign == 1 and under == 0 and over_risk == 0 and under_risk == 0 and library < 1e-12
    return CheckResult("scaling.ridgeless_limit",
                       "isotropic: kappa(lam -> 0) = max(p/n - 1, 0); "
                       "R -> |b|^2(1 - n/p) + s2 n/(p - n) or s2 p/(n - p)",
                       holds, f"kappa0(g=2) = {over_expected_sign}, kappa0(g=1/2) = {under}; risk differences "
                       f"{over_risk}, {under_risk}; library {library:.1e}")


def exponent_scaling() -> CheckResult:
    x, y, kap, alpha, r, ell = sp.symbols("x y kappa alpha r ell", positive=True)
    bias = x ** (-1 - 2 * alpha * r) * kap**2 / (x ** (-alpha) + kap) ** 2
    substituted = bias.subs(x, kap ** (-1 / alpha) * y) * kap ** (-1 / alpha)  # dx = kappa^{-1/alpha} dy
    bias_scale = sp.simplify(sp.powsimp(sp.expand_power_base(
        substituted / (kap ** (2 * r) * y ** (-1 - 2 * alpha * r) / (y ** (-alpha) + 1) ** 2), force=True),
        force=True))
    df2 = x ** (-2 * alpha) / (x ** (-alpha) + kap) ** 2
    df2_sub = df2.subs(x, kap ** (-1 / alpha) * y) * kap ** (-1 / alpha)
    df2_scale = sp.simplify(sp.powsimp(sp.expand_power_base(
        df2_sub / (kap ** (-1 / alpha) * y ** (-2 * alpha) / (y ** (-alpha) + 1) ** 2), force=True), force=True))
    boundary = sp.solve(sp.Eq(2 * r * ell, 1 - ell / alpha), ell)
    at_boundary = sp.simplify(2 * r * boundary[0] - 2 * alpha * r / (2 * alpha * r + 1))
    library = abs(scaling.ridge_risk_exponent(2.0, 0.55).exponent - 2.2 / 3.2)
    holds = bias_scale == 1 and df2_scale == 1 and sp.simplify(boundary[0] - alpha / (2 * alpha * r + 1)) == 0 \
        and at_boundary == 0 and library < 1e-15
    return CheckResult("scaling.exponent_scaling",
                       "bias integral = kappa^{2r} x const, df_2 = kappa^{-1/alpha} x const; "
                       "ell* = alpha/(2 alpha r + 1)",
                       holds, f"ratios {bias_scale}, {df2_scale}; ell* = {boundary[0]}")


def log_det_power() -> CheckResult:
    lam, a = sp.symbols("lam a", positive=True)
    value = sp.simplify(sp.integrate(sp.log(lam) * (a + 1) * lam**a, (lam, 0, 1)))
    library = abs(scaling.log_det_power_law(0.5) + 1.0 / 1.5)
    holds = sp.simplify(value + 1 / (a + 1)) == 0 and library < 1e-15
    return CheckResult("scaling.log_det_power", "int_0^1 log(lam) (a + 1) lam^a d lam = -1/(a + 1)",
                       holds, f"integral {value}")


def gd_filter() -> CheckResult:
    s, eta = sp.symbols("s eta", positive=True)
    t = sp.symbols("t", integer=True, nonnegative=True)

    def phi(steps: sp.Expr) -> sp.Expr:
        return (1 - (1 - eta * s) ** steps) / s

    recursion = sp.simplify(phi(t + 1) - (phi(t) - eta * (s * phi(t) - 1)))
    start = sp.simplify(phi(sp.Integer(0)))
    bias = sp.simplify(1 - s * phi(t) - (1 - eta * s) ** t)
    variance = sp.simplify(s * phi(t) ** 2 - (1 - (1 - eta * s) ** t) ** 2 / s)
    holds = recursion == 0 and start == 0 and bias == 0 and variance == 0
    return CheckResult("scaling.gd_filter", "w_t = phi_t(S) X^T y/n, phi_t = (1 - (1 - eta s)^t)/s; 1 - s phi_t = "
                       "(1 - eta s)^t, s phi_t^2 = (1 - (1 - eta s)^t)^2/s", holds,
                       f"recursion residual {recursion}")


def two_point_partial_fractions() -> CheckResult:
    k, kp = sp.symbols("kappa kappa_p")
    lams = sp.symbols("l1:4", positive=True)
    ws = sp.symbols("w1:4", positive=True)

    def b(x: sp.Expr) -> sp.Expr:
        return sum(w / (lam + x) for w, lam in zip(ws, lams, strict=True))

    two_point = sum(w / ((lam + k) * (lam + kp)) for w, lam in zip(ws, lams, strict=True))
    split = sp.simplify(two_point - (b(k) - b(kp)) / (kp - k))
    diagonal = sp.simplify(sp.limit((b(k) - b(kp)) / (kp - k), kp, k)
                           - sum(w / (lam + k) ** 2 for w, lam in zip(ws, lams, strict=True)))
    return CheckResult("scaling.two_point_partial_fractions", "sum w/((l + k)(l + k')) = (b(k) - b(k'))/(k' - k), "
                       "diagonal sum w/(l + k)^2", split == 0 and diagonal == 0, f"residuals {split}, {diagonal}")


def learned_ridge_variance() -> CheckResult:
    lam, n, sigma2 = sp.symbols("lam n sigma2", positive=True)
    eigs = sp.symbols("l1:4", positive=True)
    kap = sp.Function("kappa")(lam)
    df1 = sum(e / (e + kap) for e in eigs)
    df2 = sum(e**2 / (e + kap) ** 2 for e in eigs)
    # tr Sigma (S + lam)^{-1} ~ (kappa/lam) df_1 = n (kappa/lam - 1) by the fixed point; implicit derivative of
    # the fixed point kappa - lam = kappa df_1/n
    fixed = kap - lam - kap * df1 / n
    d_kappa = sp.solve(sp.diff(fixed, lam), sp.diff(kap, lam))[0]
    trace = n * (kap / lam - 1)  # tr Sigma (S + lam)^{-1} at the fixed point
    variance = sigma2 / n * (trace + lam * sp.diff(trace, lam))
    variance = variance.subs(sp.diff(kap, lam), d_kappa)
    claimed = sigma2 * (df2 / n) / (1 - df2 / n)
    holds = sp.simplify(sp.together(variance - claimed)) == 0
    return CheckResult("scaling.learned_ridge_variance", "(sigma^2/n)(1 + lam d/dlam) n(kappa/lam - 1) = "
                       "sigma^2 (df_2/n)/(1 - df_2/n)", holds, f"d kappa/d lam = {d_kappa}")


PROOFS: tuple[Callable[[], CheckResult], ...] = (
    gamma_integral,
    gd_expansion,
    fixed_point_unique,
    fixed_point_monotone,
    ridgeless_limit,
    exponent_scaling,
    log_det_power,
    gd_filter,
    two_point_partial_fractions,
    learned_ridge_variance,
)
