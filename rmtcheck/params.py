"""Validation shared by the families' parameter records (``rmtcheck.families.<family>.params``).
"""

from __future__ import annotations


def check_size(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive integer; got {value!r}")


def check_strengths(name: str, values: tuple[float, ...]) -> None:
    if not values or any(not (isinstance(v, (int, float)) and v >= 0 and v == v and v != float("inf"))
                         for v in values):
        raise ValueError(f"{name} must be a non-empty tuple of finite numbers >= 0; got {values!r}")
