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
from numpy.lib.stride_tricks import sliding_window_view

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
        anchors: with ``relative_to_last=True``, for each part the last input value of the
            target in every window, in the series' units (what the window's inputs and
            targets were measured from); empty for a case on levels.
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
    anchors: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def relative(self) -> bool:
        """True if inputs and targets are changes from each window's last value."""
        return bool(self.anchors)

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

    def to_units(self, values: Any, part: str | None = None) -> np.ndarray:
        """Scaled targets (or forecasts) of the windows of ``part`` back to the series' units.

        ``part`` is ``"train"``, ``"val"``, ``"test"`` or ``"roll"``: which windows the rows
        of ``values`` belong to, one row each. A case made with ``relative_to_last=True``
        needs it, since each row is a change from its own window's last value (added back
        here); a case on levels only checks the row count when it is given.

        Example:
            >>> case = make_case("line", np.arange(40.0), window=4, horizon=1, season=1,
            ...                  relative_to_last=True)
            >>> (case.X_test[0, :, 0] * case.scaler.scale).round(3).tolist()  # changes
            [-3.0, -2.0, -1.0, 0.0]
            >>> (case.y_test[:2] * case.scaler.scale).round(3).tolist()  # one step up
            [[1.0], [1.0]]
            >>> case.to_units(case.y_test, "test")[:2].round(3).tolist()
            [[38.0], [39.0]]
        """
        array = np.asarray(values, dtype=np.float64)
        if part is not None:
            if part not in self.origins:
                raise ValueError(
                    f"part must be one of {sorted(self.origins)}, got {part!r}: the windows "
                    "whose forecasts these are."
                )
            n = len(self.origins[part])
            if array.ndim == 0 or len(array) != n:
                raise ValueError(
                    f"the {part} part has {n} windows, so values needs {n} rows (one per "
                    f"window, in order); got shape {array.shape}."
                )
        mean = np.atleast_1d(self.scaler.mean)[0]
        scale = np.atleast_1d(self.scaler.scale)[0]
        units = array * scale + mean
        if not self.relative:
            return units
        if part is None:
            raise ValueError(
                "this case forecasts changes from each window's last value "
                "(relative_to_last=True), so to_units needs to know which windows the rows "
                f"belong to: pass part, one of {sorted(self.anchors)}, e.g. "
                "case.to_units(forecast, 'test')."
            )
        anchor = self.anchors[part]
        return units + (anchor[:, np.newaxis] if units.ndim == 2 else anchor)


def _part_sizes(n: int, train: float, val: float, align: int | None) -> tuple[int, int]:
    if align is None:
        parts = windows.split_series(np.zeros(n), train=train, val=val)
        return len(parts[0]), len(parts[1])
    blocks = n // align
    n_train = round(blocks * train) * align
    n_val = round(blocks * val) * align
    return n_train, n_val


def _season(value: Any, name: str) -> int:
    """A season in whole steps; a fractional one (52.18 weeks a year) is refused with the
    two nearest whole choices, since a window cannot reach back a fraction of a step."""
    if isinstance(value, float | np.floating) and math.isfinite(value) and value > 0:
        if not float(value).is_integer():
            low, high = math.floor(value), math.ceil(value)
            raise TypeError(
                f"{name} must be a whole number of steps, got {value!r}. Seasonal naive "
                f"copies the value a whole number of steps back: use {name}={low} or "
                f"{name}={high} (for a year of weeks, 52 is the usual choice)."
            )
    return whole_number(value, name)


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
    relative_to_last: bool = False,
    skip_gaps: bool = False,
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

    ``relative_to_last=True`` is for a series with a trend: the target's inputs and targets
    become *changes from the window's last input value*, so a model learns how the series
    moves, not where it sits, and can forecast levels it never saw in training. The scale is
    then the root mean square of those changes over the training windows (no mean is
    subtracted: 0 means "no change", so naive forecasts 0); other features stay scaled
    levels. ``Case.anchors`` keeps each window's last value and ``Case.to_units(values,
    part)`` adds it back, so baselines and scores come out in the series' units as before.

    ``skip_gaps=True`` accepts NaN (missing steps, e.g. from ``gaps.to_regular_grid``): the
    split points and the scaler (fitted on the training part's known values) are unchanged,
    and every window whose inputs or targets touch a NaN is left out (``origins`` says which
    remain). Without it a NaN is refused with the ways out.

    Args:
        name: a label for the case.
        series: shape ``(time,)``, or ``(time, n_features)`` whose column 0 is the target and
            the other columns extra inputs (e.g. the time of day); finite numbers (NaN too
            with ``skip_gaps``).
        window: past steps each sample sees (at least the longest season).
        horizon: future steps to forecast.
        season: steps per season (24 for a daily cycle of hours); MASE's scale. A whole
            number: 52.18 weeks a year is refused with the choices 52 and 53.
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
        relative_to_last: inputs and targets as changes from each window's last value.
        skip_gaps: leave out the windows that touch a NaN instead of refusing the series.

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
        >>> holey = np.arange(30.0)
        >>> holey[12] = np.nan
        >>> make_case("holes", holey, window=3, horizon=1, season=1, train=0.6,
        ...           skip_gaps=True).origins["train"].tolist()   # 12..15 would touch the NaN
        [3, 4, 5, 6, 7, 8, 9, 10, 11, 16, 17]
    """
    values = np.asarray(series)
    if values.ndim not in (1, 2) or not np.issubdtype(values.dtype, np.number):
        raise ValueError(
            f"series must be numbers shaped (time,) or (time, n_features); got shape "
            f"{values.shape} and dtype {values.dtype}. Pass e.g. load_series(name).values."
        )
    values = values.astype(np.float64)  # a copy: the caller's array is never changed
    window = whole_number(window, "window")
    horizon = whole_number(horizon, "horizon")
    season = _season(season, "season")
    stride = whole_number(stride, "stride")
    test_stride = stride if test_stride is None else whole_number(test_stride, "test_stride")
    if align is not None:
        align = whole_number(align, "align")
    for flag, label in (
        (reach_back, "reach_back"),
        (rolling, "rolling"),
        (relative_to_last, "relative_to_last"),
        (skip_gaps, "skip_gaps"),
    ):
        if not isinstance(flag, bool):
            raise TypeError(f"{label} must be True or False, got {flag!r}")
    seasons = {"seasonal_naive": season} if seasons is None else dict(seasons)
    for row, back in {"season": season, **seasons}.items():
        back = _season(back, f"seasons[{row!r}]" if row != "season" else "season")
        if window < back:
            raise ValueError(
                f"window={window} is shorter than one season ({back} steps, {row!r}), so "
                f"seasonal naive has nothing to copy. Use window >= {back}."
            )
    if np.isinf(values).any():
        raise ValueError(
            "series contains inf, an error in the data rather than a missing step; fix or "
            "drop those values (only NaN marks a gap)."
        )
    present = ~np.isnan(values) if values.ndim == 1 else ~np.isnan(values).any(axis=1)
    if not skip_gaps and not present.all():
        raise ValueError(
            f"series has {int((~present).sum())} missing (NaN) time steps, the first at "
            f"index {int(np.argmin(present))}. Fill short gaps with "
            "gaps.fill_short_gaps(values, max_missing=...), or pass skip_gaps=True to leave "
            "out every window that touches one."
        )
    n_train, n_val = _part_sizes(len(values), train, val, align)
    bounds = {
        "train": (0, n_train),
        "val": (n_train, n_train + n_val),
        "test": (n_train + n_val, len(values)),
    }
    scaler = windows.fit_scaler(values[:n_train][present[:n_train]])
    known = np.where(np.isnan(values), 0.0, values)  # windows touching a NaN are dropped below
    # Levels are scaled before cutting (as always); changes are cut in the series' units.
    base = known if relative_to_last else scaler.transform(known)
    base = base.reshape(len(base), -1)
    cut, origins, anchors = {}, {}, {}
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
        starts = np.arange(first - window, hi - window - horizon + 1, step)
        keep = np.array([present[t : t + window + horizon].all() for t in starts], dtype=bool)
        if not keep.any():
            raise ValueError(
                f"every window of the {part} part touches a missing (NaN) step. Fill short "
                "gaps with gaps.fill_short_gaps, or use a shorter window."
            )
        starts = starts[keep]
        X = sliding_window_view(base, window, axis=0)[starts].transpose(0, 2, 1).copy()
        y = sliding_window_view(base[window:, 0], horizon)[starts].copy()
        origins[part] = starts + window
        if relative_to_last:
            anchors[part] = X[:, -1, 0].copy()
            X[:, :, 0] -= anchors[part][:, np.newaxis]
            y -= anchors[part][:, np.newaxis]
        cut[part] = (X, y)
    if relative_to_last:
        changes = np.concatenate([cut["train"][0][:, :, 0].ravel(), cut["train"][1].ravel()])
        rms = float(np.sqrt(np.mean(changes**2)))
        if rms == 0:
            raise ValueError(
                "the training part never changes, so changes from the last value cannot be "
                "scaled; use relative_to_last=False or a longer training part."
            )
        mean = np.array(scaler.mean, dtype=np.float64, ndmin=1)
        scale = np.array(scaler.scale, dtype=np.float64, ndmin=1)
        mean[0], scale[0] = 0.0, rms  # the target: changes, unshifted
        if np.ndim(scaler.mean) == 0:
            mean, scale = mean[0], scale[0]
        scaler = windows.Scaler(mean=mean, scale=scale, n_fitted=scaler.n_fitted)
        cut = {part: ((X - mean) / scale, y / rms) for part, (X, y) in cut.items()}
    cut = {part: (X.astype(np.float32), y.astype(np.float32)) for part, (X, y) in cut.items()}
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
        anchors=anchors,
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
