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
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy import linalg

from theory._validate import FloatArray, finite_array, positive_finite, positive_int

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
    "train_mse",
]

TOLERANCE = 1e-12
MAX_STEPS = 300


def _data(name: str, value: ArrayLike, columns: int | None = None) -> FloatArray:
    arr = finite_array(name, value)
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
    wrong_columns = columns is not None and arr.shape[1] != columns
    if arr.ndim != 2 or arr.shape[0] != rows or arr.shape[1] < 1 or wrong_columns:
        k = "k" if columns is None else str(columns)
        raise ValueError(f"{name} must have shape ({rows},) or ({rows}, {k}) (one label per sample and label "
                         f"vector); got {arr.shape}")
    return arr


def kernels(X: ArrayLike, Y: ArrayLike | None = None) -> tuple[FloatArray, FloatArray]:
    """``(K_cos, K_sin)`` between the rows of ``X`` and ``Y`` (``Y = X`` if omitted).

    ``e^{-a} cosh(t) = (e^{t - a} + e^{-t - a}) / 2`` with ``a = (|x|^2 + |y|^2) / 2`` and
    ``t = <x, y>``: since ``|t| <= a`` both exponents are ``<= 0`` and nothing overflows.
    """
    left = _data("X", X)
    right = left if Y is None else _data("Y", Y, left.shape[1])
    half = 0.5 * (np.sum(left**2, axis=1)[:, None] + np.sum(right**2, axis=1)[None, :])
    inner = left @ right.T
    plus, minus = np.exp(inner - half), np.exp(-inner - half)
    return 0.5 * (plus + minus), 0.5 * (plus - minus)


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
    factor: tuple[FloatArray, bool] = linalg.cho_factor(matrix, lower=True, check_finite=False)
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
        omega = np.linalg.inv(jacobian)
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
    return lam**2 * (float(np.sum(qy * qy)) / (n * k) + second)


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
    return bias + variance


def train_mse(X: ArrayLike, y: ArrayLike, N: int, lam: float) -> float:
    """Asymptotic training MSE of RFF ridge regression (module docstring)."""
    data, kc, ks, features, ridge = _prepare(X, N, lam)
    labels = _labels("y", y, data.shape[0])
    return _train(_solve(kc, ks, features, ridge), kc, ks, labels, ridge)


def test_mse(X: ArrayLike, y: ArrayLike, X_test: ArrayLike, y_test: ArrayLike, N: int, lam: float) -> float:
    """Asymptotic test MSE of RFF ridge regression (module docstring)."""
    return errors(X, y, X_test, y_test, N, lam).test


def errors(X: ArrayLike, y: ArrayLike, X_test: ArrayLike, y_test: ArrayLike, N: int, lam: float) -> RFFErrors:
    """Training and test MSE from one fixed-point solve."""
    features = positive_int("N", N)
    ridge = positive_finite("lam", lam)
    problem = _problem(X, y, X_test, y_test)
    state = _solve(problem.kc, problem.ks, features, ridge)
    return RFFErrors(features, ridge, _train(state, problem.kc, problem.ks, problem.y, ridge),
                     _test(state, problem, features), state.point)


def double_descent_curve(X: ArrayLike, y: ArrayLike, X_test: ArrayLike, y_test: ArrayLike,
                         ratios: ArrayLike, lam: float) -> tuple[FloatArray, FloatArray]:
    """Training and test MSE at ``N = round(ratio * n)`` for each ratio ``N / n`` (kernels computed once)."""
    grid = finite_array("ratios", ratios).ravel()
    if grid.size < 1 or np.any(grid <= 0.0):
        raise ValueError("ratios must be a non-empty array of numbers > 0 (N / n)")
    ridge = positive_finite("lam", lam)
    problem = _problem(X, y, X_test, y_test)
    n = problem.y.shape[0]
    train, test = np.empty(grid.size), np.empty(grid.size)
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
    matrix[np.diag_indices_from(matrix)] += n * ridge / features
    coefficients = linalg.solve(matrix, problem.y, assume_a="pos")
    train = float(np.mean((problem.y - gram @ coefficients) ** 2))
    test = float(np.mean((problem.test_y - (problem.cross[0] + problem.cross[1]) @ coefficients) ** 2))
    return train, test


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
    train = ridge**2 * float(np.mean(qy * qy))
    test = float(np.mean((problem.test_y - state.ratio * (phi @ qy)) ** 2))
    return train, test


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
        factor: tuple[FloatArray, bool] = linalg.cho_factor(matrix, lower=True, check_finite=False)
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
