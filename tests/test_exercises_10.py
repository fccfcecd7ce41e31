"""The notebook 10 checks: right answers pass, wrong ones get a hint, never the answer."""

from __future__ import annotations

import numpy as np
import pytest

from tutorial_utils import cases, data, evaluate, exercises


def _says(capsys, start):
    out = capsys.readouterr().out
    assert out.startswith(start), out
    return out


def test_wide_to_long(capsys):
    table = data.load_series("elnino_sst").values
    series = table.reshape(-1)
    assert series[11] == table[0, 11] and series[12] == table[1, 0]  # Dec 1950, then Jan 1951
    assert exercises.check_10_wide_to_long(series) is True
    assert "row-major" in _says(capsys, "Correct:")
    assert exercises.check_10_wide_to_long(series.tolist()) is True  # a list counts
    _says(capsys, "Correct:")
    with_years = np.column_stack([np.arange(1950, 2011), table]).reshape(-1)
    for wrong, hint in [
        (table, "still the table"),
        (table.T.reshape(-1), "every January first"),
        (with_years, "year column"),
        (series[::-1], "another order"),
        (series[:-12], "one value per month"),
        (series + 1.0, "12 month columns"),
    ]:
        assert exercises.check_10_wide_to_long(wrong) is False
        out = _says(capsys, "Not yet:")
        assert hint in out, out


def _least_squares_mase(**extra):
    sst = data.load_series("elnino_sst").values.reshape(-1)
    case = cases.make_case("sst", sst, **exercises.CASE_10, **extra)
    forecast = evaluate.least_squares_forecast(case.X_train, case.y_train, case.X_test)
    y = case.to_units(case.y_test, "test")
    return evaluate.mase(y, case.to_units(forecast, "test"), case.train_series, case.season)


def test_relative_least_squares(capsys):
    right = _least_squares_mase(relative_to_last=True)
    levels = _least_squares_mase()
    # The lesson of the exercise: on a series without trend the change makes little difference.
    assert abs(right - levels) < 0.02 and right < 0.8
    for answer in (right, round(right, 3), np.float64(right)):
        assert exercises.check_10_relative_least_squares(answer) is True
        assert "no trend" in _says(capsys, "Correct:")
    for wrong, hint in [
        (levels, "score on levels"),
        (1.5, "below 1"),
        (0.2, "relative_to_last=True, **exercises.CASE_10"),
        ("0.5", "one number"),
        (True, "one number"),
    ]:
        assert exercises.check_10_relative_least_squares(wrong) is False
        out = _says(capsys, "Not yet:")
        assert hint in out, out
        assert f"{right:.3f}" not in out


def test_calendar_windows(capsys):
    sst = data.load_series("elnino_sst").values.reshape(-1)
    case = cases.make_case("sst", sst, stride=12, **exercises.CASE_10)
    count = len(case.X_train)
    # every window starts in January, so each block of 12 months is one calendar year
    assert np.all((case.origins["train"] - exercises.CASE_10["window"]) % 12 == 0)
    sliding = len(cases.make_case("sst", sst, **exercises.CASE_10).X_train)
    assert sliding > 10 * count
    assert exercises.check_10_calendar_windows(count) is True
    assert "instead of" in _says(capsys, "Correct:")
    assert exercises.check_10_calendar_windows(float(count)) is True
    _says(capsys, "Correct:")
    for wrong, hint in [
        (sliding, "sliding case"),
        (count + 1, "close"),
        (count - 1, "close"),
        (5, "stride=12"),
    ]:
        assert exercises.check_10_calendar_windows(wrong) is False
        out = _says(capsys, "Not yet:")
        assert hint in out, out
        assert str(count) not in out


@pytest.mark.parametrize(
    "check",
    [
        exercises.check_10_wide_to_long,
        exercises.check_10_relative_least_squares,
        exercises.check_10_calendar_windows,
    ],
)
def test_blank_answers_get_the_replace_hint(capsys, check):
    assert check(...) is False
    assert "replace ..." in _says(capsys, "Not yet:")
