"""Issue 16 additions to the ``adam`` family ("From Spikes to Heavy Tails", source document 002).

* ``adam.teacher_alignment``: ``|cos(v1(W1), beta)|`` after one FB-Adam step, the correlated right overlap
  times the teacher factor times the update's alignment (closed form derived in docs/adam.md);
* ``adam.overlap_outlier``: appendix C's overlap matrix of ``W1`` and the update, its outlier (the
  correlated left overlap) above the threshold and the Haar bound below;
* ``adam.test_loss_trend``, ``adam.weight_norm_trend``, ``adam.steplr_trend``: multi-step trends at this
  machine's sizes (docs/adam.md, issue-16 measurements).

Modules: ``claims`` (``CLAIMS``), ``params``, ``sizes`` (``SIZES``), ``draws``, ``tolerances``,
``experiments`` (``EXPERIMENTS``), ``figures`` (``FIGURES``), ``proofs`` (``CHECKS``, sympy).
"""

__all__ = ["claims", "draws", "experiments", "figures", "params", "proofs", "sizes", "tolerances"]
