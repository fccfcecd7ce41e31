"""Checks for the exercises of notebook 00 (see ``_common.exercise`` for what all share).

Example:
    >>> check_00_half_hours_per_week(...)
    Not yet: replace ... with your answer, a whole number.
    False
"""

from __future__ import annotations

import numpy as np

from tutorial_utils import data
from tutorial_utils.exercises._common import Verdict, correct, exercise, kind, not_yet


@exercise("replace {} with your answer, a whole number.", whole=("answer",))
def check_00_half_hours_per_week(answer: int) -> Verdict:
    """Exercise 00.1: how many time steps of the demand series make one week.

    Answer: a whole number.
    """
    count = answer
    demand = data.load_series("electricity_demand")
    per_day = int(np.timedelta64(1, "D") // demand.step)
    per_week = 7 * per_day
    if count == per_week:
        return correct(
            f"a week is 7 days of {per_day} half-hours, {per_week} steps: the window length "
            "notebook 01 uses, and the 7 x 48 nesting of notebook 02."
        )
    if count == per_day:
        return not_yet("that is one day of half-hours; a week has more days.")
    if count == 7:
        return not_yet("that counts days; count the series' steps (series.step) in them.")
    if count == 7 * 24:
        return not_yet("that counts hours. Look at the step the data map printed for this series.")
    if count == len(demand):
        return not_yet("that is the length of the whole series, several weeks.")
    return not_yet(
        "count the steps in one day first (24 hours at the series' step, series.step), "
        "then in seven days."
    )


_DAILY_CYCLE_00 = {
    "electricity_demand": "demand rises every morning and falls every night: plot one week.",
    "weather_greensboro": "the sun rises and sets every day, and irradiance with it.",
}


@exercise("replace {} with a dataset name, as text, e.g. 'weather_greensboro'.")
def check_00_no_daily_cycle(answer: str) -> Verdict:
    """Exercise 00.2: the name of the dataset that has no cycle within a day.

    Answer: one name from ``data.list_datasets()``, as text.
    """
    names = data.list_datasets()
    if not isinstance(answer, str):
        return not_yet(f"give one dataset name as text, not {kind(answer)}.")
    name = answer.strip().lower()
    if name not in names:
        return not_yet(f"{answer!r} is not a dataset name; data.list_datasets() gives {names}.")
    if name in _DAILY_CYCLE_00:
        return not_yet(f"{name} has one: {_DAILY_CYCLE_00[name]}")
    step = data.load_series(name).step
    unit = np.datetime_data(step.dtype)[0]
    count = int(step.astype(np.int64))  # 7 for a step of 7 days (the dtype says only "days")
    if unit not in ("Y", "M", "W", "D"):  # a new sub-daily dataset the hints do not know yet
        return not_yet(f"{name} has several values a day; look at the step in the data map.")
    unit_name = {"Y": "year", "M": "month", "W": "week", "D": "day"}[unit]
    # "a row", not "a value": a wide table (elnino_sst) holds a year of months in each row.
    often = f"one row a {unit_name}" if count == 1 else f"one row every {count} {unit_name}s"
    return correct(
        f"{name} has {often}: one step spans a day or more, so there is no cycle "
        "within a day for a model to find, and no days of hours to nest."
    )
