"""The race of notebook 05, run once in full and committed, then spot-checked live.

Training every entrant of notebook 05 to convergence over several seeds takes minutes, too long
for a notebook that CI runs on every change (and again on a second backend). So the full race is
run by ``evidence/run_race.py``, which writes every result, with the versions, seeds, date and
machine that produced it, to ``evidence/05_when_not_to_use.json``; the notebook reads that file
for its tables and asserted claims, and retrains a representative subset live (one network per
table, one seed, plus every closed-form baseline) to show the committed figures still come out
on the machine at hand. No figure in the notebook comes from nowhere:

* :data:`SEEDS`, :data:`FIT`, :data:`SIZES` and the ``*_builders`` functions are the race's one
  specification, used by the script, the notebook and the tests;
* :func:`run_race` runs it and returns what the script saves; :func:`load` reads it back as
  :class:`tutorial_utils.compare.Comparison` objects, after :func:`check_results` has checked
  that the file has exactly the cases, entrants and seeds of the specification and that every
  summary row is the mean of its runs;
* :func:`rerun` retrains a few entrants of one case live, :func:`within_spread` says whether a
  live error lands inside the committed runs' range, and :func:`agreement` checks a whole rerun
  against the committed case;
* :func:`origin_losses` gives one loss per test origin, for a paired test of two entrants
  (:func:`tutorial_utils.evaluate.diebold_mariano`).

Example:
    >>> race = load()
    >>> sorted(race.comparisons)
    ['SYNTHETIC', 'aligned', 'demand', 'sunspots']
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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keras
import numpy as np

from tutorial_utils import compare, data, evaluate, models

__all__ = [
    "FIT",
    "RESULTS",
    "SEEDS",
    "SIZES",
    "Race",
    "agreement",
    "case_for",
    "check_results",
    "entrants_for",
    "load",
    "origin_losses",
    "rerun",
    "run_race",
    "within_spread",
]

RESULTS = Path(__file__).resolve().parent.parent / "evidence" / "05_when_not_to_use.json"
"""The committed results of the full race (written by ``evidence/run_race.py``)."""

SEEDS = (0, 1, 2, 3, 4)
"""Every network is trained once from each of these seeds."""

FIT = {"epochs": 500, "batch_size": 64, "patience": 20, "learning_rate": 0.003}
"""One stopping rule for every network: Adam, stop once the validation loss has not improved
for ``patience`` epochs, keep the best epoch's weights; the cap is far above what any needs."""

SIZES = {
    "8 filters, LSTM 16": (8, 16),
    "16 filters, LSTM 32": (16, 32),
    "32 filters, LSTM 64": (32, 64),
}
"""The CNN-LSTM sizes tried on the demand case's validation weeks (one seed each)."""

CASES = ("demand", "aligned", "sunspots", "SYNTHETIC")
"""The race's cases, in the notebook's order."""

EVERY = 4  # the demand case uses 2-hourly means: 12 values a day (notebook 05 says why)


def case_for(name: str) -> compare.Case:
    """The :class:`~tutorial_utils.compare.Case` of one race case, built from shipped data."""
    if name == "demand":
        return compare.course_case(every=EVERY)
    if name == "aligned":
        return compare.course_case(every=EVERY, aligned=True)
    if name == "sunspots":
        return compare.make_case(
            "sunspots", data.load_series("sunspots").values, window=24, horizon=1, season=11
        )
    if name == "SYNTHETIC":
        series = data.synthetic_nested_series(n_days=150, steps_per_day=8, seed=0)
        return compare.make_case(
            "SYNTHETIC", series, window=32, horizon=8, season=8, align=8, reach_back=True
        )
    raise ValueError(f"no race case {name!r}; the cases are {list(CASES)}")


def _demand_cnn_lstm(filters: int, units: int) -> Callable[[], keras.Model]:
    return lambda: models.build_cnn_lstm(
        7, 12, 1, filters=filters, lstm_units=units, horizon=12, fold=True
    )


def entrants_for(name: str, size: str | None = None) -> dict[str, Callable[[], keras.Model]]:
    """``{entrant: builder}`` for one case; the demand cases need the CNN-LSTM ``size``
    (a key of :data:`SIZES`, picked on validation)."""
    if name in ("demand", "aligned"):
        if size not in SIZES:
            raise ValueError(f"the demand cases need size= one of {list(SIZES)}, got {size!r}")
        cnn_lstm = _demand_cnn_lstm(*SIZES[size])
        if name == "aligned":
            return {"cnn_lstm": cnn_lstm}
        return {
            "lstm": lambda: models.build_lstm(84, 1, lstm_units=32, horizon=12),
            "conv1d": lambda: models.build_conv1d(84, 1, filters=16, horizon=12),
            "conv1d_lstm": lambda: models.build_conv_lstm(
                84, 1, filters=16, lstm_units=32, horizon=12
            ),
            "cnn_lstm": cnn_lstm,
        }
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


def _fit_for(name: str, case: compare.Case) -> dict[str, Any]:
    """The stopping rule, and for day-aligned windows as many updates per epoch as sliding."""
    if name != "aligned":
        return dict(FIT)
    sliding = case_for("demand")
    return {**FIT, "min_steps_per_epoch": -(-len(sliding.X_train) // FIT["batch_size"])}


def _comparison_to_json(result: compare.Comparison) -> dict[str, Any]:
    def plain(value: Any) -> Any:
        if isinstance(value, bool | type(None) | str):
            return value
        return float(value) if isinstance(value, float | np.floating) else int(value)

    return {
        "units": result.summary.units,
        "ridge": result.ridge,
        "summary": [{k: plain(v) for k, v in row.items()} for row in result.summary],
        "runs": [{k: plain(v) for k, v in row.items()} for row in result.runs],
        "predictions": {k: _rounded(v) for k, v in result.predictions.items()},
        "y_test": _rounded(result.y_test),
    }


def _rounded(values: Any) -> list[Any]:
    """Forecasts to 7 significant digits (float32 holds about that many): a smaller file."""
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


def run_race(seeds: Sequence[int] = SEEDS, *, progress: bool = True) -> dict[str, Any]:
    """Run the whole race of notebook 05 and return it as a JSON-ready dict.

    The CNN-LSTM's size is picked on the demand case's validation weeks first (seed 0 only),
    then every case is raced over ``seeds`` with :func:`tutorial_utils.compare.compare_models`.
    ``evidence/run_race.py`` saves the result; it takes several minutes.
    """
    seeds = [int(s) for s in seeds]
    demand = case_for("demand")
    best, search = compare.validation_search(
        demand,
        {k: _demand_cnn_lstm(*v) for k, v in SIZES.items()},
        seeds=[0],
        progress=progress,
        **FIT,
    )
    cases = {}
    for name in CASES:
        case = demand if name == "demand" else case_for(name)
        result = compare.compare_models(
            case,
            entrants_for(name, best),
            seeds=seeds,
            baselines=name != "aligned",
            progress=progress,
            **_fit_for(name, case),
        )
        cases[name] = {"case": case.name, **_comparison_to_json(result)}
    import tensorflow as tf  # the versions that produced the file

    return {
        "meta": {
            "date": datetime.date.today().isoformat(),
            "machine": _machine(),
            "python": platform.python_version(),
            "keras": keras.__version__,
            "backend": keras.backend.backend(),
            "tensorflow": tf.__version__,
            "numpy": np.__version__,
            "seeds": seeds,
            "fit": FIT,
            "sizes": {k: list(v) for k, v in SIZES.items()},
        },
        "search": {"best": best, "rows": [dict(r) for r in search]},
        "cases": cases,
    }


def check_results(results: dict[str, Any]) -> None:
    """Raise ``ValueError`` unless ``results`` matches the race's specification.

    Checked: the cases are :data:`CASES`; every case's trained entrants are exactly those of
    :func:`entrants_for`, each with one run per seed of ``meta["seeds"]``; the stopping rule
    and sizes are :data:`FIT` and :data:`SIZES`; every summary row's ``mae`` and ``mase`` is
    the mean of its runs and ``runs`` their count. A file that the script did not write, or
    that an older specification wrote, fails here with what differs.
    """
    problems = []
    meta = results.get("meta", {})
    seeds = meta.get("seeds", [])
    if meta.get("fit") != FIT:
        problems.append(f"fit rule {meta.get('fit')} is not FIT {FIT}")
    if meta.get("sizes") != {k: list(v) for k, v in SIZES.items()}:
        problems.append(f"sizes {meta.get('sizes')} are not SIZES")
    best = results.get("search", {}).get("best")
    if best not in SIZES:
        problems.append(f"the picked size {best!r} is not one of SIZES")
    cases = results.get("cases", {})
    if list(cases) != list(CASES):
        problems.append(f"cases {list(cases)} are not {list(CASES)}")
    for name, case in cases.items():
        if name not in CASES or best not in SIZES:
            continue
        want = list(entrants_for(name, best))
        trained = [r["model"] for r in case["summary"] if r["runs"] > 1 or r["epochs"] > 0]
        if trained != want:
            problems.append(f"{name}: trained entrants {trained}, the specification has {want}")
        for row in case["summary"]:
            runs = [r for r in case["runs"] if r["model"] == row["model"]]
            run_seeds = [r["seed"] for r in runs]
            if row["model"] in want and run_seeds != seeds:
                problems.append(f"{name}/{row['model']}: runs for seeds {run_seeds}")
            for metric in ("mae", "mase"):
                mean = float(np.mean([r[metric] for r in runs])) if runs else math.nan
                if not math.isclose(row[metric], mean, rel_tol=1e-9):
                    problems.append(f"{name}/{row['model']}: {metric} is not the mean of its runs")
            if row["runs"] != len(runs):
                problems.append(f"{name}/{row['model']}: runs says {row['runs']}, has {len(runs)}")
    if problems:
        raise ValueError(
            "the results file does not match the race's specification:\n  "
            + "\n  ".join(problems)
            + "\nRe-run the race: python evidence/run_race.py (about 10 minutes)."
        )


@dataclass
class Race:
    """The committed race, as :func:`load` returns it.

    Attributes:
        meta: date, machine, versions, seeds, stopping rule and sizes of the run.
        search: the size search's table (validation MAE per CNN-LSTM size).
        best_size: the size the search picked (a key of :data:`SIZES`).
        comparisons: ``{case: Comparison}`` with summaries, runs, first-seed predictions.
    """

    meta: dict[str, Any]
    search: evaluate.ResultsTable
    best_size: str
    comparisons: dict[str, compare.Comparison]


def load(path: str | os.PathLike[str] = RESULTS) -> Race:
    """Read the committed race (checked with :func:`check_results`)."""
    results = json.loads(Path(path).read_text())
    check_results(results)
    comparisons = {}
    for name, case in results["cases"].items():
        comparisons[name] = compare.Comparison(
            summary=evaluate.ResultsTable(case["summary"], units=case["units"]),
            runs=evaluate.ResultsTable(case["runs"], units=case["units"]),
            predictions={k: np.asarray(v) for k, v in case["predictions"].items()},
            y_test=np.asarray(case["y_test"]),
            ridge=case["ridge"],
        )
    search = evaluate.ResultsTable(results["search"]["rows"], units="MW")
    return Race(results["meta"], search, results["search"]["best"], comparisons)


def rerun(
    name: str,
    entrants: Sequence[str],
    size: str,
    *,
    seed: int = 0,
    progress: bool = True,
) -> compare.Comparison:
    """Retrain some entrants of one case live (one ``seed``), with the closed-form baselines.

    The same case, builders and stopping rule as the committed race, so the result can be
    held against it with :func:`within_spread`.
    """
    case = case_for(name)
    everyone = entrants_for(name, size)
    unknown = [e for e in entrants if e not in everyone]
    if unknown:
        raise ValueError(f"{name} has no entrant {unknown}; it has {list(everyone)}")
    return compare.compare_models(
        case,
        {e: everyone[e] for e in entrants},
        seeds=[seed],
        baselines=name != "aligned",
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
    :func:`tutorial_utils.evaluate.diebold_mariano`.

    Example:
        >>> demand = load().comparisons["demand"]
        >>> origin_losses(demand, "week_back").shape   # the 14 test midnights
        (14,)
    """
    if model not in result.predictions:
        raise ValueError(f"no forecasts of {model!r}; there are {sorted(result.predictions)}")
    errors = np.abs(np.asarray(result.predictions[model]) - np.asarray(result.y_test))
    return errors.reshape(len(errors), -1).mean(axis=1)
