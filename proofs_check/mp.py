"""Symbolic checks of the Marchenko–Pastur derivations (sympy).

Each function returns a :class:`~proofs_check.result.CheckResult`; ``python -m proofs_check`` runs them all.
Parametrisation: ``c = s^2`` with ``0 < s < 1`` (so ``sqrt(c) = s``) and ``sigma2 = 1``;
the edges are ``a = (1 - s)^2`` and ``b = (1 + s)^2``.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from proofs_check.result import CheckResult
from theory import mp

x, z, m, t = sp.symbols("x z m t")


s = sp.symbols("s", positive=True)

c = s**2

a = (1 - s) ** 2

b = (1 + s) ** 2


def _density(variable: sp.Symbol) -> sp.Expr:
    return sp.sqrt((b - variable) * (variable - a)) / (2 * sp.pi * c * variable)


def antiderivative() -> CheckResult:
    """``G(u) = R + (a+b)/2 asin(r1) - sqrt(ab) asin(r2)`` differentiates to ``R / u``.

    ``R = sqrt((b-u)(u-a))``; this is the antiderivative behind ``theory.mp.cdf``. sympy
    differentiates ``G`` symbolically; the residual ``G' - R/u`` is evaluated at 50 digits
    at seven exact interior points of ``(1/4, 9/4)`` (a full symbolic simplification of
    the residual takes sympy minutes).
    """
    u = sp.symbols("u", positive=True)
    aa, bb = sp.symbols("a b", positive=True)
    root = sp.sqrt((bb - u) * (u - aa))
    g = (root + (aa + bb) / 2 * sp.asin((2 * u - aa - bb) / (bb - aa))
         - sp.sqrt(aa * bb) * sp.asin(((aa + bb) * u - 2 * aa * bb) / (u * (bb - aa))))
    difference = sp.diff(g, u) - root / u
    values = [
        difference.subs({aa: sp.Rational(1, 4), bb: sp.Rational(9, 4), u: sp.Rational(k, 4)})
        for k in (2, 3, 4, 5, 6, 7, 8)
    ]
    holds = all(sp.nsimplify(sp.N(v, 50), tolerance=1e-40) == 0 for v in values)
    return CheckResult("mp.antiderivative", "d/du G(u) = sqrt((b-u)(u-a))/u on (a, b)", holds,
                       f"max residual {max(abs(sp.N(v, 30)) for v in values)}")


def _angular_weight(scale: sp.Expr) -> sp.Expr:
    """``rho(u(theta)) |du/dtheta|`` with ``u = 1 + c + 2 sqrt(c) cos(theta)``, ``sqrt(c) = scale``."""
    theta = sp.symbols("theta", positive=True)
    cc = scale**2
    lo, hi = (1 - scale) ** 2, (1 + scale) ** 2
    u = 1 + cc + 2 * scale * sp.cos(theta)
    density = sp.sqrt((hi - u) * (u - lo)) / (2 * sp.pi * cc * u)
    weight = sp.simplify(density * 2 * scale * sp.sin(theta))
    return sp.simplify(weight.subs(sp.sqrt(sp.sin(theta) ** 2), sp.sin(theta)))


def density_mass() -> CheckResult:
    """The density integrates to ``1 - atom(c)``: 1 for ``c < 1`` and ``1/c`` for ``c > 1``.

    Substitution ``u = 1 + c + 2 sqrt(c) cos(theta)`` maps ``(0, pi)`` onto the support.
    """
    theta = sp.symbols("theta", positive=True)
    r = sp.symbols("r", positive=True)
    below_scale = 1 / (1 + r)  # sqrt(c) < 1, so sympy knows the sign of s - 1
    below = sp.simplify(sp.integrate(sp.expand(_angular_weight(below_scale)), (theta, 0, sp.pi)))
    above_scale = 1 + r  # sqrt(c) > 1
    above = sp.simplify(sp.integrate(sp.expand(_angular_weight(above_scale)), (theta, 0, sp.pi)))
    holds = sp.simplify(below - 1) == 0 and sp.simplify(above - 1 / above_scale**2) == 0
    return CheckResult("mp.mass", "int rho = 1 - atom(c) (1 for c < 1, 1/c for c > 1)", holds,
                       f"c = 1/(1 + r)^2 < 1: {below}; c = (1 + r)^2 > 1: {above}")


def moments_narayana(max_order: int = 4) -> CheckResult:
    """``int x^k rho(x) dx`` equals the Narayana polynomial for ``k = 1..max_order``."""
    theta = sp.symbols("theta", positive=True)
    u = 1 + c + 2 * s * sp.cos(theta)
    weight = sp.simplify(_density(x).subs(x, u) * (-sp.diff(u, theta)))
    weight = sp.simplify(weight.subs(sp.sqrt(sp.sin(theta) ** 2), sp.sin(theta)))
    mismatches = []
    for k in range(1, max_order + 1):
        value = sp.integrate(sp.expand(u**k * weight), (theta, 0, sp.pi))
        narayana = sum(sp.binomial(k, r) * sp.binomial(k - 1, r) * c**r / (r + 1) for r in range(k))
        if sp.simplify(value - narayana) != 0:
            mismatches.append(k)
        numeric = mp.moment(k, 0.3)
        if abs(float(narayana.subs(s, sp.sqrt(sp.Rational(3, 10)))) - numeric) > 1e-12:
            mismatches.append(-k)
    return CheckResult("mp.moments", f"int x^k rho = Narayana_k(c), k = 1..{max_order}",
                       not mismatches, f"mismatched orders: {mismatches}")


def stieltjes_quadratic() -> CheckResult:
    """The closed form ``m(z)`` solves ``c z m^2 - (1 - c - z) m + 1 = 0``."""
    disc = (1 - c - z) ** 2 - 4 * c * z
    closed = (1 - c - z + sp.sqrt(disc)) / (2 * c * z)
    residual = sp.simplify(sp.expand(c * z * closed**2 - (1 - c - z) * closed + 1))
    edges_ok = sp.simplify(sp.expand(disc - (z - a) * (z - b))) == 0
    return CheckResult("mp.stieltjes.quadratic",
                       "m solves c z m^2 - (1-c-z) m + 1 = 0; discriminant = (z-a)(z-b)",
                       residual == 0 and edges_ok, f"residual {residual}, discriminant factorises: {edges_ok}")


def stieltjes_inversion() -> CheckResult:
    """``Im m(x + i0) / pi`` equals the density on ``(a, b)``."""
    # On (a, b), (x - a)(x - b) < 0, so sqrt(disc) = i sqrt((b - x)(x - a)) from above.
    imaginary = sp.sqrt((b - x) * (x - a)) / (2 * c * x)
    holds = sp.simplify(imaginary / sp.pi - _density(x)) == 0
    return CheckResult("mp.stieltjes.inversion", "rho(x) = Im m(x + i0) / pi on the support", holds)


def edges_from_discriminant() -> CheckResult:
    """The edges are the roots of the discriminant ``(1 - c - z)^2 - 4 c z`` in ``z``."""
    roots = set(sp.solve(sp.expand((1 - c - z) ** 2 - 4 * c * z), z))
    expected = {sp.expand(a), sp.expand(b)}
    holds = {sp.expand(r) for r in roots} == expected
    return CheckResult("mp.edges", "disc(z) = 0 exactly at z = (1 ± sqrt c)^2", holds, f"roots {roots}")


PROOFS: tuple[Callable[[], CheckResult], ...] = (
    antiderivative,
    density_mass,
    moments_narayana,
    stieltjes_quadratic,
    stieltjes_inversion,
    edges_from_discriminant,
)
