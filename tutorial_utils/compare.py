"""A fair race between models: the same windows, splits, metrics and seeds for every entrant.

* :func:`make_case` turns one series into a forecasting task: chronological split, a scaler
  fitted on the training part only, windows cut from each part, and what MASE needs.
* :func:`compare_models` trains every model builder on that case over several seeds,
  scores all of them (and the naive and seasonal-naive baselines) on the same test windows in
  the series' own units, and returns a tidy table of mean and spread, parameter count and
  training time.

Models that read nested input ``(n_seq, n_steps, n_features)``, such as the CNN-LSTM, get the
*same* windows cut into subsequences with :func:`tutorial_utils.windows.to_subsequences`;
``n_seq`` is read from the model's input shape, so nothing else changes between models.

Example:
    >>> import numpy as np
    >>> from tutorial_utils.models import build_linear
    >>> series = np.sin(np.arange(200) * 2 * np.pi / 12)
    >>> case = make_case("sine", series, window=24, horizon=1, season=12)
    >>> result = compare_models(case, {"linear": lambda: build_linear(24, 1)},
    ...                         seeds=[0], epochs=1)
    >>> result.summary.columns
    ['model', 'mae', 'mae_sd', 'mase', 'mase_sd', 'params', 'seconds', 'runs']
    >>> [row["model"] for row in result.summary]
    ['naive', 'seasonal_naive', 'linear']
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import keras
import numpy as np

from tutorial_utils import evaluate, windows
from tutorial_utils.checks import whole_number
from tutorial_utils.models import TrainedModel, fit_compiled, train_and_forecast
from tutorial_utils.shapes import model_input_shape

__all__ = ["Case", "Comparison", "compare_models", "make_case", "retrain"]

BASELINES = ("naive", "seasonal_naive")
"""The rows :func:`compare_models` adds without training anything."""


@dataclass(frozen=True)
class Case:
    """One forecasting task, ready for any model.

    Attributes:
        name: a label for tables and figures, e.g. ``"electricity demand"``.
        X_train, X_val, X_test: *scaled* windows ``(samples, window, 1)``.
        y_train, y_val, y_test: *scaled* targets ``(samples, horizon)``.
        train_series: the training part in the series' own units (the MASE scale).
        season: steps per season, for seasonal naive and MASE.
        scaler: the scaler fitted on the training part; undoes the scaling for scoring.
        units: the series' units, for table headers.
    """

    name: str
    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    train_series: np.ndarray
    season: int
    scaler: windows.Scaler
    units: str | None = None

    @property
    def window(self) -> int:
        """Time steps in each window."""
        return int(self.X_train.shape[1])

    @property
    def horizon(self) -> int:
        """Future steps forecast from each window."""
        return int(self.y_train.shape[1])

    def to_units(self, values: Any) -> np.ndarray:
        """Scaled values back to the series' units."""
        return np.asarray(self.scaler.inverse_transform(np.asarray(values, dtype=np.float64)))


def make_case(
    name: str,
    series: Any,
    *,
    window: int,
    horizon: int,
    season: int,
    train: float = 0.7,
    val: float = 0.15,
    units: str | None = None,
) -> Case:
    """Split a 1-D series in time order, scale on train only, and cut windows from each part.

    Args:
        name: a label for the case.
        series: the series, shape ``(time,)``, finite numbers, in its own units.
        window: past steps each sample sees (must cover one ``season`` for seasonal naive).
        horizon: future steps to forecast.
        season: steps per season (24 for a daily cycle of hours).
        train, val: fractions of the time steps for training and validation; the rest is test.
        units: the series' units, e.g. ``"MW"``.

    Example:
        >>> case = make_case("toy", np.arange(100.0), window=10, horizon=2, season=5)
        >>> case.X_train.shape, case.y_test.shape
        ((59, 10, 1), (4, 2))
    """
    values = np.asarray(series)
    if values.ndim != 1 or not np.issubdtype(values.dtype, np.number):
        raise ValueError(
            f"series must be one column of numbers, shape (time,); got shape {values.shape} "
            f"and dtype {values.dtype}. Pass e.g. load_series(name).values."
        )
    window = whole_number(window, "window")
    horizon = whole_number(horizon, "horizon")
    season = whole_number(season, "season")
    if window < season:
        raise ValueError(
            f"window={window} is shorter than one season ({season} steps), so seasonal naive "
            f"has nothing to copy. Use window >= {season}."
        )
    parts = windows.split_series(values.astype(np.float64), train=train, val=val)
    for part_name, part in zip(("train", "val", "test"), parts, strict=True):
        if len(part) < window + horizon:
            raise ValueError(
                f"the {part_name} part has {len(part)} steps, too few for one window of "
                f"{window} plus a horizon of {horizon}. Use a shorter window or a longer series."
            )
    scaler = windows.fit_scaler(parts[0])
    cut = [windows.make_windows(scaler.transform(p), window, horizon) for p in parts]
    return Case(
        name=str(name),
        X_train=cut[0][0],
        y_train=cut[0][1],
        X_val=cut[1][0],
        y_val=cut[1][1],
        X_test=cut[2][0],
        y_test=cut[2][1],
        train_series=parts[0],
        season=season,
        scaler=scaler,
        units=units,
    )


@dataclass
class Comparison:
    """What :func:`compare_models` returns.

    Attributes:
        summary: one row per model: ``mae``/``mase`` (means over seeds), ``mae_sd``/
            ``mase_sd`` (their standard deviations, 0 for one run or a baseline), ``params``,
            ``seconds`` (mean time to build, train and forecast) and ``runs``.
        runs: one row per model and seed, with ``seed``, ``mae``, ``mase``, ``params``,
            ``seconds`` and ``epochs``.
        predictions: each model's test forecast from the first seed, in the series' units.
        y_test: the true test targets in the series' units.
    """

    summary: evaluate.ResultsTable
    runs: evaluate.ResultsTable
    predictions: dict[str, np.ndarray] = field(default_factory=dict)
    y_test: np.ndarray | None = None


def _nest_for(model: keras.Model, X: np.ndarray) -> np.ndarray:
    """``X`` as the model wants it: plain windows, or cut into ``n_seq`` subsequences."""
    shape = model_input_shape(model)
    if len(shape) == 4:
        return windows.to_subsequences(X, n_seq=int(shape[1]))
    return X


def retrain(
    model: keras.Model,
    build: Callable[[], keras.Model],
    X_train: Any,
    y_train: Any,
    X_val: Any,
    y_val: Any,
    X_test: Any,
    *,
    seed: int,
    epochs: int,
    batch_size: int = 64,
    patience: int = 5,
    learning_rate: float = 1e-3,
) -> TrainedModel:
    """Train an already trained model again, from scratch, as if it were new: a fast re-run.

    Gives the result of ``train_and_forecast(build, ..., seed=seed)`` (same initial weights,
    same batch order, a fresh optimizer state, the same training settings as
    :func:`tutorial_utils.models.fit_model`) but reuses ``model``'s compiled and traced
    training graph instead of building a new one. Tracing a graph costs seconds for an LSTM
    and is the same for every seed, so repeating a model over seeds this way saves most of
    the time a small comparison takes.

    Args:
        model: a model already trained by :func:`tutorial_utils.models.train_and_forecast`
            (or :func:`tutorial_utils.models.fit_model`) on data shaped like ``X_train``.
        build: the function that built it; called once, seeded, for the initial weights.
        seed: the seed for the initial weights and the batch order.
        The rest: as for :func:`tutorial_utils.models.fit_model`.
    """
    if not isinstance(model, keras.Model) or getattr(model, "optimizer", None) is None:
        raise ValueError(
            "model must be a compiled, trained keras.Model; train it once with "
            "train_and_forecast(...) and pass result.model"
        )
    start = time.perf_counter()
    keras.utils.set_random_seed(seed)
    fresh = build()
    if [w.shape for w in fresh.weights] != [w.shape for w in model.weights]:
        raise ValueError(
            "build() made a model with other weight shapes than model; pass the same builder "
            "that made model"
        )
    model.set_weights(fresh.get_weights())
    for variable in model.optimizer.variables:  # a fresh Adam: step 0, zero moments
        variable.assign(np.zeros(variable.shape, dtype=variable.dtype))
    model.optimizer.learning_rate = learning_rate
    keras.utils.set_random_seed(seed)
    history = fit_compiled(
        model,
        X_train,
        y_train,
        X_val,
        y_val,
        epochs=epochs,
        batch_size=batch_size,
        patience=patience,
        seed=seed,
    )
    predictions = model.predict(np.asarray(X_test, dtype="float32"), verbose=0)
    val = history.history["val_loss"]
    return TrainedModel(
        model=model,
        history=history,
        predictions=np.asarray(predictions, dtype=np.float64),
        best_epoch=int(np.argmin(val)) + 1,
        epochs_run=len(val),
        seconds=time.perf_counter() - start,
    )


def _sd(values: list[float]) -> float:
    return float(np.std(values, ddof=1)) if len(values) > 1 else 0.0


def compare_models(
    case: Case,
    builders: Mapping[str, Callable[[], keras.Model]],
    *,
    seeds: Sequence[int] = (0, 1, 2),
    baselines: bool = True,
    **fit_kwargs: Any,
) -> Comparison:
    """Train and score every model on the same case over several seeds.

    Each builder is called once per seed (after seeding) through
    :func:`tutorial_utils.models.train_and_forecast`, so all models get the same training
    routine. Forecasts are turned back into the series' units and scored with MAE and MASE
    (scale: seasonal naive inside ``case.train_series``) on ``case.y_test``.

    Args:
        case: from :func:`make_case`.
        builders: ``{name: function returning a fresh model}``; a model whose input is 4-D
            gets the windows cut into its ``n_seq`` subsequences.
        seeds: the seeds to repeat each model with (at least one, no repeats).
        baselines: add the naive and seasonal-naive rows first (parameters 0, no spread).
        **fit_kwargs: for :func:`tutorial_utils.models.fit_model`; ``epochs`` is required.

    Raises:
        TypeError: ``case`` is not a :class:`Case`, or a builder is not callable.
        ValueError: no builders and no baselines, no seeds, repeated seeds, or a name that
            clashes with a baseline.
    """
    if not isinstance(case, Case):
        raise TypeError(f"case must be a Case from make_case(...), got {type(case).__name__}")
    if not isinstance(builders, Mapping):
        raise TypeError(
            "builders must be a dict {name: function returning a model}, e.g. "
            f"{{'lstm': lambda: build_lstm(48, 1)}}; got {type(builders).__name__}"
        )
    if not builders and not baselines:
        raise ValueError("nothing to compare: pass at least one builder or baselines=True")
    for name, build in builders.items():
        if isinstance(build, keras.Model) or not callable(build):
            raise TypeError(
                f"builders[{name!r}] must be a function that returns a new model (e.g. "
                f"lambda: build_lstm(48, 1)), got {type(build).__name__}; a model object "
                "would be trained again from where the last seed left it."
            )
        if baselines and name in BASELINES:
            raise ValueError(f"{name!r} is a baseline name; rename that builder")
    fix = "Use e.g. seeds=[0, 1, 2]."
    seeds = [whole_number(s, "each seed", minimum=0, fix=fix) for s in seeds]
    if not seeds:
        raise ValueError("seeds is empty: give at least one seed, e.g. seeds=[0, 1, 2]")
    if len(set(seeds)) != len(seeds):
        raise ValueError(f"seeds must differ from each other, got {seeds}")

    y_true = case.to_units(case.y_test)

    def score(pred_scaled: np.ndarray) -> tuple[np.ndarray, float, float]:
        pred = case.to_units(pred_scaled)
        error = evaluate.mae(y_true, pred)
        return pred, error, evaluate.mase(y_true, pred, case.train_series, case.season)

    summary: list[dict[str, Any]] = []
    runs: list[dict[str, Any]] = []
    predictions: dict[str, np.ndarray] = {}
    if baselines:
        forecasts = {
            "naive": evaluate.naive_forecast(case.X_test, case.horizon),
            "seasonal_naive": evaluate.seasonal_naive_forecast(
                case.X_test, case.season, case.horizon
            ),
        }
        for name, forecast in forecasts.items():
            pred, error, scaled = score(forecast)
            predictions[name] = pred
            row = {"model": name, "mae": error, "mase": scaled, "params": 0, "seconds": 0.0}
            runs.append({"model": name, "seed": None, **row, "epochs": 0})
            summary.append({**row, "mae_sd": 0.0, "mase_sd": 0.0, "runs": 1})

    for name, build in builders.items():
        maes, mases, secs, params = [], [], [], 0
        probe = build()  # only to read the input shape: plain or nested windows?
        if not isinstance(probe, keras.Model):
            raise TypeError(
                f"builders[{name!r}]() must return a keras.Model, it returned "
                f"{type(probe).__name__}"
            )
        X = [_nest_for(probe, a) for a in (case.X_train, case.X_val, case.X_test)]
        model = None
        for seed in seeds:
            if model is None:
                result = train_and_forecast(
                    build, X[0], case.y_train, X[1], case.y_val, X[2], seed=seed, **fit_kwargs
                )
                model = result.model
            else:
                result = retrain(
                    model,
                    build,
                    X[0],
                    case.y_train,
                    X[1],
                    case.y_val,
                    X[2],
                    seed=seed,
                    **fit_kwargs,
                )
            pred, error, scaled = score(result.predictions)
            if seed == seeds[0]:
                predictions[name] = pred
            params = result.params
            maes.append(error)
            mases.append(scaled)
            secs.append(result.seconds)
            runs.append(
                {
                    "model": name,
                    "seed": seed,
                    "mae": error,
                    "mase": scaled,
                    "params": params,
                    "seconds": result.seconds,
                    "epochs": result.epochs_run,
                }
            )
        summary.append(
            {
                "model": name,
                "mae": float(np.mean(maes)),
                "mae_sd": _sd(maes),
                "mase": float(np.mean(mases)),
                "mase_sd": _sd(mases),
                "params": params,
                "seconds": float(np.mean(secs)),
                "runs": len(seeds),
            }
        )
    order = ["model", "mae", "mae_sd", "mase", "mase_sd", "params", "seconds", "runs"]
    summary = [{k: row[k] for k in order} for row in summary]
    return Comparison(
        summary=evaluate.ResultsTable(summary, units=case.units),
        runs=evaluate.ResultsTable(runs, units=case.units),
        predictions=predictions,
        y_test=y_true,
    )
