"""rmtcheck.sim: the torch simulators (float64, seeded through explicit generators, CUDA when present).

Blocks: :mod:`sim.ensembles` (random matrices with given entry laws), :mod:`sim.spectra`
(eigen- and singular values, tridiagonal models), :mod:`sim.linalg`, :mod:`sim.spiked` (spiked
models), :mod:`sim.heavy_tails`, :mod:`sim.rff` (random Fourier features), :mod:`sim.two_layer`
(the one- and multi-step FB-Adam / GD two-layer network), :mod:`sim.statistics`, :mod:`sim.device`.

``sim`` imports only ``theory`` and torch; the verification framework that uses these simulators is
the ``rmtcheck`` package. (``sim.check``, ``sim.harness``, ``sim.profiles`` and ``sim.testing`` are
deprecated aliases of its modules, kept for one release.)
"""

from theory import __version__

__all__ = ["__version__"]
