"""Labelled sensor recordings for classification: load, cut into windows, split by subject.

The course's other data are single long series to forecast. This module holds the other kind
of data the CNN-LSTM recipe is used on: many short *recordings*, each made by one *subject*
and carrying one *label* (here: which shoulder exercise someone was doing while wearing a
smartwatch). It has the steps such a task needs, each checked so a mistake fails loudly:

* :func:`load_recordings` reads the shipped recordings after checking their SHA-256 (never the
  network), as a :class:`Recordings` of shape ``(recordings, time, channels)``;
* :func:`cut_windows` cuts every recording into windows that never cross into another one;
* :func:`nest` cuts each window into sub-windows of a given length, ``(samples, n_seq, n_steps,
  channels)``, and refuses a length that does not divide the window;
* :func:`repetition_period` measures how long one repetition of a movement lasts, which is
  what a window and a sub-window should be measured against;
* :func:`split_by_subject` puts every subject in exactly one of train, validation and test, so
  no person is seen on both sides (shuffled windows would leak the person, not the exercise);
* :func:`window_features` and :func:`fit_standardiser` turn windows into the standardised rows
  that the simple baselines read: :func:`majority_class` here, nearest centroid and logistic
  regression from scikit-learn (``sklearn.neighbors.NearestCentroid``,
  ``sklearn.linear_model.LogisticRegression``); :func:`accuracy` and :func:`confusion_matrix`
  score them and the networks alike.

NumPy and the standard library only: importing this module never starts TensorFlow.

Example:
    >>> watch = load_recordings()
    >>> watch.signals.shape, watch.rate_hz, watch.class_names[:3]
    ((140, 180, 6), 10.0, ('PEN', 'ABD', 'FEL'))
"""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from tutorial_utils.checks import real_number, whole_number
from tutorial_utils.data import DATA_DIR_ENV, ChecksumError, _sha256, default_data_dir
from tutorial_utils.windows import to_subsequences

__all__ = [
    "SMARTWATCH",
    "Recordings",
    "Standardiser",
    "Windows",
    "accuracy",
    "confusion_matrix",
    "cut_windows",
    "fit_standardiser",
    "load_recordings",
    "majority_class",
    "nest",
    "repetition_period",
    "split_by_subject",
    "window_features",
]


@dataclass(frozen=True)
class _RecordingsInfo:
    name: str
    filename: str
    sha256: str
    rate_hz: float
    channels: tuple[str, ...]
    units: tuple[str, ...]
    class_names: tuple[str, ...]
    description: str
    source: str
    licence: str


SMARTWATCH = _RecordingsInfo(
    name="smartwatch_exercises",
    filename="smartwatch_shoulder_exercises.csv",
    sha256="abd6d9e586622047fc2e79c0be8ce5f1bdc4e583b12b1b1080a2695bfcb6df3a",
    rate_hz=10.0,
    channels=("ax_g", "ay_g", "az_g", "wx_rad_s", "wy_rad_s", "wz_rad_s"),
    units=("g", "g", "g", "rad/s", "rad/s", "rad/s"),
    class_names=("PEN", "ABD", "FEL", "IR", "ER", "TRAP", "ROW"),
    description=(
        "Smartwatch accelerometer (with gravity, in g) and gyroscope (rad/s) on the active wrist "
        "of 10 healthy adults doing sets of 20 repetitions of 7 shoulder physiotherapy exercises, "
        "each with the right and the left arm: 140 recordings, the first 18 s of each, averaged "
        "from 50 Hz to 10 Hz."
    ),
    source=(
        "Burns et al. (2018), Physiol. Meas. 39(7), doi:10.1088/1361-6579/aacfd9 "
        "(arXiv:1802.01489); as shipped in seglearn 1.2.5 (seglearn/data/watch_dataset.npy)."
    ),
    licence="BSD-3-Clause (seglearn, copyright David M. Burns, the study's first author)",
)
"""The registry entry of the shipped smartwatch recordings (see ``data/README.md``)."""

_REGISTRY = {SMARTWATCH.name: SMARTWATCH}


@dataclass(frozen=True)
class Recordings:
    """Equal-length labelled recordings.

    Attributes:
        name: the registered name.
        signals: ``float64`` array ``(recordings, time, channels)``.
        labels: ``int64`` class of each recording, ``(recordings,)``, indexes ``class_names``.
        subjects: ``int64`` id of the person who made each recording, ``(recordings,)``.
        arms: ``"right"`` or ``"left"`` for each recording.
        class_names: the name of each class, in label order.
        channels: the name of each channel, in the order of the last axis of ``signals``.
        units: one unit per channel.
        rate_hz: readings per second.
    """

    name: str
    signals: np.ndarray
    labels: np.ndarray
    subjects: np.ndarray
    arms: tuple[str, ...]
    class_names: tuple[str, ...]
    channels: tuple[str, ...]
    units: tuple[str, ...]
    rate_hz: float

    def __len__(self) -> int:
        return len(self.signals)

    @property
    def seconds(self) -> float:
        """The length of every recording, in seconds."""
        return self.signals.shape[1] / self.rate_hz


def load_recordings(
    name: str = "smartwatch_exercises", *, data_dir: str | os.PathLike[str] | None = None
) -> Recordings:
    """Load shipped recordings after checking their SHA-256; no network, ever.

    Args:
        name: the registered name (only ``"smartwatch_exercises"`` so far).
        data_dir: where to look for the file; default :func:`tutorial_utils.data.default_data_dir`.

    Raises:
        ValueError: unknown name.
        FileNotFoundError: the file is not where it should be (the message says where).
        ChecksumError: the file's SHA-256 differs from the registered one.

    Example:
        >>> watch = load_recordings()
        >>> len(watch), sorted(set(watch.subjects.tolist()))[:3], watch.units[:4]
        (140, [1, 2, 3], ('g', 'g', 'g', 'rad/s'))
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, got {type(name).__name__}: {name!r}")
    if name not in _REGISTRY:
        raise ValueError(f"unknown recordings {name!r}; known: {sorted(_REGISTRY)}")
    info = _REGISTRY[name]
    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    path = folder / info.filename
    if not path.is_file():
        raise FileNotFoundError(
            f"recordings {name!r} expect the file {info.filename!r}, but it is not at {path}. "
            "Run from a complete course checkout (the file is in data/), or set "
            f"${DATA_DIR_ENV} to the folder that holds it."
        )
    actual = _sha256(path)
    if actual != info.sha256:
        raise ChecksumError(
            f"{path} does not have the expected content: its SHA-256 is {actual}, expected "
            f"{info.sha256}. The file was changed or damaged; restore it with "
            f"`git checkout -- data/{info.filename}`."
        )
    with path.open(newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = list(reader)
    first_value = header.index(info.channels[0])
    number = np.array([int(r[0]) for r in rows])
    n_recordings = int(number.max()) + 1
    values = np.array([[float(v) for v in r[first_value:]] for r in rows], dtype=np.float64)
    signals = values.reshape(n_recordings, -1, len(info.channels))
    firsts = [rows[i] for i in range(0, len(rows), signals.shape[1])]
    return Recordings(
        name=name,
        signals=signals,
        labels=np.array([info.class_names.index(r[3]) for r in firsts], dtype=np.int64),
        subjects=np.array([int(r[1]) for r in firsts], dtype=np.int64),
        arms=tuple(r[2] for r in firsts),
        class_names=info.class_names,
        channels=info.channels,
        units=info.units,
        rate_hz=info.rate_hz,
    )


@dataclass(frozen=True)
class Windows:
    """Windows cut from recordings, each knowing where it came from.

    Attributes:
        X: ``float64`` windows ``(samples, window, channels)``.
        y: the label of each window (its recording's label), ``(samples,)``.
        subjects: the subject of each window, ``(samples,)``.
        recording: the index of the recording each window was cut from, ``(samples,)``.
        start: the first time step of each window within its recording, ``(samples,)``.
    """

    X: np.ndarray
    y: np.ndarray
    subjects: np.ndarray
    recording: np.ndarray
    start: np.ndarray

    def __len__(self) -> int:
        return len(self.X)

    def take(self, index: Any) -> Windows:
        """The windows at ``index`` (a boolean mask or integer positions), all fields alike."""
        return Windows(
            X=self.X[index],
            y=self.y[index],
            subjects=self.subjects[index],
            recording=self.recording[index],
            start=self.start[index],
        )


def _per_recording(values: Any, name: str, n: int) -> np.ndarray:
    array = np.asarray(values)
    if array.ndim != 1 or len(array) != n:
        raise ValueError(
            f"{name} must hold one entry per recording: shape ({n},) for {n} recordings; got "
            f"shape {array.shape}. Pass e.g. watch.{name} with watch.signals."
        )
    if not np.issubdtype(array.dtype, np.integer):
        raise TypeError(f"{name} must be whole numbers (ids or class numbers), got {array.dtype}")
    return array.astype(np.int64)


def cut_windows(signals: Any, labels: Any, subjects: Any, *, window: int, stride: int) -> Windows:
    """Cut every recording into windows of ``window`` steps, ``stride`` steps apart.

    A window never crosses from one recording into the next (each recording is one exercise
    by one person), and every window inherits its recording's label and subject.

    Args:
        signals: ``(recordings, time, channels)``, e.g. ``load_recordings().signals``.
        labels: the class of each recording, ``(recordings,)``.
        subjects: the subject of each recording, ``(recordings,)``.
        window: steps per window (at most the recording length).
        stride: steps between the starts of consecutive windows of a recording.

    Raises:
        ValueError: ``signals`` is not 3-D, ``labels`` or ``subjects`` do not have one entry
            per recording, or ``window`` is longer than a recording.

    Example:
        >>> signals = np.arange(2 * 10 * 1, dtype=float).reshape(2, 10, 1)
        >>> w = cut_windows(signals, [0, 1], [7, 8], window=4, stride=3)
        >>> w.X.shape, w.y.tolist(), w.subjects.tolist(), w.start.tolist()
        ((6, 4, 1), [0, 0, 0, 1, 1, 1], [7, 7, 7, 8, 8, 8], [0, 3, 6, 0, 3, 6])
    """
    array = np.asarray(signals)
    if array.ndim != 3 or not np.issubdtype(array.dtype, np.number):
        raise ValueError(
            "signals must be numbers shaped (recordings, time, channels); got shape "
            f"{array.shape}. One recording of shape (time, channels)? Pass signals[None]."
        )
    n, length, _ = array.shape
    labels = _per_recording(labels, "labels", n)
    subjects = _per_recording(subjects, "subjects", n)
    window = whole_number(window, "window")
    stride = whole_number(stride, "stride")
    if window > length:
        raise ValueError(
            f"window={window} is longer than the recordings ({length} steps); use window <= "
            f"{length}."
        )
    starts = np.arange(0, length - window + 1, stride)
    X = np.stack([array[:, s : s + window] for s in starts], axis=1)  # (n, per, window, ch)
    per = len(starts)
    return Windows(
        X=X.reshape(n * per, window, array.shape[2]).astype(np.float64),
        y=np.repeat(labels, per),
        subjects=np.repeat(subjects, per),
        recording=np.repeat(np.arange(n), per),
        start=np.tile(starts, n),
    )


def nest(X: Any, n_steps: int) -> np.ndarray:
    """Cut every window into consecutive sub-windows of ``n_steps`` steps each.

    ``(samples, window, channels)`` becomes ``(samples, window // n_steps, n_steps,
    channels)``, in time order (sub-window 0 holds steps ``0 .. n_steps - 1``). Where
    :func:`tutorial_utils.windows.to_subsequences` asks how many pieces, this asks how long
    one piece is: with sensor data the length has the physical meaning (one second of motion).

    Raises:
        ValueError: ``X`` is not 3-D, or ``n_steps`` does not divide the window (the message
            lists the lengths that do).

    Example:
        >>> nest(np.zeros((5, 40, 6)), n_steps=10).shape
        (5, 4, 10, 6)
    """
    array = np.asarray(X)
    if array.ndim != 3:
        raise ValueError(
            f"X must be windows shaped (samples, window, channels); got shape {array.shape}. "
            + (
                "It is already nested (4-D): pass it to the model as it is."
                if array.ndim == 4
                else "Cut the recordings with cut_windows first."
            )
        )
    n_steps = whole_number(n_steps, "n_steps")
    window = array.shape[1]
    if window % n_steps:
        fits = [d for d in range(1, window + 1) if window % d == 0]
        raise ValueError(
            f"a sub-window of n_steps={n_steps} does not divide the window of {window} steps "
            f"({window} / {n_steps} = {window / n_steps:.2f}): the last piece would be cut "
            f"short. Choose n_steps from {fits}, or a window that is a multiple of {n_steps}."
        )
    return to_subsequences(array, n_seq=window // n_steps)


def repetition_period(
    signal: Any, rate_hz: float, *, shortest: float = 0.5, longest: float = 3.0
) -> float:
    """How long one repetition lasts in a recording of a repeated movement, in seconds.

    The lag (between ``shortest`` and ``longest`` seconds) at which the recording looks most
    like itself shifted: the peak of its autocorrelation, summed over channels after each
    channel's mean is removed. For a set of identical repetitions that lag is one repetition.

    Args:
        signal: one recording, ``(time, channels)`` or ``(time,)``.
        rate_hz: readings per second.
        shortest, longest: the range of periods to search, in seconds; the recording must
            be at least twice ``longest`` long.

    Example:
        >>> t = np.arange(200) / 10
        >>> repetition_period(np.sin(2 * np.pi * t / 1.6), 10.0)
        1.6
    """
    array = np.asarray(signal, dtype=np.float64)
    if array.ndim == 1:
        array = array[:, None]
    if array.ndim != 2:
        raise ValueError(
            f"signal must be one recording, (time, channels) or (time,); got shape {array.shape}"
        )
    rate_hz = real_number(rate_hz, "rate_hz", above=0)
    shortest = real_number(shortest, "shortest", above=0)
    longest = real_number(longest, "longest", above=shortest)
    lo, hi = max(1, round(shortest * rate_hz)), round(longest * rate_hz)
    n = len(array)
    if n < 2 * hi:
        raise ValueError(
            f"the recording has {n} steps ({n / rate_hz:g} s); to find periods up to "
            f"{longest:g} s it needs at least {2 * hi} steps. Use a smaller longest."
        )
    x = array - array.mean(axis=0)
    lags = np.arange(lo, hi + 1)
    similarity = [np.sum(x[: n - lag] * x[lag:]) / (n - lag) for lag in lags]
    return float(lags[int(np.argmax(similarity))] / rate_hz)


def split_by_subject(
    subjects: Any, *, val: Sequence[int], test: Sequence[int]
) -> dict[str, np.ndarray]:
    """Positions of the train, validation and test samples, every subject on one side only.

    The subjects named in ``val`` and ``test`` form those parts; every other subject trains.
    Splitting by subject, not by shuffled windows, is what makes the test honest: the
    windows of one recording overlap and look alike, so a window of the same person in
    training would let a model recognise the person's style instead of the exercise.

    Args:
        subjects: the subject of every sample (window or recording), ``(samples,)``.
        val: the subject ids that validate (early stopping, choices).
        test: the subject ids held out for the final score.

    Returns:
        ``{"train": positions, "val": positions, "test": positions}``, sorted integer arrays
        that together cover every sample exactly once.

    Raises:
        ValueError: a subject is in both ``val`` and ``test``, a listed subject has no
            samples, or a part would be empty.

    Example:
        >>> parts = split_by_subject([1, 1, 2, 3, 3, 4], val=[2], test=[4])
        >>> {k: v.tolist() for k, v in parts.items()}
        {'train': [0, 1, 3, 4], 'val': [2], 'test': [5]}
    """
    groups = np.asarray(subjects)
    if groups.ndim != 1 or not np.issubdtype(groups.dtype, np.integer):
        raise ValueError(
            f"subjects must be whole-number ids, one per sample, shape (samples,); got shape "
            f"{groups.shape} and dtype {groups.dtype}"
        )
    chosen = {}
    for part, ids in (("val", val), ("test", test)):
        if isinstance(ids, str) or not isinstance(ids, Sequence | np.ndarray):
            raise TypeError(f"{part} must be a list of subject ids, e.g. [9, 10]; got {ids!r}")
        chosen[part] = {whole_number(i, f"each subject id in {part}", minimum=0) for i in ids}
    both = sorted(chosen["val"] & chosen["test"])
    if both:
        raise ValueError(
            f"subject(s) {both} are in both val and test: each person must be on one side only"
        )
    present = set(groups.tolist())
    absent = sorted((chosen["val"] | chosen["test"]) - present)
    if absent:
        raise ValueError(f"subject(s) {absent} have no samples; the subjects are {sorted(present)}")
    masks = {
        "val": np.isin(groups, sorted(chosen["val"])),
        "test": np.isin(groups, sorted(chosen["test"])),
    }
    masks = {"train": ~(masks["val"] | masks["test"]), **masks}
    for part, mask in masks.items():
        if not mask.any():
            raise ValueError(
                f"the {part} part would be empty; name fewer subjects in val and test"
                if part == "train"
                else f"the {part} part would be empty; name at least one subject for it"
            )
    return {part: np.flatnonzero(masks[part]) for part in ("train", "val", "test")}


def window_features(X: Any) -> np.ndarray:
    """Four statistics per channel of every window: mean, standard deviation, minimum, maximum.

    ``(samples, window, channels)`` becomes ``(samples, 4 * channels)``, ordered as all means,
    then all standard deviations, minima and maxima. The mean of an accelerometer channel is
    where gravity points, that is how the wrist is held; the spread and the range say how much
    it moves. These forget the order of the steps entirely.

    Example:
        >>> window_features(np.array([[[1.0], [3.0]]])).tolist()
        [[2.0, 1.0, 1.0, 3.0]]
    """
    array = np.asarray(X, dtype=np.float64)
    if array.ndim != 3:
        raise ValueError(
            f"X must be windows shaped (samples, window, channels); got shape {array.shape}. "
            "Nested windows (4-D)? Join them back first: X.reshape(len(X), -1, X.shape[-1])."
        )
    return np.concatenate(
        [array.mean(axis=1), array.std(axis=1), array.min(axis=1), array.max(axis=1)], axis=1
    )


@dataclass(frozen=True)
class Standardiser:
    """Per-column mean and standard deviation learned from training rows only."""

    mean: np.ndarray
    scale: np.ndarray

    def transform(self, values: Any) -> np.ndarray:
        """``(values - mean) / scale`` along the last axis (windows or feature rows)."""
        array = np.asarray(values, dtype=np.float64)
        if array.shape[-1:] != self.mean.shape:
            raise ValueError(
                f"this standardiser was fitted on {self.mean.shape[0]} columns, so the last "
                f"axis must have {self.mean.shape[0]} entries; got shape {array.shape}."
            )
        return (array - self.mean) / self.scale


def fit_standardiser(train: Any) -> Standardiser:
    """Learn each column's (last axis') mean and spread from the *training* part only.

    Works on feature rows ``(samples, features)`` and on windows ``(samples, window,
    channels)`` (one mean per channel over all steps of all windows).

    Example:
        >>> s = fit_standardiser(np.array([[0.0, 10.0], [2.0, 30.0]]))
        >>> s.transform([[1.0, 20.0]]).tolist()
        [[0.0, 0.0]]
    """
    array = np.asarray(train, dtype=np.float64)
    if array.ndim < 2 or len(array) < 2:
        raise ValueError(
            f"fit on at least 2 training rows shaped (samples, ..., columns); got {array.shape}"
        )
    rows = array.reshape(-1, array.shape[-1])
    scale = rows.std(axis=0)
    if np.any(scale == 0):
        raise ValueError(
            f"column(s) {np.flatnonzero(scale == 0).tolist()} are constant in the training part, "
            "so they cannot be standardised; drop them."
        )
    return Standardiser(mean=rows.mean(axis=0), scale=scale)


def _labels(y: Any, n: int, name: str) -> np.ndarray:
    array = np.asarray(y)
    if array.ndim != 1 or len(array) != n:
        raise ValueError(
            f"{name} must hold one class per sample: shape ({n},); got shape {array.shape}"
        )
    if not np.issubdtype(array.dtype, np.integer) or (len(array) and array.min() < 0):
        raise ValueError(f"{name} must be class numbers 0, 1, 2, ...; got dtype {array.dtype}")
    return array.astype(np.int64)


def majority_class(y_train: Any, n: int) -> np.ndarray:
    """Predict the most frequent training class ``n`` times (ties: the lowest class number).

    Written out because it is one line of NumPy and the floor every classifier must clear.

    Example:
        >>> majority_class([2, 1, 2], 3).tolist()
        [2, 2, 2]
    """
    y = np.asarray(y_train)
    y = _labels(y, len(y), "y_train")
    n = whole_number(n, "n", minimum=0)
    return np.full(n, int(np.argmax(np.bincount(y))), dtype=np.int64)


def accuracy(y_true: Any, y_pred: Any) -> float:
    """The share of samples whose predicted class is the true one.

    Written out (not ``sklearn.metrics``) so a learner sees the score is a plain mean, and
    gets this module's checks of the class numbers.

    Example:
        >>> accuracy([0, 1, 2, 2], [0, 1, 1, 2])
        0.75
    """
    truth = np.asarray(y_true)
    truth = _labels(truth, len(truth), "y_true")
    pred = _labels(y_pred, len(truth), "y_pred")
    if len(truth) == 0:
        raise ValueError("no samples to score")
    return float(np.mean(truth == pred))


def confusion_matrix(y_true: Any, y_pred: Any, n_classes: int) -> np.ndarray:
    """Counts ``[true class, predicted class]``, ``(n_classes, n_classes)``; rows sum to the
    number of samples of each true class.

    Example:
        >>> confusion_matrix([0, 1, 1], [0, 0, 1], 2).tolist()
        [[1, 0], [1, 1]]
    """
    truth = np.asarray(y_true)
    truth = _labels(truth, len(truth), "y_true")
    pred = _labels(y_pred, len(truth), "y_pred")
    n_classes = whole_number(n_classes, "n_classes")
    if max(truth.max(initial=0), pred.max(initial=0)) >= n_classes:
        raise ValueError(f"a class number is >= n_classes={n_classes}")
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(counts, (truth, pred), 1)
    return counts
