"""The race of notebooks 05 and 05b, run once in full and committed, then spot-checked live.

Training every entrant to convergence over several seeds takes tens of minutes, too long for a
notebook CI runs on every change. So ``evidence/run_race.py`` runs the full race once (its
orchestration, size search and fingerprint live next to it, in ``evidence/race.py``) and writes
every result, with the versions, seeds, date and machine, to ``evidence/05_when_not_to_use.json``.
This module is what the notebooks read it with:

* the race's one specification: :data:`SEEDS`, :data:`FIT`, :data:`LADDER`, :data:`BUDGET`,
  :data:`RIDGES`, :func:`case_for`, :func:`network`, :func:`entrants_for`, :func:`fit_for`;
* :func:`load` reads the file (checked by :func:`check_results`); :func:`verdict` is
  notebook 05's table, :func:`paired` a Diebold-Mariano test on :func:`origin_losses` or
  :func:`rolling_losses` (a network's forecast is the mean of its seeds' forecasts);
* :func:`rerun` retrains a few entrants live; :func:`within_spread` and :func:`agreement` hold
  the rerun against the committed runs;
* :func:`holt_winters_for` fits Taylor's double seasonal Holt-Winters live (not in the file).

Example:
    >>> race = load()
    >>> list(race.comparisons)
    ['demand', 'aligned', 'matched', 'demand_30min', 'sunspots', 'SYNTHETIC']
    >>> race.comparisons["demand"].summary["week_back"]["params"]
    0
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keras
import numpy as np

from tutorial_utils import cases, compare, data, evaluate, holt_winters, models, significance
from tutorial_utils.synthetic import synthetic_nested_series

__all__ = [
    "BUDGET",
    "CASES",
    "FIT",
    "LADDER",
    "NETWORKS",
    "RESULTS",
    "RIDGES",
    "SEEDS",
    "HoltWinters",
    "Race",
    "agreement",
    "case_for",
    "check_results",
    "entrants_for",
    "fit_for",
    "holt_winters_for",
    "load",
    "matched_sizes",
    "network",
    "origin_losses",
    "paired",
    "parameter_count",
    "rerun",
    "rolling_losses",
    "seeds_for",
    "spec",
    "verdict",
    "within_spread",
]

RESULTS = data.course_folder("evidence") / "05_when_not_to_use.json"
"""The committed results of the full race (written by ``evidence/run_race.py``)."""

SEEDS = (0, 1, 2, 3, 4)
"""Every network is trained once from each of these seeds (``demand_30min``: the first three)."""

FIT = {"epochs": 500, "batch_size": 64, "patience": 20, "learning_rate": 0.003}
"""One stopping rule for every network: Adam, stop once the validation loss has not improved
for ``patience`` epochs, keep the best epoch's weights; the cap is far above what any needs."""

LADDER = {"S": (8, 16), "M": (16, 32), "L": (32, 64), "XL": (64, 128)}
"""The sizes every network of the course task climbs on validation: ``(filters, units)``.
A Conv1D uses the filters, an LSTM the units, the two-stage networks both. XL is the budget:
the search stops there even if validation still improves (and says so)."""

BUDGET = 5000
"""The parameter count every network is held near in the ``matched`` case."""

RIDGES = (0.0, *compare.RIDGES)
"""The ridge penalties tried on validation; 0 is plain least squares."""

NETWORKS = ("lstm", "conv1d", "conv1d_lstm", "cnn_lstm")
"""The four networks of the course task, in the tables' order."""

CASES = ("demand", "aligned", "matched", "demand_30min", "sunspots", "SYNTHETIC")
"""The race's cases, in the notebook's order."""

EVERY = 4  # the demand case uses 2-hourly means: 12 values a day (notebook 05b says why)
HALF_HOURLY = {"conv1d": (16, 0), "cnn_lstm": (16, 32)}
"""demand_30min's networks, ``(filters, units)``: notebook 03's sizes, not searched. Only these
two: the LSTMs would read the 336 half-hours one by one (notebook 05b says what that costs)."""


def seeds_for(name: str) -> list[int]:
    """The seeds a case is raced over: :data:`SEEDS`, the first three for ``demand_30min``."""
    return list(SEEDS[:3]) if name == "demand_30min" else list(SEEDS)


def case_for(name: str) -> cases.Case:
    """The :class:`~tutorial_utils.cases.Case` of one race case, built from shipped data."""
    if name in ("demand", "matched"):
        return cases.course_case(every=EVERY, rolling=True)
    if name == "aligned":
        return cases.course_case(every=EVERY, aligned=True, rolling=True)
    if name == "demand_30min":
        return cases.course_case(rolling=True)
    if name == "sunspots":
        return cases.make_case(
            "sunspots", data.load_series("sunspots").values, window=24, horizon=1, season=11
        )
    if name == "SYNTHETIC":
        series = synthetic_nested_series(n_days=150, steps_per_day=8, seed=0)
        return cases.make_case(
            "SYNTHETIC", series, window=32, horizon=8, season=8, align=8, reach_back=True
        )
    raise ValueError(f"no race case {name!r}; the cases are {list(CASES)}")


def network(kind: str, filters: int, units: int, *, day: int = 48 // EVERY) -> Callable:
    """A builder of one course-task network: a week of ``day`` steps a day in, a day out.

    ``kind`` is one of :data:`NETWORKS`; the CNN-LSTM nests the week as 7 days (``fold=True``).
    """
    if kind not in NETWORKS:
        raise ValueError(f"no network {kind!r}; the networks are {list(NETWORKS)}")
    return _four(7 * day, 7, filters, units, day)[kind]


def _four(window: int, n_seq: int, filters: int, units: int, horizon: int) -> dict:
    """The four networks on ``window`` steps (the CNN-LSTM's as ``n_seq`` subsequences)."""
    steps = window // n_seq
    return {
        "lstm": lambda: models.build_lstm(window, 1, lstm_units=units, horizon=horizon),
        "conv1d": lambda: models.build_conv1d(window, 1, filters=filters, horizon=horizon),
        "conv1d_lstm": lambda: models.build_conv_lstm(
            window, 1, filters=filters, lstm_units=units, horizon=horizon
        ),
        "cnn_lstm": lambda: models.build_cnn_lstm(
            n_seq, steps, 1, filters=filters, lstm_units=units, horizon=horizon, fold=True
        ),
    }


def _width(kind: str, f: int) -> tuple[int, int]:
    """One knob per network for the matched case: ``f`` filters and ``2 f`` LSTM units."""
    return (0, f) if kind == "lstm" else (f, 0 if kind == "conv1d" else 2 * f)


def parameter_count(kind: str, filters: int, units: int, *, day: int = 48 // EVERY) -> int:
    """The parameters of :func:`network` ``(kind, filters, units)``, without building it.

    Convolutions of width 3 and pooling by 2, as the builders make them; a Dense head of
    ``day`` outputs. Building a model only to count its weights costs seconds on JAX, and
    :func:`matched_sizes` needs dozens of counts (``tests/test_evidence.py`` checks this
    formula against ``count_params()``).

    Example:
        >>> parameter_count("lstm", 0, 32) == network("lstm", 0, 32)().count_params()
        True
    """
    window, conv = 7 * day, 4 * filters  # a width-3 kernel on 1 feature, plus a bias

    def lstm(inputs: int) -> int:
        return 4 * units * (inputs + units + 1)

    def head(inputs: int) -> int:
        return (inputs + 1) * day

    if kind == "lstm":
        return lstm(1) + head(units)
    if kind == "conv1d":
        return conv + head((window - 2) // 2 * filters)
    if kind == "conv1d_lstm":
        return conv + lstm(filters) + head(units)
    if kind == "cnn_lstm":
        return conv + lstm((day - 2) // 2 * filters) + head(units)
    raise ValueError(f"no network {kind!r}; the networks are {list(NETWORKS)}")


def matched_sizes(budget: int = BUDGET) -> dict[str, tuple[int, int]]:
    """``{network: (filters, units)}`` whose parameter count is nearest ``budget``.

    Each network has one knob (:func:`_width`); parameters grow with it, so a bisection
    finds the two widths either side of the budget and the nearer one wins.
    """

    def params(kind: str, f: int) -> int:
        return parameter_count(kind, *_width(kind, f))

    sizes = {}
    for kind in NETWORKS:
        lo, hi = 1, 512
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (mid, hi) if params(kind, mid) <= budget else (lo, mid)
        best = min((lo, hi), key=lambda f: abs(params(kind, f) - budget))
        sizes[kind] = _width(kind, best)
    return sizes


def entrants_for(
    name: str, picks: Mapping[str, str] | None = None
) -> dict[str, Callable[[], keras.Model]]:
    """``{entrant: builder}`` for one case.

    The ``demand`` and ``aligned`` cases need ``picks``, ``{network: LADDER key}`` from
    the size search (``load().picks``; ``aligned`` races only the CNN-LSTM).
    """
    if name in ("demand", "aligned"):
        missing = [k for k in NETWORKS if k not in (picks or {}) or picks[k] not in LADDER]
        if missing:
            raise ValueError(
                f"the demand cases need picks={{network: size}} with a size of {list(LADDER)} "
                f"for every network; missing or unknown for {missing} (got {picks!r}). "
                "Use load().picks."
            )
        chosen = {k: network(k, *LADDER[picks[k]]) for k in NETWORKS}
        return {"cnn_lstm": chosen["cnn_lstm"]} if name == "aligned" else chosen
    if name == "matched":
        return {k: network(k, *size) for k, size in matched_sizes().items()}
    if name == "demand_30min":
        return {k: network(k, *size, day=48) for k, size in HALF_HOURLY.items()}
    if name == "sunspots":
        return _four(24, 4, 8, 16, 1)
    if name == "SYNTHETIC":
        return _four(32, 4, 32, 32, 8)
    raise ValueError(f"no race case {name!r}; the cases are {list(CASES)}")


def fit_for(name: str) -> dict[str, Any]:
    """:data:`FIT`, and for the day-aligned windows as many updates per epoch as sliding.

    Example:
        >>> fit_for("aligned")["min_steps_per_epoch"], "min_steps_per_epoch" in fit_for("demand")
        (10, False)
    """
    if name != "aligned":
        return dict(FIT)
    sliding = len(case_for("demand").X_train)
    return {**FIT, "min_steps_per_epoch": -(-sliding // FIT["batch_size"])}


def spec() -> dict[str, Any]:
    """What a results file must have been run with (checked by :func:`check_results`).

    Example:
        >>> spec()["seeds"]["demand_30min"], spec()["budget"]
        ([0, 1, 2], 5000)
    """
    return {
        "fit": FIT,
        "ladder": {k: list(v) for k, v in LADDER.items()},
        "budget": BUDGET,
        "ridges": list(RIDGES),
        "seeds": {name: seeds_for(name) for name in CASES},
    }


def check_results(results: dict[str, Any]) -> None:
    """Raise ``ValueError`` unless ``results`` matches the race's specification.

    Checked: the stopping rule, ladder, budget, ridges and seeds are those of this module;
    the cases are :data:`CASES`; every case's trained entrants are exactly those of
    :func:`entrants_for` (with the committed picks), each with one run per seed of
    :func:`seeds_for`; every summary row's ``mae`` and ``mase`` is the mean of its runs and
    ``runs`` their count. A file that the script did not write, or that an older
    specification wrote, fails here with what differs.
    """
    problems = []
    stored = results.get("meta", {}).get("spec", {})
    for key, want in spec().items():
        if stored.get(key) != want:
            problems.append(f"{key} {stored.get(key)} is not this module's {want}")
    picks = results.get("search", {}).get("picks", {})
    if sorted(picks) != sorted(NETWORKS) or any(p not in LADDER for p in picks.values()):
        problems.append(f"the picked sizes {picks} are not one of LADDER for every network")
        picks = None
    cases = results.get("cases", {})
    if list(cases) != list(CASES):
        problems.append(f"cases {list(cases)} are not {list(CASES)}")
    for name, case in cases.items():
        if name not in CASES or picks is None:
            continue
        want = list(entrants_for(name, picks))
        trained = [r["model"] for r in case["summary"] if r["epochs"] > 0]
        if trained != want:
            problems.append(f"{name}: trained entrants {trained}, the specification has {want}")
        for row in case["summary"]:
            runs = [r for r in case["runs"] if r["model"] == row["model"]]
            run_seeds = [r["seed"] for r in runs]
            if row["model"] in want and run_seeds != seeds_for(name):
                problems.append(f"{name}/{row['model']}: runs for seeds {run_seeds}")
            for metric in ("mae", "mase", "rolling_mae"):
                if metric not in row:
                    continue
                mean = float(np.mean([r[metric] for r in runs])) if runs else math.nan
                if not math.isclose(row[metric], mean, rel_tol=1e-9):
                    problems.append(f"{name}/{row['model']}: {metric} is not the mean of its runs")
            if row["runs"] != len(runs):
                problems.append(f"{name}/{row['model']}: runs says {row['runs']}, has {len(runs)}")
    if problems:
        raise ValueError(
            "the results file does not match the race's specification:\n  "
            + "\n  ".join(problems)
            + "\nRe-run the race: python evidence/run_race.py (row C7 of figures.csv: its time)."
        )


@dataclass
class Race:
    """The committed race, as :func:`load` returns it.

    Attributes:
        meta: date, machine, versions and the specification of the run.
        search: the size search, one row per network and size tried (validation MAE).
        picks: ``{network: size}`` the search picked (keys of :data:`LADDER`).
        comparisons: ``{case: Comparison}``: summaries, runs, forecasts at the test midnights
            (the first seed's, and the seeds' mean) and, for demand cases, ``by_lead``.
        by_origin: ``{case: {model: MAE per rolling test origin}}`` of the seeds' mean forecast.
    """

    meta: dict[str, Any]
    search: evaluate.ResultsTable
    picks: dict[str, str]
    comparisons: dict[str, compare.Comparison]
    by_origin: dict[str, dict[str, np.ndarray]]


def load(path: str | os.PathLike[str] = RESULTS) -> Race:
    """Read the committed race (checked with :func:`check_results`)."""
    results = json.loads(Path(path).read_text())
    check_results(results)
    comparisons, by_origin = {}, {}
    for name, case in results["cases"].items():
        comparisons[name] = compare.Comparison(
            summary=evaluate.ResultsTable(case["summary"], units=case["units"]),
            runs=evaluate.ResultsTable(case["runs"], units=case["units"]),
            predictions={k: np.asarray(v) for k, v in case["predictions"].items()},
            mean_predictions={k: np.asarray(v) for k, v in case["mean_predictions"].items()},
            y_test=np.asarray(case["y_test"]),
            ridge=case["ridge"],
            by_lead={k: np.asarray(v) for k, v in case.get("by_lead", {}).items()},
        )
        if "by_origin" in case:
            by_origin[name] = {k: np.asarray(v) for k, v in case["by_origin"].items()}
    search = evaluate.ResultsTable(results["search"]["rows"], units="MW")
    return Race(results["meta"], search, results["search"]["picks"], comparisons, by_origin)


def rerun(
    name: str,
    entrants: Sequence[str],
    picks: Mapping[str, str] | None = None,
    *,
    seed: int = 0,
    progress: bool = True,
) -> compare.Comparison:
    """Retrain some entrants of one case live (one ``seed``), with the closed-form baselines.

    The same case, builders and stopping rule as the committed race, so the result can be
    held against it with :func:`within_spread`.
    """
    case = case_for(name)
    everyone = entrants_for(name, picks)
    unknown = [e for e in entrants if e not in everyone]
    if unknown:
        raise ValueError(f"{name} has no entrant {unknown}; it has {list(everyone)}")
    return compare.compare_models(
        case,
        {e: everyone[e] for e in entrants},
        seeds=[seed],
        baselines=name != "aligned",
        ridges=RIDGES,
        progress=progress,
        **fit_for(name),
    )


def within_spread(value: float, runs: Sequence[float], k: float = 2.0) -> bool:
    """True if ``value`` lies in ``[min(runs) - k·sd, max(runs) + k·sd]`` (sd over ``runs``).

    A live rerun on another CPU, thread count or backend follows another path through the
    training (the arithmetic differs in the last bits, and training amplifies it), so it is
    a new draw, not a copy: it should land among the committed seeds, not on one of them.

    Example:
        >>> within_spread(10.5, [10.0, 11.0, 12.0]), within_spread(20.0, [10.0, 11.0, 12.0])
        (True, False)
    """
    values = np.asarray(runs, dtype=float)
    if values.size < 2:
        raise ValueError(f"need the errors of at least two committed runs, got {values.size}")
    sd = float(np.std(values, ddof=1))
    return bool(values.min() - k * sd <= value <= values.max() + k * sd)


def agreement(
    committed: compare.Comparison, live: compare.Comparison, k: float = 2.0
) -> dict[str, bool]:
    """``{model: agrees}`` for every row of a live rerun (:func:`rerun`) against the committed case.

    A trained network agrees when its live MAE is :func:`within_spread` of the committed runs;
    a closed-form baseline (no seed) must give the committed MAE again, to a relative 1e-6,
    since nothing in it is random.
    """
    verdict = {}
    for row in live.runs:
        name = row["model"]
        before = [r["mae"] for r in committed.runs if r["model"] == name]
        if not before:
            raise ValueError(f"the committed case has no {name!r}; it has {committed.summary}")
        if row["seed"] is None:
            verdict[name] = math.isclose(row["mae"], before[0], rel_tol=1e-6)
        else:
            verdict[name] = within_spread(row["mae"], before, k)
    return verdict


def origin_losses(result: compare.Comparison, model: str) -> np.ndarray:
    """One MAE per test origin of the mean of a model's seeds' forecasts, in the series' units.

    Two entrants scored on the same origins give paired losses, the input of
    :func:`tutorial_utils.significance.diebold_mariano`.

    Example:
        >>> demand = load().comparisons["demand"]
        >>> origin_losses(demand, "week_back").shape   # the 14 test midnights
        (14,)
    """
    forecasts = result.mean_predictions
    if model not in forecasts:
        raise ValueError(f"no forecasts of {model!r}; there are {sorted(forecasts)}")
    errors = np.abs(np.asarray(forecasts[model]) - np.asarray(result.y_test))
    return errors.reshape(len(errors), -1).mean(axis=1)


def rolling_losses(race: Race, case: str, model: str) -> np.ndarray:
    """One MAE per rolling test origin (a forecast from every step; the mean of the seeds').

    Neighbouring origins share most of their targets, so pass ``horizon=`` the case's
    forecast length to :func:`tutorial_utils.significance.diebold_mariano`.
    """
    if case not in race.by_origin:
        raise ValueError(f"{case!r} has no rolling origins; these do: {sorted(race.by_origin)}")
    if model not in race.by_origin[case]:
        raise ValueError(
            f"no rolling forecasts of {model!r}; there are {sorted(race.by_origin[case])}"
        )
    return race.by_origin[case][model]


@dataclass
class HoltWinters:
    """Double seasonal Holt-Winters on one demand case of the race (:func:`holt_winters_for`).

    Attributes:
        fit: the fitted method (five parameters) from the case's 8 training weeks.
        test, roll: forecasts from the 14 test midnights and from every test origin (MW).
        mae, mase, rolling_mae: scored on the same targets as every entrant of the case.
        losses, rolling_losses: one MAE per origin, for a paired test against an entrant.
        by_lead: the MAE at each lead time over every test origin.
    """

    fit: holt_winters.DoubleSeasonalFit
    test: np.ndarray
    roll: np.ndarray
    mae: float
    mase: float
    rolling_mae: float
    losses: np.ndarray
    rolling_losses: np.ndarray
    by_lead: np.ndarray


def holt_winters_for(name: str) -> HoltWinters:
    """Taylor's double seasonal Holt-Winters on a demand case: ``"demand_30min"`` or ``"demand"``.

    Estimated on the case's training weeks (a daily and a weekly season: 48 and 336
    half-hours, or 12 and 84 two-hour means), then forecast from the case's test midnights and
    rolling origins with the parameters fixed while its states keep updating
    (:func:`tutorial_utils.holt_winters.forecast_double_seasonal`). About a second.

    Example:
        >>> hw = holt_winters_for("demand")
        >>> hw.test.shape, hw.roll.shape, hw.losses.shape
        ((14, 12), (157, 12), (14,))
    """
    every = {"demand_30min": 1, "demand": EVERY}.get(name)
    if every is None:
        raise ValueError(f"Holt-Winters is fitted on 'demand_30min' or 'demand', got {name!r}")
    case = case_for(name)
    day = 48 // every
    values = data.load_series("electricity_demand").values.reshape(-1, every).mean(axis=1)
    fit = holt_winters.fit_double_seasonal(
        values[: cases.COURSE_DAYS["train"] * day], s1=day, s2=7 * day
    )
    test = holt_winters.forecast_double_seasonal(values, fit, case.origins["test"], day)
    roll = holt_winters.forecast_double_seasonal(values, fit, case.origins["roll"], day)
    y_test, y_roll = case.to_units(case.y_test), case.to_units(case.y_roll)
    return HoltWinters(
        fit=fit,
        test=test,
        roll=roll,
        mae=evaluate.mae(y_test, test),
        mase=evaluate.mase(y_test, test, case.train_series, case.season),
        rolling_mae=evaluate.mae(y_roll, roll),
        losses=np.abs(test - y_test).mean(axis=1),
        rolling_losses=np.abs(roll - y_roll).mean(axis=1),
        by_lead=np.abs(roll - y_roll).mean(axis=0),
    )


VERDICT_ROWS = ("naive", "day_back", "week_back", "least_squares", "holt_winters", *NETWORKS)
"""The rows of notebook 05's table, in its order."""

_RESOLUTIONS = {"demand_30min": "30min", "demand": "2h"}


def verdict(race: Race, hw: Mapping[str, HoltWinters]) -> evaluate.ResultsTable:
    """Notebook 05's one table: every entrant at both resolutions of the course task.

    For each row of :data:`VERDICT_ROWS`, the MASE (mean and sd over seeds), parameters and
    runs on the half-hourly task (``*_30min``, case ``demand_30min``) and on 2-hourly means
    (``*_2h``, case ``demand``). MASE, not MAE: the two resolutions have different targets, so
    only a scale-free error sits in one table. Holt-Winters comes from ``hw``
    (:func:`holt_winters_for` of both cases); an entrant a case did not race says
    ``"not raced"``.

    Example:
        >>> table = verdict(load(), {k: holt_winters_for(k) for k in ("demand_30min", "demand")})
        >>> table["lstm"]["mase_30min"], table["lstm"]["runs_2h"]
        ('not raced', 5)
    """
    missing = [k for k in _RESOLUTIONS if not isinstance(hw.get(k), HoltWinters)]
    if missing:
        raise ValueError(
            f"hw needs holt_winters_for(name) for {missing}; got keys {sorted(hw)}. "
            "Use {k: holt_winters_for(k) for k in ('demand_30min', 'demand')}."
        )
    rows = []
    for name in VERDICT_ROWS:
        row: dict[str, Any] = {"model": name}
        for case, tag in _RESOLUTIONS.items():
            summary = race.comparisons[case].summary
            if name == "holt_winters":
                cells = (hw[case].mase, 0.0, 5, 1)  # five parameters, nothing random
            elif name in summary.column("mase"):
                r = summary[name]
                cells = (r["mase"], r["mase_sd"], r["params"], r["runs"])
            else:
                cells = ("not raced", "", "", "")
            keys = (f"{c}_{tag}" for c in ("mase", "sd", "params", "runs"))
            row |= dict(zip(keys, cells, strict=True))
        rows.append(row)
    return evaluate.ResultsTable(rows)


def paired(
    race: Race, a: str, b: str, case: str = "demand_30min", hw: HoltWinters | None = None
) -> tuple[significance.DieboldMariano, significance.DieboldMariano]:
    """Diebold-Mariano of entrant ``a`` against ``b`` on a demand case, scored two ways.

    First at the test midnights (one loss per test day, ``horizon=1``), then from every test
    step (:func:`rolling_losses`; neighbouring forecasts overlap, so ``horizon`` is a day of
    steps). A network's losses are its seeds' mean forecast's (a test of the architecture, not
    of one seed's luck); ``"holt_winters"`` needs ``hw`` (:func:`holt_winters_for` of the same
    case). A negative ``mean_difference`` says ``a`` erred less.

    Example:
        >>> day, step = paired(load(), "least_squares", "week_back")
        >>> day.n, step.n
        (14, 625)
    """

    def losses(name: str) -> tuple[np.ndarray, np.ndarray]:
        if name == "holt_winters":
            if not isinstance(hw, HoltWinters):
                raise ValueError(f"pass hw=holt_winters_for({case!r}) to test Holt-Winters")
            return hw.losses, hw.rolling_losses
        result = race.comparisons[case]
        return origin_losses(result, name), rolling_losses(race, case, name)

    (a_day, a_step), (b_day, b_step) = losses(a), losses(b)
    day = race.comparisons[case].y_test.shape[1]
    return (
        significance.diebold_mariano(a_day, b_day),
        significance.diebold_mariano(a_step, b_step, horizon=day),
    )
