"""The course task, and any series made into one: windows, a split in time order, a scaler.

* :func:`course_case` is the course task: the next day of half-hourly electricity demand
  (48 values) from the last week (7 × 48 values), split in time order (8 weeks to train,
  2 to validate, 2 to test), with the test forecasts issued at each test midnight.
* :func:`make_case` turns any series into such a task: chronological split, a scaler fitted on
  the training part only, windows for each part, and what MASE needs. ``stride``, ``align``
  and ``reach_back`` cut day-aligned windows ("a subsequence is a day" is then true).

A :class:`Case` holds everything a fair comparison needs
(:func:`tutorial_utils.compare.compare_models` trains models on it). NumPy only: importing
this module must not start TensorFlow.

Example:
    >>> import numpy as np
    >>> series = np.sin(np.arange(200) * 2 * np.pi / 12)
    >>> case = make_case("sine", series, window=24, horizon=1, season=12)
    >>> case.X_train.shape[1:], case.y_train.shape[1:]
    ((24, 1), (1,))
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tutorial_utils import data, windows
from tutorial_utils.checks import whole_number

__all__ = ["COURSE_DAYS", "Case", "course_case", "make_case"]

COURSE_DAYS = {"window": 7, "horizon": 1, "train": 56, "val": 14, "test": 14}
"""The course task in days: a week in, a day out; 8 weeks train, 2 validate, 2 test."""


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
