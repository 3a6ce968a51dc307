"""``kesten.sgd_1d``: SGD on one-dimensional least squares with Gaussian data is a Kesten recursion whose
stationary tail index solves ``E|1 - (eta/B) chi2_B|^alpha = 1`` (Gürbüzbalaban, Şimşekli & Zhu 2021,
Theorem 2 with d = 1).

The claim record with its wrong variants, the draw and the check; the splitting experiment, its bias
bound ``B_KESTEN`` (with its calibration) and the resolution target are in
:mod:`rmtcheck.families.kesten._common`, shared with ``kesten.lognormal``.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st
from scipy import stats

from rmtcheck import Check, Claim, Variant
from rmtcheck.families.kesten._common import RESOLUTION_KESTEN, SIZES, KestenExperiment, KestenParams, KestenSizes
from rmtcheck.families.kesten.figures import TAIL_INDEX_FIGURE
from theory import kesten
from theory._validate import positive_finite, positive_int


def sgd_clt(eta: float, batch: int) -> float:
    """Tail index of the Gaussian (CLT) surrogate ``a = 1 - eta (1 + sqrt(2/B) Z)``: the same mean
    and variance as ``1 - (eta/B) chi2_B``, so it coincides with the claim at ``alpha = 2``; 5-9%
    below it at ``alpha`` in [1.77, 1.86] (the drawn step sizes: a near miss)."""
    step = positive_finite("eta", eta)
    size = positive_int("batch", batch)
    sd = step * math.sqrt(2.0 / size)
    law = stats.norm(1.0 - step, sd)
    return kesten.tail_index_from_density(law.pdf, 1.0 - step - 12.0 * sd, 1.0 - step + 12.0 * sd)


def _sgd_lognormal(eta: float, batch: int) -> float:
    """-2 E log|a| / Var log|a|: a log-normal law moment-matched to a = 1 - eta chi2_B / B."""
    size = positive_int("batch", batch)
    step = positive_finite("eta", eta)
    law = stats.chi2(size)
    draws = law.ppf((np.arange(200_000) + 0.5) / 200_000)
    logs = np.log(np.abs(1.0 - step * draws / size))
    return float(-2.0 * np.mean(logs) / np.var(logs))


def _sgd_batch_ignored(eta: float, batch: int) -> float:
    """The batch-size-one index: a = 1 - eta chi2_1, as if averaging over the batch did not matter."""
    positive_int("batch", batch)
    return kesten.sgd_tail_index(eta, 1)


CLAIM = Claim(
    id="kesten.sgd_1d",
    statement="SGD on 1-d least squares with Gaussian data is a Kesten recursion: its stationary tail "
    "index solves E|1 - (eta/B) chi2_B|^alpha = 1.",
    formula=r"u \leftarrow \Big(1 - \frac{\eta}{B}\sum_{i\le B} x_i^2\Big) u "
    r"+ \frac{\eta}{B}\sum x_i\varepsilon_i,\quad \mathbb{E}\Big|1 - \frac{\eta}{B}\chi^2_B\Big|^\alpha = 1",
    citation="gurbuzbalaban2021",
    source="Gürbüzbalaban, Şimşekli & Zhu (2021), Theorem 2 (d = 1); Kesten (1973)",
    assumptions=("x ~ N(0, 1), label noise eps ~ N(0, 1); batch B in {2, 3}; E log|a| < 0",),
    regime="stationary law, splitting estimate as kesten.lognormal; step sizes where the CLT surrogate is "
    "5-9% off (tail index 1.77-1.86)",
    predict=kesten.sgd_tail_index,
    variants=(
        Variant("lognormal", "log|a| treated as Gaussian (moment-matched)", _sgd_lognormal),
        Variant("batch_ignored", "the batch-size-one law a = 1 - eta chi2_1", _sgd_batch_ignored),
        Variant("clt", "a = 1 - eta (1 + sqrt(2/B) Z): chi2_B replaced by a Gaussian of equal mean, variance",
                sgd_clt, near_miss=True),
    ),
    resolution_target=RESOLUTION_KESTEN,
    resolution_basis="as kesten.lognormal (docs/kesten.md): splitting SE 0.2-0.55% of the index, "
    "4 SE + the 0.3% bias bound + the error: 2.4-2.5% (median example 1.8%)",
)

# Step sizes where the CLT surrogate's index (the near miss) is 5.1-8.6% below the claim (tail
# index 1.77-1.86; the surrogate coincides with the claim at alpha = 2).
SGD_STEPS = {2: (1.05, 1.075), 3: (1.245, 1.275)}


@st.composite
def sgd_params(draw: st.DrawFn, scale: KestenSizes) -> KestenParams:
    """Batch 2 or 3 (batch 1 makes the batch-ignored variant coincide), step sizes in SGD_STEPS."""
    batch = draw(st.sampled_from(sorted(SGD_STEPS)))
    return KestenParams("sgd", eta=draw(st.floats(*SGD_STEPS[batch])), batch=batch, runs=scale.kesten_runs)


# Seconds per example (131072 chains with splitting): a fraction of the profile's examples.
CHECK = Check(CLAIM, KestenExperiment(), draws=sgd_params, sizes=SIZES, examples=0.32,
              figures=(TAIL_INDEX_FIGURE,))
