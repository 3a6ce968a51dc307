"""Symbolic checks of the one-step FB-Adam / GD derivations (sympy).

* Stein's identity behind the alignment ``alpha``: ``E[g erf(k g / sqrt 2)] = sqrt(2/pi) k / sqrt(1 + k^2)``
  for ``g ~ N(0, 1)`` (``d/dg erf(k g/sqrt 2) = 2 k phi(k g)``, integrated symbolically).
* ``rho`` increases with ``n/d``: ``k^2`` is affine in ``n/d`` with positive slope and
  ``arcsin(x/(1+x))`` has a positive derivative for ``x > 0``.
* ``E softplus'(g) = E sigmoid(g) = 1/2``: ``sigmoid(g) + sigmoid(-g) = 1`` (the teacher's slope,
  ``E[x y] = beta / 2``).
* The Marchenko–Pastur Stieltjes transform used in the outlier equation solves
  ``c x g^2 - (x + c - 1) g + 1 = 0``, and with ``alpha = 0`` the outlier equation
  ``theta^2 z g1(z^2) z g2(z^2) = 1`` is solved by the rectangular BBP value
  ``z = sqrt((1 + theta^2)(c + theta^2)) / theta`` (Benaych-Georges & Nadakuditi 2012), checked at
  rational points; at the edge it gives ``theta = c^{1/4}``.
* The aligned quadratic form (issue 12): ``X (z^2 - X^T X)^{-1} X^T = z^2 (z^2 - X X^T)^{-1} - I`` (exact, on
  an integer matrix), which turns ``v^T (z^2 - X^T X)^{-1} v`` for ``v`` with cosine ``alpha`` to ``X^T a`` into
  ``(1 - alpha^2) g2 + alpha^2 (z^2 g1 - 1)``; at the edge ``z = 1 + sqrt c``: ``g1 = 1/(sqrt c (1 + sqrt c))``,
  ``z^2 g1 - 1 = 1/sqrt c``, ``z g2 = 1``, so the threshold is ``sqrt c / (sqrt(sqrt c + alpha^2) - alpha gamma)``;
  the corrected secular function equals the old one at ``alpha = 0`` (for every ``z``, ``c``, ``gamma``),
  and ``theory.adam_step`` matches the closed form (threshold, and the outlier root solves the equation).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import mpmath
import sympy as sp

from proofs_check.result import CheckResult
from theory import adam_step


def stein_alignment() -> CheckResult:
    g, k = sp.symbols("g k", positive=True)
    phi = sp.exp(-(g**2) / 2) / sp.sqrt(2 * sp.pi)
    # E[g f(g)] = E[f'(g)] with f = erf(k g / sqrt 2): f' = 2 k phi(k g) (even, so integrate on R)
    derivative = sp.diff(sp.erf(k * g / sp.sqrt(2)), g)
    value = sp.simplify(2 * sp.integrate(derivative * phi, (g, 0, sp.oo)))
    target = sp.sqrt(2 / sp.pi) * k / sp.sqrt(1 + k**2)
    holds = sp.simplify(value - target) == 0
    return CheckResult("adam.stein_alignment", "E[g erf(k g/sqrt 2)] = sqrt(2/pi) k / sqrt(1 + k^2)",
                       holds, f"integral {value}")


def rho_monotone() -> CheckResult:
    r, mu, a, t, x = sp.symbols("r mu a tau x", positive=True)
    k2 = mu**2 * (r * (mu**2 + sp.Rational(1, 4)) + a) / t**2
    slope = sp.simplify(sp.diff(k2, r))
    outer = sp.simplify(sp.diff(sp.asin(x / (1 + x)), x))
    holds = bool(slope.is_positive) and bool(sp.simplify(outer).is_positive)
    model = [adam_step.spectral_ratio(n, 100) for n in (50, 100, 400, 1600)]
    holds = holds and all(b > a_ for a_, b in itertools.pairwise(model))
    return CheckResult("adam.rho_monotone", "d k^2 / d(n/d) > 0 and d/dx arcsin(x/(1+x)) > 0",
                       holds, f"dk2/dr = {slope}; d/dx = {outer}")


def teacher_slope() -> CheckResult:
    g = sp.symbols("g", real=True)
    sigmoid = 1 / (1 + sp.exp(-g))
    symmetric = sp.simplify(sigmoid + sigmoid.subs(g, -g) - 1)
    softplus_derivative = sp.simplify(sp.diff(sp.log(1 + sp.exp(g)), g) - sigmoid)
    holds = symmetric == 0 and softplus_derivative == 0
    return CheckResult("adam.teacher_slope", "softplus' = sigmoid and sigmoid(g) + sigmoid(-g) = 1, "
                       "so E softplus'(g) = 1/2", holds, f"residuals {symmetric}, {softplus_derivative}")


def independent_outlier() -> CheckResult:
    x, c, _th = sp.symbols("x c theta", positive=True)
    b = x + c - 1
    g1 = (b - sp.sqrt(b**2 - 4 * c * x)) / (2 * c * x)
    quadratic = sp.simplify(c * x * g1**2 - (x + c - 1) * g1 + 1)
    residuals = []
    for cv, tv in ((sp.Rational(3, 2), 2), (sp.Rational(1, 2), 3), (2, sp.Rational(5, 2))):
        z2 = (1 + tv**2) * (cv + tv**2) / tv**2
        g1v = g1.subs({x: z2, c: cv})
        g2v = cv * g1v + (1 - cv) / z2
        residuals.append(sp.nsimplify(sp.simplify(tv**2 * z2 * g1v * g2v - 1)))
    edge = sp.Rational(9, 4)  # c = 9/4: sqrt c = 3/2, z = 5/2, threshold c^{1/4} = sqrt(3/2)
    ze = 1 + sp.sqrt(edge)
    g1e = g1.subs({x: ze**2, c: edge})
    g2e = edge * g1e + (1 - edge) / ze**2
    edge_value = sp.simplify(ze**2 * g1e * g2e - 1 / sp.sqrt(edge))
    numeric = abs(adam_step.correlated_threshold(2.25) - 2.25**0.25)
    holds = quadratic == 0 and all(r == 0 for r in residuals) and edge_value == 0 and numeric < 1e-12
    return CheckResult("adam.independent_outlier", "alpha = 0: the outlier equation reduces to the rectangular "
                       "BBP law and threshold c^{1/4}", holds, f"residuals {quadratic}, {residuals}, {edge_value}")


def aligned_outlier() -> CheckResult:
    # 1. the resolvent identity behind v^T R2 v and u^T R1 X v, exact on a 3 x 2 integer matrix
    z = sp.symbols("z", positive=True)
    X = sp.Matrix([[1, 2], [0, -1], [3, 1]])
    lhs = X * (z**2 * sp.eye(2) - X.T * X).inv() * X.T
    rhs = z**2 * (z**2 * sp.eye(3) - X * X.T).inv() - sp.eye(3)
    identity = sp.simplify(lhs - rhs) == sp.zeros(3, 3)
    # 2. edge values of the Marchenko-Pastur transforms (symbolic c, via q = sqrt c)
    q, al, ga, x, c = sp.symbols("q alpha gamma x c", positive=True)
    ze = 1 + q
    b = ze**2 + q**2 - 1
    g1e = (b - sp.sqrt(sp.expand(b**2 - 4 * q**2 * ze**2))) / (2 * q**2 * ze**2)
    g2e = q**2 * g1e + (1 - q**2) / ze**2
    edge_ok = (sp.simplify(g1e - 1 / (q * (1 + q))) == 0 and sp.simplify(ze**2 * g1e - 1 - 1 / q) == 0
               and sp.simplify(ze * g2e - 1) == 0)
    # 3. threshold closed form: 1 / secular at the edge
    quad_e = (1 - al**2) * g2e + al**2 * (ze**2 * g1e - 1)
    secular_e = sp.sqrt(sp.simplify(ze * g1e * ze * quad_e)) - al * ga * (ze**2 * g1e - 1)
    closed = q / (sp.sqrt(q + al**2) - al * ga)  # q = sqrt c
    threshold_ok = sp.simplify(1 / secular_e - closed) == 0
    # 4. reduces to the old equation at alpha = 0, for every z (x = z^2), c, gamma
    g1 = sp.Function("g1")(x)
    g2 = c * g1 + (1 - c) / x
    new = sp.sqrt(x * g1 * ((1 - al**2) * g2 + al**2 * (x * g1 - 1))) - al * ga * (x * g1 - 1)
    old = sp.sqrt(x * g1 * g2) - al * ga * (x * g1 - 1)
    reduces = sp.simplify((new - old).subs(al, 0)) == 0
    old_threshold = q / (sp.sqrt(q) - al * ga)
    # 5. the library against the closed forms
    errors = []
    for cv, av, gv in ((1.5, 0.478, math.sqrt(2 / math.pi)), (0.5, 0.53, 1.0), (2.25, 0.0, 0.3)):
        sym = {q: math.sqrt(cv), al: av, ga: gv}
        errors.append(abs(adam_step.correlated_threshold(cv, av, gv) - float(closed.subs(sym))))
        errors.append(abs(adam_step.correlated_threshold(cv, av, gv, aligned_quadratic=False)
                          - float(old_threshold.subs(sym))))
        theta = 2.0 * adam_step.correlated_threshold(cv, av, gv)
        root = adam_step.correlated_outlier(theta, cv, av, gv)
        xv = root * root
        bv = xv + cv - 1.0
        g1v = (bv - math.sqrt(bv * bv - 4 * cv * xv)) / (2 * cv * xv)
        g2v = cv * g1v + (1 - cv) / xv
        errors.append(abs(theta * (math.sqrt(xv * g1v * ((1 - av**2) * g2v + av**2 * (xv * g1v - 1)))
                                   - av * gv * (xv * g1v - 1)) - 1.0))
    numeric = max(errors) < 1e-10
    holds = identity and edge_ok and threshold_ok and reduces and numeric
    return CheckResult("adam.aligned_outlier",
                       "v^T (z^2 - X^T X)^{-1} v -> (1 - alpha^2) g2 + alpha^2 (z^2 g1 - 1); "
                       "threshold sqrt c / (sqrt(sqrt c + alpha^2) - alpha gamma); old equation at alpha = 0",
                       holds, f"identity {identity}, edge {edge_ok}, threshold {threshold_ok}, reduces {reduces}, "
                       f"max numeric error {max(errors):.2g}")


PROOFS: tuple[Callable[[], CheckResult], ...] = (
    stein_alignment,
    rho_monotone,
    teacher_slope,
    independent_outlier,
    aligned_outlier,
)


# --- issue 16: teacher alignment, overlap outliers, training trends --------------------------------------

def _mp_g1(x: sp.Expr, c: sp.Expr) -> sp.Expr:
    b = x + c - 1
    return (b - sp.sqrt(b**2 - 4 * c * x)) / (2 * c * x)


def teacher_alignment_derivation() -> CheckResult:
    x = sp.symbols("x", positive=True)
    X = sp.Matrix([[1, 2], [0, -1], [3, 1]])
    r1 = (x * sp.eye(3) - X * X.T).inv()
    r2 = (x * sp.eye(2) - X.T * X).inv()
    push = sp.simplify(X.T * r1 * X - (x * r2 - sp.eye(2))) == sp.zeros(2, 2)
    square = sp.simplify(r2 * r2 + sp.diff(r2, x)) == sp.zeros(2, 2)
    # step 1 at finite size, 30 digits
    mpmath.mp.dps = 30
    Xn = mpmath.matrix([[((3 * i + 5 * j) % 7) - 3 for j in range(5)] for i in range(7)]) / mpmath.sqrt(5)
    u = mpmath.matrix([1, -1, 1, 1, -1, 1, -1]) / mpmath.sqrt(7)
    v = mpmath.matrix([2, 1, -1, 0, 1]) / mpmath.sqrt(7)
    theta = mpmath.mpf(3)
    Y = Xn - theta * u * v.T
    U, S, V = mpmath.svd_r(Y)
    z, u1, v1 = S[0], U[:, 0], V[0, :].T
    p, q = (v.T * v1)[0], (u.T * u1)[0]
    R1 = mpmath.inverse(z**2 * mpmath.eye(7) - Xn * Xn.T)
    R2 = mpmath.inverse(z**2 * mpmath.eye(5) - Xn.T * Xn)
    res_v = mpmath.norm(v1 + theta * R2 * (Xn.T * u * p + z * v * q))
    res_u = mpmath.norm(u1 + theta * R1 * (Xn * v * q + z * u * p))
    exact_step = res_v < mpmath.mpf(10) ** -25 and res_u < mpmath.mpf(10) ** -25
    # steps 3 and 5
    th, zz, psi, quad, g2, pp = sp.symbols("theta z psi Q g2 p", positive=True)
    ratio = -(1 + th * psi) / (th * zz * quad)
    projection = sp.simplify(-th * zz * ratio * pp * g2 - pp * (1 + th * psi) * g2 / quad) == 0
    # alpha = gamma = 0 limit at rational points
    limit_ok = True
    half, one = sp.Rational(1, 2), sp.Integer(1)
    points = ((sp.Rational(13, 10), sp.Rational(3, 2)), (sp.Integer(2), half), (sp.Integer(3), one))
    for t, c in points:
        xb = (1 + t**2) * (c + t**2) / t**2
        big_f = x * _mp_g1(x, c)
        g1 = _mp_g1(x, c)
        g2x = c * g1 + (1 - c) / x
        zb = sp.sqrt(xb)
        rr = -1 / (t * zb * g2x.subs(x, xb))
        norm_v = (-sp.diff(big_f, x) - zb**2 * rr**2 * sp.diff(g2x, x)).subs(x, xb)
        norm_u = (-(g2x + x * sp.diff(g2x, x)) - zb**2 * sp.diff(g1, x) / rr**2).subs(x, xb)
        p2 = 1 / (t**2 * norm_v)
        q2 = 1 / (t**2 * norm_u)
        for diff in (p2 - (1 - (c + t**2) / (t**2 * (t**2 + 1))), q2 - (1 - c * (1 + t**2) / (t**2 * (t**2 + c)))):
            exact = sp.simplify(sp.radsimp(diff)) == 0
            limit_ok = limit_ok and (exact or abs(sp.N(diff, 60)) < sp.Float(10) ** -50)
    holds = bool(push and square and exact_step and projection and limit_ok)
    return CheckResult("adam.teacher_alignment_derivation",
                       "v1 = -theta R2 (X^T u p + z v q); |cos(v1, beta)| = |p| (1 + theta psi) g2/Q "
                       "|cos(v, beta)|; BGN overlaps at alpha = 0", holds,
                       f"push-through {push}, R^2 = -R' {square}, step 1 residuals {float(res_v):.1e} / "
                       f"{float(res_u):.1e}, projection {projection}, BGN limit {limit_ok}")


PROOFS = (*PROOFS, teacher_alignment_derivation)
