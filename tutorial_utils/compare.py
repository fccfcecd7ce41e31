"""A fair race between models: the same windows, splits, targets, baselines and seeds for all.

* :func:`course_case` is the course task: the next day of half-hourly electricity demand
  (48 values) from the last week (7 × 48 values), split in time order (8 weeks to train,
  2 to validate, 2 to test), with the test forecasts issued at each test midnight.
* :func:`make_case` turns any series into such a task: chronological split, a scaler fitted on
  the training part only, windows for each part, and what MASE needs. ``stride``, ``align``
  and ``reach_back`` cut day-aligned windows ("a subsequence is a day" is then true).
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

from tutorial_utils import data, evaluate, windows
from tutorial_utils.checks import whole_number
from tutorial_utils.models import train_and_forecast
from tutorial_utils.shapes import model_input_shape

__all__ = [
    "COURSE_DAYS",
    "RIDGES",
    "Case",
    "Comparison",
    "compare_models",
    "course_case",
    "make_case",
    "validation_search",
]

COURSE_DAYS = {"window": 7, "horizon": 1, "train": 56, "val": 14, "test": 14}
"""The course task in days: a week in, a day out; 8 weeks train, 2 validate, 2 test."""

RIDGES = (0.1, 1.0, 10.0, 100.0, 1000.0)
"""The ridge penalties :func:`compare_models` tries on validation for the ``ridge`` row."""


@dataclass(frozen=True)
class Case:
    """One forecasting task, ready for any model.

    Attributes:
        name: a label for tables and figures, e.g. ``"electricity demand"``.
        X_train, X_val, X_test: *scaled* windows ``(samples, window, n_features)``; the
            target is feature 0, any other features are inputs only.
        y_train, y_val, y_test: *scaled* targets ``(samples, horizon)``.
        train_series: the training part of the target in the series' own units (the MASE
            scale).
        season: steps per season, for MASE's scale.
        scaler: the scaler fitted on the training part; undoes the scaling for scoring.
        units: the series' units, for table headers.
        seasons: the seasonal-naive baselines to report, ``{row name: steps back}``.
        origins: for each part (``"train"``, ``"val"``, ``"test"``, and ``"roll"`` with
            rolling origins), the index in the series of every sample's first target step;
            its window starts ``window`` steps earlier.
        X_roll, y_roll: with ``rolling=True``, the test part again with an origin at *every*
            step (rolling-origin evaluation: many more, overlapping, forecasts of the same
            test period); ``None`` otherwise.
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
    seasons: dict[str, int] = field(default_factory=dict)
    origins: dict[str, np.ndarray] = field(default_factory=dict)
    X_roll: np.ndarray | None = None
    y_roll: np.ndarray | None = None

    @property
    def window(self) -> int:
        """Time steps in each window."""
        return int(self.X_train.shape[1])

    @property
    def horizon(self) -> int:
        """Future steps forecast from each window."""
        return int(self.y_train.shape[1])

    @property
    def n_features(self) -> int:
        """Values per time step (the target first)."""
        return int(self.X_train.shape[2])

    def to_units(self, values: Any) -> np.ndarray:
        """Scaled target values back to the series' units."""
        mean = np.atleast_1d(self.scaler.mean)[0]
        scale = np.atleast_1d(self.scaler.scale)[0]
        return np.asarray(values, dtype=np.float64) * scale + mean


def _part_sizes(n: int, train: float, val: float, align: int | None) -> tuple[int, int]:
    if align is None:
        parts = windows.split_series(np.zeros(n), train=train, val=val)
        return len(parts[0]), len(parts[1])
    blocks = n // align
    n_train = round(blocks * train) * align
    n_val = round(blocks * val) * align
    return n_train, n_val


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
    stride: int = 1,
    test_stride: int | None = None,
    align: int | None = None,
    reach_back: bool = False,
    seasons: Mapping[str, int] | None = None,
    rolling: bool = False,
) -> Case:
    """Split a series in time order, scale on train only, and cut windows from each part.

    By default each part is windowed on its own (a validation window lies wholly in the
    validation part). ``reach_back=True`` lets a window's *inputs* start in the part before,
    so every step of a part can be a target; no target leaves its part, and the scaler still
    sees only training values. ``align`` snaps the two split points to whole multiples of
    ``align`` steps (whole days, with ``align=48`` on a half-hourly series that starts at
    midnight). ``stride`` (and ``test_stride`` for the test part) spaces the samples' origins:
    with ``stride=align`` and a window that is a whole number of days, every window starts at
    a midnight, so each block of ``align`` steps in it is one calendar day.

    Args:
        name: a label for the case.
        series: shape ``(time,)``, or ``(time, n_features)`` whose column 0 is the target and
            the other columns extra inputs (e.g. the time of day); finite numbers.
        window: past steps each sample sees (at least the longest season).
        horizon: future steps to forecast.
        season: steps per season (24 for a daily cycle of hours); MASE's scale.
        train, val: fractions of the time steps for training and validation; the rest is test.
        units: the series' units, e.g. ``"MW"``.
        stride: steps between the origins of consecutive training and validation samples.
        test_stride: the same for the test part (default: ``stride``).
        align: snap the split points to multiples of this many steps (default: no snapping).
        reach_back: let validation and test windows take inputs from the part before.
        seasons: the seasonal-naive baselines, ``{row name: steps back}``; default
            ``{"seasonal_naive": season}``.
        rolling: also cut the test part with an origin at every step (``X_roll``,
            ``y_roll``), for a rolling-origin evaluation and errors by lead time.

    Example:
        >>> case = make_case("toy", np.arange(100.0), window=10, horizon=2, season=5)
        >>> case.X_train.shape, case.y_test.shape
        ((59, 10, 1), (4, 2))
        >>> days = make_case("days", np.arange(240.0), window=24, horizon=12, season=12,
        ...                  train=0.6, val=0.2, align=12, stride=12, reach_back=True)
        >>> days.origins["val"].tolist()        # first target step of each validation sample
        [144, 156, 168, 180]
        >>> days.to_units(days.X_val[:, 0, 0]).round().tolist()   # inputs start in train
        [120.0, 132.0, 144.0, 156.0]
    """
    values = np.asarray(series)
    if values.ndim not in (1, 2) or not np.issubdtype(values.dtype, np.number):
        raise ValueError(
            f"series must be numbers shaped (time,) or (time, n_features); got shape "
            f"{values.shape} and dtype {values.dtype}. Pass e.g. load_series(name).values."
        )
    values = values.astype(np.float64)
    window = whole_number(window, "window")
    horizon = whole_number(horizon, "horizon")
    season = whole_number(season, "season")
    stride = whole_number(stride, "stride")
    test_stride = stride if test_stride is None else whole_number(test_stride, "test_stride")
    if align is not None:
        align = whole_number(align, "align")
    for flag, label in ((reach_back, "reach_back"), (rolling, "rolling")):
        if not isinstance(flag, bool):
            raise TypeError(f"{label} must be True or False, got {flag!r}")
    seasons = {"seasonal_naive": season} if seasons is None else dict(seasons)
    for row, back in {"season": season, **seasons}.items():
        back = whole_number(back, f"seasons[{row!r}]" if row != "season" else "season")
        if window < back:
            raise ValueError(
                f"window={window} is shorter than one season ({back} steps, {row!r}), so "
                f"seasonal naive has nothing to copy. Use window >= {back}."
            )
    n_train, n_val = _part_sizes(len(values), train, val, align)
    bounds = {
        "train": (0, n_train),
        "val": (n_train, n_train + n_val),
        "test": (n_train + n_val, len(values)),
    }
    scaler = windows.fit_scaler(values[:n_train])
    scaled = scaler.transform(values)
    cut, origins = {}, {}
    parts = {**bounds, "roll": bounds["test"]} if rolling else bounds
    for part, (lo, hi) in parts.items():
        step = {"test": test_stride, "roll": 1}.get(part, stride)
        first = lo if (reach_back and part != "train") else lo + window
        if first < window:
            first = lo + math.ceil((window - lo) / step) * step
        if hi - first < horizon:
            raise ValueError(
                f"the {part} part ({hi - lo} steps) is too short for one window of {window} "
                f"plus a horizon of {horizon}. Use a shorter window, a longer series, or "
                "reach_back=True."
            )
        X, y = windows.make_windows(scaled[:hi], window, horizon, stride=step, start=first - window)
        cut[part] = (X, y)
        origins[part] = first + step * np.arange(len(X))
    target_values = values if values.ndim == 1 else values[:, 0]
    return Case(
        name=str(name),
        X_train=cut["train"][0],
        y_train=cut["train"][1],
        X_val=cut["val"][0],
        y_val=cut["val"][1],
        X_test=cut["test"][0],
        y_test=cut["test"][1],
        train_series=target_values[:n_train].copy(),
        season=season,
        scaler=scaler,
        units=units,
        seasons=seasons,
        origins=origins,
        X_roll=cut["roll"][0] if rolling else None,
        y_roll=cut["roll"][1] if rolling else None,
    )


def course_case(
    *, aligned: bool = False, every: int = 1, time_of_day: bool = False, rolling: bool = False
) -> Case:
    """The course task: tomorrow's demand (one day of values) from the last week.

    Half-hourly electricity demand for England and Wales (Taylor 2003), 84 days from a
    Monday midnight. The first 8 weeks train, the next 2 validate (early stopping, size
    search, the ridge penalty), the last 2 test. Test forecasts are issued at each of the 14
    test midnights for the whole next day, so every variant is scored on the same 14 × 48
    targets, each test half-hour exactly once. Windows may take inputs from the part before
    (``reach_back``); the scaler sees the training weeks only.

    Args:
        aligned: start every training and validation window at a midnight (stride one day),
            so each of the 7 subsequences is one calendar day; 48 times fewer samples.
            Default: a window at every step (sliding), whose day borders move.
        every: average every ``every`` half-hours first (4 gives 2-hourly means: 12 steps a
            day, 16 times less work for the networks); must divide 48.
        time_of_day: add two input features, the sine and cosine of the time of day, so a
            model reading sliding windows knows where each window starts.
        rolling: also forecast from every step of the test weeks (``X_roll``), not only
            from the 14 midnights: a rolling-origin evaluation, with errors by lead time.

    Returns:
        A :class:`Case` with windows ``(samples, 7 * day, n_features)`` and targets
        ``(samples, day)``, ``day = 48 // every``, and the baselines "day_back" and
        "week_back" (seasonal naive one day and one week back). Nest the windows as
        ``n_seq=7, n_steps=day``.

    Example:
        >>> case = course_case(every=4)
        >>> case.X_train.shape, case.y_test.shape, case.seasons
        ((577, 84, 1), (14, 12), {'day_back': 12, 'week_back': 84})
        >>> aligned = course_case(aligned=True)
        >>> aligned.X_train.shape, bool(np.all(aligned.origins["train"] % 48 == 0))
        ((49, 336, 1), True)
    """
    every = whole_number(every, "every")
    if 48 % every:
        raise ValueError(f"every must divide the 48 half-hours of a day, got {every}")
    for flag, label in ((aligned, "aligned"), (time_of_day, "time_of_day")):
        if not isinstance(flag, bool):
            raise TypeError(f"{label} must be True or False, got {flag!r}")
    demand = data.load_series("electricity_demand")
    day = 48 // every
    values = demand.values.reshape(-1, every).mean(axis=1)
    if time_of_day:
        angle = 2 * np.pi * (np.arange(len(values)) % day) / day
        values = np.column_stack([values, np.sin(angle), np.cos(angle)])
    total = sum(COURSE_DAYS[k] for k in ("train", "val", "test"))
    minutes = 30 * every
    label = "demand, day ahead from a week" + (", aligned" if aligned else ", sliding")
    if every > 1:
        label += (
            f", {minutes // 60}-hourly means" if minutes % 60 == 0 else f", {minutes}-min means"
        )
    label += ", + time of day" if time_of_day else ""
    return make_case(
        label,
        values,
        window=COURSE_DAYS["window"] * day,
        horizon=COURSE_DAYS["horizon"] * day,
        season=day,
        train=COURSE_DAYS["train"] / total,
        val=COURSE_DAYS["val"] / total,
        units="MW",
        stride=day if aligned else 1,
        test_stride=day,
        align=day,
        reach_back=True,
        seasons={"day_back": day, "week_back": COURSE_DAYS["window"] * day},
        rolling=rolling,
    )


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
    """

    summary: evaluate.ResultsTable
    runs: evaluate.ResultsTable
    predictions: dict[str, np.ndarray] = field(default_factory=dict)
    y_test: np.ndarray | None = None
    ridge: float | None = None
    rolling: dict[str, np.ndarray] = field(default_factory=dict)
    y_roll: np.ndarray | None = None
    by_lead: dict[str, np.ndarray] = field(default_factory=dict)

    def unconverged(self) -> list[tuple[str, int]]:
        """``(model, seed)`` of every trained run that hit the epoch cap (empty if all
        stopped early). Raise the cap or the patience until it is empty."""
        return [
            (r["model"], r["seed"]) for r in self.runs if r["seed"] is not None and not r["stopped"]
        ]


def _nest_for(model: keras.Model, X: np.ndarray) -> np.ndarray:
    """``X`` as the model wants it: plain windows, or cut into ``n_seq`` subsequences."""
    shape = model_input_shape(model)
    if len(shape) == 4:
        return windows.to_subsequences(X, n_seq=int(shape[1]))
    return X


def _sd(values: list[float]) -> float:
    return float(np.std(values, ddof=1)) if len(values) > 1 else 0.0


def _check_seeds(seeds: Sequence[int]) -> list[int]:
    fix = "Use e.g. seeds=[0, 1, 2]."
    seeds = [whole_number(s, "each seed", minimum=0, fix=fix) for s in seeds]
    if not seeds:
        raise ValueError("seeds is empty: give at least one seed, e.g. seeds=[0, 1, 2]")
    if len(set(seeds)) != len(seeds):
        raise ValueError(f"seeds must differ from each other, got {seeds}")
    return [int(s) for s in seeds]


def _check_builders(builders: Any, reserved: Sequence[str]) -> None:
    if not isinstance(builders, Mapping):
        raise TypeError(
            "builders must be a dict {name: function returning a model}, e.g. "
            f"{{'lstm': lambda: build_lstm(48, 1)}}; got {type(builders).__name__}"
        )
    for name, build in builders.items():
        if isinstance(build, keras.Model) or not callable(build):
            raise TypeError(
                f"builders[{name!r}] must be a function that returns a new model (e.g. "
                f"lambda: build_lstm(48, 1)), got {type(build).__name__}; a model object "
                "would be trained again from where the last seed left it."
            )
        if name in reserved:
            raise ValueError(f"{name!r} is a baseline name; rename that builder")


def _runs_for(
    case: Case,
    name: str,
    build: Callable[[], keras.Model],
    seeds: list[int],
    X_eval: np.ndarray,
    progress: bool,
    fit_kwargs: dict[str, Any],
) -> list[Any]:
    """Train ``build`` once per seed (the later seeds reuse the traced graph); the results."""
    probe = build()  # only to read the input shape: plain or nested windows?
    if not isinstance(probe, keras.Model):
        raise TypeError(
            f"builders[{name!r}]() must return a keras.Model, it returned {type(probe).__name__}"
        )
    X = [_nest_for(probe, a) for a in (case.X_train, case.X_val, X_eval)]
    results, model = [], None
    for seed in seeds:
        result = train_and_forecast(
            build, X[0], case.y_train, X[1], case.y_val, X[2], seed=seed, reuse=model, **fit_kwargs
        )
        model = result.model
        results.append(result)
        if progress:
            print(
                f"{case.name} | {name} | seed {seed}: {result.epochs_run} epochs "
                f"(best {result.best_epoch}, stopped early: {result.stopped_early}), "
                f"{result.seconds:.0f} s",
                flush=True,
            )
    return results


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

    Each builder is trained once per seed with
    :func:`tutorial_utils.models.train_and_forecast` (the later seeds reuse the first
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
        case: from :func:`make_case` or :func:`course_case`.
        builders: ``{name: function returning a fresh model}``; a model whose input is 4-D
            gets the windows cut into its ``n_seq`` subsequences.
        seeds: the seeds to repeat each model with (at least one, no repeats).
        baselines: add the baseline rows first.
        ridges: the penalties to try for the ``ridge`` row (0 is plain least squares).
        progress: print one line per trained run (model, seed, epochs, seconds).
        **fit_kwargs: for :func:`tutorial_utils.models.train_and_forecast`; ``epochs`` (the
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
    _check_builders(builders, reserved)
    if not builders and not baselines:
        raise ValueError("nothing to compare: pass at least one builder or baselines=True")
    seeds = _check_seeds(seeds)

    y_true = case.to_units(case.y_test)
    rolling = case.X_roll is not None
    y_roll = case.to_units(case.y_roll) if rolling else None
    # With rolling origins every forecaster also forecasts X_roll, stacked under X_test.
    X_eval = np.concatenate([case.X_test, case.X_roll]) if rolling else case.X_test
    n_test = len(case.X_test)
    summary: list[dict[str, Any]] = []
    runs: list[dict[str, Any]] = []
    predictions: dict[str, np.ndarray] = {}
    rolled: dict[str, np.ndarray] = {}
    by_lead: dict[str, np.ndarray] = {}
    chosen_ridge = None

    def lead_errors(pred: np.ndarray) -> np.ndarray:
        return np.abs(pred[n_test:] - y_roll).mean(axis=0)

    def add_fixed(name: str, forecast: np.ndarray, params: int) -> None:
        pred = case.to_units(forecast)
        predictions[name] = pred[:n_test]
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
        maes, mases, rolling_maes, leads = [], [], [], []
        for seed, result in zip(seeds, results, strict=True):
            pred = case.to_units(result.predictions)
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
    _check_builders(builders, [])
    if not builders:
        raise ValueError("nothing to search: pass at least one candidate builder")
    seeds = _check_seeds(seeds)
    y_val = case.to_units(case.y_val)
    rows = []
    for name, build in builders.items():
        results = _runs_for(case, name, build, seeds, case.X_val, progress, fit_kwargs)
        maes = [evaluate.mae(y_val, case.to_units(r.predictions)) for r in results]
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
