"""rmtcheck.theory: closed-form random-matrix predictions (numpy, scipy, mpmath; no torch).

Modules, by topic:

* :mod:`theory.mp` — Marchenko–Pastur law (density, CDF, edges, moments, Stieltjes transform);
* :mod:`theory.tracy_widom` — Tracy–Widom laws and the Wishart edge scaling;
* :mod:`theory.spiked` — spiked covariance / rectangular outliers, overlaps, BBP thresholds;
* :mod:`theory.lowrank` — error of the best rank-one approximation;
* :mod:`theory.heavy_tails`, :mod:`theory.power_law_fit`, :mod:`theory.phases` — heavy-tailed spectra,
  Hill / KS tail fits and the phase labels;
* :mod:`theory.kesten` — tail indices of Kesten recursions and one-dimensional SGD;
* :mod:`theory.rff` — random Fourier features (deterministic equivalents, double descent);
* :mod:`theory.adam_step` — one-step FB-Adam / GD update spectra;
* :mod:`theory.scaling` — scaling laws from power-law spectra;
* ``theory.RegimeWarning`` — emitted where a deterministic equivalent is measurably inaccurate.

The claims that these functions predict, with their experiments, live in the ``rmtcheck`` package
(``import rmtcheck``; ``rmtcheck list`` prints the catalog). ``__version__`` is the package version
(single source; ``rmtcheck.__version__`` re-exports it). ``theory`` imports neither ``sim`` nor ``rmtcheck``.
"""

from theory._warnings import RegimeWarning

__all__ = ["RegimeWarning", "__version__"]
__version__ = "0.2.0"
