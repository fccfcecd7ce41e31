"""Baselines every forecast must beat, the error measures the course reports, and a results table.

The two baselines need no training at all:

* **naive**: tomorrow looks like today; the forecast is the last value in the window.
* **seasonal naive**: the forecast is the value exactly one season earlier (for half-hourly
  demand with a daily cycle, the same half-hour yesterday: ``season=48``).

Errors are reported as MAE and RMSE (in the units of the series) and as MASE, the MAE
divided by the MAE that seasonal naive makes *inside the training series*. A MASE below 1
means "better, on these test windows, than copying last season was on the training data";
it has no units, so it can be compared across series.

The method the literature reached on the course's demand series is here too, as a reference
a network has to be measured against: Taylor's (2003) double seasonal Holt-Winters with an
AR(1) correction of the one-step errors (:func:`fit_double_seasonal`,
:func:`forecast_double_seasonal`), scored with :func:`mape` as the paper does.

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
    "DieboldMariano",
    "DoubleSeasonalFit",
    "DoubleSeasonalParams",
    "ResultsTable",
    "compare_forecasts",
    "diebold_mariano",
    "fit_double_seasonal",
    "forecast_double_seasonal",
    "least_squares_forecast",
    "mae",
    "mape",
    "mase",
    "naive_forecast",
    "rmse",
    "seasonal_naive_forecast",
    "seasonal_naive_scale",
]


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
    season = whole_number(season, "season")
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

    Example:
        >>> seasonal_naive_scale([1.0, 5.0, 2.0, 7.0], season=2)
        1.5
    """
    season = whole_number(season, "season")
    fix = "Pass the training series itself (its target column), e.g. train[:, 0]."
    train = one_series(y_train, "y_train", fix=fix).astype(np.float64)
    if train.size <= season:
        raise ValueError(
            f"y_train has {train.size} values but season is {season}: MASE needs more than one "
            "season of training data to measure how well copying the last season works."
        )
    scale = float(np.mean(np.abs(train[season:] - train[:-season])))
    if not math.isfinite(scale) or scale == 0.0:
        raise ValueError(
            f"seasonal naive is exact on y_train (in-sample MAE {scale}), so MASE would "
            "divide by zero. Check that y_train is the real training series."
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


def _student_t_two_sided(t: float, df: int) -> float:
    """P(|T| >= |t|) for Student's t with ``df`` degrees of freedom (Simpson's rule, no SciPy)."""
    x = np.linspace(0.0, abs(t), 4001)
    log_norm = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    pdf = np.exp(log_norm - (df + 1) / 2 * np.log1p(x**2 / df))
    h = x[1] - x[0]
    area = h / 3 * (pdf[0] + pdf[-1] + 4 * pdf[1:-1:2].sum() + 2 * pdf[2:-1:2].sum())
    return float(min(1.0, max(0.0, 1.0 - 2.0 * area)))


@dataclass(frozen=True)
class DieboldMariano:
    """What :func:`diebold_mariano` returns.

    Attributes:
        mean_difference: mean of ``loss_a - loss_b`` (negative: ``a`` had the smaller losses).
        statistic: the test statistic with Harvey, Leybourne and Newbold's small-sample factor.
        p_value: two-sided, from Student's t with ``n - 1`` degrees of freedom.
        n: the number of paired losses (forecast origins).
    """

    mean_difference: float
    statistic: float
    p_value: float
    n: int


def diebold_mariano(loss_a: Any, loss_b: Any, horizon: int = 1) -> DieboldMariano:
    """Test whether two forecasts are equally accurate, from their losses at the same origins.

    Diebold and Mariano (1995): with ``d_t = loss_a[t] - loss_b[t]`` at each of ``n`` forecast
    origins, the statistic is the mean of ``d`` over its standard error, the variance summing
    the autocovariances of ``d`` up to lag ``horizon - 1`` (forecasts more than ``horizon``
    steps apart do not overlap). Harvey, Leybourne and Newbold (1997) multiply it by
    ``sqrt((n + 1 - 2h + h(h - 1) / n) / n)`` and read it against Student's t with ``n - 1``
    degrees of freedom, which holds its size far better for a few dozen origins. A small
    ``p_value`` says the accuracies differ; a large one says the origins cannot tell them
    apart, not that they are equal.

    Args:
        loss_a, loss_b: one loss per forecast origin (e.g. each origin's MAE), same length.
        horizon: how many origins one forecast spans before the next origin's forecast no
            longer overlaps it (1 for day-ahead forecasts issued once a day).

    Example:
        >>> result = diebold_mariano([1.0, 2.0, 3.0, 4.0], [2.0, 2.5, 3.5, 5.0])
        >>> round(result.mean_difference, 3), round(result.statistic, 3), result.n
        (-0.75, -5.196, 4)
    """
    a = np.asarray(loss_a, dtype=np.float64)
    b = np.asarray(loss_b, dtype=np.float64)
    if a.ndim != 1 or a.shape != b.shape:
        raise ValueError(
            f"loss_a and loss_b must be 1-D and of the same length (one loss per forecast "
            f"origin), got shapes {a.shape} and {b.shape}; average each origin's errors first."
        )
    for losses, name in ((a, "loss_a"), (b, "loss_b")):
        finite(losses, name, fix="Score finite forecasts only.")
    n = len(a)
    h = whole_number(horizon, "horizon", minimum=1)
    if n < max(3, h + 1):
        raise ValueError(
            f"need at least {max(3, h + 1)} paired losses for horizon={h}, got {n}: use more "
            "forecast origins (a rolling origin gives one per step of the test part)"
        )
    d = a - b
    centred = d - d.mean()
    gamma = [float(centred[k:] @ centred[: n - k]) / n for k in range(h)]
    variance = (gamma[0] + 2 * sum(gamma[1:])) / n
    if not variance > 0:
        raise ValueError(
            "the loss differences do not vary (or their autocovariances cancel): the test is "
            "undefined; the two forecasts differ by a constant at every origin"
        )
    correction = math.sqrt((n + 1 - 2 * h + h * (h - 1) / n) / n)
    statistic = float(d.mean() / math.sqrt(variance) * correction)
    return DieboldMariano(float(d.mean()), statistic, _student_t_two_sided(statistic, n - 1), n)


# --- double seasonal Holt-Winters (Taylor 2003) -------------------------------------------


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


@dataclass(frozen=True)
class DoubleSeasonalParams:
    """The five parameters of double seasonal Holt-Winters with an AR(1) error correction.

    Taylor's (2003) names: ``alpha`` smooths the level, ``gamma`` the trend, ``delta`` the
    within-day (short) season, ``omega`` the within-week (long) season, and ``phi`` is the
    AR(1) coefficient of the one-step errors. Each must be in [0, 1]. (R's ``forecast::dshw``
    calls the same five ``alpha, beta, gamma, omega, phi``: its ``beta`` is the trend and its
    ``gamma`` the short season.)

    Example:
        >>> DoubleSeasonalParams(0.1, 0.0, 0.2, 0.2, 0.9).phi
        0.9
        >>> DoubleSeasonalParams(0.1, 0.0, 1.5, 0.2, 0.9)
        Traceback (most recent call last):
        ...
        ValueError: delta must be a number >= 0 and <= 1, got 1.5. Every parameter of double \
seasonal Holt-Winters is a weight between 0 and 1.
    """

    alpha: float
    gamma: float
    delta: float
    omega: float
    phi: float

    def __post_init__(self) -> None:
        fix = "Every parameter of double seasonal Holt-Winters is a weight between 0 and 1."
        for name in ("alpha", "gamma", "delta", "omega", "phi"):
            value = real_number(getattr(self, name), name, at_least=0.0, at_most=1.0, fix=fix)
            object.__setattr__(self, name, value)

    def as_tuple(self) -> tuple[float, float, float, float, float]:
        """``(alpha, gamma, delta, omega, phi)``."""
        return (self.alpha, self.gamma, self.delta, self.omega, self.phi)


@dataclass(frozen=True)
class DoubleSeasonalFit:
    """What :func:`fit_double_seasonal` returns; pass it to :func:`forecast_double_seasonal`.

    Attributes:
        params: the five parameters (estimated, or the ones given).
        s1: the short (daily) season, in steps.
        s2: the long (weekly) season, in steps; a whole number of short seasons.
        n_fit: how many values of the series the parameters were estimated on.
        sse: the sum of squared AR-corrected one-step errors over those ``n_fit`` values, in the
            series' units squared: the quantity the estimation minimises.
        evaluations: how many times the recursion ran while estimating (0 for given params).
        estimated: ``False`` when the parameters were given rather than estimated.
    """

    params: DoubleSeasonalParams
    s1: int
    s2: int
    n_fit: int
    sse: float
    evaluations: int
    estimated: bool

    @property
    def rmse(self) -> float:
        """The root mean of ``sse``: the in-sample one-step error, in the series' units."""
        return math.sqrt(self.sse / self.n_fit)


def _seasons(s1: object, s2: object) -> tuple[int, int]:
    s1 = whole_number(s1, "s1", fix="s1 is the short season in steps, e.g. 48 half-hours a day.")
    s2 = whole_number(s2, "s2", fix="s2 is the long season in steps, e.g. 336 half-hours a week.")
    if s2 <= s1 or s2 % s1:
        raise ValueError(
            f"s2 must be a whole number of short seasons longer than one (s2 = k * s1, k >= 2), "
            f"got s1={s1}, s2={s2}. For half-hours use s1=48, s2=336; for 2-hourly means "
            "s1=12, s2=84."
        )
    return s1, s2


def _demand_series(y: Any, name: str, s2: int) -> np.ndarray:
    """``y`` as a new 1-D float64 array of positive finite values covering two long seasons."""
    values = one_series(y, name, fix="Pass one series, e.g. demand.values.")
    if not np.issubdtype(values.dtype, np.number):
        raise TypeError(f"{name} must hold numbers, got dtype {values.dtype}")
    values = np.array(values, dtype=np.float64)  # a copy: the caller's array is never touched
    finite(values, name, fix="Fill or cut the gaps first: the recursion needs every step.")
    if np.any(values <= 0):
        first = int(np.argmax(values <= 0))
        raise ValueError(
            f"{name} must be positive (the seasons are multiplicative), but it holds "
            f"{int(np.sum(values <= 0))} value(s) <= 0, the first at index {first} "
            f"({values[first]!r}). Use a series of levels such as demand in MW, not "
            "differences or scaled values centred on 0."
        )
    if len(values) < 2 * s2:
        raise ValueError(
            f"{name} has {len(values)} values but the initial states are estimated from the "
            f"first two long seasons, 2 * s2 = {2 * s2} values. Pass a longer series (for "
            "half-hourly demand, at least two weeks)."
        )
    return values


def _initial_states(
    y: np.ndarray, s1: int, s2: int
) -> tuple[float, float, list[float], list[float]]:
    """Level and trend just before the first value, and one short and one long season of indices.

    Our own simple scheme from the first two long seasons (two weeks): the trend is the change
    of the weekly mean over one week; the level line through the first week's mean at its
    middle gives a ratio ``y / line`` per step; a daily index is the mean ratio at each step of
    the day, a weekly index the mean of ``ratio / daily index`` at each step of the week, each
    scaled to average 1. Returns ``(level, trend, daily, weekly)``, the level at step -1.
    """
    first, second = y[:s2].mean(), y[s2 : 2 * s2].mean()
    trend = (second - first) / s2
    line = first + (np.arange(2 * s2) - (s2 - 1) / 2) * trend
    ratio = y[: 2 * s2] / line
    daily = ratio.reshape(-1, s1).mean(axis=0)
    daily /= daily.mean()
    weekly = (ratio / np.tile(daily, 2 * s2 // s1)).reshape(2, s2).mean(axis=0)
    weekly /= weekly.mean()
    level = first - (s2 + 1) / 2 * trend
    return float(level), float(trend), daily.tolist(), weekly.tolist()


def _recursion(
    y: list[float], smoothing: tuple[float, float, float, float], s1: int, s2: int
) -> tuple[list[float], list[float], list[float], list[float], list[float]]:
    """Run Taylor's (2003) updates through ``y`` (a plain list, for speed).

    Returns ``(level, trend, daily, weekly, error)``: ``level[t]`` and ``trend[t]`` after step
    ``t``; ``daily[t + s1]`` the daily index set at step ``t`` (``daily[:s1]`` the initial
    ones), so ``daily[t]`` is the index of ``t - s1`` that the forecast of step ``t`` uses; the
    same for ``weekly`` with ``s2``; ``error[t]`` the one-step error of the uncorrected forecast.
    """
    alpha, gamma, delta, omega = smoothing
    level, trend, daily0, weekly0 = _initial_states(np.asarray(y[: 2 * s2]), s1, s2)
    n = len(y)
    daily = daily0 + [0.0] * n
    weekly = weekly0 + [0.0] * n
    levels, trends, errors = [0.0] * n, [0.0] * n, [0.0] * n
    for t in range(n):
        value, d, w = y[t], daily[t], weekly[t]
        errors[t] = value - (level + trend) * d * w
        new_level = alpha * value / (d * w) + (1 - alpha) * (level + trend)
        trend = gamma * (new_level - level) + (1 - gamma) * trend
        daily[t + s1] = delta * value / (new_level * w) + (1 - delta) * d
        weekly[t + s2] = omega * value / (new_level * d) + (1 - omega) * w
        level = new_level
        levels[t], trends[t] = level, trend
    return levels, trends, daily, weekly, errors


def _corrected_sse(errors: np.ndarray, phi: float | None) -> tuple[float, float]:
    """Sum of squares of ``e[t] - phi * e[t - 1]`` (``e[-1] = 0``), and the ``phi`` used.

    With ``phi=None`` it is the least-squares ``phi``, clipped to [0, 1]: the errors do not depend
    on ``phi``, so it can be solved for exactly instead of searched for.
    """
    previous, current = errors[:-1], errors[1:]
    if phi is None:
        denominator = float(previous @ previous)
        phi = min(1.0, max(0.0, float(current @ previous) / denominator)) if denominator else 0.0
    residual = current - phi * previous
    return float(errors[0] ** 2 + residual @ residual), phi


def _unit(z: np.ndarray) -> np.ndarray:
    """Fold real numbers into [0, 1] (a triangle wave): 0 and 1 are reachable, nothing is flat."""
    return 1.0 - np.abs(1.0 - np.mod(z, 2.0))


def _nelder_mead(
    f: Any, x0: np.ndarray, step: float, max_evaluations: int, tolerance: float
) -> tuple[np.ndarray, float, int]:
    """Minimise ``f`` from ``x0`` with the Nelder-Mead simplex (standard coefficients).

    Stops when the simplex's values agree to ``tolerance`` (relative) or after
    ``max_evaluations`` calls. Returns ``(best x, best value, calls)``.
    """
    dim = len(x0)
    simplex = [x0.astype(np.float64)] + [x0 + step * np.eye(dim)[i] for i in range(dim)]
    values = [f(x) for x in simplex]
    calls = dim + 1
    while calls < max_evaluations:
        order = np.argsort(values)
        simplex = [simplex[i] for i in order]
        values = [values[i] for i in order]
        if values[-1] - values[0] <= tolerance * max(abs(values[0]), 1e-300):
            break
        centroid = np.mean(simplex[:-1], axis=0)
        worst = simplex[-1]
        reflected = centroid + (centroid - worst)
        f_reflected = f(reflected)
        calls += 1
        if f_reflected < values[0]:
            expanded = centroid + 2.0 * (centroid - worst)
            f_expanded = f(expanded)
            calls += 1
            if f_expanded < f_reflected:
                simplex[-1], values[-1] = expanded, f_expanded
            else:
                simplex[-1], values[-1] = reflected, f_reflected
        elif f_reflected < values[-2]:
            simplex[-1], values[-1] = reflected, f_reflected
        else:
            inside = f_reflected >= values[-1]
            contracted = centroid + (0.5 if not inside else -0.5) * (centroid - worst)
            f_contracted = f(contracted)
            calls += 1
            if f_contracted < min(f_reflected, values[-1]):
                simplex[-1], values[-1] = contracted, f_contracted
            else:  # shrink towards the best point
                for i in range(1, dim + 1):
                    simplex[i] = simplex[0] + 0.5 * (simplex[i] - simplex[0])
                    values[i] = f(simplex[i])
                calls += dim
    best = int(np.argmin(values))
    return simplex[best], values[best], calls


def fit_double_seasonal(
    y_fit: Any,
    s1: int = 48,
    s2: int = 336,
    *,
    params: DoubleSeasonalParams | None = None,
    max_evaluations: int = 400,
) -> DoubleSeasonalFit:
    """Estimate Taylor's (2003) double seasonal Holt-Winters with AR(1) error correction.

    The method (Taylor 2003, J. Oper. Res. Soc. 54:799-805) has an additive trend and two
    multiplicative seasons, a daily one ``d`` of ``s1`` steps and a weekly one ``w`` of ``s2``.
    After each value ``y[t]``:

    * level ``l[t] = alpha * y[t] / (d[t-s1] * w[t-s2]) + (1 - alpha) * (l[t-1] + b[t-1])``
    * trend ``b[t] = gamma * (l[t] - l[t-1]) + (1 - gamma) * b[t-1]``
    * daily ``d[t] = delta * y[t] / (l[t] * w[t-s2]) + (1 - delta) * d[t-s1]``
    * weekly ``w[t] = omega * y[t] / (l[t] * d[t-s1]) + (1 - omega) * w[t-s2]``

    The forecast from ``t`` for ``k`` steps ahead is ``(l[t] + k * b[t]) * d[t-s1+k] *
    w[t-s2+k]`` plus ``phi**k * e[t]``, where ``e[t] = y[t] - (l[t-1] + b[t-1]) * d[t-s1] *
    w[t-s2]`` is the last one-step error of the uncorrected forecast: the AR(1) correction.

    The four smoothing weights are estimated by minimising the sum of squared corrected
    one-step errors ``e[t] - phi * e[t-1]`` over ``y_fit`` (a Nelder-Mead simplex in NumPy, each
    weight folded into [0, 1]); for each candidate the best ``phi`` has a closed form (least
    squares, clipped to [0, 1]), so only four numbers are searched. The initial states come
    from the first two weeks (``2 * s2`` values) by a simple ratio-to-trend-line scheme of
    this course's own, and the recursion then runs from the first value.

    Args:
        y_fit: the estimation part of the series, positive values, at least ``2 * s2`` of them.
            It is copied, never modified.
        s1: the short (daily) season in steps (48 for half-hours, 12 for 2-hourly means).
        s2: the long (weekly) season in steps, a multiple of ``s1`` (336, or 84).
        params: give the five parameters (e.g. published ones) to skip the estimation: the
            result then only records them and their ``sse`` on ``y_fit``.
        max_evaluations: a cap on how many times the recursion runs while estimating.

    Returns:
        A :class:`DoubleSeasonalFit`; forecast with :func:`forecast_double_seasonal`.

    Example:
        >>> t = np.arange(4 * 12)                       # four "weeks" of 3 "days" of 4 steps
        >>> day, week = np.array([0.8, 1.2, 1.1, 0.9]), np.repeat([1.1, 1.0, 0.9], 4)
        >>> y = (100 + 0.1 * t) * day[t % 4] * week[t % 12]
        >>> fit = fit_double_seasonal(y, s1=4, s2=12)
        >>> fit.n_fit, fit.estimated, fit.rmse < 0.5
        (48, True, True)
    """
    s1, s2 = _seasons(s1, s2)
    values = _demand_series(y_fit, "y_fit", s2)
    series = values.tolist()
    if params is not None:
        if not isinstance(params, DoubleSeasonalParams):
            raise TypeError(
                "params must be a DoubleSeasonalParams(alpha, gamma, delta, omega, phi), got "
                f"{type(params).__name__}; or leave it out to estimate the parameters."
            )
        errors = np.asarray(_recursion(series, params.as_tuple()[:4], s1, s2)[4])
        sse, _ = _corrected_sse(errors, params.phi)
        return DoubleSeasonalFit(params, s1, s2, len(values), sse, 0, estimated=False)
    max_evaluations = whole_number(max_evaluations, "max_evaluations", minimum=10)

    def objective(z: np.ndarray) -> float:
        try:
            errors = np.asarray(_recursion(series, tuple(_unit(z)), s1, s2)[4])
        except ZeroDivisionError:  # a state reached 0 for these weights: reject them
            return math.inf
        sse = _corrected_sse(errors, None)[0]
        return sse if math.isfinite(sse) else math.inf

    start = np.array([0.1, 0.01, 0.1, 0.1])
    best, _, calls = _nelder_mead(objective, start, 0.1, max_evaluations, tolerance=1e-7)
    alpha, gamma, delta, omega = (float(v) for v in _unit(best))
    errors = np.asarray(_recursion(series, (alpha, gamma, delta, omega), s1, s2)[4])
    sse, phi = _corrected_sse(errors, None)
    fitted = DoubleSeasonalParams(alpha, gamma, delta, omega, phi)
    return DoubleSeasonalFit(fitted, s1, s2, len(values), sse, calls + 1, estimated=True)


def forecast_double_seasonal(
    y: Any, fit: DoubleSeasonalFit, origins: Any, horizon: int | None = None
) -> np.ndarray:
    """Forecast ``y[o : o + horizon]`` from every origin ``o``, with the fitted parameters fixed.

    One pass of the recursion through ``y`` (from its first value, with the same initial
    states as the fit), then every origin at once: the forecast from origin ``o`` uses only
    ``y[:o]``, so test origins never see their targets, and the states keep adapting to new
    data as in Taylor's (2003) post-sample evaluation; only the parameters stay fixed.

    Args:
        y: the whole series, starting where ``y_fit`` started (the estimation part and what
            follows it). It is copied, never modified.
        fit: from :func:`fit_double_seasonal`.
        origins: one origin or a 1-D sequence of them, each the number of values seen,
            ``1 <= o <= len(y)`` (``o = len(y)`` forecasts past the end of ``y``).
        horizon: how many steps ahead, ``1 .. fit.s1`` (default a whole short season).

    Returns:
        ``(len(origins), horizon)`` forecasts; column ``k - 1`` is the lead ``k``. The matching
        truth is ``y[np.add.outer(origins, np.arange(horizon))]`` when it exists.

    Example:
        >>> t = np.arange(6 * 12)
        >>> day, week = np.array([0.8, 1.2, 1.1, 0.9]), np.repeat([1.1, 1.0, 0.9], 4)
        >>> y = (100 + 0.1 * t) * day[t % 4] * week[t % 12]
        >>> fit = fit_double_seasonal(y[:48], s1=4, s2=12)
        >>> origins = np.arange(48, 69)
        >>> pred = forecast_double_seasonal(y, fit, origins, horizon=4)
        >>> pred.shape, mape(y[np.add.outer(origins, np.arange(4))], pred) < 0.5
        ((21, 4), True)
    """
    if not isinstance(fit, DoubleSeasonalFit):
        raise TypeError(
            f"fit must be what fit_double_seasonal returns, got {type(fit).__name__}. For given "
            "parameters: fit_double_seasonal(y_fit, s1, s2, params=DoubleSeasonalParams(...))."
        )
    s1, s2 = fit.s1, fit.s2
    values = _demand_series(y, "y", s2)
    horizon = s1 if horizon is None else whole_number(horizon, "horizon")
    if horizon > s1:
        raise ValueError(
            f"horizon must be at most one short season, s1={s1} steps, got {horizon}: the "
            "forecast reads the daily index of the last day seen. Forecast a day at a time."
        )
    at = np.atleast_1d(np.asarray(origins))
    if at.ndim != 1 or at.size == 0 or not np.issubdtype(at.dtype, np.integer):
        raise ValueError(
            f"origins must be one whole number or a non-empty 1-D sequence of them, got "
            f"{at.size} value(s) of dtype {at.dtype} in shape {at.shape}; e.g. "
            "np.arange(2688, 3985) for every half-hour of the last four weeks."
        )
    if at.min() < 1 or at.max() > len(values):
        raise ValueError(
            f"every origin must be in 1..{len(values)} (the number of values of y seen), got "
            f"origins from {int(at.min())} to {int(at.max())}."
        )
    p = fit.params
    seen = values[: int(at.max())].tolist()
    levels, trends, daily, weekly, errors = (
        np.asarray(part) for part in _recursion(seen, p.as_tuple()[:4], s1, s2)
    )
    last = at - 1  # the step each forecast is made after
    leads = np.arange(1, horizon + 1)
    future = last[:, np.newaxis] + leads  # daily[t + k] is the index of step t - s1 + k
    base = (levels[last, np.newaxis] + leads * trends[last, np.newaxis]) * daily[future]
    return base * weekly[future] + p.phi**leads * errors[last, np.newaxis]
