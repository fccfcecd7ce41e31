"""Gaps in a time index: find them, lay the series on a regular grid, fill the short ones.

A missing hour is a real thing in real data. :func:`find_gaps` reports where a time index
jumps by more than its step, :func:`to_regular_grid` puts the values on the full grid with NaN
where nothing was measured, and :func:`fill_short_gaps` fills only short runs of NaN by straight
lines (a long gap is better cut out than invented). NumPy only.

Example:
    >>> import numpy as np
    >>> t = np.array(["2000-01-01T00", "2000-01-01T01", "2000-01-01T03"], "datetime64[h]")
    >>> [gap.missing for gap in find_gaps(t, np.timedelta64(1, "h"))]
    [1]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tutorial_utils.checks import whole_number

__all__ = ["Gap", "fill_short_gaps", "find_gaps", "to_regular_grid"]


@dataclass(frozen=True)
class Gap:
    """A hole in a time index: ``missing`` steps are absent between two timestamps."""

    after: np.datetime64
    before: np.datetime64
    missing: int


def find_gaps(timestamps: np.ndarray, step: np.timedelta64) -> tuple[Gap, ...]:
    """Return every place where ``timestamps`` jumps by more than ``step``.

    Raises ``ValueError`` if the index goes backwards, repeats a time, or moves by
    something that is not a whole number of steps: those are errors, not gaps.

    Example:
        >>> t = np.array(["2000-01-01T00", "2000-01-01T01", "2000-01-01T04"], "datetime64[h]")
        >>> find_gaps(t, np.timedelta64(1, "h"))[0].missing
        2
    """
    timestamps = np.asarray(timestamps)
    if timestamps.ndim != 1 or not np.issubdtype(timestamps.dtype, np.datetime64):
        raise TypeError(
            "timestamps must be a 1-D numpy datetime64 array, "
            f"got shape {timestamps.shape} and dtype {timestamps.dtype}"
        )
    jumps = np.diff(timestamps)
    backwards = jumps <= np.zeros_like(jumps)  # a zero in the index's own unit, not "generic"
    if np.any(backwards):
        first = int(np.argmax(backwards))
        raise ValueError(
            "timestamps must be strictly increasing, but position "
            f"{first + 1} ({timestamps[first + 1]}) does not come after {timestamps[first]}. "
            "Sort the series by time and drop duplicate timestamps first."
        )
    ratio = jumps / step
    if not np.allclose(ratio, np.round(ratio)):
        first = int(np.argmax(~np.isclose(ratio, np.round(ratio))))
        raise ValueError(
            f"timestamps are not on a regular grid of {step}: between {timestamps[first]} "
            f"and {timestamps[first + 1]} the index moves by {jumps[first]}."
        )
    where = np.flatnonzero(ratio > 1)
    return tuple(
        Gap(after=timestamps[i], before=timestamps[i + 1], missing=round(ratio[i]) - 1)
        for i in where
    )


def to_regular_grid(
    timestamps: np.ndarray, values: object, step: np.timedelta64
) -> tuple[np.ndarray, np.ndarray]:
    """Put a series with missing time steps back on a regular grid, marking each hole with NaN.

    Nothing is invented: a missing step becomes ``NaN``, so every later tool sees it and
    you decide what to do (fill it with :func:`fill_short_gaps`, or skip windows that touch
    it with ``tutorial_utils.windows.make_windows_skipping_gaps``).

    Args:
        timestamps: strictly increasing ``datetime64`` array, shape ``(n,)``, on a grid of ``step``.
        values: shape ``(n,)`` or ``(n, n_features)``, one row per timestamp.
        step: the regular spacing, e.g. ``np.timedelta64(30, "m")``.

    Returns:
        ``(grid, filled)``: every timestamp from the first to the last, and a new ``float64``
        array of values with ``NaN`` rows where a step was missing.

    Example:
        >>> t = np.array(["2000-01-01T00", "2000-01-01T01", "2000-01-01T03"], "datetime64[h]")
        >>> grid, v = to_regular_grid(t, [1.0, 2.0, 4.0], np.timedelta64(1, "h"))
        >>> len(grid), v.tolist()
        (4, [1.0, 2.0, nan, 4.0])
    """
    find_gaps(timestamps, step)  # checks order and grid, with clear messages
    timestamps = np.asarray(timestamps)
    array = np.asarray(values)
    if not np.issubdtype(array.dtype, np.number):
        raise TypeError(f"values must hold numbers, got dtype {array.dtype}")
    if array.ndim not in (1, 2) or len(array) != len(timestamps):
        raise ValueError(
            f"values must have one row per timestamp: shape ({len(timestamps)},) or "
            f"({len(timestamps)}, n_features); got shape {array.shape}."
        )
    positions = ((timestamps - timestamps[0]) // step).astype(np.int64)
    n = int(positions[-1]) + 1
    grid = timestamps[0] + np.arange(n) * step
    filled = np.full((n, *array.shape[1:]), np.nan)
    filled[positions] = array
    return grid, filled


def fill_short_gaps(values: object, max_missing: int) -> np.ndarray:
    """Fill runs of at most ``max_missing`` NaN by a straight line between their neighbours.

    Longer runs stay ``NaN`` on purpose: a straight line across hours of a daily cycle is
    not data, and a model trained or scored on it is judged on values nobody measured.
    Runs at the very start or end have a neighbour on one side only and also stay ``NaN``.

    Args:
        values: shape ``(n,)`` or ``(n, n_features)``; ``NaN`` marks a missing step.
        max_missing: the longest run of missing steps you accept to fill (0 fills nothing).

    Returns:
        A new ``float64`` array of the same shape; columns are filled independently.

    Example:
        >>> fill_short_gaps([1.0, np.nan, 3.0, np.nan, np.nan, np.nan, 7.0], 2).tolist()
        [1.0, 2.0, 3.0, nan, nan, nan, 7.0]
    """
    max_missing = whole_number(max_missing, "max_missing", minimum=0)
    array = np.array(values, dtype=np.float64)  # a copy: the caller's array is never changed
    if array.ndim not in (1, 2):
        raise ValueError(f"values must be 1-D or 2-D (time, n_features); got shape {array.shape}")
    if np.any(np.isinf(array)):
        raise ValueError(
            "values contain inf, which is an error in the data, not a missing step; "
            "fix or drop those values first (only NaN marks a gap)."
        )
    if len(array) == 0:
        return array
    columns = array.reshape(len(array), -1)  # a view: filling it fills `array`
    for column in columns.T:
        missing = np.isnan(column)
        edges = np.diff(np.concatenate([[0], missing.astype(np.int8), [0]]))
        starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
        for start, stop in zip(starts, stops, strict=True):
            if stop - start > max_missing or start == 0 or stop == len(column):
                continue
            column[start:stop] = np.interp(
                np.arange(start, stop), [start - 1, stop], column[[start - 1, stop]]
            )
    return array
