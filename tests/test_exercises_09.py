"""The notebook 09 checks: right answers pass, wrong ones get a hint and never the answer."""

from __future__ import annotations

import numpy as np

from tutorial_utils import exercises
from tutorial_utils import recordings as rec


def test_sub_window_lengths(capsys):
    assert exercises.check_09_sub_window_lengths([5, 8, 10, 20]) is True
    assert capsys.readouterr().out.startswith("Correct:")
    assert exercises.check_09_sub_window_lengths(np.array([20.0, 10.0, 8.0, 5.0])) is True
    capsys.readouterr()
    for wrong in ([10], [5, 8, 10], [4, 5, 8, 10, 20], [5, 8, 10, 20, 40], [0.5, 1.0], [7]):
        assert exercises.check_09_sub_window_lengths(wrong) is False
        out = capsys.readouterr().out
        assert out.startswith("Not yet:") and "[5, 8, 10, 20]" not in out
    for junk in (..., None, "ten", [[5, 8], [10]]):
        assert exercises.check_09_sub_window_lengths(junk) is False
        assert capsys.readouterr().out.startswith("Not yet:")


def _centroid_by_hand() -> float:
    watch = rec.load_recordings()
    w = rec.cut_windows(watch.signals, watch.labels, watch.subjects, window=40, stride=20)
    train = np.flatnonzero(w.subjects >= 5)
    test = np.flatnonzero(w.subjects <= 2)
    F = rec.window_features(w.X)
    Fz = (F - F[train].mean(axis=0)) / F[train].std(axis=0)
    centres = np.stack([Fz[train][w.y[train] == k].mean(axis=0) for k in range(7)])
    nearest = np.argmin(((Fz[test][:, None] - centres[None]) ** 2).sum(axis=-1), axis=1)
    return float(np.mean(nearest == w.y[test]))


def test_centroid_other_pair(capsys):
    right = _centroid_by_hand()
    assert exercises.check_09_centroid_other_pair(right) is True
    assert capsys.readouterr().out.startswith("Correct:")
    for wrong in (right + 0.01, right - 0.05, 0.0, 1.5, -0.2):
        assert exercises.check_09_centroid_other_pair(wrong) is False
        out = capsys.readouterr().out
        assert out.startswith("Not yet:") and f"{right:.3f}" not in out
    assert exercises.check_09_centroid_other_pair([right, right]) is False
    assert "one number" in capsys.readouterr().out


def test_leaky_splits(capsys):
    right = {"a": True, "b": False, "c": True, "d": True}
    assert exercises.check_09_leaky_splits(right) is True
    assert capsys.readouterr().out.startswith("Correct:")
    for key in right:
        flipped = {**right, key: not right[key]}
        assert exercises.check_09_leaky_splits(flipped) is False
        out = capsys.readouterr().out
        assert f"split {key!r}" in out and "True" not in out and "False" not in out
    for bad in ([True] * 4, {"a": True}, {**right, "e": True}, {**right, "a": "yes"}):
        assert exercises.check_09_leaky_splits(bad) is False
        assert capsys.readouterr().out.startswith("Not yet:")
    assert set(exercises.SPLITS_09) == set(right)
