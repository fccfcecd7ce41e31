"""window_dataset streams exactly the windows make_windows would materialise, from any source."""

from __future__ import annotations

import numpy as np
import pytest

from tutorial_utils import streaming, windows

RNG = np.random.default_rng(0)
SERIES = RNG.normal(size=(500, 3))


def _collect(dataset):
    xs, ys, ids = [], [], []
    for X, y in dataset:
        if isinstance(X, dict):
            ids.append(X["series_id"].numpy())
            X = X["window"]
        xs.append(X.numpy())
        ys.append(y.numpy())
    out = (np.concatenate(xs), np.concatenate(ys))
    return (*out, np.concatenate(ids)) if ids else out


def _loop_windows(series, window, horizon, target, stride, start):
    """The plain definition: sample i starts at start + i * stride."""
    series = np.asarray(series, dtype=np.float64).reshape(len(series), -1)
    X, y = [], []
    s = start
    while s + window + horizon <= len(series):
        X.append(series[s : s + window])
        y.append(series[s + window : s + window + horizon, target])
        s += stride
    return np.array(X, dtype=np.float32), np.array(y, dtype=np.float32)


@pytest.mark.parametrize(
    ("window", "horizon", "target", "batch_size"),
    [(12, 1, 0, 64), (48, 3, 2, 7), (5, 10, -1, 1000), (1, 1, 1, 1)],
)
def test_equals_make_windows_batch_by_batch(window, horizon, target, batch_size):
    X_ref, y_ref = windows.make_windows(SERIES, window, horizon, target=target)
    dataset = streaming.window_dataset(
        SERIES, window, horizon, target=target, batch_size=batch_size
    )
    assert len(dataset) == -(-len(X_ref) // batch_size)
    for k, (X, y) in enumerate(dataset):
        rows = slice(k * batch_size, (k + 1) * batch_size)
        np.testing.assert_array_equal(X.numpy(), X_ref[rows])
        np.testing.assert_array_equal(y.numpy(), y_ref[rows])
        assert X.dtype.name == "float32" and y.dtype.name == "float32"


@pytest.mark.parametrize(("window", "stride", "batch_size"), [(8, 1, 5), (48, 3, 64), (12, 7, 4)])
def test_equals_keras_timeseries_dataset_batch_by_batch(window, stride, batch_size):
    """On one in-memory series window_dataset is keras.utils.timeseries_dataset_from_array:
    the same X and y in every batch, in the same order (what it adds: several series,
    memory maps, nesting, series ids, scaling per series)."""
    keras = pytest.importorskip("keras")
    series = SERIES.astype("float32")
    ours = streaming.window_dataset(series, window, stride=stride, batch_size=batch_size)
    # the Keras recipe for one step ahead: the window starting at i predicts step i + window
    theirs = keras.utils.timeseries_dataset_from_array(
        series[:-1],
        targets=series[window:, :1],
        sequence_length=window,
        sequence_stride=stride,
        batch_size=batch_size,
    )
    pairs = list(zip(ours, theirs, strict=True))  # the same number of batches
    assert len(pairs) == len(ours) > 1
    for (X, y), (X_keras, y_keras) in pairs:
        np.testing.assert_array_equal(X.numpy(), np.asarray(X_keras))
        np.testing.assert_array_equal(y.numpy(), np.asarray(y_keras))


def test_one_dimensional_series_and_plain_lists():
    values = np.arange(30) ** 1.5
    X_ref, y_ref = windows.make_windows(values, 6, 2)
    for source in (values, list(values), values.astype(np.float32)):
        X, y = _collect(streaming.window_dataset(source, 6, 2, batch_size=5))
        np.testing.assert_array_equal(X, X_ref)
        np.testing.assert_array_equal(y, y_ref)


@pytest.mark.parametrize("n_seq", [1, 2, 4, 12, 48])
def test_nesting_equals_to_subsequences(n_seq):
    X_ref, y_ref = windows.make_windows(SERIES, 48, 2, target=1)
    X, y = _collect(streaming.window_dataset(SERIES, 48, 2, n_seq=n_seq, target=1, batch_size=50))
    assert X.shape == (len(X_ref), n_seq, 48 // n_seq, 3)
    np.testing.assert_array_equal(X, windows.to_subsequences(X_ref, n_seq))
    np.testing.assert_array_equal(y, y_ref)


def test_nested_batches_have_a_static_outer_axis():
    dataset = streaming.window_dataset(SERIES, 48, n_seq=4)
    x_spec, y_spec = dataset.element_spec
    assert tuple(x_spec.shape) == (None, 4, 12, 3)  # n_seq static: see the atlas on n_seq=None
    assert tuple(y_spec.shape) == (None, 1)


@pytest.mark.parametrize(("stride", "start"), [(1, 0), (3, 0), (48, 0), (7, 5), (1, 100)])
def test_stride_and_start_against_a_plain_loop(stride, start):
    X_ref, y_ref = _loop_windows(SERIES, 24, 4, 0, stride, start)
    dataset = streaming.window_dataset(SERIES, 24, 4, stride=stride, start=start, batch_size=16)
    X, y = _collect(dataset)
    np.testing.assert_array_equal(X, X_ref)
    np.testing.assert_array_equal(y, y_ref)
    assert len(X) == streaming.count_windows(len(SERIES), 24, 4, stride=stride, start=start)


@pytest.mark.parametrize(("stride", "start"), [(2, 0), (48, 0), (48, 7), (5, 33)])
@pytest.mark.parametrize("n_seq", [None, 4])
def test_stride_and_start_equal_make_windows(stride, start, n_seq):
    X_ref, y_ref = windows.make_windows(SERIES, 48, 3, target=2, stride=stride, start=start)
    if n_seq:
        X_ref = windows.to_subsequences(X_ref, n_seq)
    dataset = streaming.window_dataset(
        SERIES, 48, 3, n_seq=n_seq, target=2, stride=stride, start=start, batch_size=9
    )
    X, y = _collect(dataset)
    np.testing.assert_array_equal(X, X_ref)
    np.testing.assert_array_equal(y, y_ref)


def test_count_windows_matches_make_windows():
    for length in (10, 11, 50):
        for window, horizon in ((3, 1), (5, 5), (10, 1)):
            expected = max(0, length - window - horizon + 1)
            assert streaming.count_windows(length, window, horizon) == expected


def test_memory_mapped_file_is_read_not_loaded(tmp_path):
    path = tmp_path / "series.npy"
    np.save(path, SERIES)
    series = streaming.open_series(path)
    assert isinstance(series, np.memmap)
    X_ref, y_ref = windows.make_windows(SERIES, 16, 2, target=2)
    for source in (series, path, str(path)):
        X, y = _collect(streaming.window_dataset(source, 16, 2, target=2, batch_size=33))
        np.testing.assert_array_equal(X, X_ref)
        np.testing.assert_array_equal(y, y_ref)


def test_several_files_one_per_series(tmp_path):
    lengths = [100, 37, 250]
    parts = [RNG.normal(size=(n, 2)) for n in lengths]
    paths = []
    for k, part in enumerate(parts):
        paths.append(tmp_path / f"s{k}.npy")
        np.save(paths[-1], part)
    X, y, ids = _collect(
        streaming.window_dataset(paths, 10, 3, target=1, batch_size=32, series_id=True)
    )
    refs = [windows.make_windows(p, 10, 3, target=1) for p in parts]
    np.testing.assert_array_equal(X, np.concatenate([r[0] for r in refs]))
    np.testing.assert_array_equal(y, np.concatenate([r[1] for r in refs]))
    expected_ids = np.repeat(np.arange(3), [len(r[0]) for r in refs])
    np.testing.assert_array_equal(ids, expected_ids)
    assert ids.dtype == np.int32
    # No window crosses from one series into the next: each equals its own series' window.
    assert len(X) == sum(n - 10 - 3 + 1 for n in lengths)


def test_scalers_equal_transforming_first():
    parts = [SERIES[:300], SERIES[300:] * 5 + 2]
    scalers = [windows.fit_scaler(p) for p in parts]
    X, y = _collect(streaming.window_dataset(parts, 12, 2, target=1, scalers=scalers))
    refs = [
        windows.make_windows(s.transform(p), 12, 2, target=1)
        for s, p in zip(scalers, parts, strict=True)
    ]
    np.testing.assert_array_equal(X, np.concatenate([r[0] for r in refs]))
    np.testing.assert_array_equal(y, np.concatenate([r[1] for r in refs]))


def test_shuffle_is_a_new_permutation_of_the_same_windows_every_epoch():
    values = np.arange(1000.0)
    dataset = streaming.window_dataset(values, 8, batch_size=64, shuffle=True, seed=3)
    first, _ = _collect(dataset)
    second, _ = _collect(dataset)
    ordered, _ = windows.make_windows(values, 8)
    for epoch in (first, second):
        starts = epoch[:, 0, 0].astype(int)
        assert sorted(starts) == list(range(len(ordered)))  # each window exactly once
        np.testing.assert_array_equal(epoch, ordered[starts])  # and whole, not mixed up
    assert not np.array_equal(first, second)
    again, _ = _collect(streaming.window_dataset(values, 8, batch_size=64, shuffle=True, seed=3))
    np.testing.assert_array_equal(again, first)  # the seed repeats the order
    other, _ = _collect(streaming.window_dataset(values, 8, batch_size=64, shuffle=True, seed=4))
    assert not np.array_equal(other, first)


def test_shuffling_never_crosses_the_chronological_split(tmp_path):
    path = tmp_path / "time.npy"
    np.save(path, np.arange(2000.0))  # each value is its own time index
    train, val, test = streaming.split_views(streaming.open_series(path))
    assert isinstance(train, np.memmap) and (len(train), len(val), len(test)) == (1400, 300, 300)
    for part, (lo, hi) in ((train, (0, 1400)), (val, (1400, 1700)), (test, (1700, 2000))):
        X, y = _collect(streaming.window_dataset(part, 24, 5, batch_size=50, shuffle=True))
        assert X.min() >= lo and X.max() < hi and y.min() >= lo and y.max() < hi
        assert len(X) == hi - lo - 24 - 5 + 1


def test_split_views_match_split_series_without_copying():
    values = RNG.normal(size=(1234, 2))
    views = streaming.split_views(values, 0.6, 0.25)
    for view, copy in zip(views, windows.split_series(values, 0.6, 0.25), strict=True):
        np.testing.assert_array_equal(view, copy)
        assert np.shares_memory(view, values)


def test_fit_scaler_chunked_equals_fit_scaler(monkeypatch):
    values = RNG.normal(loc=3, scale=2, size=(5000, 2))
    exact = windows.fit_scaler(values)
    small = streaming.fit_scaler_chunked(values)  # one chunk: fit_scaler itself
    assert np.array_equal(small.mean, exact.mean) and np.array_equal(small.scale, exact.scale)
    monkeypatch.setattr(streaming, "_CHUNK", 777)  # force the chunked two-pass path
    chunked = streaming.fit_scaler_chunked(values)
    np.testing.assert_allclose(chunked.mean, exact.mean, rtol=1e-12)
    np.testing.assert_allclose(chunked.scale, exact.scale, rtol=1e-12)
    assert chunked.n_fitted == 5000


def test_global_datasets_split_and_scale_each_series_on_its_own():
    fleet = [np.sin(np.arange(400) / 7.0) * (k + 1) + 10 * k for k in range(3)]
    data = streaming.global_datasets(fleet, 24, 2, n_seq=4, batch_size=40, series_id=True)
    assert data.windows == {"train": [255] * 3, "val": [35] * 3, "test": [35] * 3}
    for k, series in enumerate(fleet):
        train_part = windows.split_series(series)[0]
        exact = windows.fit_scaler(train_part)
        assert float(data.scalers[k].mean) == float(exact.mean)
        assert float(data.scalers[k].scale) == float(exact.scale)
    X, y, ids = _collect(data.test)
    refs = []
    for scaler, series in zip(data.scalers, fleet, strict=True):
        test_part = windows.split_series(series)[2]
        Xr, yr = windows.make_windows(scaler.transform(test_part), 24, 2)
        refs.append((windows.to_subsequences(Xr, 4), yr))
    np.testing.assert_array_equal(X, np.concatenate([r[0] for r in refs]))
    np.testing.assert_array_equal(y, np.concatenate([r[1] for r in refs]))
    np.testing.assert_array_equal(ids, np.repeat([0, 1, 2], 35))
    X_train, _, ids_train = _collect(data.train)
    assert X_train.shape == (765, 4, 6, 1) and sorted(set(ids_train.tolist())) == [0, 1, 2]
    assert abs(float(X_train.mean())) < 0.2  # every series standardised on its own train part


def test_synthetic_fleet_is_repeatable_and_written_one_file_per_series(tmp_path):
    a = streaming.synthetic_fleet(4, 500, seed=2)
    b = streaming.synthetic_fleet(4, 500, seed=2)
    assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))
    assert not np.array_equal(a[0], a[1])
    paths = streaming.write_fleet(tmp_path / "fleet", 3, 200, seed=1)
    assert [p.name for p in paths] == ["meter_0000.npy", "meter_0001.npy", "meter_0002.npy"]
    assert streaming.open_series(paths[2]).shape == (200,)


# ---- errors that say what was expected, what was given, and what to do ----------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "says"),
    [
        ({"window": 0}, ValueError, "window must be a whole number >= 1, got 0"),
        ({"window": 2.5}, TypeError, r"window must be a whole number \(an int\)"),
        ({"window": 8, "horizon": 0}, ValueError, "horizon must be a whole number >= 1"),
        ({"window": 8, "stride": 0}, ValueError, "stride must be a whole number >= 1"),
        ({"window": 8, "start": -1}, ValueError, "start must be a whole number >= 0"),
        ({"window": 8, "batch_size": 0}, ValueError, "batch_size must be a whole number >= 1"),
        ({"window": 8, "target": 3}, ValueError, "target=3 is not a column"),
        ({"window": 8, "target": "a"}, TypeError, "target must be a column index"),
        ({"window": 8, "n_seq": 3}, ValueError, "n_seq=3 does not divide the window of 8"),
        ({"window": 600}, ValueError, "needs at least 601 time steps, but series has 500"),
        ({"window": 8, "start": 495}, ValueError, "start=495 leaves 5 of the 500 steps"),
        ({"window": 8, "shuffle": "yes"}, TypeError, "shuffle must be True or False"),
        ({"window": 8, "scalers": "z"}, TypeError, "scalers must be a Scaler"),
    ],
)
def test_errors(kwargs, error, says):
    with pytest.raises(error, match=says):
        streaming.window_dataset(SERIES, **kwargs)


def test_errors_about_the_series(tmp_path):
    with pytest.raises(ValueError, match=r"shape \(time,\) or \(time, n_features\)"):
        streaming.window_dataset(np.zeros((10, 4, 1)), 3)
    with pytest.raises(TypeError, match="must hold numbers"):
        streaming.window_dataset(np.array(["a", "b", "c"]), 1)
    with pytest.raises(ValueError, match=r"1 NaN or infinite value\(s\) .* at index \(3, 0\)"):
        streaming.window_dataset(np.array([1.0, 2.0, 3.0, np.nan, 5.0]), 2)
    with pytest.raises(ValueError, match="same number of features"):
        streaming.window_dataset([np.zeros((20, 1)), np.zeros((20, 2))], 3)
    with pytest.raises(ValueError, match=r"series\[1\] has 4"):
        streaming.window_dataset([np.zeros(20), np.zeros(4)], 3, 2)
    with pytest.raises(ValueError, match="got 1 scaler"):
        streaming.window_dataset(
            [np.arange(20.0), np.arange(20.0)], 3, scalers=[windows.fit_scaler(np.arange(5.0))]
        )
    with pytest.raises(FileNotFoundError, match="no series file at"):
        streaming.window_dataset(tmp_path / "missing.npy", 3)
    (tmp_path / "values.csv").write_text("1\n2\n")
    with pytest.raises(ValueError, match=r"is not a \.npy file"):
        streaming.open_series(tmp_path / "values.csv")
    with pytest.raises(ValueError, match="empty list"):
        streaming.window_dataset([], 3)


def test_never_changes_the_callers_array():
    values = SERIES.copy()
    _collect(streaming.window_dataset(values, 10, scalers=windows.fit_scaler(values)))
    np.testing.assert_array_equal(values, SERIES)


def test_files_and_arrays_give_the_same_scaled_batches(tmp_path):
    """Memory maps are cut by NumPy, arrays in memory by tf.gather: the same numbers."""
    fleet = streaming.synthetic_fleet(3, 300, seed=5)
    paths = []
    for k, series in enumerate(fleet):
        paths.append(tmp_path / f"m{k}.npy")
        np.save(paths[-1], series)
    in_memory = streaming.global_datasets(fleet, 24, 3, n_seq=2, series_id=True)
    on_disk = streaming.global_datasets(paths, 24, 3, n_seq=2, series_id=True)
    for part in ("train", "val", "test"):
        a, b = _collect(getattr(in_memory, part)), _collect(getattr(on_disk, part))
        for x, y in zip(a, b, strict=True):
            np.testing.assert_array_equal(x, y)
