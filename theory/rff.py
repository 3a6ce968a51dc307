"""Random Fourier feature (RFF) ridge regression: deterministic equivalent, training and test MSE.

Conventions (scikit-learn): ``X`` is ``n x p`` with one sample per row, ``y`` has ``n`` labels,
``W`` is ``N x p`` with iid N(0, 1) entries and the ``2N`` real features of ``x`` are
``cos(W x)`` and ``sin(W x)``. With ``U = [cos(W X^T); sin(W X^T)]`` (``2N x n``) and ridge
``lam > 0``, the regressor is ``beta = U (U^T U / n + lam I)^{-1} y / n``; training predictions
are ``U^T beta`` and test predictions ``U_test^T beta``.

Deterministic equivalent (Liao, Couillet & Mahoney 2020, Theorem 1; Couillet & Liao 2022,
§5.5): over the draw of ``W`` the resolvent ``Q = (U^T U / n + lam I)^{-1}`` is close to

    Q_bar = ((N/n) (K_cos / (1 + d_cos) + K_sin / (1 + d_sin)) + lam I)^{-1},
    d_cos = tr(K_cos Q_bar) / n,   d_sin = tr(K_sin Q_bar) / n,

with ``K_cos(x, y) = exp(-(|x|^2 + |y|^2)/2) cosh(<x, y>)`` and ``K_sin`` the ``sinh``
analogue (``K_cos + K_sin`` is the Gaussian kernel ``exp(-|x - y|^2 / 2)``).

Training MSE (``../shared/reference/formulas.md``), with ``t(K, L) = tr(Q_bar K Q_bar L) / n``,
``D_a = 1 / (1 + d_a)``, ``A_ab = t(K_a, K_b) D_b^2`` and ``Omega = (I - (N/n) A)^{-1}``:

    E_train = lam^2 |Q_bar y|^2 / n
              + lam^2 (N/n) sum_ab D_a^2 tr(Q_bar K_a Q_bar)/n Omega_ab y^T Q_bar K_b Q_bar y / n.

Test MSE on ``(X_test, y_test)`` (``n_t`` points), with ``Phi = sum_a D_a K_a(X_test, X)``:

    E_test = |y_test - (N/n) Phi Q_bar y|^2 / n_t
             + (N/n)^2 / n_t sum_ab D_a^2 Theta_a Omega_ab y^T Q_bar K_b Q_bar y,
    Theta_a = tr K_a(X_test, X_test) / N + (N / n^2) tr(Q_bar Phi^T Phi Q_bar K_a)
              - (2 / n) tr(Phi Q_bar K_a(X, X_test)).

The test formula has the form of the paper's Theorem 3; it is derived here by the same
leave-one-feature-out expansion as the training MSE (second-order equivalent
``E[Q A Q] = Q_bar A Q_bar + (N/n) sum_a D_a^2 tr(K_a Q_bar A Q_bar)/n E[Q K_a Q]``) and reduces
to ``E_train`` exactly when ``X_test = X`` (checked in the tests). The agreement tests against
simulation are its judge.

The fixed point is solved by Newton's method on ``d - g(d)`` with ``g_a(d) = tr(K_a Q_bar(d))/n``;
its Jacobian is ``I - (N/n) A``, so the final step also yields ``Omega``. Each step factors
``Q_bar^{-1}`` once (Cholesky) and solves for ``K_cos`` and ``K_sin``: no explicit inverse.
Stopping rule: ``max_a |d_a - g_a(d)| <= 1e-12 (1 + max_a d_a)``, at most 300 steps.

**Where the MSE formulas end (issue 27; measured, benchmarks/fidelity27_rff.py).** The deterministic equivalent
needs every direction of the data to carry a vanishing share of ``<w, x>``'s variance: a finite-rank structure
in ``X`` (a class mean, a few dominant principal components) makes ``cos(X w)`` depend on O(1) random scalars
``<w, mu>`` that do not average out over the ``N`` features. The measurable criterion is the top-direction
energy share of the *centred* data, :func:`top_energy_share` ``r = |X_c|_op^2 / |X_c|_F^2`` (``X_c = X`` minus
its row mean; the simulated MSEs are exactly invariant under a common shift of ``X`` and ``X_test``, since the
cos/sin pair of each feature only rotates). For bulk data ``r ~ (p^{-1/2} + n^{-1/2})^2`` (0.016 at
``n = p = 256``); a class mean ``mu`` gives ``r ~ |mu|^2 / (1 + |mu|^2)`` at every ``n``. Relative error
(prediction / simulation - 1) of the training and test MSE, two-class mixture, ``p = n``, ``lam = 1e-2``,
512 draws of ``W``, the same at ``n = 256`` and ``n = 512`` (not a finite-size effect):

    r ~ 0.008-0.016 (|mu| = 0):  train -1.3% .. +0.1%,  test +0.04% .. +0.18%
    r ~ 0.045 (|mu| = 0.2):      train -0.4% .. +2.1%,  test +0.6% .. +1.9%
    r ~ 0.088 (|mu| = 0.3):      train +1.1% .. +5.3%,  test +3.0% .. +4.2%
    r ~ 0.14  (|mu| = 0.4):      train +3.4% .. +9.7%,  test +6.3% .. +9.0%
    r ~ 0.20  (|mu| = 0.5):      train +6.6% .. +15.2%, test +10.6% .. +14.9%

(first number at ``N/n = 0.5``, second at ``N/n = 0.25``; SE 0.07-1.1%). :func:`train_mse`, :func:`test_mse`,
:func:`errors` and :func:`double_descent_curve` therefore emit :class:`theory.RegimeWarning` when
``r > REGIME_MAX_SHARE = 0.05`` (errors of 2% and more; the value is still returned). A common uncentred
mean does not trigger it: with ``|m| = 0.25, 0.5, 1`` added to every row the prediction moves by at most
+0.9% (test, ``N/n = 0.5``) and the training MSE by less than 0.1%. The fixed point is not affected the same
way (``rff.fixed_point`` holds to 0.21% with ``|mu| <= 0.3``, docs/rff.md) and :func:`fixed_point` does not warn.

**Small ridge, ``N/n >= 1`` (issue 27).** There the simulated training MSE sits *above* the prediction by a
finite-size amount that falls roughly like ``1/n`` (bounded data, ``p = n``, ``|mu| = 0``, 16 label vectors,
256 draws, SE 0.2-0.6%): prediction / simulation - 1 = -5.6%, -1.9%, -1.1% at ``N/n = 1``, ``lam = 1e-3``
and ``n = 128, 256, 512`` (``n`` times it: -720, -485, -580); -4.6%, -1.5%, -0.9% at ``lam = 1e-2``;
-1.9%, -0.9%, -0.6% at ``N/n = 2`` (``n = 128, 256, 512``). The test MSE is within 1.1% at ``n = 128`` and
0.25% from ``n = 256`` on. No missing term was found (the deficit shrinks with ``n``); the issue's ~2% at
``n = 512`` and 1024 (other ``p/n``) was not reproduced at ``p = n``. Expect the training MSE there to be
underestimated by about ``600 / n`` percent (docs/rff.md).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy import linalg
from scipy.sparse import linalg as sparse_linalg

from theory._validate import FloatArray, finite_array, finite_result, positive_finite, positive_int
from theory._warnings import RegimeWarning

__all__ = [
    "FixedPoint",
    "RFFErrors",
    "double_descent_curve",
    "errors",
    "fixed_point",
    "gaussian_kernel_limit",
    "kernels",
    "ridgeless_peak_ratio",
    "test_mse",
    "top_energy_share",
    "train_mse",
]

TOLERANCE = 1e-12
MAX_STEPS = 300
_HUGE = 2.0**500  # entries above this square to more than 1e300

#: :func:`train_mse`, :func:`test_mse`, :func:`errors` and :func:`double_descent_curve` warn
#: (:class:`theory.RegimeWarning`) above this top-direction energy share of the centred data (module docstring:
#: 2% error at 0.045, 5% at 0.09, 15% at 0.2).
REGIME_MAX_SHARE = 0.05
_DENSE_SIDE = 256  # below this smaller side the top singular value comes from a dense SVD


def _data(name: str, value: ArrayLike, columns: int | None = None) -> FloatArray:
    arr = finite_array(name, value, ndim=2)
    if arr.ndim != 2 or arr.shape[0] < 1 or arr.shape[1] < 1:
        raise ValueError(f"{name} must be a 2-d array (samples x features); got shape {arr.shape}")
    if columns is not None and arr.shape[1] != columns:
        raise ValueError(f"{name} must have {columns} columns (the data dimension p); got {arr.shape[1]}")
    return arr


def _labels(name: str, value: ArrayLike, rows: int, columns: int | None = None) -> FloatArray:
    """Labels as an ``rows x k`` matrix: shape ``(rows,)`` (one label vector, ``k = 1``) or
    ``(rows, k)`` (``k`` label vectors; every MSE is then the mean over the ``k`` columns — all the
    formulas are quadratic in the labels, so the mean of the per-column predictions is exact)."""
    arr = finite_array(name, value)
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2:
        raise ValueError(f"{name} must have shape ({rows},) or ({rows}, k); got shape {arr.shape}")
    wrong_columns = columns is not None and arr.shape[1] != columns
    if arr.ndim != 2 or arr.shape[0] != rows or arr.shape[1] < 1 or wrong_columns:
        k = "k" if columns is None else str(columns)
        raise ValueError(f"{name} must have shape ({rows},) or ({rows}, {k}) (one label per sample and label "
                         f"vector); got {arr.shape}")
    return arr


def kernels(X: ArrayLike, Y: ArrayLike | None = None) -> tuple[FloatArray, FloatArray]:
    """``(K_cos, K_sin)`` between the rows of ``X`` and ``Y`` (``Y = X`` if omitted).

    ``e^{-a} cosh(t) = (e^{t - a} + e^{-t - a}) / 2`` with ``a = (|x|^2 + |y|^2) / 2`` and
    ``t = <x, y>``: since ``|t| <= a`` both exponents are ``<= 0`` and nothing overflows. For entries
    above ``2^500`` (where ``|x|^2`` overflows) the exponents are taken in their exact form
    ``t - a = -|x - y|^2 / 2``, ``-t - a = -|x + y|^2 / 2`` from rows scaled by a power of two.
    """
    left = _data("X", X)
    right = left if Y is None else _data("Y", Y, left.shape[1])
    scale = max(float(np.max(np.abs(left))), float(np.max(np.abs(right))))
    if scale > _HUGE:
        step = math.ldexp(1.0, math.frexp(scale)[1] - 1)  # a power of two: exact scaling to |entries| < 2
        a, b = left / step, right / step
        with np.errstate(over="ignore"):
            lower = -0.5 * (np.sum((a[:, None, :] - b[None, :, :]) ** 2, axis=2) * step) * step
            upper = -0.5 * (np.sum((a[:, None, :] + b[None, :, :]) ** 2, axis=2) * step) * step
        plus, minus = np.exp(lower), np.exp(upper)
        return 0.5 * (plus + minus), 0.5 * (plus - minus)
    half = 0.5 * (np.sum(left**2, axis=1)[:, None] + np.sum(right**2, axis=1)[None, :])
    inner = left @ right.T
    plus, minus = np.exp(inner - half), np.exp(-inner - half)
    return 0.5 * (plus + minus), 0.5 * (plus - minus)


def top_energy_share(X: ArrayLike) -> float:
    """``|X_c|_op^2 / |X_c|_F^2``: the share of the centred data's energy in its top direction.

    ``X_c`` is ``X`` (``n x p``, one sample per row) minus its row mean. In ``[1 / min(n, p), 1]``; 1 when all rows
    are equal (``X_c = 0``: nothing for the deterministic equivalent to average). The regime criterion of the MSE
    formulas (module docstring): above ``REGIME_MAX_SHARE`` they warn. The top singular value comes from a
    dense SVD for ``min(n, p) < 256`` and from Lanczos (ARPACK, relative tolerance 1e-6, a fixed start vector:
    deterministic) above.
    """
    data = _data("X", X)
    centred = data - np.mean(data, axis=0)[None, :]
    peak = float(np.max(np.abs(centred)))
    if peak == 0.0:
        return 1.0
    centred = centred / peak  # scale-free: no overflow of the squares for entries near 1e308
    total = float(np.sum(centred * centred))
    if min(centred.shape) < _DENSE_SIDE:
        top = float(np.linalg.norm(centred, 2)) ** 2
    else:
        gram = sparse_linalg.LinearOperator((centred.shape[1], centred.shape[1]),
                                            matvec=lambda v: centred.T @ (centred @ v), dtype=np.float64)
        start = np.cos(np.arange(1, centred.shape[1] + 1, dtype=np.float64))  # fixed, no hidden randomness
        top = float(sparse_linalg.eigsh(gram, k=1, which="LA", v0=start, tol=1e-6,
                                        return_eigenvectors=False)[0])
    return min(1.0, top / total)


def _regime_check(X: FloatArray, where: str) -> None:
    """Warn (:class:`theory.RegimeWarning`) where the top-direction energy share exceeds the validated range."""
    share = top_energy_share(X)
    if share > REGIME_MAX_SHARE:
        warnings.warn(f"{where}: X has top-direction energy share |X_c|_op^2 / |X_c|_F^2 = {share:.3g} > "
                      f"{REGIME_MAX_SHARE} (a class mean or other finite-rank structure): the deterministic "
                      "equivalent's MSEs are measured 2-15% high for shares 0.045-0.2 (theory.rff docstring)",
                      RegimeWarning, stacklevel=3)


@dataclass(frozen=True)
class FixedPoint:
    """The solution ``(d_cos, d_sin)`` and what the MSE formulas reuse."""

    delta_cos: float
    delta_sin: float
    steps: int
    residual: float


@dataclass(frozen=True)
class _State:
    """Q_bar's Cholesky factor and the pieces shared by the MSE formulas."""

    factor: tuple[FloatArray, bool]
    solved: tuple[FloatArray, FloatArray]  # Q_bar K_cos, Q_bar K_sin
    weights: FloatArray  # D_a = 1 / (1 + d_a)
    omega: FloatArray
    ratio: float
    point: FixedPoint


def _factor(kc: FloatArray, ks: FloatArray, delta: FloatArray, ratio: float,
            lam: float) -> tuple[FloatArray, bool]:
    matrix = ratio * (kc / (1.0 + delta[0]) + ks / (1.0 + delta[1]))
    matrix[np.diag_indices_from(matrix)] += lam
    return _cholesky(matrix, lam)


def _cholesky(matrix: FloatArray, lam: float) -> tuple[FloatArray, bool]:
    """Cholesky factor of a resolvent's inverse; ``ValueError`` naming ``lam`` and ``N`` where float64
    cannot factor it (a ridge far below the rounding level of the kernel matrix, or non-finite entries)."""
    try:
        if not np.all(np.isfinite(matrix)):
            raise np.linalg.LinAlgError("non-finite entries")
        factor: tuple[FloatArray, bool] = linalg.cho_factor(matrix, lower=True, check_finite=False)
    except np.linalg.LinAlgError as exc:
        raise ValueError(f"lam={lam!r} (with N and X): the matrix (N/n) K / (1 + d) + lam I cannot be factored "
                         f"in float64 ({exc}); use a larger lam") from exc
    return factor


def _solve_with(factor: tuple[FloatArray, bool], rhs: FloatArray) -> FloatArray:
    solved: FloatArray = linalg.cho_solve(factor, rhs, check_finite=False)
    return solved


def _solve(kc: FloatArray, ks: FloatArray, N: int, lam: float) -> _State:
    """Newton with backtracking: a step that does not lower the residual is halved (down to
    1/1024, then the plain fixed-point step is taken); where the Jacobian ``I - (N/n) A`` is not
    positive (far from the solution, where ``g`` is expanding) the plain step ``d <- g(d)`` is
    taken (the plain map is monotone and its iterates from 0 increase to the solution)."""
    n = kc.shape[0]
    ratio = N / n
    delta = np.zeros(2)
    trial: tuple[FloatArray, FloatArray, FloatArray, float, float] | None = None  # base, image, step, t, residual
    for step in range(1, MAX_STEPS + 1):
        factor = _factor(kc, ks, delta, ratio, lam)
        solved = (_solve_with(factor, kc), _solve_with(factor, ks))
        image = np.array([np.trace(solved[0]), np.trace(solved[1])]) / n
        residual = float(np.max(np.abs(delta - image)))
        if trial is not None and residual > trial[4]:
            base, base_image, direction, t, base_residual = trial
            if t > 1.0 / 1024.0:
                trial = (base, base_image, direction, t / 2.0, base_residual)
                delta = np.maximum(base + (t / 2.0) * direction, 0.0)
            else:
                trial = None
                delta = base_image
            continue
        weights = 1.0 / (1.0 + delta)
        # t(K_a, K_b) = tr(Q K_a Q K_b) / n = sum(A_a * A_b^T) / n with A_a = Q K_a
        t_matrix = np.array([[np.sum(x * y.T) for y in solved] for x in solved]) / n
        jacobian = np.eye(2) - ratio * t_matrix * weights[None, :] ** 2
        try:
            omega = np.linalg.inv(jacobian)
        except np.linalg.LinAlgError as exc:
            raise ValueError(f"lam={lam!r}, N={N!r}: the fixed-point Jacobian is singular in float64") from exc
        if residual <= TOLERANCE * (1.0 + float(np.max(delta))):
            point = FixedPoint(float(delta[0]), float(delta[1]), step, residual)
            return _State(factor, solved, weights, omega, ratio, point)
        if np.all(np.linalg.eigvals(jacobian).real > 0.0):
            # Newton on F(d) = d - g(d): F' = I - (N/n) A = Omega^{-1}.
            direction = -omega @ (delta - image)
            trial = (delta, image, direction, 1.0, residual)
            delta = np.maximum(delta + direction, 0.0)
        else:
            # g is expanding here and its iterates increase monotonically towards the solution:
            # an over-relaxed step (twice the plain increment) halves the number of such steps;
            # an overshoot lands where the Jacobian is positive and Newton takes over.
            trial = None
            delta = np.maximum(image + (image - delta), image)
    raise ValueError(f"the fixed point did not converge in {MAX_STEPS} steps (lam={lam!r}, N={N!r})")


def _prepare(X: ArrayLike, N: int, lam: float) -> tuple[FloatArray, FloatArray, FloatArray, int, float]:
    data = _data("X", X)
    features = positive_int("N", N)
    ridge = positive_finite("lam", lam)
    kc, ks = kernels(data)
    return data, kc, ks, features, ridge


def fixed_point(X: ArrayLike, N: int, lam: float) -> FixedPoint:
    """``(d_cos, d_sin)`` of the deterministic equivalent (module docstring); ``lam > 0``, ``N >= 1``."""
    _, kc, ks, features, ridge = _prepare(X, N, lam)
    return _solve(kc, ks, features, ridge).point


def _quadratic_forms(state: _State, kc: FloatArray, ks: FloatArray,
                     y: FloatArray) -> tuple[FloatArray, FloatArray]:
    """``Q_bar y`` and ``(y^T Q_bar K_a Q_bar y)_a``."""
    qy = _solve_with(state.factor, y)
    k = y.shape[1]
    return qy, np.array([np.sum(qy * (kc @ qy)), np.sum(qy * (ks @ qy))]) / k


@dataclass(frozen=True)
class RFFErrors:
    """Asymptotic training and test MSE at one ``(N, lam)``, with the fixed point used."""

    N: int
    lam: float
    train: float
    test: float
    point: FixedPoint


@dataclass(frozen=True)
class _Problem:
    """Validated training and test data with every kernel matrix the formulas use (computed once)."""

    y: FloatArray
    test_y: FloatArray
    kc: FloatArray
    ks: FloatArray
    cross: tuple[FloatArray, FloatArray]  # K_cos(X_test, X), K_sin(X_test, X)
    test_traces: tuple[float, float]  # tr K_cos(X_test, X_test), tr K_sin(X_test, X_test)


def _problem(X: ArrayLike, y: ArrayLike, X_test: ArrayLike, y_test: ArrayLike) -> _Problem:
    data = _data("X", X)
    test_data = _data("X_test", X_test, data.shape[1])
    kc, ks = kernels(data)
    # K_cos(x, x) = (1 + e^{-2|x|^2}) / 2 and K_sin(x, x) = (1 - e^{-2|x|^2}) / 2
    with np.errstate(over="ignore"):
        decay = np.exp(-2.0 * np.sum(test_data**2, axis=1))
    labels = _labels("y", y, data.shape[0])
    return _Problem(
        y=labels,
        test_y=_labels("y_test", y_test, test_data.shape[0], labels.shape[1]),
        kc=kc,
        ks=ks,
        cross=kernels(test_data, data),
        test_traces=(float(np.sum(0.5 * (1.0 + decay))), float(np.sum(0.5 * (1.0 - decay)))),
    )


def _train(state: _State, kc: FloatArray, ks: FloatArray, y: FloatArray, lam: float, *,
           misplaced: bool = False) -> float:
    n, k = int(y.shape[0]), int(y.shape[1])
    qy, forms = _quadratic_forms(state, kc, ks, y)
    # tr(Q K_a Q) / n: Q (A_a)^T = Q K_a Q with A_a = Q K_a.
    traces = np.array([np.trace(_solve_with(state.factor, a.T)) for a in state.solved]) / n
    weights2 = state.weights**2
    if misplaced:  # D_a^2 on the other side of Omega (a registered wrong variant)
        second = state.ratio * float(traces @ state.omega @ (weights2 * forms)) / n
    else:
        second = state.ratio * float((weights2 * traces) @ state.omega @ forms) / n
    # lam * (lam * x), not lam**2 * x: a plain-float power overflows (OverflowError) for lam > 1.3e154
    scaled = lam * qy  # lam Q y = O(y) even where Q y underflows (huge lam)
    value = float(np.sum(scaled * scaled)) / (n * k) + lam * (lam * second)
    return finite_result(value, "y, lam (the training MSE exceeds 1.8e308)")


def _test(state: _State, problem: _Problem, N: int, *, misplaced: bool = False) -> float:
    n, columns, n_test = int(problem.y.shape[0]), int(problem.y.shape[1]), int(problem.test_y.shape[0])
    tc, ts = problem.cross
    phi = state.weights[0] * tc + state.weights[1] * ts
    qy, forms = _quadratic_forms(state, problem.kc, problem.ks, problem.y)
    bias = float(np.sum((problem.test_y - state.ratio * (phi @ qy)) ** 2)) / (n_test * columns)
    b = _solve_with(state.factor, phi.T).T  # Phi Q_bar, n_test x n
    theta = np.array([
        trace / N + (N / n**2) * float(np.sum(b * (b @ k))) - (2.0 / n) * float(np.sum(b * cross))
        for trace, k, cross in zip(problem.test_traces, (problem.kc, problem.ks), (tc, ts), strict=True)
    ])
    weights2 = state.weights**2
    if misplaced:  # D_a^2 on the other side of Omega: Theta^T Omega D^2 f (a registered wrong variant)
        variance = state.ratio**2 * float(theta @ state.omega @ (weights2 * forms)) / n_test
    else:
        variance = state.ratio**2 * float((weights2 * theta) @ state.omega @ forms) / n_test
    return finite_result(bias + variance, "y, y_test (the test MSE exceeds 1.8e308)")


def train_mse(X: ArrayLike, y: ArrayLike, N: int, lam: float) -> float:
    """Asymptotic training MSE of RFF ridge regression (module docstring); a :class:`theory.RegimeWarning`
    where :func:`top_energy_share` exceeds ``REGIME_MAX_SHARE``, and 1/n-sized excess of the simulation at
    small ridge and ``N/n >= 1`` (module docstring)."""
    data, kc, ks, features, ridge = _prepare(X, N, lam)
    labels = _labels("y", y, data.shape[0])
    _regime_check(data, "train_mse")
    return _train(_solve(kc, ks, features, ridge), kc, ks, labels, ridge)


def test_mse(X: ArrayLike, y: ArrayLike, X_test: ArrayLike, y_test: ArrayLike, N: int, lam: float) -> float:
    """Asymptotic test MSE of RFF ridge regression (module docstring; warns as :func:`errors`)."""
    return errors(X, y, X_test, y_test, N, lam).test


def errors(X: ArrayLike, y: ArrayLike, X_test: ArrayLike, y_test: ArrayLike, N: int, lam: float) -> RFFErrors:
    """Training and test MSE from one fixed-point solve; a :class:`theory.RegimeWarning` where
    :func:`top_energy_share` of ``X`` exceeds ``REGIME_MAX_SHARE`` (module docstring: 2-15% off)."""
    features = positive_int("N", N)
    ridge = positive_finite("lam", lam)
    problem = _problem(X, y, X_test, y_test)
    _regime_check(_data("X", X), "errors")
    state = _solve(problem.kc, problem.ks, features, ridge)
    return RFFErrors(features, ridge, _train(state, problem.kc, problem.ks, problem.y, ridge),
                     _test(state, problem, features), state.point)


def double_descent_curve(X: ArrayLike, y: ArrayLike, X_test: ArrayLike, y_test: ArrayLike,
                         ratios: ArrayLike, lam: float) -> tuple[FloatArray, FloatArray]:
    """Training and test MSE at ``N = max(1, round(ratio * n))`` for each ratio ``N / n`` (kernels computed once);
    warns as :func:`errors`."""
    grid = finite_array("ratios", ratios).ravel()
    if grid.size < 1 or np.any(grid <= 0.0):
        raise ValueError("ratios must be a non-empty array of numbers > 0 (N / n)")
    ridge = positive_finite("lam", lam)
    problem = _problem(X, y, X_test, y_test)
    _regime_check(_data("X", X), "double_descent_curve")
    n = problem.y.shape[0]
    train, test = np.empty(grid.size), np.empty(grid.size)
    if float(np.max(grid)) * n > 2.0**62:
        raise ValueError(f"ratios must be at most 2**62 / n (N = ratio n features); got max {np.max(grid)!r}")
    for i, ratio in enumerate(grid):
        features = max(1, round(float(ratio) * n))
        state = _solve(problem.kc, problem.ks, features, ridge)
        train[i] = _train(state, problem.kc, problem.ks, problem.y, ridge)
        test[i] = _test(state, problem, features)
    return train, test


def gaussian_kernel_limit(X: ArrayLike, y: ArrayLike, X_test: ArrayLike, y_test: ArrayLike, N: int,
                          lam: float) -> tuple[float, float]:
    """``(train, test)`` MSE of kernel ridge regression with the Gaussian kernel and ridge ``(n/N) lam``.

    The ``N / n -> inf`` limit of RFF regression: ``U^T U / n -> (N/n) K``, so the predictor
    tends to ``K(X_test, X) (K + (n/N) lam I)^{-1} y`` (Rahimi & Recht 2008). At finite ``N/n``
    it is the naive prediction that ignores ``d_cos`` and ``d_sin``.
    """
    features = positive_int("N", N)
    ridge = positive_finite("lam", lam)
    problem = _problem(X, y, X_test, y_test)
    n = problem.y.shape[0]
    gram = problem.kc + problem.ks
    matrix = gram.copy()
    shift = finite_result(n * (ridge / features), "lam (n lam / N exceeds 1.8e308)")
    matrix[np.diag_indices_from(matrix)] += shift
    try:
        coefficients = linalg.solve(matrix, problem.y, assume_a="pos")
    except np.linalg.LinAlgError as exc:
        raise ValueError(f"lam={lam!r}, N={N!r}: K + (n/N) lam I cannot be factored in float64") from exc
    train = float(np.mean((problem.y - gram @ coefficients) ** 2))
    test = float(np.mean((problem.test_y - (problem.cross[0] + problem.cross[1]) @ coefficients) ** 2))
    return finite_result((train, test), "y, y_test, lam (an MSE exceeds 1.8e308)")


def ridgeless_peak_ratio(*, n: int, p: int) -> float:
    """``N / n = 1/2``: the ridgeless test MSE peaks where the ``2N`` features equal the ``n`` samples.

    Independent of the data dimension ``p`` (Liao, Couillet & Mahoney 2020, §4: the interpolation
    threshold of the ``2N``-feature model).
    """
    positive_int("n", n)
    positive_int("p", p)
    return 0.5


def first_order_errors(X: ArrayLike, y: ArrayLike, X_test: ArrayLike, y_test: ArrayLike, N: int,
                       lam: float) -> tuple[float, float]:
    """``(train, test)`` with ``Q`` replaced by ``Q_bar`` inside the squared errors.

    ``lam^2 |Q_bar y|^2 / n`` and ``|y_test - (N/n) Phi Q_bar y|^2 / n_t``: the second-order
    (``Omega``) terms dropped. Not a valid prediction; registered as a wrong variant.
    """
    features = positive_int("N", N)
    ridge = positive_finite("lam", lam)
    problem = _problem(X, y, X_test, y_test)
    state = _solve(problem.kc, problem.ks, features, ridge)
    qy = _solve_with(state.factor, problem.y)
    phi = state.weights[0] * problem.cross[0] + state.weights[1] * problem.cross[1]
    train = float(np.mean((ridge * qy) ** 2))
    test = float(np.mean((problem.test_y - state.ratio * (phi @ qy)) ** 2))
    return finite_result((train, test), "y, y_test, lam (an MSE exceeds 1.8e308)")


def misplaced_errors(X: ArrayLike, y: ArrayLike, X_test: ArrayLike, y_test: ArrayLike, N: int,
                     lam: float) -> RFFErrors:
    """Training and test MSE with ``D_a^2`` on the wrong side of ``Omega``.

    ``sum_ab t_a Omega_ab D_b^2 f_b`` (train) and ``sum_ab Theta_a Omega_ab D_b^2 f_b`` (test) in place
    of ``sum_ab D_a^2 t_a Omega_ab f_b``: the two coincide when ``D_cos = D_sin`` or ``Omega`` is
    diagonal. Not a valid prediction; registered as a near-miss variant (4-10% off where the claims
    draw, docs/rff.md).
    """
    features = positive_int("N", N)
    ridge = positive_finite("lam", lam)
    problem = _problem(X, y, X_test, y_test)
    state = _solve(problem.kc, problem.ks, features, ridge)
    return RFFErrors(features, ridge,
                     _train(state, problem.kc, problem.ks, problem.y, ridge, misplaced=True),
                     _test(state, problem, features, misplaced=True), state.point)


def large_delta_fixed_point(X: ArrayLike, N: int, lam: float) -> FixedPoint:
    """The fixed point with ``K_a / d_a`` in place of ``K_a / (1 + d_a)`` (the large-``d`` approximation).

    ``d_a = tr(K_a Q')/n``, ``Q' = ((N/n)(K_cos/d_cos + K_sin/d_sin) + lam I)^{-1}``, solved by the plain
    iteration from the claim's solution. Its relative distance to the claim is about ``1/d``. Not a
    valid prediction; registered as a near-miss variant.
    """
    _, kc, ks, features, ridge = _prepare(X, N, lam)
    point = _solve(kc, ks, features, ridge).point
    n = kc.shape[0]
    delta = np.array([point.delta_cos, point.delta_sin])
    residual = np.inf
    for step in range(1, 10 * MAX_STEPS + 1):
        matrix = (features / n) * (kc / delta[0] + ks / delta[1])
        matrix[np.diag_indices_from(matrix)] += ridge
        factor = _cholesky(matrix, ridge)
        image = np.array([np.trace(_solve_with(factor, kc)), np.trace(_solve_with(factor, ks))]) / n
        residual = float(np.max(np.abs(image - delta)))
        delta = image
        if residual <= TOLERANCE * (1.0 + float(np.max(delta))):
            return FixedPoint(float(delta[0]), float(delta[1]), step, residual)
    raise ValueError(f"the large-d fixed point did not converge (lam={lam!r}, N={N!r})")


def shared_fixed_point(X: ArrayLike, N: int, lam: float) -> FixedPoint:
    """The fixed point with one shared ``d`` (features treated as ``2N`` iid with kernel ``K / 2``).

    ``d = tr((K/2) Q_bar) / n`` with ``Q_bar = ((2N/n)(K/2)/(1 + d) + lam I)^{-1}``, ``K = K_cos + K_sin``.
    Not a valid prediction; registered as a wrong variant.
    """
    _, kc, ks, features, ridge = _prepare(X, N, lam)
    half = 0.5 * (kc + ks)
    return _solve(half, half.copy(), features, ridge).point
