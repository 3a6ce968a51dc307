"""False-alarm rates of a claim's gates: counted over seeds, or modelled from per-example evidence.

A claim fails a run with every formula right in three ways (docs/error_budget.md): a statistic
falls outside its tolerance (*agreement*), a wrong variant is not rejected (*power*), or the planned
resolution of an example misses the target (*resolution*). Rates of order 1e-4 per claim cannot be
seen by counting a few hundred runs, so besides the count (:func:`clopper_pearson_upper`) this module
bounds them with a model fitted to the per-example evidence of the runs (``examples_detail`` rows of
``verification.json`` or ``evidence.jsonl``):

* agreement of a Monte Carlo statistic (one that records its standard error): its tolerance is
  ``Z_MC SE + B``, and it fails when the *excess* ``(|e| - B) / SE`` exceeds ``Z_MC``. If the standard
  errors and the bias bound ``B`` are right, the excess is bounded by ``|N(0, 1)|``, so at most 4.6% of
  the claim's pooled excesses (all its Monte Carlo statistics together) exceed 2; the observed
  fraction (its Clopper–Pearson upper bound for the upper 95% bound) is read as ``|N(0, sigma)|`` with
  ``sigma >= 1`` (``sigma = 1`` when the fraction is
  within the design), and each statistic fails with ``2 Phi(-Z_MC / sigma)``. A wrong standard error
  or a bias beyond its bound shows up as more excesses over 2 and a larger ``sigma``;
* agreement of a bounded statistic (a Kolmogorov distance, an edge, a trend's correlation): the
  signed ratio ``u = e / tolerance`` is fitted with a normal law over the pooled examples; an example
  fails with ``P(|u| > 1)`` (a trend statistic only on the side away from its direction: a Spearman
  correlation cannot exceed 1);
* power: a variant stays unrejected when every one of its statistics is within its tolerance; for a
  Monte Carlo statistic, the variant's distance from the claim on the sample, plus the claim's systematic
  part (its error clipped to its bias allowance) and fresh noise of the fitted scale; for a bounded one,
  the claim's fitted ``u`` shifted by the variant's distance ``(e_v - e) / tolerance``; the example's
  probability is the product over statistics (trend variants are the complementary directions, rejected
  whenever the claim agrees);
* resolution: the planned resolution moves between examples at the same sizes only through the
  estimated standard errors: ``log(planned / target)`` is modelled as normal around the example's value
  with spread ``share / sqrt(2 (R - 1))`` (``share`` the estimated part of the tolerance, ``R`` the
  example's replicates, at least ``MIN_REPLICATES``); differences between drawn sizes are not noise but
  the design, whose worst case the pooled examples show.

A run of ``n`` examples fails with at most ``n`` times the mean per-example probability (the union
bound); the upper 95% bound takes the noise scale at its Clopper–Pearson bound and the rest from a bootstrap
over the pooled examples (the scale held fixed in the resamples, so its uncertainty is counted once).
The model is stated, not assumed exact: a standard error estimated from few replicates has heavier
(Student-t) tails than the normal fitted here, which is why the counted rates of the cheap claims are
published beside it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats

from rmtcheck.tolerances import Z_MC

__all__ = [
    "ModelledRate",
    "clopper_pearson_upper",
    "modelled_rate",
    "planned_resolution",
    "pooled_examples",
    "whole_run",
    "whole_run_upper",
]

_MIN_SD = 1e-3
#: The excess (in standard errors beyond the bias allowance) whose frequency calibrates the noise scale.
EXCESS_LEVEL = 2.0
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
        bootstrap: The bootstrap replicates of ``total`` (:func:`rmtcheck.false_alarms.whole_run_upper` sums
            them across claims).
    """

    examples: int
    agreement: float
    power: float
    resolution: float
    total: float
    upper95: float
    bootstrap: tuple[float, ...] = ()


def _signed(c: Mapping[str, Any]) -> float:
    return float(c["measured"]) - float(c["predicted"])


def _is_trend(c: Mapping[str, Any]) -> bool:
    return c.get("min_effect") is not None


def planned_resolution(example: Mapping[str, Any]) -> float:
    """An example's planned resolution: recorded, or the worst over its comparisons (reports made before it
    was recorded)."""
    if example.get("planned_resolution") is not None:
        return float(example["planned_resolution"])
    return max((_planned_one(c) for c in example["comparisons"]), default=math.inf)


def _planned_one(c: Mapping[str, Any]) -> float:
    """A comparison's planned resolution, ``tolerance / scale`` (``min_effect`` for a trend test)."""
    if c.get("min_effect") is not None:
        return float(c["min_effect"])
    scale = abs(float(c["predicted"])) if c.get("scale") is None else float(c["scale"])
    return math.inf if scale == 0.0 else float(c["tolerance"]) / scale


def _fit(values: np.ndarray[Any, Any]) -> tuple[float, float]:
    if values.size < 2:
        return float(values.mean()) if values.size else 0.0, 1.0
    return float(values.mean()), max(float(values.std(ddof=1)), _MIN_SD)


def _tail(x: float) -> float:
    """``P(N(0, 1) > x)`` (``erfc``: exact in the far tail, and fast)."""
    return 0.5 * math.erfc(x / math.sqrt(2.0))


def _outside(mean: float, sd: float, *, low: bool = True, high: bool = True) -> float:
    """``P(u > 1) + P(u < -1)`` (the chosen sides) for ``u ~ N(mean, sd)``."""
    return (_tail((1.0 - mean) / sd) if high else 0.0) + (_tail((1.0 + mean) / sd) if low else 0.0)


def _replicates(example: Mapping[str, Any]) -> int:
    """The replicates behind an example's standard errors (``MIN_REPLICATES`` where the parameters do not say)."""
    params = example.get("params") or {}
    values = [int(params[k]) for k in ("replicates", "draws", "chains", "designs")
              if isinstance(params.get(k), int)]
    return max([*values, MIN_REPLICATES])


def _excess(c: Mapping[str, Any]) -> float:
    """The error beyond the comparison's bias allowance, in standard errors: ``(|e| - B) / SE`` with
    ``B = max(tolerance - Z_MC SE, 0)``; the statistic fails when it exceeds ``min(Z_MC, tolerance / SE)``."""
    se = float(c["standard_error"])
    allowance = max(float(c["tolerance"]) - Z_MC * se, 0.0)
    return (abs(_signed(c)) - allowance) / se


def _noise_scale(excesses: np.ndarray[Any, Any], *, cautious: bool) -> float:
    """The scale ``sigma >= 1`` of the noise behind ``excesses`` (``(|e| - B) / SE``): ``|N(0, 1)|`` bounds
    them when the standard errors and bias bounds are right, so ``P(excess > 2) <= 2 Phi(-2) = 4.6%``; a
    larger fraction (its Clopper–Pearson upper bound when ``cautious``) is read as ``|N(0, sigma)|``."""
    count = int(np.sum(excesses > EXCESS_LEVEL))
    runs = int(excesses.size)
    fraction = clopper_pearson_upper(count, runs) if cautious else count / runs
    if fraction <= 0.0:
        return 1.0
    if fraction >= 1.0:
        return math.inf
    return max(1.0, EXCESS_LEVEL / float(stats.norm.isf(fraction / 2.0)))


def _has_se(c: Mapping[str, Any]) -> bool:
    se = c.get("standard_error")
    return se is not None and float(se) > 0.0 and not _is_trend(c)


def _pooled_excesses(examples: Sequence[Mapping[str, Any]]) -> np.ndarray[Any, Any]:
    """The excesses of all the claim's Monte Carlo statistics (the first ``width`` comparisons of each example)."""
    width = min(len(ex["comparisons"]) for ex in examples)
    return np.array([_excess(ex["comparisons"][j]) for ex in examples for j in range(width)
                     if _has_se(ex["comparisons"][j])])


def _per_example(examples: Sequence[Mapping[str, Any]], *, scale: float
                 ) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Per-example agreement, power and resolution probabilities under the model fitted to ``examples``, with
    ``scale`` the noise scale of all the claim's Monte Carlo statistics (its standard errors and bias bounds are
    right or not together; fitted by the caller to their pooled excesses); a normal fit per bounded statistic."""
    width = min(len(ex["comparisons"]) for ex in examples)
    fits: list[tuple[float, float]] = []
    for j in range(width):
        column = [ex["comparisons"][j] for ex in examples]
        if all(_has_se(c) for c in column):
            fits.append((math.nan, scale))
        else:
            fits.append(_fit(np.array([_signed(c) / float(c["tolerance"]) for c in column])))
    agree = np.zeros(len(examples))
    power = np.zeros(len(examples))
    resolution = np.zeros(len(examples))
    for i, ex in enumerate(examples):
        for j in range(width):
            c = ex["comparisons"][j]
            mean, sd = fits[j]
            if math.isnan(mean):  # Monte Carlo: beyond the bias allowance, |N(0, sd)| against Z_MC (or less)
                threshold = min(Z_MC, float(c["tolerance"]) / float(c["standard_error"]))
                agree[i] += 2.0 * _tail(threshold / sd)
            elif _is_trend(c):
                centre = float(c["predicted"])
                agree[i] += _outside(mean, sd, low=centre >= 0.0, high=centre <= 0.0)
            else:
                agree[i] += _outside(mean, sd)
        for variant in ex.get("variants", {}).values():
            unrejected = 1.0
            for j, cv in enumerate(variant["comparisons"][:width]):
                c = ex["comparisons"][j]
                if _is_trend(c) or _is_trend(cv):
                    unrejected = 0.0
                    break
                mean, sd = fits[j]
                tv = float(cv["tolerance"])
                if math.isnan(mean):
                    # the variant's distance from the claim on this sample, the claim's systematic part (its error
                    # clipped to its bias allowance) and fresh noise of the fitted scale
                    se = float(c["standard_error"])
                    allowance = max(float(c["tolerance"]) - Z_MC * se, 0.0)
                    systematic = min(max(_signed(c), -allowance), allowance)
                    centre = _signed(cv) - _signed(c) + systematic
                    unrejected *= 1.0 - _outside(centre / tv, sd * se / tv)
                else:
                    unit = float(c["tolerance"])
                    shift = (_signed(cv) - _signed(c)) / unit
                    unrejected *= 1.0 - _outside((mean + shift) * unit / tv, sd * unit / tv)
            power[i] += unrejected
        target = ex.get("resolution_target")
        if target:
            # a comparison's planned resolution moves only through its estimated standard error: the SE's share
            # of the tolerance times the relative spread of an SE from R replicates, 1 / sqrt(2 (R - 1))
            spread = 1.0 / math.sqrt(2.0 * (_replicates(ex) - 1))
            for c in ex["comparisons"]:
                ratio = _planned_one(c) / float(target)
                share = (Z_SHARE if c.get("standard_error") is None
                         else min(1.0, Z_MC * float(c["standard_error"]) / float(c["tolerance"])))
                tau = share * spread
                if ratio > 0.0:
                    resolution[i] += (float(ratio > 1.0) if tau == 0.0
                                      else _tail(-math.log(ratio) / tau))
    return agree, power, resolution


def modelled_rate(examples: Sequence[Mapping[str, Any]], *, examples_per_run: int, bootstrap: int = 200,
                  seed: int = 0, calibration: Sequence[Mapping[str, Any]] = ()) -> ModelledRate:
    """The modelled per-run false-alarm rate of a claim from its pooled per-example evidence.

    ``examples``: ``examples_detail`` rows of one claim (from any number of runs, all of the same
    profile, each with ``comparisons``, ``variants``, ``planned_resolution`` and ``resolution_target``).
    ``calibration``: more examples of the same claim (another profile's) whose Monte Carlo excesses join
    ``examples``' in fitting the noise scale only — how well the claim's standard errors and bias bounds
    describe its errors, a property of its statistic and its tolerance rule; every rate is still computed
    on ``examples``.
    """
    if len(examples) < 2:
        raise ValueError(f"examples must hold at least 2 pooled examples; got {len(examples)}")
    if isinstance(examples_per_run, bool) or not isinstance(examples_per_run, int) or examples_per_run < 1:
        raise ValueError(f"examples_per_run must be a positive integer; got {examples_per_run!r}")
    excesses = _pooled_excesses([*examples, *calibration])
    sigma = _noise_scale(excesses, cautious=False) if excesses.size else 1.0
    agree, power, resolution = _per_example(examples, scale=sigma)
    scale = float(examples_per_run)
    totals = []
    rng = np.random.default_rng(seed)
    # the noise scale at its one-sided 95% bound (Clopper–Pearson on the whole pool), held fixed while the
    # bootstrap resamples the examples for the other parts (bounded statistics' fits, power, resolution):
    # refitting it per resample at its bound as well counted its uncertainty twice
    sigma_upper = _noise_scale(excesses, cautious=True) if excesses.size else 1.0
    for _ in range(bootstrap):
        pick = rng.integers(0, len(examples), len(examples))
        a, p, r = _per_example([examples[k] for k in pick], scale=sigma_upper)
        totals.append(min(1.0, scale * float(a.mean() + p.mean() + r.mean())))
    total = min(1.0, scale * float(agree.mean() + power.mean() + resolution.mean()))
    return ModelledRate(len(examples), min(1.0, scale * float(agree.mean())),
                        min(1.0, scale * float(power.mean())), min(1.0, scale * float(resolution.mean())), total,
                        max(total, float(np.quantile(totals, 0.95))) if totals else total, tuple(totals))


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


def whole_run_upper(rates: Sequence[ModelledRate]) -> float:
    """The upper 95% bound of a whole run's modelled rate: the 95th percentile of the claims' bootstrap
    replicates summed replicate by replicate (independent bootstraps, one per claim), capped at 1."""
    if not rates:
        raise ValueError("rates must hold at least one claim's modelled rate")
    count = min(len(r.bootstrap) for r in rates)
    if count == 0:
        return whole_run(r.upper95 for r in rates)
    sums = np.sum([np.asarray(r.bootstrap[:count]) for r in rates], axis=0)
    return min(1.0, max(whole_run(r.total for r in rates), float(np.quantile(sums, 0.95))))
