"""Symbolic checks of the issue-16 teacher-alignment derivation (sympy; docs/adam.md, boxed result).

* The push-through identities ``X^T (x - X X^T)^{-1} X = x (x - X^T X)^{-1} - I`` and
  ``(x - A)^{-2} = -d/dx (x - A)^{-1}`` (exact, integer matrix, symbolic ``x``): they turn the squared norms of
  ``v1 = -theta R2 (X^T u p + z v q)`` and ``u1 = -theta R1 (X v q + z u p)`` into derivatives.
* Step 1, exact at finite size: for the top singular triple of ``X - theta u v^T`` (a 7 x 5 integer matrix,
  30-digit arithmetic) ``v1 = -theta R2 (X^T u p + z v q)`` and ``u1 = -theta R1 (X v q + z u p)``.
* Steps 3 and 5: with ``r = q / p = -(1 + theta psi) / (theta z Q)``, ``-theta z q g2 = p (1 + theta psi) g2 / Q``.
* The ``alpha = gamma = 0`` limit: at the rectangular BBP root ``x = (1 + t^2)(c + t^2) / t^2`` the normalisation
  gives Benaych-Georges–Nadakuditi's ``p^2 = 1 - (c + t^2) / (t^2 (t^2 + 1))`` and
  ``q^2 = 1 - c (1 + t^2) / (t^2 (t^2 + c))``, exactly at rational ``(t, c)``.
"""

from __future__ import annotations

import mpmath
import sympy as sp

from proofs_check.result import CheckResult


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


CHECKS = (teacher_alignment_derivation,)
