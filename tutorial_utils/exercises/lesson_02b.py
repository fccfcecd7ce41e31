"""Checks for the exercises of notebook 02b (see ``_common.exercise`` for what all share).

Example:
    >>> check_02b_weather_week(np.zeros((2, 7, 24, 1)))
    Not yet: your array has 1 feature(s) per step; keep both weather features.
    False
"""

from __future__ import annotations

import numpy as np

from tutorial_utils import windows
from tutorial_utils.exercises._common import (
    Verdict,
    correct,
    exercise,
    not_yet,
    same,
    weather_parts,
)

_HOURS_PER_DAY = 24


def _weather_week(values: np.ndarray, start: int, stride: int = _HOURS_PER_DAY) -> np.ndarray:
    """One-week windows of both weather features, target temperature, nested as 7 days.

    With the default stride every window starts ``start`` hours into ``values`` and then once a
    day, so each subsequence of 24 hours is one calendar day when ``start`` is a midnight."""
    X = windows.make_windows(values, 7 * 24, 1, target=1, stride=stride, start=start)[0]
    return windows.to_subsequences(X, 7)


def _first_midnight(steps_before: int) -> int:
    """Hours from the start of a part to its first midnight (the series starts at midnight)."""
    return (-steps_before) % _HOURS_PER_DAY


@exercise("replace {} with your nested array.", arrays=("answer",))
def check_02b_weather_week(answer: np.ndarray) -> Verdict:
    """Exercise 02b.1: one-week windows of the scaled weather *validation* part (both features,
    scaled with the scaler fitted on the training part, target temperature), one window
    starting at every midnight, nested so that every subsequence is one calendar day.

    Answer: the nested array.
    """
    X4 = answer
    if X4.ndim != 4:
        return not_yet(
            f"your array has shape {X4.shape}; nested windows are 4-D "
            "(samples, n_seq, n_steps, n_features)."
        )
    if X4.shape[3] != 2:
        return not_yet(
            f"your array has {X4.shape[3]} feature(s) per step; keep both weather features."
        )
    hours = X4.shape[1] * X4.shape[2]
    if hours != 7 * 24:
        return not_yet(
            f"your windows hold {hours} hours ({hours / 24:g} days); they should hold one week."
        )
    if X4.shape[1:3] == (24, 7):
        return not_yet("you have 24 blocks of 7 hours; each subsequence should be one day.")
    if X4.shape[1:3] != (7, 24):
        n_seq, n_steps = X4.shape[1:3]
        return not_yet(
            f"you have {n_seq} blocks of {n_steps} hours; each subsequence should be one day."
        )
    train, val, test = weather_parts()
    scaler = windows.fit_scaler(train)
    val_start = _first_midnight(len(train))
    reference = _weather_week(scaler.transform(val), val_start)
    if same(X4, reference):
        return correct(
            f"{len(X4)} one-week windows, one starting at each midnight of the validation part "
            "(neighbours share six days), so every subsequence is a calendar day of 24 hours "
            "with irradiance and temperature."
        )
    if same(X4, _weather_week(scaler.transform(val), 0, stride=1)):
        return not_yet(
            "these windows start at every hour, so in most of them a subsequence runs from one "
            "afternoon to the next, not over a calendar day. Start one window per day "
            "(stride=24), at the first midnight of the validation part."
        )
    if same(X4, _weather_week(scaler.transform(val), 0)):
        return not_yet(
            "one window per day, but they start at the first hour of the validation part, which "
            "is not a midnight. Find how many hours into the part the first midnight falls "
            "(look at the timestamps, or at len(w_train) % 24) and start there."
        )
    test_start = _first_midnight(len(train) + len(val))
    for name, part, first in (("training", train, 0), ("test", test, test_start)):
        if any(same(X4, _weather_week(p, first)) for p in (scaler.transform(part), part)):
            return not_yet(f"these are windows of the {name} part; use the validation part.")
    if len(X4) != len(reference):
        return not_yet(
            f"you have {len(X4)} windows, which is not what the validation part gives with "
            "one-week windows starting at each of its midnights and a horizon of 1."
        )
    if same(X4, reference[..., ::-1]):
        return not_yet("the two features swapped places; keep the columns in their order.")
    if same(X4, _weather_week(val, val_start)):
        return not_yet("your values are in W/m² and °C; scale them with the training scaler.")
    if same(X4, _weather_week(windows.fit_scaler(val).transform(val), val_start)):
        return not_yet(
            "you scaled with a scaler fitted on the validation part; use the one fitted on train."
        )
    if same(np.sort(X4, axis=None), np.sort(reference, axis=None)):
        return not_yet(
            "the right values, in the wrong places: time order is scrambled. Nest with "
            "windows.to_subsequences, or a reshape with no transpose."
        )
    return not_yet(
        "the shape is right but the values are not: window the scaled validation part "
        "(target=1 is temperature, horizon 1, stride=24, starting at its first midnight), "
        "then nest."
    )
