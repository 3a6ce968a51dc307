"""An outside package that verifies its own claim with rmtcheck: the spiked Wigner outlier.

For ``M = theta v v^T + W`` with ``W`` a GOE matrix normalised so that its spectrum fills
[-2, 2] and ``|v| = 1``, the largest eigenvalue tends to ``theta + 1/theta`` when ``theta > 1``
(Péché 2006; Féral & Péché 2007) and sticks to the edge 2 below. This package registers that
claim in the entry-point group ``rmtcheck.checks`` (see ``pyproject.toml``).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import torch
from hypothesis import strategies as st

from rmtcheck import Check, Claim, Comparison, Predictor, Profile, Variant

BIBTEX = """@article{peche2006,
  author = {P{\\'e}ch{\\'e}, Sandrine},
  title = {The largest eigenvalue of small rank perturbations of Hermitian random matrices},
  journal = {Probability Theory and Related Fields},
  volume = {134},
  pages = {127--173},
  year = {2006}
}"""


def outlier(theta: float) -> float:
    """``theta + 1/theta`` for ``theta > 1``."""
    if not theta > 1.0 or not math.isfinite(theta):
        raise ValueError(f"theta must be a finite number > 1; got {theta!r}")
    return theta + 1.0 / theta


def _population(theta: float) -> float:
    return theta


def _edge(theta: float) -> float:
    return 2.0


def _near_miss(theta: float) -> float:
    return theta + 1.15 / theta  # the 1/theta term 15% too large: 2-4% of the outlier


def claim(predict: Predictor = outlier, variants: tuple[Variant, ...] | None = None) -> Claim:
    """The claim (``predict`` and ``variants`` replaceable, to show what a wrong claim does)."""
    return Claim(
        id="wigner.outlier",
        statement="The top eigenvalue of a rank-one spiked GOE matrix tends to theta + 1/theta above theta = 1.",
        formula=r"\lambda_1 \to \theta + \theta^{-1}\quad(\theta > 1)",
        citation="peche2006",
        source="Theorem 1.1",
        assumptions=("GOE noise with semicircle on [-2, 2]", "rank-one perturbation theta v v^T"),
        regime="n -> inf, theta > 1 fixed",
        predict=predict,
        variants=variants if variants is not None else (
            Variant("population", "the spike theta itself", _population),
            Variant("edge", "the bulk edge 2", _edge),
            Variant("inflated_1_over_theta", "theta + 1.15/theta", _near_miss, near_miss=True),
        ),
        resolution_target=0.03,
        resolution_basis="the mean of 100 top eigenvalues at n >= 200: relative SE about 0.3%, bias bound 2/n",
    )


@dataclass(frozen=True)
class WignerParams:
    n: int
    theta: float
    replicates: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class WignerExperiment:
    """Mean top eigenvalue over ``replicates`` matrices; tolerance 4 standard errors plus a bias
    bound 2/n (the O(1/n) bias of the mean: measured n x bias = 0.46 +- 0.54 at theta = 1.5 and
    0.66 +- 0.65 at theta = 2.5, n = 400, 1500 matrices)."""

    def simulate(self, params: WignerParams, gen: torch.Generator) -> torch.Tensor:
        n, reps = params.n, params.replicates
        g = torch.randn(reps, n, n, generator=gen, dtype=torch.float64, device=gen.device)
        w = (g + g.transpose(1, 2)) / math.sqrt(2.0 * n)
        w[:, 0, 0] += params.theta  # v = e_1: the GOE is rotation invariant
        return torch.linalg.eigvalsh(w)[:, -1].cpu()

    def compare(self, sample: torch.Tensor, params: WignerParams, predict: Predictor) -> tuple[Comparison, ...]:
        mean = float(sample.mean())
        error = float(sample.std()) / math.sqrt(sample.numel())
        return (Comparison("mean top eigenvalue", mean, float(predict(params.theta)),
                           4.0 * error + 2.0 / params.n),)


def draws(profile: Profile) -> st.SearchStrategy[WignerParams]:
    top = 300 if profile.name == "ci" else 500
    return st.builds(WignerParams, n=st.integers(200, top), theta=st.floats(1.5, 2.2), replicates=st.just(100))


def make_check(predict: Predictor = outlier, variants: tuple[Variant, ...] | None = None) -> Check[WignerParams]:
    return Check(claim(predict, variants), WignerExperiment(), draws, examples=0.5, bibtex=BIBTEX)


CHECK = make_check()
# What rmtcheck says of a wrong formula (the 1/theta term 10% too large) and of a check whose
# variants cannot be told from the claim (both equal to it): "fail" and "no power".
WRONG_CHECK = make_check(predict=lambda theta: theta + 1.1 / theta)
POWERLESS_CHECK = make_check(variants=(Variant("same", "the claim itself", outlier),
                                       Variant("same_again", "the claim itself", outlier)))
