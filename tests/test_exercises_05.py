"""The notebook 05 checks: right answers pass, wrong ones get a hint and never the answer."""

from __future__ import annotations

import numpy as np

from tutorial_utils import data, evaluate, exercises, windows


def naive_mase_by_hand() -> float:
    values = data.load_series("sunspots").values
    n_train = round(len(values) * 0.7)
    n_val = round(len(values) * 0.15)
    train, test = values[:n_train], values[n_train + n_val :]
    last = np.array([test[i + 23] for i in range(len(test) - 24)])
    truth = test[24:]
    scale = np.mean(np.abs(train[11:] - train[:-11]))
    return float(np.mean(np.abs(truth - last)) / scale)


def test_naive_mase_right_and_wrong(capsys):
    right = naive_mase_by_hand()
    assert exercises.check_05_naive_mase(right) is True
    assert capsys.readouterr().out.startswith("Correct:")
    for wrong in [right * 1.1, right + 0.01, 42.0]:
        assert exercises.check_05_naive_mase(wrong) is False
        out = capsys.readouterr().out
        assert out.startswith("Not yet:") and "Hint" in out and f"{right:.3f}" not in out


def test_naive_mase_other_types(capsys):
    for answer in [..., "0.9", [0.9, 1.0], None]:
        assert exercises.check_05_naive_mase(answer) is False
        assert capsys.readouterr().out.startswith("Not yet:")
    assert exercises.check_05_naive_mase(np.float32(naive_mase_by_hand())) is True


def test_naive_mase_uses_the_course_helpers_consistently():
    values = data.load_series("sunspots").values
    train, _, test = windows.split_series(values, 0.7, 0.15)
    X, y = windows.make_windows(test, 24)
    got = evaluate.mase(y, evaluate.naive_forecast(X), train, 11)
    assert abs(got - naive_mase_by_hand()) < 1e-6  # windows are float32


def test_when_to_nest(capsys):
    right = {"a": True, "b": False, "c": False, "d": True}
    assert exercises.check_05_when_to_nest(right) is True
    assert capsys.readouterr().out.startswith("Correct:")
    for key in right:
        flipped = {**right, key: not right[key]}
        assert exercises.check_05_when_to_nest(flipped) is False
        out = capsys.readouterr().out
        assert f"scenario {key!r}" in out and "True" not in out and "False" not in out
    for bad in [[True] * 4, {"a": True}, {**right, "e": True}, {**right, "a": "yes"}]:
        assert exercises.check_05_when_to_nest(bad) is False
        assert capsys.readouterr().out.startswith("Not yet:")
    assert set(exercises.SCENARIOS_05) == set(right)
