"""Gap handling (gaps.to_regular_grid, gaps.fill_short_gaps, windows.make_windows_skipping_gaps)
and the nesting check (windows.check_time_order)."""

from __future__ import annotations

import numpy as np
import pytest

from tutorial_utils import gaps
from tutorial_utils.windows import (
    check_time_order,
    make_windows,
    make_windows_skipping_gaps,
    to_subsequences,
)

HALF_HOUR = np.timedelta64(30, "m")


def half_hours(n: int) -> np.ndarray:
    return np.datetime64("2000-06-05T00:00") + np.arange(n) * HALF_HOUR


# --- to_regular_grid ---


def test_regular_grid_puts_nan_exactly_where_steps_were_removed():
    full_t = half_hours(20)
    full_v = np.arange(20.0) * 10
    removed = [3, 9, 10, 11]
    t, v = np.delete(full_t, removed), np.delete(full_v, removed)
    grid, filled = gaps.to_regular_grid(t, v, HALF_HOUR)
    np.testing.assert_array_equal(grid, full_t)
    assert np.flatnonzero(np.isnan(filled)).tolist() == removed
    kept = np.setdiff1d(np.arange(20), removed)
    np.testing.assert_array_equal(filled[kept], full_v[kept])
    assert gaps.find_gaps(grid, HALF_HOUR) == ()
    assert len(v) == 16  # the input was not changed


def test_regular_grid_keeps_features_together():
    t = half_hours(6)[[0, 1, 4, 5]]
    v = np.array([[1.0, 10.0], [2.0, 20.0], [5.0, 50.0], [6.0, 60.0]])
    _, filled = gaps.to_regular_grid(t, v, HALF_HOUR)
    assert filled.shape == (6, 2)
    assert np.isnan(filled[2:4]).all()
    np.testing.assert_array_equal(filled[4], [5.0, 50.0])


def test_regular_grid_refuses_mismatched_lengths_and_unsorted_time():
    with pytest.raises(ValueError, match=r"one row per timestamp: shape \(3,\).*got shape \(2,\)"):
        gaps.to_regular_grid(half_hours(3), [1.0, 2.0], HALF_HOUR)
    with pytest.raises(ValueError, match="strictly increasing"):
        gaps.to_regular_grid(half_hours(3)[::-1], [1.0, 2.0, 3.0], HALF_HOUR)


# --- fill_short_gaps ---


def test_fill_short_gaps_fills_only_short_inner_runs_on_a_straight_line():
    values = np.array([np.nan, 1.0, np.nan, 3.0, np.nan, np.nan, 6.0, np.nan, np.nan, np.nan, 10.0])
    filled = gaps.fill_short_gaps(values, max_missing=2)
    expected = [np.nan, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, np.nan, np.nan, np.nan, 10.0]
    np.testing.assert_array_equal(filled, expected)
    assert np.isnan(values[2])  # the input was not changed
    np.testing.assert_array_equal(gaps.fill_short_gaps(values, 3)[7:10], [7.0, 8.0, 9.0])
    assert np.isnan(gaps.fill_short_gaps(values, 0)).sum() == np.isnan(values).sum()


def test_fill_short_gaps_works_per_column():
    values = np.array([[0.0, 0.0], [np.nan, 5.0], [2.0, np.nan], [3.0, np.nan], [4.0, 40.0]])
    filled = gaps.fill_short_gaps(values, 1)
    np.testing.assert_array_equal(filled[:, 0], [0.0, 1.0, 2.0, 3.0, 4.0])
    assert np.isnan(filled[2:4, 1]).all()  # a run of 2 in column 1 stays missing


@pytest.mark.parametrize(("bad", "error"), [(-1, ValueError), (1.5, TypeError), (True, TypeError)])
def test_fill_short_gaps_refuses_bad_limits(bad, error):
    with pytest.raises(error, match="max_missing must be a whole number"):
        gaps.fill_short_gaps([1.0, np.nan, 2.0], bad)


def test_fill_short_gaps_refuses_inf():
    with pytest.raises(ValueError, match="inf, which is an error in the data"):
        gaps.fill_short_gaps([1.0, np.inf, 2.0], 1)


# --- make_windows_skipping_gaps ---


def test_skipping_gaps_keeps_exactly_the_windows_that_touch_no_nan():
    series = np.arange(30.0)
    series[[7, 18, 19]] = np.nan
    window, horizon = 4, 2
    X, y, starts = make_windows_skipping_gaps(series, window, horizon)
    reference = [
        i
        for i in range(len(series) - window - horizon + 1)
        if np.isfinite(series[i : i + window + horizon]).all()
    ]
    assert starts.tolist() == reference
    X_all, y_all = make_windows(np.nan_to_num(series), window, horizon)
    np.testing.assert_array_equal(X, X_all[reference])
    np.testing.assert_array_equal(y, y_all[reference])
    assert np.isfinite(X).all() and np.isfinite(y).all()
    assert X.shape == (len(reference), window, 1) and y.shape == (len(reference), horizon)


def test_skipping_gaps_without_gaps_equals_make_windows():
    series = np.random.default_rng(0).normal(size=(50, 3))
    X, y, starts = make_windows_skipping_gaps(series, 8, 3, target=2)
    X_ref, y_ref = make_windows(series, 8, 3, target=2)
    np.testing.assert_array_equal(X, X_ref)
    np.testing.assert_array_equal(y, y_ref)
    assert starts.tolist() == list(range(len(X_ref)))


def test_skipping_gaps_drops_a_step_missing_in_any_feature():
    series = np.arange(20.0).reshape(10, 2)
    series[5, 1] = np.nan
    _, _, starts = make_windows_skipping_gaps(series, 2, target=0)
    assert starts.tolist() == [0, 1, 2, 6, 7]


def test_skipping_gaps_errors():
    series = np.array([1.0, 2.0, np.nan, 4.0, 5.0, 6.0, np.nan, 8.0])
    with pytest.raises(ValueError, match=r"longest stretch without a missing value has 3 steps, 5"):
        make_windows_skipping_gaps(series, 4)
    with pytest.raises(ValueError, match="only NaN marks a gap"):
        make_windows_skipping_gaps([1.0, np.inf, 3.0, 4.0], 2)
    with pytest.raises(ValueError, match="horizon must be a whole number >= 1"):
        make_windows_skipping_gaps(np.arange(10.0), 2, 0)
    with pytest.raises(TypeError, match="must hold numbers"):
        make_windows_skipping_gaps(np.array(["a", "b"]), 1)


# --- check_time_order ---


def stamped(samples=2, window=12, n_features=2):
    return np.arange(samples * window * n_features).reshape(samples, window, n_features)


@pytest.mark.parametrize("n_seq", [1, 2, 3, 4, 6, 12])
def test_check_time_order_accepts_to_subsequences(n_seq):
    X = stamped()
    assert check_time_order(X, to_subsequences(X, n_seq)) is None


def test_check_time_order_names_the_first_misplaced_step_of_a_transpose():
    X = stamped(window=12, n_features=1)
    wrong = X.reshape(2, 4, 3, 1).transpose(0, 2, 1, 3)
    with pytest.raises(ValueError) as err:
        check_time_order(X, wrong)
    message = str(err.value)
    assert "X4[0, 0, 1, 0] should hold window step 1 of sample 0" in message
    assert "holds X[0, 3, 0] (window step 3)" in message
    assert "to_subsequences(X, n_seq)" in message


def test_check_time_order_sees_fortran_order_as_strided():
    X = stamped(window=12, n_features=1)
    wrong = X.reshape(2, 3, 4, 1, order="F")  # subsequence 0 = steps 0, 3, 6, 9
    with pytest.raises(ValueError, match=r"holds X\[0, 3, 0\] \(window step 3\)\."):
        check_time_order(X, wrong)


def test_check_time_order_sees_samples_mixed_from_a_time_major_array():
    X = stamped(window=12, n_features=1)
    time_major = np.ascontiguousarray(X.transpose(1, 0, 2))  # (window, samples, features)
    wrong = time_major.reshape(2, 3, 4, 1)
    with pytest.raises(ValueError, match=r"holds X\[1, 0, 0\] \(window step 0 of sample 1\)"):
        check_time_order(X, wrong)


def test_check_time_order_sees_features_mixed_with_time():
    X = stamped(samples=1, window=6, n_features=2)
    channels_first = np.ascontiguousarray(X.transpose(0, 2, 1))  # (samples, features, window)
    with pytest.raises(
        ValueError, match=r"holds X\[0, 1, 0\] \(window step 1, feature 0 instead of 1\)"
    ):
        check_time_order(X, channels_first.reshape(1, 2, 3, 2))


def test_check_time_order_works_on_real_values_too():
    X = np.random.default_rng(1).normal(size=(3, 8, 1))
    check_time_order(X, to_subsequences(X, 4))
    with pytest.raises(ValueError, match="time order scrambled"):
        check_time_order(X, X.reshape(3, 2, 4, 1).transpose(0, 2, 1, 3))


def test_check_time_order_shape_errors():
    X = stamped(window=12, n_features=1)
    with pytest.raises(ValueError, match=r"shape \(2, n_seq, n_steps, 1\).*got shape \(2, 12, 1\)"):
        check_time_order(X, X)
    with pytest.raises(ValueError, match=r"3 \* 3 = 9 steps, but the windows in X have 12"):
        check_time_order(X, np.zeros((2, 3, 3, 1)))
    with pytest.raises(ValueError, match="must be 3-D"):
        check_time_order(X[..., 0], to_subsequences(X, 3))
