"""The random Fourier feature claims (``rff.*``) and their wrong variants.

Registered random-Fourier-feature claims (``rff.*``) and their wrong variants.
"""

from __future__ import annotations

from numpy.typing import ArrayLike

from rmtcheck.claim import Claim, Variant
from theory import rff
from theory._validate import positive_int

_ASSUMPTIONS = (
    "data fixed (rows of X, scaled so that mean |x|^2 = 1); randomness from W only, iid N(0, 1)",
    "n, p, N large and comparable; lam > 0",
)

_CITE_SOURCE = "Liao, Couillet & Mahoney (2020), Theorems 1-3; Couillet & Liao (2022), §5.5; source document 001"


def _naive(X: ArrayLike, y: ArrayLike, X_test: ArrayLike, y_test: ArrayLike, N: int, lam: float) -> rff.RFFErrors:
    """Kernel ridge regression with the Gaussian kernel and ridge (n/N) lam: d_cos = d_sin = 0."""
    train, test = rff.gaussian_kernel_limit(X, y, X_test, y_test, N, lam)
    return rff.RFFErrors(N, lam, train, test, rff.FixedPoint(0.0, 0.0, 0, 0.0))


def _first_order(X: ArrayLike, y: ArrayLike, X_test: ArrayLike, y_test: ArrayLike, N: int,
                 lam: float) -> rff.RFFErrors:
    """Q_bar plugged into the squared errors, the second-order (Omega) terms dropped."""
    train, test = rff.first_order_errors(X, y, X_test, y_test, N, lam)
    return rff.RFFErrors(N, lam, train, test, rff.FixedPoint(0.0, 0.0, 0, 0.0))


def _misplaced(X: ArrayLike, y: ArrayLike, X_test: ArrayLike, y_test: ArrayLike, N: int,
               lam: float) -> rff.RFFErrors:
    """D_a^2 on the wrong side of Omega in the second-order term (near miss)."""
    return rff.misplaced_errors(X, y, X_test, y_test, N, lam)


def _peak_with_zero_frequency(*, n: int, p: int) -> float:
    """2(N + 1) = n: a zero-frequency pair (cos 0 = 1, sin 0 = 0) counted with the features (near miss)."""
    return rff.ridgeless_peak_ratio(n=n, p=p) - 1.0 / positive_int("n", n)


def _fresh_counted(X: ArrayLike, N: int, lam: float) -> rff.FixedPoint:
    """The fixed point with N + 1 features: the fresh feature counted in Q_bar (near miss)."""
    return rff.fixed_point(X, positive_int("N", N) + 1, lam)


def _zero_delta(X: ArrayLike, N: int, lam: float) -> rff.FixedPoint:
    """d_cos = d_sin = 0: the Gaussian-kernel (N -> inf) picture."""
    rff.fixed_point(X, N, lam)
    return rff.FixedPoint(0.0, 0.0, 0, 0.0)


def _peak_at_n(*, n: int, p: int) -> float:
    """N = n: counting N features instead of 2N."""
    return rff.ridgeless_peak_ratio(n=n, p=p) * 2.0


def _peak_at_p(*, n: int, p: int) -> float:
    """N = p: the input dimension as the number of parameters."""
    rff.ridgeless_peak_ratio(n=n, p=p)
    return positive_int("p", p) / n


_MSE_VARIANTS = (
    Variant("gaussian_kernel", "kernel ridge with the Gaussian kernel (d = 0, the N -> inf limit)", _naive),
    Variant("first_order", "Q_bar in place of Q, no second-order term", _first_order),
    Variant("misplaced_d2", "D_a^2 on the other side of Omega (sum_ab t_a Omega_ab D_b^2 f_b); 4-10% off "
            "where drawn", _misplaced, near_miss=True),
)

_MSE_REGIME = ("labels independent of X (mixture with class mean 0, see docs/rff.md), n in [128, 192], "
               "p/n in [1, 1.5] (test: [1, 1.25]), N/n in [0.2, 0.24], lam in [1e-3, 3e-3]; 512 draws of W, "
               "16 label vectors each")

_MSE_BASIS = ("4 standard errors of a mean over 512 draws x 16 label vectors (0.09-0.16%) plus the bias bound "
              "plus the measured offset (docs/rff.md)")

CLAIMS: tuple[Claim, ...] = (
    Claim(
        id="rff.fixed_point",
        statement="For a fresh feature w, (1/n) cos(Xw)^T Q cos(Xw) and the sin analogue concentrate on "
        "the two distinct solutions d_cos, d_sin of the deterministic-equivalent fixed point.",
        formula=r"\delta_\sigma = \frac1n\operatorname{tr} K_\sigma \bar Q,\quad \bar Q = \Big(\frac Nn\Big("
        r"\frac{K_{\cos}}{1+\delta_{\cos}} + \frac{K_{\sin}}{1+\delta_{\sin}}\Big) + \lambda I\Big)^{-1}",
        citation="liao2020",
        source=_CITE_SOURCE + " (Theorem 1 and its proof)",
        assumptions=_ASSUMPTIONS,
        regime="two-class Gaussian mixture (|mu| in [0, 0.3]), n in [128, 192], p in [n, 2n], "
        "N/n in [0.22, 0.28], lam in [1e-2, 1.5e-2] (d in [7, 20], where the 1/d near miss is 5-10% off); "
        "256 resolvents, forms conditioned on Q",
        predict=rff.fixed_point,
        variants=(
            Variant("shared_delta", "one d for cos and sin (2N iid features with kernel K/2)",
                    rff.shared_fixed_point),
            Variant("zero_delta", "d = 0: the Gaussian-kernel limit", _zero_delta),
            Variant("large_delta", "K_a / d_a in place of K_a / (1 + d_a) (the large-d approximation)",
                    rff.large_delta_fixed_point, near_miss=True),
            Variant("fresh_counted", "N + 1 features in Q_bar (the fresh feature counted): 1-2% low",
                    _fresh_counted, near_miss=True),
        ),
        resolution_target=0.01,
        resolution_basis="forms conditioned on Q (tr(K_a Q)/n): 4 SE of 256 resolvents (<= 0.3%) plus the 0.3% "
        "bias bound B_DELTA plus the measured finite-size bias (<= 0.21%)",
    ),
    Claim(
        id="rff.train_mse",
        statement="The training MSE of RFF ridge regression, averaged over W, matches its deterministic "
        "equivalent at finite N/n.",
        formula=r"E_{\rm train} = \frac{\lambda^2}{n}\|\bar Q y\|^2 + \frac{\lambda^2 N}{n^2}"
        r"\sum_{ab}\frac{\operatorname{tr}\bar QK_a\bar Q}{n(1+\delta_a)^2}\Omega_{ab}\,y^\top\bar QK_b\bar Qy",
        citation="liao2020",
        source=_CITE_SOURCE + " (Theorem 2)",
        assumptions=_ASSUMPTIONS,
        regime=_MSE_REGIME,
        predict=rff.errors,
        variants=_MSE_VARIANTS,
        resolution_target=0.015,
        resolution_basis=_MSE_BASIS + ": 0.5% + 0.3% + <= 0.15%",
    ),
    Claim(
        id="rff.test_mse",
        statement="The test MSE of RFF ridge regression, averaged over W, matches its deterministic "
        "equivalent at finite N/n (double descent included).",
        formula=r"E_{\rm test} = \frac1{\hat n}\|\hat y - \tfrac Nn\Phi\bar Qy\|^2 + \frac{N^2}{n^2\hat n}"
        r"\sum_{ab}\frac{\Theta_a}{(1+\delta_a)^2}\Omega_{ab}\,y^\top\bar QK_b\bar Qy",
        citation="liao2020",
        source=_CITE_SOURCE + " (Theorem 3; derived here, see theory/rff.py)",
        assumptions=_ASSUMPTIONS,
        regime=_MSE_REGIME,
        predict=rff.errors,
        variants=_MSE_VARIANTS,
        resolution_target=0.02,
        resolution_basis=_MSE_BASIS + ": 0.65% + 0.6% + a resolved positive offset <= 0.4% at p/n <= 1.25",
    ),
    Claim(
        id="rff.ridgeless_peak",
        kind="threshold",
        statement="With a vanishing ridge the RFF test MSE peaks at N/n = 1/2, where the 2N features "
        "equal the n samples.",
        formula=r"\arg\max_{N/n} E_{\rm test}(\lambda \to 0) = 1/2",
        citation="liao2020",
        source=_CITE_SOURCE + " (§4, double descent)",
        assumptions=_ASSUMPTIONS,
        regime="lam = 1e-6; n even in [40, 80]; every integer N with |N - n/2| <= 4 (24 draws each); "
        "tolerance half a grid step, 1/(2n)",
        predict=rff.ridgeless_peak_ratio,
        variants=(
            Variant("peak_at_n", "N = n (N features counted, not 2N)", _peak_at_n),
            Variant("peak_at_p", "N = p (the input dimension)", _peak_at_p),
            Variant("zero_frequency_pair", "2(N + 1) = n (a constant feature pair counted): 2/n = 2-5% low",
                    _peak_with_zero_frequency, near_miss=True),
        ),
        resolution_target=0.03,
        resolution_basis="the arg-max over integer N resolves one feature pair: resolution 1/n <= 2.5% at n >= 40",
    ),
)
