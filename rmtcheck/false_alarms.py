"""False-alarm rates of a claim's gates: counted over seeds, or modelled from per-example evidence.

A claim fails a run with every formula right in three ways (docs/error_budget.md): a statistic
falls outside its tolerance (*agreement*), a wrong variant is not rejected (*power*), or the planned
resolution of an example misses the target (*resolution*). Rates of order 1e-4 per claim cannot be
seen by counting a few hundred runs, so besides the count (:func:`clopper_pearson_upper`) this module
bounds them with a model fitted to the per-example evidence of the runs (``examples_detail`` rows of
``verification.json`` or ``evidence.jsonl``):

* agreement: for each statistic of the claim, the signed ratio ``u = (measured - predicted) /
  tolerance`` is modelled as normal with the mean and standard deviation observed over the pooled
  examples; an example fails with probability ``P(|u| > 1)`` summed over its statistics (a trend
  statistic fails only on the side away from its direction: a Spearman correlation cannot exceed 1);
* power: a variant stays unrejected when every one of its statistics is within tolerance; with the
  same normal ``u``, the variant's ratio is ``w = u tol / tol_v + (e_v - e) / tol_v`` (``e`` the signed
  errors on the sample, ``tol_v`` the variant's tolerance), and the example's probability is the
  product over statistics of ``P(|w| <= 1)`` (trend variants are the complementary directions and are
  rejected whenever the claim agrees);
* resolution: ``log(planned / target)`` over the pooled examples (which vary with the drawn sizes and
  the estimated standard errors) is modelled as normal; an example fails with ``P(planned > target)``.

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

__all__ = ["ModelledRate", "clopper_pearson_upper", "modelled_rate"]

_MIN_SD = 1e-3


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


def _per_example(examples: Sequence[Mapping[str, Any]]) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any],
                                                                   np.ndarray[Any, Any]]:
    """Per-example agreement, power and resolution probabilities under the model fitted to ``examples``."""
    width = min(len(ex["comparisons"]) for ex in examples)
    fits = []
    for j in range(width):
        u = np.array([_signed(ex["comparisons"][j]) / ex["comparisons"][j]["tolerance"] for ex in examples])
        fits.append(_fit(u))
    agree = np.zeros(len(examples))
    power = np.zeros(len(examples))
    for i, ex in enumerate(examples):
        for j in range(width):
            c = ex["comparisons"][j]
            mean, sd = fits[j]
            if _is_trend(c):
                centre = float(c["predicted"])
                agree[i] += _outside(mean, sd, low=centre >= 0.0, high=centre <= 0.0)
            else:
                agree[i] += _outside(mean, sd)
        for variant in ex.get("variants", {}).values():
            comps = variant["comparisons"]
            unrejected = 1.0
            for j, cv in enumerate(comps[:width]):
                c = ex["comparisons"][j]
                if _is_trend(c) or _is_trend(cv):
                    unrejected = 0.0
                    break
                mean, sd = fits[j]
                a = float(c["tolerance"]) / float(cv["tolerance"])
                b = (_signed(cv) - _signed(c)) / float(cv["tolerance"])
                unrejected *= 1.0 - _outside(a * mean + b, a * sd)
            power[i] += unrejected
    ratios = [_planned(ex) / ex["resolution_target"] for ex in examples if ex.get("resolution_target")]
    resolution = np.zeros(len(examples))
    if ratios:
        logs = np.log(np.array(ratios, dtype=float))
        mean, sd = _fit(logs)
        resolution[:] = float(stats.norm.sf(-mean / sd))
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
