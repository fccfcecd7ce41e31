"""A fair race between models: the same windows, splits, targets, baselines and seeds for all.

The task comes from :mod:`tutorial_utils.cases` (:func:`~tutorial_utils.cases.course_case`,
:func:`~tutorial_utils.cases.make_case`).

* :func:`compare_models` trains every model builder on a case over several seeds, to
  convergence (early stopping on validation; the epochs used are reported), and scores them
  on the same test targets as the baselines that are hard to beat: naive, seasonal naive for
  every season the case names, and least squares (plain, and ridge picked on validation).
* :func:`validation_search` tries a few sizes of a model on the validation part only.

Models that read nested input ``(n_seq, n_steps, n_features)``, such as the CNN-LSTM, get the
*same* windows cut into subsequences with :func:`tutorial_utils.windows.to_subsequences`;
``n_seq`` is read from the model's input shape, so nothing else changes between models.

Example:
    >>> import numpy as np
    >>> from tutorial_utils.cases import make_case
    >>> from tutorial_utils.models import build_linear
    >>> series = np.sin(np.arange(200) * 2 * np.pi / 12)
    >>> case = make_case("sine", series, window=24, horizon=1, season=12)
    >>> result = compare_models(case, {"linear": lambda: build_linear(24, 1)},
    ...                         seeds=[0], epochs=1)
    >>> result.summary.columns
    ['model', 'mae', 'mae_sd', 'mase', 'mase_sd', 'params', 'epochs', 'seconds', 'runs']
    >>> [row["model"] for row in result.summary]
    ['naive', 'seasonal_naive', 'least_squares', 'ridge', 'linear']
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import keras
import numpy as np

from tutorial_utils import evaluate, training
from tutorial_utils.cases import Case

__all__ = [
    "RIDGES",
    "Comparison",
    "compare_models",
    "validation_search",
]

RIDGES = (0.1, 1.0, 10.0, 100.0, 1000.0)
"""The ridge penalties :func:`compare_models` tries on validation for the ``ridge`` row."""


@dataclass
class Comparison:
    """What :func:`compare_models` returns.

    Attributes:
        summary: one row per model: ``mae``/``mase`` (means over seeds), ``mae_sd``/
            ``mase_sd`` (their standard deviations, 0 for one run or a baseline), ``params``,
            ``epochs`` (mean epochs used; 0 for a baseline), ``seconds`` (mean time to build,
            train and forecast) and ``runs``.
        runs: one row per model and seed, with ``seed``, ``mae``, ``mase``, ``params``,
            ``seconds``, ``epochs`` (epochs run), ``best_epoch`` and ``stopped`` (True if
            early stopping fired before the epoch cap).
        predictions: each model's test forecast from the first seed, in the series' units.
        y_test: the true test targets in the series' units.
        ridge: the ridge penalty picked on validation for the ``ridge`` row (``None`` if no
            ridge row).
        rolling: with a rolling case, each model's first-seed forecasts from every test
            origin (``case.X_roll``), in the series' units; ``y_roll`` their true targets.
        by_lead: with a rolling case, each model's rolling-origin MAE at every lead time
            (shape ``(horizon,)``), the mean over its seeds.
        mean_predictions, mean_rolling: each model's test (and rolling-origin) forecasts
            averaged over its seeds (a baseline's own): what a paired test of a network
            against another entrant compares, so that no one seed's luck decides it.
    """

    summary: evaluate.ResultsTable
    runs: evaluate.ResultsTable
    predictions: dict[str, np.ndarray] = field(default_factory=dict)
    y_test: np.ndarray | None = None
    ridge: float | None = None
    rolling: dict[str, np.ndarray] = field(default_factory=dict)
    y_roll: np.ndarray | None = None
    by_lead: dict[str, np.ndarray] = field(default_factory=dict)
    mean_predictions: dict[str, np.ndarray] = field(default_factory=dict)
    mean_rolling: dict[str, np.ndarray] = field(default_factory=dict)

    def unconverged(self) -> list[tuple[str, int]]:
        """``(model, seed)`` of every trained run that hit the epoch cap (empty if all
        stopped early). Raise the cap or the patience until it is empty."""
        return [
            (r["model"], r["seed"]) for r in self.runs if r["seed"] is not None and not r["stopped"]
        ]


def _sd(values: list[float]) -> float:
    return float(np.std(values, ddof=1)) if len(values) > 1 else 0.0


def _runs_for(
    case: Case,
    name: str,
    build: Callable[[], keras.Model],
    seeds: list[int],
    X_eval: np.ndarray,
    progress: bool,
    fit_kwargs: dict[str, Any],
) -> list[Any]:
    """Train ``build`` once per seed on the case (:func:`training.train_over_seeds`)."""

    def report(seed: int, result: training.TrainedModel) -> None:
        if progress:
            print(
                f"{case.name} | {name} | seed {seed}: {result.epochs_run} epochs "
                f"(best {result.best_epoch}, stopped early: {result.stopped_early}), "
                f"{result.seconds:.0f} s",
                flush=True,
            )

    X_train, X_val, y_train, y_val = case.X_train, case.X_val, case.y_train, case.y_val
    return training.train_over_seeds(
        name,
        build,
        X_train,
        y_train,
        X_val,
        y_val,
        X_eval,
        seeds=seeds,
        report=report,
        **fit_kwargs,
    )


def compare_models(
    case: Case,
    builders: Mapping[str, Callable[[], keras.Model]],
    *,
    seeds: Sequence[int] = (0, 1, 2),
    baselines: bool = True,
    ridges: Sequence[float] = RIDGES,
    progress: bool = False,
    **fit_kwargs: Any,
) -> Comparison:
    """Train and score every model on the same case over several seeds.

    A case made with ``relative_to_last=True`` works the same: every forecast (a change from
    its window's last value) is turned back into the series' units by ``case.to_units``.

    Each builder is trained once per seed with
    :func:`tutorial_utils.training.train_and_forecast` (the later seeds reuse the first
    seed's traced graph, with fresh weights and optimizer), so every model gets the same
    training routine and the same stopping rule. Forecasts are turned back into the series'
    units and scored with MAE and MASE (scale: seasonal naive inside ``case.train_series``)
    on ``case.y_test``.

    With ``baselines`` the table starts with rows that train nothing, on the same targets:
    ``naive``; one seasonal-naive row per entry of ``case.seasons``; ``least_squares``
    (:func:`tutorial_utils.evaluate.least_squares_forecast` on the flattened windows); and
    ``ridge``, the same with the penalty from ``ridges`` that scores best on validation
    (reported as ``Comparison.ridge``; no row if ``ridges`` is empty).

    A case made with ``rolling=True`` is also scored from every test origin: the summary and
    runs get a ``rolling_mae`` column (and ``rolling_mae_sd``), and ``Comparison.rolling`` and
    ``Comparison.by_lead`` hold the forecasts and the error at each lead time.

    Args:
        case: from :func:`~tutorial_utils.cases.make_case` or `course_case`.
        builders: ``{name: function returning a fresh model}``; a model whose input is 4-D
            gets the windows cut into its ``n_seq`` subsequences.
        seeds: the seeds to repeat each model with (at least one, no repeats).
        baselines: add the baseline rows first.
        ridges: the penalties to try for the ``ridge`` row (0 is plain least squares).
        progress: print one line per trained run (model, seed, epochs, seconds).
        **fit_kwargs: for :func:`tutorial_utils.training.train_and_forecast`; ``epochs`` (the
            cap) is required.

    Raises:
        TypeError: ``case`` is not a :class:`Case`, or a builder is not callable.
        ValueError: no builders and no baselines, no seeds, repeated seeds, or a name that
            clashes with a baseline.
    """
    if not isinstance(case, Case):
        raise TypeError(f"case must be a Case from make_case(...), got {type(case).__name__}")
    seasons = case.seasons or {"seasonal_naive": case.season}
    ridges = [float(r) for r in ridges]
    if any(not (math.isfinite(r) and r >= 0) for r in ridges):
        raise ValueError(
            f"ridges must be numbers >= 0 (0 is no penalty), e.g. (0.0, 1.0, 10.0); got {ridges}"
        )
    reserved = ["naive", *seasons, "least_squares", "ridge"] if baselines else []
    training.check_builders(builders, reserved)
    if not builders and not baselines:
        raise ValueError("nothing to compare: pass at least one builder or baselines=True")
    seeds = training.check_seeds(seeds)

    y_true = case.to_units(case.y_test, "test")
    rolling = case.X_roll is not None
    y_roll = case.to_units(case.y_roll, "roll") if rolling else None
    # With rolling origins every forecaster also forecasts X_roll, stacked under X_test.
    X_eval = np.concatenate([case.X_test, case.X_roll]) if rolling else case.X_test
    n_test = len(case.X_test)
    summary: list[dict[str, Any]] = []
    runs: list[dict[str, Any]] = []
    predictions: dict[str, np.ndarray] = {}
    rolled: dict[str, np.ndarray] = {}
    by_lead: dict[str, np.ndarray] = {}
    mean_of_seeds: dict[str, np.ndarray] = {}  # test forecasts, then rolling ones
    chosen_ridge = None

    def units(forecast: np.ndarray) -> np.ndarray:
        """Forecasts of X_eval (test windows, then rolling ones) in the series' units."""
        test = case.to_units(forecast[:n_test], "test")
        return np.concatenate([test, case.to_units(forecast[n_test:], "roll")]) if rolling else test

    def lead_errors(pred: np.ndarray) -> np.ndarray:
        return np.abs(pred[n_test:] - y_roll).mean(axis=0)

    def add_fixed(name: str, forecast: np.ndarray, params: int) -> None:
        pred = units(forecast)
        predictions[name], mean_of_seeds[name] = pred[:n_test], pred
        error = evaluate.mae(y_true, pred[:n_test])
        scaled = evaluate.mase(y_true, pred[:n_test], case.train_series, case.season)
        row = {"model": name, "mae": error, "mase": scaled, "params": params, "seconds": 0.0}
        if rolling:
            rolled[name], by_lead[name] = pred[n_test:], lead_errors(pred)
            row["rolling_mae"] = evaluate.mae(y_roll, pred[n_test:])
        runs.append({**row, "seed": None, "epochs": 0, "best_epoch": 0, "stopped": True})
        summary.append(
            {**row, "mae_sd": 0.0, "mase_sd": 0.0, "rolling_mae_sd": 0.0, "epochs": 0, "runs": 1}
        )

    if baselines:
        add_fixed("naive", evaluate.naive_forecast(X_eval, case.horizon), 0)
        for name, back in seasons.items():
            add_fixed(name, evaluate.seasonal_naive_forecast(X_eval, back, case.horizon), 0)
        n_linear = case.window * case.n_features * case.horizon + case.horizon
        add_fixed(
            "least_squares",
            evaluate.least_squares_forecast(case.X_train, case.y_train, X_eval),
            n_linear,
        )
        if ridges:
            val_mae = {
                r: evaluate.mae(
                    case.y_val,
                    evaluate.least_squares_forecast(
                        case.X_train, case.y_train, case.X_val, ridge=r
                    ),
                )
                for r in ridges
            }
            chosen_ridge = min(val_mae, key=lambda r: val_mae[r])
            add_fixed(
                "ridge",
                evaluate.least_squares_forecast(
                    case.X_train, case.y_train, X_eval, ridge=chosen_ridge
                ),
                n_linear,
            )

    for name, build in builders.items():
        results = _runs_for(case, name, build, seeds, X_eval, progress, fit_kwargs)
        maes, mases, rolling_maes, leads, preds = [], [], [], [], []
        for seed, result in zip(seeds, results, strict=True):
            pred = units(result.predictions)
            preds.append(pred)
            if seed == seeds[0]:
                predictions[name] = pred[:n_test]
                if rolling:
                    rolled[name] = pred[n_test:]
            maes.append(evaluate.mae(y_true, pred[:n_test]))
            mases.append(evaluate.mase(y_true, pred[:n_test], case.train_series, case.season))
            run = {
                "model": name,
                "mae": maes[-1],
                "mase": mases[-1],
                "params": result.params,
                "seconds": result.seconds,
                "seed": seed,
                "epochs": result.epochs_run,
                "best_epoch": result.best_epoch,
                "stopped": result.stopped_early,
            }
            if rolling:
                rolling_maes.append(evaluate.mae(y_roll, pred[n_test:]))
                leads.append(lead_errors(pred))
                run["rolling_mae"] = rolling_maes[-1]
            runs.append(run)
        mean_of_seeds[name] = np.mean(preds, axis=0)
        row = {
            "model": name,
            "mae": float(np.mean(maes)),
            "mae_sd": _sd(maes),
            "mase": float(np.mean(mases)),
            "mase_sd": _sd(mases),
            "params": results[0].params,
            "epochs": float(np.mean([r.epochs_run for r in results])),
            "seconds": float(np.mean([r.seconds for r in results])),
            "runs": len(seeds),
        }
        if rolling:
            row["rolling_mae"], row["rolling_mae_sd"] = (
                float(np.mean(rolling_maes)),
                _sd(rolling_maes),
            )
            by_lead[name] = np.mean(leads, axis=0)
        summary.append(row)
    extra = ["rolling_mae", "rolling_mae_sd"] if rolling else []
    order = ["model", "mae", "mae_sd", "mase", "mase_sd", *extra, "params", "epochs", "seconds"]
    order.append("runs")
    run_order = ["model", "seed", "mae", "mase", *extra[:1], "params", "epochs", "best_epoch"]
    run_order += ["stopped", "seconds"]
    return Comparison(
        summary=evaluate.ResultsTable(
            [{k: r[k] for k in order} for r in summary], units=case.units
        ),
        runs=evaluate.ResultsTable([{k: r[k] for k in run_order} for r in runs], units=case.units),
        predictions=predictions,
        y_test=y_true,
        ridge=chosen_ridge,
        rolling=rolled,
        y_roll=y_roll,
        by_lead=by_lead,
        mean_predictions={k: v[:n_test] for k, v in mean_of_seeds.items()},
        mean_rolling={k: v[n_test:] for k, v in mean_of_seeds.items()} if rolling else {},
    )


def validation_search(
    case: Case,
    builders: Mapping[str, Callable[[], keras.Model]],
    *,
    seeds: Sequence[int] = (0,),
    progress: bool = False,
    **fit_kwargs: Any,
) -> tuple[str, evaluate.ResultsTable]:
    """Pick one of several candidate models (e.g. sizes of the CNN-LSTM) on validation only.

    Every candidate is trained like an entrant of :func:`compare_models` and scored by its
    MAE on the *validation* windows (in the series' units); the test part is never touched,
    so the winner can then enter the comparison without having peeked at the test.

    Returns:
        The name of the candidate with the lowest mean validation MAE, and a table with one
        row per candidate: ``model``, ``val_mae``, ``val_mae_sd``, ``params``, ``epochs``.

    Example:
        >>> from tutorial_utils.cases import make_case
        >>> from tutorial_utils.models import build_lstm
        >>> case = make_case("sine", np.sin(np.arange(200) * 2 * np.pi / 12), window=24,
        ...                  horizon=1, season=12)
        >>> best, table = validation_search(
        ...     case, {"lstm 4": lambda: build_lstm(24, 1, lstm_units=4)}, epochs=1)
        >>> best, table.columns
        ('lstm 4', ['model', 'val_mae', 'val_mae_sd', 'params', 'epochs'])
    """
    if not isinstance(case, Case):
        raise TypeError(f"case must be a Case from make_case(...), got {type(case).__name__}")
    training.check_builders(builders, [])
    if not builders:
        raise ValueError("nothing to search: pass at least one candidate builder")
    seeds = training.check_seeds(seeds)
    y_val = case.to_units(case.y_val, "val")
    rows = []
    for name, build in builders.items():
        results = _runs_for(case, name, build, seeds, case.X_val, progress, fit_kwargs)
        maes = [evaluate.mae(y_val, case.to_units(r.predictions, "val")) for r in results]
        rows.append(
            {
                "model": name,
                "val_mae": float(np.mean(maes)),
                "val_mae_sd": _sd(maes),
                "params": results[0].params,
                "epochs": float(np.mean([r.epochs_run for r in results])),
            }
        )
    best = min(rows, key=lambda r: r["val_mae"])["model"]
    return best, evaluate.ResultsTable(rows, units=case.units)
