"""rmtcheck.sim: torch simulations that verify the claims (float64, seeded, device-agnostic).

Shared blocks: :mod:`sim.ensembles`, :mod:`sim.spectra`, :mod:`sim.linalg`, :mod:`sim.spiked`,
:mod:`sim.heavy_tails`, :mod:`sim.rff`, :mod:`sim.two_layer`, :mod:`sim.statistics`,
:mod:`sim.device`; the shared tolerances (:mod:`sim.tolerances`), trend tests (:mod:`sim.trends`),
draw helpers (:mod:`sim.draws`) and parameter validation (:mod:`sim.params`).
The check API: :mod:`sim.check` (``Check``, discovery), :mod:`sim.harness` (``run``),
:mod:`sim.profiles`; the families: :mod:`sim.families` (one folder per claim family).
Reports and the command line: :mod:`sim.report`, :mod:`sim.figures`, :mod:`sim.cli`,
:mod:`sim.certificate`, :mod:`sim.publish`.
"""

from theory import __version__

__all__ = ["__version__"]
