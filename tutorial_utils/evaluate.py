"""Baselines every forecast must beat, the error measures the course reports, and a results table.

The two baselines need no training at all:

* **naive**: tomorrow looks like today; the forecast is the last value in the window.
* **seasonal naive**: the forecast is the value exactly one season earlier (for half-hourly
  demand with a daily cycle, the same half-hour yesterday: ``season=48``).

Errors are reported as MAE and RMSE (in the units of the series) and as MASE, the MAE
divided by the MAE that seasonal naive makes *inside the training series*. A MASE below 1
means "better, on these test windows, than copying last season was on the training data";
it has no units, so it can be compared across series.

:func:`mape` is the measure of the electricity demand literature. The literature's own method
for the course's series lives in :mod:`tutorial_utils.holt_winters`; the paired test of two
forecasts in :mod:`tutorial_utils.significance`.

NumPy and the standard library only: importing this module must not start TensorFlow.

Example:
    >>> import numpy as np
    >>> X = np.arange(12, dtype=float).reshape(2, 6, 1)   # two windows of six steps
    >>> naive_forecast(X).ravel().tolist()
    [5.0, 11.0]
    >>> seasonal_naive_forecast(X, season=3).ravel().tolist()
    [3.0, 9.0]
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tutorial_utils.checks import column_index, finite, one_series, real_number, whole_number
from tutorial_utils.tables import format_table
from tutorial_utils.windows import check_windows

__all__ = [
    "ResultsTable",
    "compare_forecasts",
    "least_squares_forecast",
    "mae",
    "mape",
    "mase",
    "naive_forecast",
    "origin_losses",
    "rmse",
    "seasonal_naive_forecast",
    "seasonal_naive_scale",
]


def _season(season: Any) -> int:
    """``season`` as a whole number of steps; 52.18 is refused with the two nearest choices."""
    if isinstance(season, float | np.floating) and math.isfinite(season) and season > 1:
        if not float(season).is_integer():
            raise TypeError(
                f"season must be a whole number of steps, got {season!r}: a forecast can only "
                f"copy a value a whole number of steps back. Use season={math.floor(season)} "
                f"or season={math.ceil(season)}."
            )
    return whole_number(season, "season")


def naive_forecast(X: Any, horizon: int = 1, target: int = 0) -> np.ndarray:
    """Forecast every future step as the last value seen in the window.

    Args:
        X: windows ``(samples, window, n_features)``.
        horizon: how many future steps to forecast.
        target: the feature column being forecast.

    Returns:
        ``(samples, horizon)`` array, the same shape as the ``y`` of
        ``tutorial_utils.windows.make_windows``.

    Example:
        >>> naive_forecast(np.array([[[1.0], [2.0], [3.0]]]), horizon=2).tolist()
        [[3.0, 3.0]]
    """
    arr = check_windows(X)
    horizon = whole_number(horizon, "horizon")
    target = column_index(target, arr.shape[2])
    last = arr[:, -1, target].astype(np.float64)
    return np.repeat(last[:, np.newaxis], horizon, axis=1)


def seasonal_naive_forecast(X: Any, season: int, horizon: int = 1, target: int = 0) -> np.ndarray:
    """Forecast every future step as the value one season before it.

    For step ``h`` after the end of the window (``h = 1 .. horizon``) the forecast is the
    value ``season`` steps earlier. When ``h > season`` that moment is itself in the future,
    so the value is taken from the last *observed* season instead (the usual definition).

    Args:
        X: windows ``(samples, window, n_features)``.
            Each window must cover at least one full season: ``window >= season``.
        season: the length of one cycle in steps (48 for a daily cycle of half-hours).
        horizon: how many future steps to forecast.
        target: the feature column being forecast.

    Returns:
        ``(samples, horizon)`` array.

    Example:
        >>> X = np.array([10.0, 20.0, 30.0, 11.0, 21.0, 31.0]).reshape(1, 6, 1)  # a 3-step cycle
        >>> seasonal_naive_forecast(X, season=3, horizon=4).tolist()
        [[11.0, 21.0, 31.0, 11.0]]
    """
    arr = check_windows(X)
    season = _season(season)
    horizon = whole_number(horizon, "horizon")
    target = column_index(target, arr.shape[2])
    window = arr.shape[1]
    if window < season:
        raise ValueError(
            f"each window has {window} steps but one season is {season} steps: seasonal naive "
            f"needs the value one season back, which is not in the window. Cut windows with "
            f"window >= {season}, or use a shorter season."
        )
    steps = np.arange(1, horizon + 1)
    seasons_back = (steps - 1) // season + 1
    positions = window - 1 + steps - season * seasons_back
    return arr[:, positions, target].astype(np.float64)


def _targets_2d(y: Any, n_samples: int, name: str) -> np.ndarray:
    """``y`` as ``(samples, horizon)`` floats; a 1-D ``y`` is one step ahead."""
    arr = np.asarray(y)
    if not np.issubdtype(arr.dtype, np.number):
        raise TypeError(f"{name} must hold numbers, got dtype {arr.dtype}")
    if arr.ndim == 1:
        arr = arr[:, np.newaxis]
    if arr.ndim != 2:
        raise ValueError(
            f"{name} must be targets shaped (samples, horizon) or (samples,); got shape "
            f"{arr.shape}. make_windows returns y in the right shape."
        )
    if len(arr) != n_samples:
        raise ValueError(
            f"{name} has {len(arr)} rows but the training windows have {n_samples}: each "
            "window needs exactly one row of targets. Build both with the same make_windows call."
        )
    return arr.astype(np.float64)


def least_squares_forecast(X_train: Any, y_train: Any, X: Any, *, ridge: float = 0.0) -> np.ndarray:
    """Fit a linear model on the training windows in closed form, and forecast ``X``.

    Every window is flattened into one row of ``window * n_features`` numbers; the model is
    ``y = row @ W + b``, one column of ``W`` and one intercept per step of the horizon, fitted
    by ordinary least squares (no training loop, no seed: the answer is unique). This is the
    baseline a network must beat: it sees exactly the same inputs. ``ridge > 0`` adds an L2
    penalty ``ridge * ||W||^2`` that shrinks the weights but never the intercept.

    Args:
        X_train: training windows ``(samples, window, n_features)``.
        y_train: their targets ``(samples, horizon)``, or ``(samples,)`` for one step ahead.
        X: the windows to forecast, with the same window length and features as ``X_train``.
        ridge: the L2 penalty, 0 or more (0 is plain least squares).

    Returns:
        ``(len(X), horizon)`` forecasts, in the same units (and scaling) as ``y_train``.

    Example:
        >>> X_train = np.array([[1.0, 2.0], [2.0, 3.0], [3.0, 5.0], [4.0, 4.0]])[..., None]
        >>> y_train = 2 * X_train[:, 1, 0] - X_train[:, 0, 0] + 1    # an exact linear rule
        >>> least_squares_forecast(X_train, y_train, np.array([[[5.0], [6.0]]])).round(6).tolist()
        [[8.0]]
    """
    train = check_windows(X_train, "X_train")
    new = check_windows(X, "X")
    if new.shape[1:] != train.shape[1:]:
        raise ValueError(
            f"X has windows of shape {new.shape[1:]} but the model was fitted on "
            f"{train.shape[1:]}: forecast windows cut the same way as the training windows."
        )
    targets = _targets_2d(y_train, len(train), "y_train")
    ridge = real_number(ridge, "ridge", at_least=0.0, fix="ridge=0 means no penalty.")
    rows = train.reshape(len(train), -1).astype(np.float64)
    # Centring lets the intercept absorb the means, so the penalty never touches it.
    row_mean = rows.mean(axis=0)
    target_mean = targets.mean(axis=0)
    centred = rows - row_mean
    if ridge == 0:
        weights = np.linalg.lstsq(centred, targets - target_mean, rcond=None)[0]
    else:
        gram = centred.T @ centred + ridge * np.eye(centred.shape[1])
        weights = np.linalg.solve(gram, centred.T @ (targets - target_mean))
    intercept = target_mean - row_mean @ weights
    return new.reshape(len(new), -1).astype(np.float64) @ weights + intercept


def _pair(y_true: Any, y_pred: Any) -> tuple[np.ndarray, np.ndarray]:
    true = np.asarray(y_true, dtype=np.float64)
    pred = np.asarray(y_pred, dtype=np.float64)
    if true.shape != pred.shape:
        hint = ""
        if true.size == pred.size:
            hint = (
                " They hold the same number of values: reshape one to match, e.g. "
                "y_pred.reshape(y_true.shape)."
            )
        raise ValueError(
            f"y_true has shape {true.shape} but y_pred has shape {pred.shape}; they must "
            f"match element by element.{hint}"
        )
    if true.size == 0:
        raise ValueError("y_true and y_pred are empty: there is nothing to score.")
    fix = (
        "Drop or fill those values first (a model that outputs NaN usually diverged: lower the "
        "learning rate)."
    )
    finite(true, "y_true", fix=fix)
    finite(pred, "y_pred", fix=fix)
    return true, pred


def mae(y_true: Any, y_pred: Any) -> float:
    """Mean absolute error, in the units of the series.

    Example:
        >>> mae([1.0, 2.0, 4.0], [2.0, 2.0, 1.0])
        1.3333333333333333
    """
    true, pred = _pair(y_true, y_pred)
    return float(np.mean(np.abs(true - pred)))


def origin_losses(y_true: Any, y_pred: Any, *, loss: str = "mae") -> np.ndarray:
    """One loss per forecast origin (per row), for a paired test such as Diebold-Mariano.

    Two models scored on the same windows give two such arrays, origin by origin; pass them
    to :func:`tutorial_utils.significance.diebold_mariano`. The mean of the ``"mae"`` losses
    is :func:`mae`.

    Args:
        y_true, y_pred: ``(origins, horizon)`` (or ``(origins,)`` for one step ahead), in
            the series' units, e.g. ``Comparison.y_test`` and ``Comparison.predictions[name]``.
        loss: ``"mae"`` (mean absolute error over the horizon) or ``"mse"`` (mean squared).

    Returns:
        A new ``float64`` array of shape ``(origins,)``.

    Example:
        >>> origin_losses([[1.0, 2.0], [3.0, 4.0]], [[1.0, 4.0], [3.0, 3.0]]).tolist()
        [1.0, 0.5]
        >>> origin_losses([1.0, 2.0], [2.0, 4.0], loss="mse").tolist()
        [1.0, 4.0]
    """
    if loss not in ("mae", "mse"):
        raise ValueError(f"loss must be 'mae' or 'mse', got {loss!r}")
    true, pred = _pair(y_true, y_pred)
    if true.ndim not in (1, 2):
        raise ValueError(
            f"y_true must be (origins, horizon) or (origins,), one row per forecast origin; "
            f"got shape {true.shape}."
        )
    error = (true - pred).reshape(len(true), -1)
    return np.mean(np.abs(error) if loss == "mae" else error**2, axis=1)


def rmse(y_true: Any, y_pred: Any) -> float:
    """Root mean squared error, in the units of the series (punishes big misses more).

    Example:
        >>> rmse([0.0, 0.0], [3.0, 4.0])
        3.5355339059327378
    """
    true, pred = _pair(y_true, y_pred)
    return float(np.sqrt(np.mean((true - pred) ** 2)))


def seasonal_naive_scale(y_train: Any, season: int) -> float:
    """In-sample MAE of seasonal naive on a training series: the denominator of MASE.

    A missing value (NaN, e.g. a blank week kept by ``data.load_csv``) leaves out the pairs it
    belongs to; the mean is over the pairs where both values are known.

    Example:
        >>> seasonal_naive_scale([1.0, 5.0, 2.0, 7.0], season=2)
        1.5
        >>> seasonal_naive_scale([1.0, 5.0, np.nan, 7.0], season=2)   # only 5 -> 7 is known
        2.0
    """
    season = _season(season)
    fix = "Pass the training series itself (its target column), e.g. train[:, 0]."
    train = one_series(y_train, "y_train", fix=fix).astype(np.float64)
    if train.size <= season:
        raise ValueError(
            f"y_train has {train.size} values but season is {season}: MASE needs more than one "
            "season of training data to measure how well copying the last season works."
        )
    if np.isinf(train).any():
        raise ValueError("y_train contains inf, an error in the data; fix or drop it first.")
    errors = np.abs(train[season:] - train[:-season])
    errors = errors[~np.isnan(errors)]
    scale = float(np.mean(errors)) if errors.size else math.nan
    if not math.isfinite(scale) or scale == 0.0:
        raise ValueError(
            f"seasonal naive is exact on y_train (in-sample MAE {scale}), so MASE would "
            "divide by zero. Check that y_train is the real training series (with at least "
            "two known values one season apart)."
        )
    return scale


def mase(y_true: Any, y_pred: Any, y_train: Any, season: int) -> float:
    """Mean absolute scaled error: test MAE over the in-sample seasonal naive MAE.

    ``y_train`` is the training series (in the same units as ``y_true``), not windows. With
    ``season=1`` the scale is the in-sample error of the plain naive forecast.

    Example:
        >>> mase([3.0, 5.0], [4.0, 5.0], y_train=[1.0, 5.0, 2.0, 7.0], season=2)
        0.3333333333333333
    """
    return mae(y_true, y_pred) / seasonal_naive_scale(y_train, season)


@dataclass
class ResultsTable:
    """One row per model, scored on the same targets. Print it, or ask for markdown.

    Attributes:
        rows: a list of dicts, one per model, each with the key ``"model"`` first.
        units: the units of the MAE and RMSE columns (for the header), e.g. ``"MW"``.
    """

    rows: list[dict[str, Any]] = field(default_factory=list)
    units: str | None = None

    @property
    def columns(self) -> list[str]:
        """Every column name, in first-seen order."""
        names: list[str] = []
        for row in self.rows:
            names.extend(k for k in row if k not in names)
        return names

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows)

    def __getitem__(self, model: str) -> dict[str, Any]:
        for row in self.rows:
            if row["model"] == model:
                return row
        known = [row["model"] for row in self.rows]
        raise KeyError(f"no model {model!r} in this table; it has {known}")

    def column(self, name: str) -> dict[str, Any]:
        """``{model: value}`` for one column, e.g. ``table.column("mase")``."""
        if name not in self.columns:
            raise KeyError(f"no column {name!r}; the columns are {self.columns}")
        return {row["model"]: row.get(name) for row in self.rows}

    def best(self, metric: str = "mase") -> str:
        """The name of the model with the lowest value of ``metric``."""
        values = self.column(metric)
        return min(values, key=lambda m: values[m])

    def sorted(self, metric: str = "mase") -> ResultsTable:
        """A copy with rows ordered from best (lowest ``metric``) to worst."""
        return ResultsTable(sorted(self.rows, key=lambda r: r[metric]), units=self.units)

    def _header(self, name: str) -> str:
        if self.units and name in ("mae", "rmse"):
            return f"{name.upper()} ({self.units})"
        return name.upper() if name in ("mae", "rmse", "mase") else name

    def _cells(self, digits: int) -> tuple[list[str], list[list[str]]]:
        cols = self.columns
        body = [[_format(row.get(c, ""), digits) for c in cols] for row in self.rows]
        return [self._header(c) for c in cols], body

    def to_markdown(self, digits: int = 3) -> str:
        """A GitHub markdown table; numbers rounded to ``digits`` decimals (floats only)."""
        return format_table(*self._cells(digits), markdown=True)

    def to_text(self, digits: int = 3) -> str:
        """A plain aligned table for ``print``: text left-aligned, numbers right-aligned."""
        numeric = [
            i
            for i, c in enumerate(self.columns)
            if all(isinstance(row.get(c), (int, float)) for row in self.rows)
        ]
        return format_table(*self._cells(digits), right=numeric)

    def __str__(self) -> str:
        return self.to_text()

    def _repr_markdown_(self) -> str:
        return self.to_markdown()


def _format(value: Any, digits: int) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (float, np.floating)):
        return f"{value:,.{digits}f}"
    if isinstance(value, (int, np.integer)):
        return f"{value:,d}"
    return str(value)


def compare_forecasts(
    y_true: Any,
    predictions: Mapping[str, Any],
    *,
    y_train: Any,
    season: int,
    units: str | None = None,
    extra: Mapping[str, Mapping[str, Any]] | None = None,
) -> ResultsTable:
    """Score several forecasts of the *same* targets with MAE, RMSE and MASE.

    Args:
        y_true: the true targets, e.g. ``(samples, horizon)`` from ``make_windows``.
        predictions: ``{model name: forecast}``, each forecast shaped like ``y_true``.
        y_train: the training series in the same units, for the MASE scale.
        season: the season of the MASE scale (48 for a daily cycle of half-hours).
        units: units of ``y_true`` for the table header, e.g. ``"MW"``.
        extra: more columns per model, e.g. ``{"cnn_lstm": {"params": 10465}}``.

    Returns:
        A :class:`ResultsTable` with columns ``model, mae, rmse, mase`` (plus ``extra``),
        rows in the order of ``predictions``.

    Example:
        >>> table = compare_forecasts(
        ...     [3.0, 5.0], {"good": [3.0, 4.0], "bad": [0.0, 0.0]},
        ...     y_train=[1.0, 5.0, 2.0, 7.0], season=2,
        ... )
        >>> table.best("mae"), round(table["good"]["mase"], 3)
        ('good', 0.333)
    """
    if not isinstance(predictions, Mapping) or not predictions:
        raise TypeError(
            "predictions must be a non-empty dict {model name: forecast}, got "
            f"{type(predictions).__name__}"
        )
    scale = seasonal_naive_scale(y_train, season)
    extra = extra or {}
    unknown = sorted(set(extra) - set(predictions))
    if unknown:
        raise ValueError(f"extra has models {unknown} that are not in predictions")
    rows = []
    for name, pred in predictions.items():
        try:
            error = mae(y_true, pred)
            row: dict[str, Any] = {
                "model": str(name),
                "mae": error,
                "rmse": rmse(y_true, pred),
                "mase": error / scale,
            }
        except ValueError as exc:
            raise ValueError(f"model {name!r}: {exc}") from None
        row.update(extra.get(name, {}))
        rows.append(row)
    return ResultsTable(rows, units=units)


def mape(y_true: Any, y_pred: Any) -> float:
    """Mean absolute percentage error, in percent: ``100 * mean(|y_true - y_pred| / |y_true|)``.

    The measure of the electricity demand literature (Taylor 2003 reports it by lead time). It
    divides by the true values, so none may be zero.

    Example:
        >>> mape([100.0, 200.0], [90.0, 250.0])   # 10 % and 25 % off
        17.5
    """
    true, pred = _pair(y_true, y_pred)
    if np.any(true == 0):
        raise ValueError(
            f"y_true holds {int(np.sum(true == 0))} zero(s): MAPE divides by the true values. "
            "Use MAE or MASE for a series that can be zero."
        )
    return float(100.0 * np.mean(np.abs(true - pred) / np.abs(true)))
