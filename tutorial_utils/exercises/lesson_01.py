"""Checks for the exercises of notebook 01 (see ``_common.exercise`` for what all share).

Example:
    >>> check_01_windows_left(None)
    Not yet: replace None with your answer, a whole number.
    False
"""

from __future__ import annotations

import numpy as np

from tutorial_utils import cases, data, windows
from tutorial_utils.exercises._common import (
    Verdict,
    correct,
    exercise,
    not_yet,
    numeric_array,
    same,
)

_HALF_HOURS_PER_DAY = 48


def _course_scaled() -> tuple[np.ndarray, int, int]:
    """The demand series scaled as notebook 01 scales it, and where validation and test begin."""
    values = data.load_series("electricity_demand").values
    n_train = cases.COURSE_DAYS["train"] * _HALF_HOURS_PER_DAY
    n_val = cases.COURSE_DAYS["val"] * _HALF_HOURS_PER_DAY
    return windows.fit_scaler(values[:n_train]).transform(values), n_train, n_train + n_val


@exercise("replace {} with the pair (X, y) that windows.make_windows returns.")
def check_01_test_windows(answer: tuple[np.ndarray, np.ndarray]) -> Verdict:
    """Exercise 01.1: the course task's test windows, built by hand: a week in, the next day
    out, one window per test midnight, the first target at the first test midnight (its inputs
    reach back into the validation weeks), scaled with the training scaler.

    Answer: the pair ``(X, y)`` that ``windows.make_windows`` returns.
    """
    if not isinstance(answer, tuple | list) or len(answer) != 2:
        return not_yet("pass a pair (X, y), as windows.make_windows returns it.")
    X, y = (numeric_array(part) for part in answer)
    if X is None or y is None:
        return not_yet("X and y must both be arrays of finite numbers.")
    week, day = 7 * _HALF_HOURS_PER_DAY, _HALF_HOURS_PER_DAY
    if X.ndim != 3 or X.shape[1:] != (week, 1):
        return not_yet(
            f"X should be (samples, {week}, 1): a week of half-hours, one feature; yours has "
            f"shape {X.shape}."
        )
    if y.ndim != 2 or y.shape[1] != day or len(y) != len(X):
        return not_yet(
            f"y should have one row per window and one column per half-hour of the next day; "
            f"yours has shape {y.shape}. Check the horizon."
        )
    scaled, _, test_start = _course_scaled()

    def cut(values: np.ndarray, start: int, stride: int = day) -> np.ndarray:
        return windows.make_windows(values, week, day, stride=stride, start=start)[0]

    X_ref, y_ref = windows.make_windows(scaled, week, day, stride=day, start=test_start - week)
    if same(X, X_ref) and same(y, y_ref):
        return correct(
            f"{len(X)} forecasts, one at each test midnight; the first reads the last validation "
            "week, and every test half-hour is a target exactly once."
        )
    if same(X, X_ref):
        return not_yet("X is right but y is not: the target is the day right after each window.")
    if len(X) == len(cut(scaled, test_start - week, stride=1)):
        return not_yet(
            "these windows start at every half-hour; the test forecasts are made once a day, at "
            "each midnight (stride=48)."
        )
    if len(X) == len(cut(scaled, test_start)) or len(X) == len(cut(scaled[test_start:], 0)):
        return not_yet(
            "too few windows: the first test target is the first test day, so its inputs reach "
            "back a week into the validation part. Start one window before the test part."
        )
    raw = data.load_series("electricity_demand").values
    if same(X, cut(raw, test_start - week)):
        return not_yet(
            "your values are in MW; cut the windows from scaled (scaled with the training scaler)."
        )
    if len(X) == len(X_ref) and np.corrcoef(X.ravel(), X_ref.ravel())[0, 1] > 0.9999:
        return not_yet(
            "the right windows, scaled another way: use the scaler fitted on the training part."
        )
    if len(X) == len(X_ref):
        return not_yet(
            "as many windows as the test part gives, but other values: start one week before "
            "the first test midnight and step a day at a time."
        )
    return not_yet(
        f"you have {len(X)} windows, which is not one per test midnight. Cut them from scaled "
        "with window 336, horizon 48, stride 48, starting a week before the test part."
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
