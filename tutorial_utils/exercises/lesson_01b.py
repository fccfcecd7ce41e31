"""Checks for the exercises of notebook 01b (see ``_common.exercise`` for what all share).

Example:
    >>> check_01b_weekday_peak("noon")
    Not yet: 'noon' is not a time written as 'HH:MM', like '07:30'.
    False
"""

from __future__ import annotations

import re

import numpy as np

from tutorial_utils import data, windows
from tutorial_utils.exercises._common import (
    Verdict,
    correct,
    exercise,
    kind,
    not_yet,
    weather_parts,
)

_HALF_HOURS_PER_DAY = 48


def _average_day(weekdays: bool) -> np.ndarray:
    values = data.load_series("electricity_demand").values
    by_day = values.reshape(-1, _HALF_HOURS_PER_DAY)
    is_weekday = np.arange(len(by_day)) % 7 < 5  # the series starts on a Monday
    return by_day[is_weekday == weekdays].mean(axis=0)


@exercise("replace {} with your answer, a time as text like '07:30'.")
def check_01b_weekday_peak(answer: str) -> Verdict:
    """Exercise 01b.1: the time of day when average weekday demand is highest.

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
def check_01b_weather_scaler(answer: windows.Scaler) -> Verdict:
    """Exercise 01b.2: a scaler for both weather columns, fitted on the training part only.

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
