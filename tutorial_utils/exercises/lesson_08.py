"""Checks for the exercises of notebook 08 (see ``_common.exercise`` for what all share).

Example:
    >>> check_08_global_batch(...)
    Not yet: replace ... with a whole number, the batch_size you would pass.
    False
"""

from __future__ import annotations

import numpy as np

from tutorial_utils import windows
from tutorial_utils.exercises._common import (
    Verdict,
    correct,
    demand_parts,
    exercise,
    kind,
    not_yet,
)

_MINUTES_PER_YEAR = 365 * 24 * 60
_DAY_OF_MINUTES = 24 * 60


@exercise("replace {} with your answer in GB, a number like 1.5.", arrays=("answer",))
def check_08_window_gigabytes(answer: float) -> Verdict:
    """Exercise 08.1: GB that ``make_windows`` needs for a year of minutes, day-long windows.

    One feature, horizon 1, float32 (4 bytes), 1 GB = 10**9 bytes; to two decimals.

    Answer: one number, in GB.

    Example:
        >>> check_08_window_gigabytes(...)
        Not yet: replace ... with your answer in GB, a number like 1.5.
        False
    """
    if answer.size != 1:
        return not_yet(f"give one number of GB, not {answer.size} of them.")
    samples = _MINUTES_PER_YEAR - _DAY_OF_MINUTES - 1 + 1
    expected = samples * _DAY_OF_MINUTES * 4 / 1e9
    value = float(answer.reshape(()))
    if abs(value - expected) <= 0.002 * expected:
        return correct(
            f"about {expected:.1f} GB for X alone: every minute of the year is copied into "
            f"{_DAY_OF_MINUTES} windows. The series itself is {_MINUTES_PER_YEAR * 4 / 1e6:.1f} MB."
        )
    if abs(value - expected * 1e3) <= 0.01 * expected * 1e3 or abs(value - expected * 1e9) <= (
        0.01 * expected * 1e9
    ):
        return not_yet("that looks like MB or bytes; give GB (10**9 bytes).")
    if abs(value - expected) <= 0.02 * expected:
        return not_yet("close, but round less: give the size to two decimals.")
    if abs(value - expected * 2) <= 0.02 * expected:
        return not_yet("float32 takes 4 bytes per value, not 8.")
    if value < expected / 100:
        return not_yet(
            "that is about the size of the series itself. Hint: each window is a copy; how many "
            "windows are there, and how many values does each hold?"
        )
    return not_yet(
        "count the windows first (a year of minutes minus one window minus the horizon, plus 1), "
        "then multiply by the values per window and by 4 bytes."
    )


@exercise("replace {} with a whole number, the batch_size you would pass.", whole=("batch_size",))
def check_08_global_batch(batch_size: int) -> Verdict:
    """Exercise 08.2: the ``batch_size`` to give ``window_dataset`` for 64 windows per GPU on 4.

    Answer: a whole number.

    Example:
        >>> check_08_global_batch(...)
        Not yet: replace ... with a whole number, the batch_size you would pass.
        False
    """
    value = batch_size
    if value == 256:
        return correct(
            "the dataset serves the global batch; MirroredStrategy cuts each one into 4 "
            "per-replica batches of 64 and averages their gradients."
        )
    if value == 64:
        return not_yet(
            "with 64 each of the 4 replicas would get 16 windows per step. Hint: the dataset's "
            "batch is cut among the replicas."
        )
    if value == 16:
        return not_yet("that is the per-replica batch you would get from 64, the wrong way round.")
    return not_yet(
        "the batch the dataset serves is split evenly among num_replicas_in_sync replicas."
    )


def _aligned_reference() -> tuple[np.ndarray, np.ndarray]:
    """Day-aligned weeks of the scaled demand training part: 7 x 48 in, the next 48 out."""
    train = demand_parts()[0]
    scaled = windows.fit_scaler(train).transform(train)
    X, y = [], []
    for s in range(0, len(scaled) - 336 - 48 + 1, 48):
        X.append(scaled[s : s + 336])
        y.append(scaled[s + 336 : s + 384])
    X = np.array(X, dtype=np.float32).reshape(len(X), 7, 48, 1)
    return X, np.array(y, dtype=np.float32)


@exercise("replace {} with your dataset, made with streaming.window_dataset.")
def check_08_aligned_dataset(dataset: object) -> Verdict:
    """Exercise 08.3: a dataset of day-aligned weeks (7 x 48) with the next day as target.

    Answer: the ``tf.data.Dataset`` that ``streaming.window_dataset`` returns.

    Example:
        >>> check_08_aligned_dataset(...)
        Not yet: replace ... with your dataset, made with streaming.window_dataset.
        False
    """
    if not (hasattr(dataset, "element_spec") and hasattr(dataset, "as_numpy_iterator")):
        return not_yet(f"give the tf.data.Dataset from window_dataset, not {kind(dataset)}.")
    try:
        spec = dataset.element_spec
        if not (isinstance(spec, tuple) and len(spec) == 2) or isinstance(spec[0], dict):
            return not_yet("the dataset should serve (X, y) pairs; leave series_id off.")
        x_shape, y_shape = tuple(spec[0].shape)[1:], tuple(spec[1].shape)[1:]
        if x_shape != (7, 48, 1):
            return not_yet(
                f"each X should be a week of 7 days of 48 half-hours, (7, 48, 1); yours is "
                f"{x_shape}. Hint: window and n_seq."
            )
        if y_shape != (48,):
            return not_yet(f"each target should be the next day, (48,); yours is {y_shape}.")
        pairs = list(dataset.as_numpy_iterator())
        X = np.concatenate([p[0] for p in pairs])
        y = np.concatenate([p[1] for p in pairs])
    except Exception as error:  # a check never raises: a broken dataset gets a hint
        return not_yet(f"iterating your dataset failed ({type(error).__name__}).")
    X_ref, y_ref = _aligned_reference()
    if len(X) != len(X_ref):
        return not_yet(
            f"your dataset holds {len(X)} windows. Day-aligned means one window per midnight: "
            "which stride moves the start by one day?"
        )
    if np.allclose(np.sort(X[:, 0, 0, 0]), np.sort(X_ref[:, 0, 0, 0]), atol=1e-4) and not (
        np.allclose(X, X_ref, atol=1e-4)
    ):
        return not_yet("the right windows in another order: keep shuffle off for this check.")
    if not (np.allclose(X, X_ref, atol=1e-4) and np.allclose(y, y_ref, atol=1e-4)):
        return not_yet(
            "the shapes are right but not the values. Use the training part, scaled with a "
            "scaler fitted on it, and start at step 0 (the series starts at midnight)."
        )
    return correct(
        f"{len(X)} day-aligned weeks: in every one, subsequence k really is one calendar day, "
        "midnight to midnight."
    )
