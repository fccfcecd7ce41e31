"""Windows cut on the fly: training on series too long, or too many, to window in memory.

:func:`tutorial_utils.windows.make_windows` writes every window out: a window of 336 steps over
``T`` steps costs ``336 * T * 4`` bytes, 13 GB for ten million steps. Here the series stays as it
is (an array, a memory-mapped ``.npy`` file, or one file per series) and :func:`window_dataset`
returns a ``tf.data.Dataset`` that cuts each batch of windows only when training asks for it.
Without shuffling its batches are exactly the arrays ``make_windows`` (and ``to_subsequences``)
would give, batch by batch.

* :func:`window_dataset`: ``(X, y)`` batches from one or several series, optionally nested
  ``(batch, n_seq, n_steps, n_features)``, scaled per series, with a series id;
* :func:`count_windows`: how many windows a series of a given length gives;
* :func:`open_series`, :func:`split_views`, :func:`fit_scaler_chunked`: open ``.npy`` files
  without reading them, split them chronologically without copying, fit a scaler in chunks;
* :func:`global_datasets`: train/validation/test datasets for one model over many series, each
  series split and scaled on its own training part;
* :func:`synthetic_fleet`, :func:`write_fleet`: a SYNTHETIC fleet of meters for scale tests.

This module uses TensorFlow (``tf.data``); the NumPy-only modules stay NumPy-only.

Example:
    >>> ds = window_dataset(np.arange(10.0), window=4, batch_size=3)
    >>> [tuple(X.shape) for X, y in ds]
    [(3, 4, 1), (3, 4, 1)]
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import tensorflow as tf

from tutorial_utils.checks import column_index, finite, whole_number
from tutorial_utils.windows import GAPS_FIX, Scaler, fit_scaler, split_points

__all__ = [
    "GlobalData",
    "count_windows",
    "fit_scaler_chunked",
    "global_datasets",
    "open_series",
    "split_views",
    "synthetic_fleet",
    "window_dataset",
    "write_fleet",
]

_CHUNK = 1 << 20  # rows read at a time when a whole series must be scanned


def count_windows(
    length: int, window: int, horizon: int = 1, *, stride: int = 1, start: int = 0
) -> int:
    """How many windows (with their targets) fit in a series of ``length`` steps.

    Window ``i`` starts at ``start + i * stride`` and needs ``window + horizon`` steps, so the
    count is ``(length - window - horizon - start) // stride + 1``, or 0 when not even one fits.

    Example:
        >>> count_windows(4032, window=336, horizon=48)
        3649
        >>> count_windows(4032, window=336, horizon=48, stride=48, start=0)
        77
    """
    length = whole_number(length, "length", minimum=0)
    window = whole_number(window, "window")
    horizon = whole_number(horizon, "horizon")
    stride = whole_number(stride, "stride")
    start = whole_number(start, "start", minimum=0)
    room = length - window - horizon - start
    return 0 if room < 0 else room // stride + 1


def open_series(path: str | os.PathLike[str]) -> np.ndarray:
    """Open a ``.npy`` file as a read-only memory map: nothing is read until it is used.

    Raises:
        FileNotFoundError: no such file (the message says where it looked).
        ValueError: the file is not a ``.npy`` array of numbers with 1 or 2 axes.

    Example:
        >>> import tempfile
        >>> path = Path(tempfile.mkdtemp()) / "meter.npy"
        >>> np.save(path, np.arange(5.0))
        >>> series = open_series(path)
        >>> type(series).__name__, series.shape
        ('memmap', (5,))
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(
            f"no series file at {path}. Save one with np.save(path, values) (a .npy file); "
            "write_fleet writes a synthetic fleet of them."
        )
    if path.suffix != ".npy":
        raise ValueError(
            f"{path.name} is not a .npy file; only NumPy's own format can be memory-mapped "
            "here. Convert it once: np.save('series.npy', values)."
        )
    array = np.load(path, mmap_mode="r")
    _check_dtype_and_rank(array, str(path.name))
    return array


def _check_dtype_and_rank(array: np.ndarray, what: str) -> None:
    if not (np.issubdtype(array.dtype, np.number) or array.dtype == np.bool_):
        raise TypeError(
            f"{what} must hold numbers (an array, a list of numbers or the path of a .npy file), "
            f"got dtype {array.dtype}. Convert it first, e.g. np.asarray(values, dtype=float)."
        )
    if array.ndim not in (1, 2):
        raise ValueError(
            f"{what} must be a series of shape (time,) or (time, n_features); got shape "
            f"{array.shape}. Pass the raw series, not windows: window_dataset cuts them."
        )


def _as_series(item: object, what: str) -> np.ndarray:
    """One series as a 2-D ``(time, n_features)`` array or memory map, never copied."""
    if isinstance(item, str | os.PathLike):
        array = open_series(item)
    else:  # an array (a memory map stays one) or a list of numbers; anything else fails below
        array = item if isinstance(item, np.ndarray) else np.asarray(item)
    _check_dtype_and_rank(array, what)
    return array[:, np.newaxis] if array.ndim == 1 else array


def _as_series_list(series: object) -> list[np.ndarray]:
    """``series`` as a list of 2-D series: one array or path, or a list/tuple of them."""
    if isinstance(series, list | tuple):
        if len(series) == 0:
            raise ValueError("series is an empty list; give at least one series")
        if all(np.ndim(item) == 0 and not isinstance(item, str | os.PathLike) for item in series):
            return [_as_series(np.asarray(series), "series")]  # a plain list of numbers
        return [_as_series(item, f"series[{k}]") for k, item in enumerate(series)]
    return [_as_series(series, "series")]


def split_views(
    series: object, train: float = 0.7, val: float = 0.15
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Split a series chronologically like :func:`tutorial_utils.windows.split_series`, without
    copying: the parts are views (of a memory map, they stay memory maps).

    The boundaries are exactly those of ``split_series`` (both use
    :func:`tutorial_utils.windows.split_points`), so the same training part is used whether you
    copy it into memory or stream it.

    Example:
        >>> a, b, c = split_views(np.arange(10), train=0.6, val=0.2)
        >>> a.tolist(), b.tolist(), c.tolist()
        ([0, 1, 2, 3, 4, 5], [6, 7], [8, 9])
        >>> bool(np.shares_memory(a, split_views(a, 0.5, 0.25)[0]))
        True
    """
    if isinstance(series, str | os.PathLike):
        array = open_series(series)
    else:  # an ndarray (a memory map stays a memory map) or anything array-like
        array = series if isinstance(series, np.ndarray) else np.asarray(series)
    n_train, n_val = split_points(array, train, val)
    return array[:n_train], array[n_train : n_train + n_val], array[n_train + n_val :]


def fit_scaler_chunked(train: object) -> Scaler:
    """:func:`tutorial_utils.windows.fit_scaler` for a training part that may not fit in memory.

    Reads the part in chunks of about a million rows (two passes: the mean, then the spread),
    so a memory-mapped series is never loaded whole. A part of at most one chunk goes straight
    to ``fit_scaler``, so the two agree exactly on the course's series.

    Example:
        >>> s = fit_scaler_chunked(np.array([1.0, 2.0, 3.0]))
        >>> float(s.mean), round(float(s.scale), 4), s.n_fitted
        (2.0, 0.8165, 3)
    """
    array = _as_series(train, "train")
    squeeze = not isinstance(train, str | os.PathLike) and np.ndim(train) == 1
    if len(array) <= _CHUNK:
        return fit_scaler(np.asarray(array[:, 0] if squeeze else array))
    finite(array, "train", fix=GAPS_FIX)
    n = len(array)

    def chunks():  # the part again, a million rows at a time, in float64
        return (np.asarray(array[lo : lo + _CHUNK], dtype=np.float64) for lo in range(0, n, _CHUNK))

    mean = sum(chunk.sum(axis=0) for chunk in chunks()) / n
    scale = np.sqrt(sum(((chunk - mean) ** 2).sum(axis=0) for chunk in chunks()) / n)
    if np.any(scale == 0):
        raise ValueError(
            "a feature is constant in the training part (standard deviation 0), so it cannot "
            "be standardised. Drop it or use a longer training part."
        )
    if squeeze:
        mean, scale = mean[0], scale[0]
    return Scaler(mean=np.asarray(mean), scale=np.asarray(scale), n_fitted=n)


def _check_scalers(scalers: object, n_series: int, n_features: int) -> list[Scaler] | None:
    if scalers is None:
        return None
    items = [scalers] if isinstance(scalers, Scaler) else scalers
    if not isinstance(items, list | tuple) or not all(isinstance(s, Scaler) for s in items):
        raise TypeError(
            "scalers must be a Scaler or a list of them (one per series), from "
            f"windows.fit_scaler or fit_scaler_chunked; got {type(scalers).__name__}"
        )
    if len(items) != n_series:
        raise ValueError(
            f"got {len(items)} scaler(s) for {n_series} series: give one per series, each "
            "fitted on that series' training part."
        )
    for k, s in enumerate(items):
        width = 1 if np.ndim(s.mean) == 0 else len(s.mean)
        if width != n_features:
            raise ValueError(
                f"scalers[{k}] was fitted on {width} feature(s) but the series have "
                f"{n_features}; fit it on the same columns."
            )
    return list(items)


def window_dataset(
    series: object,
    window: int,
    horizon: int = 1,
    *,
    n_seq: int | None = None,
    target: int = 0,
    stride: int = 1,
    start: int = 0,
    batch_size: int = 64,
    shuffle: bool = False,
    seed: int = 0,
    scalers: Scaler | Sequence[Scaler] | None = None,
    series_id: bool = False,
) -> tf.data.Dataset:
    """A ``tf.data.Dataset`` of ``(X, y)`` batches cut on the fly from one or many series.

    Window ``i`` of a series starts at ``start + i * stride`` and holds ``window`` steps; its
    target is the ``horizon`` values of column ``target`` that follow, as in
    :func:`tutorial_utils.windows.make_windows`. The windows are never all in memory, only the
    batches being served. Series in memory are copied once, scaled, as float32 and cut with
    ``tf.gather`` inside TensorFlow; memory-mapped ``.npy`` series are not copied: NumPy reads
    only the rows each batch needs.

    Args:
        series: one series (an array ``(time,)`` or ``(time, n_features)``, a memory map, or
            the path of a ``.npy`` file) or a list of them, one per series. Windows never
            cross from one series into the next. All series need the same ``n_features``.
        window, horizon, target, stride, start: as in ``make_windows``.
        n_seq: if given, each window is cut into ``n_seq`` subsequences: ``X`` is
            ``(batch, n_seq, window // n_seq, n_features)``, as ``to_subsequences`` gives.
        batch_size: windows per batch. Under ``tf.distribute`` this is the *global* batch,
            split among the replicas.
        shuffle: serve the windows in a new random order every epoch (a permutation of the
            windows, drawn without holding the list of windows in memory). Only windows of
            the series you pass are mixed: pass the training part, and nothing from the
            validation or test part can enter (see :func:`split_views`).
        seed: fixes the order of every epoch (epoch 1, 2, ... each get their own order),
            together with TensorFlow's global seed: call ``keras.utils.set_random_seed``
            before building the dataset to repeat a run exactly.
        scalers: one ``windows.Scaler`` per series, applied to its windows and targets.
        series_id: add which series each window comes from: ``X`` becomes a dict
            ``{"window": X, "series_id": ids}`` with ``ids`` of shape ``(batch,)``, int32,
            numbered in the order of ``series``.

    Returns:
        A dataset of ``(X, y)`` with ``y`` of shape ``(batch, horizon)``, both float32; the last
        batch may be smaller. ``len(dataset)`` is the number of batches.

    Raises:
        TypeError, ValueError: as ``make_windows``, plus a series too short for one window, a
            window that ``n_seq`` does not divide, or scalers that do not fit the series.

    Example:
        >>> X, y = next(iter(window_dataset(np.arange(20.0), window=8, n_seq=2, batch_size=3)))
        >>> tuple(X.shape), tuple(y.shape)
        ((3, 2, 4, 1), (3, 1))
        >>> X.numpy()[1, :, :, 0].tolist(), y.numpy()[1].tolist()
        ([[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]], [9.0])
    """
    arrays = _as_series_list(series)
    window = whole_number(window, "window")
    horizon = whole_number(horizon, "horizon")
    stride = whole_number(stride, "stride")
    start = whole_number(start, "start", minimum=0)
    batch_size = whole_number(batch_size, "batch_size")
    seed = whole_number(seed, "seed", minimum=0)
    for flag, name in ((shuffle, "shuffle"), (series_id, "series_id")):
        if not isinstance(flag, bool | np.bool_):
            raise TypeError(f"{name} must be True or False, got {type(flag).__name__}")
    widths = {a.shape[1] for a in arrays}
    if len(widths) > 1:
        raise ValueError(
            f"all series must have the same number of features; got {sorted(widths)}. "
            "Pick the same columns from each."
        )
    n_features = widths.pop()
    target = column_index(target, n_features)
    if n_seq is not None:
        n_seq = whole_number(n_seq, "n_seq")
        if window % n_seq:
            divisors = [d for d in range(1, window + 1) if window % d == 0]
            raise ValueError(
                f"n_seq={n_seq} does not divide the window of {window} steps; choose n_seq "
                f"from {divisors}."
            )
    scale_list = _check_scalers(scalers, len(arrays), n_features)
    counts = []
    for k, array in enumerate(arrays):
        what = "series" if len(arrays) == 1 else f"series[{k}]"
        n = count_windows(len(array), window, horizon, stride=stride, start=start)
        if n == 0:
            if window + horizon > len(array):
                raise ValueError(
                    f"window={window} plus horizon={horizon} needs at least {window + horizon} "
                    f"time steps, but {what} has {len(array)}. Use a shorter window or a longer "
                    "series."
                )
            raise ValueError(
                f"start={start} leaves {len(array) - start} of the {len(array)} steps of {what}, "
                f"fewer than the {window + horizon} that one window needs (window={window} + "
                f"horizon={horizon}). Use a start of at most {len(array) - window - horizon}."
            )
        finite(array, what, fix=GAPS_FIX)
        counts.append(n)

    ends = np.cumsum(counts)  # windows of series k are global numbers ends[k-1] .. ends[k]-1
    firsts = ends - np.asarray(counts)
    total = int(ends[-1])
    offsets = np.arange(window)
    ahead = window + np.arange(horizon)

    def cut(numbers: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        which = np.searchsorted(ends, numbers, side="right")
        starts = start + (numbers - firsts[which]) * stride
        X = np.empty((len(numbers), window, n_features), dtype=np.float32)
        y = np.empty((len(numbers), horizon), dtype=np.float32)
        for k in np.unique(which):
            rows = which == k
            s = starts[rows]
            xs = np.asarray(arrays[k][s[:, None] + offsets], dtype=np.float64)
            ys = np.asarray(arrays[k][s[:, None] + ahead, target], dtype=np.float64)
            if scale_list is not None:
                mean = np.broadcast_to(scale_list[k].mean, (n_features,))
                spread = np.broadcast_to(scale_list[k].scale, (n_features,))
                xs = (xs - mean) / spread
                ys = (ys - mean[target]) / spread[target]
            X[rows], y[rows] = xs, ys
        if n_seq is not None:
            X = X.reshape(len(numbers), n_seq, window // n_seq, n_features)
        return X, y, which.astype(np.int32)

    x_shape = (
        (None, window, n_features) if n_seq is None else (None, n_seq, window // n_seq, n_features)
    )

    def serve_from_files(numbers: tf.Tensor) -> tuple:
        # Memory maps: NumPy reads just the rows a batch needs (inside tf.numpy_function).
        return tf.numpy_function(cut, [numbers], (tf.float32, tf.float32, tf.int32), stateful=False)

    if any(isinstance(a, np.memmap) for a in arrays):
        gather = serve_from_files
    else:
        gather = _in_memory_gather(
            arrays, scale_list, ends, firsts, start, stride, window, horizon, target
        )

    def serve(numbers: tf.Tensor) -> tuple:
        X, y, ids = gather(numbers)
        X = tf.ensure_shape(tf.reshape(X, (-1, *x_shape[1:])), x_shape)
        y = tf.ensure_shape(y, (None, horizon))
        ids = tf.ensure_shape(ids, (None,))
        return ({"window": X, "series_id": ids}, y) if series_id else (X, y)

    n_batches = -(-total // batch_size)
    if shuffle:
        # One random key per pass over the data (a new one each epoch, fixed by `seed`); the
        # key picks a permutation of 0 .. total-1 that index_shuffle computes number by number,
        # so no list of windows is ever held in memory.
        keys = tf.data.Dataset.random(seed=seed, rerandomize_each_iteration=True).take(1)

        def permuted(key: tf.Tensor) -> tf.data.Dataset:
            pair = tf.stack([tf.constant(seed, tf.int64), key])
            return (
                tf.data.Dataset.range(total)
                .batch(batch_size)
                .map(lambda b: tf.random.experimental.index_shuffle(b, pair, total - 1))
            )

        numbers = keys.flat_map(permuted).apply(tf.data.experimental.assert_cardinality(n_batches))
    else:
        numbers = tf.data.Dataset.range(total).batch(batch_size)
    dataset = numbers.map(serve).prefetch(tf.data.AUTOTUNE)
    options = tf.data.Options()
    # Several workers: each takes its share of the batches (there are no files to share out).
    options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
    return dataset.with_options(options)


def _in_memory_gather(
    arrays: list[np.ndarray],
    scale_list: list[Scaler] | None,
    ends: np.ndarray,
    firsts: np.ndarray,
    start: int,
    stride: int,
    window: int,
    horizon: int,
    target: int,
):
    """Batches cut by TensorFlow itself (``tf.gather``) from series already in memory.

    The series are scaled (in float64, as ``Scaler.transform`` does), cast to float32 and laid
    end to end in one tensor: a copy the size of the series, never of the windows. Cutting a
    batch then runs in TensorFlow's own threads, without Python, so it keeps up with training.
    """
    scaled = []
    for k, array in enumerate(arrays):
        values = np.asarray(array, dtype=np.float64)
        if scale_list is not None:
            values = scale_list[k].transform(values)
        scaled.append(values.astype(np.float32))
    lengths = np.array([len(a) for a in scaled])
    bases = tf.constant(np.concatenate([[0], np.cumsum(lengths)[:-1]]), tf.int64)
    flat = tf.constant(np.concatenate(scaled))  # (all steps, n_features)
    ends_t = tf.constant(ends, tf.int64)
    firsts_t = tf.constant(firsts, tf.int64)
    offsets = tf.range(window, dtype=tf.int64)
    ahead = window + tf.range(horizon, dtype=tf.int64)

    def gather(numbers: tf.Tensor) -> tuple:
        which = tf.searchsorted(ends_t, numbers, side="right")
        starts = tf.gather(bases, which) + start + (numbers - tf.gather(firsts_t, which)) * stride
        X = tf.gather(flat, starts[:, None] + offsets)  # (batch, window, n_features)
        y = tf.gather(flat[:, target], starts[:, None] + ahead)
        return X, y, tf.cast(which, tf.int32)

    return gather


@dataclass
class GlobalData:
    """What :func:`global_datasets` returns.

    Attributes:
        train, val, test: datasets of ``(X, y)`` batches; ``train`` is shuffled every epoch.
        scalers: one ``windows.Scaler`` per series, fitted on that series' training part.
        windows: how many windows each part holds, per series: ``{"train": [...], ...}``.
    """

    train: tf.data.Dataset
    val: tf.data.Dataset
    test: tf.data.Dataset
    scalers: list[Scaler]
    windows: dict[str, list[int]]


def global_datasets(
    series: Sequence[object],
    window: int,
    horizon: int = 1,
    *,
    n_seq: int | None = None,
    target: int = 0,
    stride: int = 1,
    train: float = 0.7,
    val: float = 0.15,
    batch_size: int = 64,
    seed: int = 0,
    series_id: bool = False,
) -> GlobalData:
    """Datasets for one model trained on many series (a *global* model).

    Each series is split chronologically on its own (:func:`split_views`, no copies), gets its
    own scaler fitted on its own training part only (:func:`fit_scaler_chunked`), and gives
    windows inside each part only. The training windows of all series are shuffled together;
    validation and test keep their order.

    Args:
        series: a list of series (arrays, memory maps or ``.npy`` paths), as for
            :func:`window_dataset`.
        train, val: the fractions of each series for training and validation.
        window, horizon, n_seq, target, stride, batch_size, seed, series_id: as for
            :func:`window_dataset`.

    Example:
        >>> fleet = [np.sin(np.arange(200) / 5 + k) for k in range(3)]
        >>> data = global_datasets(fleet, window=12, batch_size=32)
        >>> data.windows
        {'train': [128, 128, 128], 'val': [18, 18, 18], 'test': [18, 18, 18]}
    """
    if not isinstance(series, list | tuple) or len(series) == 0:
        raise TypeError(
            "series must be a non-empty list of series (arrays or .npy paths), one per series; "
            f"got {type(series).__name__}"
        )
    parts = {"train": [], "val": [], "test": []}
    scalers = []
    for k, item in enumerate(series):
        array = _as_series(item, f"series[{k}]")
        views = split_views(array[:, 0] if np.ndim(item) == 1 else array, train, val)
        for name, view in zip(parts, views, strict=True):
            parts[name].append(view)
        scalers.append(fit_scaler_chunked(views[0]))
    common = dict(
        n_seq=n_seq,
        target=target,
        stride=stride,
        batch_size=batch_size,
        seed=seed,
        scalers=scalers,
        series_id=series_id,
    )
    datasets = {
        name: window_dataset(views, window, horizon, shuffle=name == "train", **common)
        for name, views in parts.items()
    }
    counts = {
        name: [count_windows(len(v), window, horizon, stride=stride) for v in views]
        for name, views in parts.items()
    }
    return GlobalData(scalers=scalers, windows=counts, **datasets)


def synthetic_fleet(
    n_series: int, n_steps: int, *, steps_per_day: int = 48, seed: int = 0
) -> list[np.ndarray]:
    """A SYNTHETIC fleet of meter readings (made up, not real data) for trying things at scale.

    Each series is a daily profile (a morning and an evening peak whose sizes differ by
    series), a weekly rhythm (weekends lower), a level and a slow drift of its own, plus noise.
    Nothing about real meters is claimed; it only has the shape of such data.

    Returns:
        ``n_series`` new float32 arrays of shape ``(n_steps,)``.

    Example:
        >>> fleet = synthetic_fleet(3, 96, seed=1)
        >>> len(fleet), fleet[0].shape, fleet[0].dtype
        (3, (96,), dtype('float32'))
    """
    n_series = whole_number(n_series, "n_series")
    n_steps = whole_number(n_steps, "n_steps")
    steps_per_day = whole_number(steps_per_day, "steps_per_day", minimum=2)
    seed = whole_number(seed, "seed", minimum=0)
    rng = np.random.default_rng(seed)
    t = np.arange(n_steps)
    phase = (t % steps_per_day) / steps_per_day
    weekend = ((t // steps_per_day) % 7 >= 5).astype(np.float64)
    fleet = []
    for _ in range(n_series):
        morning, evening, level, drift = rng.uniform([0.2, 0.4, 1.0, -0.3], [1.0, 1.5, 5.0, 0.3])
        day = morning * np.exp(-(((phase - 0.33) / 0.06) ** 2))
        day += evening * np.exp(-(((phase - 0.75) / 0.08) ** 2))
        values = level + day * (1 - 0.3 * weekend) + drift * t / max(n_steps, 1)
        values += 0.1 * rng.standard_normal(n_steps)
        fleet.append(values.astype(np.float32))
    return fleet


def write_fleet(
    folder: str | os.PathLike[str],
    n_series: int,
    n_steps: int,
    *,
    steps_per_day: int = 48,
    seed: int = 0,
) -> list[Path]:
    """Write :func:`synthetic_fleet` to ``folder`` as one ``.npy`` file per series.

    Write it to a temporary folder: the fleet is SYNTHETIC and regenerated on demand, never
    committed as data. One series is written at a time, so memory holds one series, not all.

    Returns:
        The paths, ``meter_0000.npy``, ``meter_0001.npy``, ... in order.

    Example:
        >>> import tempfile
        >>> paths = write_fleet(tempfile.mkdtemp(), n_series=2, n_steps=100)
        >>> [p.name for p in paths], open_series(paths[1]).shape
        (['meter_0000.npy', 'meter_0001.npy'], (100,))
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    n_series = whole_number(n_series, "n_series")
    paths = []
    for k in range(n_series):
        # series k of the fleet is seeded by (seed, k): the same whichever folder or order.
        (values,) = synthetic_fleet(
            1, n_steps, steps_per_day=steps_per_day, seed=seed * 100_003 + k
        )
        path = folder / f"meter_{k:04d}.npy"
        np.save(path, values)
        paths.append(path)
    return paths
