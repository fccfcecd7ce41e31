"""From a series to model inputs: chronological splits, windows, subsequences, scaling.

The shapes used throughout the course:

* a series: ``(time,)`` for one feature or ``(time, n_features)``;
* windows ``X``: ``(samples, window, n_features)`` with targets ``y``: ``(samples, horizon)``;
* nested windows: ``(samples, n_seq, n_steps, n_features)`` with ``n_seq * n_steps == window``.

NumPy only: importing this module never starts TensorFlow. No function here modifies the
arrays it is given; every result is a new array.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from tutorial_utils.checks import column_index, finite, real_number, whole_number

__all__ = [
    "Scaler",
    "check_time_order",
    "check_windows",
    "fit_scaler",
    "from_subsequences",
    "make_windows",
    "make_windows_skipping_gaps",
    "split_points",
    "split_series",
    "to_subsequences",
    "valid_n_seq",
]

GAPS_FIX = (
    "Fill or drop them before windowing; a model trained on NaN learns nothing (see notebook 01 "
    "on gaps)."
)
"""What to do about NaN or infinity in a series, said by every check that refuses one."""


def _as_float_array(values: object, what: str) -> np.ndarray:
    """Return ``values`` as a float array (no copy if it already is one), refusing text and
    objects; missing values are left for the caller to judge."""
    if isinstance(values, str | bytes) or values is None:
        raise TypeError(f"{what} must be an array of numbers, got {type(values).__name__}")
    array = np.asarray(values)
    if not (np.issubdtype(array.dtype, np.number) or array.dtype == np.bool_):
        raise TypeError(
            f"{what} must hold numbers, got dtype {array.dtype}. "
            "Convert it first, e.g. np.asarray(values, dtype=float)."
        )
    return array.astype(np.float64, copy=False)


def _as_numeric_array(values: object, what: str) -> np.ndarray:
    """Return ``values`` as a float array, refusing text, objects and missing values."""
    array = _as_float_array(values, what)
    finite(array, what, fix=GAPS_FIX)
    return array


def _as_series_2d(series: object) -> np.ndarray:
    """A series as ``(time, n_features)``; a 1-D series becomes one feature."""
    array = _as_numeric_array(series, "series")
    if array.ndim == 1:
        return array[:, np.newaxis]
    if array.ndim == 2:
        return array
    raise ValueError(
        f"series must be 1-D (time,) or 2-D (time, n_features); got {array.ndim}-D with shape "
        f"{array.shape}. If these are windows already, you do not need to window them again."
    )


def split_series(
    values: object, train: float = 0.7, val: float = 0.15
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cut a series into train, validation and test parts, in time order, without shuffling.

    The first ``train`` fraction of time steps is the training part, the next ``val``
    fraction the validation part, and the rest the test part. Split *before* windowing
    and before scaling, so nothing from the future reaches training.

    Args:
        values: a series of shape ``(time,)`` or ``(time, n_features)``.
        train: fraction of time steps for training, between 0 and 1.
        val: fraction for validation; ``train + val`` must be below 1.

    Returns:
        ``(train_part, val_part, test_part)``, new arrays whose lengths add up to ``len(values)``.

    Example:
        >>> a, b, c = split_series(np.arange(10), train=0.6, val=0.2)
        >>> a.tolist(), b.tolist(), c.tolist()
        ([0, 1, 2, 3, 4, 5], [6, 7], [8, 9])
    """
    array = np.asarray(values)
    n_train, n_val = split_points(array, train, val)
    return (
        array[:n_train].copy(),
        array[n_train : n_train + n_val].copy(),
        array[n_train + n_val :].copy(),
    )


def split_points(array: np.ndarray, train: float = 0.7, val: float = 0.15) -> tuple[int, int]:
    """Where a chronological split cuts ``array``: the lengths of its train and val parts.

    The one rule behind :func:`split_series` (which copies the parts) and
    :func:`tutorial_utils.streaming.split_views` (which keeps them as views): the fractions
    are checked, each length is rounded from ``len(array) * fraction``, and every part must
    hold at least one time step; the test part is the rest.

    Raises:
        TypeError: a fraction that is not a number.
        ValueError: ``array`` is not ``(time,)`` or ``(time, n_features)``, a fraction is not
            strictly between 0 and 1, ``train + val >= 1``, or a part would be empty.

    Example:
        >>> split_points(np.zeros(10), train=0.6, val=0.2)
        (6, 2)
    """
    if array.ndim not in (1, 2):
        raise ValueError(
            f"values must be a series of shape (time,) or (time, n_features); got shape "
            f"{array.shape}. Split the raw series, then make windows from each part."
        )
    train = real_number(train, "train", above=0, below=1, fix="Use a fraction, e.g. train=0.7.")
    val = real_number(val, "val", above=0, below=1, fix="Use a fraction, e.g. val=0.15.")
    if train + val >= 1:
        raise ValueError(
            f"train + val must be below 1 so the test part is not empty; got {train} + {val} = "
            f"{train + val}. Lower one of them, e.g. train=0.7, val=0.15."
        )
    n = len(array)
    n_train = round(n * train)
    n_val = round(n * val)
    sizes = (n_train, n_val, n - n_train - n_val)
    if min(sizes) < 1:
        raise ValueError(
            f"a series of {n} steps split {train}/{val}/{1 - train - val:.2f} gives parts of "
            f"{sizes[0]}, {sizes[1]} and {sizes[2]} steps; every part needs at least one. "
            "Use a longer series or other fractions."
        )
    return n_train, n_val


def make_windows(
    series: object,
    window: int,
    horizon: int = 1,
    *,
    target: int = 0,
    stride: int = 1,
    start: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Slide a window over a series to build model inputs and the values that follow them.

    Sample ``i`` begins at time step ``s = start + i * stride``: its input is
    ``series[s : s + window]`` and its target ``series[s + window : s + window + horizon,
    target]``. With the default ``stride=1`` every time step starts a sample, so the borders
    between subsequences fall at a different time of day in each sample. ``stride=48`` with
    ``start`` at a midnight gives day-aligned windows of a half-hourly series: every sample
    starts at midnight, and each block of 48 steps really is one calendar day. Built with
    NumPy's ``sliding_window_view``: no Python loop over samples.

    Args:
        series: shape ``(time,)`` (one feature) or ``(time, n_features)``; finite numbers.
        window: how many past steps each sample sees.
        horizon: how many future steps to predict (at least 1).
        target: which feature column the targets come from.
        stride: how many steps one sample's start lies after the previous one's (at least 1).
        start: the time step where the first sample begins (0 or more).

    Returns:
        ``X`` of shape ``(samples, window, n_features)`` and ``y`` of shape
        ``(samples, horizon)``, both ``float32``, with
        ``samples = (time - start - window - horizon) // stride + 1``.

    Example:
        >>> X, y = make_windows(np.arange(6), window=3)
        >>> X.shape, y.shape
        ((3, 3, 1), (3, 1))
        >>> X[0, :, 0].tolist(), y[0].tolist()
        ([0.0, 1.0, 2.0], [3.0])
        >>> X, y = make_windows(np.arange(10), window=2, stride=3, start=1)
        >>> X[:, :, 0].tolist(), y[:, 0].tolist()
        ([[1.0, 2.0], [4.0, 5.0], [7.0, 8.0]], [3.0, 6.0, 9.0])
    """
    data = _as_series_2d(series)
    window = whole_number(window, "window")
    horizon = whole_number(horizon, "horizon")
    n_time, n_features = data.shape
    target = column_index(target, n_features)
    stride = whole_number(stride, "stride")
    start = whole_number(
        start, "start", minimum=0, fix="start is the time step where the first sample begins."
    )
    if window + horizon > n_time:
        raise ValueError(
            f"window={window} plus horizon={horizon} needs at least {window + horizon} time "
            f"steps, but the series has {n_time}. Use a shorter window or a longer series."
        )
    if start + window + horizon > n_time:
        raise ValueError(
            f"start={start} leaves {n_time - start} of the series' {n_time} steps, fewer than "
            f"the {window + horizon} that one sample needs (window={window} + horizon="
            f"{horizon}). Use a start of at most {n_time - window - horizon}."
        )
    samples = (n_time - start - window - horizon) // stride + 1
    # Basic slicing keeps these views (no copy until the one below).
    # sliding_window_view puts the window axis last: (time - window + 1, n_features, window).
    picked = slice(start, start + (samples - 1) * stride + 1, stride)
    views = sliding_window_view(data, window, axis=0)[picked]
    X = np.ascontiguousarray(views.transpose(0, 2, 1), dtype=np.float32)
    y = np.ascontiguousarray(
        sliding_window_view(data[window:, target], horizon)[picked], dtype=np.float32
    )
    return X, y


def valid_n_seq(window: int) -> list[int]:
    """Every ``n_seq`` that splits a window of this length into equal subsequences.

    Example:
        >>> valid_n_seq(48)
        [1, 2, 3, 4, 6, 8, 12, 16, 24, 48]
    """
    window = whole_number(window, "window")
    return [d for d in range(1, window + 1) if window % d == 0]


def check_windows(X: object, name: str = "X") -> np.ndarray:
    """Return ``X`` as an array if it is plain windows ``(samples, window, n_features)``.

    The one check of plain windows, used here and by ``tutorial_utils.evaluate``. A 2-D
    array is refused (add the feature axis), and so is a 4-D one (it is nested already).
    ``X`` is not copied or changed.

    Raises:
        TypeError: ``X`` does not hold numbers.
        ValueError: ``X`` is not 3-D, or its windows are empty.

    Example:
        >>> check_windows(np.zeros((5, 48, 1))).shape
        (5, 48, 1)
        >>> check_windows(np.zeros((5, 48)))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: X must be 3-D (samples, window, n_features); got 2-D with shape (5, 48). ...
    """
    array = np.asarray(X)
    if not (np.issubdtype(array.dtype, np.number) or array.dtype == np.bool_):
        raise TypeError(
            f"{name} must hold numbers, got dtype {array.dtype}. "
            f"Convert it first, e.g. np.asarray({name}, dtype=float)."
        )
    expected = f"{name} must be 3-D (samples, window, n_features)"
    if array.ndim == 2:
        raise ValueError(
            f"{expected}; got 2-D with shape {array.shape}. If each step holds one value, add "
            f"the feature axis: {name}[..., np.newaxis] gives shape {(*array.shape, 1)}."
        )
    if array.ndim == 4:
        raise ValueError(
            f"{expected}; got 4-D with shape {array.shape}, which looks nested already "
            "(samples, n_seq, n_steps, n_features). Use from_subsequences to undo the nesting."
        )
    if array.ndim != 3:
        raise ValueError(f"{expected}; got {array.ndim}-D with shape {array.shape}.")
    if array.shape[1] == 0:
        raise ValueError(f"{name} has windows of length 0 (shape {array.shape}); use window >= 1.")
    return array


def to_subsequences(X: object, n_seq: int) -> np.ndarray:
    """Cut every window into ``n_seq`` consecutive subsequences of ``n_steps`` steps.

    ``(samples, window, n_features)`` becomes ``(samples, n_seq, n_steps, n_features)`` with
    ``n_steps = window // n_seq``. NumPy's row-major reshape keeps time order: subsequence 0
    holds steps ``0 .. n_steps-1``, subsequence 1 the next ``n_steps``, and so on.

    Raises:
        ValueError: ``X`` is not 3-D, or ``n_seq`` does not divide the window (the message
            lists the values that do, and how to trim the window instead).

    Example:
        >>> X = np.arange(8, dtype=np.float32).reshape(1, 8, 1)
        >>> to_subsequences(X, n_seq=2)[0, :, :, 0].tolist()
        [[0.0, 1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 7.0]]
    """
    array = check_windows(X)
    n_seq = whole_number(n_seq, "n_seq")
    samples, window, n_features = array.shape
    if window % n_seq:
        n_steps = window // n_seq
        keep = n_steps * n_seq
        trim = (
            f", or keep the most recent {keep} steps with X[:, -{keep}:] ({n_seq} x {n_steps})"
            if keep
            else ""
        )
        raise ValueError(
            f"n_seq={n_seq} does not divide the window of {window} steps "
            f"({window} / {n_seq} = {window / n_seq:.2f}). Choose n_seq from "
            f"{valid_n_seq(window)}{trim}."
        )
    return array.reshape(samples, n_seq, window // n_seq, n_features).copy()


def from_subsequences(X4: object) -> np.ndarray:
    """Undo :func:`to_subsequences`: ``(samples, n_seq, n_steps, n_features)`` →
    ``(samples, n_seq * n_steps, n_features)``.

    Example:
        >>> X = np.zeros((5, 48, 1))
        >>> from_subsequences(to_subsequences(X, 4)).shape
        (5, 48, 1)
    """
    array = np.asarray(X4)
    if array.ndim != 4:
        raise ValueError(
            f"expected 4-D nested windows (samples, n_seq, n_steps, n_features); got "
            f"{array.ndim}-D with shape {array.shape}."
        )
    samples, n_seq, n_steps, n_features = array.shape
    return array.reshape(samples, n_seq * n_steps, n_features).copy()


@dataclass(frozen=True)
class Scaler:
    """Standardise with a mean and a standard deviation learned from the training part.

    Attributes:
        mean: per-feature mean, shape ``()`` for a 1-D series or ``(n_features,)``.
        scale: per-feature standard deviation, same shape.
        n_fitted: how many time steps it was fitted on (compare with ``len(train)``).
    """

    mean: np.ndarray
    scale: np.ndarray
    n_fitted: int

    def _check(self, values: object) -> np.ndarray:
        array = _as_numeric_array(values, "values")
        if self.mean.ndim == 1 and (array.ndim == 0 or array.shape[-1] != self.mean.shape[0]):
            raise ValueError(
                f"this scaler was fitted on {self.mean.shape[0]} features, so the last axis must "
                f"have {self.mean.shape[0]} entries; got shape {array.shape}."
            )
        return array

    def transform(self, values: object) -> np.ndarray:
        """Return ``(values - mean) / scale`` as a new array (the last axis is the feature)."""
        return (self._check(values) - self.mean) / self.scale

    def inverse_transform(self, values: object) -> np.ndarray:
        """Return ``values * scale + mean``: back to the original units."""
        return self._check(values) * self.scale + self.mean


def fit_scaler(train: object) -> Scaler:
    """Learn the mean and standard deviation of the *training part only*.

    Fit on the training part, then transform train, validation and test with the same
    scaler. Fitting on the whole series leaks the test period's level and spread into
    training (notebook 01 shows how much).

    Example:
        >>> scaler = fit_scaler(np.array([1.0, 2.0, 3.0]))
        >>> scaler.transform(np.array([2.0, 4.0])).round(3).tolist()
        [0.0, 2.449]
    """
    array = _as_numeric_array(train, "train")
    if array.ndim not in (1, 2):
        raise ValueError(
            f"fit the scaler on the training series, shape (time,) or (time, n_features); got "
            f"shape {array.shape}. Fit before windowing: fit_scaler(train_part)."
        )
    if len(array) < 2:
        raise ValueError(f"need at least 2 time steps to estimate a spread, got {len(array)}")
    scale = array.std(axis=0)
    if np.any(scale == 0):
        raise ValueError(
            "a feature is constant in the training part (standard deviation 0), so it cannot be "
            f"standardised; constant column(s): {np.flatnonzero(np.atleast_1d(scale == 0))}. "
            "Drop it or use a longer training part."
        )
    return Scaler(mean=array.mean(axis=0), scale=scale, n_fitted=len(array))


def make_windows_skipping_gaps(
    series: object, window: int, horizon: int = 1, *, target: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Like :func:`make_windows`, but ``NaN`` marks a missing step and every window that
    touches one (in its input or its target) is left out.

    Use it after ``tutorial_utils.gaps.to_regular_grid`` (which turns missing time steps
    into ``NaN``) when a gap is too long to fill honestly. Nothing is filled or invented.

    Args:
        series: shape ``(time,)`` or ``(time, n_features)``; ``NaN`` = missing, ``inf`` refused.
        window, horizon, target: as in :func:`make_windows`.

    Returns:
        ``(X, y, starts)``: the windows and targets that touch no gap, shaped as in
        :func:`make_windows`, and ``starts``, the index in ``series`` where each kept
        window begins (so ``X[k]`` is ``series[starts[k] : starts[k] + window]``).

    Raises:
        ValueError: as :func:`make_windows`; also when ``series`` holds ``inf``, or when
            no stretch without gaps is long enough for one window and its target.

    Example:
        >>> series = np.array([0.0, 1.0, 2.0, np.nan, 4.0, 5.0, 6.0, 7.0])
        >>> X, y, starts = make_windows_skipping_gaps(series, window=2)
        >>> X.shape, starts.tolist(), y[:, 0].tolist()
        ((3, 2, 1), [0, 4, 5], [2.0, 6.0, 7.0])
    """
    array = _as_float_array(series, "series")
    if np.any(np.isinf(array)):
        raise ValueError(
            "series contains inf, which is an error in the data, not a missing step; "
            "only NaN marks a gap. Fix or drop those values first."
        )
    present = np.isfinite(array)
    if array.ndim == 2:
        present = present.all(axis=1)
    # make_windows checks everything else and builds every window; NaN is zeroed only
    # so that it can, and each window that saw a zeroed step is dropped below.
    X, y = make_windows(np.where(np.isnan(array), 0.0, array), window, horizon, target=target)
    span = window + horizon
    complete = sliding_window_view(present, span).all(axis=1)
    starts = np.flatnonzero(complete)
    if len(starts) == 0:
        runs = np.diff(np.flatnonzero(np.diff(np.concatenate([[0], present, [0]]))))[::2]
        longest = int(runs.max()) if len(runs) else 0
        raise ValueError(
            f"no window of {window} steps plus a horizon of {horizon} fits between the gaps: "
            f"the longest stretch without a missing value has {longest} steps, {span} are "
            "needed. Use a shorter window, or fill short gaps with gaps.fill_short_gaps."
        )
    return X[starts], y[starts], starts


def check_time_order(X: object, X4: object) -> None:
    """Check that nested windows ``X4`` are ``X`` cut into consecutive blocks, in time order.

    ``X4[s, i, j]`` must equal ``X[s, i * n_steps + j]`` for every sample ``s``,
    subsequence ``i`` and step ``j``, which is what :func:`to_subsequences` (a row-major
    reshape) gives. A transpose, ``order="F"`` or a mixed-up axis can give the right shape
    with scrambled time; this check finds the first place where that happens. Fill ``X``
    with ``np.arange`` first and the message even says which step landed there.

    Returns:
        ``None`` when the order is right.

    Raises:
        ValueError: the shapes do not match, or some value is in the wrong place (the
            message names the first one).

    Example:
        >>> X = np.arange(8).reshape(1, 8, 1)
        >>> check_time_order(X, to_subsequences(X, 2))  # silent: time order kept
        >>> scrambled = X.reshape(1, 4, 2, 1).transpose(0, 2, 1, 3)  # right shape, wrong order
        >>> check_time_order(X, scrambled)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: time order scrambled: X4[0, 0, 1, 0] should hold window step 1 ... but holds
        X[0, 2, 0] (window step 2). Build nested windows with to_subsequences(X, n_seq), ...
    """
    flat = check_windows(X)
    nested = np.asarray(X4)
    samples, window, n_features = flat.shape
    if nested.ndim != 4 or nested.shape[0] != samples or nested.shape[3] != n_features:
        raise ValueError(
            f"X4 must have shape ({samples}, n_seq, n_steps, {n_features}) for X of shape "
            f"{flat.shape}; got shape {nested.shape}."
        )
    n_seq, n_steps = nested.shape[1:3]
    if n_seq * n_steps != window:
        raise ValueError(
            f"X4 has n_seq * n_steps = {n_seq} * {n_steps} = {n_seq * n_steps} steps, but the "
            f"windows in X have {window}."
        )
    expected = flat.reshape(samples, n_seq, n_steps, n_features)
    wrong = np.argwhere(~((nested == expected) | (np.isnan(nested) & np.isnan(expected))))
    if len(wrong) == 0:
        return
    s, i, j, f = (int(k) for k in wrong[0])
    step = i * n_steps + j
    found = np.argwhere(flat == nested[s, i, j, f])
    where = ""
    if len(found) == 1:
        s2, t2, f2 = (int(k) for k in found[0])
        where = f", but holds X[{s2}, {t2}, {f2}] (window step {t2}"
        where += f" of sample {s2}" if s2 != s else ""
        where += f", feature {f2} instead of {f})" if f2 != f else ")"
    else:
        where = ", but holds something else"
    raise ValueError(
        f"time order scrambled: X4[{s}, {i}, {j}, {f}] should hold window step {step} of sample "
        f"{s}, X[{s}, {step}, {f}]{where}. Build nested windows with to_subsequences(X, n_seq), "
        "a row-major reshape with no transpose."
    )
