"""Parameter records of the low-rank approximation error experiments.
"""

from __future__ import annotations





