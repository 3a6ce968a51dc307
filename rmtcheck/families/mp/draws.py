"""Hypothesis draws of the Marchenko–Pastur claims: one function of the profile per claim.
"""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from rmtcheck.draws import SEPARATION, aspect_ratios, entry_laws, variances
from rmtcheck.families.mp.params import CovarianceParams
from rmtcheck.families.mp.sizes import SIZES
from rmtcheck.profiles import Profile
from sim.ensembles import EntryLaw


@st.composite
def covariance_params(
    draw: st.DrawFn,
    *,
    ratios: st.SearchStrategy[float] | None = None,
    replicates: int = 1,
    laws: st.SearchStrategy[EntryLaw] | None = None,
    m_range: tuple[int, int],
) -> CovarianceParams:
    """(p, n) with the smaller side in ``m_range`` and ``c = p/n``
    from ``ratios``."""
    c = draw(ratios if ratios is not None else aspect_ratios())
    low, high = m_range
    m = draw(st.integers(low, high))
    p, n = (m, max(1, round(m / c))) if c <= 1 else (round(m * c), m)
    law = draw(laws if laws is not None else entry_laws())
    return CovarianceParams(p=p, n=n, sigma2=draw(variances()), law=law, replicates=replicates)


# mp.edges: c far from 1, where the lower edge is soft and one Tracy–Widom unit is at most
# 2.2% of lambda_- at m >= 120 (c <= 0.15 or c >= 6.67), and where the linearised edges (near-miss variant)
# are 4.9-7.8% off at the upper edge.
EDGE_RATIOS = st.one_of(st.floats(0.08, 0.15), st.floats(6.67, 12.5))

# mp.moments / mp.stieltjes: n = m / c <= 6 m, so that the n - 1 normalisation (near-miss
# variant, a relative k/n) stays resolvable.
MOMENT_RATIOS = st.one_of(st.floats(0.25, 1.0 / SEPARATION), st.floats(SEPARATION, 4.0))


def esd(profile: Profile) -> SearchStrategy[CovarianceParams]:
    """Parameters of ``mp.esd``."""
    sizes = profile.pick(SIZES)
    return covariance_params(m_range=sizes.mp_m, replicates=sizes.esd_replicates)


def edges(profile: Profile) -> SearchStrategy[CovarianceParams]:
    """Parameters of ``mp.edges``."""
    sizes = profile.pick(SIZES)
    return covariance_params(ratios=EDGE_RATIOS, m_range=sizes.edge_m,
        replicates=sizes.edge_replicates)


def atom(profile: Profile) -> SearchStrategy[CovarianceParams]:
    """Parameters of ``mp.atom``."""
    sizes = profile.pick(SIZES)
    return covariance_params(ratios=st.floats(SEPARATION, 8.0), m_range=sizes.mp_m)


# Gaussian and Rademacher entries only: with Student-t(8) entries E z^8 is infinite, so E tr(S^4)/p (it
# contains sum_ij z_ij^8 / (p n^4)) is infinite at every finite size and tr(S^3)/p has infinite variance;
# the replicate mean and its standard error are then not estimates of anything (verify seed 2611242 drew
# p = 205, n = 128, Student-t: the k = 4 mean 0.06% off, but its SE 0.6% of m_4 gave a resolution of 2.4%
# against the 1.5% target). The limit law is the same for every law with a finite variance.
def moments(profile: Profile) -> SearchStrategy[CovarianceParams]:
    """Parameters of ``mp.moments``."""
    sizes = profile.pick(SIZES)
    return covariance_params(ratios=MOMENT_RATIOS, m_range=sizes.mp_m,
        replicates=sizes.replicates, laws=st.sampled_from(["gaussian", "rademacher"]))


def stieltjes(profile: Profile) -> SearchStrategy[CovarianceParams]:
    """Parameters of ``mp.stieltjes``."""
    sizes = profile.pick(SIZES)
    return covariance_params(ratios=MOMENT_RATIOS, m_range=sizes.mp_m,
        replicates=sizes.replicates)
