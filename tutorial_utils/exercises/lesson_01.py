"""Checks for the exercises of notebook 01 (see ``_common.exercise`` for what all share).

Example:
    >>> check_01_windows_left(None)
    Not yet: replace None with your answer, a whole number.
    False
"""

from __future__ import annotations

import re

import numpy as np

from tutorial_utils import data, windows
from tutorial_utils.exercises._common import (
    Verdict,
    correct,
    demand_parts,
    exercise,
    kind,
    not_yet,
    numeric_array,
    same,
    weather_parts,
)

_HALF_HOURS_PER_DAY = 48


def _average_day(weekdays: bool) -> np.ndarray:
    values = data.load_series("electricity_demand").values
    by_day = values.reshape(-1, _HALF_HOURS_PER_DAY)
    is_weekday = np.arange(len(by_day)) % 7 < 5  # the series starts on a Monday
    return by_day[is_weekday == weekdays].mean(axis=0)


@exercise("replace {} with your answer, a time as text like '07:30'.")
def check_01_weekday_peak(answer: str) -> Verdict:
    """Exercise 01.1: the time of day when average weekday demand is highest.

    Answer: the time as text, ``"HH:MM"``.
    """
    if not isinstance(answer, str):
        return not_yet(
            f"give the time as text 'HH:MM', not {kind(answer)}. A half-hour index k "
            "(0 to 47) is the time f'{k // 2:02d}:{k % 2 * 30:02d}'."
        )
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", answer)
    if not match:
        return not_yet(f"{answer!r} is not a time written as 'HH:MM', like '07:30'.")
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute not in (0, 30):
        return not_yet(
            f"{answer!r} is not a time of this series: its steps are on the hour or the half-hour "
            "(HH:00 or HH:30), from 00:00 to 23:30."
        )
    index = 2 * hour + minute // 30
    weekday, weekend = _average_day(True), _average_day(False)
    best = int(np.argmax(weekday))
    if index == best:
        return correct(
            f"on an average weekday demand is highest at {answer.strip()}, "
            f"{weekday[best] / 1000:.1f} GW."
        )
    if index == int(np.argmax(weekend)):
        return not_yet(
            "that is when the average *weekend* day peaks; average Monday to Friday only."
        )
    if abs(index - best) == 1:
        return not_yet(
            "close, but a neighbouring half-hour is higher. Read the peak from the numbers "
            "(np.argmax of the average weekday), not from the plot."
        )
    return not_yet(
        "average weekday demand is higher at another time. Reshape the values to (days, 48), "
        "average the weekday rows, and find the largest with np.argmax."
    )


@exercise("replace {} with the scaler you fitted (what windows.fit_scaler returns).")
def check_01_weather_scaler(answer: windows.Scaler) -> Verdict:
    """Exercise 01.2: a scaler for both weather columns, fitted on the training part only.

    Answer: the ``Scaler`` that ``windows.fit_scaler`` returns.
    """
    if not isinstance(answer, windows.Scaler):
        return not_yet(f"pass the object windows.fit_scaler returns, not {kind(answer)}.")
    train, val, test = weather_parts()
    n_total = len(train) + len(val) + len(test)
    mean = np.atleast_1d(answer.mean)
    if mean.shape != (train.shape[1],):
        return not_yet(
            f"your scaler knows {mean.size} feature(s); fit it on both columns of weather.values "
            "(irradiance and temperature) at once."
        )
    if answer.n_fitted == n_total:
        return not_yet(
            f"your scaler saw all {n_total} hours, the validation and test parts included. "
            "Split first, then fit on the training part only."
        )
    if answer.n_fitted != len(train):
        return not_yet(
            f"your scaler saw {answer.n_fitted} hours, which is not the training part of the "
            "default split. Use windows.split_series(weather.values) and fit on its first part."
        )
    honest = windows.fit_scaler(train)
    if not (np.allclose(mean, honest.mean) and np.allclose(answer.scale, honest.scale)):
        return not_yet(
            "it saw as many hours as the training part, but other values. Fit on the raw "
            "training part (W/m² and °C, not already scaled), the first of the three parts."
        )
    whole = windows.fit_scaler(np.concatenate([train, val, test]))
    return correct(
        f"fitted on {len(train)} hours (January to mid-September). Its mean temperature is "
        f"{honest.mean[1]:.1f} °C; a scaler fitted on the whole year would say "
        f"{whole.mean[1]:.1f} °C, because it has seen the colder autumn."
    )


def _day_ahead(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return windows.make_windows(values, 2 * _HALF_HOURS_PER_DAY, _HALF_HOURS_PER_DAY)


@exercise("replace {} with the pair (X, y) that windows.make_windows returns.")
def check_01_day_ahead_windows(answer: tuple[np.ndarray, np.ndarray]) -> Verdict:
    """Exercise 01.3: windows of two days of the scaled validation part, each with every
    half-hour of the next day as its target.

    Answer: the pair ``(X, y)`` that ``windows.make_windows`` returns.
    """
    if not isinstance(answer, tuple | list) or len(answer) != 2:
        return not_yet("pass a pair (X, y), as windows.make_windows returns it.")
    X, y = (numeric_array(part) for part in answer)
    if X is None or y is None:
        return not_yet("X and y must both be arrays of finite numbers.")
    if X.ndim != 3 or X.shape[2] != 1:
        return not_yet(
            f"X should be 3-D (samples, window, n_features) with one feature; yours has shape "
            f"{X.shape}."
        )
    days = X.shape[1] / _HALF_HOURS_PER_DAY
    if days != 2:
        return not_yet(
            f"your windows hold {X.shape[1]} half-hours, that is {days:g} day(s); they should "
            "see two days."
        )
    if y.ndim != 2 or y.shape[1] != _HALF_HOURS_PER_DAY or len(y) != len(X):
        return not_yet(
            f"y should have one row per window and one column per half-hour of the next day; "
            f"yours has shape {y.shape}. Check the horizon."
        )
    train, val, test = demand_parts()
    scaler = windows.fit_scaler(train)
    X_ref, y_ref = _day_ahead(scaler.transform(val))
    if len(X) != len(X_ref):
        if len(X) == len(_day_ahead(train)[0]):
            return not_yet("these are windows of the training part; use the validation part.")
        if len(X) == len(_day_ahead(test)[0]):
            return not_yet("these are windows of the test part; use the validation part.")
        return not_yet(
            f"you have {len(X)} windows: that is not what the validation part gives with this "
            "window and horizon. Split first, then window the validation part alone."
        )
    if same(X, X_ref) and same(y, y_ref):
        return correct(
            f"{len(X)} windows of two days, each with the {y.shape[1]} half-hours that follow."
        )
    if same(X, _day_ahead(val)[0]):
        return not_yet(
            "your values are still in MW; scale the validation part with the training scaler."
        )
    if same(X, _day_ahead(windows.fit_scaler(val).transform(val))[0]):
        return not_yet(
            "you scaled with a scaler fitted on the validation part; use the one fitted on train."
        )
    if same(X, X_ref):
        return not_yet("X is right but y is not: the targets come right after each window.")
    if any(same(X, _day_ahead(part)[0]) for part in (scaler.transform(test), test)):
        # the test part has as many steps as the validation part, so only values tell them apart
        return not_yet("these are windows of the test part; use the validation part.")
    return not_yet(
        "the shapes are right but the values are not: window the scaled validation part "
        "(scaled with the scaler fitted on the training part)."
    )


@exercise("replace {} with your answer, a whole number.", whole=("answer",))
def check_01_windows_left(answer: int) -> Verdict:
    """Exercise 01.4: how many windows (window 48, horizon 1) of a 1000-step series survive
    when step 500 is missing and every window that touches it is dropped.

    Answer: a whole number.
    """
    count = answer
    n, window, horizon, missing = 1000, 48, 1, 500
    series = np.arange(float(n))
    series[missing] = np.nan
    n_all = n - window - horizon + 1
    n_kept = len(windows.make_windows_skipping_gaps(series, window, horizon)[2])
    if count == n_kept:
        return correct(
            f"{count} windows survive: every window whose input or target covers step "
            f"{missing} is dropped."
        )
    if count == n_all:
        return not_yet(
            "that is how many windows the series gives with no gap; some of them touch step 500."
        )
    if count == n_kept + 1:
        return not_yet(
            "one too many: a window also touches the gap when its *target* is the missing step."
        )
    if count == n_kept - 1:
        return not_yet("one too few: a window that starts right after the gap does not touch it.")
    if not 0 <= count <= n_all:
        return not_yet(
            f"{count} is impossible: a series of {n} steps gives time - window - horizon + 1 "
            "windows at most."
        )
    return not_yet(
        "count all windows (time - window - horizon + 1), then subtract those whose input or "
        "target contains step 500: which start positions are they?"
    )
