"""Warning classes shared by the closed forms (one definition, re-exported as ``theory.RegimeWarning``)."""

from __future__ import annotations

__all__ = ["RegimeWarning"]


class RegimeWarning(UserWarning):
    """A deterministic equivalent (or other large-size limit) evaluated where it is measurably inaccurate.

    The value is still returned; the function's docstring gives the measured size of the error in that regime
    (e.g. :func:`theory.scaling.ridge_risk` near the interpolation peak ``p = n`` and below ``n = 16``).
    Silence it with ``warnings.simplefilter("ignore", theory.RegimeWarning)`` where the caller knows."""
