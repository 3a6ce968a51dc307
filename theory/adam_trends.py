"""Multi-step trend claims of issue 16 (source document 002, §5.2 and appendix F.4): directions measured at
this machine's sizes, (n, h, d) = (2d, 1.5d, d), 10 full-batch FB-Adam steps. Empirical claims, tested as
Spearman rank correlations (docs/adam.md, "Issue 16 measurements")."""

from __future__ import annotations


def test_loss_trend() -> int:
    """``+1``: across learning rates from 0.5 to 32 times the one-step threshold, the test loss of the ridge
    read-out after 10 FB-Adam steps *increases* with ``eta`` at d = 100-200 (no weight normalisation). The
    source's Figure 5 reads a benign range where a heavier tail (larger ``eta``) generalises better; that
    direction (``-1``) is a registered wrong variant here."""
    return 1


def weight_norm_trend() -> int:
    """``-1``: weight normalisation lowers PL_Alpha_Hill after 10 FB-Adam steps, and the more so the larger
    ``eta`` (no effect below 2 eta*; source document 002, appendix F.4: "relatively heavier-tailed spectra")."""
    return -1


def steplr_trend() -> int:
    """``-1``: with a StepLR decay ``gamma`` per step, PL_Alpha_Hill after 10 FB-Adam steps at 8 eta* falls as
    ``gamma`` rises (a slower decay gives a heavier tail; a fast one keeps the spike and a light bulk;
    source document 002, appendix F.4, Figure 31)."""
    return -1
