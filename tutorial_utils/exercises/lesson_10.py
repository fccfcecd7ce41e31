"""Checks for the exercises of notebook 10, your own series (see ``_common.exercise``).

The task of the notebook (``CASE_10``): the next three months of Niño 1+2 sea-surface
temperature from the last four years, split at whole years.

Example:
    >>> check_10_calendar_windows(...)
    Not yet: replace ... with a count, a whole number.
    False
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from tutorial_utils import cases, data, evaluate
from tutorial_utils.exercises._common import Verdict, correct, exercise, not_yet, same

CASE_10 = {"window": 48, "horizon": 3, "season": 12, "align": 12, "reach_back": True}
"""The arguments of ``cases.make_case`` in notebook 10 (besides the name and the series)."""


@lru_cache(maxsize=1)
def _table() -> np.ndarray:
    """The shipped wide table: one row per year, one column per month."""
    return data.load_series("elnino_sst").values


@exercise("replace {} with the series, one value per month.", arrays=("series",))
def check_10_wide_to_long(series: np.ndarray) -> Verdict:
    """Exercise 10.1: the wide table (61 years x 12 months) as one series in time order.

    Answer: shape ``(732,)``, January 1950 first, December 2010 last.
    """
    table = _table()
    right = table.reshape(-1)
    if series.shape == table.shape:
        return not_yet("that is still the table, one row per year; make it one column of values.")
    if series.shape != right.shape:
        if series.size == table.size + len(table):
            return not_yet("the year column is not a value: leave it out, keep the 12 months.")
        return not_yet(
            f"expected one value per month, {right.size} of them in one column; got shape "
            f"{series.shape}."
        )
    if same(series, right):
        return correct(
            "reading the rows one after another (row-major, NumPy's default) puts December of "
            "one year right before January of the next."
        )
    if same(series, table.T.reshape(-1)):
        return not_yet(
            "this lists every January first, then every February: the columns were read one "
            "after another. Read the rows (years) in order instead."
        )
    if same(np.sort(series), np.sort(right)):
        return not_yet("the values are all there, in another order; read the table row by row.")
    return not_yet("take the 12 month columns of every row, year after year (values.reshape).")


@lru_cache(maxsize=1)
def _relative_least_squares_mase() -> float:
    """Least squares' test MASE on notebook 10's task with changes from the last value."""
    case = cases.make_case("sst", _table().reshape(-1), relative_to_last=True, **CASE_10)
    forecast = evaluate.least_squares_forecast(case.X_train, case.y_train, case.X_test)
    return evaluate.mase(
        case.to_units(case.y_test, "test"),
        case.to_units(forecast, "test"),
        case.train_series,
        case.season,
    )


@lru_cache(maxsize=1)
def _levels_least_squares_mase() -> float:
    case = cases.make_case("sst", _table().reshape(-1), **CASE_10)
    forecast = evaluate.least_squares_forecast(case.X_train, case.y_train, case.X_test)
    return evaluate.mase(
        case.to_units(case.y_test, "test"),
        case.to_units(forecast, "test"),
        case.train_series,
        case.season,
    )


@exercise("replace {} with a number, the test MASE.")
def check_10_relative_least_squares(mase: float) -> Verdict:
    """Exercise 10.2: least squares' test MASE when the case forecasts changes from the last
    value (``relative_to_last=True``), everything else as in the notebook.

    Answer: one number, as ``compare_models`` reports it (3 decimals are enough).
    """
    if isinstance(mase, bool) or not isinstance(mase, int | float | np.number):
        return not_yet("give one number, the MASE of the least_squares row.")
    value = float(mase)
    right = _relative_least_squares_mase()
    levels = _levels_least_squares_mase()
    if abs(value - right) < 5e-4:
        return correct(
            f"about {right:.3f}, against {levels:.3f} on levels: almost no change. The test "
            "values lie inside the training range, so there is no trend for the change to fix."
        )
    if abs(value - levels) < 5e-4:
        return not_yet(
            "that is the score on levels, the notebook's case; make the case again with "
            "relative_to_last=True."
        )
    if value > 1:
        return not_yet(
            "least squares beats seasonal naive here (MASE below 1); read the least_squares "
            "row, not naive's, and check the case's other arguments are the notebook's."
        )
    return not_yet(
        "make the case with cases.make_case('sst', sst, relative_to_last=True, "
        "**exercises.CASE_10) and read the least_squares row of compare_models(case, {}, ...)."
    )


@lru_cache(maxsize=1)
def _calendar_windows() -> int:
    case = cases.make_case("sst", _table().reshape(-1), stride=12, **CASE_10)
    return len(case.X_train)


@exercise("replace {} with a count, a whole number.", whole=("count",))
def check_10_calendar_windows(count: int) -> Verdict:
    """Exercise 10.3: how many training windows there are when every window starts in
    January (``stride=12``), so that each subsequence of 12 months is a calendar year.

    Answer: a whole number.
    """
    right = _calendar_windows()
    sliding = len(cases.make_case("sst", _table().reshape(-1), **CASE_10).X_train)
    if count == right:
        return correct(
            f"{right} windows instead of {sliding}: calendar years cost twelve times the "
            "samples, too few to train the networks of this notebook."
        )
    if count == sliding:
        return not_yet("that is the sliding case (stride 1); pass stride=12 to make_case.")
    if count in (right - 1, right + 1):
        return not_yet(
            "close: count the windows of case.X_train rather than working it out by hand."
        )
    return not_yet(
        "make the case again with stride=12 (the other arguments as in the notebook) and "
        "count its training windows: len(case.X_train)."
    )
