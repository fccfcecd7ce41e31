"""The notebook 08 checks: right answers pass, wrong ones get a hint and never the answer."""

from __future__ import annotations

import numpy as np
import pytest

from tutorial_utils import exercises, streaming, windows

pytest.importorskip("tensorflow")


def test_window_gigabytes(capsys):
    samples = 365 * 24 * 60 - 1440
    right = samples * 1440 * 4 / 1e9
    assert exercises.check_08_window_gigabytes(right) is True
    assert exercises.check_08_window_gigabytes(round(right, 2)) is True
    capsys.readouterr()
    wrong_ones = [
        (right * 1000, "MB or bytes"),
        (right * 2, "4 bytes"),
        (0.002, "copy"),
        (3, "two"),
    ]
    for wrong, says in wrong_ones:
        assert exercises.check_08_window_gigabytes(wrong) is False
        out = capsys.readouterr().out
        assert out.startswith("Not yet:") and says in out and f"{right:.1f}" not in out
    for junk in [..., None, "3", [1.0, 2.0], True]:
        assert exercises.check_08_window_gigabytes(junk) is False
        assert capsys.readouterr().out.startswith("Not yet:")


def test_global_batch(capsys):
    assert exercises.check_08_global_batch(256) is True
    assert exercises.check_08_global_batch(256.0) is True
    capsys.readouterr()
    for wrong in [64, 16, 128, 1]:
        assert exercises.check_08_global_batch(wrong) is False
        out = capsys.readouterr().out
        assert out.startswith("Not yet:") and "256" not in out
    for junk in [..., None, "256", 256.5]:
        assert exercises.check_08_global_batch(junk) is False
        assert capsys.readouterr().out.startswith("Not yet:")


def _train_scaled():
    from tutorial_utils import data

    train = windows.split_series(data.load_series("electricity_demand").values)[0]
    return windows.fit_scaler(train).transform(train)


def test_aligned_dataset_right_and_wrong(capsys):
    train = _train_scaled()
    right = streaming.window_dataset(train, 336, 48, n_seq=7, stride=48, batch_size=16)
    assert exercises.check_08_aligned_dataset(right) is True
    assert "51 day-aligned weeks" in capsys.readouterr().out
    attempts = {
        "stride": streaming.window_dataset(train, 336, 48, n_seq=7, batch_size=256),
        "(7, 48, 1)": streaming.window_dataset(train, 336, 48, n_seq=14, stride=48),
        "(48,)": streaming.window_dataset(train, 336, 1, n_seq=7, stride=48),
        "another order": streaming.window_dataset(train, 336, 48, n_seq=7, stride=48, shuffle=True),
        "not the values": streaming.window_dataset(train * 2, 336, 48, n_seq=7, stride=48),
        "series_id": streaming.window_dataset(train, 336, 48, n_seq=7, stride=48, series_id=True),
    }
    for says, dataset in attempts.items():
        assert exercises.check_08_aligned_dataset(dataset) is False, says
        out = capsys.readouterr().out
        assert out.startswith("Not yet:") and says in out, out
    for junk in [..., None, np.zeros((51, 7, 48, 1)), "ds"]:
        assert exercises.check_08_aligned_dataset(junk) is False
        assert capsys.readouterr().out.startswith("Not yet:")
