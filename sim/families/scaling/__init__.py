"""The scaling-law family (``scaling.*``, issue 15): consequences of power-law spectra.

Modules:

* ``claims`` — ``CLAIMS``: ``scaling.gd_loss`` (GD loss on a power-law quadratic and its 1/t correction),
  ``scaling.ridge_risk`` (ridge deterministic equivalent, general spectra), ``scaling.ridgeless_peak`` (exact
  finite-n isotropic ridgeless risk on both sides of n = p), ``scaling.ridge_exponent`` (learning-curve
  exponents in the bias- and variance-dominated phases); each with gross and near-miss variants.
* ``params`` — frozen parameter records (``GDParams``, ``RidgeParams``, ``PeakParams``, ``ExponentParams``).
* ``sizes`` — ``ScalingSizes`` and ``SIZES`` for the ``ci``, ``verify`` and ``verify-cuda`` profiles.
* ``draws`` — Hypothesis strategies, one per claim (``gd_loss``, ``ridge_risk``, ``ridgeless_peak``,
  ``ridge_exponent``), sized by a ``ScalingSizes``.
* ``tolerances`` — the family's bias-bound constants with their calibration.
* ``simulate`` — the torch simulations (GD iterates, ridge risks conditioned on the design, ridgeless risks).
* ``experiments`` — ``EXPERIMENTS``, one ``sim.harness.Experiment`` per claim.
* ``figures`` — ``gd_loss_figure`` and ``ridge_curves_figure`` (``(path, plt) -> None``).
* ``proofs`` — ``PROOFS``: sympy checks of the derivations in ``docs/scaling.md``.
* ``calibrate`` / ``probe`` — the calibration run of ``B_RIDGE`` and an agreement probe used before wiring.

Closed forms: ``theory.scaling``.
"""

__all__ = ["claims", "draws", "experiments", "figures", "params", "proofs", "simulate", "sizes", "tolerances"]
