"""The smartwatch recordings and the classification helpers: content, no leaks, clear errors."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import numpy as np
import pytest

from tutorial_utils import recordings as rec
from tutorial_utils.data import ChecksumError

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def watch() -> rec.Recordings:
    return rec.load_recordings()


def test_checksum_matches_the_shipped_file_and_the_readme():
    content = (DATA_DIR / rec.SMARTWATCH.filename).read_bytes()
    assert hashlib.sha256(content).hexdigest() == rec.SMARTWATCH.sha256
    assert rec.SMARTWATCH.sha256 in (DATA_DIR / "README.md").read_text()
    assert rec.SMARTWATCH.filename in (DATA_DIR / "README.md").read_text()


def test_the_recordings_are_what_the_readme_says(watch):
    assert watch.signals.shape == (140, 180, 6)
    assert watch.signals.dtype == np.float64 and np.isfinite(watch.signals).all()
    assert watch.rate_hz == 10.0 and watch.seconds == 18.0
    assert sorted(set(watch.subjects.tolist())) == list(range(1, 11))
    assert np.bincount(watch.labels).tolist() == [20] * 7  # 10 subjects x 2 arms per exercise
    for subject in range(1, 11):
        mine = watch.subjects == subject
        assert sorted(watch.labels[mine].tolist()) == sorted(list(range(7)) * 2)
    assert sorted(set(watch.arms)) == ["left", "right"] and watch.arms.count("right") == 70
    # Accelerometer in g with gravity: the magnitude of the acceleration is about 1 on average.
    magnitude = np.linalg.norm(watch.signals[..., :3], axis=-1)
    assert 0.9 < np.median(magnitude) < 1.2
    assert watch.units == ("g", "g", "g", "rad/s", "rad/s", "rad/s")


def test_a_damaged_file_is_refused(tmp_path):
    shutil.copy(DATA_DIR / rec.SMARTWATCH.filename, tmp_path)
    with (tmp_path / rec.SMARTWATCH.filename).open("a") as fh:
        fh.write("139,10,left,ROW,18.0,0,0,0,0,0,0\n")
    with pytest.raises(ChecksumError, match="git checkout"):
        rec.load_recordings(data_dir=tmp_path)
    with pytest.raises(FileNotFoundError, match="TUTORIAL_UTILS_DATA_DIR"):
        rec.load_recordings(data_dir=tmp_path / "nowhere")
    with pytest.raises(ValueError, match="unknown recordings"):
        rec.load_recordings("har")


def test_cut_windows_never_crosses_a_recording_and_keeps_labels():
    signals = np.arange(3 * 12 * 2, dtype=float).reshape(3, 12, 2)
    w = rec.cut_windows(signals, [4, 5, 6], [1, 1, 2], window=5, stride=3)
    assert w.X.shape == (9, 5, 2) and len(w) == 9
    assert w.start.tolist() == [0, 3, 6] * 3
    for i in range(len(w)):
        expected = signals[w.recording[i], w.start[i] : w.start[i] + 5]
        np.testing.assert_array_equal(w.X[i], expected)
    assert w.y.tolist() == [4] * 3 + [5] * 3 + [6] * 3
    assert w.subjects.tolist() == [1] * 6 + [2] * 3
    part = w.take(w.subjects == 2)
    assert len(part) == 3 and set(part.recording.tolist()) == {2}


@pytest.mark.parametrize(
    ("signals", "labels", "subjects", "match"),
    [
        (np.zeros((3, 12)), [0, 1, 2], [1, 1, 2], "recordings, time, channels"),
        (np.zeros((3, 12, 2)), [0, 1], [1, 1, 2], r"labels must hold one entry per recording"),
        (np.zeros((3, 12, 2)), [0, 1, 2], [1, 1], r"subjects must hold one entry per recording"),
        (np.zeros((3, 12, 2)), [[0, 1, 2]], [1, 1, 2], r"shape \(3,\)"),
    ],
)
def test_cut_windows_bad_input(signals, labels, subjects, match):
    with pytest.raises(ValueError, match=match):
        rec.cut_windows(signals, labels, subjects, window=4, stride=2)


def test_cut_windows_window_longer_than_a_recording():
    with pytest.raises(ValueError, match="longer than the recordings"):
        rec.cut_windows(np.zeros((2, 10, 1)), [0, 1], [1, 2], window=11, stride=1)
    with pytest.raises(TypeError, match="whole numbers"):
        rec.cut_windows(np.zeros((2, 10, 1)), [0.0, 1.0], [1, 2], window=5, stride=1)


def test_nest_keeps_time_order():
    X = np.arange(2 * 12 * 1, dtype=float).reshape(2, 12, 1)
    X4 = rec.nest(X, n_steps=4)
    assert X4.shape == (2, 3, 4, 1)
    assert X4[1, 2, :, 0].tolist() == [20.0, 21.0, 22.0, 23.0]
    np.testing.assert_array_equal(X4.reshape(2, 12, 1), X)


def test_nest_rejects_a_sub_window_that_does_not_divide_the_window():
    with pytest.raises(ValueError, match=r"n_steps=7 does not divide the window of 40") as err:
        rec.nest(np.zeros((3, 40, 6)), n_steps=7)
    assert "[1, 2, 4, 5, 8, 10, 20, 40]" in str(err.value)


@pytest.mark.parametrize(
    ("shape", "match"),
    [((40, 6), "Cut the recordings"), ((3, 4, 10, 6), "already nested"), ((3,), "Cut")],
)
def test_nest_rejects_the_wrong_rank(shape, match):
    with pytest.raises(ValueError, match=match):
        rec.nest(np.zeros(shape), n_steps=10)


def test_split_by_subject_covers_everything_once(watch):
    w = rec.cut_windows(watch.signals, watch.labels, watch.subjects, window=40, stride=20)
    parts = rec.split_by_subject(w.subjects, val=[7, 8], test=[9, 10])
    together = np.concatenate(list(parts.values()))
    assert sorted(together.tolist()) == list(range(len(w)))
    assert {k: sorted(set(w.subjects[v].tolist())) for k, v in parts.items()} == {
        "train": [1, 2, 3, 4, 5, 6],
        "val": [7, 8],
        "test": [9, 10],
    }


def test_split_by_subject_never_puts_one_subject_on_two_sides():
    """Whatever the ids and whichever subjects are held out, no subject is in two parts."""
    rng = np.random.default_rng(0)
    for _ in range(200):
        n_subjects = int(rng.integers(3, 12))
        ids = rng.choice(1000, size=n_subjects, replace=False)
        subjects = rng.choice(ids, size=int(rng.integers(n_subjects, 80)))
        subjects[:n_subjects] = ids  # every subject has at least one sample
        held = rng.permutation(ids)
        n_val = int(rng.integers(1, n_subjects - 1))
        n_test = int(rng.integers(1, n_subjects - n_val))
        parts = rec.split_by_subject(
            subjects, val=held[:n_val].tolist(), test=held[n_val : n_val + n_test].tolist()
        )
        owners = [set(subjects[p].tolist()) for p in parts.values()]
        assert all(a.isdisjoint(b) for i, a in enumerate(owners) for b in owners[i + 1 :])
        assert sum(len(p) for p in parts.values()) == len(subjects)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"val": [1], "test": [1]}, ValueError, r"in both val and test"),
        ({"val": [9], "test": [2]}, ValueError, r"\[9\] have no samples"),
        ({"val": [1], "test": [2, 3]}, ValueError, "train part would be empty"),
        ({"val": [], "test": [2]}, ValueError, "val part would be empty"),
        ({"val": 1, "test": [2]}, TypeError, "list of subject ids"),
        ({"val": [1.5], "test": [2]}, TypeError, "whole number"),
    ],
)
def test_split_by_subject_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        rec.split_by_subject([1, 2, 3, 3], **kwargs)


def test_split_by_subject_wants_ids():
    with pytest.raises(ValueError, match="whole-number ids"):
        rec.split_by_subject(np.array([1.0, 2.0]), val=[1], test=[2])


def test_window_features_and_standardiser():
    X = np.array([[[1.0, 0.0], [3.0, 2.0]], [[5.0, 1.0], [7.0, 1.0]]])
    F = rec.window_features(X)
    assert F.shape == (2, 8)
    assert F[0].tolist() == [2.0, 1.0, 1.0, 1.0, 1.0, 0.0, 3.0, 2.0]
    s = rec.fit_standardiser(F[:, [0, 6]])
    np.testing.assert_allclose(s.transform(F[:, [0, 6]]).mean(axis=0), 0.0)
    with pytest.raises(ValueError, match="windows shaped"):
        rec.window_features(X[0])
    with pytest.raises(ValueError, match="constant"):
        rec.fit_standardiser(np.ones((3, 2)))
    with pytest.raises(ValueError, match="fitted on 2 columns"):
        s.transform(np.zeros((1, 3)))
    windows = rec.fit_standardiser(X)  # one mean per channel over all steps
    assert windows.mean.tolist() == [4.0, 1.0]


def test_majority_class_and_the_scores():
    assert rec.majority_class([0, 2, 2, 1], 3).tolist() == [2, 2, 2]
    assert rec.majority_class([1, 0], 2).tolist() == [0, 0]  # a tie: the lowest class
    assert rec.majority_class([1], 0).tolist() == []
    assert rec.accuracy([0, 1, 2, 2], [0, 1, 1, 2]) == 0.75
    counts = rec.confusion_matrix([0, 0, 1, 2, 2], [0, 1, 1, 2, 0], 3)
    assert counts.tolist() == [[1, 1, 0], [0, 1, 0], [1, 0, 1]]
    assert counts.sum(axis=1).tolist() == [2, 1, 2]  # rows: samples of each true class


def test_the_features_feed_scikit_learns_baselines():
    """What notebook 09 does: statistics per window, standardised, then scikit-learn's models."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.neighbors import NearestCentroid

    rng = np.random.default_rng(1)
    y = np.repeat(np.arange(3), 30)
    level = np.array([0.0, 4.0, 0.0])[y][:, None, None]
    wobble = np.array([0.1, 0.1, 2.0])[y][:, None, None]
    X = level + wobble * rng.normal(size=(90, 20, 2))  # classes differ in mean or in spread
    F = rec.fit_standardiser(rec.window_features(X)).transform(rec.window_features(X))
    centroid = NearestCentroid().fit(F, y)
    assert rec.accuracy(y, centroid.predict(F)) == 1.0
    logistic = LogisticRegression(C=10.0, max_iter=1000).fit(F, y)
    assert rec.accuracy(y, logistic.predict(F)) == 1.0
    assert rec.confusion_matrix(y, logistic.predict(F), 3).trace() == 90


def test_the_scores_check_their_input():
    with pytest.raises(ValueError, match="one class per sample"):
        rec.majority_class(np.zeros((3, 2), dtype=int), 2)
    with pytest.raises(ValueError, match="class numbers"):
        rec.majority_class([0.5, 1.0], 2)
    with pytest.raises(ValueError, match="shape \\(3,\\)"):
        rec.accuracy([0, 1, 2], [0, 1])
    with pytest.raises(ValueError, match="no samples"):
        rec.accuracy(np.array([], dtype=int), np.array([], dtype=int))
    with pytest.raises(ValueError, match="n_classes=2"):
        rec.confusion_matrix([0, 2], [0, 1], 2)


def test_repetition_period_finds_the_repetition(watch):
    t = np.arange(180) / 10
    wave = np.column_stack([np.sin(2 * np.pi * t / 2.2), np.cos(2 * np.pi * t / 2.2)])
    assert rec.repetition_period(wave, 10.0) == pytest.approx(2.2, abs=0.1)
    periods = [rec.repetition_period(s[:, 3:], watch.rate_hz) for s in watch.signals]
    # 20 repetitions in 19 to 52 s (the full recordings): 0.95 to 2.6 s each.
    assert 1.4 < np.median(periods) < 2.2
    with pytest.raises(ValueError, match="at least 60 steps"):
        rec.repetition_period(np.zeros((50, 2)), 10.0)
    with pytest.raises(ValueError, match="one recording"):
        rec.repetition_period(np.zeros((2, 50, 2)), 10.0)
