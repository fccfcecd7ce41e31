"""The race of notebook 05, run once in full and committed, then spot-checked live.

Training every entrant of notebook 05 to convergence over several seeds takes most of an hour,
too long for a notebook that CI runs on every change (and again on a second backend). So the
full race is run by ``evidence/run_race.py``, which writes every result, with the versions,
seeds, date and machine that produced it, to ``evidence/05_when_not_to_use.json``; the notebook
reads that file for its tables and asserted claims, and retrains a representative subset live
(one network per table, one seed, plus every closed-form baseline) to show the committed
figures still come out on the machine at hand. No figure in the notebook comes from nowhere:

* :data:`SEEDS`, :data:`FIT`, :data:`LADDER`, :data:`BUDGET`, :data:`RIDGES` and the builders
  (:func:`network`, :func:`entrants_for`) are the race's one specification, used by the
  script, the notebook and the tests;
* every network of the course task gets the *same* size search (:func:`search_sizes`): climb
  :data:`LADDER` on the validation weeks until validation stops improving or the ladder ends;
  and one comparison holds every network near the same parameter count (:func:`matched_sizes`,
  the ``matched`` case);
* the course task is raced twice: on 2-hourly means (``demand``), and on the half-hourly task
  of notebook 03 itself (``demand_30min``, fewer networks and seeds: each costs minutes there);
  both also score a forecast from *every* test origin (rolling origins, errors by lead time);
* :func:`run_race` runs it and returns what the script saves; :func:`load` reads it back as
  :class:`tutorial_utils.compare.Comparison` objects, after :func:`check_results` has checked
  that the file has exactly the cases, entrants and seeds of the specification and that every
  summary row is the mean of its runs;
* :func:`rerun` retrains a few entrants of one case live, :func:`within_spread` says whether a
  live error lands inside the committed runs' range, and :func:`agreement` checks a whole rerun
  against the committed case;
* :func:`origin_losses` and :func:`rolling_losses` give one loss per test origin, for a paired
  test of two entrants (:func:`tutorial_utils.significance.diebold_mariano`).

Example:
    >>> race = load()
    >>> list(race.comparisons)
    ['demand', 'aligned', 'matched', 'demand_30min', 'sunspots', 'SYNTHETIC']
    >>> race.comparisons["demand"].summary["week_back"]["params"]
    0
"""

from __future__ import annotations

import datetime
import json
import math
import os
import platform
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keras
import numpy as np

from tutorial_utils import cases, compare, data, evaluate, models

__all__ = [
    "BUDGET",
    "CASES",
    "FIT",
    "LADDER",
    "NETWORKS",
    "RESULTS",
    "RIDGES",
    "SEEDS",
    "Race",
    "agreement",
    "case_for",
    "check_results",
    "entrants_for",
    "load",
    "matched_sizes",
    "network",
    "origin_losses",
    "parameter_count",
    "rerun",
    "rolling_losses",
    "run_race",
    "search_sizes",
    "seeds_for",
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

EVERY = 4  # the demand case uses 2-hourly means: 12 values a day (notebook 05 says why)
HALF_HOURLY = {"conv1d": (16, 0), "cnn_lstm": (16, 32)}
"""demand_30min's networks, ``(filters, units)``: notebook 03's sizes, not searched. Only these
two: the LSTMs would read the 336 half-hours one by one (notebook 05 says what that costs)."""


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
        series = data.synthetic_nested_series(n_days=150, steps_per_day=8, seed=0)
        return cases.make_case(
            "SYNTHETIC", series, window=32, horizon=8, season=8, align=8, reach_back=True
        )
    raise ValueError(f"no race case {name!r}; the cases are {list(CASES)}")


def network(kind: str, filters: int, units: int, *, day: int = 48 // EVERY) -> Callable:
    """A builder of one course-task network: a week of ``day`` steps a day in, a day out.

    ``kind`` is one of :data:`NETWORKS`; the CNN-LSTM nests the week as 7 days × ``day``
    (``fold=True``: the same computation as ``TimeDistributed``, faster).
    """
    window = 7 * day
    if kind == "lstm":
        return lambda: models.build_lstm(window, 1, lstm_units=units, horizon=day)
    if kind == "conv1d":
        return lambda: models.build_conv1d(window, 1, filters=filters, horizon=day)
    if kind == "conv1d_lstm":
        return lambda: models.build_conv_lstm(
            window, 1, filters=filters, lstm_units=units, horizon=day
        )
    if kind == "cnn_lstm":
        return lambda: models.build_cnn_lstm(
            7, day, 1, filters=filters, lstm_units=units, horizon=day, fold=True
        )
    raise ValueError(f"no network {kind!r}; the networks are {list(NETWORKS)}")


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
    :func:`search_sizes` (``aligned`` races only the CNN-LSTM).
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
        return {
            "lstm": lambda: models.build_lstm(24, 1, lstm_units=16),
            "conv1d": lambda: models.build_conv1d(24, 1, filters=8),
            "conv1d_lstm": lambda: models.build_conv_lstm(24, 1, filters=8, lstm_units=16),
            "cnn_lstm": lambda: models.build_cnn_lstm(4, 6, 1, filters=8, lstm_units=16, fold=True),
        }
    if name == "SYNTHETIC":
        return {
            "lstm": lambda: models.build_lstm(32, 1, lstm_units=32, horizon=8),
            "conv1d": lambda: models.build_conv1d(32, 1, filters=32, horizon=8),
            "conv1d_lstm": lambda: models.build_conv_lstm(
                32, 1, filters=32, lstm_units=32, horizon=8
            ),
            "cnn_lstm": lambda: models.build_cnn_lstm(
                4, 8, 1, filters=32, lstm_units=32, horizon=8, fold=True
            ),
        }
    raise ValueError(f"no race case {name!r}; the cases are {list(CASES)}")


def search_sizes(
    case: cases.Case, *, progress: bool = True
) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """Climb :data:`LADDER` for every network on the validation weeks (seed 0).

    From the smallest size up, each network is trained with :data:`FIT` and scored on
    validation; the climb stops at the first size that does not improve on the best so far,
    or at the top of the ladder (the budget). Returns ``{network: picked size}`` and one row
    per size tried: ``network``, ``size``, ``params``, ``val_mae``, ``epochs``, ``picked``
    and ``top`` (True where the pick is the ladder's last size: the budget stopped it).
    """
    picks, rows = {}, []
    for kind in NETWORKS:
        best, best_mae, tried = None, math.inf, []
        for size, (filters, units) in LADDER.items():
            _, table = compare.validation_search(
                case, {size: network(kind, filters, units)}, seeds=[0], progress=progress, **FIT
            )
            row = table[size]
            tried.append(
                {
                    "network": kind,
                    "size": size,
                    "params": row["params"],
                    "val_mae": row["val_mae"],
                    "epochs": row["epochs"],
                }
            )
            if row["val_mae"] >= best_mae:
                break
            best, best_mae = size, row["val_mae"]
        picks[kind] = best
        for row in tried:
            row["picked"] = row["size"] == best
            row["top"] = best == list(LADDER)[-1]
        rows += tried
    return picks, rows


def _fit_for(name: str, case: cases.Case) -> dict[str, Any]:
    """The stopping rule, and for day-aligned windows as many updates per epoch as sliding."""
    if name != "aligned":
        return dict(FIT)
    sliding = len(case_for("demand").X_train)
    return {**FIT, "min_steps_per_epoch": -(-sliding // FIT["batch_size"])}


def _plain(value: Any) -> Any:
    if isinstance(value, bool | type(None) | str):
        return value
    return float(value) if isinstance(value, float | np.floating) else int(value)


def _comparison_to_json(result: compare.Comparison) -> dict[str, Any]:
    out = {
        "units": result.summary.units,
        "ridge": result.ridge,
        "summary": [{k: _plain(v) for k, v in row.items()} for row in result.summary],
        "runs": [{k: _plain(v) for k, v in row.items()} for row in result.runs],
        "predictions": {k: _rounded(v) for k, v in result.predictions.items()},
        "y_test": _rounded(result.y_test),
    }
    if result.y_roll is not None:  # per-origin and per-lead errors, not the forecasts
        out["by_lead"] = {k: _rounded(v) for k, v in result.by_lead.items()}
        out["by_origin"] = {
            k: _rounded(np.abs(v - result.y_roll).mean(axis=1)) for k, v in result.rolling.items()
        }
    return out


def _rounded(values: Any) -> list[Any]:
    """Numbers to 7 significant digits (float32 holds about that many): a smaller file."""
    return np.vectorize(lambda v: float(f"{v:.7g}"), otypes=[float])(np.asarray(values)).tolist()


def to_json(results: dict[str, Any]) -> str:
    """``results`` as the committed file holds it: indented, but one line per row of numbers."""
    text = json.dumps(results, indent=1)
    return (
        re.sub(
            r"\[\s*(-?[\d.e+-]+(?:,\s*-?[\d.e+-]+)*)\s*\]",
            lambda m: "[" + " ".join(m.group(1).split()) + "]",
            text,
        )
        + "\n"
    )


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} logical CPUs, {platform.system()}"


def _spec() -> dict[str, Any]:
    """What a results file must have been run with (checked by :func:`check_results`)."""
    return {
        "fit": FIT,
        "ladder": {k: list(v) for k, v in LADDER.items()},
        "budget": BUDGET,
        "ridges": list(RIDGES),
        "seeds": {name: seeds_for(name) for name in CASES},
    }


def run_race(
    *, progress: bool = True, done: Mapping[str, Any] | None = None, save: Callable | None = None
) -> dict[str, Any]:
    """Run the whole race of notebook 05 and return it as a JSON-ready dict.

    First every network's size is searched on the demand case's validation weeks
    (:func:`search_sizes`), then every case is raced with
    :func:`tutorial_utils.compare.compare_models`. ``done`` (a partial result of the same
    specification) skips what it already holds, and ``save(partial)`` is called after each
    step, so an interrupted run resumes. ``evidence/run_race.py`` does both; it takes most of
    an hour on a 2-core CPU.
    """
    import tensorflow as tf  # the versions that produce the file

    results = dict(done or {})
    if results.get("meta", {}).get("spec") != _spec():
        results = {}
    results.setdefault(
        "meta",
        {
            "date": datetime.date.today().isoformat(),
            "machine": _machine(),
            "python": platform.python_version(),
            "keras": keras.__version__,
            "backend": keras.backend.backend(),
            "tensorflow": tf.__version__,
            "numpy": np.__version__,
            "spec": _spec(),
        },
    )
    demand = case_for("demand")
    if "search" not in results:
        picks, rows = search_sizes(demand, progress=progress)
        results["search"] = {"picks": picks, "rows": rows}
        if save:
            save(results)
    picks = results["search"]["picks"]
    cases = results.setdefault("cases", {})
    for name in CASES:
        if name in cases:
            continue
        case = demand if name == "demand" else case_for(name)
        result = compare.compare_models(
            case,
            entrants_for(name, picks),
            seeds=seeds_for(name),
            baselines=name != "aligned",
            ridges=RIDGES,
            progress=progress,
            **_fit_for(name, case),
        )
        cases[name] = {"case": case.name, **_comparison_to_json(result)}
        if save:
            save(results)
    results["cases"] = {name: cases[name] for name in CASES}
    return results


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
    spec = results.get("meta", {}).get("spec", {})
    for key, want in _spec().items():
        if spec.get(key) != want:
            problems.append(f"{key} {spec.get(key)} is not this module's {want}")
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
            + "\nRe-run the race: python evidence/run_race.py (most of an hour)."
        )


@dataclass
class Race:
    """The committed race, as :func:`load` returns it.

    Attributes:
        meta: date, machine, versions and the specification of the run.
        search: the size search, one row per network and size tried (validation MAE).
        picks: ``{network: size}`` the search picked (keys of :data:`LADDER`).
        comparisons: ``{case: Comparison}`` with summaries, runs, first-seed predictions at
            the test midnights and, for the demand cases, ``by_lead`` (rolling origins).
        by_origin: ``{case: {model: one rolling-origin MAE per test origin}}`` (first seed),
            for the demand cases.
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
        **_fit_for(name, case),
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
    """One MAE per test origin (the first seed's forecast, for a network), in the series' units.

    Two entrants scored on the same origins give paired losses, the input of
    :func:`tutorial_utils.significance.diebold_mariano`.

    Example:
        >>> demand = load().comparisons["demand"]
        >>> origin_losses(demand, "week_back").shape   # the 14 test midnights
        (14,)
    """
    if model not in result.predictions:
        raise ValueError(f"no forecasts of {model!r}; there are {sorted(result.predictions)}")
    errors = np.abs(np.asarray(result.predictions[model]) - np.asarray(result.y_test))
    return errors.reshape(len(errors), -1).mean(axis=1)


def rolling_losses(race: Race, case: str, model: str) -> np.ndarray:
    """One MAE per rolling test origin (a forecast from every test step; first seed).

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
