"""Discovery: every check registered in the entry-point group ``rmtcheck.checks``.

The value of an entry point is a :class:`~rmtcheck.Check`, an iterable of checks, or a zero-argument
callable returning either. rmtcheck's own families register through the same group (its
distribution's entry point ``rmtcheck = "rmtcheck.families:builtin_checks"``) and are treated like any
other plugin, except that they come first and are marked ``"built-in"``. ``RMTCHECK_NO_PLUGINS=1``
(or ``plugins=False``) keeps only rmtcheck's own entry point; a broken plugin is reported
(``Discovery.errors``) and does not stop the others.
"""

from __future__ import annotations

import difflib
import functools
import os
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from importlib import metadata
from typing import Any

from rmtcheck.check import BUILTIN, Check

__all__ = ["GROUP", "Discovery", "PluginError", "discover", "discover_cached", "plugins_enabled", "suggest"]

GROUP = "rmtcheck.checks"
#: The name of the distribution whose entry points are rmtcheck's own (origin ``"built-in"``).
DISTRIBUTION = "rmtcheck"


@dataclass(frozen=True)
class PluginError:
    """An entry point that failed to load or returned something other than checks."""

    name: str
    value: str
    distribution: str
    error: str


def suggest(word: str, known: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``known`` to ``word``, else ``""``."""
    close = difflib.get_close_matches(word, list(known), n=3, cutoff=0.6)
    return f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""


@dataclass(frozen=True)
class Discovery:
    """The checks found, in order (built-in first, then plugins by name), and the failures."""

    checks: tuple[Check[Any], ...]
    errors: tuple[PluginError, ...] = ()

    def __iter__(self) -> Iterator[Check[Any]]:
        return iter(self.checks)

    def __len__(self) -> int:
        return len(self.checks)

    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.checks)

    def get(self, claim_id: str) -> Check[Any]:
        """The check of ``claim_id`` (``KeyError`` with the closest known ids otherwise)."""
        for check in self.checks:
            if check.id == claim_id:
                return check
        raise KeyError(f"unknown claim id {claim_id!r}{suggest(claim_id, self.ids())} "
                       "(rmtcheck list prints every id)")

    def families(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.family for c in self.checks))

    def select(self, ids: Iterable[str] = (), families: Iterable[str] = ()) -> tuple[Check[Any], ...]:
        """The checks with the given ids or in the given families (all of them when both are empty)."""
        wanted, fams = list(ids), list(dict.fromkeys(families))
        for claim_id in wanted:
            self.get(claim_id)
        for family in fams:
            if family not in self.families():
                raise KeyError(f"unknown family {family!r}{suggest(family, self.families())}; "
                               f"known: {', '.join(self.families())}")
        if not wanted and not fams:
            return self.checks
        return tuple(c for c in self.checks if c.id in wanted or c.family in fams)


def _as_checks(value: object, where: str) -> list[Check[Any]]:
    if isinstance(value, Check):
        return [value]
    if callable(value):
        value = value()
        if isinstance(value, Check):
            return [value]
    if isinstance(value, Iterable) and not isinstance(value, (str, bytes)):
        items = list(value)
        bad = [type(item).__name__ for item in items if not isinstance(item, Check)]
        if bad:
            raise TypeError(f"{where} yielded non-Check objects: {', '.join(bad)}")
        return items
    raise TypeError(f"{where} must be a Check, an iterable of checks, or a callable returning them; "
                    f"got {type(value).__name__}")


def plugins_enabled() -> bool:
    """Whether third-party plugins are discovered (``RMTCHECK_NO_PLUGINS`` unset or not 1/true/yes)."""
    return os.environ.get("RMTCHECK_NO_PLUGINS", "") not in ("1", "true", "yes")


def _distribution(point: metadata.EntryPoint) -> str:
    return point.dist.name if point.dist is not None else "unknown"


def discover(*, plugins: bool | None = None) -> Discovery:
    """Every check registered in the entry-point group ``rmtcheck.checks``.

    rmtcheck's own entry points (those of the distribution ``rmtcheck``) come first, origin
    ``"built-in"``; then the other distributions' entry points by name, origin the distribution's
    name. ``plugins=None`` reads ``RMTCHECK_NO_PLUGINS`` (``1`` keeps rmtcheck's own only). A plugin
    that fails to load, returns something else, or repeats a claim id is reported in
    ``Discovery.errors`` with its name and error; the others are still loaded. rmtcheck must be
    installed (``pip install -e .`` in a source tree) for its own entry point to exist.
    """
    if plugins is None:
        plugins = plugins_enabled()
    points = sorted(metadata.entry_points(group=GROUP),
                    key=lambda ep: (_distribution(ep).lower() != DISTRIBUTION, ep.name))
    checks: list[Check[Any]] = []
    errors: list[PluginError] = []
    seen: set[str] = set()
    for point in points:
        dist = _distribution(point)
        own = dist.lower() == DISTRIBUTION
        if not (own or plugins):
            continue
        try:
            found = _as_checks(point.load(), f"entry point {point.name!r}")
            repeated = sorted({c.id for c in found} & seen)
            if repeated:
                raise ValueError(f"claim id(s) already registered: {', '.join(repeated)}")
        except Exception as error:  # a broken plugin must not stop the others
            errors.append(PluginError(point.name, point.value, dist, "".join(
                traceback.format_exception_only(type(error), error)).strip()))
            continue
        seen |= {c.id for c in found}
        checks += [replace(c, origin=BUILTIN if own else dist) for c in found]
    return Discovery(tuple(checks), tuple(errors))


@functools.lru_cache(maxsize=2)
def discover_cached(plugins: bool) -> Discovery:
    """:func:`discover`, once per process and setting (workers and the Dask warm-up use it)."""
    return discover(plugins=plugins)
