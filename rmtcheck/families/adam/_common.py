"""What several ``adam.*`` claims share: the model and optimizer assumptions, the sizes per profile, the one-step,
multi-step and training-trend parameter records, the threshold estimator and its experiment (FB-Adam and GD), the
multi-step and training-trend experiments, the teacher draw of the issue-16 claims, and their draws.

Tolerances: shared pieces (``Z_MC``, :func:`rmtcheck.tolerances.monte_carlo`, the edge scales, the trend level) are
in :mod:`rmtcheck.tolerances`; the family's constants are in their claim's module with their calibration
(``B_THRESHOLD``, shared by the two threshold claims, here); a constant is never widened to make a claim pass.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
from hypothesis import strategies as st
from numpy.typing import NDArray

from rmtcheck import Comparison, Predictor
from rmtcheck import tolerances as tol
from rmtcheck.params import check_size
from rmtcheck.trends import mean_and_error, trend_comparison
from theory import adam_step

if TYPE_CHECKING:
    import torch

    from sim.two_layer import FirstStep, Metrics, TwoLayerConfig

__all__ = [
    "ADAM",
    "ADAM_FACTORS",
    "ADAM_SIGN",
    "B_THRESHOLD",
    "GD_FACTORS",
    "ISSUE16_SIZES",
    "SETUP",
    "SIZES",
    "SOURCE",
    "THRESHOLD_RUNGS",
    "TREND_KINDS",
    "TREND_SETTINGS",
    "TREND_SETUP",
    "AdamIssue16Sizes",
    "AdamSizes",
    "FloatArray",
    "MultiStepParams",
    "MultiStepTrendExperiment",
    "OneStepParams",
    "TeacherDraw",
    "ThresholdExperiment",
    "TrainingTrendExperiment",
    "TrainingTrendParams",
    "controlled_mean",
    "draw_one_step",
    "draw_with_teacher",
    "issue16_sizes",
    "multistep_params",
    "readout_covariate",
    "spike_threshold_params",
    "threshold_estimate",
    "trend_params",
]

FloatArray = NDArray[np.float64]


# --- assumptions shared by the claim records ---------------------------------------------------

SETUP = (
    "x ~ N(0, I_d); y = softplus(<beta, x>) + N(0, 0.3^2), beta uniform on the sphere",
    "student f(x) = a^T tanh(W x / sqrt d) / sqrt h, W and a iid N(0, 1) (NTK initialisation); "
    "loss mean (f - y)^2 over the full batch; only W trained",
)

ADAM = "FB-Adam with torch.optim.Adam semantics: beta1 = 0.9, beta2 = 0.999, eps = 1e-8, bias-corrected"

#: The one-step claims' optimizer: the closed forms are the eps = 0 limit, and so is the simulation (issue 27:
#: at eps = 1e-8, sigma_1(W1) at 5 eta* falls below the eps = 0 value by an amount that grows with size).
ADAM_SIGN = ("FB-Adam's first step at eps = 0, the sign update -eta sign(G0) (torch.optim.Adam semantics, "
             "bias-corrected, beta1 = 0.9, beta2 = 0.999; eps = 1e-8 is measured in docs/adam.md)")

SOURCE = "Kothapalli et al. (2025), source document 002"

TREND_SETUP = (*SETUP, ADAM, "(n, h, d) = (2d, 1.5d, d), the main configuration (2000, 1500, 1000) scaled",
               "10 full-batch steps; ridge read-out (lambda = 0.01) on a hold-out set, 200 test samples")


# --- sizes per profile -------------------------------------------------------------------------

@dataclass(frozen=True)
class AdamSizes:
    """Sizes of the One-step and multi-step FB-Adam / GD draws per profile (``m`` is the smaller matrix side)."""

    adam_h_max: int
    adam_replicates: int
    multistep_d: tuple[int, int]


SIZES: dict[str, AdamSizes] = {
    "ci": AdamSizes(adam_h_max=200, adam_replicates=8, multistep_d=(150, 200)),
    "verify": AdamSizes(adam_h_max=400, adam_replicates=12, multistep_d=(500, 500)),
    "verify-cuda": AdamSizes(adam_h_max=1000, adam_replicates=16, multistep_d=(1000, 1000)),
}


# Issue 16: teacher alignment, overlap outliers, training trends.
@dataclass(frozen=True)
class AdamIssue16Sizes:
    """``d`` range, replicates of the alignment and overlap claims, and the fraction of examples run."""

    d_min: int
    d_max: int
    alignment_replicates: int
    overlap_replicates: int
    alignment_examples: float  # fraction of the profile's examples (at least 4 are run)
    overlap_examples: float
    trend_d: int = 200  # input dimension of the multi-step trend claims ((n, h) = (2d, 1.5d))
    trend_seeds: int = 6
    trend_examples: float = 0.16


ISSUE16_SIZES: dict[str, AdamIssue16Sizes] = {
    "ci": AdamIssue16Sizes(d_min=100, d_max=130, alignment_replicates=400, overlap_replicates=250,
                           alignment_examples=0.4, overlap_examples=0.4, trend_d=100),
    "verify": AdamIssue16Sizes(d_min=140, d_max=200, alignment_replicates=1000, overlap_replicates=400,
                               alignment_examples=0.16, overlap_examples=0.24),
    "verify-cuda": AdamIssue16Sizes(d_min=200, d_max=400, alignment_replicates=2000, overlap_replicates=400,
                                    alignment_examples=0.24, overlap_examples=0.24, trend_d=400),
}


# --- one step: the parameter record and the draw of W0 and the first-step direction --------------

@dataclass(frozen=True)
class OneStepParams:
    """One full-batch step of ``optimizer`` from ``replicates`` independent initialisations.

    ``eta``: the learning rate (norm claims); ``eta_factor``: the learning rate as a multiple of
    the predicted spike threshold (location claim); ``rungs``: size of the learning-rate ladder
    (threshold claims)."""

    n: int
    h: int
    d: int
    replicates: int
    optimizer: str = "adam"
    eta: float = 1.0
    eta_factor: float = 1.0
    rungs: int = 0
    noise_std: float = 0.3

    def __post_init__(self) -> None:
        for name in ("n", "h", "d", "replicates"):
            check_size(name, getattr(self, name))
        if self.optimizer not in ("adam", "gd"):
            raise ValueError(f"optimizer must be 'adam' or 'gd'; got {self.optimizer!r}")
        for name in ("eta", "eta_factor"):
            if not getattr(self, name) > 0.0:
                raise ValueError(f"{name} must be > 0; got {getattr(self, name)!r}")
        if isinstance(self.rungs, bool) or not isinstance(self.rungs, int) or self.rungs < 0:
            raise ValueError(f"rungs must be an integer >= 0; got {self.rungs!r}")
        if not self.noise_std >= 0.0:
            raise ValueError(f"noise_std must be >= 0; got {self.noise_std!r}")

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "n/d": self.n / self.d, "h/d": self.h / self.d}


def draw_one_step(params: OneStepParams, gen: torch.Generator, eps: float | None = None) -> FirstStep:
    """``W0`` and the first step of ``params.optimizer`` on ``params.replicates`` independent problems; FB-Adam's
    direction is ``G0 / (|G0| + eps)``, the sign update by default (``eps = None`` means ``SIGN_EPS = 0``, what the
    closed forms assume; ``adam.update_frobenius``, whose formula carries ``eps``, passes torch's ``1e-8``). GD
    ignores ``eps``."""
    from sim.two_layer import SIGN_EPS, first_step

    return first_step(params.n, params.h, params.d, params.optimizer, gen, params.replicates,
                      params.noise_std, eps=SIGN_EPS if eps is None else eps)


# --- the learning-rate threshold (adam.spike_threshold, adam.gd_spike_threshold) ------------------

# Threshold estimate (adam.spike_threshold, adam.gd_spike_threshold): sigma_1(W1) at 1.5, 2, 3 times
# the threshold inverted through the corrected outlier equation and extrapolated to the edge
# (threshold_estimate); Z_MC SE plus B_THRESHOLD relative. Calibration (seeds 1, 2;
# FB-Adam 16 replicates at 9 sizes from (200, 100, 80) to (900, 400, 300), h < d included: estimate
# / prediction - 1 from -0.3% to +2.0%, at most 1.6 SE; GD 12 replicates at 7 sizes, (200, 100, 80)
# to (800, 200, 300): -2.4% to +8.4%, at most 2.8 SE (+8.4 +- 3.0% at (267, 100, 89)), no
# significant bias). B_THRESHOLD = 2% (FB-Adam), 3% (GD).
B_THRESHOLD = {"adam": 0.02, "gd": 0.03}

THRESHOLD_RUNGS = (1.5, 2.0, 3.0)  # rungs of the threshold estimator, in multiples of the claim's threshold


def controlled_mean(values: FloatArray, covariates: FloatArray | None = None) -> tuple[float, float]:
    """Mean of ``values`` and its standard error, with control variates of known mean 0 (columns of
    ``covariates``, one row per value): the intercept of the least-squares fit ``values ~ 1 + covariates``
    and its standard error ``s sqrt((A^T A)^{-1}_{00})`` (no covariates: the plain mean and SE)."""
    if covariates is None:
        return mean_and_error(values)
    design = np.column_stack([np.ones(values.size), covariates])
    coef, *_ = np.linalg.lstsq(design, values, rcond=None)
    residual = values - design @ coef
    dof = values.size - design.shape[1]
    if dof < 2:
        raise ValueError(f"need more values than covariates + 2; got {values.size} values")
    s2 = float(residual @ residual) / dof
    return float(coef[0]), math.sqrt(s2 * float(np.linalg.inv(design.T @ design)[0, 0]))


def threshold_estimate(etas: FloatArray, tops: FloatArray, optimizer: str, n: int, h: int, d: int,
                       noise_std: float, covariates: FloatArray | None = None) -> tuple[float, float]:
    """Learning-rate threshold read off the measured outlier curve, with its standard error.

    ``tops[r, k]`` is ``sigma_1(W1)`` of replicate ``r`` at ``etas[k]`` (all above the threshold). Each
    value is mapped to the unit bulk, ``z = sigma_1 / (s(eta) sqrt d)``, and inverted through the outlier
    equation (:func:`theory.adam_step.outlier_strength`, explicit in ``z``) to the strength per unit
    learning rate, ``kappa = s theta(z) / eta``; a replicate's ``kappa`` is its mean over the rungs, and
    its threshold is the ``eta`` where ``eta kappa / s(eta)`` meets ``theta*(c, alpha / s, gamma)``, i.e.
    where the fitted outlier curve meets the edge. Returns the mean over replicates and its standard
    error (:func:`controlled_mean` with ``covariates``, control variates of known mean 0). A rung whose
    top value is not above the edge has no outlier to invert and is skipped for that replicate (seen
    once for GD at 1.5 eta*, d = 191, in 36 replicates); a replicate with no outlier at any rung raises."""
    upd = adam_step.rank_one_update(optimizer, n, h, d, noise_std)
    c, edge = h / d, 1.0 + math.sqrt(h / d)
    per_replicate = []
    for row in np.atleast_2d(tops):
        kappas = []
        for eta, top in zip(etas, row, strict=True):
            s = upd.bulk_scale(float(eta))
            z = float(top) / (s * math.sqrt(d))
            if z <= edge:  # this replicate has no outlier at this rung (GD: strength spread 5-8%)
                continue
            kappas.append(s * adam_step.outlier_strength(z, c, upd.alpha / s, upd.gamma) / float(eta))
        if not kappas:
            raise ValueError(f"no outlier at any rung (largest eta = {float(np.max(etas)):.4g})")
        per_replicate.append(adam_step.threshold_from_strength(upd, c, float(np.mean(kappas))))
    return controlled_mean(np.asarray(per_replicate), covariates)


def readout_covariate(step: FirstStep) -> FloatArray | None:
    """``|a|^2 / h - 1`` per replicate (exact mean 0): GD's update is ``a V^T``-shaped, so its strength
    carries ``|a|`` (per-replicate spread ``1/sqrt(2h)``); halves the variance of the GD threshold
    estimate (6.5% -> 4.5% spread of sigma_1 at (600, 300, 300)); no effect for FB-Adam (``sign a``)."""
    if step.a is None:
        return None
    a = step.a.cpu().numpy()
    column: FloatArray = (np.sum(a * a, axis=-1) / a.shape[-1] - 1.0).reshape(-1, 1)
    return column


@dataclass(frozen=True)
class ThresholdExperiment:
    """The learning-rate threshold, estimated from the outlier curve above it, against the claim's.

    ``sigma_1(W1)`` is measured at ``THRESHOLD_RUNGS`` times the claim's own threshold on every replicate
    (one ``W0`` and first-step direction per replicate, common to the rungs) and
    :func:`threshold_estimate` reads off where the fitted curve meets the bulk edge. The estimate is
    compared like a point statistic: ``Z_MC`` standard errors plus ``B_THRESHOLD`` relative. For GD the
    replicate mean is taken with the control variate :func:`readout_covariate`.

    The estimator relies on the shape of the corrected outlier curve (checked by ``adam.spike_location``);
    what it tests is the update's strength per unit learning rate (``rho``, ``|V|``, the rank-one model)
    and the curve's meeting point with the edge, both of which move the threshold. The optimizer is the
    parameters' (``adam.spike_threshold``: FB-Adam, ``adam.gd_spike_threshold``: GD).
    """

    def simulate(self, params: OneStepParams, gen: torch.Generator) -> tuple[float, float]:
        from sim.linalg import top_singular_values

        centre = adam_step.learning_rate_threshold(params.optimizer, params.n, params.h, params.d,
                                                   params.noise_std)
        etas = centre * np.asarray(THRESHOLD_RUNGS)
        step = draw_one_step(params, gen)
        tops = np.stack([top_singular_values(step.W0 - float(eta) * step.direction, 1)[..., 0].cpu().numpy()
                         for eta in etas], axis=1)
        covariates = readout_covariate(step) if params.optimizer == "gd" else None
        return threshold_estimate(etas, tops, params.optimizer, params.n, params.h, params.d, params.noise_std,
                                  covariates)

    def compare(self, sample: tuple[float, float], params: OneStepParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        estimate, error = sample
        threshold = float(predict(params.n, params.h, params.d, params.noise_std))
        return (Comparison("threshold eta* (outlier curve extrapolated to the edge)", estimate, threshold,
                           tol.monte_carlo(error, B_THRESHOLD[params.optimizer] * estimate, estimate),
                           standard_error=error),)


@st.composite
def spike_threshold_params(draw: st.DrawFn, scale: AdamSizes, optimizer: str) -> OneStepParams:
    """n/h in [2, 4]: the (n d)^{-1/4} variant then sits below the independent value. GD's update strength
    fluctuates with |a| and |V| (sigma_1 spread 5-8% per replicate): h, d >= 150 and 3x the replicates.
    (Spike claims keep h, d >= 80: the threshold windows scale as m^{-1/3}.)"""
    low = 100 if optimizer == "adam" else 150
    h = draw(st.integers(low, scale.adam_h_max))
    d = draw(st.integers(low, min(scale.adam_h_max, 300)))
    n = round(draw(st.floats(2.0, 4.0)) * h)
    replicates = scale.adam_replicates * (2 if optimizer == "adam" else 3)
    return OneStepParams(n, h, d, replicates, optimizer)


# --- multi-step trends (adam.multistep_adam_trend, adam.multistep_gd_flat) -------------------------

@dataclass(frozen=True)
class MultiStepParams:
    """``steps`` full-batch steps of ``optimizer`` at ``factor`` times the one-step spike threshold,
    for each factor and ``seeds`` seeds; PL_Alpha_Hill of ``W^T W`` at the end."""

    n: int
    h: int
    d: int
    optimizer: str
    factors: tuple[float, ...]
    seeds: int
    steps: int = 10

    def __post_init__(self) -> None:
        for name in ("n", "h", "d", "seeds", "steps"):
            check_size(name, getattr(self, name))
        if self.optimizer not in ("adam", "gd"):
            raise ValueError(f"optimizer must be 'adam' or 'gd'; got {self.optimizer!r}")
        if len(self.factors) < 2 or not all(f > 0 for f in self.factors):
            raise ValueError(f"factors must hold at least two numbers > 0; got {self.factors!r}")

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class MultiStepTrendExperiment:
    """PL_Alpha_Hill of ``W^T W`` after ``steps`` steps over a learning-rate grid (multiples of the
    one-step threshold) and seeds; trend in ``log eta`` by Spearman's rho."""

    def simulate(self, params: MultiStepParams, gen: torch.Generator) -> tuple[FloatArray, FloatArray]:
        import torch

        from sim.two_layer import TwoLayerConfig, train

        centre = adam_step.learning_rate_threshold(params.optimizer, params.n, params.h, params.d)
        seeds = torch.randint(0, 2**62, (params.seeds,), generator=gen, device=gen.device).tolist()
        etas, alphas = [], []
        for factor in params.factors:
            for seed in seeds:
                config = TwoLayerConfig(params.n, params.h, params.d, params.optimizer, factor * centre,
                                        steps=params.steps)
                run = train(config, int(seed), probe_steps=(params.steps,), device=gen.device)
                etas.append(math.log(factor * centre))
                alphas.append(run.probes[-1].alpha_hill)
        return np.asarray(etas), np.asarray(alphas)

    def compare(self, sample: tuple[FloatArray, FloatArray], params: MultiStepParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        return (trend_comparison("log eta, PL_Alpha_Hill", sample[0], sample[1], int(predict())),)


# FB-Adam: 2-16 times the threshold (at (2000, 1500, 1000) PL_Alpha_Hill after 10 steps was 2.45,
# 2.35, 2.03, 1.83 at 2, 4, 8, 16 and flat (1.84) at 32: the decrease saturates there).
ADAM_FACTORS = (2.0, 4.0, 8.0, 16.0)

GD_FACTORS = (1 / 16, 1 / 8, 1 / 4, 1 / 2)


@st.composite
def multistep_params(draw: st.DrawFn, scale: AdamSizes, optimizer: str) -> MultiStepParams:
    """The authors' proportions n : h : d = 2 : 1.5 : 1 (their main configuration is d = 1000)."""
    d = draw(st.integers(*scale.multistep_d))
    factors = ADAM_FACTORS if optimizer == "adam" else GD_FACTORS
    return MultiStepParams(2 * d, round(1.5 * d), d, optimizer, factors, seeds=4)


# --- issue 16: the teacher draw of the one-step claims, the training trends ------------------------

@st.composite
def issue16_sizes(draw: st.DrawFn, sizes: AdamIssue16Sizes, aspect_min: float = 0.7) -> tuple[int, int, int]:
    """``(n, h, d)``: ``d`` in the profile's range, ``h/d`` in [``aspect_min``, 1.5], ``n/d`` in [1.5, 3]."""
    d = draw(st.integers(sizes.d_min, sizes.d_max))
    h = round(d * draw(st.floats(aspect_min, 1.5)))
    n = round(d * draw(st.floats(1.5, 3.0)))
    return n, h, d


@dataclass(frozen=True)
class TeacherDraw:
    """``W0``, the first-step direction ``D`` (``W1 = W0 - eta D``), the teacher ``beta`` and the control
    variate ``beta^T X^T y / n - 1/2`` (exact mean 0: ``E[x y] = beta / 2``), batched."""

    W0: torch.Tensor
    direction: torch.Tensor
    beta: torch.Tensor
    covariate: torch.Tensor


def draw_with_teacher(n: int, h: int, d: int, optimizer: str, replicates: int, noise_std: float,
                      gen: torch.Generator, eps: float | None = None) -> TeacherDraw:
    """One step's ingredients for ``replicates`` independent teachers, data sets and students (FB-Adam's
    direction at ``eps``, the sign update ``SIGN_EPS = 0`` by default (``eps = None``))."""
    import torch

    from sim.two_layer import SIGN_EPS, adam_direction, draw_problem, init_student, loss_and_gradient

    eps = SIGN_EPS if eps is None else eps
    problem = draw_problem(n, d, 1, noise_std, gen, replicates)
    student = init_student(h, d, gen, "ntk", replicates)
    _, grad = loss_and_gradient(student, student.W, problem.X, problem.y)
    direction = adam_direction(grad, None, eps=eps)[0] if optimizer == "adam" else grad
    covariate = torch.einsum("rnd,rn,rd->r", problem.X, problem.y, problem.beta) / n - 0.5
    return TeacherDraw(student.W, direction, problem.beta, covariate)


TREND_KINDS = ("test_loss", "weight_norm", "steplr")
#: The two settings of the training trends (issue 27): the paper's formulas (read-out features
#: ``tanh(X W^T / sqrt d) / sqrt h``, every row rescaled to ``sqrt d`` after each step) and the source's code
#: (single-index-ht: features ``tanh(X W^T / d) / sqrt h``, the whole matrix rescaled to ``|W|_F = sqrt(h d)``
#: before each step); see :mod:`sim.two_layer`.
TREND_SETTINGS = ("paper", "code")


@dataclass(frozen=True)
class TrainingTrendParams:
    """FB-Adam, ``steps`` full-batch steps at ``(n, h, d) = (2d, 1.5d, d)`` (the main configuration scaled),
    ``seeds`` seeds per grid point. ``kind``: ``test_loss`` (test loss against log eta over ``grid`` times the
    corrected threshold), ``weight_norm`` (PL_Alpha_Hill with minus without weight normalisation, paired by
    seed, against log eta over ``grid``), ``steplr`` (PL_Alpha_Hill at ``factor`` times the threshold against
    the StepLR decay ``gamma`` over ``grid``). ``setting``: one of ``TREND_SETTINGS``, the paper's conventions
    or the source's code's."""

    d: int
    kind: str
    grid: tuple[float, ...]
    seeds: int
    factor: float = 8.0
    steps: int = 10
    setting: str = "paper"

    def __post_init__(self) -> None:
        for name in ("d", "seeds", "steps"):
            check_size(name, getattr(self, name))
        if self.kind not in TREND_KINDS:
            raise ValueError(f"kind must be one of {TREND_KINDS}; got {self.kind!r}")
        if self.setting not in TREND_SETTINGS:
            raise ValueError(f"setting must be one of {TREND_SETTINGS}; got {self.setting!r}")
        if len(self.grid) < 2 or not all(g > 0 for g in self.grid):
            raise ValueError(f"grid must hold at least two numbers > 0; got {self.grid!r}")
        if self.kind == "steplr" and not all(g <= 1.0 for g in self.grid):
            raise ValueError(f"StepLR decays must lie in (0, 1]; got {self.grid!r}")
        if not self.factor > 0.0:
            raise ValueError(f"factor must be > 0; got {self.factor!r}")

    @property
    def n(self) -> int:
        return 2 * self.d

    @property
    def h(self) -> int:
        return 3 * self.d // 2

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "n": self.n, "h": self.h}


@dataclass(frozen=True)
class TrainingTrendExperiment:
    """Trend of a training metric over a grid (``TrainingTrendParams.kind``), by Spearman's rho at one-sided
    level ``TREND_LEVEL`` (:func:`rmtcheck.trends.trend_comparison`; resolution: its ``min_effect``)."""

    def simulate(self, params: TrainingTrendParams, gen: torch.Generator) -> tuple[FloatArray, FloatArray]:
        import torch

        from sim.two_layer import TwoLayerConfig, train

        centre = adam_step.learning_rate_threshold("adam", params.n, params.h, params.d)
        seeds = torch.randint(0, 2**62, (params.seeds,), generator=gen, device=gen.device).tolist()
        xs, ys = [], []
        code = params.setting == "code"
        features, normalisation = ("code", "frobenius_before") if code else ("paper", "rows_after")

        def final(config: TwoLayerConfig, seed: int) -> Metrics:
            config = replace(config, readout_features=features, weight_norm_kind=normalisation)
            return train(config, int(seed), probe_steps=(params.steps,), device=gen.device).probes[-1]

        for value in params.grid:
            for seed in seeds:
                if params.kind == "steplr":
                    config = TwoLayerConfig(params.n, params.h, params.d, "adam", params.factor * centre,
                                            steps=params.steps, lr_decay=value)
                    xs.append(value)
                    ys.append(final(config, seed).alpha_hill)
                    continue
                config = TwoLayerConfig(params.n, params.h, params.d, "adam", value * centre, steps=params.steps)
                xs.append(math.log(value * centre))
                if params.kind == "test_loss":
                    ys.append(final(config, seed).test_loss)
                else:
                    normed = TwoLayerConfig(params.n, params.h, params.d, "adam", value * centre,
                                            steps=params.steps, weight_norm=True)
                    ys.append(final(normed, seed).alpha_hill - final(config, seed).alpha_hill)
        return np.asarray(xs), np.asarray(ys)

    def compare(self, sample: tuple[FloatArray, FloatArray], params: TrainingTrendParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        label = {"test_loss": "log eta, test loss", "weight_norm": "log eta, Hill(WN) - Hill(no WN)",
                 "steplr": "StepLR gamma, PL_Alpha_Hill"}[params.kind]
        return (trend_comparison(label, sample[0], sample[1], int(predict())),)


def trend_params(sizes: AdamIssue16Sizes, kind: str, grid: tuple[float, ...], setting: str = "paper",
                 seeds: int | None = None) -> st.SearchStrategy[TrainingTrendParams]:
    """Fixed grids (measured in docs/adam.md) at ``d = sizes.trend_d``; only the seeds vary (``seeds`` per grid
    point, ``sizes.trend_seeds`` when None)."""
    return st.just(TrainingTrendParams(sizes.trend_d, kind, grid, seeds or sizes.trend_seeds, setting=setting))


def top_left_vectors(W: torch.Tensor, k: int) -> torch.Tensor:
    """The top ``k`` left singular vectors of each matrix of a batch (``R x h x k``, descending)."""
    import torch

    vectors = torch.linalg.eigh(W @ W.transpose(-1, -2))[1]
    flipped: torch.Tensor = torch.flip(vectors[..., -k:], dims=(-1,))
    return flipped


def top_right_vector(W: torch.Tensor) -> torch.Tensor:
    """The top right singular vector of each ``h x d`` matrix of a batch (eigh of the smaller Gram matrix)."""
    import torch

    h, d = W.shape[-2], W.shape[-1]
    if d <= h:
        vectors: torch.Tensor = torch.linalg.eigh(W.transpose(-1, -2) @ W)[1][..., -1]
        return vectors
    left = torch.linalg.eigh(W @ W.transpose(-1, -2))[1][..., -1]
    right = torch.einsum("rhd,rh->rd", W, left)
    unit: torch.Tensor = right / torch.linalg.vector_norm(right, dim=-1, keepdim=True)
    return unit
