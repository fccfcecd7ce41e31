"""The notebook 04c checks: right answers pass, wrong ones get a hint, never the answer."""

from __future__ import annotations

import numpy as np
import pytest

from tutorial_utils import data, exercises
from tutorial_utils.cases import make_case


def _says(capsys, start):
    out = capsys.readouterr().out
    assert out.startswith(start), out
    return out


def test_above_training_matches_the_notebook_case(capsys):
    co2 = data.load_series("co2_mauna_loa").values
    blocks = co2[: len(co2) // 4 * 4].reshape(-1, 4)
    with np.errstate(all="ignore"), pytest.warns(RuntimeWarning):
        means = np.nanmean(blocks, axis=1)
    case = make_case("c", means, window=39, horizon=1, season=13, skip_gaps=True)
    n_train = len(case.train_series)
    test_values = case.to_units(case.y_test)[:, 0]
    answer = int(np.sum(test_values > np.nanmax(means[:n_train])))
    # The check counts every test value; the case's test windows start one window in.
    assert answer == len(test_values)
    n_test = len(means) - int(0.7 * len(means)) - int(0.15 * len(means))
    count = int(np.sum(means[-n_test:] > np.nanmax(means[:n_train])))
    assert count == n_test  # every test value is above training
    assert exercises.check_04c_above_training(count) is True
    _says(capsys, "Correct:")
    for wrong, hint in [(0, "maximum"), (count + 10, "more values"), (count - 3, "np.nanmax")]:
        assert exercises.check_04c_above_training(wrong) is False
        assert hint in _says(capsys, "Not yet:")


def test_changes(capsys):
    s = exercises.SERIES_04C
    w = np.lib.stride_tricks.sliding_window_view(s, 3)
    assert exercises.check_04c_changes(w - w[:, -1:]) is True
    assert "ends in 0" in _says(capsys, "Correct:")
    for wrong, hint in [
        (w - w[:, :1], "last"),
        (w[:, -1:] - w, "sign"),
        (w - s[-1], "its own last value"),
        ((w - w[:, -1:])[:4], "five windows"),
        (w, "subtract each window's last value"),
    ]:
        assert exercises.check_04c_changes(wrong) is False
        assert hint in _says(capsys, "Not yet:")


def test_undo_differences(capsys):
    right = exercises.LAST_04C + np.cumsum(exercises.CHANGES_04C)
    assert exercises.check_04c_undo_differences(right.tolist()) is True
    assert "carried into every later step" in _says(capsys, "Correct:")
    assert exercises.check_04c_undo_differences(exercises.LAST_04C + exercises.CHANGES_04C) is False
    assert "np.cumsum" in _says(capsys, "Not yet:")
    assert exercises.check_04c_undo_differences(right[:2]) is False
    assert "shape (4,)" in _says(capsys, "Not yet:")
    assert exercises.check_04c_undo_differences(right + 1) is False
    _says(capsys, "Not yet:")
