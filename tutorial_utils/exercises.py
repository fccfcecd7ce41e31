"""Checks for the exercises at the end of each notebook.

Every check takes your answer, prints ``Correct: ...`` or ``Not yet: <a hint>`` and returns
``True`` or ``False``. A check never raises and never prints the expected answer: an answer of
the wrong type or shape gets a hint too. Worked solutions are in ``solutions/``.

Example:
    >>> check_01_windows_left(...)
    Not yet: replace ... with your answer, a whole number.
    False
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

import numpy as np

from tutorial_utils import data, windows

# --- shared by the checks of every notebook ---


def _correct(message: str) -> bool:
    print(f"Correct: {message}")
    return True


def _not_yet(hint: str) -> bool:
    print(f"Not yet: {hint}")
    return False


def _verdict(ok: bool, correct: str, hint: str) -> bool:
    return _correct(correct) if ok else _not_yet(hint)


def _is_placeholder(answer: object) -> bool:
    return answer is None or answer is Ellipsis


def _numeric_array(answer: object) -> np.ndarray | None:
    """``answer`` as a float array, or ``None`` if it is not an array of finite numbers."""
    if isinstance(answer, str | bytes | dict) or callable(answer):
        return None
    try:
        array = np.asarray(answer)
    except (ValueError, TypeError):  # ragged lists and the like
        return None
    if not (np.issubdtype(array.dtype, np.number) and np.isfinite(array).all()):
        return None
    return array.astype(np.float64)


def _kind(answer: object) -> str:
    """``'an int'``, ``'a list'``: what the learner passed, for a hint."""
    name = type(answer).__name__
    return f"{'an' if name[0].lower() in 'aeiou' else 'a'} {name}"


def _whole_number(answer: object) -> int | None:
    if isinstance(answer, bool | np.bool_):
        return None
    if isinstance(answer, int | np.integer):
        return int(answer)
    if isinstance(answer, float | np.floating) and float(answer).is_integer():
        return int(answer)
    return None


# --- notebook 00 ---


def check_00_half_hours_per_week(answer: object) -> bool:
    """Exercise 00.1: how many time steps of the demand series make one week."""
    if _is_placeholder(answer):
        return _not_yet("replace ... with your answer, a whole number.")
    count = _whole_number(answer)
    if count is None:
        return _not_yet(f"answer with a whole number of time steps, not {_kind(answer)}.")
    demand = data.load_series("electricity_demand")
    per_day = int(np.timedelta64(1, "D") // demand.step)
    per_week = 7 * per_day
    if count == per_week:
        return _correct(
            f"a week is 7 days of {per_day} half-hours, {per_week} steps: the window length "
            "notebook 01 uses, and the 7 x 48 nesting of notebook 02."
        )
    if count == per_day:
        return _not_yet("that is one day of half-hours; a week has more days.")
    if count == 7:
        return _not_yet("that counts days; count the series' steps (series.step) in them.")
    if count == 7 * 24:
        return _not_yet("that counts hours. Look at the step the data map printed for this series.")
    if count == len(demand):
        return _not_yet("that is the length of the whole series, several weeks.")
    return _not_yet(
        "count the steps in one day first (24 hours at the series' step, series.step), "
        "then in seven days."
    )


_DAILY_CYCLE_00 = {
    "electricity_demand": "demand rises every morning and falls every night: plot one week.",
    "weather_greensboro": "the sun rises and sets every day, and irradiance with it.",
}


def check_00_no_daily_cycle(answer: object) -> bool:
    """Exercise 00.2: the name of the dataset that has no cycle within a day."""
    if _is_placeholder(answer):
        return _not_yet("replace ... with a dataset name, as text, e.g. 'weather_greensboro'.")
    names = data.list_datasets()
    if not isinstance(answer, str):
        return _not_yet(f"give one dataset name as text, not {_kind(answer)}.")
    name = answer.strip().lower()
    if name not in names:
        return _not_yet(f"{answer!r} is not a dataset name; data.list_datasets() gives {names}.")
    if name in _DAILY_CYCLE_00:
        return _not_yet(f"{name} has one: {_DAILY_CYCLE_00[name]}")
    unit, count = np.datetime_data(data.load_series(name).step.dtype)
    if unit not in ("Y", "M", "W", "D"):  # a new sub-daily dataset the hints do not know yet
        return _not_yet(f"{name} has several values a day; look at the step in the data map.")
    unit_name = {"Y": "year", "M": "month", "W": "week", "D": "day"}[unit]
    often = f"once a {unit_name}" if count == 1 else f"every {count} {unit_name}s"
    return _correct(
        f"{name} is sampled {often}: one step spans a day or more, so there is no cycle "
        "within a day for a model to find, and no days of hours to nest."
    )


# --- notebook 01 ---

_HALF_HOURS_PER_DAY = 48


def _shown(answer: object) -> str:
    """A short answer as its repr, a long or multi-line one (an array) as its kind."""
    text = repr(answer)
    return text if len(text) <= 30 and "\n" not in text else _kind(answer)


@lru_cache(maxsize=1)
def _demand_parts() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return windows.split_series(data.load_series("electricity_demand").values)


@lru_cache(maxsize=1)
def _weather_parts() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return windows.split_series(data.load_series("weather_greensboro").values)


def _average_day(weekdays: bool) -> np.ndarray:
    values = data.load_series("electricity_demand").values
    by_day = values.reshape(-1, _HALF_HOURS_PER_DAY)
    is_weekday = np.arange(len(by_day)) % 7 < 5  # the series starts on a Monday
    return by_day[is_weekday == weekdays].mean(axis=0)


def check_01_weekday_peak(answer: object) -> bool:
    """Exercise 01.1: the time of day (``"HH:MM"``) when average weekday demand is highest."""
    if _is_placeholder(answer):
        return _not_yet("replace ... with your answer, a time as text like '07:30'.")
    if not isinstance(answer, str):
        return _not_yet(
            f"give the time as text 'HH:MM', not {_kind(answer)}. A half-hour index k "
            "(0 to 47) is the time f'{k // 2:02d}:{k % 2 * 30:02d}'."
        )
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", answer)
    if not match:
        return _not_yet(f"{answer!r} is not a time written as 'HH:MM', like '07:30'.")
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute not in (0, 30):
        return _not_yet(
            f"{answer!r} is not a time of this series: its steps are on the hour or the half-hour "
            "(HH:00 or HH:30), from 00:00 to 23:30."
        )
    index = 2 * hour + minute // 30
    weekday, weekend = _average_day(True), _average_day(False)
    best = int(np.argmax(weekday))
    if index == best:
        return _correct(
            f"on an average weekday demand is highest at {answer.strip()}, "
            f"{weekday[best] / 1000:.1f} GW."
        )
    if index == int(np.argmax(weekend)):
        return _not_yet(
            "that is when the average *weekend* day peaks; average Monday to Friday only."
        )
    if abs(index - best) == 1:
        return _not_yet(
            "close, but a neighbouring half-hour is higher. Read the peak from the numbers "
            "(np.argmax of the average weekday), not from the plot."
        )
    return _not_yet(
        "average weekday demand is higher at another time. Reshape the values to (days, 48), "
        "average the weekday rows, and find the largest with np.argmax."
    )


def check_01_weather_scaler(answer: object) -> bool:
    """Exercise 01.2: a scaler for both weather columns, fitted on the training part only."""
    if _is_placeholder(answer):
        return _not_yet("replace ... with the scaler you fitted (what windows.fit_scaler returns).")
    if not isinstance(answer, windows.Scaler):
        return _not_yet(f"pass the object windows.fit_scaler returns, not {_kind(answer)}.")
    train, val, test = _weather_parts()
    n_total = len(train) + len(val) + len(test)
    mean = np.atleast_1d(answer.mean)
    if mean.shape != (train.shape[1],):
        return _not_yet(
            f"your scaler knows {mean.size} feature(s); fit it on both columns of weather.values "
            "(irradiance and temperature) at once."
        )
    if answer.n_fitted == n_total:
        return _not_yet(
            f"your scaler saw all {n_total} hours, the validation and test parts included. "
            "Split first, then fit on the training part only."
        )
    if answer.n_fitted != len(train):
        return _not_yet(
            f"your scaler saw {answer.n_fitted} hours, which is not the training part of the "
            "default split. Use windows.split_series(weather.values) and fit on its first part."
        )
    honest = windows.fit_scaler(train)
    if not (np.allclose(mean, honest.mean) and np.allclose(answer.scale, honest.scale)):
        return _not_yet(
            "it saw as many hours as the training part, but other values. Fit on the raw "
            "training part (W/m² and °C, not already scaled), the first of the three parts."
        )
    whole = windows.fit_scaler(np.concatenate([train, val, test]))
    return _correct(
        f"fitted on {len(train)} hours (January to mid-September). Its mean temperature is "
        f"{honest.mean[1]:.1f} °C; a scaler fitted on the whole year would say "
        f"{whole.mean[1]:.1f} °C, because it has seen the colder autumn."
    )


def _day_ahead(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return windows.make_windows(values, 2 * _HALF_HOURS_PER_DAY, _HALF_HOURS_PER_DAY)


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and np.allclose(a, b, rtol=1e-4, atol=1e-4)


def check_01_day_ahead_windows(answer: object) -> bool:
    """Exercise 01.3: ``(X, y)`` that see two days of the scaled validation part and target
    every half-hour of the next day."""
    if _is_placeholder(answer):
        return _not_yet("replace ... with the pair (X, y) that windows.make_windows returns.")
    if not isinstance(answer, tuple | list) or len(answer) != 2:
        return _not_yet("pass a pair (X, y), as windows.make_windows returns it.")
    X, y = (_numeric_array(part) for part in answer)
    if X is None or y is None:
        return _not_yet("X and y must both be arrays of finite numbers.")
    if X.ndim != 3 or X.shape[2] != 1:
        return _not_yet(
            f"X should be 3-D (samples, window, n_features) with one feature; yours has shape "
            f"{X.shape}."
        )
    days = X.shape[1] / _HALF_HOURS_PER_DAY
    if days != 2:
        return _not_yet(
            f"your windows hold {X.shape[1]} half-hours, that is {days:g} day(s); they should "
            "see two days."
        )
    if y.ndim != 2 or y.shape[1] != _HALF_HOURS_PER_DAY or len(y) != len(X):
        return _not_yet(
            f"y should have one row per window and one column per half-hour of the next day; "
            f"yours has shape {y.shape}. Check the horizon."
        )
    train, val, test = _demand_parts()
    scaler = windows.fit_scaler(train)
    X_ref, y_ref = _day_ahead(scaler.transform(val))
    if len(X) != len(X_ref):
        if len(X) == len(_day_ahead(train)[0]):
            return _not_yet("these are windows of the training part; use the validation part.")
        if len(X) == len(_day_ahead(test)[0]):
            return _not_yet("these are windows of the test part; use the validation part.")
        return _not_yet(
            f"you have {len(X)} windows: that is not what the validation part gives with this "
            "window and horizon. Split first, then window the validation part alone."
        )
    if _same(X, X_ref) and _same(y, y_ref):
        return _correct(
            f"{len(X)} windows of two days, each with the {y.shape[1]} half-hours that follow."
        )
    if _same(X, _day_ahead(val)[0]):
        return _not_yet(
            "your values are still in MW; scale the validation part with the training scaler."
        )
    if _same(X, _day_ahead(windows.fit_scaler(val).transform(val))[0]):
        return _not_yet(
            "you scaled with a scaler fitted on the validation part; use the one fitted on train."
        )
    if _same(X, X_ref):
        return _not_yet("X is right but y is not: the targets come right after each window.")
    if any(_same(X, _day_ahead(part)[0]) for part in (scaler.transform(test), test)):
        # the test part has as many steps as the validation part, so only values tell them apart
        return _not_yet("these are windows of the test part; use the validation part.")
    return _not_yet(
        "the shapes are right but the values are not: window the scaled validation part "
        "(scaled with the scaler fitted on the training part)."
    )


def check_01_windows_left(answer: object) -> bool:
    """Exercise 01.4: how many windows (window 48, horizon 1) of a 1000-step series survive
    when step 500 is missing and every window that touches it is dropped."""
    if _is_placeholder(answer):
        return _not_yet("replace ... with your answer, a whole number.")
    count = _whole_number(answer)
    if count is None:
        return _not_yet(f"answer with a whole number of windows, not {_shown(answer)}.")
    n, window, horizon, missing = 1000, 48, 1, 500
    series = np.arange(float(n))
    series[missing] = np.nan
    n_all = n - window - horizon + 1
    n_kept = len(windows.make_windows_skipping_gaps(series, window, horizon)[2])
    if count == n_kept:
        return _correct(
            f"{count} windows survive: every window whose input or target covers step "
            f"{missing} is dropped."
        )
    if count == n_all:
        return _not_yet(
            "that is how many windows the series gives with no gap; some of them touch step 500."
        )
    if count == n_kept + 1:
        return _not_yet(
            "one too many: a window also touches the gap when its *target* is the missing step."
        )
    if count == n_kept - 1:
        return _not_yet("one too few: a window that starts right after the gap does not touch it.")
    if not 0 <= count <= n_all:
        return _not_yet(
            f"{count} is impossible: a series of {n} steps gives time - window - horizon + 1 "
            "windows at most."
        )
    return _not_yet(
        "count all windows (time - window - horizon + 1), then subtract those whose input or "
        "target contains step 500: which start positions are they?"
    )


# --- notebook 02 ---

_NEST_CASES = ((2, 12, 1, 3), (3, 8, 2, 4), (1, 6, 3, 2), (2, 10, 1, 5), (2, 9, 2, 1), (1, 4, 1, 4))


def check_02_nest_function(answer: object) -> bool:
    """Exercise 02.1: a function ``nest(X, n_seq)`` that turns ``(samples, window, features)``
    into ``(samples, n_seq, window // n_seq, features)`` and keeps time order."""
    if _is_placeholder(answer):
        return _not_yet("replace ... with your function (its name, without calling it).")
    if not callable(answer):
        return _not_yet(
            f"pass the function itself, e.g. check_02_nest_function(nest), not {_kind(answer)}."
        )
    for samples, window, n_features, n_seq in _NEST_CASES:
        X = np.arange(samples * window * n_features).reshape(samples, window, n_features)
        given = X.copy()
        case = f"for X of shape {X.shape} and n_seq={n_seq}"
        try:
            result = answer(given, n_seq)
        except Exception as err:  # the learner's code: any error becomes a hint
            return _not_yet(f"{case} your function raised {type(err).__name__}: {err}")
        if not np.array_equal(given, X):
            return _not_yet(f"{case} your function changed its input; work on a new array.")
        if result is None or result is Ellipsis:
            return _not_yet(
                f"{case} your function returned {result!r}: finish it and return the array."
            )
        nested = _numeric_array(result)
        if nested is None:
            return _not_yet(
                f"{case} your function returned {_kind(result)}, not an array of numbers."
            )
        wanted = (samples, n_seq, window // n_seq, n_features)
        if nested.shape != wanted:
            return _not_yet(
                f"{case} your function returned shape {nested.shape}; nested windows have "
                "shape (samples, n_seq, n_steps, n_features) with n_steps = window // n_seq."
            )
        try:
            windows.check_time_order(X, nested)
        except ValueError as err:
            return _not_yet(f"{case} the shape is right but {err}")
    return _correct(
        f"your function keeps time order on all {len(_NEST_CASES)} test shapes, "
        "several features included."
    )


def check_02_trim_and_nest(answer: object) -> bool:
    """Exercise 02.2: ``X50 = np.arange(150.0).reshape(3, 50, 1)`` nested as 4 subsequences
    of 12 steps, keeping the most recent steps of every window."""
    if _is_placeholder(answer):
        return _not_yet("replace ... with your nested array.")
    X4 = _numeric_array(answer)
    if X4 is None:
        return _not_yet(f"pass an array of numbers, not {_kind(answer)}.")
    X50 = np.arange(150.0).reshape(3, 50, 1)
    if X4.ndim != 4:
        return _not_yet(
            f"your array has shape {X4.shape}; nested windows are 4-D "
            "(samples, n_seq, n_steps, n_features). Trim first, then nest."
        )
    if X4.shape == (3, 12, 4, 1):
        return _not_yet("you have 12 blocks of 4 steps; the exercise asks for 4 blocks of 12.")
    if X4.shape != (3, 4, 12, 1):
        return _not_yet(
            f"your array has shape {X4.shape}: you need every one of the 3 samples, cut into "
            "4 subsequences of 12 steps, with its 1 feature."
        )
    newest = X50[:, -48:]
    try:
        windows.check_time_order(newest, X4)
    except ValueError as err:
        if np.array_equal(X4, X50[:, :48].reshape(3, 4, 12, 1)):
            return _not_yet(
                "you kept the oldest steps and dropped the two most recent ones. For a forecast "
                "the newest steps matter most: drop steps from the start of each window."
            )
        if np.array_equal(X4, X50[:, 1:49].reshape(3, 4, 12, 1)):
            return _not_yet(
                "you dropped one step at each end; drop both extra steps from the start instead."
            )
        if np.array_equal(np.sort(X4, axis=None), np.sort(newest, axis=None)):
            return _not_yet(f"you kept the right steps, but {err}")
        return _not_yet(
            "these are not the newest 48 steps of each window, in time order. Slice the window "
            "axis, X50[:, a:b], then nest the result."
        )
    return _correct("every window lost its two oldest steps and kept the newest 48, in order.")


def _weather_week(values: np.ndarray) -> np.ndarray:
    """One-week windows of both weather features, target temperature, nested as 7 days."""
    X = windows.make_windows(values, 7 * 24, 1, target=1)[0]
    return windows.to_subsequences(X, 7)


def check_02_weather_week(answer: object) -> bool:
    """Exercise 02.3: one-week windows of the scaled weather *validation* part (both features,
    scaled with the scaler fitted on the training part, target temperature), nested by day."""
    if _is_placeholder(answer):
        return _not_yet("replace ... with your nested array.")
    X4 = _numeric_array(answer)
    if X4 is None:
        return _not_yet(f"pass an array of numbers, not {_kind(answer)}.")
    if X4.ndim != 4:
        return _not_yet(
            f"your array has shape {X4.shape}; nested windows are 4-D "
            "(samples, n_seq, n_steps, n_features)."
        )
    if X4.shape[3] != 2:
        return _not_yet(
            f"your array has {X4.shape[3]} feature(s) per step; keep both weather features."
        )
    hours = X4.shape[1] * X4.shape[2]
    if hours != 7 * 24:
        return _not_yet(
            f"your windows hold {hours} hours ({hours / 24:g} days); they should hold one week."
        )
    if X4.shape[1:3] == (24, 7):
        return _not_yet("you have 24 blocks of 7 hours; each subsequence should be one day.")
    if X4.shape[1:3] != (7, 24):
        n_seq, n_steps = X4.shape[1:3]
        return _not_yet(
            f"you have {n_seq} blocks of {n_steps} hours; each subsequence should be one day."
        )
    train, val, test = _weather_parts()
    scaler = windows.fit_scaler(train)
    reference = _weather_week(scaler.transform(val))
    if len(X4) != len(reference):
        for name, part in (("training", train), ("test", test)):
            if len(X4) == len(part) - 7 * 24:
                return _not_yet(f"these are windows of the {name} part; use the validation part.")
        return _not_yet(
            f"you have {len(X4)} windows, which is not what the validation part gives with "
            "windows of one week and a horizon of 1."
        )
    if _same(X4, reference):
        return _correct(
            f"{len(X4)} weeks of 7 days x 24 hours, each hour with irradiance and temperature."
        )
    if _same(X4, reference[..., ::-1]):
        return _not_yet("the two features swapped places; keep the columns in their order.")
    if _same(X4, _weather_week(val)):
        return _not_yet("your values are in W/m² and °C; scale them with the training scaler.")
    if _same(X4, _weather_week(windows.fit_scaler(val).transform(val))):
        return _not_yet(
            "you scaled with a scaler fitted on the validation part; use the one fitted on train."
        )
    if any(_same(X4, _weather_week(part)) for part in (scaler.transform(test), test)):
        # the test part has as many hours as the validation part: only values tell them apart
        return _not_yet("these are windows of the test part; use the validation part.")
    if _same(np.sort(X4, axis=None), np.sort(reference, axis=None)):
        return _not_yet(
            "the right values, in the wrong places: time order is scrambled. Nest with "
            "windows.to_subsequences, or a reshape with no transpose."
        )
    return _not_yet(
        "the shape is right but the values are not: window the scaled validation part "
        "(target=1 is temperature, horizon 1), then nest."
    )


# --- notebook 03 ---------------------------------------------------------------------------
# Exercise set-up (shown in notebook 03): a CNN-LSTM built with
#     build_cnn_lstm(n_seq=6, n_steps=10, n_features=1, filters=8, kernel_size=5,
#                    pool_size=2, lstm_units=16)

EX03_CONFIG: dict[str, int] = {
    "n_seq": 6,
    "n_steps": 10,
    "n_features": 1,
    "filters": 8,
    "kernel_size": 5,
    "pool_size": 2,
    "lstm_units": 16,
}
"""The model the notebook 03 exercises 1 and 2 are about."""

_EX03_LAYERS = ("td_conv", "td_pool", "td_flatten", "lstm", "forecast")


def _ex03_expected_shapes() -> list[tuple[int, ...]]:
    """Shapes taken from a real Keras model, so the check and Keras cannot disagree."""
    from tutorial_utils import models

    c = dict(EX03_CONFIG)
    model = models.build_cnn_lstm(c.pop("n_seq"), c.pop("n_steps"), c.pop("n_features"), **c)
    by_name = {row["name"]: row["output_shape"] for row in models.shape_table(model)}
    return [by_name[name] for name in _EX03_LAYERS]


def _ex03_lstm_params() -> int:
    from tutorial_utils import models

    c = dict(EX03_CONFIG)
    model = models.build_cnn_lstm(c.pop("n_seq"), c.pop("n_steps"), c.pop("n_features"), **c)
    return int(model.get_layer("lstm").count_params())


_SHAPE_HINTS = {
    "td_conv": (
        "look again at td_conv. A Conv1D without padding makes each subsequence "
        "kernel_size - 1 steps shorter and gives `filters` values per step; TimeDistributed "
        "leaves the n_seq axis alone."
    ),
    "td_pool": (
        "look again at td_pool. MaxPooling1D divides the number of steps by pool_size, "
        "rounding down; the n_seq axis and the number of filters stay."
    ),
    "td_flatten": (
        "look again at td_flatten. Inside TimeDistributed, Flatten merges steps and "
        "filters of each subsequence into one vector, and keeps the n_seq axis."
    ),
    "lstm": (
        "look again at the LSTM. Without return_sequences=True it reads all the "
        "subsequences and returns one vector of lstm_units per sample."
    ),
    "forecast": "look again at the last layer: Dense(horizon) gives `horizon` values per sample.",
}


def check_03_shape_trace(answer: Any) -> bool:
    """Notebook 03, exercise 1: the output shapes of the five layers after the input.

    Give a list of five tuples, without the batch axis, in the order td_conv, td_pool,
    td_flatten, lstm, forecast, for the model described by :data:`EX03_CONFIG`.
    """
    if answer is None:
        return _not_yet("replace None with a list of five shapes, e.g. [(1, 2, 3), ...].")
    if not isinstance(answer, (list, tuple)) or not all(
        isinstance(shape, (list, tuple)) for shape in answer
    ):
        return _not_yet("give a list of tuples, one per layer, e.g. [(1, 2, 3), (4,), ...].")
    if any(d is None for shape in answer for d in shape):
        return _not_yet("leave out the batch axis (None): write (6, ...), not (None, 6, ...).")
    if not all(_whole_number(d) is not None for shape in answer for d in shape):
        return _not_yet("every size in a shape is a whole number, e.g. (2, 5, 7).")
    given = [tuple(int(d) for d in shape) for shape in answer]
    expected = _ex03_expected_shapes()
    if len(given) != len(expected):
        return _not_yet(
            f"give exactly {len(expected)} shapes, one per layer after the input "
            f"({', '.join(_EX03_LAYERS)}); you gave {len(given)}."
        )
    if all(len(m) == len(r) + 1 and m[1:] == r for m, r in zip(given, expected, strict=True)):
        return _not_yet("leave out the batch axis: give each shape as Keras prints it, minus None.")
    for name, mine, right in zip(_EX03_LAYERS, given, expected, strict=True):
        if mine != right:
            return _not_yet(_SHAPE_HINTS[name])
    return _correct("every shape matches what Keras computes.")


def check_03_lstm_params(answer: Any) -> bool:
    """Notebook 03, exercise 2: the number of parameters of the LSTM layer in that model."""
    if answer is None:
        return _not_yet("replace None with your answer (a whole number of parameters).")
    if _whole_number(answer) is None:
        return _not_yet(f"give a whole number, not {type(answer).__name__}.")
    right = _ex03_lstm_params()
    if answer == right:
        return _correct("four gates, each with input weights, recurrent weights and a bias.")
    units = EX03_CONFIG["lstm_units"]
    if answer * 4 == right:
        return _not_yet("an LSTM has four gates (input, forget, cell, output), each with weights.")
    if answer == right - 4 * units:
        return _not_yet("each of the gates also has a bias, one per unit.")
    if answer == right - 4 * units * units:
        return _not_yet(
            "each gate also reads the LSTM's own previous output: lstm_units x lstm_units "
            "recurrent weights per gate."
        )
    return _not_yet(
        "what does the LSTM receive at each of its steps? Not the raw series: the flattened "
        "output of td_flatten for one subsequence. Use the last number of that shape."
    )


def check_03_min_n_steps(answer: Any) -> bool:
    """Notebook 03, exercise 3: the smallest n_steps for kernel_size=5 and pool_size=3."""
    if answer is None:
        return _not_yet("replace None with your answer (a whole number of time steps).")
    if _whole_number(answer) is None:
        return _not_yet(f"give a whole number, not {type(answer).__name__}.")
    kernel_size, pool_size = 5, 3
    smallest = kernel_size + pool_size - 1
    if answer == smallest:
        return _correct("the convolution leaves exactly pool_size steps, pooled into one.")
    if answer > smallest:
        return _not_yet(
            "that length works, but a shorter one does too: what is the *smallest*? "
            "Pooling needs only pool_size steps to produce one."
        )
    return _not_yet(
        "that is too short. Count what Conv1D leaves (n_steps - kernel_size + 1 steps), "
        "then check that MaxPooling1D still has at least pool_size steps to pool."
    )


def check_03_fold_apply(fold_apply: Callable[[Any, Any], Any]) -> bool:
    """Notebook 03, exercise 4: apply a layer to every subsequence without TimeDistributed.

    ``fold_apply(layer, X4)`` takes a Keras layer that expects ``(batch, n_steps, n_features)``
    and nested windows ``X4`` of shape ``(batch, n_seq, n_steps, n_features)``, and must
    return what ``keras.layers.TimeDistributed(layer)(X4)`` returns, by folding ``n_seq``
    into the batch axis, calling ``layer`` once, and unfolding.
    """
    if not callable(fold_apply):
        return _not_yet("pass your function itself: check_03_fold_apply(fold_apply).")
    import keras

    rng = np.random.default_rng(3)
    X4 = rng.normal(size=(3, 5, 8, 2)).astype("float32")
    layer = keras.layers.Conv1D(4, 3, activation="relu")
    layer.build((None, 8, 2))
    kernel = rng.normal(size=(3, 2, 4)).astype("float32")
    layer.set_weights([kernel, rng.normal(size=4).astype("float32")])
    expected = keras.ops.convert_to_numpy(keras.layers.TimeDistributed(layer)(X4))
    original = X4.copy()
    try:
        result = fold_apply(layer, X4)
    except Exception as exc:
        return _not_yet(f"your function raised {type(exc).__name__}: {exc}")
    if result is None:
        return _not_yet("your function returned None; return the unfolded output.")
    result = keras.ops.convert_to_numpy(result)
    if not np.array_equal(X4, original):
        return _not_yet("your function changed its input X4 in place; work on a new array.")
    if result.shape != expected.shape:
        return _not_yet(
            f"for X4 of shape {X4.shape} the output should be 4-D, (batch, n_seq, ...); got "
            f"{result.shape}. Fold with reshape(batch * n_seq, n_steps, n_features), call the "
            "layer, then reshape its output back to (batch, n_seq, ...)."
        )
    if not np.allclose(result, expected, atol=1e-5):
        return _not_yet(
            "the shape is right but the values are not: did a transpose or swapaxes mix "
            "subsequences of different samples? A plain reshape keeps each sample's "
            "subsequences together, in order."
        )
    return _correct("folding into the batch gives exactly what TimeDistributed gives.")


# --- notebook 04 ---

PITFALL_SYMPTOMS_04 = {
    "A": (
        "model.predict(X) with X of shape (256, 32, 1) fails inside TimeDistributed with "
        "'Negative dimension size caused by subtracting 3 from 1', and the arguments show "
        "inputs=tf.Tensor(shape=(32, 32, 1, 1))."
    ),
    "B": (
        "Building the model fails: 'Input 0 with name 'None' of layer 'lstm' is incompatible "
        "with the layer: expected ndim=3, found ndim=2. Full shape received: (None, 192)'."
    ),
    "C": (
        "Training runs without an error and the loss goes down, but "
        "windows.check_time_order(X, X4) raises, and one nested window, read back in order, "
        "jumps about where the original window is smooth."
    ),
    "D": (
        "A plain LSTM with fewer parameters reaches the same validation MAE as the CNN-LSTM, "
        "or a better one."
    ),
    "E": (
        "A hand-made detector finds a spike pair at steps 2 and 4 of a 4 x 8 window but "
        "misses the same pair at steps 7 and 9."
    ),
}
"""Five symptoms for exercise 3 of notebook 04: which pitfall (1-5) causes each?"""

_SYMPTOM_HINTS_04 = {
    "A": "look at the shape in the arguments: how many axes did the array have before "
    "Keras added one, and how many does the model expect?",
    "B": "ndim=2 means the LSTM received (batch, features) with no time axis: which pitfall "
    "is about a layer that removes the outer time axis?",
    "C": "no error at all, the right shape, the wrong order: which pitfall is about a reshape "
    "that changes what the sequence means?",
    "D": "nothing is broken here; which pitfall is about using the architecture where it is "
    "not needed?",
    "E": "step 7 and step 9 lie in different subsequences (n_steps = 8): which pitfall is about "
    "what the wrapped layer can see?",
}

_ANSWERS_04 = {"A": 1, "B": 5, "C": 3, "D": 4, "E": 2}


def check_04_nesting(X4: Any, X: Any, n_seq: int = 4) -> bool:
    """Exercise 1 of notebook 04: nest the plain windows ``X`` for a model with ``n_seq``.

    Right when ``X4`` has shape ``(samples, n_seq, window // n_seq, n_features)`` and keeps
    the time order of ``X`` (step ``j * n_steps + k`` of each window at ``[j, k]``).
    """
    if _is_placeholder(X4):
        return _not_yet("replace ... with your nested array.")
    X = np.asarray(X)
    if not isinstance(X4, np.ndarray):
        return _verdict(False, "", f"pass a NumPy array, not a {type(X4).__name__}.")
    if X.ndim != 3:
        return _verdict(False, "", f"X should be the plain windows (3-D); got shape {X.shape}.")
    samples, window, n_features = X.shape
    want = (samples, n_seq, window // n_seq, n_features)
    if X4.shape != want:
        return _verdict(
            False,
            "",
            f"X4 has shape {X4.shape}; the model needs (samples, n_seq, n_steps, n_features) "
            f"with n_seq={n_seq} and as many samples and features as X has.",
        )
    right = X.reshape(want)
    if not np.array_equal(X4, right):
        return _verdict(
            False,
            "",
            "the shape is right but the time steps are out of order: a transpose, swapaxes or "
            "order='F' moves them. Read X4[0, 0, :, 0] and X4[0, 1, :, 0]: do they continue "
            "each other?",
        )
    return _verdict(
        True,
        f"shape {X4.shape}, and every subsequence holds consecutive steps in order.",
        "",
    )


def check_04_fixed_model(model: Any) -> bool:
    """Exercise 2 of notebook 04: repair the model that flattened away the outer time axis.

    Right when the model takes ``(4, 8, 1)``, outputs one value per sample, and its LSTM
    receives a 3-D sequence ``(batch, 4, features)``: one feature vector per subsequence.
    """
    if _is_placeholder(model):
        return _not_yet("replace ... with your repaired model.")
    try:
        inputs = tuple(model.inputs[0].shape)
        outputs = tuple(model.outputs[0].shape)
        lstms = [layer for layer in model.layers if type(layer).__name__ == "LSTM"]
    except (AttributeError, ValueError, IndexError):
        return _verdict(
            False, "", "pass a built Keras model that starts with keras.Input(shape=(4, 8, 1))."
        )
    if inputs != (None, 4, 8, 1):
        return _verdict(
            False, "", f"the model should take (4, 8, 1) per sample; it takes {inputs[1:]}."
        )
    if len(lstms) != 1:
        return _verdict(False, "", f"keep exactly one LSTM layer; the model has {len(lstms)}.")
    seen = tuple(lstms[0].input.shape)
    if len(seen) != 3 or seen[1] != 4:
        return _verdict(
            False,
            "",
            f"the LSTM receives {seen}; it needs (batch, 4, features): one vector per "
            "subsequence. Which layer merges the 4 subsequences together, and how do you make "
            "it act on each subsequence separately?",
        )
    if outputs != (None, 1):
        return _verdict(False, "", f"the model should output (batch, 1); it outputs {outputs}.")
    return _verdict(
        True,
        f"the LSTM now reads a sequence of shape {seen[1:]}: 4 steps, one per subsequence.",
        "",
    )


def check_04_diagnosis(answers: Any) -> bool:
    """Exercise 3 of notebook 04: match each symptom in ``PITFALL_SYMPTOMS_04`` to its pitfall.

    ``answers`` maps each letter ``"A"`` … ``"E"`` to a pitfall number 1-5.
    """
    if isinstance(answers, dict) and any(_is_placeholder(v) for v in answers.values()):
        return _not_yet("replace ... with a pitfall number from 1 to 5, for every symptom.")
    if not isinstance(answers, dict) or sorted(answers) != sorted(_ANSWERS_04):
        return _verdict(
            False,
            "",
            f"answer with a dict with the keys {sorted(_ANSWERS_04)}, e.g. {{'A': 1, ...}}.",
        )
    wrong = [key for key in sorted(_ANSWERS_04) if answers[key] != _ANSWERS_04[key]]
    if wrong:
        first = wrong[0]
        return _verdict(
            False,
            "",
            f"{len(wrong)} of 5 not matched yet. Symptom {first}: {_SYMPTOM_HINTS_04[first]}",
        )
    return _verdict(True, "all five symptoms matched to their pitfall.", "")


def check_04_border_n_seq(
    n_seq: Any, window: int = 96, ramps: tuple = ((12, 20), (60, 68))
) -> bool:
    """Exercise 4 of notebook 04: pick ``n_seq`` so no subsequence border cuts a ramp.

    The window of ``window`` half-hours starts at midnight; each ramp ``(start, stop)`` is
    the run of steps ``start .. stop - 1``. Right when ``n_seq`` divides the window, no
    border (a multiple of ``n_steps``) falls strictly inside a ramp, ``n_steps`` is at
    least 4 (the reference Conv1D and pooling need 4 steps), and no larger ``n_seq`` would
    do the same (shorter subsequences give the LSTM more steps to read).
    """
    if _is_placeholder(n_seq):
        return _not_yet("replace ... with your n_seq, a whole number.")
    if isinstance(n_seq, bool) or not isinstance(n_seq, int | np.integer) or n_seq < 1:
        return _verdict(False, "", f"n_seq is a whole number >= 1; got {n_seq!r}.")

    def cut(n: int) -> int | None:
        step = window // n
        for start, stop in ramps:
            for border in range(step, window, step):
                if start < border < stop:
                    return border
        return None

    good = [n for n in range(1, window + 1) if window % n == 0 and window // n >= 4 and not cut(n)]
    if window % n_seq:
        return _verdict(False, "", f"n_seq={n_seq} does not divide the window of {window} steps.")
    if window // n_seq < 4:
        return _verdict(
            False, "", f"n_steps = {window // n_seq} is too short for Conv1D(3) then pooling(2)."
        )
    border = cut(n_seq)
    if border is not None:
        return _verdict(
            False,
            "",
            f"with n_seq={n_seq}, n_steps={window // n_seq} and a border falls at step {border}, "
            "inside a ramp: the CNN sees the two halves of it separately.",
        )
    if n_seq != max(good):
        return _verdict(
            False,
            "",
            f"n_seq={n_seq} keeps every ramp whole, but a larger n_seq does too: try shorter "
            "subsequences.",
        )
    return _verdict(
        True,
        f"n_seq={n_seq}, n_steps={window // n_seq}: every border falls between ramps.",
        "",
    )


# --- notebook 05 ---

SCENARIOS_05: dict[str, str] = {
    "a": "hourly solar power for a year, forecast tomorrow's 24 hours: each day is a bump "
    "whose height depends on the weather of recent days",
    "b": "the yearly number of hurricanes in one ocean since 1900",
    "c": "monthly sales of a shop over 6 years (72 values), forecast next month",
    "d": "one-second accelerometer readings, each gesture lasting about two seconds, classify "
    "a 10-second clip as a sequence of gestures",
}
"""Four series for exercise 2 of notebook 05: is a TimeDistributed CNN-LSTM worth trying?"""

_NESTED_05 = {"a": True, "b": False, "c": False, "d": True}
_WHY_05 = {
    "a": "each day has an inner shape (the bump) and days follow each other",
    "b": "a yearly count has no inner steps to read",
    "c": "72 monthly values are too few to train it, and a month has no inner steps here",
    "d": "each second-scale gesture has an inner shape, and the clip is a sequence of them",
}


def _sunspot_naive_mase() -> float:
    """MASE of the naive forecast on notebook 05's sunspot test windows (window 24)."""
    from tutorial_utils import evaluate

    values = data.load_series("sunspots").values
    train, _, test = windows.split_series(values, train=0.7, val=0.15)
    X_test, y_test = windows.make_windows(test, window=24, horizon=1)
    return evaluate.mase(y_test, evaluate.naive_forecast(X_test), train, season=11)


def check_05_naive_mase(answer: object) -> bool:
    """Exercise 1 of notebook 05: the naive forecast's MASE on the sunspot test windows.

    Example:
        >>> check_05_naive_mase(...)
        Not yet: replace ... with your answer, a number such as 0.87.
        False
    """
    if _is_placeholder(answer):
        return _not_yet("replace ... with your answer, a number such as 0.87.")
    value = _numeric_array(answer)
    if value is None or value.size != 1:
        return _not_yet(f"give one number (a float), not {_kind(answer)}.")
    got = float(value.reshape(()))
    expected = _sunspot_naive_mase()
    if abs(got - expected) <= 1e-3:
        return _correct(
            f"MASE {got:.3f}: on test years, repeating last year does about as well as copying "
            "the year 11 years back did on the training years."
        )
    hint = (
        "Hint: split the raw sunspots with windows.split_series(values, 0.7, 0.15), cut the "
        "test part with windows.make_windows(test, window=24, horizon=1), forecast with "
        "evaluate.naive_forecast, and scale with evaluate.mase(..., train_part, season=11)."
    )
    if got > 5 or got < 0:
        return _not_yet(f"{got:.3f} is far off for a MASE. " + hint)
    return _not_yet(f"{got:.3f} is not it. " + hint)


def check_05_when_to_nest(answers: object) -> bool:
    """Exercise 2 of notebook 05: for each scenario in ``SCENARIOS_05``, True if a
    TimeDistributed CNN-LSTM is worth trying (next to the baselines), else False.

    Example:
        >>> check_05_when_to_nest({"a": True})
        Not yet: answer every scenario: missing ['b', 'c', 'd'].
        False
    """
    if _is_placeholder(answers):
        return _not_yet("replace ... with a dict such as {'a': True, 'b': False, ...}.")
    if not isinstance(answers, dict):
        return _not_yet(
            f"give a dict {{'a': True, 'b': False, ...}}, one entry per scenario; got "
            f"{_kind(answers)}."
        )
    missing = sorted(set(SCENARIOS_05) - set(answers))
    if missing:
        return _not_yet(f"answer every scenario: missing {missing}.")
    extra = sorted(set(answers) - set(SCENARIOS_05))
    if extra:
        return _not_yet(f"{extra} are not scenarios; use the keys {sorted(SCENARIOS_05)}.")
    if not all(isinstance(v, bool | np.bool_) for v in answers.values()):
        return _not_yet("each answer should be True or False.")
    wrong = [k for k in sorted(SCENARIOS_05) if bool(answers[k]) != _NESTED_05[k]]
    if wrong:
        return _not_yet(
            f"look again at scenario {wrong[0]!r}. Hint: ask the checklist's questions: is "
            "there a repeated inner unit with its own shape, does the order of those units "
            "matter, and is there enough data to train a model at all?"
        )
    return _correct("; ".join(f"{k}: {_WHY_05[k]}" for k in sorted(SCENARIOS_05)) + ".")


# --- notebook 06 ---


def check_06_call_counts(td_calls: int, fold_calls: int) -> bool:
    """Exercise 06.1: how often the wrapped layer's ``call`` runs for an input with n_seq=12.

    Example:
        >>> check_06_call_counts(1, 1)  # doctest: +SKIP
        Not yet: ...
    """
    n_seq = 12
    if _is_placeholder(td_calls) or _is_placeholder(fold_calls):
        return _not_yet("replace each ... with a whole number of calls.")
    for name, value in (("td_calls", td_calls), ("fold_calls", fold_calls)):
        if isinstance(value, bool) or not isinstance(value, int):
            return _not_yet(
                f"{name} should be a whole number of calls, got {type(value).__name__}."
            )
    if td_calls != n_seq:
        return _not_yet(
            f"td_calls={td_calls} is not what TimeDistributed does when the length of the "
            "outer axis is known. Hint: look again at the loop in its call method, and "
            "count only runs of `call`, not the layer being built.",
        )
    if fold_calls != 1:
        return _not_yet(
            f"fold_calls={fold_calls}: td_calls is right, but the fold layer reshapes "
            "before calling. Hint: how many tensors does it pass to the wrapped layer?",
        )
    return _correct(
        "TimeDistributed calls the layer once per outer step, so its graph grows with n_seq; "
        "the fold layer calls it once whatever n_seq is.",
    )


LAYERS_06 = (
    "Conv1D",
    "MaxPooling1D",
    "Flatten",
    "Dense",
    "LSTM",
    "LayerNormalization",
    "BatchNormalization",
)
"""The layers exercise 06.2 asks about."""

_ROW_WISE_06 = {
    "Conv1D": "slides its kernel inside each row",
    "MaxPooling1D": "pools inside each row",
    "Flatten": "reshapes each row on its own",
    "Dense": "multiplies each row by the same weights",
    "LSTM": "runs its recurrence inside each row",
    "LayerNormalization": "computes its mean and variance inside each row",
}


def check_06_layers_that_differ(names: Iterable[str]) -> bool:
    """Exercise 06.2: which of :data:`LAYERS_06` give different outputs when folded, in training?

    Example:
        >>> check_06_layers_that_differ(["Dense"])  # doctest: +SKIP
        Not yet: ...
    """
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, Iterable):
        return _not_yet(
            f'give a list of layer names, e.g. ["Conv1D"], not {_kind(names)}; the names to '
            f"choose from are {list(LAYERS_06)}."
        )
    names = list(names)
    chosen = {str(n).strip() for n in names if not _is_placeholder(n)}
    if any(_is_placeholder(n) for n in names) and not chosen:
        return _not_yet("replace the ... with the names of the layers, as strings.")
    unknown = sorted(chosen - set(LAYERS_06))
    if unknown:
        return _not_yet(f"{unknown} are not among the layers asked about: {list(LAYERS_06)}.")
    wrong = sorted(chosen & set(_ROW_WISE_06))
    if wrong:
        name = wrong[0]
        return _not_yet(
            f"{name} {_ROW_WISE_06[name]}, so it sees exactly the same numbers whether the "
            "slices come one by one or folded into the batch.",
        )
    if not chosen:
        return _not_yet(
            "Folding changes how many rows a layer sees in one call: batch * n_seq instead "
            "of batch. Hint: is there a layer whose training output depends on the other "
            "rows of its batch?",
        )
    return _correct(
        "While training, it normalises with statistics of the whole batch it is given: "
        "batch rows per step under TimeDistributed, batch * n_seq rows when folded. In "
        "inference it uses its moving averages and both agree.",
    )
