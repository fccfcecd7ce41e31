"""The exercise checks of notebooks 01, 01b, 02 and 02b.

Each check must accept the worked solution (as in ``solutions/``), reject the usual wrong
answers with a hint that points at the mistake without printing the answer, return ``False``
instead of raising on junk, and leave the learner's arrays untouched.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from tutorial_utils import cases, data, exercises, windows

CHECKS = [
    exercises.check_01_test_windows,
    exercises.check_01_windows_left,
    exercises.check_01b_weekday_peak,
    exercises.check_01b_weather_scaler,
    exercises.check_02_nest_function,
    exercises.check_02_trim_and_nest,
    exercises.check_02b_weather_week,
]


def _says(capsys, prefix: str) -> str:
    out = capsys.readouterr().out
    assert out.startswith(prefix), out
    assert out.count("\n") == 1, f"one line of feedback expected, got: {out!r}"
    return out


def _rejects(capsys, check, answer, hint: str, *secrets: str) -> str:
    assert check(answer) is False
    out = _says(capsys, "Not yet:")
    assert hint in out, out
    for secret in secrets:
        # a number is given away only as a whole number: 903 is not inside 2903
        pattern = rf"(?<!\d){re.escape(secret)}(?!\d)" if secret.isdigit() else re.escape(secret)
        assert not re.search(pattern, out), f"the hint gives away {secret!r}: {out}"
    return out


def _frozen(*arrays: np.ndarray) -> list[np.ndarray]:
    """Read-only copies: a check that writes into its input raises instead of passing."""
    out = []
    for array in arrays:
        array = np.array(array)
        array.flags.writeable = False
        out.append(array)
    return out


# --- the worked solutions, computed here the way solutions/ computes them ---------------------


@pytest.fixture(scope="module")
def demand():
    return data.load_series("electricity_demand")


@pytest.fixture(scope="module")
def weather():
    return data.load_series("weather_greensboro")


@pytest.fixture(scope="module")
def weekday_means(demand):
    by_day = demand.values.reshape(-1, 48)
    weekday = np.array([t.weekday() < 5 for t in demand.timestamps[::48].tolist()])
    return by_day[weekday].mean(axis=0), by_day[~weekday].mean(axis=0)


def _hhmm(k: int) -> str:
    return f"{k // 2:02d}:{k % 2 * 30:02d}"


DAY, WEEK = 48, 336
N_TRAIN, TEST_START = 56 * DAY, 70 * DAY  # the course task: 8 weeks train, 2 validate, 2 test


@pytest.fixture(scope="module")
def scaled(demand):
    return windows.fit_scaler(demand.values[:N_TRAIN]).transform(demand.values)


@pytest.fixture(scope="module")
def test_windows(scaled):
    return windows.make_windows(scaled, WEEK, DAY, stride=DAY, start=TEST_START - WEEK)


@pytest.fixture(scope="module")
def weather_parts(weather):
    return windows.split_series(weather.values)


def _week(values: np.ndarray, start: int = 0, stride: int = 24) -> np.ndarray:
    X = windows.make_windows(values, 168, 1, target=1, stride=stride, start=start)[0]
    return windows.to_subsequences(X, 7)


# The weather series starts at midnight; the validation part starts at 12:00, the test part at
# 06:00, so their first midnights are 12 and 18 hours in.
VAL_MIDNIGHT, TEST_MIDNIGHT = 12, 18


@pytest.fixture(scope="module")
def weather_week(weather_parts):
    train, val, _ = weather_parts
    return _week(windows.fit_scaler(train).transform(val), VAL_MIDNIGHT)


def nest(X, n_seq):
    samples, window, n_features = X.shape
    return X.reshape(samples, n_seq, window // n_seq, n_features).copy()


X50 = np.arange(150.0).reshape(3, 50, 1)


# --- every check, blank (junk answers: tests/test_exercises_junk.py) ---------------------------


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_placeholder_gets_told_to_replace_the_dots(capsys, check):
    assert check(...) is False
    assert "replace ..." in _says(capsys, "Not yet:")


# --- 01b.1 the busiest weekday half-hour ---------------------------------------------------------


def test_weekday_peak_accepts_the_solution(capsys, weekday_means):
    peak = _hhmm(int(np.argmax(weekday_means[0])))
    assert exercises.check_01b_weekday_peak(peak) is True
    assert peak in _says(capsys, "Correct:")
    assert exercises.check_01b_weekday_peak(np.str_(f" {peak} ")) is True


def test_weekday_peak_rejects_the_usual_mistakes(capsys, weekday_means):
    weekday, weekend = weekday_means
    best, weekend_best = int(np.argmax(weekday)), int(np.argmax(weekend))
    assert best != weekend_best  # the exercise is only interesting because these differ
    secret = _hhmm(best)
    check = exercises.check_01b_weekday_peak
    _rejects(capsys, check, _hhmm(weekend_best), "*weekend*", secret)
    neighbour = best + 1 if best + 1 != weekend_best else best - 1
    _rejects(capsys, check, _hhmm(neighbour), "neighbouring half-hour", secret)
    night = _hhmm(int(np.argmin(weekday)))
    _rejects(capsys, check, night, "np.argmax", secret)
    _rejects(capsys, check, best, "text 'HH:MM'", secret)  # the index, not a time
    _rejects(capsys, check, "12.00", "not a time written as 'HH:MM'", secret)
    _rejects(capsys, check, "12:15", "on the hour or the half-hour", secret)
    _rejects(capsys, check, "25:00", "00:00 to 23:30", secret)


# --- 01b.2 an honest scaler for both weather columns ---------------------------------------------


def test_weather_scaler_accepts_the_solution(capsys, weather_parts):
    scaler = windows.fit_scaler(weather_parts[0])
    mean, scale = scaler.mean.copy(), scaler.scale.copy()
    assert exercises.check_01b_weather_scaler(scaler) is True
    out = _says(capsys, "Correct:")
    assert f"{len(weather_parts[0])} hours" in out
    assert np.array_equal(scaler.mean, mean) and np.array_equal(scaler.scale, scale)


def test_weather_scaler_rejects_the_usual_mistakes(capsys, weather, weather_parts):
    train, val, _ = weather_parts
    check = exercises.check_01b_weather_scaler
    _rejects(capsys, check, windows.fit_scaler(weather.values), f"all {len(weather)} hours")
    _rejects(capsys, check, windows.fit_scaler(train[:, 1]), "1 feature(s)")
    _rejects(capsys, check, windows.fit_scaler(val), "not the training part")
    scaled = windows.fit_scaler(train).transform(train)
    _rejects(capsys, check, windows.fit_scaler(scaled), "not already scaled")
    _rejects(capsys, check, (train.mean(axis=0), train.std(axis=0)), "windows.fit_scaler")


def test_weather_scaler_survives_a_hand_made_scaler(capsys, weather_parts):
    n = len(weather_parts[0])
    for mean, scale in [(np.zeros(2), None), ("ab", np.ones(2)), (np.zeros((2, 2)), 1.0)]:
        scaler = windows.Scaler(mean=mean, scale=scale, n_fitted=n)
        assert exercises.check_01b_weather_scaler(scaler) is False
        _says(capsys, "Not yet:")


# --- 01.1 the course task's test windows ---------------------------------------------------------


def test_test_windows_accept_the_solution_and_leave_it_alone(capsys, test_windows):
    X, y = _frozen(*test_windows)
    assert exercises.check_01_test_windows((X, y)) is True
    assert "14 forecasts" in _says(capsys, "Correct:")
    assert np.array_equal(X, test_windows[0]) and np.array_equal(y, test_windows[1])
    assert exercises.check_01_test_windows([X.astype("float64"), y]) is True


def test_test_windows_equal_the_course_task(test_windows):
    case = cases.course_case()
    assert np.allclose(case.X_test, test_windows[0]) and np.allclose(case.y_test, test_windows[1])


def test_test_windows_reject_the_usual_mistakes(capsys, demand, scaled, test_windows):
    X, y = test_windows
    check = exercises.check_01_test_windows
    start = TEST_START - WEEK
    sliding = windows.make_windows(scaled, WEEK, DAY, start=start)
    _rejects(capsys, check, sliding, "stride=48")
    no_reach = windows.make_windows(scaled, WEEK, DAY, stride=DAY, start=TEST_START)
    _rejects(capsys, check, no_reach, "reach")
    alone = windows.make_windows(scaled[TEST_START:], WEEK, DAY, stride=DAY)
    _rejects(capsys, check, alone, "reach")
    raw = windows.make_windows(demand.values, WEEK, DAY, stride=DAY, start=start)
    _rejects(capsys, check, raw, "in MW")
    leaky = windows.fit_scaler(demand.values).transform(demand.values)
    whole = windows.make_windows(leaky, WEEK, DAY, stride=DAY, start=start)
    _rejects(capsys, check, whole, "scaler fitted on the training part")
    _rejects(capsys, check, (X, np.roll(y, 1, axis=0)), "X is right but y is not")
    shifted = windows.make_windows(scaled, WEEK, DAY, stride=DAY, start=start - 24)
    _rejects(capsys, check, shifted, "first test midnight")
    _rejects(capsys, check, windows.make_windows(scaled, DAY, DAY, stride=DAY), "a week")
    _rejects(capsys, check, windows.make_windows(scaled, WEEK, 1, stride=DAY), "horizon")
    _rejects(capsys, check, (X[..., 0], y), "(samples, 336, 1)")
    _rejects(capsys, check, (X, y, y), "pair (X, y)")
    _rejects(capsys, check, (X[:-3], y[:-3]), "not one per test midnight")


# --- 01.2 the price of a gap --------------------------------------------------------------------


def _windows_left_by_loop() -> int:
    """An independent count: every start whose input or target avoids step 500."""
    return sum(1 for i in range(1000 - 48) if not i <= 500 <= i + 48)


def test_windows_left_accepts_the_count(capsys):
    right = _windows_left_by_loop()
    for answer in (right, np.int64(right), float(right)):
        assert exercises.check_01_windows_left(answer) is True
        assert str(right) in _says(capsys, "Correct:")


@pytest.mark.parametrize(
    ("offset", "hint"),
    [
        (49, "no gap"),  # forgot the gap
        (1, "one too many"),  # forgot the window whose target is step 500
        (-1, "one too few"),
        (2000, "impossible"),
        (-2000, "impossible"),
        (-400, "subtract those"),
    ],
)
def test_windows_left_rejects_the_usual_mistakes(capsys, offset, hint):
    right = _windows_left_by_loop()
    _rejects(capsys, exercises.check_01_windows_left, right + offset, hint, str(right))


@pytest.mark.parametrize("answer", ["903", 903.5, True, np.array([903])])
def test_windows_left_wants_a_whole_number(capsys, answer):
    _rejects(capsys, exercises.check_01_windows_left, answer, "whole number")


# --- 02.1 write the nesting function ------------------------------------------------------------


def test_nest_function_accepts_the_solution(capsys):
    assert exercises.check_02_nest_function(nest) is True
    _says(capsys, "Correct:")
    assert exercises.check_02_nest_function(windows.to_subsequences) is True
    _says(capsys, "Correct:")


def _swapped(X, n_seq):
    samples, window, n_features = X.shape
    return X.reshape(samples, window // n_seq, n_seq, n_features).transpose(0, 2, 1, 3)


def _fortran(X, n_seq):
    samples, window, n_features = X.shape
    return X.reshape(samples, n_seq, window // n_seq, n_features, order="F")


def _in_place(X, n_seq):
    X[:] = X[:, ::-1]
    return nest(X, n_seq)


def _one_feature(X, n_seq):
    return X[..., :1].reshape(len(X), n_seq, -1, 1)


def _raises(X, n_seq):
    samples, window = X.shape  # forgot the feature axis
    return X.reshape(samples, n_seq, window // n_seq)


@pytest.mark.parametrize(
    ("function", "hint"),
    [
        (_swapped, "time order scrambled"),
        (_fortran, "time order scrambled"),
        (_in_place, "changed its input"),
        (_one_feature, "returned shape"),
        (lambda X, n_seq: X, "returned shape"),
        (lambda X, n_seq: None, "returned None"),
        (lambda X, n_seq: ..., "returned Ellipsis"),
        (lambda X, n_seq: "nested", "not an array of numbers"),
        (lambda X, n_seq: X.astype(str), "not an array of numbers"),
        (lambda X: X, "raised TypeError"),
        (_raises, "raised ValueError"),
        (nest(np.zeros((1, 4, 1)), 2), "pass the function itself"),
        ("nest", "pass the function itself"),
    ],
)
def test_nest_function_rejects_the_usual_mistakes(capsys, function, hint):
    _rejects(capsys, exercises.check_02_nest_function, function, hint, "reshape(samples, n_seq")


# --- 02.2 trim, then nest -----------------------------------------------------------------------


def test_trim_and_nest_accepts_the_solution(capsys):
    (answer,) = _frozen(windows.to_subsequences(X50[:, -48:], 4))
    kept = answer.copy()
    assert exercises.check_02_trim_and_nest(answer) is True
    _says(capsys, "Correct:")
    assert np.array_equal(answer, kept)
    assert exercises.check_02_trim_and_nest(answer.tolist()) is True


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (X50[:, :48].reshape(3, 4, 12, 1), "oldest steps"),
        (X50[:, 1:49].reshape(3, 4, 12, 1), "each end"),
        (X50[:, -48:].reshape(3, 12, 4, 1), "12 blocks of 4"),
        (X50[:, -48:].reshape(3, 12, 4, 1).transpose(0, 2, 1, 3), "kept the right steps"),
        (X50[:, -48:], "4-D"),
        (X50[:, -48:].reshape(3, 4, 12), "4-D"),
        (X50[:1, -48:].reshape(1, 4, 12, 1), "every one of the 3 samples"),
        (np.zeros((3, 4, 12, 1)), "X50[:, a:b]"),
    ],
)
def test_trim_and_nest_rejects_the_usual_mistakes(capsys, answer, hint):
    (answer,) = _frozen(answer)
    kept = answer.copy()
    _rejects(capsys, exercises.check_02_trim_and_nest, answer, hint, "-48:", "[:, 2:")
    assert np.array_equal(answer, kept)


# --- 02.3 a week of weather, by day -------------------------------------------------------------


def test_weather_week_accepts_the_solution(capsys, weather_week):
    (answer,) = _frozen(weather_week)
    assert exercises.check_02b_weather_week(answer) is True
    assert f"{len(answer)} one-week windows" in _says(capsys, "Correct:")
    assert np.array_equal(answer, weather_week)
    assert answer.shape == (48, 7, 24, 2)


def test_weather_week_subsequences_are_calendar_days(weather, weather_parts, weather_week):
    train, _, _ = weather_parts
    starts = len(train) + VAL_MIDNIGHT + 24 * np.arange(len(weather_week))
    hours = weather.timestamps[starts].astype("datetime64[h]").astype(int) % 24
    assert set(hours.tolist()) == {0}


def test_weather_week_rejects_the_usual_mistakes(capsys, weather_parts, weather_week):
    train, val, test = weather_parts
    scaler = windows.fit_scaler(train)
    check = exercises.check_02b_weather_week
    X_week = windows.from_subsequences(weather_week)
    _rejects(capsys, check, _week(scaler.transform(train)), "training part")
    _rejects(capsys, check, _week(scaler.transform(test), TEST_MIDNIGHT), "test part")
    _rejects(capsys, check, _week(val, VAL_MIDNIGHT), "W/m²")
    refit = windows.fit_scaler(val).transform(val)
    _rejects(capsys, check, _week(refit, VAL_MIDNIGHT), "fitted on the val")
    _rejects(capsys, check, _week(scaler.transform(val), stride=1), "start at every hour")
    _rejects(capsys, check, _week(scaler.transform(val)), "not a midnight")
    _rejects(capsys, check, weather_week[..., ::-1], "swapped")
    _rejects(capsys, check, X_week.reshape(-1, 24, 7, 2), "24 blocks of 7 hours")
    _rejects(capsys, check, X_week.reshape(-1, 4, 42, 2), "4 blocks of 42 hours")
    _rejects(capsys, check, X_week.reshape(-1, 24, 7, 2).transpose(0, 2, 1, 3), "scrambled")
    _rejects(capsys, check, weather_week[..., 1:], "1 feature(s)")
    _rejects(capsys, check, X_week, "4-D")
    _rejects(capsys, check, weather_week[:, :6], "6 days")
    _rejects(capsys, check, weather_week[1:], "not what the validation part gives")
    one_hour_late = _week(scaler.transform(val), VAL_MIDNIGHT + 1)  # 01:00, same count
    _rejects(capsys, check, one_hour_late, "values are not")
