"""Verification profiles: how many Hypothesis examples, how large, how strict.

Two profiles (nothing is registered with Hypothesis or changed in its global settings: the
Hypothesis settings of a profile, :func:`hypothesis_settings`, are a ``settings`` object passed to
rmtcheck's own draws only):

* ``ci`` — derandomised, 10 examples per claim, moderate sizes; the whole suite runs within
  5 minutes on 2 CPU cores; resolution targets are enforced times :attr:`Profile.target_factor`
  (3: smaller sizes, still catching a check that lost its power).
* ``verify`` — random seed (printed, replayable), 25 examples per claim, larger sizes; each
  family's sizes grow further on a CUDA device (its ``"verify-cuda"`` sizes).

A family keeps its own sizes per profile (``SIZES = {"ci": ..., "verify": ..., "verify-cuda": ...}``)
and picks them with :meth:`Profile.pick`, so adding a family touches no shared table.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from hypothesis import HealthCheck, settings

__all__ = ["PROFILES", "Profile", "active", "get_profile", "hypothesis_settings"]

T = TypeVar("T")
_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]


@dataclass(frozen=True)
class Profile:
    """A named verification profile.

    Attributes:
        name: ``"ci"`` or ``"verify"``.
        max_examples: Hypothesis examples per claim (a check's ``examples`` fraction scales it).
        derandomize: Whether Hypothesis draws the same examples on every run.
        target_factor: Resolution targets are enforced times this factor (>= 1).
        cuda: Whether the run uses a CUDA device (selects the ``"<name>-cuda"`` sizes if a family
            declares them).
    """

    name: str
    max_examples: int
    derandomize: bool
    target_factor: float
    cuda: bool = False

    @property
    def size_key(self) -> str:
        """``"verify-cuda"`` for the verify profile on CUDA, else the profile's name."""
        return f"{self.name}-cuda" if self.cuda else self.name

    def pick(self, sizes: Mapping[str, T]) -> T:
        """A family's sizes for this profile: ``sizes[size_key]``, falling back to ``sizes[name]``."""
        if self.size_key in sizes:
            return sizes[self.size_key]
        try:
            return sizes[self.name]
        except KeyError:
            raise KeyError(f"no sizes for profile {self.name!r}; declared: {sorted(sizes)}") from None

    def examples(self, fraction: float) -> int:
        """``max(4, round(max_examples * fraction))``: the examples of a check costing seconds each."""
        return max(4, round(self.max_examples * fraction))


PROFILES: dict[str, Profile] = {
    "ci": Profile("ci", max_examples=10, derandomize=True, target_factor=3.0),
    "verify": Profile("verify", max_examples=25, derandomize=False, target_factor=1.0),
}

def get_profile(name: str, *, cuda: bool | None = None) -> Profile:
    """The profile called ``name`` (``ValueError`` otherwise); ``cuda=None`` asks torch whether a
    CUDA device is present (only the verify profile grows on CUDA)."""
    if name not in PROFILES:
        raise ValueError(f"profile must be one of {sorted(PROFILES)}; got {name!r}")
    base = PROFILES[name]
    if cuda is None:
        import torch

        cuda = torch.cuda.is_available()
    return Profile(base.name, base.max_examples, base.derandomize, base.target_factor,
                   cuda=bool(cuda) and name == "verify")


def active(default: str = "ci") -> Profile:
    """The profile named by ``RMTCHECK_PROFILE`` (default ``ci``)."""
    return get_profile(os.environ.get("RMTCHECK_PROFILE", default))


def hypothesis_settings(profile: Profile) -> settings:
    """The Hypothesis settings of ``profile`` (a new object; no global profile is registered or loaded)."""
    return settings(derandomize=profile.derandomize, max_examples=profile.max_examples, deadline=None,
                    suppress_health_check=_SLOW_OK, print_blob=True)
