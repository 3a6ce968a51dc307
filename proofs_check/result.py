"""Typed result of a symbolic check."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CheckResult:
    """``holds`` is True when sympy reduced the stated identity to 0 (or True)."""

    name: str
    statement: str
    holds: bool
    detail: str = ""
