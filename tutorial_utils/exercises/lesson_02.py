"""Checks for the exercises of notebook 02 (see ``_common.exercise`` for what all share).

Example:
    >>> check_02_trim_and_nest("X50")
    Not yet: your answer should be an array of finite numbers, not a str.
    False
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from tutorial_utils import windows
from tutorial_utils.exercises._common import (
    Verdict,
    correct,
    exercise,
    kind,
    not_yet,
    numeric_array,
)

_NEST_CASES = ((2, 12, 1, 3), (3, 8, 2, 4), (1, 6, 3, 2), (2, 10, 1, 5), (2, 9, 2, 1), (1, 4, 1, 4))


@exercise("replace {} with your function (its name, without calling it).")
def check_02_nest_function(answer: Callable[[np.ndarray, int], np.ndarray]) -> Verdict:
    """Exercise 02.1: a function ``nest(X, n_seq)`` that turns ``(samples, window, features)``
    into ``(samples, n_seq, window // n_seq, features)`` and keeps time order.

    Answer: the function itself (not its result).
    """
    if not callable(answer):
        return not_yet(
            f"pass the function itself, e.g. check_02_nest_function(nest), not {kind(answer)}."
        )
    for samples, window, n_features, n_seq in _NEST_CASES:
        X = np.arange(samples * window * n_features).reshape(samples, window, n_features)
        given = X.copy()
        case = f"for X of shape {X.shape} and n_seq={n_seq}"
        try:
            result = answer(given, n_seq)
        except Exception as err:  # the learner's code: any error becomes a hint
            return not_yet(f"{case} your function raised {type(err).__name__}: {err}")
        if not np.array_equal(given, X):
            return not_yet(f"{case} your function changed its input; work on a new array.")
        if result is None or result is Ellipsis:
            return not_yet(
                f"{case} your function returned {result!r}: finish it and return the array."
            )
        nested = numeric_array(result)
        if nested is None:
            return not_yet(
                f"{case} your function returned {kind(result)}, not an array of numbers."
            )
        wanted = (samples, n_seq, window // n_seq, n_features)
        if nested.shape != wanted:
            return not_yet(
                f"{case} your function returned shape {nested.shape}; nested windows have "
                "shape (samples, n_seq, n_steps, n_features) with n_steps = window // n_seq."
            )
        try:
            windows.check_time_order(X, nested)
        except ValueError as err:
            return not_yet(f"{case} the shape is right but {err}")
    return correct(
        f"your function keeps time order on all {len(_NEST_CASES)} test shapes, "
        "several features included."
    )


@exercise("replace {} with your nested array.", arrays=("answer",))
def check_02_trim_and_nest(answer: np.ndarray) -> Verdict:
    """Exercise 02.2: ``X50 = np.arange(150.0).reshape(3, 50, 1)`` nested as 4 subsequences
    of 12 steps, keeping the most recent steps of every window.

    Answer: the nested array.
    """
    X4 = answer
    X50 = np.arange(150.0).reshape(3, 50, 1)
    if X4.ndim != 4:
        return not_yet(
            f"your array has shape {X4.shape}; nested windows are 4-D "
            "(samples, n_seq, n_steps, n_features). Trim first, then nest."
        )
    if X4.shape == (3, 12, 4, 1):
        return not_yet("you have 12 blocks of 4 steps; the exercise asks for 4 blocks of 12.")
    if X4.shape != (3, 4, 12, 1):
        return not_yet(
            f"your array has shape {X4.shape}: you need every one of the 3 samples, cut into "
            "4 subsequences of 12 steps, with its 1 feature."
        )
    newest = X50[:, -48:]
    try:
        windows.check_time_order(newest, X4)
    except ValueError as err:
        if np.array_equal(X4, X50[:, :48].reshape(3, 4, 12, 1)):
            return not_yet(
                "you kept the oldest steps and dropped the two most recent ones. For a forecast "
                "the newest steps matter most: drop steps from the start of each window."
            )
        if np.array_equal(X4, X50[:, 1:49].reshape(3, 4, 12, 1)):
            return not_yet(
                "you dropped one step at each end; drop both extra steps from the start instead."
            )
        if np.array_equal(np.sort(X4, axis=None), np.sort(newest, axis=None)):
            return not_yet(f"you kept the right steps, but {err}")
        return not_yet(
            "these are not the newest 48 steps of each window, in time order. Slice the window "
            "axis, X50[:, a:b], then nest the result."
        )
    return correct("every window lost its two oldest steps and kept the newest 48, in order.")
