"""Generate ``tw_reference.json``: high-precision Tracy–Widom references for tests/test_tracy_widom.py.

Independent of ``theory.tracy_widom`` (which tabulates a Painlevé II solution and uses
asymptotic series): every value here comes from one of

* ``det`` — the Fredholm determinant ``F(s) = det(I - K)`` on ``L^2(s, inf)`` by Bornemann's
  Gauss–Legendre (Nyström) method (Bornemann 2010, Math. Comp. 79) in mpmath, with
  ``K_2(x, y) = (Ai(x) Ai'(y) - Ai'(x) Ai(y)) / (x - y)`` and ``K_1(x, y) = Ai((x + y) / 2) / 2``.
  The density is ``F(s) R(s, s)`` with the resolvent ``R = K (I - K)^{-1}`` at the endpoint
  (``d/ds log det(I - K|_(s, inf)) = R(s, s)``), evaluated by the same Nyström discretisation.
  Each point is computed twice, with two truncations ``[s, hi]`` and two node counts
  (``hi`` puts the kernel below ``exp(-margin)`` relative to its value at ``s``:
  for TW2 ``zeta(hi) - zeta(s+) >= margin``, for TW1 ``zeta((hi + s) / 2) - zeta(s+) >= margin``
  with ``zeta(x) = 2 x^{3/2} / 3``, i.e. about ``2|s| + 33`` past ``s`` for TW1 at ``s < 0``);
  margins 46 and 60, node counts ``N`` and ``1.3 N``; working precision 30 digits plus the
  digits the value lacks (``-log10 F`` or ``-log10(1 - F)``).  ``agree`` records the largest
  relative difference between the two evaluations over ``cdf``, ``sf``, ``pdf``.
* ``trace`` (far right tail, ``s >= 40``): ``1 - F = tr K (1 + O(tr K))`` with
  ``tr K_2 = int_s^inf (x - s) Ai(x)^2 dx = (2 s^2 Ai^2 - 2 s Ai'^2 - Ai Ai') / 3``,
  ``tr K_1 = int_s^inf Ai(x) dx / 2 = pi (Ai Gi' - Ai' Gi) / 2`` (Scorer ``Gi``, DLMF 9.10.1) and
  density ``int_s^inf Ai^2 = Ai'^2 - s Ai^2`` resp. ``Ai(s) / 2``, in closed form (the
  neglected ``O(tr K)`` is below ``1e-70``); computed at ``40 + 5 log10(s)`` and
  ``60 + 5 log10(s)`` digits (the closed forms cancel about ``3 log10(s)`` digits). mpmath's
  tanh-sinh quadrature of the same integrals was found off by 7e-13 (TW1) and 3e-11 (TW2)
  relative, so it is not used.
* ``series`` (far left tail, ``s <= -20``): the Deift–Its–Krasovsky / Baik–Buckingham–DiFranco
  expansion ``log F_2(-t) = -t^3/12 - log(t)/8 + log(2)/24 + zeta'(-1) + sum_k a_k t^{-3k}`` and
  ``log F_1 = (log F_2 - int_s^inf q) / 2`` with the Hastings–McLeod series of ``q``, whose
  coefficients are derived here with sympy from Painlevé II; checked against ``det`` at
  ``s = -12`` (``series_vs_det`` in the file). Computed with 12 and 16 terms at 40 digits.

Values are stored as strings of ``log cdf``, ``log sf`` and ``log pdf`` (20 significant digits).
Run from the repository root: ``python tests/data/make_tw_reference.py`` (about 8 minutes on
one core).
"""

from __future__ import annotations

import json
import math
import sys
import time
from pathlib import Path
from typing import Any

import mpmath as mp
import sympy as sp

DET_POINTS = [-12.0, -10.0, -8.0, -6.0, -4.5, -3.0, -2.2, -1.5, -0.7, 0.0, 0.8, 1.7, 2.5, 3.5, 5.0, 6.5,
              8.0, 10.0, 12.0, 13.5, 15.0, 18.0, 24.0, 30.0]
TRACE_POINTS = [40.0, 60.0, 100.0, 1e3, 1e5, 1e7, 1e12]
SERIES_POINTS = [-20.0, -27.5, -40.0, -100.0, -1e3, -1e6, -1e20]


def _gap(first: tuple[Any, ...], second: tuple[Any, ...]) -> float:
    """Largest relative difference (absolute where the second value is 0)."""
    return max(float(abs(x - y) / abs(y)) if y != 0 else float(abs(x)) for x, y in zip(first, second, strict=True))


def _log1mexp(a: Any) -> Any:
    """``log(1 - e^a)`` without cancellation on either side of ``-log 2``."""
    return mp.log(-mp.expm1(a)) if a > -mp.log(2) else mp.log1p(-mp.exp(a))


def _zeta(x: Any) -> Any:
    return 2 * mp.mpf(x) ** 1.5 / 3 if x > 0 else mp.mpf(0)


def _upper(s: float, beta: int, margin: float) -> Any:
    target = _zeta(max(s, 0.0)) + margin
    point = (mp.mpf(3) / 2 * target) ** (mp.mpf(2) / 3)
    return point if beta == 2 else 2 * point - s


def _digits_lacking(s: float, beta: int) -> float:
    if s < 0:
        return abs(s) ** 3 / (12.0 if beta == 2 else 24.0) / math.log(10)
    return (4.0 if beta == 2 else 2.0) / 3.0 * s**1.5 / math.log(10)


def _nodes(s: float, beta: int) -> int:
    neg = max(-s, 0.0)
    return int(30 + (3.0 if beta == 1 else 2.0) * neg + 0.7 * neg**1.5)


def _kernel(beta: int, xi: Any, xj: Any, ai: list[Any], aip: list[Any], i: int, j: int) -> Any:
    if beta == 1:
        return mp.airyai((xi + xj) / 2) / 2
    if i == j:
        return aip[i] ** 2 - xi * ai[i] ** 2
    return (ai[i] * aip[j] - aip[i] * ai[j]) / (xi - xj)


def _solve(matrix: list[list[Any]], rhs: list[Any]) -> tuple[Any, list[Any]]:
    """Gaussian elimination with partial pivoting: ``(det(matrix), matrix^{-1} rhs)``."""
    size = len(rhs)
    rows = [[*row, r] for row, r in zip(matrix, rhs, strict=True)]
    det = mp.mpf(1)
    for k in range(size):
        pivot = max(range(k, size), key=lambda i: abs(rows[i][k]))
        if pivot != k:
            rows[k], rows[pivot] = rows[pivot], rows[k]
            det = -det
        head = rows[k]
        det *= head[k]
        inverse = 1 / head[k]
        for i in range(k + 1, size):
            row = rows[i]
            factor = row[k] * inverse
            if factor:
                for j in range(k + 1, size + 1):
                    row[j] -= factor * head[j]
    solution = [mp.mpf(0)] * size
    for k in range(size - 1, -1, -1):
        acc = rows[k][size] - mp.fsum(rows[k][j] * solution[j] for j in range(k + 1, size))
        solution[k] = acc / rows[k][k]
    return det, solution


def determinant(s: Any, beta: int, margin: float, nodes: int, sign: int = 1) -> tuple[Any, Any, Any]:
    """(log F, log(1 - F), log pdf) by the Nyström method; runs at the caller's precision.

    ``sign = -1`` gives ``det(I + K)`` and ``d/ds log det(I + K)`` instead (used for beta 4)."""
    lo = mp.mpf(s)
    hi = _upper(s, beta, margin)
    half = (hi - lo) / 2
    ts, wts = mp.gauss_quadrature(nodes, "legendre")
    xs = [lo + (t + 1) * half for t in ts]
    ws = [mp.sqrt(w * half) for w in wts]
    size = len(xs)
    ai = [mp.airyai(x) for x in xs]
    aip = [mp.airyai(x, 1) for x in xs]
    matrix = [[mp.mpf(0)] * size for _ in range(size)]
    for i in range(size):
        for j in range(i, size):
            k = _kernel(beta, xs[i], xs[j], ai, aip, i, j)
            matrix[i][j] = matrix[j][i] = (1 if i == j else 0) - sign * ws[i] * k * ws[j]
    ai_s, aip_s = mp.airyai(lo), mp.airyai(lo, 1)
    if beta == 1:
        column = [ws[i] * mp.airyai((xs[i] + lo) / 2) / 2 for i in range(size)]
        k_ss = ai_s / 2
    else:
        column = [ws[i] * (ai[i] * aip_s - aip[i] * ai_s) / (xs[i] - lo) for i in range(size)]
        k_ss = aip_s**2 - lo * ai_s**2
    column = [sign * c for c in column]
    k_ss = sign * k_ss
    det, solved = _solve(matrix, column)
    resolvent = k_ss + mp.fsum(column[i] * solved[i] for i in range(size))
    log_f = mp.log(det)
    return log_f, _log1mexp(log_f), log_f + mp.log(resolvent)


def det_reference(s: float, beta: int) -> dict[str, Any]:
    dps = int(30 + _digits_lacking(s, beta))
    n = _nodes(s, beta)
    out = []
    for margin, nodes in ((46.0, n), (60.0, int(1.3 * n))):
        with mp.workdps(dps):
            out.append((determinant(s, beta, margin, nodes), margin, nodes))
    (a, _, n_a), (b, _, n_b) = out
    with mp.workdps(dps):
        agree = _gap(a, b)
    return {"s": s, "beta": beta, "method": "det", "dps": dps, "nodes": [n_a, n_b],
            "margins": [46.0, 60.0], "agree": agree, "values": [mp.nstr(v, 20) for v in b]}


def trace_reference(s: float, beta: int) -> dict[str, Any]:
    out = []
    extra = int(5 * math.log10(s))  # digits the closed forms cancel, with room
    for dps in (40 + extra, 60 + extra):
        with mp.workdps(dps):
            x0 = mp.mpf(s)
            ai, aip = mp.airyai(x0), mp.airyai(x0, 1)
            if beta == 1:
                gi, gip = mp.scorergi(x0), mp.diff(mp.scorergi, x0)
                sf = mp.pi * (ai * gip - aip * gi) / 2  # int_s^inf Ai = pi (Ai Gi' - Ai' Gi), DLMF 9.10.1
                pdf = ai / 2
            else:
                sf = (2 * x0**2 * ai**2 - 2 * x0 * aip**2 - ai * aip) / 3  # int_s^inf (x - s) Ai^2
                pdf = aip**2 - x0 * ai**2  # int_s^inf Ai^2
            out.append((mp.log1p(-sf), mp.log(sf), mp.log(pdf)))
    a, b = out
    with mp.workdps(60 + extra):
        agree = _gap(a, b)
    return {"s": s, "beta": beta, "method": "trace", "dps": 60 + extra, "agree": agree,
            "values": [mp.nstr(v, 20) for v in b]}


# cheap points first (the file is rewritten after each row; a run may be stopped early)
DET4_POINTS = [0.0, 15.0, -3.0, 3.5, -1.5, 6.5, 10.0, 13.5, -5.5, -8.5]
TRACE4_POINTS = [15.0, 18.0, 20.0, 30.0, 60.0, 100.0, 1e3, 1e5, 1e7, 1e12]
SERIES4_POINTS = [-8.5, -12.0, -14.0, -20.0, -27.5, -40.0, -100.0, -1e3, -1e6, -1e20]


def det_reference4(x: float) -> dict[str, Any]:
    """TW4 (Tracy–Widom 1996 scaling) at ``x``: ``G(s) = (det(I - K_1) + det(I + K_1)) / 2`` on
    ``L^2(s, inf)`` at ``s = sqrt(2) x`` (Bornemann 2010, eq. (5.8)), ``F_4(x) = G(s)``,
    ``f_4(x) = sqrt(2) G'(s)`` with ``G' = (d_- R_-(s, s) + d_+ R_+(s, s)) / 2`` (resolvents of ``+-K``).
    Precision: 30 digits plus those ``F_1(s)`` (left) or ``1 - G(s) ~ e^{-4 s^{3/2} / 3} / zeta^2``
    (right) lacks."""
    s_float = math.sqrt(2.0) * x
    lacking = _digits_lacking(s_float, 1 if s_float < 0 else 2) + 3 * math.log10(max(s_float, 1.0))
    dps = int(30 + lacking)
    # G' = (d_- R_- + d_+ R_+) / 2 cancels (to e^{-zeta} on the right): more nodes than TW1 (30 at s = 0 agree
    # only to 1e-13 with 39)
    n = _nodes(s_float, 1) + 16 + int(2 * max(s_float, 0.0))
    out = []
    for margin, nodes in ((46.0, n), (60.0, int(1.3 * n))):
        with mp.workdps(dps):
            s = mp.sqrt(2) * mp.mpf(x)
            minus = determinant(s, 1, margin, nodes, 1)
            plus = determinant(s, 1, margin, nodes, -1)
            d_minus, d_plus = mp.exp(minus[0]), mp.exp(plus[0])
            g = (d_minus + d_plus) / 2
            slope = mp.re(mp.exp(minus[2]) + mp.exp(plus[2])) / 2  # d_+ R_+ < 0: its log is complex
            log_g = mp.log(g)
            out.append(((log_g, _log1mexp(log_g), mp.log(mp.sqrt(2) * slope)), margin, nodes))
    (a, _, n_a), (b, _, n_b) = out
    with mp.workdps(dps):
        agree = _gap(a, b)
    return {"s": x, "beta": 4, "method": "det", "dps": dps, "nodes": [n_a, n_b],
            "margins": [46.0, 60.0], "agree": agree, "values": [mp.nstr(v, 20) for v in b]}


def trace_reference4(x: float) -> dict[str, Any]:
    """TW4 far right: ``1 - G(s) = V / 2 - A^2 / 8`` and ``G'(s) = B / 2 - A Ai / 4`` at ``s = sqrt(2) x``,
    ``V = (2 s^2 Ai^2 - 2 s Ai'^2 - Ai Ai') / 3``, ``A = pi (Ai Gi' - Ai' Gi)``, ``B = Ai'^2 - s Ai^2``
    (from ``log G = log F_2 / 2 + log cosh(w / 2)``, ``log F_2 = -V (1 + O(Ai^2))``, ``w = A (1 + O(Ai^2))``;
    neglected terms relative ``e^{-2 zeta}``, below 1e-50 for ``x >= 15``). The two terms cancel to a
    relative ``1 / zeta``, hence the extra digits."""
    out = []
    extra = int(8 * math.log10(x)) + 10
    for dps in (40 + extra, 60 + extra):
        with mp.workdps(dps):
            s = mp.sqrt(2) * mp.mpf(x)
            ai, aip = mp.airyai(s), mp.airyai(s, 1)
            gi, gip = mp.scorergi(s), mp.diff(mp.scorergi, s)
            big_a = mp.pi * (ai * gip - aip * gi)
            big_v = (2 * s**2 * ai**2 - 2 * s * aip**2 - ai * aip) / 3
            big_b = aip**2 - s * ai**2
            sf = big_v / 2 - big_a**2 / 8
            pdf = mp.sqrt(2) * (big_b / 2 - big_a * ai / 4)
            out.append((mp.log1p(-sf), mp.log(sf), mp.log(pdf)))
    a, b = out
    with mp.workdps(60 + extra):
        agree = _gap(a, b)
    return {"s": x, "beta": 4, "method": "trace", "dps": 60 + extra, "agree": agree,
            "values": [mp.nstr(v, 20) for v in b]}


def series_coefficients(terms: int) -> tuple[list[sp.Rational], list[sp.Rational]]:
    """Hastings–McLeod ``q(-t) = sqrt(t/2) sum_n b_n t^{-3n}`` from Painlevé II by sympy.

    Substitutes the ansatz into ``q'' = x q + 2 q^3`` (in ``t = -x``:
    ``Q'' = -t Q + 2 Q^3``) and solves order by order; returns ``b`` and the
    coefficients ``c`` of ``Q^2 = (t/2) sum_n c_n t^{-3n}``.
    """
    t, e = sp.symbols("t e", positive=True)
    bs = sp.symbols(f"b1:{terms}")
    series = 1 + sum(bs[n - 1] * e**n for n in range(1, terms))
    q_expr = sp.sqrt(t / 2) * series.subs(e, t ** (-3))
    residual = sp.diff(q_expr, t, 2) + t * q_expr - 2 * q_expr**3
    residual = sp.expand(sp.simplify(residual / sp.sqrt(t / 2) / t))
    solution: dict[sp.Symbol, sp.Rational] = {}
    for n in range(1, terms):
        coeff = residual.coeff(t, -3 * n).subs(solution)
        solution[bs[n - 1]] = sp.solve(coeff, bs[n - 1])[0]
    b = [sp.Integer(1)] + [solution[bs[n - 1]] for n in range(1, terms)]
    c = [sum(b[i] * b[n - i] for i in range(n + 1)) for n in range(terms)]
    return b, c


def series_values(s: float, beta: int, b: list[Any], c: list[Any]) -> tuple[Any, Any, Any]:
    t = -mp.mpf(s) * (mp.sqrt(2) if beta == 4 else 1)
    terms = len(b)
    chi = mp.log(2) / 24 + mp.zeta(-1, derivative=1)
    log_f2 = -(t**3) / 12 - mp.log(t) / 8 + chi
    log_f2 += mp.fsum(-mp.mpf(c[n]) / (2 * (2 - 3 * n) * (3 - 3 * n)) * t ** (3 - 3 * n) for n in range(2, terms))
    u = t**2 / 4 + mp.fsum(mp.mpf(c[n]) / (2 * (2 - 3 * n)) * t ** (2 - 3 * n) for n in range(1, terms))
    if beta == 2:
        log_f, dlog = log_f2, u
    elif beta == 4:
        # log G = log F_2 / 2 + log cosh(w / 2), G' = G (u - q tanh(w / 2)) / 2 (evaluated at s = sqrt(2) x)
        w = mp.log(2) / 2 + mp.fsum(mp.mpf(b[n]) * t ** (mp.mpf(3) / 2 - 3 * n) / (mp.mpf(3) / 2 - 3 * n)
                                    for n in range(terms)) / mp.sqrt(2)
        q = mp.fsum(mp.mpf(b[n]) * t ** (mp.mpf(1) / 2 - 3 * n) for n in range(terms)) / mp.sqrt(2)
        log_f = log_f2 / 2 + mp.log(mp.cosh(w / 2))
        dlog = mp.sqrt(2) * (u - q * mp.tanh(w / 2)) / 2
    else:
        w = mp.log(2) / 2 + mp.fsum(mp.mpf(b[n]) * t ** (mp.mpf(3) / 2 - 3 * n) / (mp.mpf(3) / 2 - 3 * n)
                                    for n in range(terms)) / mp.sqrt(2)
        q = mp.fsum(mp.mpf(b[n]) * t ** (mp.mpf(1) / 2 - 3 * n) for n in range(terms)) / mp.sqrt(2)
        log_f, dlog = (log_f2 - w) / 2, (u + q) / 2
    return log_f, _log1mexp(log_f), log_f + mp.log(dlog)


def beta4_rows(b: list[Any], c: list[Any], save: Any = None) -> list[dict[str, Any]]:
    """TW4 rows; ``series_vs_det`` at ``x = -8.5`` and ``trace_vs_det`` at ``x = 15`` check that the
    tail formulas equal the determinant where both run."""
    rows: list[dict[str, Any]] = []
    started = time.time()
    for x in SERIES4_POINTS:
        with mp.workdps(40):
            short = series_values(x, 4, b[:12], c[:12])
            full = series_values(x, 4, b, c)
            rows.append({"s": x, "beta": 4, "method": "series", "dps": 40, "agree": _gap(short, full),
                         "values": [mp.nstr(v, 20) for v in full]})
    for x in TRACE4_POINTS:
        rows.append(trace_reference4(x))
    by_x = {row["s"]: row for row in rows}
    for x in DET4_POINTS:
        row = det_reference4(x)
        print(4, x, row["agree"], row["nodes"], f"{time.time() - started:.0f}s", flush=True)
        det = [mp.mpf(v) for v in row["values"]]
        with mp.workdps(40):
            if x in by_x and by_x[x]["method"] == "series":
                row["series_vs_det"] = _gap(tuple(mp.mpf(v) for v in by_x[x]["values"]), tuple(det))
                rows.remove(by_x[x])
            if x in by_x and by_x[x]["method"] == "trace":
                row["trace_vs_det"] = _gap(tuple(mp.mpf(v) for v in by_x[x]["values"]), tuple(det))
                rows.remove(by_x[x])
        rows.append(row)
        if save is not None:
            save(rows)
    return rows


def main() -> None:
    path = Path(__file__).with_name("tw_reference.json")
    b, c = series_coefficients(16)
    if sys.argv[1:] == ["--beta4"]:  # recompute only the TW4 rows (about 10 minutes)
        kept = [row for row in json.loads(path.read_text())["rows"] if row["beta"] != 4]

        def save(new: list[dict[str, Any]]) -> None:
            text = json.dumps({"generator": "tests/data/make_tw_reference.py", "rows": kept + new}, indent=1)
            path.write_text(text + "\n")

        rows = kept + beta4_rows(b, c, save)
        save(rows[len(kept):])
        print("wrote", path, len(rows), "rows", file=sys.stderr)
        return
    rows: list[dict[str, Any]] = []
    started = time.time()
    for beta in (1, 2):
        for s in SERIES_POINTS:
            with mp.workdps(40):
                short = series_values(s, beta, b[:12], c[:12])
                full = series_values(s, beta, b, c)
                agree = _gap(short, full)
                rows.append({"s": s, "beta": beta, "method": "series", "dps": 40, "agree": agree,
                             "values": [mp.nstr(v, 20) for v in full]})
        for s in TRACE_POINTS:
            rows.append(trace_reference(s, beta))
        for s in DET_POINTS:
            rows.append(det_reference(s, beta))
            print(beta, s, rows[-1]["agree"], rows[-1]["nodes"], f"{time.time() - started:.0f}s", flush=True)
            if s == -12.0:
                with mp.workdps(40):
                    series = series_values(s, beta, b, c)
                    det = [mp.mpf(v) for v in rows[-1]["values"]]
                    rows[-1]["series_vs_det"] = _gap(series, tuple(det))
    rows += beta4_rows(b, c)
    path.write_text(json.dumps({"generator": "tests/data/make_tw_reference.py", "rows": rows}, indent=1) + "\n")
    print("wrote", path, len(rows), "rows", file=sys.stderr)


if __name__ == "__main__":
    main()
