"""tutorial_utils.windows: checked against plain loops, for order, and for its error messages."""

from __future__ import annotations

import numpy as np
import pytest

from tutorial_utils.windows import (
    fit_scaler,
    from_subsequences,
    make_windows,
    split_series,
    to_subsequences,
    valid_n_seq,
)


def loop_windows(series, window, horizon=1, target=0, stride=1, start=0):
    """The obvious, slow reference: one sample at a time."""
    data = np.asarray(series, dtype=np.float64)
    data = data[:, None] if data.ndim == 1 else data
    xs, ys = [], []
    for i in range(start, len(data) - window - horizon + 1, stride):
        xs.append(data[i : i + window])
        ys.append(data[i + window : i + window + horizon, target])
    return np.array(xs), np.array(ys)


@pytest.mark.parametrize(
    ("length", "n_features", "window", "horizon", "target"),
    [(20, None, 4, 1, 0), (50, 1, 12, 3, 0), (31, 3, 8, 2, 2), (40, 2, 39, 1, 1), (9, 4, 5, 4, 0)],
)
def test_make_windows_matches_a_plain_loop(length, n_features, window, horizon, target):
    rng = np.random.default_rng(length)
    shape = (length,) if n_features is None else (length, n_features)
    series = rng.normal(size=shape)
    X, y = make_windows(series, window, horizon, target=target)
    X_ref, y_ref = loop_windows(series, window, horizon, target)
    assert X.shape == (length - window - horizon + 1, window, n_features or 1)
    assert y.shape == (length - window - horizon + 1, horizon)
    assert X.dtype == np.float32 and y.dtype == np.float32
    np.testing.assert_allclose(X, X_ref, rtol=1e-6)
    np.testing.assert_allclose(y, y_ref, rtol=1e-6)


@pytest.mark.parametrize(
    ("length", "n_features", "window", "horizon", "stride", "start"),
    [
        (20, None, 4, 1, 2, 0),
        (50, 1, 12, 3, 5, 7),
        (31, 3, 8, 2, 3, 1),
        (40, 2, 10, 1, 48, 0),
        (9, 4, 5, 4, 1, 0),
        (100, 1, 14, 7, 7, 3),
        (336 + 48 + 96, None, 336, 48, 48, 48),
    ],
)
def test_make_windows_with_stride_and_start_matches_a_plain_loop(
    length, n_features, window, horizon, stride, start
):
    rng = np.random.default_rng(length + stride)
    shape = (length,) if n_features is None else (length, n_features)
    series = rng.normal(size=shape)
    X, y = make_windows(series, window, horizon, stride=stride, start=start)
    X_ref, y_ref = loop_windows(series, window, horizon, stride=stride, start=start)
    samples = (length - start - window - horizon) // stride + 1
    assert len(X_ref) == samples
    assert X.shape == (samples, window, n_features or 1)
    assert y.shape == (samples, horizon)
    np.testing.assert_allclose(X, X_ref, rtol=1e-6)
    np.testing.assert_allclose(y, y_ref, rtol=1e-6)
    assert X.flags.c_contiguous and y.flags.c_contiguous


def test_day_aligned_windows_start_every_sample_at_midnight():
    half_hour_of_day = np.arange(48 * 10) % 48
    X, y = make_windows(half_hour_of_day, window=48, horizon=48, stride=48, start=0)
    assert (X[:, 0, 0] == 0).all()
    assert (y[:, 0] == 0).all()
    assert len(X) == 9


@pytest.mark.parametrize(("bad", "error"), [(0, ValueError), (-3, ValueError), (1.5, TypeError)])
def test_stride_must_be_a_positive_whole_number(bad, error):
    with pytest.raises(error, match="stride"):
        make_windows(np.arange(10), 3, stride=bad)


@pytest.mark.parametrize(("bad", "error"), [(-1, ValueError), (2.0, TypeError), (True, TypeError)])
def test_start_must_be_a_whole_number_not_below_zero(bad, error):
    with pytest.raises(error, match="start"):
        make_windows(np.arange(10), 3, start=bad)


def test_start_beyond_the_series_says_the_largest_start():
    with pytest.raises(ValueError, match=r"start=7 leaves 3 .* at most 6"):
        make_windows(np.arange(10), 3, start=7)
    X, y = make_windows(np.arange(10), 3, start=6)
    assert X[:, :, 0].tolist() == [[6.0, 7.0, 8.0]] and y.tolist() == [[9.0]]


def test_make_windows_accepts_a_list_and_negative_target():
    X, y = make_windows([[0, 10], [1, 11], [2, 12], [3, 13]], window=2, target=-1)
    assert X.shape == (2, 2, 2)
    assert y[:, 0].tolist() == [12.0, 13.0]


def test_make_windows_result_owns_its_memory():
    series = np.arange(10.0)
    X, y = make_windows(series, 3)
    X[0, 0, 0] = 99.0
    assert series[0] == 0.0
    assert X.flags.c_contiguous and y.flags.c_contiguous


@pytest.mark.parametrize(("window", "n_seq"), [(8, 2), (8, 4), (48, 4), (48, 6), (12, 12), (5, 1)])
def test_subsequences_round_trip_and_keep_time_order(window, n_seq):
    samples, n_features = 3, 2
    X = np.arange(samples * window * n_features, dtype=np.float32).reshape(
        samples, window, n_features
    )
    X4 = to_subsequences(X, n_seq)
    n_steps = window // n_seq
    assert X4.shape == (samples, n_seq, n_steps, n_features)
    np.testing.assert_array_equal(from_subsequences(X4), X)
    for s in range(n_seq):  # subsequence s holds steps s*n_steps .. (s+1)*n_steps - 1, in order
        np.testing.assert_array_equal(X4[:, s], X[:, s * n_steps : (s + 1) * n_steps])


def test_to_subsequences_time_index_reads_in_order():
    steps = np.arange(12).reshape(1, 12, 1)
    nested = to_subsequences(steps, 3)[0, :, :, 0]
    assert nested.tolist() == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]
    assert np.all(np.diff(nested.ravel()) == 1)


def test_valid_n_seq_lists_divisors():
    assert valid_n_seq(48) == [1, 2, 3, 4, 6, 8, 12, 16, 24, 48]
    assert valid_n_seq(7) == [1, 7]


def test_split_series_is_chronological_and_complete():
    series = np.arange(100).reshape(50, 2)
    train, val, test = split_series(series, train=0.6, val=0.2)
    assert [len(train), len(val), len(test)] == [30, 10, 10]
    np.testing.assert_array_equal(np.concatenate([train, val, test]), series)
    assert train[-1, 0] < val[0, 0] and val[-1, 0] < test[0, 0]
    train[0, 0] = -1
    assert series[0, 0] == 0


def test_scaler_is_fitted_on_train_only_and_inverts():
    train = np.array([[1.0, 10.0], [3.0, 30.0]])
    scaler = fit_scaler(train)
    np.testing.assert_allclose(scaler.mean, [2.0, 20.0])
    np.testing.assert_allclose(scaler.scale, [1.0, 10.0])
    assert scaler.n_fitted == 2
    windows = np.array([[[2.0, 20.0], [4.0, 40.0]]])
    scaled = scaler.transform(windows)
    np.testing.assert_allclose(scaled, [[[0.0, 0.0], [2.0, 2.0]]])
    np.testing.assert_allclose(scaler.inverse_transform(scaled), windows)
    assert windows[0, 1, 0] == 4.0  # input untouched


# --- bad input: each message names what was expected, what was given, and the fix ---


def test_window_not_divisible_lists_choices_and_trim():
    X = np.zeros((2, 50, 1))
    with pytest.raises(ValueError) as err:
        to_subsequences(X, 4)
    message = str(err.value)
    assert "n_seq=4 does not divide the window of 50 steps" in message
    assert "[1, 2, 5, 10, 25, 50]" in message
    assert "X[:, -48:]" in message


def test_two_d_windows_suggest_adding_the_feature_axis():
    with pytest.raises(
        ValueError, match=r"must be 3-D .* got 2-D with shape \(5, 8\).*np\.newaxis"
    ):
        to_subsequences(np.zeros((5, 8)), 2)


def test_four_d_windows_are_recognised_as_nested():
    with pytest.raises(ValueError, match="looks nested already"):
        to_subsequences(np.zeros((5, 2, 4, 1)), 2)
    with pytest.raises(ValueError, match=r"expected 4-D .* got 3-D"):
        from_subsequences(np.zeros((5, 8, 1)))


def test_window_longer_than_series():
    with pytest.raises(ValueError, match=r"needs at least 11 time steps, but the series has 10"):
        make_windows(np.arange(10), window=10, horizon=1)


def test_non_finite_values_are_refused_with_their_position():
    series = np.arange(10.0)
    series[6] = np.nan
    with pytest.raises(ValueError, match=r"1 NaN or infinite value\(s\).*index \(6,\)"):
        make_windows(series, 3)
    with pytest.raises(ValueError, match="NaN or infinite"):
        fit_scaler(np.array([1.0, np.inf]))


@pytest.mark.parametrize("horizon", [0, -2])
def test_horizon_below_one(horizon):
    with pytest.raises(ValueError, match=f"horizon must be a whole number >= 1, got {horizon}"):
        make_windows(np.arange(10), 3, horizon)


@pytest.mark.parametrize(("bad", "error"), [(2.5, TypeError), (True, TypeError), (0, ValueError)])
def test_window_must_be_a_positive_whole_number(bad, error):
    with pytest.raises(error, match="window"):
        make_windows(np.arange(10), bad)


def test_text_and_three_d_series_are_refused():
    with pytest.raises(TypeError, match="must hold numbers, got dtype <U"):
        make_windows(np.array(["1", "2", "3"]), 1)
    with pytest.raises(ValueError, match="windows already"):
        make_windows(np.zeros((4, 3, 1)), 2)


def test_target_outside_the_features():
    with pytest.raises(
        ValueError, match=r"target=2 is not a column.* 2 feature\(s\), so use target in 0..1"
    ):
        make_windows(np.zeros((10, 2)), 3, target=2)
    with pytest.raises(TypeError, match=r"target must be a column index \(an int\), got str"):
        make_windows(np.zeros((10, 2)), 3, target="demand")


@pytest.mark.parametrize(
    ("train", "val", "match"),
    [
        (0.9, 0.1, "train \\+ val must be below 1"),
        (0.0, 0.1, "train must be a number > 0 and < 1, got 0.0. Use a fraction"),
        (0.7, 1.2, "val must be a number > 0 and < 1, got 1.2"),
    ],
)
def test_split_fractions_must_leave_a_test_part(train, val, match):
    with pytest.raises(ValueError, match=match):
        split_series(np.arange(100), train=train, val=val)


def test_split_too_short_for_three_parts():
    with pytest.raises(ValueError, match="parts of 2, 0 and 1 steps"):
        split_series(np.arange(3), train=0.7, val=0.1)


def test_scaler_rejects_constant_feature_and_wrong_feature_count():
    with pytest.raises(ValueError, match=r"constant column\(s\): \[1\]"):
        fit_scaler(np.array([[1.0, 5.0], [2.0, 5.0]]))
    scaler = fit_scaler(np.array([[1.0, 5.0], [2.0, 6.0]]))
    with pytest.raises(ValueError, match=r"fitted on 2 features.*got shape \(4, 3\)"):
        scaler.transform(np.zeros((4, 3)))
    with pytest.raises(ValueError, match="Fit before windowing"):
        fit_scaler(np.zeros((3, 4, 1)))
