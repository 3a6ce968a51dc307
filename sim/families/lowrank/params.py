"""Parameter records of the Low-rank approximation error experiments.
"""

from __future__ import annotations





