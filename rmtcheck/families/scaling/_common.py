"""What several ``scaling.*`` claims share: the sizes per profile, the ridge and learned-GD parameter records, the
torch simulations of ridge and of GD on Gaussian linear regression, the ridge bias bound ``B_RIDGE``, the
learned-GD draw, and small statistics helpers.

Tolerances: every tolerance of the family is ``Z_MC`` standard errors (``rmtcheck.tolerances.Z_MC = 4``) plus a
bias bound stated as a function of the sizes; the family's constants scale those bounds (``B_RIDGE`` here, the
others in their claim's module). Calibration runs: the script ``rmtcheck/families/scaling/calibrate.py``
(numbers quoted from its output, 2026-11-24, CPU).

Simulations: torch float64, explicit generators, on the device of the generator.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from hypothesis import strategies as st
from numpy.typing import ArrayLike

from theory import scaling
from theory._validate import FloatArray
from theory.scaling import gd_power_law_spectrum, ridge_risk_exponent

if TYPE_CHECKING:
    import torch

__all__ = [
    "BATCH_ELEMENTS",
    "B_RIDGE",
    "SIZES",
    "FloatArray",
    "LearnedParams",
    "RidgeParams",
    "ScalingSizes",
    "Spectrum",
    "learned_noise",
    "learned_params",
    "learned_risks",
    "loglog_slope",
    "mean_se",
    "positive",
    "positive_int",
    "ridge_isotropic",
    "ridge_parts",
    "ridge_risks",
    "ridge_risks_and_controls",
]


# --- sizes per profile -------------------------------------------------------------------------------------
# The fraction of the profile's Hypothesis examples each claim runs is its Check's ``examples`` (at least 4 are
# run): with 10 (ci) and 25 (verify) examples per claim, gd_loss and ridge_risk run 4 and 8, ridgeless_peak 4 and
# 5, ridge_exponent, gd_floor, gd_crossover and gd_curve 4 and 4. Timings (this 2-core CPU, one thread): ci about
# 20 s for the first four claims and 10 s for the three GD-regression ones; verify about 70 s and 25 s (gd_floor
# 5-7 s, gd_crossover 10-16 s including its filtered draws, gd_curve 7-11 s).

@dataclass(frozen=True)
class ScalingSizes:
    """Sizes of one profile.

    ``gd_coordinates`` coordinates and ``gd_t_max`` steps of the GD claim; ``ridge_n`` the range of ``n``,
    ``ridge_replicates`` designs per ridge-risk example, ``ridge_effective_n`` the smallest ``n - df_2``
    drawn and ``ridge_p_max`` the largest ``p``; ``peak_n`` and ``peak_replicates`` for the ridgeless
    peak; ``exponent_ns`` the doubling grid of the learning curves, ``exponent_replicates`` designs per
    point and ``exponent_p`` features (ci: 128, 4x cheaper; the DE's curvature on the grid is part of the
    tolerance)."""

    gd_coordinates: int
    gd_t_max: int
    ridge_n: tuple[int, int]
    ridge_replicates: int
    ridge_effective_n: int
    ridge_p_max: int
    peak_n: tuple[int, int]
    peak_replicates: int
    exponent_ns: tuple[int, ...]
    exponent_replicates: int
    exponent_p: int
    learned_n: tuple[int, int] = (150, 250)
    floor_n: tuple[int, int] = (200, 300)
    learned_per_decade: int = 16
    floor_replicates: int = 100
    crossover_replicates: int = 300
    curve_replicates: int = 150

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


SIZES: dict[str, ScalingSizes] = {
    "ci": ScalingSizes(gd_coordinates=2**16, gd_t_max=600, ridge_n=(180, 220), ridge_replicates=480,
                       ridge_effective_n=110, ridge_p_max=320, peak_n=(120, 160), peak_replicates=1200,
                       exponent_ns=(128, 256, 512, 1024), exponent_replicates=100, exponent_p=128,
                       learned_n=(100, 150), floor_n=(120, 180), floor_replicates=60, crossover_replicates=80,
                       curve_replicates=60),
    "verify": ScalingSizes(gd_coordinates=2**17, gd_t_max=1500, ridge_n=(250, 400), ridge_replicates=300,
                           ridge_effective_n=150, ridge_p_max=600,
                           peak_n=(200, 260), peak_replicates=1200,
                           exponent_ns=(128, 256, 512, 1024, 2048), exponent_replicates=96,
                           exponent_p=256, learned_n=(150, 250), floor_n=(200, 300), floor_replicates=100,
                           crossover_replicates=150),
    "verify-cuda": ScalingSizes(gd_coordinates=2**20, gd_t_max=4000, ridge_n=(300, 1000), ridge_replicates=2000,
                                ridge_effective_n=200, ridge_p_max=1500,
                                peak_n=(400, 1000), peak_replicates=3000,
                                exponent_ns=(128, 256, 512, 1024, 2048), exponent_replicates=240, exponent_p=256,
                                learned_n=(300, 500), floor_n=(400, 600), floor_replicates=400,
                                crossover_replicates=600, curve_replicates=400),
}


# --- validation of the parameter records -------------------------------------------------------------------

def positive_int(name: str, value: int, low: int = 1) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ValueError(f"{name} must be an integer >= {low}; got {value!r}")


def positive(name: str, value: float, low: float = 0.0) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low < value < float("inf"):
        raise ValueError(f"{name} must be a finite number > {low}; got {value!r}")


# --- small statistics --------------------------------------------------------------------------------------

def mean_se(values: FloatArray) -> tuple[float, float]:
    return float(np.mean(values)), float(np.std(values, ddof=1)) / math.sqrt(values.size)


def loglog_slope(x: FloatArray, y: FloatArray, rel_se: FloatArray | None = None) -> tuple[float, float]:
    """Weighted least-squares slope of ``log y`` on ``log x`` and its standard error.

    With ``rel_se`` (the relative standard errors of ``y``) the weights are ``1/rel_se^2`` and the
    standard error is the sampling one, ``(sum w (u - u_w)^2)^{-1/2}``; without, unit weights and the
    residual standard error of the fit (a deterministic curve's departure from a straight line)."""
    u, v = np.log(x), np.log(y)
    w = np.ones_like(u) if rel_se is None else 1.0 / rel_se**2
    ubar = float(np.sum(w * u) / np.sum(w))
    vbar = float(np.sum(w * v) / np.sum(w))
    sxx = float(np.sum(w * (u - ubar) ** 2))
    slope = float(np.sum(w * (u - ubar) * (v - vbar)) / sxx)
    if rel_se is not None:
        return slope, 1.0 / math.sqrt(sxx)
    residual = v - vbar - slope * (u - ubar)
    dof = max(1, u.size - 2)
    return slope, math.sqrt(float(np.sum(residual**2)) / dof / sxx)


# --- ridge regression (scaling.ridge_risk, scaling.ridge_exponent) -----------------------------------------

Spectrum = Literal["power", "two_level"]


@dataclass(frozen=True)
class RidgeParams:
    """Ridge regression, ``x ~ N(0, diag(eigs))``, ``y = <beta, x> + sigma eps``, ``n`` samples.

    ``spectrum="power"``: ``lambda_i = i^{-alpha}``, ``lambda_i beta_i^2 = i^{-1-2 alpha r}`` (normalised to
    signal power 1); ``"two_level"``: a fraction ``frac`` of the eigenvalues at ``high``, the rest at
    ``1``, ``beta_i^2 = 1/p`` in the eigenbasis. Risk averaged over ``replicates`` designs."""

    spectrum: Spectrum
    p: int
    n: int
    lam: float
    sigma2: float
    replicates: int
    alpha: float = 1.5
    r: float = 0.5
    high: float = 4.0
    frac: float = 0.2

    def __post_init__(self) -> None:
        if self.spectrum not in ("power", "two_level"):
            raise ValueError(f"spectrum must be 'power' or 'two_level'; got {self.spectrum!r}")
        positive_int("p", self.p)
        positive_int("n", self.n)
        positive_int("replicates", self.replicates, 2)
        if isinstance(self.lam, bool) or not (0.0 <= self.lam < float("inf")):
            raise ValueError(f"lam must be a finite number >= 0; got {self.lam!r}")
        if self.lam == 0.0 and self.p == self.n:
            raise ValueError("lam = 0 needs p != n")
        positive("sigma2", self.sigma2)
        positive("alpha", self.alpha, 1.0)
        positive("r", self.r)
        positive("high", self.high)
        if not 0.0 < self.frac < 1.0:
            raise ValueError(f"frac must lie in (0, 1); got {self.frac!r}")

    def population(self) -> tuple[FloatArray, FloatArray]:
        """``(eigs, beta2)``: the covariance eigenvalues and squared coefficients of ``beta``."""
        i = np.arange(1, self.p + 1, dtype=np.float64)
        if self.spectrum == "power":
            eigs = i**-self.alpha
            signal = i ** (-1.0 - 2.0 * self.alpha * self.r)
            return eigs, signal / eigs / float(np.sum(signal))
        top = max(1, round(self.frac * self.p))
        eigs = np.where(i <= top, self.high, 1.0)
        return eigs, np.full(self.p, 1.0 / self.p)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# Ridge risk against its deterministic equivalent: finite-size bias bound B_RIDGE / (n - df_2) relative
# (n - df_2 the effective sample size; for isotropic ridgeless data the exact bias is 1/(p - n - 1)
# relative on the variance, (n/p) / (n - df_2)). Calibration (calibrate.py, 16 verify draws, 300
# designs each, n in [120, 300]): the simulated mean is above the DE in every draw, by
# (+0.12 ... +0.86) / (n - df_2); (|dev| + 2 SE)(n - df_2) <= 1.27. B_RIDGE = 1.5.
B_RIDGE = 1.5


def ridge_parts(eigs: ArrayLike, beta2: ArrayLike, sigma2: float, n: int,
                kappa: float) -> tuple[float, float, float]:
    """``(bias, variance, df_2/n)`` of the ridge risk formula at the effective ridge ``kappa``, before the
    ``1/(1 - df_2/n)`` inflation (the pieces the wrong variants recombine)."""
    lam_i = np.asarray(eigs, dtype=np.float64)
    ratio = lam_i / (lam_i + kappa)
    df2 = float(np.sum(ratio**2))
    bias = kappa * kappa * float(np.sum(lam_i * np.asarray(beta2) / (lam_i + kappa) ** 2))
    return bias, sigma2 * df2 / n, df2 / n


def ridge_isotropic(eigs: ArrayLike, beta2: ArrayLike, sigma2: float, n: int, lam: float) -> float:
    """The isotropic formula: Sigma replaced by (tr Sigma / p) I with the same signal power <beta, Sigma beta>."""
    scaling.ridge_risk(eigs, beta2, sigma2, n, lam)
    lam_i = np.asarray(eigs, dtype=np.float64)
    level = float(np.mean(lam_i))
    signal = float(np.sum(lam_i * np.asarray(beta2)))
    p = lam_i.size
    return scaling.ridge_risk(np.full(p, level), np.full(p, signal / (level * p)), sigma2, n, lam)


BATCH_ELEMENTS = 2**22  # design entries per batch of replicates


def ridge_risks(params: RidgeParams, gen: torch.Generator) -> FloatArray:
    """Excess risks of ridge, one per Gaussian design (:func:`ridge_risks_and_controls` without the controls)."""
    return ridge_risks_and_controls(params, gen)[0]


def ridge_risks_and_controls(params: RidgeParams, gen: torch.Generator) -> tuple[FloatArray, FloatArray]:
    """Excess risks ``E_eps <beta_hat - beta, x>^2`` of ridge, one per Gaussian design (noise averaged exactly).

    Given ``X``: bias ``E_signs d^T Sigma d`` with ``d = (H - I) beta`` the noiseless error, averaged over
    independent random signs of ``beta``'s coordinates in the eigenbasis (the deterministic equivalent
    depends on ``beta_i^2`` only; conditioning removes the spread from ``beta``'s direction), variance
    ``sigma^2 tr(Sigma^{1/2} M^T M Sigma^{1/2})`` with ``M`` the map from labels to ``beta_hat``; the dual
    (``n x n``) system when ``n <= p``, the primal one otherwise; Cholesky solves, no inverses.

    Also returns the controls ``(replicates, p)``: ``(X^T X / n)_ii / lambda_i - 1`` per design, of mean 0
    exactly (``X`` has independent ``N(0, lambda_i)`` columns); computed from the same ``X``, so the
    random stream and the risks are those of the risks alone."""
    import torch

    from sim.device import DEFAULT_DTYPE as DTYPE

    device = gen.device
    eigs_np, beta2_np = params.population()
    root = torch.as_tensor(np.sqrt(eigs_np), dtype=DTYPE, device=device)
    beta = torch.as_tensor(np.sqrt(beta2_np), dtype=DTYPE, device=device)
    n, p = params.n, params.p
    batch = max(1, min(params.replicates, BATCH_ELEMENTS // (n * p)))
    out: list[torch.Tensor] = []
    controls: list[torch.Tensor] = []
    done = 0
    while done < params.replicates:
        size = min(batch, params.replicates - done)
        X = torch.randn(size, n, p, generator=gen, dtype=DTYPE, device=device) * root
        controls.append(torch.sum(X * X, dim=1) / (n * root * root) - 1.0)
        eye_p = torch.eye(p, dtype=DTYPE, device=device)
        if n <= p:
            gram = X @ X.transpose(1, 2) / n + params.lam * torch.eye(n, dtype=DTYPE, device=device)
            chol = torch.linalg.cholesky(gram)
            solved = torch.cholesky_solve(X, chol)  # (K + lam)^{-1} X
            residual = X.transpose(1, 2) @ solved / n - eye_p  # H - I, H = X^T (K + lam)^{-1} X / n
            scaled = solved * root  # (K + lam)^{-1} X Sigma^{1/2}
            variance = params.sigma2 * torch.sum(scaled * scaled, dim=(1, 2)) / n**2
        else:
            cov = X.transpose(1, 2) @ X / n
            chol = torch.linalg.cholesky(cov + params.lam * eye_p)
            inverse = torch.cholesky_inverse(chol)  # B = (S + lam)^{-1}
            residual = -params.lam * inverse  # H - I = -lam B
            # noise part of beta_hat = B X^T eps / n: sigma^2/n tr(Sigma B S B), and B S B = B - lam B^2,
            # so tr(Sigma B S B) = sum_i lambda_i B_ii - lam sum_ij lambda_i B_ij^2 (O(p^2) given B)
            weights = root * root
            variance = params.sigma2 * (inverse.diagonal(dim1=1, dim2=2) @ weights
                                        - params.lam * (inverse * inverse).sum(dim=2) @ weights) / n
        # bias averaged over independent random signs of beta's coordinates (the eigenbasis is fixed):
        # E d^T Sigma d = sum_i beta_i^2 [(H - I)^T Sigma (H - I)]_ii
        weighted = residual * root.unsqueeze(-1)  # rows j scaled by lambda_j^{1/2}
        bias = torch.sum(weighted * weighted, dim=1) @ (beta * beta)
        out.append(bias + variance)
        done += size
    return (torch.cat(out).cpu().numpy().astype(np.float64),
            torch.cat(controls).cpu().numpy().astype(np.float64))


# --- GD on Gaussian linear regression (scaling.gd_floor, scaling.gd_crossover, scaling.gd_curve) ------------
# Simulated risks averaged exactly over the label noise and the signs of beta (learned_risks). The bias bounds
# B_FLOOR, B_CROSS and B_CURVE are in the claims' modules with their calibration (the runs
# python -m rmtcheck.families.scaling.calibrate learned 12 200 and ... calibrate curve 10 200).

@dataclass(frozen=True)
class LearnedParams:
    """GD on Gaussian linear regression (the learned version of ``GDParams``): ``p = ratio n`` features with
    covariance eigenvalues ``Lambda k^{-nu}``, ``lambda_k beta_k^2 = C k^{-a nu - 1}`` (``kappa = a nu``),
    label noise ``sigma2``, step ``eta = eta_frac / s_plus`` (``s_plus`` the upper edge of the deterministic-
    equivalent spectrum of ``S``), ``replicates`` designs; the risk is recorded on ``per_decade`` log-spaced
    times per decade from ``t = 1`` to ``span / (eta s_minus)`` and at ``t = inf``."""

    n: int
    ratio: int
    nu: float
    a: float
    sigma2: float
    eta_frac: float
    replicates: int
    per_decade: int = 24
    span: float = 100.0
    Lambda: float = 1.0
    C: float = 1.0

    def __post_init__(self) -> None:
        positive_int("n", self.n, 2)
        positive_int("ratio", self.ratio, 2)
        positive("nu", self.nu, 1.0)
        positive("a", self.a)
        if isinstance(self.sigma2, bool) or not 0.0 <= self.sigma2 < float("inf"):
            raise ValueError(f"sigma2 must be a finite number >= 0; got {self.sigma2!r}")
        if isinstance(self.eta_frac, bool) or not 0.0 < self.eta_frac < 1.0:
            raise ValueError(f"eta_frac must lie in (0, 1); got {self.eta_frac!r}")
        positive_int("replicates", self.replicates, 2)
        positive_int("per_decade", self.per_decade, 4)
        positive("span", self.span, 1.0)
        positive("Lambda", self.Lambda)
        positive("C", self.C)

    @property
    def p(self) -> int:
        return self.ratio * self.n

    def population(self) -> tuple[FloatArray, FloatArray]:
        """``(eigs, beta2)`` of the covariance and the target in its eigenbasis."""
        k = np.arange(1, self.p + 1, dtype=np.float64)
        eigs = self.Lambda * k**-self.nu
        return eigs, self.C * k ** (-self.a * self.nu - 1.0) / eigs

    def edges(self) -> tuple[float, float]:
        from theory.scaling import de_spectrum_edges

        return de_spectrum_edges(self.population()[0], self.n)

    @property
    def eta(self) -> float:
        return self.eta_frac / self.edges()[1]

    @property
    def times(self) -> FloatArray:
        """Finite recording times (``t = inf`` is recorded besides)."""
        s_minus = self.edges()[0]
        decades = math.log10(self.span / (self.eta * s_minus))
        return np.asarray(np.geomspace(1.0, 10.0**decades, math.ceil(decades * self.per_decade) + 1))

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "p": self.p, "eta": self.eta}


def learned_noise(n: int, ratio: int, nu: float, a: float, share: float) -> float:
    """``sigma^2`` such that the noise part of the floor is ``share`` times its bias part:
    ``sigma^2 df_2/n = share kappa_0^2 sum lambda_k beta_k^2/(lambda_k + kappa_0)^2`` at the ridgeless
    ``kappa_0``."""
    from theory.scaling import effective_ridge

    eigs, beta2 = LearnedParams(n=n, ratio=ratio, nu=nu, a=a, sigma2=0.0, eta_frac=0.5, replicates=2).population()
    k0 = effective_ridge(eigs, n, 0.0)
    df2 = float(np.sum((eigs / (eigs + k0)) ** 2))
    bias = k0 * k0 * float(np.sum(eigs * beta2 / (eigs + k0) ** 2))
    return share * n * bias / df2


@st.composite
def learned_params(draw: st.DrawFn, sizes: ScalingSizes, replicates: int, n_range: tuple[int, int],
                   a_max: float) -> LearnedParams:
    """The learned-GD draw shared by gd_floor, gd_crossover and gd_curve: ``n`` in ``n_range``, ``p = 4n ... 6n``,
    ``nu`` in [1.25, 2], ``kappa/nu`` in [0.5, ``a_max``], label noise 3-6% of the floor's bias part
    (:func:`learned_noise`), ``eta = (0.5-0.7)/s_plus``."""
    n = draw(st.integers(*n_range))
    ratio = draw(st.integers(4, 6))
    nu = draw(st.floats(1.25, 2.0))
    a = draw(st.floats(0.5, a_max))
    share = draw(st.floats(0.03, 0.06))
    return LearnedParams(n=n, ratio=ratio, nu=nu, a=a, sigma2=learned_noise(n, ratio, nu, a, share),
                         eta_frac=draw(st.floats(0.5, 0.7)), replicates=replicates,
                         per_decade=sizes.learned_per_decade)


def learned_risks(params: LearnedParams, gen: torch.Generator, *, curve: bool = True) -> FloatArray:
    """GD on Gaussian linear regression: the excess risk of ``w_t`` per design (rows) at ``params.times`` and at
    ``t = inf`` (last column), averaged exactly over the label noise and over the signs of ``beta``'s coordinates
    in the eigenbasis (the deterministic equivalent depends on ``beta_k^2`` only). ``curve=False``: the
    ``t = inf`` column only.

    ``w_t = X^T phi_t(K) y / n`` with ``K = X X^T/n = U diag(s) U^T`` and ``phi_t(s) = (1 - (1 - eta s)^t)/s``
    (GD from 0, closed form; ``phi_inf = 1/s``: the minimum-norm interpolator). With ``Y = U^T X``,
    ``G = Y Sigma Y^T/n``, ``C = Y diag(beta^2) Y^T`` and ``e_a = sum_k beta_k^2 lambda_k Y_ak^2``, the residual is
    ``(I - H_t) beta``, ``H_t = Y^T diag(phi_t) Y/n``, and
    ``E_signs bias = sum_k beta_k^2 lambda_k - 2 phi_t . e/n + phi_t^T (G o C) phi_t/n`` (``o`` the entrywise
    product), variance ``sigma^2/n sum_a phi_a^2 G_aa``: O(n^2) per time after O(n^2 p) per design."""
    import torch

    from sim.device import DEFAULT_DTYPE as DTYPE

    device = gen.device
    eigs_np, beta2_np = params.population()
    eigs = torch.as_tensor(eigs_np, dtype=DTYPE, device=device)
    beta2 = torch.as_tensor(beta2_np, dtype=DTYPE, device=device)
    root = eigs.sqrt()
    n, p = params.n, params.p
    eta = params.eta
    times = torch.as_tensor(params.times if curve else np.zeros(0), dtype=DTYPE, device=device)
    base = float(torch.sum(eigs * beta2))
    rows: list[torch.Tensor] = []
    for _ in range(params.replicates):
        X = torch.randn(n, p, generator=gen, dtype=DTYPE, device=device) * root
        s, U = torch.linalg.eigh(X @ X.T / n)
        if not float(eta * s[-1]) < 1.0:
            raise ValueError(f"eta lambda_max(S) = {float(eta * s[-1])!r} >= 1: the closed-form filter needs "
                             "1 - eta s > 0; lower eta_frac")
        Y = U.T @ X  # n x p
        gram = (Y * eigs) @ Y.T / n
        weighted = (Y * beta2) @ Y.T  # C
        e = (Y * Y) @ (beta2 * eigs)
        kernel = gram * weighted
        decay = torch.pow((1.0 - eta * s)[None, :], times[:, None])  # T x n
        phi = torch.cat(((1.0 - decay) / s, (1.0 / s)[None, :]), dim=0)  # (T + 1) x n
        bias = base - 2.0 * (phi @ e) / n + torch.sum((phi @ kernel) * phi, dim=1) / n
        variance = params.sigma2 / n * (phi * phi) @ torch.diagonal(gram)
        rows.append(bias + variance)
    return torch.stack(rows).cpu().numpy().astype(np.float64)


@dataclass(frozen=True)
class GDParams:
    """GD on ``(1/2) sum_k lambda_k (w_k - w*_k)^2`` over ``K`` coordinates, ``lambda_k = Lambda k^{-nu}``,
    ``lambda_k c_k^2 = C k^{-kappa-1}``, step ``eta``; the loss is recorded at ``times`` (log-spaced
    integers in ``[t0, t_max]``); the fit window is the last ``fit_points`` of them."""

    nu: float
    kappa: float
    eta: float
    K: int
    t0: int
    t_max: int
    points: int = 16
    fit_points: int = 8
    Lambda: float = 1.0
    C: float = 1.0

    def __post_init__(self) -> None:
        positive("nu", self.nu, 1.0)
        positive("kappa", self.kappa)
        positive("eta", self.eta)
        positive("Lambda", self.Lambda)
        positive("C", self.C)
        if not self.eta * self.Lambda < 2.0:
            raise ValueError(f"eta * Lambda must be < 2; got {self.eta * self.Lambda!r}")
        positive_int("K", self.K, 2)
        positive_int("t0", self.t0)
        positive_int("t_max", self.t_max, self.t0 + 1)
        positive_int("points", self.points, 3)
        positive_int("fit_points", self.fit_points, 3)
        if self.fit_points > self.points:
            raise ValueError(f"fit_points must be <= points; got {self.fit_points} > {self.points}")

    @property
    def times(self) -> FloatArray:
        grid = np.unique(np.round(np.geomspace(self.t0, self.t_max, self.points)))
        return np.asarray(grid, dtype=np.float64)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "a": self.kappa / self.nu}


def gd_losses(params: GDParams, gen: torch.Generator) -> FloatArray:
    """Run GD ``w <- w - eta A (w - w*)`` on the diagonal quadratic and return the loss at ``params.times``.

    The residual ``w_0 - w*`` has coordinates ``+-c_k`` with random signs from ``gen`` (the loss does
    not depend on them; GD is rotation-equivariant, so the diagonal basis loses no generality)."""
    import torch

    from sim.device import DEFAULT_DTYPE as DTYPE

    device = gen.device
    eigs_np, coef2_np = gd_power_law_spectrum(params.K, params.Lambda, params.nu, params.C, params.kappa)
    eigs = torch.as_tensor(eigs_np, dtype=DTYPE, device=device)
    signs = torch.randint(0, 2, (params.K,), generator=gen, device=device).to(DTYPE) * 2.0 - 1.0
    residual = torch.as_tensor(np.sqrt(coef2_np), dtype=DTYPE, device=device) * signs
    factor = 1.0 - params.eta * eigs
    record = {int(t) for t in params.times}
    losses: dict[int, float] = {}
    for step in range(1, params.t_max + 1):
        residual = residual * factor
        if step in record:
            losses[step] = 0.5 * float(torch.sum(eigs * residual * residual))
    return np.asarray([losses[int(t)] for t in params.times])


@dataclass(frozen=True)
class ExponentParams:
    """Learning curves of ridge with ``lam = lam0 n^{-ell}`` on the power-law model (``alpha``, ``r``,
    noise ``sigma2``), ``p`` features, at the sample sizes ``ns`` with ``replicates`` designs each: one
    schedule ``ell`` in the bias-dominated phase and one ``ell_variance`` in the variance-dominated
    phase (its constant ``lam0_variance``)."""

    alpha: float
    r: float
    ell: float
    ell_variance: float
    lam0: float
    lam0_variance: float
    sigma2: float
    p: int
    ns: tuple[int, ...]
    replicates: int

    def __post_init__(self) -> None:
        positive("alpha", self.alpha, 1.0)
        positive("r", self.r)
        positive("ell", self.ell)
        positive("ell_variance", self.ell_variance)
        positive("lam0", self.lam0)
        positive("lam0_variance", self.lam0_variance)
        positive("sigma2", self.sigma2)
        positive_int("p", self.p)
        positive_int("replicates", self.replicates, 2)
        if len(self.ns) < 3 or any(isinstance(v, bool) or not isinstance(v, int) or v < 1 for v in self.ns):
            raise ValueError(f"ns must hold at least 3 positive integers; got {self.ns!r}")
        if list(self.ns) != sorted(set(self.ns)):
            raise ValueError(f"ns must be strictly increasing; got {self.ns!r}")

    def ridge(self, n: int, ell: float) -> RidgeParams:
        """The ridge problem at ``n`` samples for the schedule ``ell`` (``self.ell`` or ``self.ell_variance``)."""
        lam0 = self.lam0 if ell == self.ell else self.lam0_variance
        return RidgeParams("power", self.p, n, lam0 * n**-ell, self.sigma2, self.replicates,
                           alpha=self.alpha, r=self.r)

    def claimed_exponent(self, ell: float) -> float:
        """The claim's asymptotic exponent for the schedule ``ell`` (``theory.scaling.ridge_risk_exponent``)."""
        return ridge_risk_exponent(self.alpha, self.r, ell).exponent

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def crossing(times: FloatArray, risks: FloatArray, factor: float = 2.0) -> tuple[float, float]:
    """First passage of the mean risk through ``factor`` times the mean floor, and its standard error in ``log t``.

    ``risks``: designs x (``times`` + the floor ``t = inf``). Per design ``D(t) = R(t) - factor R(inf)`` (paired:
    the same design and signs); the crossing is the first sign change of the mean ``D`` on the grid, linearly
    interpolated in ``log t``; its SE is the SE of the mean ``D`` there over the local slope ``|dD/d log t|``
    (delta method). ``nan`` when the mean never crosses on the grid."""
    excess = risks[:, : times.size] - factor * risks[:, times.size: times.size + 1]
    mean = excess.mean(axis=0)
    below = np.nonzero(mean <= 0.0)[0]
    if below.size == 0 or below[0] == 0:
        return math.nan, math.nan
    i = int(below[0])
    u0, u1 = math.log(times[i - 1]), math.log(times[i])
    f0, f1 = float(mean[i - 1]), float(mean[i])
    root = u0 + (u1 - u0) * f0 / (f0 - f1)
    w = (root - u0) / (u1 - u0)
    local = (1.0 - w) * excess[:, i - 1] + w * excess[:, i]
    se = float(np.std(local, ddof=1)) / math.sqrt(local.size) / abs((f1 - f0) / (u1 - u0))
    return math.exp(root), se
