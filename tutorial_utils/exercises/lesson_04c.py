"""Checks for the exercises of notebook 04c, trends (see ``_common.exercise``).

Example:
    >>> check_04c_undo_differences(...)
    Not yet: replace ... with the level forecasts, one number per step.
    False
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from tutorial_utils import data
from tutorial_utils.exercises._common import Verdict, correct, exercise, not_yet, same

SERIES_04C = np.array([400.0, 401.5, 401.0, 402.5, 404.0, 403.5, 405.0])
"""A short rising series (ppm) for exercise 2 of notebook 04c: windows of 3, changes."""

LAST_04C = 371.5
"""The last level seen (ppm) for exercise 3 of notebook 04c."""

CHANGES_04C = np.array([0.4, -0.1, 0.3, 0.2])
"""Forecast step-to-step changes (ppm) of a model trained on a differenced series, exercise 3."""


@lru_cache(maxsize=1)
def _above_training() -> int:
    """How many 4-week means of the CO2 test part lie above every training value (as in 04c)."""
    co2 = data.load_series("co2_mauna_loa").values
    blocks = co2[: len(co2) // 4 * 4].reshape(-1, 4)
    known = (~np.isnan(blocks)).sum(axis=1)
    means = np.where(known > 0, np.nansum(blocks, axis=1) / np.maximum(known, 1), np.nan)
    n_train, n_val = int(0.7 * len(means)), int(0.15 * len(means))  # the notebook's split
    train, test = means[:n_train], means[n_train + n_val :]
    return int(np.sum(test > np.nanmax(train)))


@exercise("replace {} with a count, a whole number.", whole=("answer",))
def check_04c_above_training(answer: int) -> Verdict:
    """Exercise 04c.1: how many test values of the 4-week CO2 series lie above the highest
    training value.

    Answer: a whole number.
    """
    count = _above_training()
    if answer == count:
        return correct(
            "every one of them: a network that only ever saw lower values has to forecast "
            "levels it was never trained on."
        )
    if answer == 0:
        return not_yet("compare with the training part's maximum (np.nanmax), not its minimum.")
    if answer > count:
        return not_yet("that is more values than the test part holds; count test values only.")
    return not_yet(
        "count the test values greater than np.nanmax of the training part (np.sum of a "
        "comparison does it)."
    )


@exercise("replace {} with the array of changes, one row per window.", arrays=("changes",))
def check_04c_changes(changes: np.ndarray) -> Verdict:
    """Exercise 04c.2: windows of 3 steps of ``SERIES_04C`` as changes from their last value.

    Answer: shape ``(5, 3)``, one row per window (stride 1), each minus its own last value.
    """
    windows = np.lib.stride_tricks.sliding_window_view(SERIES_04C, 3)
    right = windows - windows[:, -1:]
    if changes.shape != right.shape:
        if changes.shape == (4, 3):
            return not_yet("five windows of 3 fit in 7 values (every start from 0 to 4).")
        return not_yet(
            f"expected one row of 3 per window, shape {right.shape}; got {changes.shape}."
        )
    if same(changes, right):
        return correct("every row ends in 0: the model sees how the window moved, not where.")
    if same(changes, windows - windows[:, :1]):
        return not_yet("measure from the window's *last* value, so each row ends in 0.")
    if same(changes, -right):
        return not_yet("the sign is turned round: take value minus last value.")
    if same(changes, windows - SERIES_04C[-1]):
        return not_yet("each window is measured from its own last value, not the series' last.")
    return not_yet("subtract each window's last value from every value of that window.")


@exercise("replace {} with the level forecasts, one number per step.", arrays=("levels",))
def check_04c_undo_differences(levels: np.ndarray) -> Verdict:
    """Exercise 04c.3: level forecasts from ``LAST_04C`` and the forecast ``CHANGES_04C``.

    Answer: shape ``(4,)``, the forecast level at each of the 4 future steps.
    """
    right = LAST_04C + np.cumsum(CHANGES_04C)
    if levels.shape != right.shape:
        return not_yet(f"give one level per forecast change, shape {right.shape}.")
    if same(levels, right):
        return correct(
            "each step adds its change to the level before it, so an error in an early change "
            "is carried into every later step: differencing's cost over a long horizon."
        )
    if same(levels, LAST_04C + CHANGES_04C):
        return not_yet(
            "each change is from the step before, not from the last level seen: add them up "
            "(np.cumsum)."
        )
    return not_yet("start from the last level and add the changes one after another.")
