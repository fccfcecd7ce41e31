"""The notebook 05 and 05b checks: right answers pass, wrong ones get a hint, never the answer."""

from __future__ import annotations

import numpy as np

from tutorial_utils import cases, data, evaluate, exercises, windows


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
    assert exercises.check_05b_naive_mase(right) is True
    assert capsys.readouterr().out.startswith("Correct:")
    for wrong in [right * 1.1, right + 0.01, 42.0]:
        assert exercises.check_05b_naive_mase(wrong) is False
        out = capsys.readouterr().out
        assert out.startswith("Not yet:") and "Hint" in out and f"{right:.3f}" not in out


def test_naive_mase_other_types(capsys):
    for answer in [..., "0.9", [0.9, 1.0], None]:
        assert exercises.check_05b_naive_mase(answer) is False
        assert capsys.readouterr().out.startswith("Not yet:")
    assert exercises.check_05b_naive_mase(np.float32(naive_mase_by_hand())) is True


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


def week_back_mase_by_hand() -> float:
    demand = data.load_series("electricity_demand").values.astype(np.float64)
    train = demand[: 56 * 48]
    midnights = np.arange(70 * 48, 84 * 48, 48)  # the 14 test days follow 8 + 2 weeks
    truth = np.stack([demand[m : m + 48] for m in midnights])
    last_week = np.stack([demand[m - 336 : m - 288] for m in midnights])
    scale = np.mean(np.abs(train[48:] - train[:-48]))
    return float(np.mean(np.abs(truth - last_week)) / scale)


def test_week_back_mase_right_and_wrong(capsys):
    right = week_back_mase_by_hand()
    assert exercises.check_05_week_back_mase(right) is True
    assert capsys.readouterr().out.startswith("Correct:")
    case = cases.course_case()
    yesterday = case.to_units(case.X_test[:, -48:, 0])
    day_back = evaluate.mase(case.to_units(case.y_test), yesterday, case.train_series, 48)
    scaled = evaluate.mase(case.y_test, case.X_test[:, :48, 0], case.train_series, 48)
    for wrong, why in [(day_back, "one day back"), (scaled, "scaled units"), (right + 0.01, "")]:
        assert exercises.check_05_week_back_mase(wrong) is False
        out = capsys.readouterr().out
        assert out.startswith("Not yet:") and "Hint" in out and why in out
        assert f"{right:.3f}" not in out
    for answer in [..., "0.27", [0.27, 0.3]]:
        assert exercises.check_05_week_back_mase(answer) is False
        assert capsys.readouterr().out.startswith("Not yet:")
