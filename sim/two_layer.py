"""A two-layer student trained on a single-index teacher by full-batch GD or FB-Adam (torch).

Setup of Kothapalli et al., "From Spikes to Heavy Tails" (source document 002, §3 and
appendix F), as summarised in ``shared/reference/formulas.md``:

* teacher ``y = softplus(<beta, x>) + noise``, ``beta`` uniform on the unit sphere,
  ``x ~ N(0, I_d)``, noise ``N(0, noise_std^2)``;
* student ``f(x) = a^T tanh(W x / sqrt d) / sqrt h`` with ``W`` (``h x d``) and ``a`` iid
  ``N(0, 1)`` (NTK initialisation); ``init="mean_field"`` draws ``W ~ N(0, 1/d)`` and
  ``a ~ N(0, 1/h)`` and uses ``f(x) = a^T tanh(W x) / sqrt h`` (Ba et al. 2022, §2; the
  source document's appendix D equation did not survive text extraction);
* loss ``L(W) = mean_i (f(x_i) - y_i)^2`` over the full batch, only ``W`` trained, ``a`` fixed;
* GD: ``W <- W - lr G``; FB-Adam: ``torch.optim.Adam`` semantics (``beta1 = 0.9``,
  ``beta2 = 0.999``, ``eps = 1e-8``, bias-corrected), so the first step is
  ``-lr G / (|G| + eps)``;
* options of appendix F.4: weight normalisation (``weight_norm=True``) and a StepLR schedule
  (``lr * gamma^t`` at step ``t``). ``weight_norm_kind="rows_after"`` (the default, our reading of the
  paper, whose equation was lost in extraction) rescales each row of ``W`` to its initial expected
  norm (``sqrt d`` for NTK) after each step; ``"frobenius_before"`` is the authors' code
  (single-index-ht): the whole matrix rescaled to ``|W|_F = sqrt(h d)`` (NTK; ``row_norm sqrt h`` in
  general) before each step, so the last step is not normalised;
* readout: ridge regression on a hold-out set of the same size,
  ``a_hat = (Z^T Z + (lam/h) n I)^{-1} Z^T y``, and a test set of 200 samples, on the features
  ``Z = tanh(X W^T / sqrt d) / sqrt h`` (``readout_features="paper"``, the paper's formula, the
  default) or ``Z = tanh(X W^T / d) / sqrt h`` (``"code"``: the authors' code divides the first
  layer's output by ``sqrt d`` in place in its forward pass and its feature probe divides the hooked
  copy by ``sqrt d`` again, so its readout sees almost-linear features; issue 27). The training
  gradient uses the paper's scaling in both settings.

The Adam ``eps`` defaults to torch's ``1e-8``; the sign-update formulas of ``theory.adam_step`` and
``theory.adam_alignment`` are the ``eps = 0`` limit (``SIGN_EPS``), which the claims that check them
pass explicitly (docs/adam.md, "eps").

Every array carries a leading batch dimension ``R`` (independent replicates) so that small
one-step experiments run as a few large matrix products. Float64 by default; all randomness
comes from the ``torch.Generator`` passed in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np
import torch
from numpy.typing import NDArray

from sim import _validate as check
from sim.device import DEFAULT_DTYPE, generator
from sim.linalg import top_singular_values
from theory._validate import flag, nonneg_int, option, positive_finite, positive_int, real_scalar
from theory.power_law_fit import alpha_hill, alpha_ks

FloatArray = NDArray[np.float64]
Optimizer = Literal["adam", "gd"]
Init = Literal["ntk", "mean_field"]
OPTIMIZERS: tuple[str, ...] = ("adam", "gd")
INITS: tuple[str, ...] = ("ntk", "mean_field")
ADAM_BETAS = (0.9, 0.999)
ADAM_EPS = 1e-8
#: ``eps`` of the sign update ``sign(G0)`` that the one-step closed forms assume.
SIGN_EPS = 0.0
ReadoutFeatures = Literal["paper", "code"]
WeightNormKind = Literal["rows_after", "frobenius_before"]
#: The readout feature scalings, the paper's ``tanh(X W^T / sqrt d) / sqrt h`` and the authors' code's
#: ``tanh(X W^T / d) / sqrt h`` (source document 002's repository single-index-ht; issue 27).
READOUT_FEATURES: tuple[str, ...] = ("paper", "code")
#: The weight normalisations, each row to its initial expected norm after each step (our reading of the paper,
#: appendix F.4) or the whole matrix to ``|W|_F = sqrt(h d)`` before each step (the authors' code).
WEIGHT_NORM_KINDS: tuple[str, ...] = ("rows_after", "frobenius_before")
#: Smallest width ``min(h, d)`` a training run accepts: its metrics fit a power law (``alpha_ks``) to the
#: ``min(h, d)`` eigenvalues of ``W^T W``, which needs at least 3.
MIN_TRAIN_WIDTH = 3
#: Smallest ``min(h, d)`` of a one-step experiment: it reports the second singular value of ``W1``.
MIN_ONE_STEP_WIDTH = 2


def _nonneg(name: str, value: float) -> float:
    return check.nonneg(name, value)


def check_optimizer(optimizer: str) -> Optimizer:
    """``optimizer`` if it is ``'adam'`` or ``'gd'``, else ``ValueError``."""
    return "adam" if option("optimizer", optimizer, OPTIMIZERS) == "adam" else "gd"


def _betas(betas: tuple[float, float]) -> tuple[float, float]:
    """Adam's ``(beta1, beta2)``: a tuple or list of two real numbers in ``[0, 1)``."""
    if not isinstance(betas, (tuple, list)) or len(betas) != 2:
        raise ValueError(f"betas must be a pair (beta1, beta2) of numbers in [0, 1); got {betas!r}")
    b1, b2 = (real_scalar("betas", b) for b in betas)
    if not (0.0 <= b1 < 1.0 and 0.0 <= b2 < 1.0):
        raise ValueError(f"betas must be two numbers in [0, 1); got {betas!r}")
    return b1, b2


@dataclass(frozen=True)
class TwoLayerConfig:
    """Sizes and training options; every field is validated (``ValueError`` names the field)."""

    n: int
    h: int
    d: int
    optimizer: str = "adam"
    lr: float = 0.1
    steps: int = 1
    noise_std: float = 0.3
    init: str = "ntk"
    ridge: float = 0.01
    n_test: int = 200
    weight_norm: bool = False
    lr_decay: float = 1.0
    eps: float = ADAM_EPS
    betas: tuple[float, float] = ADAM_BETAS
    readout_features: str = "paper"
    weight_norm_kind: str = "rows_after"

    def __post_init__(self) -> None:
        for name in ("n", "h", "d", "steps", "n_test"):
            check.size(name, getattr(self, name))
        for name in ("h", "d"):
            if getattr(self, name) < MIN_TRAIN_WIDTH:
                raise ValueError(f"{name} must be an integer >= {MIN_TRAIN_WIDTH} "
                                 f"(allowed range {MIN_TRAIN_WIDTH}, "
                                 f"{MIN_TRAIN_WIDTH + 1}, ...): the metrics fit a power law to the min(h, d) "
                                 f"eigenvalues of W^T W; got {getattr(self, name)!r}")
        check_optimizer(self.optimizer)
        positive_finite("lr", self.lr)
        _nonneg("noise_std", self.noise_std)
        positive_finite("ridge", self.ridge)
        _nonneg("eps", self.eps)
        option("init", self.init, INITS)
        flag("weight_norm", self.weight_norm)
        option("readout_features", self.readout_features, READOUT_FEATURES)
        option("weight_norm_kind", self.weight_norm_kind, WEIGHT_NORM_KINDS)
        if not (0.0 < real_scalar("lr_decay", self.lr_decay) <= 1.0):
            raise ValueError(f"lr_decay must lie in (0, 1]; got {self.lr_decay!r}")
        _betas(self.betas)


@dataclass(frozen=True)
class Problem:
    """Teacher direction and the three data sets (batched: leading dimension ``R``)."""

    beta: torch.Tensor  # (R, d)
    X: torch.Tensor  # (R, n, d): training set for the first layer
    y: torch.Tensor  # (R, n)
    X_hold: torch.Tensor  # (R, n, d): hold-out set for the ridge readout
    y_hold: torch.Tensor
    X_test: torch.Tensor  # (R, n_test, d)
    y_test: torch.Tensor


@dataclass(frozen=True)
class Student:
    """First-layer weights ``W`` (``R x h x d``), fixed second layer ``a`` (``R x h``) and the scales
    ``f(x) = out_scale a^T tanh(in_scale W x)``."""

    W: torch.Tensor
    a: torch.Tensor
    in_scale: float
    out_scale: float
    row_norm: float  # the expected row norm at initialisation (weight normalisation target)


def _normal(shape: tuple[int, ...], gen: torch.Generator) -> torch.Tensor:
    return torch.randn(shape, generator=gen, device=gen.device, dtype=DEFAULT_DTYPE)


def teacher_labels(X: torch.Tensor, beta: torch.Tensor, noise_std: float, gen: torch.Generator) -> torch.Tensor:
    """``softplus(X beta) + noise_std * N(0, 1)``, batched over the leading dimension.

    ``X`` is ``(R, n, d)`` and ``beta`` ``(R, d)``, finite float64 tensors on ``gen``'s device; ``noise_std >= 0``
    finite. ``ValueError`` if the labels leave the float64 range."""
    check.generator("gen", gen)
    check.tensor("X", X, ndim=3, device=gen.device, dtype=DEFAULT_DTYPE)
    check.tensor("beta", beta, ndim=2, device=gen.device, dtype=DEFAULT_DTYPE)
    if beta.shape != (X.shape[0], X.shape[2]):
        raise ValueError(f"beta must have shape (R, d) = {(X.shape[0], X.shape[2])} to match X; "
                         f"got {tuple(beta.shape)}")
    noise_std = _nonneg("noise_std", noise_std)
    y = _teacher_labels(X, beta, noise_std, gen)
    if not bool(torch.isfinite(y).all()):
        raise ValueError(f"X, beta or noise_std={noise_std!r} too large: the labels overflow float64")
    return y


def _teacher_labels(X: torch.Tensor, beta: torch.Tensor, noise_std: float, gen: torch.Generator) -> torch.Tensor:
    """:func:`teacher_labels` without the checks."""
    clean = torch.nn.functional.softplus(torch.einsum("rnd,rd->rn", X, beta))
    return clean + noise_std * _normal(tuple(clean.shape), gen)


def draw_problem(n: int, d: int, n_test: int, noise_std: float, gen: torch.Generator,
                 replicates: int = 1) -> Problem:
    """``replicates`` independent teachers with training, hold-out and test sets."""
    check.sizes(("replicates", replicates), ("n", n), ("d", d))
    check.sizes(("replicates", replicates), ("n_test", n_test), ("d", d))
    noise_std = _nonneg("noise_std", noise_std)
    check.generator("gen", gen)
    beta = _normal((replicates, d), gen)
    beta = beta / torch.linalg.vector_norm(beta, dim=1, keepdim=True)
    sets = []
    for size in (n, n, n_test):
        X = _normal((replicates, size, d), gen)
        sets.append((X, _teacher_labels(X, beta, noise_std, gen)))
    problem = Problem(beta, sets[0][0], sets[0][1], sets[1][0], sets[1][1], sets[2][0], sets[2][1])
    return _finite_labels(problem, noise_std)


def _finite_labels(problem: Problem, noise_std: float) -> Problem:
    if not all(bool(torch.isfinite(y).all()) for y in (problem.y, problem.y_hold, problem.y_test)):
        raise ValueError(f"noise_std={noise_std!r} is too large: the labels overflow float64")
    return problem


def init_student(h: int, d: int, gen: torch.Generator, init: str = "ntk", replicates: int = 1) -> Student:
    """NTK (``W, a ~ N(0, 1)``, ``f = a^T tanh(W x / sqrt d) / sqrt h``) or mean-field initialisation."""
    check.sizes(("replicates", replicates), ("h", h), ("d", d))
    option("init", init, INITS)
    check.generator("gen", gen)
    W = _normal((replicates, h, d), gen)
    a = _normal((replicates, h), gen)
    if init == "ntk":
        return Student(W, a, 1.0 / math.sqrt(d), 1.0 / math.sqrt(h), math.sqrt(d))
    if init == "mean_field":
        return Student(W / math.sqrt(d), a / math.sqrt(h), 1.0, 1.0 / math.sqrt(h), 1.0)
    raise ValueError(f"init must be one of {INITS}; got {init!r}")


def _check_student(student: Student) -> Student:
    """``student`` if it is a :class:`Student` with ``W`` ``(R, h, d)``, ``a`` ``(R, h)`` (finite float64, one
    device) and positive finite scales."""
    if not isinstance(student, Student):
        raise TypeError(f"student must be a Student (see init_student); got {type(student).__name__}")
    check.tensor("student", student.W, ndim=3, dtype=DEFAULT_DTYPE)
    check.tensor("student", student.a, ndim=2, device=student.W.device, dtype=DEFAULT_DTYPE)
    if student.a.shape != student.W.shape[:2]:
        raise ValueError(f"student.a must have shape (R, h) = {tuple(student.W.shape[:2])}; "
                         f"got {tuple(student.a.shape)}")
    for name in ("in_scale", "out_scale", "row_norm"):
        positive_finite(f"student.{name}", getattr(student, name))
    return student


def _check_layer(student: Student, W: torch.Tensor) -> torch.Tensor:
    """``W`` ``(R', h, d)`` with ``h, d`` those of ``student``, on its device."""
    _check_student(student)
    check.tensor("W", W, ndim=3, device=student.W.device, dtype=DEFAULT_DTYPE)
    if W.shape[1:] != student.W.shape[1:]:
        raise ValueError(f"W must have shape (R, h, d) with (h, d) = {tuple(student.W.shape[1:])} "
                         f"(the student's); "
                         f"got {tuple(W.shape)}")
    return W


def _check_data(W: torch.Tensor, X: torch.Tensor, y: torch.Tensor | None = None, labels: bool = True) -> None:
    """``X`` ``(R, n, d)`` and ``y`` ``(R, n)`` matching ``W`` ``(R, h, d)`` (device, dtype)."""
    check.tensor("X", X, ndim=3, device=W.device, dtype=DEFAULT_DTYPE)
    if X.shape[0] != W.shape[0] or X.shape[2] != W.shape[2]:
        raise ValueError(f"X must have shape (R, n, d) with R = {W.shape[0]}, d = {W.shape[2]} (those of W); "
                         f"got {tuple(X.shape)}")
    if labels:
        if y is None:
            raise TypeError("y must be a torch.Tensor; got None")
        check.tensor("y", y, ndim=2, device=W.device, dtype=DEFAULT_DTYPE)
        if y.shape != X.shape[:2]:
            raise ValueError(f"y must have shape (R, n) = {tuple(X.shape[:2])} (that of X); got {tuple(y.shape)}")


def features(student: Student, W: torch.Tensor, X: torch.Tensor) -> torch.Tensor:
    """Hidden features ``out_scale tanh(in_scale X W^T)`` (``R x n x h``) for ``W`` ``(R, h, d)`` and ``X``
    ``(R, n, d)`` (finite float64 tensors on the student's device)."""
    _check_layer(student, W)
    _check_data(W, X, labels=False)
    out = _features(student, W, X)
    if not bool(torch.isfinite(out).all()):
        raise ValueError("W, X: the pre-activation in_scale X W^T leaves the float64 range (entries of |X W^T| "
                         "beyond 1.8e308 make tanh undefined); scale W or X down")
    return out


def _features(student: Student, W: torch.Tensor, X: torch.Tensor) -> torch.Tensor:
    return student.out_scale * torch.tanh(student.in_scale * X @ W.transpose(-1, -2))


def loss_and_gradient(student: Student, W: torch.Tensor, X: torch.Tensor,
                      y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Full-batch ``L = mean (f - y)^2`` (shape ``R``) and ``dL/dW`` (``R x h x d``), in closed form:
    ``G = (2 / n) in_scale out_scale (tanh'(Z) * (r a^T))^T X`` with ``r = f - y``.

    ``W`` ``(R, h, d)`` (``R`` that of ``student.a``), ``X`` ``(R, n, d)``, ``y`` ``(R, n)``
    (finite float64 tensors on the student's device). ``ValueError`` naming ``X, y`` if the loss or
    gradient overflows."""
    _check_layer(student, W)
    if W.shape[0] != student.a.shape[0]:
        raise ValueError(f"W must have R = {student.a.shape[0]} replicates (those of student.a); "
                         f"got shape {tuple(W.shape)}")
    _check_data(W, X, y)
    loss, G = _loss_and_gradient(student, W, X, y)
    if not (bool(torch.isfinite(loss).all()) and bool(torch.isfinite(G).all())):
        raise ValueError("X or y too large: the loss or its gradient overflows float64")
    return loss, G


def _loss_and_gradient(student: Student, W: torch.Tensor, X: torch.Tensor,
                       y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """:func:`loss_and_gradient` without the checks (the training loop's hot path)."""
    Z = student.in_scale * X @ W.transpose(-1, -2)
    act = torch.tanh(Z)
    f = student.out_scale * torch.einsum("rnh,rh->rn", act, student.a)
    r = f - y
    n = X.shape[-2]
    weights = (1.0 - act * act) * (r[:, :, None] * student.a[:, None, :])
    G = (2.0 / n) * student.in_scale * student.out_scale * weights.transpose(-1, -2) @ X
    return torch.mean(r * r, dim=-1), G


@dataclass(frozen=True)
class AdamState:
    """First and second moment estimates after ``t`` steps (``torch.optim.Adam`` without weight decay)."""

    m: torch.Tensor
    v: torch.Tensor
    t: int


def adam_direction(G: torch.Tensor, state: AdamState | None, betas: tuple[float, float] = ADAM_BETAS,
                   eps: float = ADAM_EPS) -> tuple[torch.Tensor, AdamState]:
    """The bias-corrected Adam direction ``m_hat / (sqrt(v_hat) + eps)`` (the step is ``-lr`` times it).

    Same arithmetic as ``torch.optim.Adam``: ``m <- b1 m + (1 - b1) G``, ``v <- b2 v + (1 - b2) G^2``,
    direction ``(m / (1 - b1^t)) / (sqrt(v) / sqrt(1 - b2^t) + eps)``. At ``t = 1`` it is
    ``G / (|G| + eps)``.
    """
    check.tensor("G", G)
    b1, b2 = _betas(betas)
    eps = _nonneg("eps", eps)
    if state is not None:
        if not isinstance(state, AdamState):
            raise TypeError(f"state must be None or an AdamState; got {type(state).__name__}")
        check.tensor("state", state.m, device=G.device, dtype=G.dtype)
        check.tensor("state", state.v, device=G.device, dtype=G.dtype)
        if state.m.shape != G.shape or state.v.shape != G.shape:
            raise ValueError(f"state must hold moments m, v of the gradient's shape {tuple(G.shape)}; "
                             f"got {tuple(state.m.shape)}, {tuple(state.v.shape)}")
        if bool((state.v < 0).any()):
            raise ValueError("state.v (Adam's second-moment estimate) must be >= 0")
        nonneg_int("state.t", state.t)
        if eps == 0.0 and bool(((state.v == 0) & (state.m != 0)).any()):
            raise ValueError("state with v = 0 where m != 0 and eps = 0: the direction is m / 0")
    direction, new_state = _adam_step(G, state, (b1, b2), eps)
    if not bool(torch.isfinite(new_state.v).all()):
        raise ValueError("G is too large: Adam's second-moment estimate v = E G^2 overflows float64 "
                         "(|G| > 1.3e154)")
    return direction, new_state


def _adam_step(G: torch.Tensor, state: AdamState | None, betas: tuple[float, float],
               eps: float) -> tuple[torch.Tensor, AdamState]:
    """The arithmetic of :func:`adam_direction` (arguments validated there; ``v`` may overflow)."""
    b1, b2 = betas
    if state is None:
        state = AdamState(torch.zeros_like(G), torch.zeros_like(G), 0)
    t = state.t + 1
    m = b1 * state.m + (1.0 - b1) * G
    v = b2 * state.v + (1.0 - b2) * G * G
    direction = (m / (1.0 - b1**t)) / (torch.sqrt(v) / math.sqrt(1.0 - b2**t) + eps)
    return direction, AdamState(m, v, t)


def _first_adam_direction(G: torch.Tensor, eps: float) -> torch.Tensor:
    """Adam's first direction ``G / (|G| + eps)``, with :func:`adam_direction`'s arithmetic where ``G^2`` fits
    (bit for bit) and the exact form where it overflows (a sign step for huge ``|G|``)."""
    direction, state = _adam_step(G, None, ADAM_BETAS, eps)
    return torch.where(torch.isfinite(state.v), direction, G / (torch.abs(G) + eps))


def normalise_rows(student: Student, W: torch.Tensor) -> torch.Tensor:
    """Weight normalisation: every row of ``W`` (``(R, h, d)``, finite, no zero row) rescaled to the initial
    expected row norm ``student.row_norm``. Rows are divided by their largest entry first, so rows of any
    magnitude (``1e-300`` or ``1e300``) are normalised without underflow or overflow."""
    _check_layer(student, W)
    if bool((W == 0).all(dim=-1).any()):
        raise ValueError("W has a zero row: its direction (and so its normalisation) is undefined")
    return _normalise_rows(student, W)


def _normalise_rows(student: Student, W: torch.Tensor) -> torch.Tensor:
    """:func:`normalise_rows` without the checks (a zero row gives NaN)."""
    unit = W / torch.amax(torch.abs(W), dim=-1, keepdim=True)
    scaled: torch.Tensor = student.row_norm * unit / torch.linalg.vector_norm(unit, dim=-1, keepdim=True)
    return scaled


def normalise_frobenius(student: Student, W: torch.Tensor) -> torch.Tensor:
    """The authors' code's weight normalisation (single-index-ht, applied before each step): each matrix of
    the batch ``W`` (``(R, h, d)``, finite, nonzero) rescaled to ``|W|_F = row_norm sqrt h`` (``sqrt(h d)`` for
    NTK), its expected norm at initialisation. The matrix is divided by its largest entry first (no overflow
    or underflow)."""
    _check_layer(student, W)
    if bool((W == 0).all(dim=-1).all(dim=-1).any()):
        raise ValueError("W is zero: its direction (and so its normalisation) is undefined")
    return _normalise_frobenius(student, W)


def _normalise_frobenius(student: Student, W: torch.Tensor) -> torch.Tensor:
    """:func:`normalise_frobenius` without the checks."""
    unit = W / torch.amax(torch.abs(W), dim=(-2, -1), keepdim=True)
    target = student.row_norm * math.sqrt(W.shape[-2])
    scaled: torch.Tensor = target * unit / torch.linalg.matrix_norm(unit)[..., None, None]
    return scaled


def readout_student(student: Student, readout_features: str = "paper") -> Student:
    """The student whose :func:`features` are the readout's: ``student`` itself for ``"paper"``
    (``tanh(X W^T / sqrt d) / sqrt h``), and for ``"code"`` the authors' code's probe, which divides the
    (already scaled) first-layer output by ``sqrt d`` again: ``in_scale / sqrt d`` (``tanh(X W^T / d) / sqrt h``
    for NTK). Source document 002's repository single-index-ht; measured scale ``1/sqrt(1000)`` at
    ``d = 1000`` (issue 27)."""
    _check_student(student)
    return _readout_student(student, option("readout_features", readout_features, READOUT_FEATURES))


def _readout_student(student: Student, readout_features: str) -> Student:
    if readout_features == "paper":
        return student
    return replace(student, in_scale=student.in_scale / math.sqrt(student.W.shape[-1]))


def ridge_readout(student: Student, W: torch.Tensor, X: torch.Tensor, y: torch.Tensor,
                  ridge: float) -> torch.Tensor:
    """``a_hat = (Z^T Z + (ridge / h) n I)^{-1} Z^T y`` on the hold-out set (``R x h``).

    ``W`` ``(R, h, d)``, ``X`` ``(R, n, d)``, ``y`` ``(R, n)`` finite float64 on the student's device; ``ridge``
    finite and > 0. ``ValueError`` naming ``ridge`` where the system is singular in float64 or overflows."""
    _check_layer(student, W)
    _check_data(W, X, y)
    ridge = positive_finite("ridge", ridge)
    try:
        solution = _ridge_readout(student, W, X, y, ridge)
    except RuntimeError as exc:  # torch.linalg.LinAlgError: singular in float64
        raise ValueError(f"ridge={ridge!r} is too small: the ridge system is singular in float64") from exc
    if not bool(torch.isfinite(solution).all()):
        raise ValueError(f"ridge={ridge!r} (or y) out of range: the ridge solution is not finite in float64")
    return solution


def _ridge_readout(student: Student, W: torch.Tensor, X: torch.Tensor, y: torch.Tensor,
                   ridge: float) -> torch.Tensor:
    """:func:`ridge_readout` without the checks."""
    Z = _features(student, W, X)
    n, h = Z.shape[-2], Z.shape[-1]
    gram = Z.transpose(-1, -2) @ Z
    gram = gram + (ridge / h) * n * torch.eye(h, dtype=Z.dtype, device=Z.device)
    rhs = (Z.transpose(-1, -2) @ y[..., None])
    solution: torch.Tensor = torch.linalg.solve(gram, rhs)[..., 0]
    return solution


@dataclass(frozen=True)
class Metrics:
    """Per-probe metrics of one run (the first layer after ``step`` optimizer steps)."""

    step: int
    train_loss: float  # ridge-readout MSE on the hold-out set (the paper's training loss)
    test_loss: float
    kta: float  # kernel-target alignment y^T K y / (|K|_F |y|^2), K = Z Z^T on the hold-out set
    sim: float  # |cos| between W's top right singular vector and beta
    top_singular_values: FloatArray  # of W (top 5)
    alpha_hill: float  # PL_Alpha_Hill of the ESD of W^T W
    alpha_ks: float  # PL_Alpha_KS of the ESD of W^T W
    esd: FloatArray = field(repr=False)  # eigenvalues of W^T W (ascending)


def _check_problem(problem: Problem, W: torch.Tensor) -> Problem:
    """``problem`` if it is a :class:`Problem` of finite float64 tensors on ``W``'s device with
    ``d`` that of ``W``: ``beta`` ``(R, d)``, each ``X`` ``(R, n, d)`` with labels ``(R, n)``."""
    if not isinstance(problem, Problem):
        raise TypeError(f"problem must be a Problem (see draw_problem); got {type(problem).__name__}")
    beta = check.tensor("problem", problem.beta, ndim=2, device=W.device, dtype=DEFAULT_DTYPE)
    R, d = beta.shape[0], W.shape[2]
    if beta.shape[1] != d:
        raise ValueError(f"problem.beta must have shape (R, d) with d = {d} (that of W); got {tuple(beta.shape)}")
    for name in ("X", "X_hold", "X_test"):
        X = check.tensor("problem", getattr(problem, name), ndim=3, device=W.device, dtype=DEFAULT_DTYPE)
        y = check.tensor("problem", getattr(problem, "y" + name[1:]), ndim=2, device=W.device, dtype=DEFAULT_DTYPE)
        if X.shape[0] != R or X.shape[2] != d or y.shape != X.shape[:2]:
            raise ValueError(f"problem.{name} must have shape (R, n, d) with R = {R}, d = {d} "
                             f"and its labels (R, n); "
                             f"got {tuple(X.shape)} and {tuple(y.shape)}")
    return problem


def metrics(step: int, student: Student, W: torch.Tensor, problem: Problem, ridge: float,
            readout_features: str = "paper") -> Metrics:
    """Metrics of replicate 0 of a batch (training runs use ``R = 1``): ``step >= 0``, ``W`` ``(R, h, d)``
    with ``min(h, d) >= 3`` (the power-law fits need 3 eigenvalues), ``problem`` drawn for the same ``d``,
    ``ridge > 0``; ``readout_features`` ``"paper"`` or ``"code"`` (:func:`readout_student`: the features of the
    losses and the alignment). ``ValueError`` naming ``W`` where a metric is undefined (``W = 0``) or
    overflows."""
    nonneg_int("step", step)
    _check_layer(student, W)
    _check_problem(problem, W)
    ridge = positive_finite("ridge", ridge)
    student = _readout_student(student, option("readout_features", readout_features, READOUT_FEATURES))
    if min(W.shape[1:]) < MIN_TRAIN_WIDTH:
        raise ValueError(f"W must have min(h, d) >= {MIN_TRAIN_WIDTH} (the power-law fits of its ESD need "
                         f"{MIN_TRAIN_WIDTH} eigenvalues); got shape {tuple(W.shape)}")
    try:
        out = _metrics(step, student, W, problem, ridge)
    except RuntimeError as exc:  # torch.linalg.LinAlgError
        raise ValueError(f"ridge={ridge!r} is too small: the ridge system is singular in float64") from exc
    except ValueError as exc:  # the power-law fits refuse an ESD with zeros or overflowing values
        raise ValueError(f"W out of range: its metrics are undefined or overflow float64 ({exc})") from exc
    if not all(math.isfinite(v) for v in (out.train_loss, out.test_loss, out.kta, out.sim)):
        raise ValueError("W out of range (e.g. zero or huge): the losses or the alignment are not finite")
    return out


def _metrics(step: int, student: Student, W: torch.Tensor, problem: Problem, ridge: float) -> Metrics:
    """:func:`metrics` without the checks."""
    Wr = W[:1]
    a_hat = _ridge_readout(student, Wr, problem.X_hold[:1], problem.y_hold[:1], ridge)
    Z = _features(student, Wr, problem.X_hold[:1])[0]
    y_hold = problem.y_hold[0]
    train = float(torch.mean((Z @ a_hat[0] - y_hold) ** 2))
    Zt = _features(student, Wr, problem.X_test[:1])[0]
    test = float(torch.mean((Zt @ a_hat[0] - problem.y_test[0]) ** 2))
    K = Z @ Z.T
    kta = float((y_hold @ K @ y_hold) / (torch.linalg.matrix_norm(K) * (y_hold @ y_hold)))
    _, s, Vh = torch.linalg.svd(Wr[0], full_matrices=False)
    sim = float(torch.abs(Vh[0] @ problem.beta[0]))
    with np.errstate(over="ignore"):
        eigs = np.sort(s.cpu().numpy() ** 2)
    return Metrics(step, train, test, kta, sim, s[:5].cpu().numpy(), alpha_hill(eigs).alpha,
                   alpha_ks(eigs).alpha, eigs)


def singular_overlaps(W: torch.Tensor, update: torch.Tensor, k: int = 10) -> tuple[FloatArray, FloatArray]:
    """``|<u_i(W), u_j(update)>|`` and ``|<v_i(W), v_j(update)>|`` for the top ``k`` singular vectors
    (``k x k`` each; source document 002, appendix C, after Landau et al. 2023). Singular vectors do
    not depend on scale: each matrix is divided by a power of two first (no overflow in the SVD)."""
    check.tensor("W", W, ndim=2)
    check.tensor("update", update, ndim=2, device=W.device, dtype=W.dtype, like="W")
    if update.shape != W.shape:
        raise ValueError(f"update must have the shape of W {tuple(W.shape)}; got {tuple(update.shape)}")
    if not 1 <= positive_int("k", k) <= min(W.shape):
        raise ValueError(f"k must lie in [1, min(h, d) = {min(W.shape)}]; got {k!r}")
    U1, _, V1 = torch.linalg.svd(W / check.power_of_two_scale(W), full_matrices=False)
    U2, _, V2 = torch.linalg.svd(update / check.power_of_two_scale(update), full_matrices=False)
    left = torch.abs(U1[:, :k].T @ U2[:, :k]).cpu().numpy()
    right = torch.abs(V1[:k] @ V2[:k].T).cpu().numpy()
    return left, right


@dataclass(frozen=True)
class Trajectory:
    """A training run: the config, its seed and the metrics at each probed step (0 = initialisation)."""

    config: TwoLayerConfig
    seed: int
    probes: tuple[Metrics, ...]
    first_update_spectral: float
    first_update_frobenius: float


def train(config: TwoLayerConfig, seed: int, probe_steps: tuple[int, ...] | None = None,
          device: torch.device | str | None = None) -> Trajectory:
    """Run ``config.steps`` full-batch steps from a seeded initialisation; probe metrics at
    ``probe_steps`` (default: 0, 1 and the last step)."""
    if not isinstance(config, TwoLayerConfig):
        raise TypeError(f"config must be a TwoLayerConfig; got {config!r}")
    gen = generator(seed, device)
    if probe_steps is not None and (not isinstance(probe_steps, (tuple, list)) or not all(
            isinstance(t, int) and not isinstance(t, bool) and 0 <= t <= config.steps for t in probe_steps)):
        raise ValueError(f"probe_steps must be a tuple of integers in [0, steps = {config.steps}]; "
                         f"got {probe_steps!r}")
    probes_at = set(probe_steps if probe_steps is not None else (0, 1, config.steps))
    try:
        return _run(config, seed, probes_at, gen)
    except ValueError as exc:  # every argument is valid: only the float range can fail here
        raise ValueError(f"config (lr={config.lr!r}, noise_std={config.noise_std!r}): the run leaves the float64 "
                         f"range: {exc}") from exc


def _run(config: TwoLayerConfig, seed: int, probes_at: set[int], gen: torch.Generator) -> Trajectory:
    """The optimisation loop of :func:`train` (arguments validated there)."""
    problem = draw_problem(config.n, config.d, config.n_test, config.noise_std, gen)
    student = init_student(config.h, config.d, gen, config.init)
    W = student.W
    reader = _readout_student(student, config.readout_features)
    out = [_metrics(0, reader, W, problem, config.ridge)] if 0 in probes_at else []
    state: AdamState | None = None
    first_spectral = first_frobenius = float("nan")
    frobenius_before = config.weight_norm and config.weight_norm_kind == "frobenius_before"
    for t in range(1, config.steps + 1):
        if frobenius_before:
            W = _normalise_frobenius(student, W)
        _, G = _loss_and_gradient(student, W, problem.X, problem.y)
        if config.optimizer == "adam":
            direction, state = _adam_step(G, state, config.betas, config.eps)
            if not bool(torch.isfinite(direction).all()):
                raise ValueError("Adam's moment estimates overflow float64")
        else:
            direction = G
        update = -config.lr * config.lr_decay ** (t - 1) * direction
        if t == 1:
            first_spectral = float(top_singular_values(update[0], 1)[0])
            first_frobenius = float(_frobenius(update[0]))
        W = W + update
        if config.weight_norm and not frobenius_before:
            W = _normalise_rows(student, W)
        if t in probes_at:
            out.append(_metrics(t, reader, W, problem, config.ridge))
    if not (math.isfinite(first_spectral) and math.isfinite(first_frobenius)):
        raise ValueError("the first update's norm overflows float64")
    return Trajectory(config, seed, tuple(out), first_spectral, first_frobenius)


@dataclass(frozen=True)
class OneStepResult:
    """One full-batch step from initialisation (per replicate, numpy arrays of length ``R``).

    ``update_*``: norms of ``W1 - W0``; ``sign_spectral``: ``|lr sign(G0)|_2`` (the ``eps = 0``
    update, what ``theory.adam_step.spectral_ratio`` predicts); ``w0_spectral``, ``w1_spectral``:
    top singular values; ``w1_second``: the second singular value of ``W1`` (the bulk edge when
    there is one spike).
    """

    n: int
    h: int
    d: int
    optimizer: str
    lr: float
    update_frobenius: FloatArray
    update_spectral: FloatArray
    sign_spectral: FloatArray
    w0_spectral: FloatArray
    w1_spectral: FloatArray
    w1_second: FloatArray
    min_abs_gradient: FloatArray

    @property
    def rho(self) -> FloatArray:
        """``|sign G0|_2 / sqrt(h d)``. (``|Delta W|_2 / |Delta W|_F`` differs from it where ``eps``
        matters: the gradient entries shrink like ``n^{-1/2}`` and at (8000, 6000, 4000) the
        eps-corrected Frobenius norm is 2.4% below ``lr sqrt(hd)``.)"""
        return self.sign_spectral / (self.lr * math.sqrt(self.h * self.d))


@dataclass(frozen=True)
class FirstStep:
    """``W0`` and the first-step direction ``D`` (``W1 = W0 - lr D``), batched, plus ``min |G|``; ``a`` is the
    read-out vector (for control variates with known means, e.g. ``E |a|^2 = h``)."""

    W0: torch.Tensor
    direction: torch.Tensor
    gradient: torch.Tensor
    min_abs_gradient: torch.Tensor
    a: torch.Tensor | None = None


def first_step(n: int, h: int, d: int, optimizer: str, gen: torch.Generator, replicates: int = 1,
               noise_std: float = 0.3, init: str = "ntk", eps: float = ADAM_EPS) -> FirstStep:
    """Draw teacher, data and student; return ``W0`` and the learning-rate-free first-step direction:
    ``G / (|G| + eps)`` for Adam, ``G`` for GD (both updates are ``-lr`` times it)."""
    opt = check_optimizer(optimizer)
    _nonneg("eps", eps)
    option("init", init, INITS)
    check.sizes(("replicates", replicates), ("h", h), ("d", d))
    check.sizes(("replicates", replicates), ("n", n), ("h", h))
    problem = draw_problem(n, d, 1, noise_std, gen, replicates)
    student = init_student(h, d, gen, init, replicates)
    _, G = _loss_and_gradient(student, student.W, problem.X, problem.y)
    if not bool(torch.isfinite(G).all()):
        raise ValueError(f"noise_std={noise_std!r} is too large: the gradient overflows float64")
    direction = _first_adam_direction(G, eps) if opt == "adam" else G
    return FirstStep(student.W, direction, G, torch.amin(torch.abs(G), dim=(-2, -1)), student.a)


def _check_first_step(step: FirstStep) -> FirstStep:
    """``step`` if it is a :class:`FirstStep` with ``W0``, ``direction``, ``gradient`` ``(R, h, d)`` and
    ``min_abs_gradient`` ``(R,)`` (finite float64, one device) and ``min(h, d) >= 2``."""
    if not isinstance(step, FirstStep):
        raise TypeError(f"step must be a FirstStep (see first_step); got {type(step).__name__}")
    W0 = check.tensor("step", step.W0, ndim=3, dtype=DEFAULT_DTYPE)
    for part in (step.direction, step.gradient):
        check.tensor("step", part, ndim=3, device=W0.device, dtype=DEFAULT_DTYPE)
        if part.shape != W0.shape:
            raise ValueError(f"step.direction and step.gradient must have W0's shape {tuple(W0.shape)}; "
                             f"got {tuple(part.shape)}")
    check.tensor("step", step.min_abs_gradient, ndim=1, device=W0.device, dtype=DEFAULT_DTYPE)
    if step.min_abs_gradient.shape != W0.shape[:1]:
        raise ValueError(f"step.min_abs_gradient must have shape (R,) = {tuple(W0.shape[:1])}")
    if min(W0.shape[1:]) < MIN_ONE_STEP_WIDTH:
        raise ValueError(f"step must have min(h, d) >= {MIN_ONE_STEP_WIDTH} (the result holds the second singular "
                         f"value of W1); got W0 of shape {tuple(W0.shape)}")
    return step


def one_step_from(step: FirstStep, n: int, optimizer: str, lr: float) -> OneStepResult:
    """Norms and top singular values after one step of size ``lr`` (finite, > 0) from a drawn
    :class:`FirstStep` (``min(h, d) >= 2``); ``n`` and ``optimizer`` are recorded in the result.
    ``ValueError`` naming ``lr`` where the update or its norms overflow float64."""
    _check_first_step(step)
    check.size("n", n)
    optimizer = check_optimizer(optimizer)
    lr = positive_finite("lr", lr)
    update = -lr * step.direction
    W1 = step.W0 + update
    if not (bool(torch.isfinite(update).all()) and bool(torch.isfinite(W1).all())):
        raise ValueError(f"lr={lr!r} is too large: the update lr * direction overflows float64")
    try:  # every other argument is valid: only the float range can fail here
        result = _one_step_result(step, n, optimizer, lr, update, W1)
    except ValueError as exc:
        raise ValueError(f"lr={lr!r} is too large: {exc}") from exc
    if not all(np.all(np.isfinite(getattr(result, name))) for name in (
            "update_frobenius", "update_spectral", "sign_spectral", "w1_spectral", "w1_second")):
        raise ValueError(f"lr={lr!r} is too large: the norms of the update overflow float64")
    return result


def _frobenius(M: torch.Tensor) -> torch.Tensor:
    """Frobenius norm over the last two dimensions, from ``M / s`` (``s`` a power of two) so that the sum
    of squares cannot overflow; ``ValueError`` if the norm itself does."""
    scale = check.power_of_two_scale(M)
    norm: torch.Tensor = torch.linalg.matrix_norm(M / scale) * scale
    if not bool(torch.isfinite(norm).all()):
        raise ValueError("the update's Frobenius norm exceeds the float range")
    return norm


def _one_step_result(step: FirstStep, n: int, optimizer: str, lr: float, update: torch.Tensor,
                     W1: torch.Tensor) -> OneStepResult:
    top1 = top_singular_values(W1, 2)
    h, d = step.W0.shape[-2], step.W0.shape[-1]
    return OneStepResult(
        n, h, d, optimizer, lr,
        _frobenius(update).cpu().numpy(),
        top_singular_values(update, 1)[..., 0].cpu().numpy(),
        lr * top_singular_values(torch.sign(step.gradient), 1)[..., 0].cpu().numpy(),
        top_singular_values(step.W0, 1)[..., 0].cpu().numpy(),
        top1[..., 0].cpu().numpy(),
        top1[..., 1].cpu().numpy(),
        step.min_abs_gradient.cpu().numpy(),
    )


def one_step(n: int, h: int, d: int, optimizer: str, lr: float, seed: int, replicates: int = 1,
             noise_std: float = 0.3, init: str = "ntk", eps: float = ADAM_EPS,
             device: torch.device | str | None = None) -> OneStepResult:
    """One full-batch GD or FB-Adam step from initialisation: is there a spike at this ``lr``?

    Returns the Frobenius and spectral norms of the update and the top singular values of
    ``W0`` and ``W1`` for each of ``replicates`` independent draws (seeded by ``seed``).
    """
    check.sizes(("replicates", replicates), ("n", n), ("d", d))
    check.sizes(("replicates", replicates), ("h", h), ("d", d))
    for name, value in (("h", h), ("d", d)):
        if value < MIN_ONE_STEP_WIDTH:
            raise ValueError(f"{name} must be an integer >= {MIN_ONE_STEP_WIDTH} (the result holds the second "
                             f"singular value of W1); got {value!r}")
    check_optimizer(optimizer)
    positive_finite("lr", lr)
    step = first_step(n, h, d, optimizer, generator(seed, device), replicates, noise_std, init, eps)
    return one_step_from(step, n, optimizer, lr)
