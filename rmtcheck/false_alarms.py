"""False-alarm rates of a claim's gates: counted over seeds, or modelled from per-example evidence.

A claim fails a run with every formula right in three ways (docs/error_budget.md): a statistic
falls outside its tolerance (*agreement*), a wrong variant is not rejected (*power*), or the planned
resolution of an example misses the target (*resolution*). Rates of order 1e-4 per claim cannot be
seen by counting a few hundred runs, so besides the count (:func:`clopper_pearson_upper`) this module
bounds them with a model fitted to the per-example evidence of the runs (``examples_detail`` rows of
``verification.json`` or ``evidence.jsonl``):

* agreement: for each statistic of the claim, the standardised error ``z = (measured - predicted) /
  unit`` (the unit is the recorded Monte Carlo standard error, or the tolerance for a bounded statistic)
  is modelled as normal with the mean and standard deviation observed over the pooled examples, so a
  wrong standard error or an unaccounted bias shows up as a wider or shifted fit; an example fails with
  probability ``P(|z| > tolerance / unit)`` at its own tolerance, summed over its statistics (a trend
  statistic fails only on the side away from its direction: a Spearman correlation cannot exceed 1);
* power: a variant stays unrejected when every one of its statistics is within its tolerance; with the
  same normal ``z``, the variant's standardised error is ``z + (e_v - e) / unit`` (``e`` the signed
  errors on the sample), and the example's probability is the product over statistics of
  ``P(|z + (e_v - e) / unit| <= tol_v / unit)`` (trend variants are the complementary directions and are
  rejected whenever the claim agrees);
* resolution: the planned resolution moves between examples at the same sizes only through the
  estimated standard errors: ``log(planned / target)`` is modelled as normal around the example's value
  with spread ``share / sqrt(2 (R - 1))`` (``share`` the estimated part of the tolerance, ``R`` the
  example's replicates, at least ``MIN_REPLICATES``); differences between drawn sizes are not noise but
  the design, whose worst case the pooled examples show.

A run of ``n`` examples fails with at most ``n`` times the mean per-example probability (the union
bound); the upper 95% bound comes from a bootstrap over the pooled examples. The model is stated, not
assumed exact: a standard error estimated from few replicates has heavier (Student-t) tails than the
normal fitted here, which is why the counted rates of the cheap claims are published beside it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats

from rmtcheck.tolerances import Z_MC

__all__ = ["ModelledRate", "clopper_pearson_upper", "modelled_rate"]

_MIN_SD = 1e-3
#: Replicates assumed behind a standard error where an example's parameters do not name them.
MIN_REPLICATES = 16
#: Share of a tolerance taken to be estimated (random) where no standard error is recorded: such tolerances
#: (Kolmogorov bounds, DKW bands, edge and grid scales) are functions of the sizes.
Z_SHARE = 0.0


def clopper_pearson_upper(failures: int, runs: int, confidence: float = 0.95) -> float:
    """The one-sided upper ``confidence`` bound of a failure rate from ``failures`` in ``runs`` (exact)."""
    if isinstance(runs, bool) or not isinstance(runs, int) or runs < 1:
        raise ValueError(f"runs must be a positive integer; got {runs!r}")
    if isinstance(failures, bool) or not isinstance(failures, int) or not 0 <= failures <= runs:
        raise ValueError(f"failures must be an integer in [0, runs = {runs}]; got {failures!r}")
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must lie in (0, 1); got {confidence!r}")
    if failures == runs:
        return 1.0
    return float(stats.beta.ppf(confidence, failures + 1, runs - failures))


@dataclass(frozen=True)
class ModelledRate:
    """The modelled false-alarm rate of one claim per run of ``examples_per_run`` examples.

    Attributes:
        examples: Pooled examples the model was fitted on.
        agreement, power, resolution: Per-run rate of each gate (union bound over the run's examples).
        total: Their sum.
        upper95: Bootstrap upper 95% bound of ``total``.
    """

    examples: int
    agreement: float
    power: float
    resolution: float
    total: float
    upper95: float


def _signed(c: Mapping[str, Any]) -> float:
    return float(c["measured"]) - float(c["predicted"])


def _is_trend(c: Mapping[str, Any]) -> bool:
    return c.get("min_effect") is not None


def _planned(example: Mapping[str, Any]) -> float:
    """The example's planned resolution (recorded, or from its comparisons in a report made before it was)."""
    if example.get("planned_resolution") is not None:
        return float(example["planned_resolution"])
    worst = 0.0
    for c in example["comparisons"]:
        if c.get("min_effect") is not None:
            worst = max(worst, float(c["min_effect"]))
            continue
        scale = abs(float(c["predicted"])) if c.get("scale") is None else float(c["scale"])
        worst = max(worst, math.inf if scale == 0.0 else float(c["tolerance"]) / scale)
    return worst


def _fit(values: np.ndarray[Any, Any]) -> tuple[float, float]:
    if values.size < 2:
        return float(values.mean()) if values.size else 0.0, 1.0
    return float(values.mean()), max(float(values.std(ddof=1)), _MIN_SD)


def _outside(mean: float, sd: float, *, low: bool = True, high: bool = True) -> float:
    """``P(u > 1) + P(u < -1)`` (the chosen sides) for ``u ~ N(mean, sd)``."""
    return float((stats.norm.sf((1.0 - mean) / sd) if high else 0.0)
                 + (stats.norm.cdf((-1.0 - mean) / sd) if low else 0.0))


def _unit(c: Mapping[str, Any]) -> float:
    """The noise unit of a comparison: its standard error where recorded, else its tolerance."""
    se = c.get("standard_error")
    return float(se) if se is not None and float(se) > 0.0 else float(c["tolerance"])


def _replicates(example: Mapping[str, Any]) -> int:
    """The replicates behind an example's standard errors (``MIN_REPLICATES`` where the parameters do not say)."""
    params = example.get("params") or {}
    values = [int(params[k]) for k in ("replicates", "draws", "chains", "designs")
              if isinstance(params.get(k), int)]
    return max([*values, MIN_REPLICATES])


def _per_example(examples: Sequence[Mapping[str, Any]]) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any],
                                                                   np.ndarray[Any, Any]]:
    """Per-example agreement, power and resolution probabilities under the model fitted to ``examples``."""
    width = min(len(ex["comparisons"]) for ex in examples)
    fits = []
    for j in range(width):
        z = np.array([_signed(ex["comparisons"][j]) / _unit(ex["comparisons"][j]) for ex in examples])
        fits.append(_fit(z))
    agree = np.zeros(len(examples))
    power = np.zeros(len(examples))
    resolution = np.zeros(len(examples))
    for i, ex in enumerate(examples):
        for j in range(width):
            c = ex["comparisons"][j]
            mean, sd = fits[j]
            unit = _unit(c)
            t = float(c["tolerance"]) / unit
            if _is_trend(c):
                centre = float(c["predicted"])
                agree[i] += _outside(mean / t, sd / t, low=centre >= 0.0, high=centre <= 0.0)
            else:
                agree[i] += _outside(mean / t, sd / t)
        for variant in ex.get("variants", {}).values():
            unrejected = 1.0
            for j, cv in enumerate(variant["comparisons"][:width]):
                c = ex["comparisons"][j]
                if _is_trend(c) or _is_trend(cv):
                    unrejected = 0.0
                    break
                mean, sd = fits[j]
                unit, tv = _unit(c), float(cv["tolerance"])
                shift = (_signed(cv) - _signed(c)) / unit
                unrejected *= 1.0 - _outside((mean + shift) * unit / tv, sd * unit / tv)
            power[i] += unrejected
        target = ex.get("resolution_target")
        if target:
            ratio = _planned(ex) / float(target)
            # the planned resolution moves only through the estimated standard errors: their share of the
            # tolerance times the relative spread of an SE estimated from R replicates, 1 / sqrt(2 (R - 1))
            share = max((Z_SHARE if c.get("standard_error") is None else
                         min(1.0, Z_MC * float(c["standard_error"]) / float(c["tolerance"])))
                        for c in ex["comparisons"])
            tau = share / math.sqrt(2.0 * (_replicates(ex) - 1))
            resolution[i] = 0.0 if ratio <= 0.0 else (
                float(ratio > 1.0) if tau == 0.0 else float(stats.norm.sf(-math.log(ratio) / tau)))
    return agree, power, resolution


def modelled_rate(examples: Sequence[Mapping[str, Any]], *, examples_per_run: int, bootstrap: int = 400,
                  seed: int = 0) -> ModelledRate:
    """The modelled per-run false-alarm rate of a claim from its pooled per-example evidence.

    ``examples``: ``examples_detail`` rows of one claim (from any number of runs, all of the same
    profile, each with ``comparisons``, ``variants``, ``planned_resolution`` and ``resolution_target``).
    """
    if len(examples) < 2:
        raise ValueError(f"examples must hold at least 2 pooled examples; got {len(examples)}")
    if isinstance(examples_per_run, bool) or not isinstance(examples_per_run, int) or examples_per_run < 1:
        raise ValueError(f"examples_per_run must be a positive integer; got {examples_per_run!r}")
    agree, power, resolution = _per_example(examples)
    scale = float(examples_per_run)
    totals = []
    rng = np.random.default_rng(seed)
    for _ in range(bootstrap):
        pick = rng.integers(0, len(examples), len(examples))
        a, p, r = _per_example([examples[k] for k in pick])
        totals.append(min(1.0, scale * float(a.mean() + p.mean() + r.mean())))
    total = min(1.0, scale * float(agree.mean() + power.mean() + resolution.mean()))
    return ModelledRate(len(examples), min(1.0, scale * float(agree.mean())),
                        min(1.0, scale * float(power.mean())), min(1.0, scale * float(resolution.mean())), total,
                        max(total, float(np.quantile(totals, 0.95))) if totals else total)


def pooled_examples(rows: Iterable[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    """``{claim id: examples}`` from report payloads (``verification.json``) or evidence lines."""
    pooled: dict[str, list[Mapping[str, Any]]] = {}
    for payload in rows:
        claims = payload.get("claims")
        items = claims.items() if isinstance(claims, Mapping) else [(payload.get("claim_id"), payload)]
        for claim_id, row in items:
            if claim_id is None:
                continue
            details = row.get("examples_detail") or []
            pooled.setdefault(str(claim_id), []).extend(d for d in details if d.get("comparisons"))
    return pooled


def whole_run(rates: Iterable[float]) -> float:
    """A whole run's rate from its claims' rates (the union bound, capped at 1)."""
    return min(1.0, math.fsum(rates))
