"""Issue 24's worked example: a researcher's own formula, verified with no tolerance chosen by hand."""
import torch
from hypothesis import strategies as st

from rmtcheck import Check, Predictor
from rmtcheck.asymptotic import Point, asymptotic_check

BIBTEX = """@article{benaychgeorges2011, author = {Benaych-Georges, Florent and Nadakuditi, Raj Rao},
  title = {The eigenvalues and eigenvectors of finite, low rank perturbations of large random matrices},
  journal = {Advances in Mathematics}, volume = {227}, pages = {494--521}, year = {2011}}"""


def overlaps(gen: torch.Generator, n: int, count: int, theta: float) -> torch.Tensor:
    """Squared overlap <v, u_1>^2 of the top eigenvector of theta e1 e1^T + GOE/sqrt(n), count replicates."""
    g = torch.randn(count, n, n, generator=gen, dtype=torch.float64, device=gen.device)
    w = (g + g.mT) / (2.0 * n) ** 0.5
    w[:, 0, 0] += theta  # v = e1: the GOE is rotation invariant
    return torch.square(torch.linalg.eigh(w).eigenvectors[:, 0, -1])


def goe_check(predict: Predictor) -> Check[Point]:
    return asymptotic_check(
        claim_id="goe.overlap", statement="The top eigenvector of a spiked GOE has squared overlap 1 - 1/theta^2.",
        formula=r"\langle v, u_1\rangle^2 \to 1 - \theta^{-2}\ (\theta > 1)", citation="benaychgeorges2011",
        predict=predict, params={"theta": st.floats(1.5, 3.0)}, batch=overlaps, order=1, bibtex=BIBTEX,
        variants={"three_percent_low": lambda theta: 0.97 * (1 - theta**-2), "no_sq": lambda theta: 1 - 1 / theta},
        near_misses=["three_percent_low"], resolution_target=0.025)


CHECK = goe_check(lambda theta: 1 - theta**-2)  # the formula: registered in pyproject.toml (rmtcheck.checks)
WRONG_CHECK = goe_check(lambda theta: 0.97 * (1 - theta**-2))  # 3% low: `rmtcheck verify` must fail it
